/** The plan entry of an object that could not be planned: what went wrong, and the fix when known. */
import { explainAwsError, type AwsErrorContext } from '../cli-errors.js';
import type { OurManifest } from '../manifests.js';
import type { PlanEntry } from './plan-model.js';

/** An `error` entry for `m` at `target`, its summary the message and, when known, the fix. */
export function errorEntry(
  m: OurManifest,
  region: string,
  target: string,
  e: { readonly message: string; readonly fix?: string | undefined },
): PlanEntry {
  return {
    kind: m.kind,
    namespace: m.obj.metadata.namespace ?? 'default',
    name: m.obj.metadata.name,
    source: m.source,
    region,
    target,
    verdict: 'error',
    summary: e.fix === undefined ? e.message : `${e.message}; fix: ${e.fix}`,
    operations: [],
    notes: [],
  };
}

/** An `error` entry for `m` at `target`: the AWS error `err`, met in `context.region`, explained. */
export function awsErrorEntry(
  m: OurManifest,
  target: string,
  err: unknown,
  context: AwsErrorContext & { readonly region: string },
): PlanEntry {
  return errorEntry(m, context.region, target, explainAwsError(err, context));
}
