/**
 * The field changes between a revision's content and the spec's, both in canonical form (so AWS's
 * defaults and server-only fields never show as changes): `containerDefinitions[web].image`, `cpu`.
 * One function for the two places that show it, `ecs-bridge plan` and the drift an observed object
 * reports (ADR 0018), so they always agree. Pure.
 */
import type { TaskDefinition } from '@aws-sdk/client-ecs';
import { diffFields, type FieldChange } from '../field-diff.js';
import { canonicalFromAws, type JsonObject } from './canonical.js';
import type { DesiredTaskDefinition } from './desired.js';

/** A revision's canonical document, as the content diff compares it. */
export function revisionDocument(taskDefinition: TaskDefinition): JsonObject {
  return canonicalFromAws(taskDefinition).document;
}

/** How the spec's content differs from `before` (a canonical document; `{}` for none). */
export function contentChanges(
  before: JsonObject,
  desired: Pick<DesiredTaskDefinition, 'canonical'>,
): FieldChange[] {
  return diffFields(before, desired.canonical.document);
}
