/**
 * What the status of every kind carries, whatever else it reports: the generation it was written
 * for and its conditions. One declaration, so a kind's status type says only what is its own and
 * the readers of conditions (`kubectl wait`, kstatus, the CLI) see one shape across kinds.
 */
import type { Condition } from '../k8s/conditions.js';

/** The part of `status` every kind shares; a kind's status interface extends it. */
export interface KindStatus {
  /** The `metadata.generation` the operator last reconciled into this status. */
  readonly observedGeneration?: number;
  readonly conditions?: readonly Condition[];
}
