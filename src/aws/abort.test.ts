import { describe, expect, it } from 'vitest';
import { abortError, linkSignals } from './abort.js';

describe('abortError', () => {
  it('returns the signal’s Error reason itself', () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    expect(abortError(controller.signal)).toBe(reason);
  });

  it('wraps a non-Error reason in an AbortError', () => {
    const controller = new AbortController();
    controller.abort('just because');
    expect(abortError(controller.signal)).toMatchObject({ name: 'AbortError', cause: 'just because' });
  });
});

describe('linkSignals', () => {
  it('passes a lone signal through', () => {
    const a = new AbortController().signal;
    expect(linkSignals(a, undefined).signal).toBe(a);
    expect(linkSignals(undefined, a).signal).toBe(a);
    expect(linkSignals(undefined, undefined).signal).toBeUndefined();
  });

  it.each(['first', 'second'] as const)('aborts when the %s input aborts, with its reason', (which) => {
    const a = new AbortController();
    const b = new AbortController();
    const { signal } = linkSignals(a.signal, b.signal);
    const reason = new Error(which);
    (which === 'first' ? a : b).abort(reason);
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe(reason);
  });

  it('starts aborted when an input already is', () => {
    const a = new AbortController();
    a.abort(new Error('early'));
    expect(linkSignals(a.signal, new AbortController().signal).signal?.aborted).toBe(true);
  });

  it('no longer follows its inputs once released', () => {
    const a = new AbortController();
    const { signal, release } = linkSignals(a.signal, new AbortController().signal);
    release();
    a.abort();
    expect(signal?.aborted).toBe(false);
  });
});
