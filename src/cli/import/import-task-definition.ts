/**
 * An EcsTaskDefinition manifest from a registered revision, pure: the revision's canonical form
 * (the task definition kind's own canonicaliser) as the spec, so the spec hashes exactly like the
 * revision, with `adopt: true`: the operator takes the running revision over as it is, registering
 * and tagging nothing (ADR 0007; docs/cli.md, "The import contract").
 */
import type { Tag, TaskDefinition } from '@aws-sdk/client-ecs';
import { decision, unexpressed, type ImportNote } from './import-notes.js';
import { importedObject } from './imported-object.js';
import { objectName } from './import-service.js';
import { ADOPT_REVISION_ANNOTATION } from '../../resources/api-group.js';
import { canonicalFromAws } from '../../resources/task-definition/canonical.js';
import { userTags } from '../../resources/task-definition/revision.js';
import { validateSpec } from '../../resources/task-definition/validate.js';
import {
  TASK_DEFINITION_KIND,
  type EcsTaskDefinition,
  type EcsTaskDefinitionSpec,
} from '../../resources/task-definition/types.js';

/** An imported task definition: the object to write and the notes to show. */
export interface ImportedTaskDefinition {
  readonly manifest: EcsTaskDefinition;
  readonly notes: readonly ImportNote[];
}

/** Builds the EcsTaskDefinition manifest for one revision. Pure. */
export function importTaskDefinition(input: {
  readonly taskDefinition: TaskDefinition;
  readonly tags: readonly Tag[];
  readonly region: string;
  readonly namespace: string;
}): ImportedTaskDefinition {
  const td = input.taskDefinition;
  const family = td.family ?? 'imported';
  const { family: _family, ...document } = canonicalFromAws(td).document;
  const tags = userTags(input.tags).map((t) => ({ key: t.key ?? '', value: t.value ?? '' }));
  const spec = {
    family,
    region: input.region,
    deletionPolicy: 'Retain',
    adopt: true,
    ...document,
    ...(tags.length === 0 ? {} : { tags }),
  } as unknown as EcsTaskDefinitionSpec;
  // A revision AWS accepted may still break a rule the operator checks before registering.
  const problems = validateSpec(spec).map((p) =>
    unexpressed(
      p.path,
      `${p.message}; the operator would refuse this object (Stalled, InvalidSpec) until it is fixed`,
    ),
  );
  return {
    manifest: importedObject(
      TASK_DEFINITION_KIND,
      {
        name: objectName(family),
        namespace: input.namespace,
        // Twins (the same content registered again, e.g. per environment) are told apart by number.
        ...(td.revision === undefined
          ? {}
          : { annotations: { [ADOPT_REVISION_ANNOTATION]: String(td.revision) } }),
      },
      spec,
    ),
    notes: [
      ...problems,
      decision(
        'revision',
        `the content of ${family}:${td.revision ?? '?'} in canonical form, with adopt: true: the operator adopts that revision as it is (no registration, no tags); a later spec change registers a revision of its own`,
      ),
      decision('deletionPolicy', 'Retain: deleting the object leaves its revisions registered'),
    ],
  };
}
