/**
 * The trigger reconciler against stateful in-memory fakes of EventBridge, Scheduler, S3 and ECS:
 * one write per change, nothing on a resync, suspend as one write, a rule not ours never written,
 * bad input with no AWS call, deletion of what it owns only.
 */
import type { DescribeRuleResponse, PutRuleRequest, Tag, Target } from '@aws-sdk/client-eventbridge';
import { describe, expect, it } from 'vitest';
import { TerminalError } from '../../controller/reconciler.js';
import { createSilentLogger } from '../../observability/logger.js';
import { FINALIZER } from '../api-group.js';
import { TaskTriggerReconciler } from './reconciler.js';
import type { TriggerApis } from './ports.js';
import type { EcsTaskTrigger } from './types.js';

const ctx = { log: createSilentLogger(), reconcileId: 'test', signal: new AbortController().signal };

class FakeEvents {
  readonly rules = new Map<string, DescribeRuleResponse & { tags: Tag[]; targets: Target[] }>();
  readonly writes: string[] = [];
  readonly api: TriggerApis['events'] = {
    describeRule: (name) => {
      const r = this.rules.get(name);
      return Promise.resolve(
        r === undefined
          ? undefined
          : {
              Name: r.Name,
              Arn: r.Arn,
              EventPattern: r.EventPattern,
              State: r.State,
              Description: r.Description,
            },
      );
    },
    listRules: () => Promise.resolve([]),
    putRule: (rule: PutRuleRequest) => {
      this.writes.push(`PutRule ${rule.Name ?? ''}`);
      const old = this.rules.get(rule.Name ?? '');
      const arn = `arn:aws:events:us-east-1:123456789012:rule/${rule.Name ?? ''}`;
      this.rules.set(rule.Name ?? '', {
        Name: rule.Name,
        Arn: arn,
        EventPattern: rule.EventPattern,
        State: rule.State,
        Description: rule.Description,
        // PutRule applies tags only when it creates the rule.
        tags: old?.tags ?? [...(rule.Tags ?? [])],
        targets: old?.targets ?? [],
      });
      return Promise.resolve(arn);
    },
    deleteRule: (name) => {
      this.writes.push(`DeleteRule ${name}`);
      this.rules.delete(name);
      return Promise.resolve();
    },
    listTargetsByRule: (rule) => Promise.resolve([...(this.rules.get(rule)?.targets ?? [])]),
    putTargets: (rule, _bus, targets) => {
      this.writes.push(`PutTargets ${rule}`);
      const r = this.rules.get(rule);
      if (r !== undefined)
        r.targets = [...r.targets.filter((t) => !targets.some((n) => n.Id === t.Id)), ...targets];
      return Promise.resolve();
    },
    removeTargets: (rule, _bus, ids) => {
      this.writes.push(`RemoveTargets ${rule}`);
      const r = this.rules.get(rule);
      if (r !== undefined) r.targets = r.targets.filter((t) => !ids.includes(t.Id ?? ''));
      return Promise.resolve();
    },
    listTags: (arn) =>
      Promise.resolve([...([...this.rules.values()].find((r) => r.Arn === arn)?.tags ?? [])]),
    tagRule: (arn, tags) => {
      this.writes.push(`TagResource ${arn}`);
      const r = [...this.rules.values()].find((x) => x.Arn === arn);
      if (r !== undefined) r.tags = [...r.tags.filter((t) => !tags.some((n) => n.Key === t.Key)), ...tags];
      return Promise.resolve();
    },
    untagRule: () => Promise.reject(new Error('not used')),
  };
}

