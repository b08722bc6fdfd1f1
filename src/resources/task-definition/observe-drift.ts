/**
 * The drift an observed EcsTaskDefinition reports (ADR 0018), with the one read it may need: when
 * the spec's content is on no revision, the document of the newest ACTIVE revision, so the drift
 * names each field that differs (`containerDefinitions[web].image`, `cpu`) instead of only "another
 * revision". That read goes through {@link RevisionDocuments}: one DescribeTaskDefinition per
 * revision per process, none on later resyncs. No AWS write, ever.
 */
import type { EcsApi } from '../../aws/ecs-api.js';
import type { FieldChange } from '../field-diff.js';
import type { TaskDefinitionAction } from './actions.js';
import type { DesiredTaskDefinition } from './desired.js';
import { newestActive, taskDefinitionDriftChanges } from './drift.js';
import type { ObservedTaskDefinition } from './observe.js';
import type { RevisionDocuments } from './revision-documents.js';

/** What {@link observedTaskDefinitionDrift} needs. */
export interface ObservedDriftInput {
  readonly ecs: EcsApi;
  readonly documents: RevisionDocuments;
  /** The planner's actions for the observed object (none of them is applied). */
  readonly actions: readonly TaskDefinitionAction[];
  readonly desired: Pick<DesiredTaskDefinition, 'family' | 'specHash' | 'canonical'>;
  readonly observed: ObservedTaskDefinition;
  readonly signal?: AbortSignal;
}

/** The field changes to report; reads the newest revision's document only when a registration is planned. */
export async function observedTaskDefinitionDrift(input: ObservedDriftInput): Promise<FieldChange[]> {
  const { actions, desired, observed } = input;
  const newest = actions.some((a) => a.type === 'register') ? newestActive(observed) : undefined;
  const document =
    newest === undefined
      ? undefined
      : await input.documents.documentOf(
          input.ecs,
          newest.arn,
          input.signal === undefined ? {} : { signal: input.signal },
        );
  return taskDefinitionDriftChanges(actions, desired, observed, document);
}
