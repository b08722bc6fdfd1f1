/**
 * The management policy of an object (ADR 0018): `Manage` converges AWS to the spec; `Observe`
 * reads and plans as usual, writes nothing to AWS, and reports how AWS differs from the spec. The
 * object's `spec.managementPolicy` wins over the installation's default
 * (`--default-management-policy`). Pure.
 */

/** Every management policy, in the order docs list them. */
export const MANAGEMENT_POLICIES = ['Manage', 'Observe'] as const;

/** One of {@link MANAGEMENT_POLICIES}. */
export type ManagementPolicy = (typeof MANAGEMENT_POLICIES)[number];

/** True for a string that names a management policy (exactly as the CRD enum spells it). */
export function isManagementPolicy(value: unknown): value is ManagementPolicy {
  return typeof value === 'string' && (MANAGEMENT_POLICIES as readonly string[]).includes(value);
}

/** The policy that applies to an object: its own, else the installation's default. */
export function managementPolicyOf(
  spec: { readonly managementPolicy?: ManagementPolicy | undefined },
  installDefault: ManagementPolicy,
): ManagementPolicy {
  return spec.managementPolicy ?? installDefault;
}