function apis(events: FakeEvents, calls: string[]): TriggerApis {
  const counted = <T extends object>(name: string, api: T): T =>
    new Proxy(api, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push(`${name}.${String(key)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  return {
    events: counted('events', events.api),
    scheduler: counted('scheduler', {} as TriggerApis['scheduler']),
    s3Notifications: counted('s3', {
      getNotificationConfiguration: () => Promise.resolve({ EventBridgeConfiguration: {} }),
      putNotificationConfiguration: () => Promise.reject(new Error('not expected')),
    }),
    tasks: counted('ecs', {
      runTask: () => Promise.reject(new Error('not expected')),
      listTaskArns: () => Promise.resolve([]),
      describeTasks: () => Promise.resolve([]),
      stopTask: () => Promise.reject(new Error('not expected')),
    }),
  };
}

function trigger(spec: Partial<EcsTaskTrigger['spec']> = {}, deleting = false): EcsTaskTrigger {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskTrigger',
    metadata: {
      name: 'up',
      namespace: 'media',
      uid: 'u1',
      generation: 1,
      finalizers: [FINALIZER],
      ...(deleting ? { deletionTimestamp: '2026-12-06T00:00:00Z' } : {}),
    },
    spec: {
      roleArn: 'arn:aws:iam::123456789012:role/events',
      event: { s3: { bucket: 'uploads', keyPrefix: 'in/' } },
      template: { cluster: 'jobs', taskDefinition: 'thumb:1', launchType: 'FARGATE' },
      ...spec,
    },
  };
}

function harness() {
  const events = new FakeEvents();
  const calls: string[] = [];
  const statuses: EcsTaskTrigger['status'][] = [];
  const reconciler = new TaskTriggerReconciler({
    apisFor: () => apis(events, calls),
    writer: {
      updateStatus: (obj, next) => {
        const status = next as EcsTaskTrigger['status'];
        statuses.push(status);
        return Promise.resolve({
          written: true,
          object: { ...obj, ...(status === undefined ? {} : { status }) },
        });
      },
      addFinalizer: (obj) => Promise.resolve(obj),
      removeFinalizer: (obj) => Promise.resolve(obj),
      readCurrent: (obj) => Promise.resolve(obj),
    },
    events: { record: () => undefined },
    lookups: { cluster: () => Promise.resolve(undefined), taskDefinition: () => Promise.resolve(undefined) },
    instanceId: 'default',
    defaultRegion: 'us-east-1',
  });
  return { events, calls, statuses, reconciler };
}

const RULE = 'ecsb-media-up';

describe('TaskTriggerReconciler', () => {
  it('creates the rule with our tags and its target, then writes nothing on a resync', async () => {
    const h = harness();
    await h.reconciler.reconcile(ctx, trigger());
    expect(h.events.writes).toEqual([`PutRule ${RULE}`, `PutTargets ${RULE}`]);
    expect(h.events.rules.get(RULE)?.tags).toEqual([
      { Key: 'ecs-bridge.dev/owner', Value: 'media/up' },
      { Key: 'ecs-bridge.dev/instance', Value: 'default' },
    ]);
    const target = h.events.rules.get(RULE)?.targets[0];
    expect(target?.Arn).toBe('arn:aws:ecs:us-east-1:123456789012:cluster/jobs');
    expect(target?.EcsParameters).toMatchObject({
      TaskDefinitionArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/thumb:1',
      Group: `ecs-bridge:${RULE}`,
    });
    for (let i = 0; i < 3; i++) await h.reconciler.reconcile(ctx, trigger());
    expect(h.events.writes).toHaveLength(2);
    expect(h.statuses.at(-1)).toMatchObject({ mode: 'rule', name: RULE, state: 'ENABLED', suspended: false });
  });

  it('suspends and resumes with one PutRule each', async () => {
    const h = harness();
    await h.reconciler.reconcile(ctx, trigger());
    h.events.writes.length = 0;
    await h.reconciler.reconcile(ctx, trigger({ suspend: true }));
    expect(h.events.writes).toEqual([`PutRule ${RULE}`]);
    expect(h.events.rules.get(RULE)?.State).toBe('DISABLED');
    await h.reconciler.reconcile(ctx, trigger({ suspend: true }));
    await h.reconciler.reconcile(ctx, trigger());
    expect(h.events.writes).toEqual([`PutRule ${RULE}`, `PutRule ${RULE}`]);
    expect(h.events.rules.get(RULE)?.State).toBe('ENABLED');
  });

  it('never writes a rule without our tags, nor deletes it', async () => {
    const h = harness();
    h.events.rules.set(RULE, {
      Name: RULE,
      Arn: 'arn:x',
      EventPattern: '{}',
      State: 'ENABLED',
      tags: [],
      targets: [],
    });
    await expect(h.reconciler.reconcile(ctx, trigger())).rejects.toBeInstanceOf(TerminalError);
    expect(h.events.writes).toEqual([]);
    expect(h.calls).not.toContain('events.listTargetsByRule');
    expect(h.statuses.at(-1)?.conditions?.find((c) => c.type === 'Stalled')).toMatchObject({
      status: 'True',
      reason: 'NotOwned',
    });
    await h.reconciler.reconcile(ctx, trigger({}, true));
    expect(h.events.writes).toEqual([]);
    expect(h.events.rules.has(RULE)).toBe(true);
  });

  it('adopts a hand-made rule with no write, tags it with the first write, and leaves a claimed one', async () => {
    const h = harness();
    const adopting = trigger({
      adopt: true,
      event: { pattern: '{"source":["aws.s3"]}', ruleName: 'by-hand', targetId: 'run' },
      description: '',
      taskGroup: '',
    });
    // What the spec says, made outside ecs-bridge (here by another installation, then untagged).
    const made = harness();
    await made.reconciler.reconcile(ctx, {
      ...adopting,
      spec: {
        ...adopting.spec,
        adopt: false,
        event: { pattern: '{"source":["aws.s3"]}', ruleName: 'fresh', targetId: 'run' },
      },
    });
    const fresh = made.events.rules.get('fresh');
    if (fresh === undefined) throw new Error('no rule');
    h.events.rules.set('by-hand', {
      ...fresh,
      Name: 'by-hand',
      Arn: 'arn:by-hand',
      tags: [{ Key: 'team', Value: 'media' }],
    });
    h.calls.length = 0;
    await h.reconciler.reconcile(ctx, adopting);
    expect(h.events.writes).toEqual([]);
    expect(h.calls).not.toContain('ecs.listTaskArns');
    expect(h.statuses.at(-1)?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');

    await h.reconciler.reconcile(ctx, { ...adopting, spec: { ...adopting.spec, suspend: true } });
    expect(h.events.writes).toEqual(['TagResource arn:by-hand', 'PutRule by-hand']);
    expect(h.events.rules.get('by-hand')?.tags).toContainEqual({
      Key: 'ecs-bridge.dev/owner',
      Value: 'media/up',
    });

    // A rule another object's tags claim is never adopted.
    h.events.rules.set('claimed', {
      ...fresh,
      Name: 'claimed',
      Arn: 'arn:claimed',
      tags: [{ Key: 'ecs-bridge.dev/owner', Value: 'other/x' }],
    });
    h.events.writes.length = 0;
    const claiming = trigger({
      ...adopting.spec,
      event: { pattern: '{"source":["aws.s3"]}', ruleName: 'claimed', targetId: 'run' },
    });
    await expect(h.reconciler.reconcile(ctx, claiming)).rejects.toBeInstanceOf(TerminalError);
    expect(h.events.writes).toEqual([]);
  });

  it('refuses bad input with no AWS call', async () => {
    const h = harness();
    await expect(
      h.reconciler.reconcile(ctx, trigger({ event: { pattern: 'not json' } })),
    ).rejects.toBeInstanceOf(TerminalError);
    expect(h.calls).toEqual([]);
    expect(h.statuses.at(-1)?.conditions?.find((c) => c.type === 'Stalled')?.reason).toBe('InvalidSpec');
  });

  it('deletes its targets then its rule; Retain keeps them', async () => {
    const h = harness();
    await h.reconciler.reconcile(ctx, trigger());
    h.events.writes.length = 0;
    await h.reconciler.reconcile(ctx, { ...trigger({ deletionPolicy: 'Retain' }, true) });
    expect(h.events.writes).toEqual([]);
    await h.reconciler.reconcile(ctx, trigger({}, true));
    expect(h.events.writes).toEqual([`RemoveTargets ${RULE}`, `DeleteRule ${RULE}`]);
    expect(h.events.rules.has(RULE)).toBe(false);
  });
});
