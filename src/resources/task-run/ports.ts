/**
 * What the EcsTaskRun reconciler needs from the rest of the operator, as small ports the
 * composition root wires: Kubernetes writes (status, finalizers, deletion after the TTL), Events,
 * the AWS task calls per Region, and lookups of the EcsCluster and EcsTaskDefinition a template
 * references (from the informer caches). Only types are imported.
 */
import type { EcsTaskApi } from '../../aws/ecs-task-api.js';
import type { ObjectWriter } from '../../k8s/object-writer.js';
import type { KindWriter } from '../recording-writer.js';
import type { EcsTaskRun } from './types.js';

/** The writes the reconciler makes to its own object (the annotation: its verdict, ADR 0031). */
export type TaskRunWriter = KindWriter<EcsTaskRun> & Pick<ObjectWriter<EcsTaskRun>, 'setAnnotation'>;

/** Deletes the object (after `ttlSecondsAfterFinished`), preconditioned on its uid. */
export type TaskRunDeleter = (obj: EcsTaskRun, signal: AbortSignal) => Promise<void>;

/** Events on the object: the k8s edge's recorder. */
export type { EventRecorder } from '../../k8s/event-recorder.js';

/** The ECS task calls of a Region (`undefined`: the default Region), in the account of the namespace (ADR 0030). */
export type TaskApiForRegion = (region: string | undefined, namespace?: string) => EcsTaskApi;

/** An EcsCluster as a run sees it, the EcsTaskDefinition revision it runs, and their lookups: the template's. */
export type {
  TemplateCluster as RunCluster,
  TemplateLookups,
  TemplateTaskDefinition as RunTaskDefinition,
} from '../task-template/template-placement.js';
