import type { ServiceEvent } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { relayEcsEvents } from './ecs-events.js';

function ev(id: string, second: number, message = `event ${id}`): ServiceEvent {
  return { id, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)), message };
}

// ECS lists events newest first.
const events = [ev('e5', 5), ev('e4', 4), ev('e3', 3), ev('e2', 2), ev('e1', 1)];

describe('relayEcsEvents', () => {
  it('relays only the newest few on a first visit, oldest first', () => {
    const { toEmit, cursor } = relayEcsEvents(events, undefined);
    expect(toEmit.map((e) => e.id)).toEqual(['e3', 'e4', 'e5']);
    expect(cursor?.lastEventAt).toBe('2026-01-01T00:00:05.000Z');
  });

  it('relays nothing twice', () => {
    const first = relayEcsEvents(events, undefined);
    const again = relayEcsEvents(events, first.cursor);
    expect(again.toEmit).toEqual([]);
    expect(again.cursor).toEqual(first.cursor);
  });

  it('relays new events, also one sharing the newest timestamp', () => {
    const first = relayEcsEvents(events, undefined);
    const next = relayEcsEvents([ev('e7', 6), ev('e6', 5), ...events], first.cursor);
    expect(next.toEmit.map((e) => e.id)).toEqual(['e6', 'e7']);
  });

  it('keeps the cursor when ECS reports no events', () => {
    const cursor = { lastEventAt: '2026-01-01T00:00:05.000Z', lastEventIds: ['e5'] };
    expect(relayEcsEvents([], cursor)).toEqual({ toEmit: [], cursor });
  });

  it('marks ECS troubles as warnings', () => {
    const { toEmit } = relayEcsEvents(
      [
        ev(
          'b',
          2,
          '(service web) was unable to place a task because no container instance met all of its requirements.',
        ),
        ev('a', 1, '(service web) has reached a steady state.'),
      ],
      undefined,
    );
    expect(toEmit.map((e) => e.type)).toEqual(['Normal', 'Warning']);
  });

  it('caps events per visit', () => {
    const many = Array.from({ length: 30 }, (_, i) => ev(`n${i}`, 100 - i));
    const { toEmit } = relayEcsEvents(many, { lastEventAt: '2026-01-01T00:00:00.000Z', lastEventIds: [] });
    expect(toEmit).toHaveLength(10);
    expect(toEmit.at(-1)?.id).toBe('n0');
  });
});
