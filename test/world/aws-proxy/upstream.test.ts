import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { Upstream } from './upstream.js';

/** An upstream that answers after 20 ms and records the most requests it held at once. */
async function slowUpstream(): Promise<{ url: URL; peak: () => number; server: Server }> {
  let inFlight = 0;
  let peak = 0;
  const server = createServer((req, res) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    req.resume();
    void delay(20).then(() => {
      inFlight--;
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: new URL(`http://127.0.0.1:${port}`), peak: () => peak, server };
}

describe('Upstream', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  it.each([
    [undefined, 1],
    [3, 3],
  ])('holds at most %s (default 1) requests at the emulator at once', async (concurrency, expected) => {
    const world = await slowUpstream();
    servers.push(world.server);
    const upstream = new Upstream(world.url, concurrency);
    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        upstream.forward({ method: 'POST', path: '/', headers: {} }, Buffer.from('{}')),
      ),
    );
    upstream.close();
    expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 8 }, () => 200));
    expect(world.peak()).toBe(expected);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new Upstream(new URL('http://127.0.0.1:1'), 0)).toThrow(/concurrency/);
  });
});
