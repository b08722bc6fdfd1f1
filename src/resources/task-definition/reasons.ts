/**
 * Every condition and Event reason the EcsTaskDefinition controller uses, in one place. PascalCase
 * and stable: users, alerts and GitOps health checks match on them. The AWS error reasons are the
 * ones its failure table (failure-table.ts) maps AWS errors to.
 */
export const TaskDefinitionReason = {
  /** Event: a new revision was registered. */
  Registered: 'Registered',
  /** Ready=True: the current revision carries the desired spec. */
  UpToDate: 'UpToDate',
  /** First visit, before anything is known. */
  Progressing: 'Progressing',
  /** The spec fails a check the API server cannot make. Terminal until the spec changes. */
  InvalidSpec: 'InvalidSpec',
  /** AWS rejected a request as invalid (InvalidParameterException, ClientException). Terminal. */
  InvalidParameter: 'InvalidParameter',
  /** The operator's credentials may not make a call. Terminal. */
  AccessDenied: 'AccessDenied',
  /** An account quota is used up. Terminal. */
  QuotaExceeded: 'QuotaExceeded',
  /** AWS throttled us; retrying. Shown only while a change is waiting. */
  Throttled: 'Throttled',
  /** AWS or the network failed transiently; retrying. */
  AwsUnavailable: 'AwsUnavailable',
  /** A concurrent change got in the way; retrying. */
  Conflict: 'Conflict',
  /** Something AWS should have was not found (a race with another writer); retrying. */
  NotFound: 'NotFound',
  /** Any other AWS error; retrying. */
  AwsError: 'AwsError',
  /** Event: old revisions were deregistered and deleted. */
  GarbageCollected: 'GarbageCollected',
  /** Event: a terminal failure. */
  Failed: 'Failed',
  /** The object is being deleted and its revisions cleaned up. */
  Deleting: 'Deleting',
  /** Event: the object's revisions were deregistered on deletion. */
  Deleted: 'Deleted',
  /** Event: the object was deleted with deletionPolicy Retain; its revisions are left. */
  Retained: 'Retained',
} as const;

/** One of {@link TaskDefinitionReason}'s values. */
export type TaskDefinitionReasonValue = (typeof TaskDefinitionReason)[keyof typeof TaskDefinitionReason];
