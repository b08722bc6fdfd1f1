import { describe, expect, it } from 'vitest';
import type { TaskTemplateSpec } from './types.js';
import { MAX_OVERRIDES_JSON_LENGTH, validateTaskTemplate } from './validate.js';

const ok: TaskTemplateSpec = { cluster: 'batch', taskDefinition: 'migrate:3' };

describe('validateTaskTemplate', () => {
  it.each<[string, TaskTemplateSpec, RegExp | undefined]>([
    ['a cluster and a task definition', ok, undefined],
    [
      'refs to an EcsCluster and an EcsTaskDefinition',
      { clusterRef: { name: 'c' }, taskDefinitionRef: { name: 't' } },
      undefined,
    ],
    ['neither cluster nor clusterRef', { taskDefinition: 'x' }, /spec\.cluster .*spec\.clusterRef/],
    ['both cluster and clusterRef', { ...ok, clusterRef: { name: 'c' } }, /exactly one of spec\.cluster/],
    ['an empty cluster', { ...ok, cluster: ' ' }, /spec\.cluster is empty/],
    [
      'region with clusterRef',
      { clusterRef: { name: 'c' }, region: 'eu-west-1', taskDefinition: 'x' },
      /spec\.region \(eu-west-1\) must not be set with spec\.clusterRef/,
    ],
    ['no task definition', { cluster: 'c' }, /exactly one of spec\.taskDefinitionRef/],
    [
      'both task definitions',
      { ...ok, taskDefinitionRef: { name: 't' } },
      /exactly one of spec\.taskDefinitionRef/,
    ],
    [
      'launch type and capacity providers',
      { ...ok, launchType: 'FARGATE', capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] },
      /spec\.launchType \(FARGATE\) and spec\.capacityProviderStrategy/,
    ],
    [
      'a container named twice',
      { ...ok, overrides: { containerOverrides: [{ name: 'app' }, { name: 'app' }] } },
      /container "app" twice/,
    ],
    [
      'overrides over RunTask limit',
      {
        ...ok,
        overrides: {
          containerOverrides: [
            { name: 'app', environment: [{ name: 'BIG', value: 'x'.repeat(MAX_OVERRIDES_JSON_LENGTH) }] },
          ],
        },
      },
      /spec\.overrides is \d+ characters of JSON; RunTask accepts at most 8192/,
    ],
    [
      'a reserved tag key',
      { ...ok, tags: [{ key: 'ecs-bridge.dev/owner', value: 'x' }] },
      /spec\.tags key "ecs-bridge\.dev\/owner" starts with the reserved prefix ecs-bridge\.dev\//,
    ],
  ])('%s', (_, template, expected) => {
    const problem = validateTaskTemplate(template, 'spec');
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });

  it('names fields under the path the kind gives', () => {
    expect(validateTaskTemplate({ cluster: 'c' }, 'spec.template')).toMatch(
      /spec\.template\.taskDefinitionRef/,
    );
  });
});
