/**
 * The IAM policies in deploy/ grant exactly the AWS actions the operator's code can call (derived
 * from the source, see test/support/operator-calls.ts) plus documented extras, with the conditions
 * AWS supports for each (docs/adr/0006-least-privilege.md).
 */
import { describe, expect, it } from 'vitest';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import {
  awsActionsTheOperatorCalls,
  operatorSources,
  SENDS_COMMAND,
  source,
} from '../support/operator-calls.js';

/**
 * Actions the policy grants that no SDK command of ours names, each with why AWS needs it. A
 * policy action must be derived from the code or listed here.
 */
const DOCUMENTED_EXTRAS: Record<string, string> = {
  'iam:PassRole':
    "RegisterTaskDefinition with taskRoleArn/executionRoleArn passes those roles to ecs-tasks.amazonaws.com; PutTargets and CreateSchedule/UpdateSchedule pass an EcsTaskTrigger's roleArn to events.amazonaws.com / scheduler.amazonaws.com",
  'iam:CreateServiceLinkedRole':
    'the first RegisterScalableTarget in an account creates AWSServiceRoleForApplicationAutoScaling_ECSService',
  'cloudwatch:DescribeAlarms':
    'Application Auto Scaling checks it on the caller when target tracking reads its alarms (ADR 0005)',
  'cloudwatch:PutMetricAlarm':
    'Application Auto Scaling checks it on the caller when PutScalingPolicy creates target-tracking alarms',
  'cloudwatch:DeleteAlarms':
    'Application Auto Scaling checks it on the caller when a policy and its alarms are deleted',
  'cloudwatch:TagResource':
    'PutMetricAlarm with Tags (the owned step scaling alarms) is checked for it: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html',
  'sts:TagSession': 'AssumeRole with Tags (the session tags naming the install and the access policy)',
  'sts:SetSourceIdentity': 'AssumeRole with SourceIdentity (the install, kept through role chaining)',
};

