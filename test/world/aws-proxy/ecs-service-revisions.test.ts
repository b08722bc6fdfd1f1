import { describe, expect, it } from 'vitest';
import { EcsRolloutSimulator } from './ecs-rollouts.js';
import { FakeClock } from '../../../src/shared/testing/fake-clock.js';
import { isJsonObject, type JsonObject } from './json.js';

const ACCOUNT = 'arn:aws:ecs:us-east-1:123456789012';
const td = (ref: string) => `${ACCOUNT}:task-definition/${ref}`;
const MONITORING_20 = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 20 }] };
const MONITORING_60 = { metricConfigurations: [{ metricNames: ['CPUUtilization'], resolutionSeconds: 60 }] };
const CONNECTOR = [{ portName: 'http', deregistrationDelay: { timeoutSeconds: 30 } }];

/** A service as moto echoes it after an UpdateService that carried the revision-only members. */
function motoService(extra: JsonObject = {}): JsonObject {
  return {
    serviceArn: `${ACCOUNT}:service/c/web`,
    serviceName: 'web',
    clusterArn: `${ACCOUNT}:cluster/c`,
    status: 'ACTIVE',
    desiredCount: 1,
    launchType: 'FARGATE',
    taskDefinition: td('web:1'),
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', taskDefinition: td('web:1'), launchType: 'FARGATE' }],
    ...extra,
  };
}

function setup() {
  const clock = new FakeClock(5000);
  const simulator = new EcsRolloutSimulator({
    clock,
    now: () => 1_700_000_000_000,
    config: { rolloutMs: 100 },
  });
  const write = async (action: string, request: JsonObject, service: JsonObject) => {
    const out = await simulator.rewrite(action, request, { service });
    if (!isJsonObject(out) || !isJsonObject(out.service)) throw new Error('not rewritten');
    return out.service;
  };
  const revisions = (arns: string[]) =>
    simulator.answer('DescribeServiceRevisions', { serviceRevisionArns: arns });
  const current = (service: JsonObject) =>
    (service.currentServiceRevisions as JsonObject[]).map((r) => r.arn as string);
  return { clock, simulator, write, revisions, current };
}

describe('service revisions in the rollout simulator', () => {
  it('records gatewayConnectors and monitoring on the revision, never on the Service', async () => {
    const { write, revisions, current } = setup();
    const request = { gatewayConnectors: CONNECTOR, monitoring: MONITORING_20, taskDefinition: 'web:1' };
    const created = await write('CreateService', request, motoService(request));
    expect(created).not.toHaveProperty('gatewayConnectors');
    expect(created).not.toHaveProperty('monitoring');
    const arns = current(created);
    expect(arns).toEqual([`${ACCOUNT}:service-revision/c/web/1`]);
    const answer = revisions(arns);
    expect(answer.status).toBe(200);
    expect(answer.body.failures).toEqual([]);
    expect(answer.body.serviceRevisions).toEqual([
      expect.objectContaining({
        serviceRevisionArn: arns[0],
        serviceArn: `${ACCOUNT}:service/c/web`,
        taskDefinition: td('web:1'),
        launchType: 'FARGATE',
        gatewayConnectors: CONNECTOR,
        monitoring: MONITORING_20,
      }),
    ]);
  });

  it('a monitoring change starts a deployment whose new revision holds it; the old one is unchanged', async () => {
    const { write, revisions, current } = setup();
    const created = await write('CreateService', { monitoring: MONITORING_20 }, motoService());
    const [first] = current(created);
    const updated = await write(
      'UpdateService',
      { monitoring: MONITORING_60 },
      motoService({ monitoring: MONITORING_60 }),
    );
    const arns = current(updated);
    expect(arns).toHaveLength(2);
    expect(arns[1]).toBe(first);
    const docs = revisions(arns).body.serviceRevisions as JsonObject[];
    expect(docs.map((d) => d.monitoring)).toEqual([MONITORING_60, MONITORING_20]);
    // The same value again starts nothing.
    const again = await write(
      'UpdateService',
      { monitoring: MONITORING_60 },
      motoService({ monitoring: MONITORING_60 }),
    );
    expect(current(again)[0]).toBe(arns[0]);
  });

  it('answers unknown ARNs as MISSING failures and refuses none or more than 20', async () => {
    const { write, revisions, current } = setup();
    const arn = current(await write('CreateService', {}, motoService()))[0] ?? '';
    const gone = `${ACCOUNT}:service-revision/c/web/999`;
    const answer = revisions([gone, arn]);
    expect((answer.body.serviceRevisions as JsonObject[]).map((r) => r.serviceRevisionArn)).toEqual([arn]);
    expect(answer.body.failures).toEqual([{ arn: gone, reason: 'MISSING' }]);
    expect(revisions([]).status).toBe(400);
    const many = revisions(Array.from({ length: 21 }, () => arn));
    expect(many).toEqual({
      status: 400,
      body: {
        __type: 'InvalidParameterException',
        message: 'The ARN of the service revision. You can specify a maximum of 20 ARNs.',
      },
    });
  });
});
