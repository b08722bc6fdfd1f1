/**
 * Policy names: the prefix that marks a policy as ecs-bridge's own, and the names users give to
 * policies ecs-bridge did not create (ADR 0041).
 */
import type { TargetTrackingSpec } from '../service/types.js';
import type { DesiredPolicy } from './desired.js';

/**
 * Every policy ecs-bridge creates starts with this prefix. It is how "ours" is decided: Application
 * Auto Scaling policies carry no tags of their own, and moto's ListTagsForResource fails with HTTP
 * 500, so a name is the only mark that works everywhere.
 */
export const POLICY_NAME_PREFIX = 'ecs-bridge-';

/** True for a policy name ecs-bridge created (and so may change or delete). */
export function isOurPolicyName(policyName: string): boolean {
  return policyName.startsWith(POLICY_NAME_PREFIX);
}

/** Application Auto Scaling's PolicyName: 1 to 256 printable characters. */
const MAX_POLICY_NAME_LENGTH = 256;

/**
 * The `policyName` and `adopt` of one entry (ADR 0041), or a message naming the field: a given name
 * must be one ecs-bridge did not choose, and `adopt` only means something with a name.
 */
export function validateGivenName(
  path: string,
  p: Pick<TargetTrackingSpec, 'policyName' | 'adopt'>,
): string | undefined {
  const name = p.policyName;
  if (name === undefined) {
    return p.adopt === true
      ? `${path}.adopt is true but ${path}.policyName is not set: adopt names the existing policy to take over; set policyName or remove adopt`
      : undefined;
  }
  if (name.length === 0 || name.length > MAX_POLICY_NAME_LENGTH || !/^[\x20-\x7e]+$/.test(name))
    return `${path}.policyName "${name}" must be 1 to ${MAX_POLICY_NAME_LENGTH} printable characters, as Application Auto Scaling names policies`;
  if (isOurPolicyName(name))
    return `${path}.policyName "${name}" starts with ${POLICY_NAME_PREFIX}, the names ecs-bridge derives itself: leave policyName out for ecs-bridge's own policy, or name a policy ecs-bridge did not create`;
  return undefined;
}

/** The given name and adopt flag of an entry, as the desired policy carries them. */
export function givenNameOf(
  p: Pick<TargetTrackingSpec, 'policyName' | 'adopt'>,
): Pick<DesiredPolicy, 'policyName' | 'adopt'> | undefined {
  return p.policyName === undefined ? undefined : { policyName: p.policyName, adopt: p.adopt === true };
}
