/**
 * The test world: a real kube-apiserver + etcd, the moto AWS emulator, and our fault-injecting
 * AWS proxy in front of moto. Integration tests start it once (global setup); people start it with
 * `npm run world`. See docs/adr/0001-test-world.md for what it is made of and what it cannot do.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveKubeAssets, type KubeAssets } from './assets.js';
import { startAwsProxy, type AwsProxy } from './aws-proxy/index.js';
import { EventDelivery } from './event-delivery/event-delivery.js';
import { eventDeliveryRoutes } from './event-delivery/routes.js';
import { startControlPlane, type ControlPlane } from './kube-apiserver.js';
import { startMoto, type MotoServer } from './moto.js';
import { stopAllProcesses } from './process-group.js';

/** The region the world's AWS clients use. */
export const WORLD_REGION = 'us-east-1';
/** Dummy credentials: moto accepts any. */
export const WORLD_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' } as const;

/** What a client of the world needs to know; serialisable, handed to test workers. */
export interface WorldInfo {
  readonly kubeconfigPath: string;
  readonly apiServerUrl: string;
  /** The AWS endpoint clients use: the proxy in front of moto. */
  readonly awsEndpoint: string;
  /** moto itself, for setup and assertions that must bypass the proxy. */
  readonly motoUrl: string;
  readonly region: string;
  /** The world's own control endpoint (restart the API server, reset AWS). */
  readonly controlUrl: string;
  readonly kubectl: string;
  readonly versions: { kubernetes: string; etcd: string; moto: string };
  /** Where the world keeps its files and logs. */
  readonly dir: string;
}

/** A running world. */
export interface World {
  readonly info: WorldInfo;
  readonly controlPlane: ControlPlane;
  readonly moto: MotoServer;
  readonly proxy: AwsProxy;
  readonly assets: KubeAssets;
  /** Clears moto and the proxy's rules and counts. */
  resetAws(): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startWorld}. */
export interface WorldOptions {
  /** Folder for certificates, data and logs; a fresh temporary one by default. */
  readonly dir?: string;
  /** Token-bucket speed-up factor of the AWS proxy (1 = ECS's real rates). */
  readonly speedup?: number;
  readonly projectDir?: string;
  readonly log?: (line: string) => void;
}

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function controlServer(
  handlers: Record<string, (body: string) => Promise<unknown>>,
): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const handler = req.method === 'POST' ? handlers[req.url ?? ''] : undefined;
    if (handler === undefined) {
      res.writeHead(404).end();
      return;
    }
    readText(req)
      .then(handler)
      .then(
        (value) =>
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(value ?? {})),
        (err: unknown) =>
          res
            .writeHead(500, { 'content-type': 'text/plain' })
            .end(err instanceof Error ? err.message : String(err)),
      );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Starts every part of the world, or nothing: a failure stops what had started. */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'ecs-bridge-world-'));
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  let control: { server: Server; url: string } | undefined;
  let proxy: AwsProxy | undefined;
  let delivery: EventDelivery | undefined;
  try {
    const [assets, moto] = await Promise.all([
      resolveKubeAssets({ log }),
      startMoto({ dir, ...(options.projectDir === undefined ? {} : { projectDir: options.projectDir }) }),
    ]);
    const controlPlane = await startControlPlane({ assets, dir });
    const startedProxy = await startAwsProxy({
      upstream: moto.url,
      speedup: options.speedup ?? 1,
      // S3 writes that EventBridge would turn into ECS tasks (event-delivery/event-delivery.ts).
      onAnswered: (call) => delivery?.observe(call),
    });
    proxy = startedProxy;
    const events = new EventDelivery({
      motoUrl: moto.url,
      proxyUrl: startedProxy.url,
      region: WORLD_REGION,
      credentials: WORLD_CREDENTIALS,
    });
    delivery = events;
    const resetAws = async (): Promise<void> => {
      await events.idle();
      await moto.reset();
      await startedProxy.control.reset();
      events.clear();
    };
    control = await controlServer({
      '/restart-apiserver': () => controlPlane.restartApiServer(),
      '/restart-etcd': () => controlPlane.restartEtcd(),
      '/reset-aws': resetAws,
      ...eventDeliveryRoutes(events),
    });
    const controlUrl = control.url;
    const info: WorldInfo = {
      kubeconfigPath: controlPlane.kubeconfigPath,
      apiServerUrl: controlPlane.url,
      awsEndpoint: startedProxy.url,
      motoUrl: moto.url,
      region: WORLD_REGION,
      controlUrl,
      kubectl: assets.kubectl,
      versions: { ...controlPlane.versions, moto: moto.version },
      dir,
    };
    const stopControl = control;
    return {
      info,
      controlPlane,
      moto,
      proxy: startedProxy,
      assets,
      resetAws,
      async stop() {
        await new Promise<void>((resolve) => stopControl.server.close(() => resolve()));
        await startedProxy.close();
        events.close();
        await stopAllProcesses();
        if (ownDir) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    control?.server.close();
    await proxy?.close();
    delivery?.close();
    await stopAllProcesses();
    throw err;
  }
}

/** Shell exports a user can `source` to point kubectl, the AWS CLI and the operator at the world. */
export function worldEnvExports(info: WorldInfo): string {
  const vars: Record<string, string> = {
    KUBECONFIG: info.kubeconfigPath,
    AWS_ENDPOINT_URL: info.awsEndpoint,
    AWS_REGION: info.region,
    AWS_DEFAULT_REGION: info.region,
    AWS_ACCESS_KEY_ID: WORLD_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: WORLD_CREDENTIALS.secretAccessKey,
    ECS_BRIDGE_WORLD_CONTROL_URL: info.controlUrl,
    ECS_BRIDGE_MOTO_URL: info.motoUrl,
  };
  return Object.entries(vars)
    .map(([k, v]) => `export ${k}='${v.replace(/'/g, `'\\''`)}'`)
    .join('\n')
    .concat('\n');
}
