import { describe, expect, it } from 'vitest';
import { CLIENT_TOKEN_MAX_LENGTH, predecessorOf, serviceClientToken } from './client-token.js';

describe('serviceClientToken', () => {
  it('is deterministic for a uid and predecessor', () => {
    const uid = '3f1c6a52-8f1e-4d7a-9a57-2b0c4c1a9e11';
    expect(serviceClientToken(uid, undefined)).toBe(serviceClientToken(uid, undefined));
    expect(serviceClientToken(uid, '2026-01-01T00:00:00.000Z')).toBe(
      serviceClientToken(uid, '2026-01-01T00:00:00.000Z'),
    );
  });

  it('differs between objects and between predecessors', () => {
    const tokens = new Set([
      serviceClientToken('a', undefined),
      serviceClientToken('b', undefined),
      serviceClientToken('a', '2026-01-01T00:00:00.000Z'),
      serviceClientToken('a', '2026-02-01T00:00:00.000Z'),
    ]);
    expect(tokens.size).toBe(4);
  });

  it('fits ECS: at most 36 characters in the ASCII range 33-126', () => {
    const token = serviceClientToken('x'.repeat(500), 'y'.repeat(500));
    expect(token.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX_LENGTH);
    expect([...token].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126)).toBe(true);
  });
});

describe('predecessorOf', () => {
  it.each([
    ['a Date', { createdAt: new Date('2026-01-01T00:00:00Z') }, '2026-01-01T00:00:00.000Z'],
    ['a string (after JSON)', { createdAt: '2026-01-01T00:00:00Z' }, '2026-01-01T00:00:00.000Z'],
    ['no creation time', { serviceArn: 'arn:svc' }, 'inactive:arn:svc'],
  ])('identifies the replaced service by %s', (_name, service, expected) => {
    expect(predecessorOf(service)).toBe(expected);
  });
});
