/**
 * The install manifests against a real API server: deploy/base (and every overlay and component we
 * ship) and the Helm chart pass a server-side dry run, `helm lint` passes, and the chart renders
 * the same objects, RBAC and pod spec as the kustomize base. Helm is built from the Go module proxy
 * on first use (test/world/helm.ts; minutes cold, cached after).
 */
import { isDeepStrictEqual } from 'node:util';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installCrds, kubectl } from '../support/crds.js';
import {
  find,
  helm,
  helmTemplate,
  identity,
  kustomize,
  kustomizeOverlay,
  OPERATOR_NAMESPACE,
  parseManifests,
  repoRoot,
  ruleSet,
  serverDryRun,
  type Manifest,
  type PolicyRule,
} from '../support/deploy.js';
import { freshNamespace } from '../support/world-client.js';
import { resolveHelm } from '../world/helm.js';

/** Deployment, pod and container, typed as far as the checks read them. */
interface Container {
  name: string;
  image: string;
  command?: string[];
  args: string[];
  env: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
  envFrom: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  ports: { name: string; containerPort: number }[];
  livenessProbe: { httpGet: { path: string; port: string } };
  readinessProbe: { httpGet: { path: string; port: string } };
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext: Record<string, unknown>;
}
interface DeploymentSpec {
  replicas: number;
  selector: { matchLabels: Record<string, string> };
  template: {
    metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
    spec: {
      serviceAccountName: string;
      securityContext: Record<string, unknown>;
      containers: Container[];
    };
  };
}

const deploymentSpec = (manifests: readonly Manifest[]): DeploymentSpec =>
  find(manifests, 'Deployment', 'ecs-bridge')['spec'] as DeploymentSpec;

/** The objects deploy/base installs: additions and removals are deliberate. */
const BASE_OBJECTS = [
  'ClusterRole//ecs-bridge-edit',
  'ClusterRole//ecs-bridge-manager',
  'ClusterRole//ecs-bridge-view',
  'ClusterRoleBinding//ecs-bridge-manager',
  'ConfigMap/ecs-bridge-system/ecs-bridge-config',
  'CustomResourceDefinition//ecsaccesspolicies.ecs-bridge.dev',
  'CustomResourceDefinition//ecsclusters.ecs-bridge.dev',
  'CustomResourceDefinition//ecsservices.ecs-bridge.dev',
  'CustomResourceDefinition//ecstaskdefinitions.ecs-bridge.dev',
  'CustomResourceDefinition//ecstaskruns.ecs-bridge.dev',
  'CustomResourceDefinition//ecstasktriggers.ecs-bridge.dev',
  'Deployment/ecs-bridge-system/ecs-bridge',
  'Namespace//ecs-bridge-system',
  'PodDisruptionBudget/ecs-bridge-system/ecs-bridge',
  'Role/ecs-bridge-system/ecs-bridge-leader-election',
  'RoleBinding/ecs-bridge-system/ecs-bridge-leader-election',
  'Service/ecs-bridge-system/ecs-bridge-metrics',
  'ServiceAccount/ecs-bridge-system/ecs-bridge',
];

