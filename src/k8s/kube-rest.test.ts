import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiStatusReason, isConflict, isNotFound } from './api-errors.js';
import { kubeApis } from './kube-apis.js';
import { KubeApiError, KubeRest, MERGE_PATCH } from './kube-rest.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly contentType: string | undefined;
  readonly authorization: string | undefined;
  readonly body: string;
}

async function read(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

describe('KubeRest', () => {
  const seen: Seen[] = [];
  let server: Server;
  let kc: KubeConfig;

  beforeAll(async () => {
    server = createServer((req, res) => {
      void read(req).then((body) => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          contentType: req.headers['content-type'],
          authorization: req.headers.authorization,
          body,
        });
        if (req.url?.includes('/slow')) return; // never answers: the deadline must end the call
        if (req.url?.includes('/conflict')) {
          res.writeHead(409, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ kind: 'Status', reason: 'AlreadyExists', message: 'taken', code: 409 }));
          return;
        }
        if (req.url?.includes('/missing')) {
          res.writeHead(404, { 'content-type': 'text/plain' });
          res.end('404 page not found');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ echo: body === '' ? null : (JSON.parse(body) as unknown) }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the path, the query without undefined values, the token and the JSON answer back', async () => {
    const answer = await kubeApis(kc).customObjects.listNamespacedCustomObject(
      { group: 'ecs-bridge.dev', version: 'v1alpha1', plural: 'ecsservices', namespace: 'a b', limit: 500 },
      { timeoutMs: 5_000 },
    );
    expect(answer).toEqual({ echo: null });
    expect(seen.at(-1)).toMatchObject({
      method: 'GET',
      url: '/apis/ecs-bridge.dev/v1alpha1/namespaces/a%20b/ecsservices?limit=500',
      authorization: 'Bearer secret-token',
    });
  });

  it('sends a patch body with the content type it is given', async () => {
    const answer = await kubeApis(kc).customObjects.patchNamespacedCustomObjectStatus(
      {
        group: 'g.dev',
        version: 'v1',
        plural: 'things',
        namespace: 'ns',
        name: 'n',
        body: { status: { a: 1 } },
      },
      { timeoutMs: 5_000, contentType: MERGE_PATCH },
    );
    expect(answer).toEqual({ echo: { status: { a: 1 } } });
    expect(seen.at(-1)).toMatchObject({
      method: 'PATCH',
      url: '/apis/g.dev/v1/namespaces/ns/things/n/status',
      contentType: MERGE_PATCH,
    });
  });

  it('throws the status, reason and body of a non-2xx answer, as api-errors.ts reads them', async () => {
    const rest = new KubeRest(kc);
    const err = await rest
      .call({ method: 'POST', path: '/conflict', body: { x: 1 } }, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeApiError);
    expect(isConflict(err)).toBe(true);
    expect(apiStatusReason(err)).toBe('AlreadyExists');
    expect(String(err)).toContain('POST /conflict: HTTP 409: AlreadyExists: taken');
    const missing = await rest
      .call({ method: 'GET', path: '/missing' }, { timeoutMs: 5_000 })
      .catch((e: unknown) => e);
    expect(isNotFound(missing)).toBe(true);
    expect((missing as KubeApiError).body).toBe('404 page not found');
  });

  it('gives up at the deadline, and when the caller aborts', async () => {
    const rest = new KubeRest(kc);
    const started = Date.now();
    await expect(rest.call({ method: 'GET', path: '/slow' }, { timeoutMs: 200 })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    const controller = new AbortController();
    const call = rest.call(
      { method: 'GET', path: '/slow' },
      { timeoutMs: 60_000, signal: controller.signal },
    );
    controller.abort();
    await expect(call).rejects.toThrow();
  });
});
