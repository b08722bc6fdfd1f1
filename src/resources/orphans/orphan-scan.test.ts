import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { createSilentLogger } from '../../observability/logger.js';
import { TAG_KEYS } from '../api-group.js';
import { OrphanScan, ORPHANED_RESOURCE_REASON, type OrphanScanRegion } from './orphan-scan.js';

const tags = (owner: string, uid: string) => [
  { key: TAG_KEYS.owner, value: owner },
  { key: TAG_KEYS.instance, value: 'inst-1' },
  { key: TAG_KEYS.ownerUid, value: uid },
];
const CLUSTER = 'arn:aws:ecs:eu-west-1:1:cluster/demo';
const REV = 'arn:aws:ecs:eu-west-1:1:task-definition/web:3';

function fakeRegion(calls: string[]): OrphanScanRegion {
  const services: Service[] = [
    { serviceArn: 'arn:svc/web', serviceName: 'web', status: 'ACTIVE', tags: tags('shop/web', 'u-old') },
    { serviceArn: 'arn:svc/api', serviceName: 'api', status: 'ACTIVE', tags: tags('shop/api', 'u-api') },
    { serviceArn: 'arn:svc/gone', serviceName: 'gone', status: 'DRAINING', tags: tags('shop/x', 'u-x') },
  ];
  return {
    inventory: {
      listClusters: () => (calls.push('ListClusters'), Promise.resolve([CLUSTER])),
      listServices: () => (calls.push('ListServices'), Promise.resolve(services.map((s) => s.serviceArn!))),
      listTaskDefinitions: (status) => (
        calls.push(`ListTaskDefinitions ${status}`),
        Promise.resolve(status === 'ACTIVE' ? [REV] : [])
      ),
      listTaskDefinitionsUpTo: () => Promise.reject(new Error('the orphan scan lists every page')),
    },
    ecs: {
      describeServices: (_c, names) => (
        calls.push('DescribeServices'),
        Promise.resolve({ services: services.filter((s) => names.includes(s.serviceArn!)), failures: [] })
      ),
      describeTaskDefinition: () => (
        calls.push('DescribeTaskDefinition'),
        Promise.resolve({ taskDefinition: { status: 'ACTIVE' }, tags: tags('shop/web', 'u-old') })
      ),
    },
  };
}

describe('OrphanScan', () => {
  it('reports orphans by gauge and Event, and describes a revision once per process', async () => {
    const calls: string[] = [];
    const gauge = new Map<string, number>();
    const events: { name: string; reason: string; message: string }[] = [];
    const region = fakeRegion(calls);
    const scan = new OrphanScan({
      instanceId: 'inst-1',
      regions: () => ['eu-west-1'],
      awsFor: () => region,
      // shop/web exists again with another uid; shop/api is live; shop/x is gone but DRAINING.
      objects: () => ({
        EcsService: new Map([
          ['shop/web', 'u-new'],
          ['shop/api', 'u-api'],
        ]),
        EcsTaskDefinition: new Map(),
      }),
      sources: [],
      periodMs: 60_000,
      events: { record: (o, _t, reason, message) => events.push({ name: o.metadata.name, reason, message }) },
      setGauge: (kind, n) => gauge.set(kind, n),
      log: createSilentLogger(),
    });
    const found = await scan.scanOnce();
    expect(found.map((o) => `${o.resource.kind} ${o.why}`)).toEqual([
      'EcsService replaced',
      'EcsTaskDefinition gone',
    ]);
    expect(Object.fromEntries(gauge)).toEqual({ EcsService: 1, EcsTaskDefinition: 1 });
    expect(events.map((e) => `${e.name} ${e.reason}`)).toEqual([
      `web ${ORPHANED_RESOURCE_REASON}`,
      `web ${ORPHANED_RESOURCE_REASON}`,
    ]);
    expect(calls.filter((c) => c === 'DescribeTaskDefinition')).toHaveLength(1);
    calls.length = 0;
    await scan.scanOnce();
    expect(calls).toEqual([
      'ListClusters',
      'ListServices',
      'DescribeServices',
      'ListTaskDefinitions ACTIVE',
      'ListTaskDefinitions INACTIVE',
    ]);
  });
});
