import { describe, expect, it } from 'vitest';
import { expectKindNames, metadataNameRule, readCrd, type CrdSchema as Schema } from '../testing/crd-file.js';
import { ECS_NAME_PATTERN } from '../ecs-name.js';
import type { EcsServiceSpec, EcsServiceStatus } from './types.js';

// `satisfies` makes the compiler check these lists against types.ts: a field added on one side only
// fails to compile (types) or fails the test below (CRD).
const SPEC_FIELDS = {
  region: true,
  cluster: true,
  clusterRef: true,
  serviceName: true,
  taskDefinitionRef: true,
  taskDefinition: true,
  desiredCount: true,
  launchType: true,
  capacityProviderStrategy: true,
  platformVersion: true,
  networkConfiguration: true,
  loadBalancers: true,
  serviceRegistries: true,
  deploymentConfiguration: true,
  deploymentController: true,
  placementStrategy: true,
  placementConstraints: true,
  healthCheckGracePeriodSeconds: true,
  enableExecuteCommand: true,
  propagateTags: true,
  enableECSManagedTags: true,
  availabilityZoneRebalancing: true,
  role: true,
  serviceConnectConfiguration: true,
  volumeConfigurations: true,
  vpcLatticeConfigurations: true,
  gatewayConnectors: true,
  monitoring: true,
  schedulingStrategy: true,
  tags: true,
  deletionPolicy: true,
  managementPolicy: true,
  suspend: true,
  restartAt: true,
  deploymentControl: true,
  adopt: true,
  autoscaling: true,
} satisfies Record<keyof EcsServiceSpec, true>;

const STATUS_FIELDS = {
  observedGeneration: true,
  serviceArn: true,
  serviceName: true,
  cluster: true,
  clusterName: true,
  region: true,
  taskDefinitionArn: true,
  desiredCount: true,
  runningCount: true,
  pendingCount: true,
  rolloutState: true,
  rollout: true,
  deployments: true,
  serviceDeployment: true,
  restartAt: true,
  managedTagKeys: true,
  autoscaling: true,
  drift: true,
  conditions: true,
} satisfies Record<keyof EcsServiceStatus, true>;

const crd = readCrd('ecsservice.yaml');
const version = crd.spec.versions[0]!;
const root = version.schema.openAPIV3Schema;
const spec = root.properties!.spec!;

/** Every property path below `schema`, with the schema found there. */
function walk(schema: Schema, path: string, out: [string, Schema][] = []): [string, Schema][] {
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    out.push([`${path}.${name}`, child]);
    walk(child, `${path}.${name}`, out);
  }
  if (schema.items !== undefined) {
    out.push([`${path}[]`, schema.items]);
    walk(schema.items, `${path}[]`, out);
  }
  return out;
}

function allRules(schema: Schema): { rule: string; message?: string }[] {
  return [schema, ...walk(schema, '').map(([, s]) => s)].flatMap((s) => s['x-kubernetes-validations'] ?? []);
}

