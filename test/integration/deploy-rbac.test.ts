/**
 * The operator's ServiceAccount, with exactly the RBAC deploy/base gives it, in the test world:
 * `kubectl auth can-i --list` as that ServiceAccount shows what the operator needs and nothing more
 * (compared with a ServiceAccount bound to nothing, which every authenticated user's defaults
 * leave with a few self-review rights), a set of spot checks says no to what it must never do,
 * and `ecs-bridge run` with a kubeconfig holding that ServiceAccount's token converges an
 * EcsTaskDefinition and an EcsService and cleans both up: the grants are also enough.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { CoordinationV1Api, CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCluster, createNetwork, type Network } from '../support/aws-fixtures.js';
import { installCrds, kubectl } from '../support/crds.js';
import { kustomize, OPERATOR_NAMESPACE, ruleSet, type Manifest, type PolicyRule } from '../support/deploy.js';
import { apply, waitForGone, waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { freshNamespace, kubeConfig, worldControl, worldInfo } from '../support/world-client.js';
import { fargateSpec, taskDefinition } from '../support/task-definitions.js';
import { waitFor } from '../world/wait.js';

const run = promisify(execFile);

/** The kinds of deploy/base that make up the operator's identity and grants. */
const RBAC_KINDS = new Set([
  'Namespace',
  'ServiceAccount',
  'ClusterRole',
  'ClusterRoleBinding',
  'Role',
  'RoleBinding',
]);

/**
 * Writes a kubeconfig for `namespace/name`'s ServiceAccount: a TokenRequest (the world's API
 * server signs it) and the world's server and CA.
 */
async function serviceAccountKubeconfig(namespace: string, name: string): Promise<string> {
  const kc = kubeConfig();
  const cluster = kc.getCurrentCluster();
  if (cluster === null) throw new Error('the world kubeconfig has no current cluster');
  const answer = await kc.makeApiClient(CoreV1Api).createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const token = answer.status?.token;
  if (token === undefined) throw new Error(`no token for ${namespace}/${name}`);
  const path = join(worldInfo().dir, `sa-${namespace}-${name}-${randomBytes(3).toString('hex')}.kubeconfig`);
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      { name: 'world', cluster: { server: cluster.server, 'certificate-authority-data': cluster.caData } },
    ],
    users: [{ name, user: { token } }],
    contexts: [{ name, context: { cluster: 'world', user: name, namespace } }],
    'current-context': name,
  };
  writeFileSync(path, JSON.stringify(config), { mode: 0o600 });
  return path;
}

/** The world's kubectl with another kubeconfig; never throws, `kubectl auth can-i` says no with exit 1. */
async function kubectlAs(
  kubeconfig: string,
  args: readonly string[],
): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(worldInfo().kubectl, ['--kubeconfig', kubeconfig, ...args]);
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/**
 * `kubectl auth can-i --list -n <ns>` as `group|resource|verb` strings (the format of
 * {@link ruleSet}), non-resource URLs as `nonResource|<url>|verb`.
 */
async function canIList(kubeconfig: string, namespace: string): Promise<string[]> {
  const { code, out } = await kubectlAs(kubeconfig, ['auth', 'can-i', '--list', '-n', namespace]);
  if (code !== 0) throw new Error(`kubectl auth can-i --list failed: ${out}`);
  const rules = new Set<string>();
  const list = (cell: string): string[] =>
    cell
      .replace(/^\[|\]$/g, '')
      .split(/\s+/)
      .filter(Boolean);
  for (const line of out.split('\n').slice(1)) {
    if (line.trim() === '') continue;
    // Columns: Resources, Non-Resource URLs, Resource Names, Verbs; separated by 2+ spaces, and
    // a row for a non-resource URL starts with blanks.
    const cells = line.split(/\s{2,}/);
    const [resourceCell = '', urls = '[]', names = '[]', verbs = '[]'] = line.startsWith(' ')
      ? ['', ...cells.slice(1)]
      : cells;
    const named = list(names).length > 0 ? `|${list(names).sort().join(',')}` : '';
    if (resourceCell === '') {
      for (const url of list(urls)) for (const verb of list(verbs)) rules.add(`nonResource|${url}|${verb}`);
      continue;
    }
    const [base = '', sub] = resourceCell.split('/');
    const dot = base.indexOf('.');
    const resource = dot < 0 ? base : base.slice(0, dot);
    const group = dot < 0 ? '' : base.slice(dot + 1);
    for (const verb of list(verbs)) rules.add(`${group}|${resource}${sub ? `/${sub}` : ''}|${verb}${named}`);
  }
  return [...rules].sort();
}

