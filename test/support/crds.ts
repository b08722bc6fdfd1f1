/**
 * Installs the project's CRDs (crds/*.yaml) into the world with the world's kubectl, the way users
 * install them, and waits until each kind is established and served.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ApiextensionsV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { parseAllDocuments } from 'yaml';
import { waitFor } from '../world/wait.js';
import { kubeConfig, worldInfo } from './world-client.js';

const run = promisify(execFile);
const crdDir = resolve(import.meta.dirname, '..', '..', 'crds');

interface CrdDoc {
  metadata: { name: string };
  spec: { group: string; names: { plural: string }; versions: { name: string; served: boolean }[] };
}

/** Runs the world's kubectl with its kubeconfig; resolves with stdout, rejects with stderr. */
export async function kubectl(args: readonly string[], input?: string): Promise<string> {
  const info = worldInfo();
  const child = run(info.kubectl, ['--kubeconfig', info.kubeconfigPath, ...args], {
    maxBuffer: 32 * 1024 * 1024,
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  try {
    return (await child).stdout;
  } catch (err) {
    const e = err as { stderr?: string; message?: string };
    throw new Error(`kubectl ${args.join(' ')} failed: ${e.stderr ?? e.message ?? String(err)}`, {
      cause: err,
    });
  }
}

/** Applies every CRD in crds/ (server-side) and waits until all are established and served. */
export async function installCrds(): Promise<void> {
  const files = readdirSync(crdDir).filter((f) => f.endsWith('.yaml'));
  await kubectl(['apply', '--server-side', '--force-conflicts', '-f', crdDir]);
  const kc = kubeConfig();
  const ext = kc.makeApiClient(ApiextensionsV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const docs = files.flatMap((f) =>
    parseAllDocuments(readFileSync(join(crdDir, f), 'utf8')).map((d) => d.toJS() as CrdDoc),
  );
  for (const doc of docs) {
    await waitFor(
      async () => {
        const got = await ext.readCustomResourceDefinition({ name: doc.metadata.name });
        return got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')
          ? true
          : undefined;
      },
      { timeoutMs: 30_000, what: `CRD ${doc.metadata.name} to be established` },
    );
    const version = doc.spec.versions.find((v) => v.served)?.name ?? 'v1alpha1';
    // Established is not yet served: a new kind's storage answers 429 for a moment after.
    await waitFor(
      async () => {
        await custom.listClusterCustomObject({
          group: doc.spec.group,
          version,
          plural: doc.spec.names.plural,
        });
        return true;
      },
      { timeoutMs: 30_000, what: `${doc.spec.names.plural} to be served` },
    );
  }
}
