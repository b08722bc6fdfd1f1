import { describe, expect, it } from 'vitest';
import { renderStatus } from './render-status.js';
import { renderTaskTriggers, taskTriggerView } from './task-trigger-view.js';
import { exitedTask, listedObject, NOW, plain } from '../testing/listed-object.js';
import type { EcsTaskTrigger } from '../../resources/task-trigger/types.js';

const TD = 'arn:aws:ecs:us-east-1:123456789012:task-definition/thumbnail:4';
const RULE_ARN = 'arn:aws:events:us-east-1:123456789012:rule/ecsb-shop-uploads-1a2b3c';

const onUpload = listedObject<EcsTaskTrigger>(
  'EcsTaskTrigger',
  { name: 'uploads', generation: 2, creationTimestamp: '2026-03-01T11:00:00Z' },
  {
    spec: {
      template: { clusterRef: { name: 'demo' }, taskDefinitionRef: { name: 'thumbnail' } },
      event: { s3: { bucket: 'uploads' } },
      roleArn: 'arn:aws:iam::123456789012:role/events-run-task',
    },
    status: {
      observedGeneration: 2,
      mode: 'rule',
      name: 'ecsb-shop-uploads-1a2b3c',
      arn: RULE_ARN,
      state: 'ENABLED',
      suspended: false,
      cluster: 'demo',
      taskDefinitionArn: TD,
      lastRunTime: '2026-03-01T11:55:00Z',
      runs: [
        {
          taskArn: 'arn:aws:ecs:us-east-1:123456789012:task/demo/bbb',
          lastStatus: 'RUNNING',
          createdAt: '2026-03-01T11:55:00Z',
          containers: [{ name: 'thumbnail' }],
        },
        { ...exitedTask('aaa', { thumbnail: 1, 'log-router': 0 }), createdAt: '2026-03-01T11:50:00Z' },
      ],
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'Ready',
          message: 'the rule and its target are as the spec says',
          lastTransitionTime: '2026-03-01T11:01:00Z',
        },
      ],
    },
  },
);

const nightly = listedObject<EcsTaskTrigger>(
  'EcsTaskTrigger',
  { name: 'nightly', generation: 3, creationTimestamp: '2026-02-28T12:00:00Z', uid: 'u2' },
  {
    spec: {
      template: { cluster: 'batch', taskDefinition: 'report:7' },
      schedule: { expression: 'cron(0 2 * * ? *)' },
      roleArn: 'arn:aws:iam::123456789012:role/scheduler-run-task',
      suspend: true,
    },
    status: {
      // The operator has not seen generation 3 yet: READY is starred.
      observedGeneration: 2,
      mode: 'schedule',
      name: 'ecsb-shop-nightly-9f8e7d',
      state: 'DISABLED',
      suspended: true,
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'AccessDenied',
          message: 'scheduler:UpdateSchedule was denied',
          lastTransitionTime: '2026-03-01T11:01:00Z',
        },
      ],
    },
  },
);

describe('task triggers in ecs-bridge status', () => {
  it('shows a rule trigger from its status: rule, state, and every run with stop code and exit codes', () => {
    const v = taskTriggerView(onUpload);
    expect(v).toMatchObject({
      mode: 'rule',
      target: 'ecsb-shop-uploads-1a2b3c',
      arn: RULE_ARN,
      state: 'ENABLED',
      suspended: 'no',
      cluster: 'demo',
      taskDefinition: 'thumbnail:4',
      ready: 'True',
      observed: true,
    });
    expect(v.runs.map(({ createdAt: _c, ...r }) => r)).toEqual([
      { id: 'bbb', lastStatus: 'RUNNING', stopCode: '-', exitCodes: 'thumbnail=-', reason: '' },
      {
        id: 'aaa',
        lastStatus: 'STOPPED',
        stopCode: 'EssentialContainerExited',
        exitCodes: 'thumbnail=1, log-router=0',
        reason: 'Essential container in task exited',
      },
    ]);
  });

  it('falls back to the spec before the first report (mode, cluster, task definition, suspend)', () => {
    const { status: _status, ...fresh } = nightly;
    expect(taskTriggerView(fresh)).toMatchObject({
      mode: 'schedule',
      target: '-',
      state: '-',
      suspended: 'yes',
      cluster: 'batch',
      taskDefinition: 'report:7',
      ready: '-',
      runs: [],
    });
  });

  it('renders the table, the runs under each trigger, why one is not ready, and counts them', () => {
    const text = renderTaskTriggers([taskTriggerView(onUpload), taskTriggerView(nightly)], plain, NOW).join(
      '\n',
    );
    expect(text).toMatch(/NAMESPACE\s+ECSTASKTRIGGER\s+MODE\s+RULE\/SCHEDULE\s+STATE\s+SUSPENDED/);
    expect(text).toMatch(
      /shop\s+uploads\s+rule\s+ecsb-shop-uploads-1a2b3c\s+ENABLED\s+no\s+demo\s+thumbnail:4\s+True\s+Ready\s+5m ago\s+60m/,
    );
    expect(text).toMatch(
      /shop\s+nightly\s+schedule\s+ecsb-shop-nightly-9f8e7d\s+DISABLED\s+yes\s+batch\s+report:7\s+False\*\s+AccessDenied\s+-\s+24h/,
    );
    expect(text).toContain(`    ${RULE_ARN}`);
    expect(text).toContain('    bbb  RUNNING  exit thumbnail=-');
    expect(text).toContain(
      '    aaa  STOPPED  EssentialContainerExited  exit thumbnail=1, log-router=0  Essential container in task exited',
    );
    expect(text).toContain('    AccessDenied: scheduler:UpdateSchedule was denied');
    const screen = renderStatus(
      {
        services: [],
        taskDefinitions: [],
        scope: 'namespace shop',
        taskTriggers: [taskTriggerView(onUpload), taskTriggerView(nightly)],
      },
      plain,
      NOW,
    );
    expect(screen).toContain('Task triggers (recent runs and exit codes):');
    expect(screen).toContain('2 EcsTaskTrigger(s), 1 ready (namespace shop)');
    expect(renderTaskTriggers([], plain, NOW)).toEqual([]);
  });
});