describe('crds/ecsservice.yaml', () => {
  it('names the kind as the issue asks', () => {
    expectKindNames(crd, { kind: 'EcsService', plural: 'ecsservices', shortNames: ['ecssvc'] });
  });

  it('has the printer columns Cluster, Desired, Running, Rollout, Ready, Reason, Message, Age', () => {
    expect(version.additionalPrinterColumns.map((c) => c.name)).toEqual([
      'Cluster',
      'Desired',
      'Running',
      'Rollout',
      'Ready',
      'Reason',
      'Message',
      'Age',
    ]);
  });

  it('describes every property', () => {
    const missing = walk(root, '')
      .filter(([, s]) => typeof s.description !== 'string' || s.description.trim().length < 3)
      .map(([p]) => p);
    expect(missing).toEqual([]);
  });

  it('bounds every string and list in the spec, so CEL cost checks pass', () => {
    const unbounded = walk(spec, 'spec')
      .filter(
        ([, s]) =>
          (s.type === 'string' && s.enum === undefined && s.maxLength === undefined) ||
          (s.type === 'array' && s.maxItems === undefined),
      )
      .map(([p]) => p);
    expect(unbounded).toEqual([]);
  });

  it('has exactly the spec and status fields types.ts declares', () => {
    expect(Object.keys(spec.properties!).sort()).toEqual(Object.keys(SPEC_FIELDS).sort());
    expect(Object.keys(root.properties!.status!.properties!).sort()).toEqual(
      Object.keys(STATUS_FIELDS).sort(),
    );
    expect(Object.keys(spec.properties!.taskDefinitionRef!.properties!)).toEqual(['name']);
  });

  it.each([
    ['cluster is immutable', 'spec.cluster is immutable'],
    ['serviceName is immutable', 'spec.serviceName is immutable'],
    ['schedulingStrategy is immutable', 'spec.schedulingStrategy is immutable'],
    ['region is immutable', 'spec.region is immutable'],
    ['launchType moves only to or from a strategy', 'spec.launchType cannot change'],
    ['one task definition form', 'set exactly one of spec.taskDefinitionRef'],
    ['launchType and capacityProviderStrategy exclusive', 'mutually exclusive'],
    ['DAEMON takes no desiredCount', 'spec.desiredCount must not be set with schedulingStrategy DAEMON'],
    ['binpack needs memory or cpu', 'binpack placement needs field memory or cpu'],
    ['random takes no field', 'random placement takes no field'],
    ['spread needs a field', 'spread placement needs a field'],
    ['memberOf needs an expression', 'memberOf placement constraints need an expression'],
    ['distinctInstance takes none', 'distinctInstance placement constraints take no expression'],
    ['autoscaling min <= max', 'minCapacity must not exceed maxCapacity'],
    ['autoscaling needs a policy', 'needs at least one policy'],
    ['ALB policy needs a load balancer', 'albRequestCountPerTarget needs a load balancer'],
  ])('has a CEL rule: %s', (_name, message) => {
    const rules = allRules(root);
    expect(rules.some((r) => (r.message ?? '').replace(/\s+/g, ' ').includes(message))).toBe(true);
  });

  describe('a metadata.name ECS would refuse as the service name', () => {
    const { rule: nameRule, pattern, admits } = metadataNameRule(crd, 'serviceName');

    it('is refused at the root unless spec.serviceName is set', () => {
      expect(admits('web.v2')).toBe(false);
      expect(admits('a.b.c')).toBe(false);
      expect(admits('web.v2', 'web-v2')).toBe(true);
      expect(admits('web-v2')).toBe(true);
      expect(admits('Web_2')).toBe(true);
    });

    it('uses the ECS rule the operator checks, and the explicit field uses it too', () => {
      expect(pattern).toBe('^[A-Za-z0-9_-]+$');
      expect(ECS_NAME_PATTERN.source).toBe('^[A-Za-z0-9_-]{1,255}$');
      const serviceName = spec.properties!.serviceName!;
      expect(serviceName.pattern).toBe('^[A-Za-z0-9_-]+$');
      expect(serviceName.maxLength).toBe(255);
    });

    it('says which name, and to set spec.serviceName explicitly', () => {
      const message = nameRule?.messageExpression ?? '';
      expect(message).toContain("'metadata.name ' + self.metadata.name");
      expect(message).toContain('set spec.serviceName explicitly');
    });
  });

  it('uses transition rules for the immutable fields', () => {
    const transition = allRules(root).filter((r) => r.rule.includes('oldSelf'));
    expect(transition.length).toBeGreaterThanOrEqual(5);
  });

  it('keeps conditions a map keyed by type for server-side apply', () => {
    const conditions = root.properties!.status!.properties!.conditions as Schema & {
      'x-kubernetes-list-map-keys'?: string[];
    };
    expect(conditions['x-kubernetes-list-type']).toBe('map');
    expect(conditions['x-kubernetes-list-map-keys']).toEqual(['type']);
  });
});
