/**
 * What `ecs-bridge import` tells the user about one imported object, field by field: what it could
 * not express in the manifest (AWS keeps it as it is and ecs-bridge does not manage it), and the
 * choices it made so that applying the manifest writes nothing to AWS.
 */

/** One remark about one field. */
export interface ImportNote {
  /** The AWS field or spec path it concerns, e.g. `deploymentConfiguration.bakeTimeInMinutes`. */
  readonly field: string;
  /**
   * `unexpressed`: the manifest cannot say it; left as it is in AWS and not managed.
   * `decision`: expressed in a particular way on purpose (for zero writes, or for safety).
   */
  readonly kind: 'unexpressed' | 'decision';
  readonly message: string;
}

/** A note that the manifest cannot express a field. */
export function unexpressed(field: string, message: string): ImportNote {
  return { field, kind: 'unexpressed', message };
}

/** A note about a choice the import made. */
export function decision(field: string, message: string): ImportNote {
  return { field, kind: 'decision', message };
}
