/**
 * The IAM roles an object hands to ECS itself rather than to its tasks: the infrastructure role of a
 * managed EBS volume or of VPC Lattice, a blue/green traffic shift's load balancer role, a lifecycle
 * hook's role, a Service Connect TLS role, and a service's `role`. The operator passes each one with
 * its own iam:PassRole (to ecs.amazonaws.com), so a namespace may name only the roles its policy's
 * `infrastructureRoleArns` allows: otherwise the operator's PassRole would be every tenant's.
 *
 * Found by walking the spec for members named `roleArn` (and the top-level `role`) wherever ECS's
 * shapes put them, so a role field ECS adds later is judged without a change here. Pure.
 */
import type { AccessAsk } from './rules.js';

/** Members that hold a role ECS is given, wherever they appear. */
const ROLE_MEMBER = 'roleArn';

function walk(value: unknown, path: string, out: AccessAsk[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, `${path}[${String(i)}]`, out));
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
    const at = `${path}.${key}`;
    if (key === ROLE_MEMBER && typeof member === 'string' && member !== '')
      out.push({ rule: 'infrastructureRoleArns', field: at, value: member });
    else walk(member, at, out);
  }
}

/**
 * The `infrastructureRoleArns` asks of a spec: every `roleArn` below it and a top-level `role`.
 * `skip` names top-level members judged by another rule (an EcsTaskTrigger's own `roleArn` is
 * EventBridge's, `triggerRoleArns`).
 */
export function infrastructureRoleAsks(spec: object, skip: readonly string[] = []): AccessAsk[] {
  const asks: AccessAsk[] = [];
  for (const [key, member] of Object.entries(spec as Record<string, unknown>)) {
    if (skip.includes(key)) continue;
    if (key === 'role' && typeof member === 'string' && member !== '') {
      asks.push({ rule: 'infrastructureRoleArns', field: 'spec.role', value: member });
      continue;
    }
    if (key === ROLE_MEMBER && typeof member === 'string' && member !== '') {
      asks.push({ rule: 'infrastructureRoleArns', field: `spec.${key}`, value: member });
      continue;
    }
    walk(member, `spec.${key}`, asks);
  }
  return asks;
}
