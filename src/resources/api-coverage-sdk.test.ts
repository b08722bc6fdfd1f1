import * as ecsSdk from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { loadEcsModel, type EcsModel } from '../../test/ecs-model/coverage.js';
import { sdkKindOf } from '../../test/ecs-model/sdk-schema.js';

// The coverage test (api-coverage.test.ts) walks the model vendored from botocore. The operator
// sends its requests with the JavaScript SDK, which may know members botocore does not yet: those
// are fields a user cannot write and the coverage walk cannot see. This file walks the SDK's own
// input schemas against the vendored model, so a member the SDK adds fails here until someone
// decides (refresh the model and cover it, or list it below as a known gap).

/** The input shapes the coverage test walks. */
const INPUTS = ['CreateServiceRequest', 'UpdateServiceRequest', 'RegisterTaskDefinitionRequest'] as const;

/**
 * Members the pinned SDK (@aws-sdk/client-ecs 3.1178.0) accepts that the vendored model (botocore
 * 1.43.11) lacks, as `Shape.member`: newer ECS features. Each is a GAP: not in a CRD, so a service
 * that uses it cannot be written or imported whole. When botocore catches up, the refresh vendors it,
 * the coverage test then demands it in a CRD or its exclusion list, and the entry here goes stale
 * (which fails the test below).
 */
const SDK_AHEAD: ReadonlyMap<string, string> = new Map([
  ['DeploymentCircuitBreaker.resetOnHealthyTask', 'a healthy task resets the breaker failure count'],
  ['DeploymentCircuitBreaker.thresholdConfiguration', 'how many task failures trip the breaker'],
  ['DeploymentConfiguration.earlySuccessCriteria', 'a rolling deployment completes at a share of tasks'],
  ['ServiceConnectConfiguration.containerConfigurations', 'settings of the Service Connect proxy container'],
  ['VpcLatticeConfiguration.advancedConfiguration', 'advanced VPC Lattice target settings'],
  ['CreateServiceRequest.gatewayConnectors', 'connects the service to a gateway ingress path'],
  ['CreateServiceRequest.monitoring', 'resolution of the service CPU and memory metrics'],
  ['UpdateServiceRequest.gatewayConnectors', 'as CreateService'],
  ['UpdateServiceRequest.monitoring', 'as CreateService'],
  ['ResourceRequirement.sharingStrategy', 'how a container shares a GPU'],
  ['RegisterTaskDefinitionRequest.trustedExecutionConfiguration', 'trusted execution on Managed Instances'],
]);

/** `Shape.member` entries the SDK has and the vendored model lacks, reachable from `shapeName`. */
function sdkOnly(model: EcsModel, shapeName: string, sdk: unknown, seen: Set<string>): string[] {
  if (seen.has(shapeName)) return [];
  seen.add(shapeName);
  const shape = model.shapes[shapeName];
  if (shape === undefined) return [];
  const theirs = sdkKindOf(sdk);
  if (shape.type === 'list' && shape.member !== undefined)
    return sdkOnly(model, shape.member.shape, theirs.inner, seen);
  if (shape.type === 'map' && shape.value !== undefined)
    return sdkOnly(model, shape.value.shape, theirs.inner, seen);
  if (shape.type !== 'structure') return [];
  const found: string[] = [];
  for (const [name, schema] of theirs.members ?? new Map<string, unknown>()) {
    const ref = shape.members?.[name];
    if (ref === undefined) found.push(`${shapeName}.${name}`);
    else found.push(...sdkOnly(model, ref.shape, schema, seen));
  }
  return found;
}

const model = loadEcsModel();

function allSdkOnly(m: EcsModel): string[] {
  const seen = new Set<string>();
  const sdk = ecsSdk as unknown as Record<string, unknown>;
  return INPUTS.flatMap((input) => sdkOnly(m, input, sdk[`${input}$`], seen));
}

describe("the SDK's ECS inputs against the vendored model", () => {
  it('every member the SDK accepts is vendored (so the coverage test sees it) or a listed gap', () => {
    expect(allSdkOnly(model).filter((entry) => !SDK_AHEAD.has(entry))).toEqual([]);
  });

  it('lists only members the vendored model still lacks', () => {
    const found = new Set(allSdkOnly(model));
    expect([...SDK_AHEAD.keys()].filter((entry) => !found.has(entry))).toEqual([]);
  });

  it('finds a member the SDK has and the vendored model lacks, below the top level', () => {
    const lb = model.shapes['LoadBalancer'];
    if (lb?.members === undefined) throw new Error('LoadBalancer is not vendored');
    const { containerPort: _dropped, ...rest } = lb.members;
    const trimmed: EcsModel = {
      ...model,
      shapes: { ...model.shapes, LoadBalancer: { ...lb, members: rest } },
    };
    expect(allSdkOnly(trimmed)).toContain('LoadBalancer.containerPort');
  });
});
