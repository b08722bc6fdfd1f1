/**
 * The other AWS accounts examples/ names: for every EcsAccessPolicy of the examples with a
 * `spec.roleArn` (examples/tenancy: two teams, two accounts), the role in its account, and in that
 * account the network the namespace's objects name (the placeholder subnets and security group,
 * with exactly those ids), in each Region those objects use. moto keeps one state per account and
 * derives the account of a call from its access key: keys from moto's STS AssumeRole act in the
 * role's account (moto/sts/models.py `assume_role`, moto/iam/models.py `get_account_id_from`), so
 * the fixtures reach each account as the operator does, through AssumeRole. Additive: the operator's
 * own account is set up by example-fixtures.ts as before.
 *
 * Only the namespaces a policy names (`spec.namespaces.names`) are looked at: a label selector
 * cannot be resolved from files alone.
 */
import { EC2Client, ModifyVpcAttributeCommand } from '@aws-sdk/client-ec2';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { createNetworkWith, type Network, type NetworkIds } from './network-fixture.js';

/** What a policy with a role needs of the examples: the role and its namespaces' Regions. */
export interface AccountNeed {
  readonly policy: string;
  readonly roleArn: string;
  readonly account: string;
  readonly regions: readonly string[];
}

/** What was created in one account. */
export interface AccountFixture extends AccountNeed {
  /** Per Region: the subnets and the security group (the placeholder ids). */
  readonly networks: ReadonlyMap<string, Network>;
}

interface ExampleLike {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly region: string;
  readonly body: Record<string, unknown>;
}

interface PolicySpec {
  roleArn?: string;
  namespaces?: { names?: string[] };
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

/**
 * The accounts the examples' policies send objects to, pure: one per policy with a role, with the
 * Regions of the objects of the namespaces it names (sorted), or none when it names no object.
 */
export function accountNeeds(examples: readonly ExampleLike[]): AccountNeed[] {
  return examples
    .filter((o) => o.kind === 'EcsAccessPolicy')
    .flatMap((o) => {
      const spec = (o.body['spec'] ?? {}) as PolicySpec;
      const match = spec.roleArn === undefined ? null : ROLE_ARN.exec(spec.roleArn);
      if (spec.roleArn === undefined || match === null) return [];
      const names = new Set(spec.namespaces?.names ?? []);
      const regions = [
        ...new Set(
          examples.filter((e) => e.kind !== 'EcsAccessPolicy' && names.has(e.namespace)).map((e) => e.region),
        ),
      ].sort();
      return [{ policy: o.name, roleArn: spec.roleArn, account: match[1] ?? '', regions }];
    });
}

/** Creates, in each account the examples' policies name, the role and the placeholder networks. */
export async function createAccountFixtures(
  examples: readonly ExampleLike[],
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  ids: NetworkIds,
): Promise<AccountFixture[]> {
  const out: AccountFixture[] = [];
  for (const need of accountNeeds(examples)) {
    const keys = await assumedKeys(endpoint, credentials, need.roleArn);
    await createTenantRole(endpoint, keys.accessKeyId, need.roleArn);
    const networks = new Map<string, Network>();
    for (const region of need.regions) {
      const ec2 = new EC2Client({ region, endpoint, credentials: keys, maxAttempts: 3 });
      try {
        const network = await createNetworkWith(ec2, region, 100, ids);
        // As example-fixtures.ts does: moto sets an awsvpc task's ENI DNS name only with DNS hostnames on.
        await ec2.send(
          new ModifyVpcAttributeCommand({ VpcId: network.vpcId, EnableDnsHostnames: { Value: true } }),
        );
        networks.set(region, network);
      } finally {
        ec2.destroy();
      }
    }
    out.push({ ...need, networks });
  }
  return out;
}

/** Keys acting in the account of `roleArn` (moto assumes any role, as the fixtures' caller). */
async function assumedKeys(
  endpoint: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  roleArn: string,
): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const sts = new STSClient({ region: 'us-east-1', endpoint, credentials, maxAttempts: 3 });
  try {
    const c = (
      await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sandbox-fixtures' }))
    ).Credentials;
    if (c?.AccessKeyId === undefined || c.SecretAccessKey === undefined || c.SessionToken === undefined) {
      throw new Error(`moto answered AssumeRole ${roleArn} without credentials`);
    }
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken };
  } finally {
    sts.destroy();
  }
}

/**
 * IAM CreateRole in the role's account (awsQuery straight to moto, which reads the account from the
 * access key and checks no signature), with the trust policy docs/security.md shows: the operator's
 * account (the world's default account, 123456789012) may assume it. Idempotent.
 */
async function createTenantRole(endpoint: string, accessKeyId: string, roleArn: string): Promise<void> {
  const name = ROLE_ARN.exec(roleArn)?.[2] ?? '';
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${accessKeyId}/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: 'arn:aws:iam::123456789012:root' },
            Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:SetSourceIdentity'],
          },
        ],
      }),
    }).toString(),
  });
  const text = await res.text();
  if (!res.ok && !text.includes('EntityAlreadyExists')) {
    throw new Error(`CreateRole ${roleArn} answered HTTP ${res.status}: ${text}`);
  }
}
