import { describe, expect, it } from 'vitest';
import { CLIENT_TOKEN_MAX_LENGTH, serviceClientToken } from './client-token.js';

describe('serviceClientToken', () => {
  it('is deterministic for a uid and incarnation', () => {
    expect(serviceClientToken('3f1c6a52-8f1e-4d7a-9a57-2b0c4c1a9e11', 0)).toBe(
      serviceClientToken('3f1c6a52-8f1e-4d7a-9a57-2b0c4c1a9e11', 0),
    );
  });

  it('differs between objects and between incarnations', () => {
    const tokens = new Set([
      serviceClientToken('a', 0),
      serviceClientToken('b', 0),
      serviceClientToken('a', 1),
    ]);
    expect(tokens.size).toBe(3);
  });

  it('fits ECS: at most 36 characters in the ASCII range 33-126', () => {
    const token = serviceClientToken('x'.repeat(500), 12345);
    expect(token.length).toBeLessThanOrEqual(CLIENT_TOKEN_MAX_LENGTH);
    expect([...token].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126)).toBe(true);
  });
});
