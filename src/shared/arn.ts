/**
 * Reading ECS ARNs, in one place. ECS accepts a cluster or service by name or by ARN, so code that
 * compares or keys on them reduces both forms to the name first. The formats are ECS's ("Amazon
 * Resource Names (ARNs)" in the Amazon ECS Developer Guide): `arn:<partition>:ecs:<region>:<account>:`
 * followed by `cluster/<cluster>`, `service/<cluster>/<service>` (the old format, without the
 * cluster, is `service/<service>`) or `task-definition/<family>:<revision>`.
 */

/**
 * The name at the end of an ARN (its last `/`-separated segment): a cluster's or service's name.
 * Anything that does not start with `arn:` is taken to be a name already and returned as it is.
 */
export function nameOfArn(nameOrArn: string): string {
  return nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
}

/**
 * The cluster and service name of an ECS service ARN (`arn:…:service/<cluster>/<name>`); undefined
 * for any other ARN (a task definition, a cluster, an old-format service ARN without a cluster).
 */
export function serviceOfArn(arn: string): { cluster: string; service: string } | undefined {
  const match = /^arn:[^:]+:ecs:[^:]*:[^:]*:service\/([^/]+)\/([^/]+)$/.exec(arn);
  return match === null ? undefined : { cluster: match[1] ?? '', service: match[2] ?? '' };
}

/** `family` and `revision` of a task definition ARN (`…:task-definition/<family>:<revision>`). */
export function parseTaskDefinitionArn(arn: string): { family: string; revision: number } | undefined {
  const match = /:task-definition\/([A-Za-z0-9_-]+):(\d+)$/.exec(arn);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { family: match[1], revision: Number(match[2]) };
}

/** `family:revision` of a task definition ARN; anything else is returned as it is. */
export function taskDefinitionNameOfArn(arn: string): string {
  const parsed = parseTaskDefinitionArn(arn);
  return parsed === undefined ? arn : `${parsed.family}:${parsed.revision}`;
}
