import * as ecsSdk from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  crdSpecSchema as specSchema,
  loadEcsModel,
  type CrdSchema,
  type EcsModel,
} from '../../test/ecs-model/coverage.js';
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
 * 1.43.11) lacks and the CRDs do not carry yet, as `Shape.member`: newer ECS features a service that
 * uses them cannot be written or imported whole with. A member the SDK adds must be added to a CRD
 * (the walk below then finds it there) or listed here; when botocore catches up, the refresh vendors
 * it and the coverage test (api-coverage.test.ts) checks its type, enum values and bounds.
 */
// Empty: gatewayConnectors and monitoring, the last members here, are carried and read from the
// current service revision (ADR 0048).
const SDK_AHEAD: ReadonlyMap<string, string> = new Map<string, string>([]);

/** What the walk finds: SDK-only members the CRD lacks (`gaps`) and those it carries (`inCrd`). */
interface SdkOnlyFindings {
  readonly gaps: string[];
  readonly inCrd: string[];
}

/**
 * `Shape.member` entries the SDK has and the vendored model lacks, reachable from `shapeName`, split
 * by whether the CRD schema (walked alongside, `crd`) has the member at the same place.
 */
function sdkOnly(
  model: EcsModel,
  shapeName: string,
  sdk: unknown,
  crd: CrdSchema | undefined,
  seen: Set<string>,
  out: SdkOnlyFindings,
): void {
  if (seen.has(shapeName)) return;
  seen.add(shapeName);
  const shape = model.shapes[shapeName];
  if (shape === undefined) return;
  const theirs = sdkKindOf(sdk);
  if (shape.type === 'list' && shape.member !== undefined)
    return sdkOnly(model, shape.member.shape, theirs.inner, crd?.items, seen, out);
  if (shape.type === 'map' && shape.value !== undefined) {
    const values = typeof crd?.additionalProperties === 'object' ? crd.additionalProperties : undefined;
    return sdkOnly(model, shape.value.shape, theirs.inner, values, seen, out);
  }
  if (shape.type !== 'structure') return;
  for (const [name, schema] of theirs.members ?? new Map<string, unknown>()) {
    const ref = shape.members?.[name];
    const inCrd = crd?.properties?.[RENAMES[name] ?? name];
    if (ref !== undefined) sdkOnly(model, ref.shape, schema, inCrd, seen, out);
    else (inCrd === undefined ? out.gaps : out.inCrd).push(`${shapeName}.${name}`);
  }
}

/** Top-level request members the CRD names differently (UpdateService's `service`). */
const RENAMES: Readonly<Record<string, string>> = { service: 'serviceName' };

const model = loadEcsModel();

const CRD_OF: Readonly<Record<(typeof INPUTS)[number], CrdSchema>> = {
  CreateServiceRequest: specSchema('ecsservice.yaml'),
  UpdateServiceRequest: specSchema('ecsservice.yaml'),
  RegisterTaskDefinitionRequest: specSchema('ecstaskdefinition.yaml'),
};

function walkAll(
  m: EcsModel,
  crds: Readonly<Record<(typeof INPUTS)[number], CrdSchema>> = CRD_OF,
): SdkOnlyFindings {
  const seen = new Set<string>();
  const out: SdkOnlyFindings = { gaps: [], inCrd: [] };
  const sdk = ecsSdk as unknown as Record<string, unknown>;
  for (const input of INPUTS) sdkOnly(m, input, sdk[`${input}$`], crds[input], seen, out);
  return out;
}

function allSdkOnly(m: EcsModel): string[] {
  return walkAll(m).gaps;
}

describe("the SDK's ECS inputs against the vendored model and the CRDs", () => {
  it('every member the SDK accepts is vendored (so the coverage test sees it), in a CRD or a listed gap', () => {
    expect(allSdkOnly(model).filter((entry) => !SDK_AHEAD.has(entry))).toEqual([]);
  });

  it('lists only members the vendored model and the CRDs still lack', () => {
    const found = new Set(allSdkOnly(model));
    expect([...SDK_AHEAD.keys()].filter((entry) => !found.has(entry))).toEqual([]);
  });

  it('finds the SDK-only members the CRDs carry at the place ECS gives them', () => {
    expect(walkAll(model).inCrd).toEqual(
      expect.arrayContaining([
        'ServiceConnectConfiguration.containerConfigurations',
        'VpcLatticeConfiguration.advancedConfiguration',
        'ResourceRequirement.sharingStrategy',
        'DeploymentCircuitBreaker.resetOnHealthyTask',
        'DeploymentCircuitBreaker.thresholdConfiguration',
        'DeploymentConfiguration.earlySuccessCriteria',
        'CreateServiceRequest.gatewayConnectors',
        'CreateServiceRequest.monitoring',
        'UpdateServiceRequest.gatewayConnectors',
        'UpdateServiceRequest.monitoring',
        'RegisterTaskDefinitionRequest.trustedExecutionConfiguration',
      ]),
    );
  });

  const lb = model.shapes['LoadBalancer'];
  if (lb?.members === undefined) throw new Error('LoadBalancer is not vendored');
  const { containerPort: _dropped, ...rest } = lb.members;
  const trimmed: EcsModel = {
    ...model,
    shapes: { ...model.shapes, LoadBalancer: { ...lb, members: rest } },
  };

  it('finds a member the SDK has and the vendored model lacks, below the top level, in the CRD', () => {
    const found = walkAll(trimmed);
    expect(found.inCrd).toContain('LoadBalancer.containerPort');
    expect(found.gaps).not.toContain('LoadBalancer.containerPort');
  });

  it('reports it as a gap when the CRD lacks it too', () => {
    const service = CRD_OF.CreateServiceRequest;
    const lbs = service.properties?.['loadBalancers'];
    const item = lbs?.items;
    if (item?.properties === undefined) throw new Error('the EcsService CRD has no loadBalancers items');
    const { containerPort: _gone, ...others } = item.properties;
    const noPort: CrdSchema = {
      ...service,
      properties: {
        ...service.properties,
        loadBalancers: { ...lbs, items: { ...item, properties: others } },
      },
    };
    const crds = { ...CRD_OF, CreateServiceRequest: noPort, UpdateServiceRequest: noPort };
    expect(walkAll(trimmed, crds).gaps).toContain('LoadBalancer.containerPort');
  });
});
