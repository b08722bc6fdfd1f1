/**
 * The part of the test world that plays what moto keeps but does not do: delivering events and
 * due schedules to ECS targets. moto 5.2 stores EventBridge rules and targets, Scheduler schedules
 * and S3 notification settings, and even matches S3 events against rules, but it raises
 * NotImplementedError for an ECS target (moto/events/models.py `send_to_targets`) and swallows it
 * (moto/s3/notifications.py `_send_event_bridge_message`); Scheduler fires nothing.
 *
 * So: after the AWS proxy answers an S3 request that created an object (2xx), this component reads
 * the bucket's notification settings from moto; if EventBridge is on, it builds S3's "Object
 * Created" event, matches it against the enabled rules of the default bus, and for each ECS target
 * checks that the target's RoleArn exists in IAM, applies the input, and calls RunTask on the proxy
 * (so the call is recorded, counted and subject to ECS's buckets, as EventBridge's own calls count
 * against the account's limits). A schedule is fired on request (`fireSchedule`). Every delivery
 * is kept in a log tests read. Reads go straight to moto: they are EventBridge's own, not the
 * operator's, and must not show in the proxy's counts.
 *
 * Not played: retries over 24 hours and dead-letter queues (a failed delivery is logged, once),
 * event buses other than `default`, schedules falling due by themselves.
 */
