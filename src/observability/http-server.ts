/**
 * The probe and metrics endpoint: `/healthz` (liveness), `/readyz` (readiness) and `/metrics`
 * (Prometheus text), on a plain node:http server.
 *
 * Probe bodies follow kube-apiserver's style: `ok` when every check passes (the full list with
 * `?verbose`), otherwise HTTP 503 and one line per check, `[+]name ok` or `[-]name failed: detail`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from './logger.js';

/** One named check of a probe. */
export interface ProbeCheck {
  readonly name: string;
  readonly ok: boolean;
  /** Why it failed (or a note when it passed). */
  readonly detail?: string;
}

/** A probe's answer: ok when every check is. */
export interface ProbeReport {
  readonly ok: boolean;
  readonly checks: readonly ProbeCheck[];
}

/** What the server asks when probed; the manager implements it. Both calls must be cheap and sync. */
export interface ProbeSource {
  healthz(): ProbeReport;
  readyz(): ProbeReport;
}

/** Options for {@link startProbeServer}. */
export interface ProbeServerOptions {
  /** Interface to listen on; all interfaces when absent. */
  readonly host?: string;
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  readonly probes: ProbeSource;
  readonly registry: Registry;
  readonly log: Logger;
}

/** A listening probe server. */
export interface ProbeServer {
  /** The address actually bound (useful with port 0). */
  readonly address: { readonly host: string; readonly port: number };
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/** Starts the probe server; resolves once it listens, rejects when it cannot bind. */
export async function startProbeServer(options: ProbeServerOptions): Promise<ProbeServer> {
  const log = options.log.child({ component: 'probe-server' });
  const server = createServer((req, res) => {
    handle(options, req, res).catch((err: unknown) => {
      log.error({ err, path: req.url }, 'serving a probe request failed');
      if (!res.headersSent) send(res, 500, 'internal error\n');
      else res.destroy();
    });
  });
  // A probe needs no keep-alive: short idle times let close() finish promptly.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  log.info({ host: bound.address, port: bound.port }, 'probe server listening');
  return {
    address: { host: bound.address, port: bound.port },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err === undefined ? resolve() : reject(err)));
        server.closeAllConnections();
      }),
  };
}

async function handle(options: ProbeServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://probe');
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    send(res, 405, 'method not allowed\n');
    return;
  }
  switch (url.pathname) {
    case '/healthz':
    case '/livez':
      probe(res, 'healthz', options.probes.healthz(), url.searchParams.has('verbose'));
      return;
    case '/readyz':
      probe(res, 'readyz', options.probes.readyz(), url.searchParams.has('verbose'));
      return;
    case '/metrics': {
      const body = await options.registry.metrics();
      send(res, 200, body, options.registry.contentType);
      return;
    }
    default:
      send(res, 404, 'not found\n');
  }
}

function probe(res: ServerResponse, name: string, result: ProbeReport, verbose: boolean): void {
  if (result.ok && !verbose) {
    send(res, 200, 'ok\n');
    return;
  }
  const lines = result.checks.map((check) =>
    check.ok
      ? `[+]${check.name} ok${check.detail === undefined ? '' : `: ${check.detail}`}`
      : `[-]${check.name} failed: ${check.detail ?? 'reason withheld'}`,
  );
  lines.push(result.ok ? `${name} check passed` : `${name} check failed`);
  send(res, result.ok ? 200 : 503, `${lines.join('\n')}\n`);
}

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'text/plain; charset=utf-8',
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.setHeader('Cache-Control', 'no-store');
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