describe("the operator's ServiceAccount (deploy/base RBAC) in the world", () => {
  let rbac: Manifest[];
  let operatorKubeconfig: string;
  let baselineKubeconfig: string;
  let namespace: string;

  beforeAll(async () => {
    await installCrds();
    rbac = (await kustomize('deploy/base')).filter((m) => RBAC_KINDS.has(m.kind));
    await kubectl(
      ['apply', '--server-side', '--field-manager=ecs-bridge-rbac-test', '--force-conflicts', '-f', '-'],
      rbac.map((m) => JSON.stringify(m)).join('\n---\n'),
    );
    namespace = await freshNamespace('rbac');
    // A ServiceAccount bound to nothing: what every authenticated identity may do anyway.
    await kubeConfig()
      .makeApiClient(CoreV1Api)
      .createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'baseline' } } });
    operatorKubeconfig = await serviceAccountKubeconfig(OPERATOR_NAMESPACE, 'ecs-bridge');
    baselineKubeconfig = await serviceAccountKubeconfig(namespace, 'baseline');
    // RBAC is enforced from informer caches: wait until the new bindings are seen.
    await waitFor(
      async () =>
        (await kubectlAs(operatorKubeconfig, ['auth', 'can-i', 'list', 'ecsservices.ecs-bridge.dev', '-A']))
          .code === 0
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the operator binding to take effect' },
    );
  });

  const rolesRules = (kind: string, name: string): string[] => {
    const role = rbac.find((m) => m.kind === kind && m.metadata.name === name);
    if (role === undefined) throw new Error(`deploy/base has no ${kind} ${name}`);
    return ruleSet(role['rules'] as PolicyRule[]);
  };

  it('in a watched namespace: exactly the ClusterRole (our kinds, their status, events), nothing more', async () => {
    const granted = await canIList(operatorKubeconfig, namespace);
    const baseline = await canIList(baselineKubeconfig, namespace);
    expect(baseline.every((r) => granted.includes(r))).toBe(true);
    expect(granted.filter((r) => !baseline.includes(r))).toEqual(
      rolesRules('ClusterRole', 'ecs-bridge-manager'),
    );
  });

  it('in its own namespace: the same plus the leader-election Lease calls', async () => {
    const granted = await canIList(operatorKubeconfig, OPERATOR_NAMESPACE);
    const baseline = await canIList(baselineKubeconfig, OPERATOR_NAMESPACE);
    expect(granted.filter((r) => !baseline.includes(r))).toEqual(
      [
        ...rolesRules('ClusterRole', 'ecs-bridge-manager'),
        ...rolesRules('Role', 'ecs-bridge-leader-election'),
      ].sort(),
    );
  });

  it.each([
    // Secrets and workloads: never.
    ['get', 'secrets', 'ns'],
    ['list', 'secrets', 'all'],
    ['list', 'pods', 'ns'],
    ['get', 'configmaps', 'own'],
    ['create', 'deployments.apps', 'ns'],
    // Users own our objects: no create, update, delete (one get: a deletion's live finalizer check).
    ['create', 'ecsservices.ecs-bridge.dev', 'ns'],
    ['update', 'ecsservices.ecs-bridge.dev', 'ns'],
    ['delete', 'ecsservices.ecs-bridge.dev', 'ns'],
    ['delete', 'ecstaskdefinitions.ecs-bridge.dev', 'ns'],
    ['deletecollection', 'ecstaskdefinitions.ecs-bridge.dev', 'ns'],
    ['update', 'ecsservices.ecs-bridge.dev/status', 'ns'],
    // Leases only in its own namespace, and never deleted.
    ['get', 'leases.coordination.k8s.io', 'ns'],
    ['create', 'leases.coordination.k8s.io', 'all'],
    ['delete', 'leases.coordination.k8s.io', 'own'],
    // Events are written, not read or deleted.
    ['list', 'events', 'ns'],
    ['delete', 'events', 'ns'],
    // No way to widen its own rights.
    ['create', 'customresourcedefinitions.apiextensions.k8s.io', 'all'],
    ['create', 'clusterrolebindings.rbac.authorization.k8s.io', 'all'],
    ['escalate', 'clusterroles.rbac.authorization.k8s.io', 'all'],
    ['impersonate', 'serviceaccounts', 'all'],
    ['create', 'serviceaccounts/token', 'own'],
    ['*', '*', 'all'],
  ])('may not %s %s (%s)', async (verb, resource, where) => {
    const scope = where === 'all' ? ['-A'] : ['-n', where === 'own' ? OPERATOR_NAMESPACE : namespace];
    const { code, out } = await kubectlAs(operatorKubeconfig, ['auth', 'can-i', verb, resource, ...scope]);
    expect(out.trim(), `${verb} ${resource}`).toBe('no');
    expect(code).toBe(1);
  });

  it.each([
    ['list', 'ecsservices.ecs-bridge.dev', 'all'],
    ['watch', 'ecstaskdefinitions.ecs-bridge.dev', 'all'],
    ['patch', 'ecsservices.ecs-bridge.dev/status', 'ns'],
    ['create', 'events', 'ns'],
    ['update', 'leases.coordination.k8s.io', 'own'],
  ])('may %s %s (%s)', async (verb, resource, where) => {
    const scope = where === 'all' ? ['-A'] : ['-n', where === 'own' ? OPERATOR_NAMESPACE : namespace];
    const { out } = await kubectlAs(operatorKubeconfig, ['auth', 'can-i', verb, resource, ...scope]);
    expect(out.trim()).toBe('yes');
  });

  describe('is enough: ecs-bridge run as that ServiceAccount converges and cleans up', () => {
    let operator: OperatorProcess;
    let network: Network;
    const leaseName = `ecs-bridge-rbac-${randomBytes(3).toString('hex')}`;

    beforeAll(async () => {
      await worldControl('reset-aws');
      network = await createNetwork();
      await createCluster('rbac-demo');
      operator = await startOperator({
        args: [
          // After the admin kubeconfig startOperator passes: the last --kubeconfig wins.
          `--kubeconfig=${operatorKubeconfig}`,
          `--namespaces=${namespace}`,
          `--leader-election-namespace=${OPERATOR_NAMESPACE}`,
          `--leader-election-id=${leaseName}`,
        ],
      });
    });

    afterAll(async () => {
      await operator?.stop();
    });

    it('registers, creates, reports Ready, records events, holds its Lease, and removes its finalizers', async () => {
      await apply(namespace, taskDefinition('rbac-web', fargateSpec('httpd:2.4')), {
        apiVersion: 'ecs-bridge.dev/v1alpha1',
        kind: 'EcsService',
        metadata: { name: 'rbac-web' },
        spec: {
          cluster: 'rbac-demo',
          taskDefinitionRef: { name: 'rbac-web' },
          desiredCount: 1,
          launchType: 'FARGATE',
          networkConfiguration: {
            awsvpcConfiguration: {
              subnets: [...network.subnetIds],
              securityGroups: [network.securityGroupId],
            },
          },
        },
      });
      const td = await waitForReady('ecstaskdefinitions', namespace, 'rbac-web');
      const svc = await waitForReady('ecsservices', namespace, 'rbac-web', 90_000);
      expect(td.metadata.finalizers).toContain('ecs-bridge.dev/finalizer');
      expect(svc.status?.['taskDefinitionArn']).toBe(td.status?.['taskDefinitionArn']);

      const events = await kubeConfig().makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
      expect(events.items.filter((e) => e.source?.component === 'ecs-bridge').length).toBeGreaterThan(0);

      const lease = await kubeConfig()
        .makeApiClient(CoordinationV1Api)
        .readNamespacedLease({ name: leaseName, namespace: OPERATOR_NAMESPACE });
      expect(lease.spec?.holderIdentity).toBeTruthy();

      await kubectl([
        'delete',
        '-n',
        namespace,
        'ecsservice/rbac-web',
        'ecstaskdefinition/rbac-web',
        '--wait=false',
      ]);
      await waitForGone('ecsservices', namespace, 'rbac-web', 90_000);
      await waitForGone('ecstaskdefinitions', namespace, 'rbac-web', 90_000);

      expect(readFileSync(operator.logPath, 'utf8')).not.toMatch(/forbidden/i);
    });

    it('control: the same run as a ServiceAccount without the grants is refused (the token is really used)', async () => {
      const control = await startOperator({
        waitReady: false,
        args: [
          `--kubeconfig=${baselineKubeconfig}`,
          `--namespaces=${namespace}`,
          `--leader-election-namespace=${OPERATOR_NAMESPACE}`,
          `--leader-election-id=${leaseName}-control`,
        ],
      });
      try {
        await waitFor(() => (/forbidden/i.test(readFileSync(control.logPath, 'utf8')) ? true : undefined), {
          timeoutMs: 60_000,
          intervalMs: 500,
          what: `a forbidden answer in ${control.logPath}`,
        });
        expect(await control.readyz()).not.toBe(200);
      } finally {
        await control.stop();
      }
    });
  });
});
