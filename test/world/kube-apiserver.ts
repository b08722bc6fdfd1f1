/**
 * A real Kubernetes control plane for tests, envtest's way: etcd and kube-apiserver, no kubelet, no
 * controller manager. Loopback only, random ports, generated service-account keys, an admin token
 * in system:masters, and a kubeconfig file for clients.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { KubeAssets } from './assets.js';
import { freePort } from './ports.js';
import { startProcess, type ManagedProcess } from './process-group.js';
import { waitFor } from './wait.js';

/**
 * The environment of the world's kube-apiserver and etcd: Go's garbage collection target at 400
 * (Go's default is 100), so the heap may grow to five times what is live before a collection. A
 * profile during the N = 5000 benchmark found kube-apiserver collecting for about a third of its
 * CPU, on two cores shared with the operator and moto; at N = 1000 it took 100 s of CPU to
 * converge with the default and 76 s with 400 (ADR 0062). It changes no answer; the price is
 * memory the test machines have. A `GOGC` in the environment still wins.
 */
const GO_SERVER_ENV: NodeJS.ProcessEnv = { ...process.env, GOGC: process.env.GOGC ?? '400' };

/** A running control plane. */
export interface ControlPlane {
  readonly url: string;
  readonly token: string;
  readonly kubeconfigPath: string;
  readonly etcdUrl: string;
  /** Versions as the binaries report them. */
  readonly versions: { kubernetes: string; etcd: string };
  /** Stops and starts kube-apiserver on the same port (clients keep their kubeconfig). */
  restartApiServer(): Promise<void>;
  /** Stops and starts etcd and then kube-apiserver (data is kept). */
  restartEtcd(): Promise<void>;
  stop(): Promise<void>;
}

/** Options for {@link startControlPlane}. */
export interface ControlPlaneOptions {
  readonly assets: KubeAssets;
  /** A folder of this run's own: certificates, etcd data, logs. */
  readonly dir: string;
  readonly timeoutMs?: number;
}

/** GET a path of the API server with the admin token; resolves with status and body. */
export function apiGet(url: string, token: string, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      { headers: { authorization: `Bearer ${token}` }, rejectUnauthorized: false, timeout: 5_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

/** Starts etcd, then kube-apiserver, and waits until the API serves the `default` namespace. */
export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const { assets, dir } = options;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const certDir = join(dir, 'certs');
  const etcdDir = join(dir, 'etcd');
  mkdirSync(certDir, { recursive: true });
  mkdirSync(etcdDir, { recursive: true });

  // Service-account signing keys: the API server needs them to start and to issue tokens
  // (TokenRequest), which the RBAC tests use to act as the operator's ServiceAccount.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const saPub = join(certDir, 'sa.pub');
  const saKey = join(certDir, 'sa.key');
  writeFileSync(saPub, publicKey.export({ type: 'spki', format: 'pem' }));
  writeFileSync(saKey, privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const token = randomBytes(24).toString('hex');
  const tokenFile = join(certDir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},admin,admin-uid,"system:masters"\n`);

  const etcdPort = await freePort();
  const etcdPeerPort = await freePort();
  const apiPort = await freePort();
  const etcdUrl = `http://127.0.0.1:${etcdPort}`;
  const url = `https://127.0.0.1:${apiPort}`;

  let etcd: ManagedProcess | undefined;
  let apiserver: ManagedProcess | undefined;

  const startEtcd = async (): Promise<void> => {
    const proc = startProcess({
      name: 'etcd',
      command: assets.etcd,
      args: [
        '--name=world',
        `--data-dir=${join(etcdDir, 'data')}`,
        `--listen-client-urls=${etcdUrl}`,
        `--advertise-client-urls=${etcdUrl}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
        `--initial-cluster=world=http://127.0.0.1:${etcdPeerPort}`,
        '--unsafe-no-fsync',
        '--log-level=warn',
      ],
      logPath: join(dir, 'etcd.log'),
      env: GO_SERVER_ENV,
    });
    etcd = proc;
    await waitFor(
      async () => {
        const res = await fetch(`${etcdUrl}/health`);
        const body = (await res.json()) as { health?: string };
        return body.health === 'true' ? true : undefined;
      },
      {
        timeoutMs,
        what: `etcd to answer at ${etcdUrl} (log: ${proc.logPath})`,
        abortIf: () => (proc.isRunning() ? undefined : `etcd exited; see ${proc.logPath}`),
      },
    );
  };

  const startApiServer = async (): Promise<void> => {
    const proc = startProcess({
      name: 'kube-apiserver',
      command: assets.kubeApiserver,
      args: [
        `--etcd-servers=${etcdUrl}`,
        `--cert-dir=${certDir}`,
        `--secure-port=${apiPort}`,
        '--bind-address=127.0.0.1',
        '--advertise-address=127.0.0.1',
        '--service-cluster-ip-range=10.0.0.0/24',
        `--service-account-issuer=https://kubernetes.default.svc.cluster.local`,
        `--service-account-key-file=${saPub}`,
        `--service-account-signing-key-file=${saKey}`,
        '--authorization-mode=RBAC',
        `--token-auth-file=${tokenFile}`,
        '--disable-admission-plugins=ServiceAccount',
        '--allow-privileged=true',
        '--v=1',
      ],
      logPath: join(dir, 'kube-apiserver.log'),
      env: GO_SERVER_ENV,
    });
    apiserver = proc;
    await waitFor(
      async () => {
        const readyz = await apiGet(url, token, '/readyz');
        if (readyz.status !== 200) return undefined;
        const ns = await apiGet(url, token, '/api/v1/namespaces/default');
        return ns.status === 200 ? true : undefined;
      },
      {
        timeoutMs,
        intervalMs: 200,
        what: `kube-apiserver to be ready at ${url} (log: ${proc.logPath})`,
        abortIf: () => (proc.isRunning() ? undefined : `kube-apiserver exited; see ${proc.logPath}`),
      },
    );
  };

  try {
    await startEtcd();
    await startApiServer();
  } catch (err) {
    await apiserver?.stop();
    await etcd?.stop();
    throw err;
  }

  // The serving certificate kube-apiserver generated is self-signed; its file is the CA clients trust.
  const ca = readFileSync(join(certDir, 'apiserver.crt'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: world',
      '  cluster:',
      `    server: ${url}`,
      `    certificate-authority-data: ${ca.toString('base64')}`,
      'users:',
      '- name: admin',
      '  user:',
      `    token: ${token}`,
      'contexts:',
      '- name: world',
      '  context: {cluster: world, user: admin, namespace: default}',
      'current-context: world',
      '',
    ].join('\n'),
  );

  const version = JSON.parse((await apiGet(url, token, '/version')).body) as { gitVersion: string };
  const etcdVersion = (await (await fetch(`${etcdUrl}/version`)).json()) as { etcdserver: string };

  return {
    url,
    token,
    kubeconfigPath,
    etcdUrl,
    versions: { kubernetes: version.gitVersion, etcd: etcdVersion.etcdserver },
    async restartApiServer() {
      await apiserver?.stop();
      await startApiServer();
    },
    async restartEtcd() {
      await apiserver?.stop();
      await etcd?.stop();
      await startEtcd();
      await startApiServer();
    },
    async stop() {
      await apiserver?.stop();
      await etcd?.stop();
    },
  };
}