interface IamStatement {
  Sid: string;
  Effect: string;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

function readPolicy(path: string): { Version: string; Statement: IamStatement[] } {
  return JSON.parse(source(path)) as { Version: string; Statement: IamStatement[] };
}

const actionsOf = (s: IamStatement): string[] => [s.Action].flat();

/** Memoised: the scan reads every client file once per run. */
let derivedActions: string[] | undefined;
const derived = (): string[] => (derivedActions ??= awsActionsTheOperatorCalls());

describe('IAM policies', () => {
  it('derives the calls of all three services from the AWS edge', () => {
    // A floor, so a broken scan (no matches) cannot pass as "nothing to grant".
    expect(derived()).toEqual(
      expect.arrayContaining([
        'ecs:RegisterTaskDefinition',
        'ecs:UpdateService',
        'application-autoscaling:PutScalingPolicy',
        'elasticloadbalancing:DescribeTargetGroups',
        // From the lazily loaded CloudWatch client (`new m.XCommand(`).
        'cloudwatch:DescribeAlarms',
        'cloudwatch:PutMetricAlarm',
        'cloudwatch:DeleteAlarms',
      ]),
    );
  });

  it('sees the commands of the lazily loaded edges (new m.XCommand(...))', () => {
    expect(derived()).toEqual(
      expect.arrayContaining([
        'events:PutRule',
        'events:PutTargets',
        'scheduler:CreateSchedule',
        's3:GetBucketNotification',
        's3:PutBucketNotification',
      ]),
    );
  });

  it('the STS extras are needed: AssumeRole is sent with session tags and a source identity', () => {
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html (sts:TagSession) and
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_monitor.html
    // (sts:SetSourceIdentity): both are checked on the caller when the request carries them.
    expect(derived()).toContain('sts:AssumeRole');
    const sts = source('src/aws/sts-client.ts');
    expect(sts).toMatch(/\bTags: /);
    expect(sts).toMatch(/\bSourceIdentity: /);
  });

  it('the operator sends SDK commands only from the AWS edge (src/aws/*-client.ts)', () => {
    const elsewhere = operatorSources().filter(
      (f) => !/^src\/aws\/[\w-]+-client\.ts$/.test(f) && SENDS_COMMAND.test(source(f)),
    );
    expect(elsewhere).toEqual([]);
  });

  it('follows the operator through its imports (config, composition root, AWS edge, Kubernetes edge)', () => {
    expect(operatorSources()).toEqual(
      expect.arrayContaining([
        'src/config.ts',
        'src/operator.ts',
        'src/aws/ecs-client.ts',
        'src/aws/autoscaling-client.ts',
        'src/aws/load-balancing-client.ts',
        'src/k8s/list-watch-client.ts',
        'src/k8s/lease-client.ts',
      ]),
    );
  });

  it.each(['deploy/iam-policy.json', 'deploy/iam-policy-tag-scoped.json'])(
    '%s grants exactly the derived actions plus the documented extras',
    (path) => {
      const policy = readPolicy(path);
      expect(policy.Version).toBe('2012-10-17');
      const sids = policy.Statement.map((s) => s.Sid);
      expect(new Set(sids).size).toBe(sids.length);
      for (const s of policy.Statement) {
        expect(s.Effect, s.Sid).toBe('Allow');
        for (const a of actionsOf(s)) expect(a, `${s.Sid} grants a wildcard`).not.toContain('*');
      }
      const granted = [...new Set(policy.Statement.flatMap(actionsOf))].sort();
      const expected = [...new Set([...derived(), ...Object.keys(DOCUMENTED_EXTRAS)])].sort();
      const missing = expected.filter((a) => !granted.includes(a));
      const unused = granted.filter((a) => !expected.includes(a));
      expect({ missing, unused }).toEqual({ missing: [], unused: [] });
    },
  );

  it.each(['deploy/iam-policy.json', 'deploy/iam-policy-tag-scoped.json'])(
    '%s scopes the extras: PassRole to ECS tasks, the service-linked role to ECS autoscaling, writes to ECS targets',
    (path) => {
      const statements = readPolicy(path).Statement;
      const grantsOf = (action: string): IamStatement[] =>
        statements.filter((s) => actionsOf(s).includes(action));
      const passRoles = grantsOf('iam:PassRole').map(
        (s) => s.Condition?.['StringEquals']?.['iam:PassedToService'],
      );
      expect(passRoles).toEqual(
        expect.arrayContaining([
          'ecs-tasks.amazonaws.com',
          ['events.amazonaws.com', 'scheduler.amazonaws.com'],
        ]),
      );
      expect(passRoles).toHaveLength(2);
      for (const s of grantsOf('iam:CreateServiceLinkedRole')) {
        expect(s.Condition?.['StringEquals']?.['iam:AWSServiceName']).toBe(
          'ecs.application-autoscaling.amazonaws.com',
        );
        expect(s.Resource).toMatch(/AWSServiceRoleForApplicationAutoScaling_ECSService$/);
      }
      for (const action of [
        'application-autoscaling:RegisterScalableTarget',
        'application-autoscaling:DeregisterScalableTarget',
        'application-autoscaling:PutScalingPolicy',
        'application-autoscaling:DeleteScalingPolicy',
        'application-autoscaling:PutScheduledAction',
        'application-autoscaling:DeleteScheduledAction',
      ]) {
        for (const s of grantsOf(action)) {
          expect(s.Condition?.['StringEquals']).toMatchObject({
            'application-autoscaling:service-namespace': 'ecs',
            'application-autoscaling:scalable-dimension': 'ecs:service:DesiredCount',
          });
        }
      }
    },
  );

  describe('the tag-scoped variant', () => {
    const statements = readPolicy('deploy/iam-policy-tag-scoped.json').Statement;
    const requestTag = `aws:RequestTag/${TAG_KEYS.instance}`;
    const resourceTag = `aws:ResourceTag/${TAG_KEYS.instance}`;
    const grantsOf = (action: string): IamStatement[] =>
      statements.filter((s) => actionsOf(s).includes(action));

    // Which condition each ECS write can carry, from the Service Authorization Reference for ECS:
    // creates take aws:RequestTag; writes on a service or task definition take aws:ResourceTag;
    // DeregisterTaskDefinition supports no resource-level permission at all, so it stays "*".
    it.each([
      ['ecs:RegisterTaskDefinition', requestTag],
      ['ecs:CreateService', requestTag],
      ['ecs:CreateCluster', requestTag],
      ['ecs:CreateCapacityProvider', requestTag],
      ['ecs:RunTask', requestTag],
      ['ecs:StopTask', resourceTag],
      ['ecs:UpdateCapacityProvider', resourceTag],
      ['ecs:DeleteCapacityProvider', resourceTag],
      ['ecs:UpdateCluster', resourceTag],
      ['ecs:PutClusterCapacityProviders', resourceTag],
      ['ecs:DeleteCluster', resourceTag],
      ['ecs:UpdateService', resourceTag],
      ['ecs:DeleteService', resourceTag],
      ['ecs:DeleteTaskDefinitions', resourceTag],
      ['ecs:UntagResource', resourceTag],
    ])('%s is allowed only with %s equal to the instance id', (action, key) => {
      const grants = grantsOf(action);
      expect(grants.length).toBeGreaterThan(0);
      for (const s of grants) expect(s.Condition?.['StringEquals']?.[key], s.Sid).toBe('default');
    });

    it('TagResource: on create only with our tag, afterwards only on our resources, never re-owning them', () => {
      const grants = grantsOf('ecs:TagResource');
      expect(grants.length).toBe(2);
      const onCreate = grants.find((s) => s.Condition?.['StringEquals']?.['ecs:CreateAction'] !== undefined);
      expect(onCreate?.Condition?.['StringEquals']).toEqual({
        'ecs:CreateAction': [
          'RegisterTaskDefinition',
          'CreateService',
          'CreateCluster',
          'CreateCapacityProvider',
          'RunTask',
        ],
        [requestTag]: 'default',
      });
      const existing = grants.find((s) => s !== onCreate);
      expect(existing?.Condition?.['StringEquals']?.[resourceTag]).toBe('default');
      expect(existing?.Condition?.['StringEqualsIfExists']?.[requestTag]).toBe('default');
    });

    // Service deployments carry no tags of their own, so the instance tag cannot scope this write;
    // the grant is limited to service deployment ARNs and the operator stops only its own service's
    // deployments, on a spec.deploymentControl request (ADR 0039).
    it('StopServiceDeployment and ContinueServiceDeployment only on service deployment ARNs', () => {
      for (const action of ['ecs:StopServiceDeployment', 'ecs:ContinueServiceDeployment']) {
        const grants = grantsOf(action);
        expect(
          grants.map((s) => s.Resource),
          action,
        ).toEqual(['arn:aws:ecs:*:*:service-deployment/*']);
      }
    });

    it("schedule writes only in the installation's schedule group (schedules carry no tags)", () => {
      for (const action of [
        'scheduler:CreateSchedule',
        'scheduler:UpdateSchedule',
        'scheduler:DeleteSchedule',
      ]) {
        const grants = grantsOf(action);
        expect(grants.length).toBeGreaterThan(0);
        for (const s of grants)
          expect(s.Resource, s.Sid).toBe('arn:aws:scheduler:*:*:schedule/ecs-bridge-default/*');
      }
    });

    it('application-autoscaling:TagResource only on scalable targets, only with our instance tag', () => {
      const grants = grantsOf('application-autoscaling:TagResource');
      expect(grants.length).toBeGreaterThan(0);
      for (const s of grants) {
        expect(s.Resource, s.Sid).toBe('arn:aws:application-autoscaling:*:*:scalable-target/*');
        expect(s.Condition?.['StringEquals']?.[requestTag], s.Sid).toBe('default');
      }
    });

    it('UntagResource never removes our own tags', () => {
      for (const s of grantsOf('ecs:UntagResource')) {
        expect(s.Condition?.['ForAllValues:StringNotLike']?.['aws:TagKeys']).toEqual(['ecs-bridge.dev/*']);
      }
    });

    // The STS calls are gated where the role lives: its trust policy names who may assume it.
    it('only reads, lookups, DeregisterTaskDefinition and the STS calls are unconditioned', () => {
      const unconditioned = statements
        // Scoped by neither a condition nor a resource ARN.
        .filter((s) => s.Condition === undefined && s.Resource === '*')
        .flatMap(actionsOf)
        .sort();
      expect(unconditioned).toEqual(
        [
          'application-autoscaling:DescribeScalableTargets',
          'application-autoscaling:DescribeScalingActivities',
          'application-autoscaling:DescribeScalingPolicies',
          'application-autoscaling:DescribeScheduledActions',
          'cloudwatch:DeleteAlarms',
          'cloudwatch:DescribeAlarms',
          'cloudwatch:PutMetricAlarm',
          'ecs:DeregisterTaskDefinition',
          'ecs:DescribeCapacityProviders',
          'ecs:DescribeClusters',
          'ecs:DescribeServiceDeployments',
          'ecs:DescribeServiceRevisions',
          'ecs:DescribeServices',
          'ecs:DescribeTaskDefinition',
          'ecs:DescribeTasks',
          'ecs:ListClusters',
          'ecs:ListServiceDeployments',
          'ecs:ListServices',
          'ecs:ListTaskDefinitions',
          'ecs:ListTasks',
          'elasticloadbalancing:DescribeLoadBalancers',
          'elasticloadbalancing:DescribeTargetGroups',
          'sts:AssumeRole',
          'sts:SetSourceIdentity',
          'sts:TagSession',
          // A read with no resource-level permissions (ADR 0051).
          'tag:GetResources',
          // EcsTaskTrigger's reads; PutBucketNotification has no tag condition key in S3 (opt-in:
          // s3.enableEventBridge). Schedules are scoped by ARN to the installation's group instead.
          ...[
            'events:DescribeRule',
            'events:ListRules',
            'events:ListTargetsByRule',
            'events:ListTagsForResource',
            'scheduler:GetSchedule',
            'scheduler:ListSchedules',
            'scheduler:GetScheduleGroup',
            'scheduler:ListTagsForResource',
            's3:GetBucketNotification',
            's3:PutBucketNotification',
          ],
        ].sort(),
      );
    });
  });
});
