/**
 * What the throttling storm and the restart scenario read back from moto directly (never through
 * the proxy, so neither its counts nor its buckets are touched): every service of a cluster, and
 * every registered revision of a set of families.
 */
import {
  DescribeServicesCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  type Service,
} from '@aws-sdk/client-ecs';
import { awsClients } from '../support/world-client.js';

/** Every ACTIVE or DRAINING service in `cluster`, described (DescribeServices in batches of 10). */
export async function servicesInMoto(cluster: string): Promise<Service[]> {
  const { ecs } = awsClients('moto');
  try {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        new ListServicesCommand({ cluster, maxResults: 100, ...(nextToken ? { nextToken } : {}) }),
      );
      arns.push(...(page.serviceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const out: Service[] = [];
    for (let i = 0; i < arns.length; i += 10) {
      const page = await ecs.send(new DescribeServicesCommand({ cluster, services: arns.slice(i, i + 10) }));
      out.push(...(page.services ?? []));
    }
    return out;
  } finally {
    ecs.destroy();
  }
}

/**
 * Every ACTIVE revision ARN whose family starts with `prefix`, grouped by family (one ListTaskDefinitions
 * walk instead of one call per family).
 */
export async function revisionsByFamily(prefix: string): Promise<Map<string, string[]>> {
  const { ecs } = awsClients('moto');
  try {
    const byFamily = new Map<string, string[]>();
    let nextToken: string | undefined;
    do {
      const page = await ecs.send(
        // No familyPrefix: moto matches it as a whole family name, ECS as a prefix; filter here.
        new ListTaskDefinitionsCommand({
          status: 'ACTIVE',
          maxResults: 100,
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      for (const arn of page.taskDefinitionArns ?? []) {
        const family = arn.slice(arn.lastIndexOf('/') + 1, arn.lastIndexOf(':'));
        if (!family.startsWith(prefix)) continue;
        byFamily.set(family, [...(byFamily.get(family) ?? []), arn]);
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return byFamily;
  } finally {
    ecs.destroy();
  }
}