describe('install manifests against the API server', () => {
  let helmPath: string;
  let base: Manifest[];
  let chart: Manifest[];

  beforeAll(async () => {
    await installCrds();
    // Namespaced objects need their namespace to exist even for a dry run: create it for real.
    await kubectl(['apply', '-f', join(repoRoot, 'deploy', 'base', 'namespace.yaml')]);
    const resolved = await resolveHelm();
    if (resolved.built) {
      process.stderr.write(
        `helm ${resolved.version} built in ${Math.round((resolved.buildMs ?? 0) / 1000)} s\n`,
      );
    }
    helmPath = resolved.path;
    base = await kustomize('deploy/base');
    chart = await helmTemplate(helmPath);
  }, 1_200_000);

  describe('deploy/base', () => {
    it('holds exactly the expected objects', () => {
      expect(base.map(identity).sort()).toEqual(BASE_OBJECTS);
    });

    it('passes a server-side dry run', async () => {
      const out = await serverDryRun(base);
      expect(out).toContain('deployment.apps/ecs-bridge serverside-applied (server dry run)');
    });

    it('runs two replicas of `ecs-bridge run` with leader election, probes on the metrics port and the downward API', () => {
      const spec = deploymentSpec(base);
      expect(spec.replicas).toBe(2);
      const [c] = spec.template.spec.containers;
      expect(c?.image).toBe('ghcr.io/ecs-bridge/ecs-bridge:0.1.0');
      expect(c?.args).toEqual(['run', '--leader-elect=true', '--metrics-bind-address=:8080']);
      expect(c?.ports).toEqual([{ name: 'metrics', containerPort: 8080, protocol: 'TCP' }]);
      expect(c?.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
      expect(c?.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
      const fieldRef = (name: string): string | undefined =>
        c?.env.find((e) => e.name === name)?.valueFrom?.fieldRef?.fieldPath;
      expect(fieldRef('POD_NAME')).toBe('metadata.name');
      expect(fieldRef('POD_NAMESPACE')).toBe('metadata.namespace');
      expect(c?.envFrom).toEqual([{ configMapRef: { name: 'ecs-bridge-config' } }]);
      expect(c?.resources.requests).toBeDefined();
      expect(c?.resources.limits?.['memory']).toBeDefined();
    });

    it('runs non-root with a read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
      const spec = deploymentSpec(base);
      expect(spec.template.spec.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(spec.template.spec.containers[0]?.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
    });

    it('wires the pieces together: ServiceAccount, bindings, budget and Service select the same pods', () => {
      const spec = deploymentSpec(base);
      const podLabels = spec.template.metadata.labels;
      expect(spec.template.spec.serviceAccountName).toBe('ecs-bridge');
      for (const [kind, name] of [
        ['ClusterRoleBinding', 'ecs-bridge-manager'],
        ['RoleBinding', 'ecs-bridge-leader-election'],
      ] as const) {
        expect(find(base, kind, name)['subjects']).toEqual([
          { kind: 'ServiceAccount', name: 'ecs-bridge', namespace: OPERATOR_NAMESPACE },
        ]);
      }
      const pdb = find(base, 'PodDisruptionBudget', 'ecs-bridge')['spec'] as {
        minAvailable: number;
        selector: { matchLabels: Record<string, string> };
      };
      expect(pdb.minAvailable).toBe(1);
      expect(podLabels).toMatchObject(pdb.selector.matchLabels);
      const svc = find(base, 'Service', 'ecs-bridge-metrics')['spec'] as {
        selector: Record<string, string>;
        ports: { name: string; targetPort: string }[];
      };
      expect(podLabels).toMatchObject(svc.selector);
      expect(svc.ports[0]?.targetPort).toBe('metrics');
    });
  });

  describe('components and overlays', () => {
    it('service-monitor scrapes the metrics Service by its labels and port name', async () => {
      const built = await kustomizeOverlay(
        'resources: [{deploy/base}]\ncomponents: [{deploy/components/service-monitor}]\n',
      );
      const sm = find(built, 'ServiceMonitor', 'ecs-bridge');
      expect(sm.metadata.namespace).toBe(OPERATOR_NAMESPACE);
      const smSpec = sm['spec'] as {
        selector: { matchLabels: Record<string, string> };
        endpoints: { port: string; path: string }[];
      };
      const svc = find(built, 'Service', 'ecs-bridge-metrics');
      expect(svc.metadata.labels).toMatchObject(smSpec.selector.matchLabels);
      expect(smSpec.endpoints).toMatchObject([{ port: 'metrics', path: '/metrics' }]);
      // No Prometheus Operator CRDs in the world: everything but the ServiceMonitor is dry-run.
      await serverDryRun(built.filter((m) => m.kind !== 'ServiceMonitor'));
    });

    it('irsa annotates the ServiceAccount with a role ARN, and passes a dry run', async () => {
      const built = await kustomizeOverlay(
        'resources: [{deploy/base}]\ncomponents: [{deploy/components/irsa}]\n',
      );
      expect(find(built, 'ServiceAccount', 'ecs-bridge').metadata.annotations).toEqual({
        'eks.amazonaws.com/role-arn': 'arn:aws:iam::111122223333:role/ecs-bridge',
      });
      await serverDryRun(built);
    });

    it.each(['deploy/kind/moto', 'deploy/kind/aws'])(
      '%s (what scripts/kind-up.sh applies) builds on deploy/base and passes a dry run',
      async (dir) => {
        const built = await kustomize(dir);
        for (const id of BASE_OBJECTS) expect(built.map(identity)).toContain(id);
        const c = deploymentSpec(built).template.spec.containers[0];
        expect(c?.image).toBe('ecs-bridge:dev');
        expect(c?.envFrom).toEqual([
          { configMapRef: { name: 'ecs-bridge-config' } },
          { secretRef: { name: 'ecs-bridge-aws-credentials' } },
        ]);
        if (dir.endsWith('moto')) {
          // moto's own namespace, for real: its Deployment cannot be dry-run into a missing one.
          await kubectl(['apply', '-f', '-'], JSON.stringify(find(built, 'Namespace', 'moto')));
          expect(
            find(built, 'ConfigMap', 'ecs-bridge-config')['data'] as Record<string, string>,
          ).toMatchObject({
            ECS_BRIDGE_AWS_ENDPOINT_URL: 'http://moto.moto.svc.cluster.local:5000',
          });
        }
        await serverDryRun(built);
      },
    );
  });

  describe('the Helm chart', () => {
    it('passes helm lint', async () => {
      const out = await helm(helmPath, ['lint', join(repoRoot, 'deploy', 'helm', 'ecs-bridge'), '--strict']);
      expect(out).toContain('0 chart(s) failed');
    });

    it.each([
      ['replicas=2', "additional properties 'replicas' not allowed"],
      ['logLevel=verbose', '/logLevel'],
      ['instanceId=Prod_EU', '/instanceId'],
      ['nodeArgs={max-opt=1}', '/nodeArgs/0'],
      ['semiSpaceMiB=0', '/semiSpaceMiB'],
    ])('refuses a mistyped value (%s) through values.schema.json', async (set, message) => {
      await expect(helmTemplate(helmPath, ['--set', set])).rejects.toThrow(message);
    });

    it('renders output that passes a server-side dry run', async () => {
      await serverDryRun(chart);
    });

    it('renders the same objects as deploy/base (the namespace is Helm’s --create-namespace)', () => {
      // The admission policy is applied on its own next to deploy/base (its kustomization would
      // namespace the cluster-scoped kinds); the chart renders it, checked below.
      const ids = (ms: readonly Manifest[]): string[] =>
        ms
          .filter((m) => m.kind !== 'Namespace' && !m.kind.startsWith('ValidatingAdmissionPolicy'))
          .map(identity)
          .sort();
      expect(ids(chart)).toEqual(ids(base));
    });

    it('renders the admission policy of deploy/base, cluster-scoped, with the release’s names', () => {
      const file = parseManifests(
        readFileSync(join(repoRoot, 'deploy', 'base', 'admission-policy.yaml'), 'utf8'),
      );
      for (const kind of ['ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']) {
        const rendered = find(chart, kind, 'ecs-bridge-access');
        expect(rendered.metadata.namespace, kind).toBeUndefined();
        expect(rendered['spec'], kind).toEqual(find(file, kind, 'ecs-bridge-access')['spec']);
      }
    });

    it('grants the same RBAC: every Role and ClusterRole has the same rules, every binding the same subjects', () => {
      for (const m of base.filter((b) => b.kind === 'ClusterRole' || b.kind === 'Role')) {
        const twin = find(chart, m.kind, m.metadata.name);
        expect(ruleSet(twin['rules'] as PolicyRule[]), identity(m)).toEqual(
          ruleSet(m['rules'] as PolicyRule[]),
        );
        expect(twin.metadata.labels, identity(m)).toMatchObject(
          Object.fromEntries(Object.entries(m.metadata.labels ?? {}).filter(([k]) => k.startsWith('rbac.'))),
        );
      }
      for (const m of base.filter((b) => b.kind === 'ClusterRoleBinding' || b.kind === 'RoleBinding')) {
        const twin = find(chart, m.kind, m.metadata.name);
        expect(twin['roleRef'], identity(m)).toEqual(m['roleRef']);
        expect(twin['subjects'], identity(m)).toEqual(m['subjects']);
      }
    });

    it('renders the same Deployment, Service, budget, settings and CRDs', () => {
      const withoutAnnotations = (spec: DeploymentSpec): DeploymentSpec => ({
        ...spec,
        template: { ...spec.template, metadata: { labels: spec.template.metadata.labels } },
      });
      expect(withoutAnnotations(deploymentSpec(chart))).toEqual(withoutAnnotations(deploymentSpec(base)));
      for (const [kind, name, field] of [
        ['Service', 'ecs-bridge-metrics', 'spec'],
        ['PodDisruptionBudget', 'ecs-bridge', 'spec'],
        ['ConfigMap', 'ecs-bridge-config', 'data'],
        ['CustomResourceDefinition', 'ecsservices.ecs-bridge.dev', 'spec'],
        ['CustomResourceDefinition', 'ecstaskdefinitions.ecs-bridge.dev', 'spec'],
      ] as const) {
        expect(find(chart, kind, name)[field], `${kind} ${name}`).toEqual(find(base, kind, name)[field]);
      }
    });

    it('keeps its CRDs on uninstall and renders them from the same files as crds/', () => {
      const sources = readdirSync(join(repoRoot, 'crds'))
        .filter((f) => f.endsWith('.yaml'))
        .flatMap((f) => parseManifests(readFileSync(join(repoRoot, 'crds', f), 'utf8')));
      const rendered = chart.filter((m) => m.kind === 'CustomResourceDefinition');
      expect(rendered.map((m) => m.metadata.name).sort()).toEqual(sources.map((m) => m.metadata.name).sort());
      for (const crd of rendered) {
        expect(crd.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
        const source = find(sources, 'CustomResourceDefinition', crd.metadata.name);
        expect(isDeepStrictEqual(crd['spec'], source['spec']), crd.metadata.name).toBe(true);
      }
    });

    it('values: IRSA annotation, ServiceMonitor, no CRDs, no leader election', async () => {
      const arn = 'arn:aws:iam::111122223333:role/ecs-bridge';
      const rendered = await helmTemplate(helmPath, [
        '--set-string',
        `serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=${arn}`,
        '--set',
        'serviceMonitor.enabled=true,installCRDs=false,leaderElection.enabled=false,replicaCount=3',
      ]);
      expect(find(rendered, 'ServiceAccount', 'ecs-bridge').metadata.annotations).toEqual({
        'eks.amazonaws.com/role-arn': arn,
      });
      const fromComponent = await kustomizeOverlay(
        'resources: [{deploy/base}]\ncomponents: [{deploy/components/service-monitor}]\n',
      );
      expect(find(rendered, 'ServiceMonitor', 'ecs-bridge')['spec']).toEqual(
        find(fromComponent, 'ServiceMonitor', 'ecs-bridge')['spec'],
      );
      expect(rendered.filter((m) => m.kind === 'CustomResourceDefinition')).toEqual([]);
      expect(rendered.filter((m) => m.kind === 'Role')).toEqual([]);
      const spec = deploymentSpec(rendered);
      expect(spec.replicas).toBe(3);
      expect(spec.template.spec.containers[0]?.args).toContain('--leader-elect=false');
    });

    it("nodeArgs and semiSpaceMiB: Node's flags in the command and NODE_OPTIONS, the image's command without them", async () => {
      const container = (manifests: readonly Manifest[]): Container | undefined =>
        deploymentSpec(manifests).template.spec.containers[0];
      const nodeOptions = (c: Container | undefined): string | undefined =>
        c?.env.find((e) => e.name === 'NODE_OPTIONS')?.value;
      expect(container(chart)?.command).toBeUndefined();
      expect(nodeOptions(container(chart))).toBe('--max-old-space-size=160 --max-semi-space-size=8');
      const rendered = await helmTemplate(helmPath, ['--set', 'nodeArgs={--max-opt=1},semiSpaceMiB=2']);
      expect(container(rendered)?.command).toEqual(['node', '--max-opt=1', 'bin/ecs-bridge.js']);
      expect(container(rendered)?.args).toEqual(container(chart)?.args);
      expect(nodeOptions(container(rendered))).toBe('--max-old-space-size=160 --max-semi-space-size=2');
      await serverDryRun(rendered);
    });

    it('namespaces: binds the ClusterRole only in the watched namespaces, and passes a dry run', async () => {
      const a = await freshNamespace('deploy-a');
      const b = await freshNamespace('deploy-b');
      const rendered = await helmTemplate(helmPath, ['--set', `namespaces={${a},${b}}`]);
      // Only the CRD reader is bound cluster-wide: CRDs are cluster-scoped.
      expect(rendered.filter((m) => m.kind === 'ClusterRoleBinding').map((m) => m.metadata.name)).toEqual([
        'ecs-bridge-crd-reader',
      ]);
      const bindings = rendered.filter(
        (m) => m.kind === 'RoleBinding' && m.metadata.name === 'ecs-bridge-manager',
      );
      expect(bindings.map((m) => m.metadata.namespace).sort()).toEqual([a, b].sort());
      for (const rb of bindings) {
        expect(rb['roleRef']).toEqual({
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'ecs-bridge-manager',
        });
      }
      expect(find(rendered, 'ConfigMap', 'ecs-bridge-config')['data']).toMatchObject({
        ECS_BRIDGE_NAMESPACES: `${a},${b}`,
      });
      await serverDryRun(rendered);
    });
  });
});
