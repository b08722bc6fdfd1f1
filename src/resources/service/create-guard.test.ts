import { describe, expect, it } from 'vitest';
import {
  afterCreate,
  afterSighting,
  isCreatedForObject,
  judgeCreate,
  type AbsentRead,
  type CreateMemory,
} from './create-guard.js';

const options = { recentCreateMs: 600_000, confirmAbsenceMs: 30_000 };
const T0 = Date.parse('2026-03-01T12:00:00Z');

function read(patch: Partial<AbsentRead> = {}): AbsentRead {
  return {
    answer: 'MISSING',
    inactiveIsOurs: false,
    token: 'tok-a',
    where: 'ECS service web in cluster demo',
    now: T0,
    ...patch,
  };
}

/** Judges a sequence of reads, threading the memory; returns the verdict kinds. */
function sequence(start: CreateMemory, reads: readonly AbsentRead[]): string[] {
  let memory = start;
  return reads.map((r) => {
    const out = judgeCreate(memory, r, options);
    memory = out.memory;
    return out.verdict.kind;
  });
}

describe('judgeCreate', () => {
  it('creates at once with no evidence of a service (a first create)', () => {
    expect(sequence({}, [read()])).toEqual(['create']);
    expect(sequence({}, [read({ answer: 'INACTIVE' })])).toEqual(['create']);
  });

  it('never re-creates while ECS answers MISSING for our recent create: confirm, then contradiction', () => {
    const created = afterCreate({}, 'tok-a', T0);
    const kinds = sequence(
      created,
      [5, 10, 20, 40, 60, 120, 300].map((s) => read({ now: T0 + s * 1000 })),
    );
    expect(kinds).toEqual([
      'confirm',
      'confirm',
      'confirm',
      'contradiction',
      'contradiction',
      'contradiction',
      'contradiction',
    ]);
  });

  it('treats a stale INACTIVE predecessor as a contradiction too (the token we already used)', () => {
    const created = afterCreate({}, 'tok-b', T0);
    const kinds = sequence(
      created,
      [5, 60].map((s) =>
        read({ answer: 'INACTIVE', inactiveIsOurs: true, token: 'tok-b', now: T0 + s * 1000 }),
      ),
    );
    expect(kinds).toEqual(['confirm', 'contradiction']);
  });

  it('believes the deletion of our live service only after two reads over the confirmation time', () => {
    const seen = afterSighting(afterCreate({}, 'tok-a', T0), T0 + 60_000);
    const deleted = (s: number) =>
      read({ answer: 'INACTIVE', inactiveIsOurs: true, token: 'tok-b', now: T0 + s * 1000 });
    expect(sequence(seen, [deleted(65), deleted(70), deleted(90), deleted(95)])).toEqual([
      'confirm',
      'confirm',
      'confirm',
      'create',
    ]);
  });

  it('starts the confirmation again when the service is seen in between', () => {
    const inactive = (s: number) =>
      read({ answer: 'INACTIVE', inactiveIsOurs: true, token: 'tok-b', now: T0 + s * 1000 });
    let memory: CreateMemory = { lastSeenAt: T0 };
    memory = judgeCreate(memory, inactive(10), options).memory;
    memory = afterSighting(memory, T0 + 20_000);
    expect(judgeCreate(memory, inactive(45), options).verdict.kind).toBe('confirm');
  });

  it('an INACTIVE service with our tags is evidence even with no memory (after a restart)', () => {
    const inactive = (s: number) => read({ answer: 'INACTIVE', inactiveIsOurs: true, now: T0 + s * 1000 });
    expect(sequence({}, [inactive(0), inactive(29), inactive(30)])).toEqual(['confirm', 'confirm', 'create']);
  });

  it('a MISSING service seen earlier in this process is confirmed before a create', () => {
    expect(sequence({ lastSeenAt: T0 - 1 }, [read(), read({ now: T0 + 30_000 })])).toEqual([
      'confirm',
      'create',
    ]);
  });

  it('after the memory of the create expires, MISSING is confirmed and then creates (bounded)', () => {
    const created = afterCreate({}, 'tok-a', T0);
    const later = T0 + options.recentCreateMs;
    expect(sequence(created, [read({ now: later }), read({ now: later + 30_000 })])).toEqual([
      'confirm',
      'create',
    ]);
  });

  it('says what it saw and what it does, with stable text (no per-poll change)', () => {
    const created = afterCreate({}, 'tok-a', T0);
    const first = judgeCreate(created, read({ now: T0 + 5_000 }), options);
    const a = judgeCreate(first.memory, read({ now: T0 + 40_000 }), options);
    const b = judgeCreate(a.memory, read({ now: T0 + 80_000 }), options);
    expect(a.verdict).toEqual(b.verdict);
    expect(a.verdict.kind === 'contradiction' && a.verdict.message).toContain(
      'ecs-bridge created ECS service web in cluster demo at 2026-03-01T12:00:00.000Z (CreateService succeeded)',
    );
  });
});

describe('isCreatedForObject', () => {
  it("an INACTIVE service older than the object was an earlier object's", () => {
    expect(isCreatedForObject(new Date('2026-03-01T11:00:00Z'), '2026-03-01T12:00:00Z')).toBe(false);
  });

  it('a service created after the object (or within its second) was created for it', () => {
    expect(isCreatedForObject(new Date('2026-03-01T12:00:05Z'), '2026-03-01T12:00:00Z')).toBe(true);
    expect(isCreatedForObject(new Date('2026-03-01T11:59:59.500Z'), '2026-03-01T12:00:00Z')).toBe(true);
  });

  it('unknown times count as created for it (confirm first)', () => {
    expect(isCreatedForObject(undefined, '2026-03-01T12:00:00Z')).toBe(true);
    expect(isCreatedForObject(new Date(), undefined)).toBe(true);
  });
});
