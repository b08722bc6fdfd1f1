import { afterEach, describe, expect, it } from 'vitest';
import { createSilentLogger } from './logger.js';
import { startProbeServer, type ProbeReport, type ProbeServer } from './http-server.js';
import { createMetrics } from './metrics.js';

let server: ProbeServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(probes: { healthz: () => ProbeReport; readyz: () => ProbeReport }): Promise<string> {
  const metrics = createMetrics({ processMetrics: false });
  metrics.reconcileTotal.inc({ controller: 'things', result: 'success' });
  server = await startProbeServer({
    host: '127.0.0.1',
    port: 0,
    probes,
    registry: metrics.registry,
    log: createSilentLogger(),
  });
  return `http://127.0.0.1:${server.address.port}`;
}

const ok: ProbeReport = { ok: true, checks: [{ name: 'ping', ok: true }] };
const notReady: ProbeReport = {
  ok: false,
  checks: [
    { name: 'source:ecsservices', ok: true },
    { name: 'source:ecstaskdefinitions', ok: false, detail: 'not synced' },
    { name: 'leader-election', ok: false },
  ],
};

describe('probe server', () => {
  it.each<[string, ProbeReport, number, string]>([
    ['/healthz', ok, 200, 'ok\n'],
    ['/livez', ok, 200, 'ok\n'],
    ['/readyz', ok, 200, 'ok\n'],
    ['/readyz?verbose', ok, 200, '[+]ping ok\nreadyz check passed\n'],
    [
      '/readyz',
      notReady,
      503,
      '[+]source:ecsservices ok\n[-]source:ecstaskdefinitions failed: not synced\n[-]leader-election failed: reason withheld\nreadyz check failed\n',
    ],
  ])('GET %s answers %#', async (path, report, status, body) => {
    const base = await serve({ healthz: () => report, readyz: () => report });
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(status);
    expect(await res.text()).toBe(body);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('serves liveness and readiness independently', async () => {
    const base = await serve({ healthz: () => ok, readyz: () => notReady });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
  });

  it('serves the registry in Prometheus text format', async () => {
    const base = await serve({ healthz: () => ok, readyz: () => ok });
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const text = await res.text();
    expect(text).toContain('controller_runtime_reconcile_total{controller="things",result="success"} 1');
    expect(text).toContain('# TYPE workqueue_depth gauge');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    const base = await serve({ healthz: () => ok, readyz: () => ok });
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('answers HEAD without a body', async () => {
    const base = await serve({ healthz: () => ok, readyz: () => notReady });
    const res = await fetch(`${base}/readyz`, { method: 'HEAD' });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('');
  });

  it('answers 500 when a probe throws, and keeps serving', async () => {
    let calls = 0;
    const base = await serve({
      healthz: () => ok,
      readyz: () => {
        if (calls++ === 0) throw new Error('broken probe');
        return ok;
      },
    });
    expect((await fetch(`${base}/readyz`)).status).toBe(500);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });

  it('rejects when the port is taken', async () => {
    const base = await serve({ healthz: () => ok, readyz: () => ok });
    const port = Number(new URL(base).port);
    await expect(
      startProbeServer({
        host: '127.0.0.1',
        port,
        probes: { healthz: () => ok, readyz: () => ok },
        registry: createMetrics({ processMetrics: false }).registry,
        log: createSilentLogger(),
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
