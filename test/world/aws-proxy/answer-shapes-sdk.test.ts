import * as autoscalingSdk from '@aws-sdk/client-application-auto-scaling';
import * as ecsSdk from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import {
  loadAnswerModel,
  type AnswerShape,
  type ServiceAnswerModel,
} from '../../ecs-model/validate-shape.js';
import { sdkKindOf } from '../../ecs-model/sdk-schema.js';

// The answer shapes are vendored from botocore (it lists enum values and each operation's errors,
// which the JavaScript SDK's compiled schemas leave out). The operator parses answers with the
// JavaScript SDK, so this file holds the vendored shapes to the SDK's own schemas (the `<Shape>$`
// exports of @aws-sdk/client-*): every structure the proxy's answers can contain has the same
// members, of the same kind. An SDK upgrade that adds or retypes a member fails here until the
// vendored file is refreshed (python3 scripts/refresh-answer-shapes.py).

function vendoredKind(shape: AnswerShape): string {
  if (shape.document === true) return 'document';
  if (['integer', 'long', 'double', 'float'].includes(shape.type)) return 'number';
  return shape.type;
}

/** Differences between the vendored shape and the SDK's schema, recursively. */
function disagreements(
  model: ServiceAnswerModel,
  shapeName: string,
  sdk: unknown,
  path: string,
  seen: Set<string>,
): string[] {
  const shape = model.shapes[shapeName];
  if (shape === undefined) return [`${path}: ${shapeName} is not vendored`];
  const theirs = sdkKindOf(sdk);
  const ours = vendoredKind(shape);
  if (theirs.kind !== ours) return [`${path}: vendored ${ours}, the SDK's ${theirs.kind}`];
  if (seen.has(shapeName)) return [];
  seen.add(shapeName);
  if (ours === 'list' && shape.member !== undefined)
    return disagreements(model, shape.member.shape, theirs.inner, `${path}[]`, seen);
  if (ours === 'map' && shape.value !== undefined)
    return disagreements(model, shape.value.shape, theirs.inner, `${path}{}`, seen);
  if (ours !== 'structure') return [];
  const problems: string[] = [];
  const sdkMembers = theirs.members ?? new Map<string, unknown>();
  for (const name of sdkMembers.keys())
    if (shape.members?.[name] === undefined && !SDK_AHEAD.has(`${shapeName}.${name}`))
      problems.push(`${shapeName}.${name} (at ${path}): in the SDK, not vendored`);
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    if (!sdkMembers.has(name)) problems.push(`${shapeName}.${name} (at ${path}): vendored, not in the SDK`);
    else problems.push(...disagreements(model, ref.shape, sdkMembers.get(name), `${path}.${name}`, seen));
  }
  return problems;
}

/**
 * Members the pinned SDK (@aws-sdk/client-ecs 3.1178.0) has and the installed botocore (1.43.11)
 * does not yet: newer ECS features. The proxy sends none of them (the validator would refuse a
 * member it does not know); when botocore catches up, the refresh vendors them and this list
 * shrinks (a stale entry fails the test below).
 */
const SDK_AHEAD: ReadonlySet<string> = new Set([
  'DeploymentConfiguration.earlySuccessCriteria',
  'DeploymentCircuitBreaker.resetOnHealthyTask',
  'DeploymentCircuitBreaker.thresholdConfiguration',
  'ServiceConnectConfiguration.containerConfigurations',
  'VpcLatticeConfiguration.advancedConfiguration',
  'Task.trustedExecutionSummary',
  'Container.neuronDeviceIds',
  'Container.gpuSharingStrategy',
  'ResourceRequirement.sharingStrategy',
  'TaskDefinition.trustedExecutionConfiguration',
]);

const model = loadAnswerModel();
const sdks: Record<string, Record<string, unknown>> = {
  ecs: ecsSdk,
  'application-autoscaling': autoscalingSdk,
};

describe("the vendored answer shapes agree with the SDK's schemas", () => {
  for (const [service, serviceModel] of Object.entries(model.services)) {
    const sdk = sdks[service]!;
    it(`${service}: every output and error shape of the operations the proxy answers`, () => {
      const problems: string[] = [];
      const seen = new Set<string>();
      for (const [name, op] of Object.entries(serviceModel.operations)) {
        for (const shapeName of [op.output, ...op.errors]) {
          const schema = sdk[`${shapeName}$`];
          if (schema === undefined) problems.push(`${name}: the SDK exports no ${shapeName}$`);
          else problems.push(...disagreements(serviceModel, shapeName, schema, shapeName, seen));
        }
      }
      expect(problems).toEqual([]);
      expect(seen.size).toBeGreaterThan(20);
    });
  }

  it('lists only members the vendored model still lacks', () => {
    const ecsModel = model.services['ecs']!;
    const stale = [...SDK_AHEAD].filter((entry) => {
      const [shapeName = '', member = ''] = entry.split('.');
      return ecsModel.shapes[shapeName]?.members?.[member] !== undefined;
    });
    expect(stale).toEqual([]);
  });

  it('fails on a member the SDK has and the vendored model lacks', () => {
    const ecsModel = model.services['ecs']!;
    const trimmed: ServiceAnswerModel = {
      ...ecsModel,
      shapes: { ...ecsModel.shapes, Tag: { type: 'structure', members: { key: { shape: 'TagKey' } } } },
    };
    expect(disagreements(trimmed, 'Tag', ecsSdk.Tag$, 'Tag', new Set())).toEqual([
      'Tag.value (at Tag): in the SDK, not vendored',
    ]);
  });
});