import { ECSClient, RunTaskCommand } from '@aws-sdk/client-ecs';
import {
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  type Rule,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { GetBucketNotificationConfigurationCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetScheduleCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { EcsTargetError, runTaskRequestOf, type TargetEcsParameters } from './ecs-target.js';
import {
  EventPatternError,
  matchesEventPattern,
  parseEventPattern,
  type JsonObject,
} from './event-pattern.js';
import { InputTransformError, transformInput } from './input-transformer.js';
import { createdObjectOf, objectCreatedEvent, WORLD_ACCOUNT_ID } from './s3-event.js';

/** What became of one delivery to one target. */
export type DeliveryOutcome =
  | 'run-task' // RunTask answered with tasks
  | 'run-task-failed' // RunTask answered an error or failures
  | 'role-missing' // the target's RoleArn names no IAM role
  | 'invalid-target'; // the pattern, input or parameters could not be applied

/** One entry of the delivery log. */
export interface DeliveryRecord {
  readonly seq: number;
  readonly source: 'rule' | 'schedule';
  /** The rule or schedule name. */
  readonly name: string;
  readonly targetId?: string | undefined;
  readonly outcome: DeliveryOutcome;
  readonly taskArns: readonly string[];
  readonly error?: string;
  /** The event delivered (rules) . */
  readonly event?: JsonObject;
}

/** An AWS request the proxy answered, as the component needs to see it. */
export interface AnsweredRequest {
  readonly service: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly status: number;
}

/** Options for {@link EventDelivery}. */
export interface EventDeliveryOptions {
  readonly motoUrl: string;
  /** Where RunTask goes: the AWS proxy. */
  readonly proxyUrl: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
  readonly now?: () => Date;
  readonly logLimit?: number;
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Delivers S3 events and fired schedules to ECS targets (see the file header). */
export class EventDelivery {
  readonly #options: EventDeliveryOptions;
  readonly #events: EventBridgeClient;
  readonly #s3: S3Client;
  readonly #scheduler: SchedulerClient;
  readonly #ecs: ECSClient;
  readonly #log: DeliveryRecord[] = [];
  readonly #pending = new Set<Promise<void>>();
  #seq = 0;

  constructor(options: EventDeliveryOptions) {
    this.#options = options;
    const base = { region: options.region, credentials: options.credentials };
    this.#events = new EventBridgeClient({ ...base, endpoint: options.motoUrl });
    this.#s3 = new S3Client({ ...base, endpoint: options.motoUrl, forcePathStyle: true });
    this.#scheduler = new SchedulerClient({ ...base, endpoint: options.motoUrl });
    // EventBridge does not retry a RunTask by itself within one attempt; the world logs failures.
    this.#ecs = new ECSClient({ ...base, endpoint: options.proxyUrl, maxAttempts: 1 });
  }

  /** Called by the proxy for every answered AWS request; starts a delivery for a created object. */
  observe(request: AnsweredRequest): void {
    if (request.service !== 's3' || request.status < 200 || request.status >= 300) return;
    const created = createdObjectOf(request);
    if (created === undefined) return;
    this.#track(this.deliverObjectCreated(created).then(() => undefined));
  }

  /** Resolves when every delivery started so far has finished. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  /** The delivery log, oldest first. */
  deliveries(): DeliveryRecord[] {
    return [...this.#log];
  }

  /** Forgets the log. */
  clear(): void {
    this.#log.length = 0;
  }

  /** Plays S3 → EventBridge → ECS for one created object; returns what it logged. */
  async deliverObjectCreated(created: {
    bucket: string;
    key: string;
    reason: string;
  }): Promise<DeliveryRecord[]> {
    const notification = await this.#s3.send(
      new GetBucketNotificationConfigurationCommand({ Bucket: created.bucket }),
    );
    // S3 sends every event to EventBridge once the bucket has an EventBridgeConfiguration
    // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
    if (notification.EventBridgeConfiguration === undefined) return [];
    const head = await this.#s3.send(new HeadObjectCommand({ Bucket: created.bucket, Key: created.key }));
    const event = objectCreatedEvent(
      {
        ...created,
        size: head.ContentLength ?? 0,
        etag: head.ETag ?? '',
        ...(head.VersionId === undefined || head.VersionId === 'null' ? {} : { versionId: head.VersionId }),
      },
      { region: this.#options.region, now: this.#now() },
    );
    return this.deliverEvent(event);
  }

  /** Matches `event` against the enabled pattern rules of the default bus and delivers it to their ECS targets. */
  async deliverEvent(event: JsonObject): Promise<DeliveryRecord[]> {
    const records: DeliveryRecord[] = [];
    for (const rule of await this.#rules()) {
      if (rule.State !== 'ENABLED' || rule.EventPattern === undefined || rule.Name === undefined) continue;
      let matched: boolean;
      try {
        matched = matchesEventPattern(parseEventPattern(rule.EventPattern), event);
      } catch (error) {
        if (!(error instanceof EventPatternError)) throw error;
        records.push(
          this.#record({
            source: 'rule',
            name: rule.Name,
            outcome: 'invalid-target',
            error: errorText(error),
            event,
          }),
        );
        continue;
      }
      if (!matched) continue;
      for (const target of await this.#targets(rule.Name)) {
        if (!(target.Arn ?? '').startsWith('arn:aws:ecs:')) continue;
        records.push(await this.#deliverToRuleTarget(rule, target, event));
      }
    }
    return records;
  }

  /** Fires a schedule now, as Scheduler does when it falls due; returns what it logged. */
  async fireSchedule(name: string, group = 'default'): Promise<DeliveryRecord> {
    const schedule = await this.#scheduler.send(new GetScheduleCommand({ Name: name, GroupName: group }));
    const target = schedule.Target;
    if (
      target?.Arn === undefined ||
      !target.Arn.startsWith('arn:aws:ecs:') ||
      target.EcsParameters === undefined
    )
      return this.#record({
        source: 'schedule',
        name,
        outcome: 'invalid-target',
        error: 'the schedule has no ECS target',
      });
    if (schedule.State === 'DISABLED')
      return this.#record({
        source: 'schedule',
        name,
        outcome: 'invalid-target',
        error: 'the schedule is DISABLED',
      });
    return this.#deliver({
      source: 'schedule',
      name,
      roleArn: target.RoleArn,
      clusterArn: target.Arn,
      ecs: target.EcsParameters,
      input: target.Input,
    });
  }

  async #deliverToRuleTarget(rule: Rule, target: Target, event: JsonObject): Promise<DeliveryRecord> {
    const name = rule.Name ?? '';
    let input: string | undefined;
    try {
      if (target.InputTransformer !== undefined) {
        input = transformInput(
          {
            InputPathsMap: target.InputTransformer.InputPathsMap ?? {},
            InputTemplate: target.InputTransformer.InputTemplate ?? '',
          },
          event,
          { ruleName: name, ...(rule.Arn === undefined ? {} : { ruleArn: rule.Arn }) },
        );
      } else if (target.Input !== undefined) {
        input = target.Input;
      }
    } catch (error) {
      if (!(error instanceof InputTransformError)) throw error;
      return this.#record({
        source: 'rule',
        name,
        targetId: target.Id,
        outcome: 'invalid-target',
        error: errorText(error),
        event,
      });
    }
    return this.#deliver({
      source: 'rule',
      name,
      targetId: target.Id,
      roleArn: target.RoleArn,
      clusterArn: target.Arn ?? '',
      ecs: target.EcsParameters ?? {},
      input,
      event,
      // ECS shows tasks a rule started as startedBy "events-rule/<rule name>".
      startedBy: `events-rule/${name}`.slice(0, 128),
    });
  }

  async #deliver(delivery: {
    source: 'rule' | 'schedule';
    name: string;
    targetId?: string | undefined;
    roleArn: string | undefined;
    clusterArn: string;
    ecs: TargetEcsParameters;
    input: string | undefined;
    event?: JsonObject;
    startedBy?: string;
  }): Promise<DeliveryRecord> {
    const base = {
      source: delivery.source,
      name: delivery.name,
      ...(delivery.targetId === undefined ? {} : { targetId: delivery.targetId }),
      ...(delivery.event === undefined ? {} : { event: delivery.event }),
    };
    // EventBridge assumes the target's role to call RunTask; a role that does not exist fails the
    // invocation (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-troubleshooting.html).
    if (delivery.roleArn === undefined || !(await this.#roleExists(delivery.roleArn)))
      return this.#record({
        ...base,
        outcome: 'role-missing',
        error: `role ${delivery.roleArn ?? '(none)'} does not exist`,
      });
    let request;
    try {
      request = runTaskRequestOf({
        clusterArn: delivery.clusterArn,
        ecs: delivery.ecs,
        input: delivery.input,
        startedBy: delivery.startedBy,
      });
    } catch (error) {
      if (!(error instanceof EcsTargetError)) throw error;
      return this.#record({ ...base, outcome: 'invalid-target', error: errorText(error) });
    }
    try {
      const answer = await this.#ecs.send(new RunTaskCommand(request));
      const taskArns = (answer.tasks ?? []).flatMap((task) =>
        task.taskArn === undefined ? [] : [task.taskArn],
      );
      const failures = (answer.failures ?? []).map((f) => `${f.arn ?? ''} ${f.reason ?? ''}`.trim());
      return this.#record({
        ...base,
        outcome: taskArns.length > 0 ? 'run-task' : 'run-task-failed',
        taskArns,
        ...(failures.length > 0 ? { error: failures.join('; ') } : {}),
      });
    } catch (error) {
      return this.#record({ ...base, outcome: 'run-task-failed', error: errorText(error) });
    }
  }

  async #roleExists(roleArn: string): Promise<boolean> {
    const match = /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
    if (match?.[1] === undefined) return false;
    // IAM is awsQuery; one form POST is all GetRole needs, and moto signs nothing.
    const res = await fetch(this.#options.motoUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `AWS4-HMAC-SHA256 Credential=${this.#options.credentials.accessKeyId}/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: new URLSearchParams({ Action: 'GetRole', Version: '2010-05-08', RoleName: match[1] }).toString(),
    });
    await res.arrayBuffer();
    return res.ok;
  }

  async #rules(): Promise<Rule[]> {
    const rules: Rule[] = [];
    let next: string | undefined;
    do {
      const page = await this.#events.send(
        new ListRulesCommand({ EventBusName: 'default', NextToken: next }),
      );
      rules.push(...(page.Rules ?? []));
      next = page.NextToken;
    } while (next !== undefined);
    return rules;
  }

  async #targets(rule: string): Promise<Target[]> {
    const targets: Target[] = [];
    let next: string | undefined;
    do {
      const page = await this.#events.send(
        new ListTargetsByRuleCommand({ Rule: rule, EventBusName: 'default', NextToken: next }),
      );
      targets.push(...(page.Targets ?? []));
      next = page.NextToken;
    } while (next !== undefined);
    return targets;
  }

  #record(
    entry: Omit<DeliveryRecord, 'seq' | 'taskArns'> & { taskArns?: readonly string[] },
  ): DeliveryRecord {
    const record: DeliveryRecord = { ...entry, seq: ++this.#seq, taskArns: entry.taskArns ?? [] };
    this.#log.push(record);
    const limit = this.#options.logLimit ?? 500;
    if (this.#log.length > limit) this.#log.splice(0, this.#log.length - limit);
    return record;
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((error: unknown) => {
      this.#record({
        source: 'rule',
        name: '(delivery)',
        outcome: 'invalid-target',
        error: errorText(error),
      });
    });
    this.#pending.add(tracked);
    void tracked.finally(() => this.#pending.delete(tracked));
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }

  /** Drops the SDK clients' sockets. */
  close(): void {
    this.#events.destroy();
    this.#s3.destroy();
    this.#scheduler.destroy();
    this.#ecs.destroy();
  }
}

/** The account the world's ARNs carry. */
export { WORLD_ACCOUNT_ID };
