import type { ServiceEvent } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { ecsEventItems, ecsEventRelay } from './ecs-events.js';

function ev(id: string, second: number, message = `event ${id}`): ServiceEvent {
  return { id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), message };
}

// ECS lists events newest first.
const events = [ev('e5', 5), ev('e4', 4), ev('e3', 3), ev('e2', 2), ev('e1', 1)];
const START = new Date(Date.UTC(2026, 0, 1, 0, 0, 3));

describe('the ECS event relay', () => {
  it('relays what happened since the process started, oldest first', () => {
    const relay = ecsEventRelay(START);
    expect(relay.relay('uid', ecsEventItems(events)).map((e) => e.id)).toEqual(['e3', 'e4', 'e5']);
  });

  it('relays nothing twice, and nothing of the history a restarted process finds', () => {
    const relay = ecsEventRelay(START);
    relay.relay('uid', ecsEventItems(events));
    expect(relay.relay('uid', ecsEventItems(events))).toEqual([]);
    const restarted = ecsEventRelay(new Date(Date.UTC(2026, 0, 1, 0, 0, 6)));
    expect(restarted.relay('uid', ecsEventItems(events))).toEqual([]);
  });

  it('relays new events, also one sharing the newest timestamp', () => {
    const relay = ecsEventRelay(START);
    relay.relay('uid', ecsEventItems(events));
    const next = relay.relay('uid', ecsEventItems([ev('e7', 6), ev('e6', 5), ...events]));
    expect(next.map((e) => e.id)).toEqual(['e6', 'e7']);
  });

  it('keeps its place when ECS reports no events', () => {
    const relay = ecsEventRelay(START);
    relay.relay('uid', ecsEventItems(events));
    expect(relay.relay('uid', [])).toEqual([]);
    expect(relay.relay('uid', ecsEventItems(events))).toEqual([]);
  });

  it('keeps a place per object; a forgotten object starts again from the process start', () => {
    const relay = ecsEventRelay(START);
    expect(relay.relay('one', ecsEventItems([ev('a', 4)])).map((e) => e.id)).toEqual(['a']);
    expect(relay.relay('two', ecsEventItems([ev('a', 4)])).map((e) => e.id)).toEqual(['a']);
    relay.forget('one');
    expect(relay.relay('one', ecsEventItems([ev('a', 4)])).map((e) => e.id)).toEqual(['a']);
  });

  it('marks ECS troubles as warnings and skips events without an id or a time', () => {
    const items = ecsEventItems([
      ev(
        'b',
        2,
        '(service web) was unable to place a task because no container instance met all of its requirements.',
      ),
      ev('a', 1, '(service web) has reached a steady state.'),
      { message: 'no id', createdAt: new Date() },
      { id: 'no-time', message: 'no time' },
    ]);
    expect(items.map((e) => [e.id, e.type])).toEqual([
      ['b', 'Warning'],
      ['a', 'Normal'],
    ]);
  });

  it('caps events per visit', () => {
    const many = Array.from({ length: 30 }, (_, i) => ev(`n${i}`, 100 - i));
    const relayed = ecsEventRelay(new Date(Date.UTC(2026, 0, 1))).relay('uid', ecsEventItems(many));
    expect(relayed).toHaveLength(10);
    expect(relayed.at(-1)?.id).toBe('n0');
  });
});
