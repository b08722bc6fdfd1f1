import { describe, expect, it } from 'vitest';
import { ManagedTagKeys } from './managed-tag-keys.js';

describe('ManagedTagKeys', () => {
  it('knows nothing until a visit converged (the safe side: untag nothing)', () => {
    expect(new ManagedTagKeys().of('u1')).toEqual([]);
  });

  it('remembers per uid, and forgets', () => {
    const m = new ManagedTagKeys();
    m.remember('u1', ['team', 'env']);
    expect(m.of('u1')).toEqual(['env', 'team']);
    expect(m.of('u2')).toEqual([]);
    m.forget('u1');
    expect(m.of('u1')).toEqual([]);
  });
});
