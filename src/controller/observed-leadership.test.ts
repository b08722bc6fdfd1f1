import { describe, expect, it } from 'vitest';
import type { LeadershipCallbacks, LeadershipGate } from './manager.js';
import { observedLeadership } from './observed-leadership.js';

/** A gate the test drives by hand: it records the callbacks and ends when told. */
function scriptedGate(): {
  gate: LeadershipGate;
  callbacks: () => LeadershipCallbacks;
  end: (err?: Error) => void;
} {
  let given: LeadershipCallbacks | undefined;
  let finish: ((err?: Error) => void) | undefined;
  const gate: LeadershipGate = {
    run: (callbacks) => {
      given = callbacks;
      return new Promise<void>((resolve, reject) => {
        finish = (err) => (err === undefined ? resolve() : reject(err));
      });
    },
    health: () => ({ leading: true, healthy: true, detail: 'scripted' }),
  };
  return {
    gate,
    callbacks: () => {
      if (given === undefined) throw new Error('run was not called');
      return given;
    },
    end: (err) => finish?.(err),
  };
}

describe('observedLeadership', () => {
  it('reports each transition before passing it on, and not leading once run ends', async () => {
    const scripted = scriptedGate();
    const seen: string[] = [];
    const observed = observedLeadership(scripted.gate, (leading) => seen.push(`metric ${leading}`));
    const done = observed.run(
      {
        onStartedLeading: () => seen.push('started'),
        onStoppedLeading: () => seen.push('stopped'),
      },
      new AbortController().signal,
    );
    scripted.callbacks().onStartedLeading();
    scripted.callbacks().onStoppedLeading();
    scripted.callbacks().onStartedLeading();
    // A released lease: the gate ends without calling onStoppedLeading.
    scripted.end();
    await done;
    expect(seen).toEqual([
      'metric true',
      'started',
      'metric false',
      'stopped',
      'metric true',
      'started',
      'metric false',
    ]);
  });

  it('reports not leading when run rejects, and passes the rejection on', async () => {
    const scripted = scriptedGate();
    const seen: boolean[] = [];
    const observed = observedLeadership(scripted.gate, (leading) => seen.push(leading));
    const done = observed.run(
      { onStartedLeading: () => undefined, onStoppedLeading: () => undefined },
      new AbortController().signal,
    );
    scripted.callbacks().onStartedLeading();
    scripted.end(new Error('bug'));
    await expect(done).rejects.toThrow('bug');
    expect(seen).toEqual([true, false]);
  });

  it("answers health with the gate's own", () => {
    const scripted = scriptedGate();
    expect(observedLeadership(scripted.gate, () => undefined).health()).toEqual({
      leading: true,
      healthy: true,
      detail: 'scripted',
    });
  });
});
