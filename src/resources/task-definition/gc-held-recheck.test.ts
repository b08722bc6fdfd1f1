import { describe, expect, it } from 'vitest';
import type { ObservedTaskDefinition } from './observe.js';
import { GC_HELD_RECHECK_MS, gcHeldRecheck } from './revisions-in-use.js';
import { EVERY_REVISION } from './revisions-in-use.js';

const revision = (n: number) => ({ arn: `arn:aws:ecs:us-east-1:1:task-definition/web:${String(n)}` });
const observed = (inUse: string[], owned: number): ObservedTaskDefinition =>
  ({
    family: 'web',
    owned: Array.from({ length: owned }, (_, i) => revision(i + 1)),
    inUse: new Set(inUse),
    foreignActive: 0,
  }) as unknown as ObservedTaskDefinition;

describe('gcHeldRecheck', () => {
  it('comes back soon while collection is held and something could go, else leaves it to the resync', () => {
    expect(gcHeldRecheck(observed([EVERY_REVISION], 3))).toEqual({ requeueAfterMs: GC_HELD_RECHECK_MS });
    expect(gcHeldRecheck(observed([EVERY_REVISION], 1))).toEqual({});
    expect(gcHeldRecheck(observed([revision(3).arn], 3))).toEqual({});
  });
});
