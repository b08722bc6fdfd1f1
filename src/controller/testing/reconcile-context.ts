/**
 * The reconcile context every reconciler unit test passes: a silent logger and a signal that never
 * aborts. Test-only.
 */
import { createSilentLogger } from '../../observability/logger.js';
import type { ReconcileContext } from '../reconciler.js';

/** A reconcile context with a silent logger, named `reconcileId`. */
export function testContext(reconcileId = 'test'): ReconcileContext {
  return { log: createSilentLogger(), reconcileId, signal: new AbortController().signal };
}
