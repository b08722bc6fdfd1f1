import { describe, expect, it } from 'vitest';
import { parseTarget, parseTimeout, waitCommand, type WaitDeps } from './wait-command.js';
import { captureIo } from './testing/fixtures.js';
import type { WaitedObject } from './wait/verdict.js';

const io = captureIo;

const cond = (type: string, status: 'True' | 'False' | 'Unknown', reason: string) => ({
  type,
  status,
  reason,
  message: `${reason} message`,
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

/** A fake API server whose objects change as the fake clock advances one poll at a time. */
function world(timeline: Record<string, (WaitedObject | undefined)[]>): WaitDeps & { reads: number } {
  let clock = 0;
  let polls = 0;
  const state = {
    reads: 0,
    read: (t: { name: string }) => {
      state.reads++;
      const steps = timeline[t.name] ?? [];
      return Promise.resolve(steps[Math.min(polls, steps.length - 1)]);
    },
    now: () => clock,
    sleep: (ms: number) => {
      clock += ms;
      polls++;
      return Promise.resolve();
    },
  };
  return state;
}

const pending: WaitedObject = {
  metadata: { generation: 1 },
  status: { observedGeneration: 1, conditions: [cond('Ready', 'Unknown', 'RolloutInProgress')] },
};
const ready: WaitedObject = {
  metadata: { generation: 1 },
  status: { observedGeneration: 1, conditions: [cond('Ready', 'True', 'ServiceStable')] },
};
const stalled: WaitedObject = {
  metadata: { generation: 1 },
  status: {
    observedGeneration: 1,
    conditions: [cond('Ready', 'False', 'RolloutFailed'), cond('Stalled', 'True', 'RolloutFailed')],
  },
};

describe('ecs-bridge wait', () => {
  it('returns 0 as soon as every object is Ready', async () => {
    const w = world({ web: [undefined, pending, ready], api: [ready] });
    const out = io();
    expect(await waitCommand(['ecssvc/web', 'ecstd/api', '--timeout', '1m'], out, w)).toBe(0);
    expect(w.now()).toBe(2_000);
    expect(out.out).toBe('ecssvc/web Ready (ServiceStable)\necstd/api Ready (ServiceStable)\n');
    expect(out.err).toContain('ecssvc/web: waiting (NotFound');
    expect(out.err).toContain('ecssvc/web: waiting (RolloutInProgress: RolloutInProgress message)');
  });

  it('fails at once with the reason and message when an object is Stalled', async () => {
    const w = world({ web: [pending, stalled] });
    const out = io();
    expect(await waitCommand(['ecssvc/web', '-n', 'shop', '--timeout', '10m'], out, w)).toBe(1);
    expect(w.now()).toBe(1_000);
    expect(out.err).toContain(
      'ecssvc/web in namespace shop is Stalled: RolloutFailed: RolloutFailed message',
    );
  });

  it('gives up at the timeout, saying where each object stands', async () => {
    const w = world({ web: [pending] });
    const out = io();
    expect(await waitCommand(['ecssvc/web', '--timeout', '5s'], out, w)).toBe(1);
    expect(w.now()).toBe(5_000);
    expect(out.err).toContain('ecssvc/web in namespace default not Ready after 5s: RolloutInProgress');
  });

  it('refuses bad command lines before reading anything', async () => {
    for (const [argv, message] of [
      [[], 'name the objects to wait for'],
      [['deployment/web'], '"deployment/web" is not <kind>/<name>'],
      [['ecssvc/web', '--timeout', 'soon'], '--timeout "soon" is not a duration'],
    ] as const) {
      const w = world({});
      const out = io();
      expect(await waitCommand(argv, out, w)).toBe(1);
      expect(out.err).toContain(message);
      expect(w.reads).toBe(0);
    }
  });

  it('parses kinds and durations', () => {
    expect(parseTarget('EcsService.ecs-bridge.dev/web')).toMatchObject({
      plural: 'ecsservices',
      name: 'web',
    });
    expect(parseTarget('ecstaskdefinition/x')).toMatchObject({ plural: 'ecstaskdefinitions' });
    expect(parseTimeout('90s')).toBe(90_000);
    expect(parseTimeout('10m')).toBe(600_000);
    expect(parseTimeout('2')).toBe(2_000);
    expect(parseTimeout(undefined)).toBe(600_000);
  });
});
