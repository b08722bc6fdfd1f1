import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, HttpMethod, RequestContext } from '@kubernetes/client-node';
import { Agent } from 'undici';
import { describe, expect, it } from 'vitest';
import { loadKubeConfig } from './kube-config.js';

/** A kubeconfig's entries by name: cluster fields, bearer tokens, and the contexts pairing them. */
interface KubeconfigEntries {
  readonly clusters: Record<string, Record<string, unknown>>;
  readonly tokens: Record<string, string>;
  readonly contexts: Record<string, { readonly cluster: string; readonly user: string }>;
  readonly current: string;
}

/** The kubeconfig file holding `entries`, written as JSON (which YAML reads as it is). */
function kubeconfigText(entries: KubeconfigEntries): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: Object.entries(entries.clusters).map(([name, cluster]) => ({ name, cluster })),
    users: Object.entries(entries.tokens).map(([name, token]) => ({ name, user: { token } })),
    contexts: Object.entries(entries.contexts).map(([name, context]) => ({ name, context })),
    'current-context': entries.current,
  });
}

const ENTRIES: KubeconfigEntries = {
  clusters: { one: { server: 'https://one.example:6443' }, two: { server: 'https://two.example:6443' } },
  tokens: { admin: 't' },
  contexts: {
    first: { cluster: 'one', user: 'admin' },
    second: { cluster: 'two', user: 'admin' },
    dangling: { cluster: 'missing', user: 'admin' },
  },
  current: 'first',
};
const kubeconfig = kubeconfigText(ENTRIES);

/** The kubeconfig above with cluster `one` (the current context's) replaced by `cluster`. */
const withClusterOne = (cluster: Record<string, unknown>): string =>
  kubeconfigText({ ...ENTRIES, clusters: { ...ENTRIES.clusters, one: cluster } });

function writeKubeconfig(text = kubeconfig): string {
  const path = join(mkdtempSync(join(tmpdir(), 'kube-config-test-')), 'config');
  writeFileSync(path, text);
  return path;
}

const extra = kubeconfigText({
  clusters: { three: { server: 'https://three.example:6443' } },
  tokens: { other: 'u' },
  contexts: { third: { cluster: 'three', user: 'other' } },
  current: 'third',
});

describe('loadKubeConfig', () => {
  it('uses the current context of a kubeconfig file', () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig() });
    expect(kc.getCurrentCluster()?.server).toBe('https://one.example:6443');
  });

  it('switches to the named context', () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig(), context: 'second' });
    expect(kc.getCurrentCluster()?.server).toBe('https://two.example:6443');
  });

  it('merges several files as KUBECONFIG does: the first one’s current context wins', () => {
    const kc = loadKubeConfig({ kubeconfigPaths: [writeKubeconfig(), writeKubeconfig(extra)] });
    expect(kc.getCurrentContext()).toBe('first');
    const third = loadKubeConfig({
      kubeconfigPaths: [writeKubeconfig(), writeKubeconfig(extra)],
      context: 'third',
    });
    expect(third.getCurrentCluster()?.server).toBe('https://three.example:6443');
  });

  it.each([
    [
      { context: 'nope' },
      'kubeconfig context "nope" not found; known contexts: "first", "second", "dangling"',
    ],
    [{ context: 'dangling' }, 'kubeconfig has no cluster for the current context "dangling"'],
    [{ inCluster: true }, 'choose either an in-cluster config or a kubeconfig path, not both'],
  ])('fails with a message that names the problem: %j', (extra, message) => {
    expect(() => loadKubeConfig({ kubeconfigPath: writeKubeconfig(), ...extra })).toThrow(message);
  });

  it('names an unreadable file', () => {
    expect(() => loadKubeConfig({ kubeconfigPath: '/nonexistent/kubeconfig' })).toThrow(
      'cannot read kubeconfig "/nonexistent/kubeconfig"',
    );
  });
});

describe('loadKubeConfig keep-alive connection pool', () => {
  const insecure = withClusterOne({ server: 'https://one.example:6443', 'insecure-skip-tls-verify': true });

  async function dispatcherFor(kc: ReturnType<typeof loadKubeConfig>): Promise<unknown> {
    const context = new RequestContext('https://one.example:6443/api/v1/namespaces', HttpMethod.GET);
    await kc.applySecurityAuthentication(context);
    return context.getDispatcher();
  }

  it('hands two API calls the same undici pool', async () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig(insecure) });
    const first = await dispatcherFor(kc);
    const second = await dispatcherFor(kc);
    expect(first).toBeInstanceOf(Agent);
    expect(second).toBe(first);
  });

  it("leaves a cluster without TLS options to undici's global keep-alive pool", async () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig() });
    expect(await dispatcherFor(kc)).toBeUndefined();
  });

  it('keeps the bearer token header per call', async () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig(insecure) });
    const context = new RequestContext('https://one.example:6443/api/v1/namespaces', HttpMethod.GET);
    await kc.applySecurityAuthentication(context);
    expect(context.getHeaders()['Authorization']).toBe('Bearer t');
  });

  it('gives a different TLS identity its own pool', async () => {
    const kc = loadKubeConfig({ kubeconfigPath: writeKubeconfig(insecure) });
    const a = await dispatcherFor(kc);
    const other = loadKubeConfig({
      kubeconfigPath: writeKubeconfig(
        withClusterOne({
          server: 'https://one.example:6443',
          'insecure-skip-tls-verify': true,
          'tls-server-name': 'other',
        }),
      ),
    });
    const b = await dispatcherFor(other);
    expect(b).toBeInstanceOf(Agent);
    expect(b).not.toBe(a);
    kc.setCurrentContext('second');
    const c = await dispatcherFor(kc);
    expect(c === undefined || c !== a).toBe(true);
  });

  it('reuses connections across real API calls', async () => {
    let connections = 0;
    const server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ kind: 'NamespaceList', apiVersion: 'v1', metadata: {}, items: [] }));
    });
    server.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const kc = loadKubeConfig({
        kubeconfigPath: writeKubeconfig(
          withClusterOne({ server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true }),
        ),
      });
      const api = kc.makeApiClient(CoreV1Api);
      for (let i = 0; i < 6; i += 1) await api.listNamespace();
      // undici may open a second socket while the first is being released after a response;
      // a fresh agent per call (client-node's own behaviour) would open six.
      expect(connections).toBeLessThanOrEqual(2);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
