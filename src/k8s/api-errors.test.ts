import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  apiStatusCode,
  apiStatusReason,
  isAlreadyExists,
  isConflict,
  isGone,
  isNotFound,
} from './api-errors.js';

const status = (code: number, reason: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, code });

describe('API error predicates', () => {
  it.each([
    ['ApiException 404', new ApiException(404, 'nf', status(404, 'NotFound'), {}), 404],
    ['ApiException 409 with a parsed body', new ApiException(409, 'c', { reason: 'Conflict' }, {}), 409],
    ['a failed watch (statusCode)', Object.assign(new Error('Gone'), { statusCode: 410 }), 410],
    ['a watch ERROR status', { kind: 'Status', code: 410 }, 410],
    [
      'wrapped with a cause',
      new Error('adding finalizer', { cause: new ApiException(409, 'c', '', {}) }),
      409,
    ],
    ['a network error (string code)', Object.assign(new Error('reset'), { code: 'ECONNRESET' }), undefined],
    ['not an error', 'boom', undefined],
    ['undefined', undefined, undefined],
  ])('%s has status %s', (_name, err, code) => {
    expect(apiStatusCode(err)).toBe(code);
  });

  it('stops following a cause cycle', () => {
    const a: { cause?: unknown } = {};
    const b = { cause: a };
    a.cause = b;
    expect(apiStatusCode(a)).toBeUndefined();
  });

  it('names each status', () => {
    expect(isNotFound(new ApiException(404, '', '', {}))).toBe(true);
    expect(isConflict(new ApiException(409, '', '', {}))).toBe(true);
    expect(isGone(new ApiException(410, '', '', {}))).toBe(true);
    expect(isConflict(new ApiException(404, '', '', {}))).toBe(false);
  });

  it('tells AlreadyExists from a stale resourceVersion', () => {
    const exists = new ApiException(409, '', status(409, 'AlreadyExists'), {});
    const stale = new ApiException(409, '', status(409, 'Conflict'), {});
    expect(apiStatusReason(exists)).toBe('AlreadyExists');
    expect(isAlreadyExists(exists)).toBe(true);
    expect(isAlreadyExists(stale)).toBe(false);
    expect(apiStatusReason(new ApiException(500, '', 'not json', {}))).toBeUndefined();
  });
});
