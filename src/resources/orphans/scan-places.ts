/**
 * Where the orphan scan looks (ADR 0012, ADR 0030): every Region in use, in the operator's own
 * account and in the account of every role an EcsAccessPolicy names, since objects of a namespace
 * with a role own resources in that role's account. Pure; the composition root turns each place
 * into the clients of that role and Region.
 */
import type { RoleToAssume } from '../../aws/assumed-role-credentials.js';

/** One (identity, Region) the scan reads. `label` names it in the scan's messages and keys. */
export interface ScanPlace {
  readonly label: string;
  readonly region: string;
  /** Undefined: the operator's own identity. */
  readonly role?: RoleToAssume;
}

/**
 * The places to scan: each Region with the own identity (labelled by the Region alone, as before),
 * and each Region with each distinct role (by ARN and external id), labelled `<region> as <role ARN>`.
 */
export function orphanScanPlaces(regions: readonly string[], roles: readonly RoleToAssume[]): ScanPlace[] {
  const distinct = new Map<string, RoleToAssume>();
  for (const role of roles) {
    const key = JSON.stringify([role.roleArn, role.externalId ?? '']);
    if (!distinct.has(key)) distinct.set(key, role);
  }
  const places: ScanPlace[] = [];
  for (const region of [...new Set(regions)].sort()) {
    places.push({ label: region, region });
    for (const role of distinct.values())
      places.push({ label: `${region} as ${role.roleArn}`, region, role });
  }
  return places;
}
