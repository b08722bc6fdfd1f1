/**
 * Test support: an in-memory EventBridge, Scheduler and S3 notification store as the trigger
 * kind's observe reads it, for the CLI's unit tests. Every write is recorded in `writes` (a test
 * that wraps it in the read-only view expects none to arrive).
 */
import type { DescribeRuleResponse, Tag, Target } from '@aws-sdk/client-eventbridge';
import type { GetScheduleOutput } from '@aws-sdk/client-scheduler';
import type { NotificationConfiguration } from '@aws-sdk/client-s3';
import type { TriggerApis } from '../../resources/task-trigger/ports.js';

/** A rule as stored: DescribeRule's answer, its tags and targets. */
export interface StoredRule {
  readonly rule: DescribeRuleResponse;
  readonly tags: Tag[];
  readonly targets: Target[];
}

/** The fake store and its APIs. */
export class FakeTriggerAws {
  /** Rules by `bus/name`. */
  readonly rules = new Map<string, StoredRule>();
  /** Schedule groups by name, with their tags. */
  readonly groups = new Map<string, { arn: string; tags: { Key: string; Value: string }[] }>();
  /** Schedules by `group/name`. */
  readonly schedules = new Map<string, GetScheduleOutput>();
  readonly buckets = new Map<string, NotificationConfiguration>();
  readonly writes: string[] = [];
  /** Every read, as `Call name`. */
  readonly reads: string[] = [];

  readonly apis: TriggerApis = {
    events: {
      describeRule: (name, bus) => {
        this.reads.push(`DescribeRule ${name}`);
        return Promise.resolve(this.rules.get(`${bus}/${name}`)?.rule);
      },
      listRules: (bus, prefix) => {
        this.reads.push(`ListRules ${bus}`);
        return Promise.resolve(
          [...this.rules.entries()]
            .filter(([k]) => k.startsWith(`${bus}/${prefix ?? ''}`))
            .map(([, r]) => ({ ...r.rule })),
        );
      },
      listTargetsByRule: (rule, bus) => {
        this.reads.push(`ListTargetsByRule ${rule}`);
        return Promise.resolve([...(this.rules.get(`${bus}/${rule}`)?.targets ?? [])]);
      },
      listTags: (arn) => {
        this.reads.push(`ListTagsForResource ${arn}`);
        const rule = [...this.rules.values()].find((r) => r.rule.Arn === arn);
        const group = [...this.groups.values()].find((g) => g.arn === arn);
        return Promise.resolve([...(rule?.tags ?? group?.tags ?? [])]);
      },
      putRule: (r) => this.write(`PutRule ${r.Name ?? ''}`, ''),
      deleteRule: (name) => this.write(`DeleteRule ${name}`, undefined),
      putTargets: (rule) => this.write(`PutTargets ${rule}`, undefined),
      removeTargets: (rule) => this.write(`RemoveTargets ${rule}`, undefined),
      tagRule: (arn) => this.write(`TagResource ${arn}`, undefined),
      untagRule: (arn) => this.write(`UntagResource ${arn}`, undefined),
    },
    scheduler: {
      getSchedule: (name, group) => {
        this.reads.push(`GetSchedule ${name}`);
        return Promise.resolve(this.schedules.get(`${group}/${name}`));
      },
      listSchedules: (group) => {
        this.reads.push(`ListSchedules ${group}`);
        return Promise.resolve(
          [...this.schedules.entries()]
            .filter(([k]) => k.startsWith(`${group}/`))
            .map(([, s]) => ({ Name: s.Name, GroupName: s.GroupName, Arn: s.Arn, State: s.State })),
        );
      },
      getScheduleGroup: (name) => {
        this.reads.push(`GetScheduleGroup ${name}`);
        const g = this.groups.get(name);
        return Promise.resolve(g === undefined ? undefined : { Name: name, Arn: g.arn, State: 'ACTIVE' });
      },
      listTags: (arn) => {
        this.reads.push(`ListTagsForResource ${arn}`);
        return Promise.resolve([...([...this.groups.values()].find((g) => g.arn === arn)?.tags ?? [])]);
      },
      createSchedule: (s) => this.write(`CreateSchedule ${s.Name ?? ''}`, ''),
      updateSchedule: (s) => this.write(`UpdateSchedule ${s.Name ?? ''}`, ''),
      deleteSchedule: (name) => this.write(`DeleteSchedule ${name}`, undefined),
      createScheduleGroup: (name) => this.write(`CreateScheduleGroup ${name}`, ''),
    },
    s3Notifications: {
      getNotificationConfiguration: (bucket) => {
        this.reads.push(`GetBucketNotificationConfiguration ${bucket}`);
        return Promise.resolve(this.buckets.get(bucket) ?? {});
      },
      putNotificationConfiguration: (bucket) =>
        this.write(`PutBucketNotificationConfiguration ${bucket}`, undefined),
    },
    tasks: {
      listTaskArns: () => Promise.resolve([]),
      describeTasks: () => Promise.resolve([]),
      runTask: () => this.write('RunTask', { tasks: [], failures: [] }),
      stopTask: () => this.write('StopTask', undefined),
    },
  };

  private write<T>(call: string, answer: T): Promise<T> {
    this.writes.push(call);
    return Promise.resolve(answer);
  }
}
