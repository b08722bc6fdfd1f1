/**
 * What the operator's own code calls, read from the source: the files `ecs-bridge run` loads, the
 * AWS actions they send (as IAM `service:Action`), and the Kubernetes RBAC their client-node calls
 * need. The install-path tests compare the shipped IAM policies and RBAC with these, both ways.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as clientNode from '@kubernetes/client-node';
import { repoRoot } from './deploy.js';

/** Every production source file under src/ (no tests, test helpers, fakes or testing/ folders). */
export function productionSources(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(repoRoot, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'testing') walk(path);
      } else if (
        entry.name.endsWith('.ts') &&
        !entry.name.endsWith('.test.ts') &&
        !entry.name.endsWith('.test-helper.ts') &&
        !entry.name.startsWith('fake-')
      ) {
        out.push(path);
      }
    }
  };
  walk('src');
  return out.sort();
}

/** A repository file's text. */
export const source = (path: string): string => readFileSync(join(repoRoot, path), 'utf8');

/** The module that implements `ecs-bridge run`: the operator, as the Deployment runs it. */
export const OPERATOR_ENTRY = 'src/cli/run-command.ts';

/**
 * The production files `ecs-bridge run` loads: everything reachable from {@link OPERATOR_ENTRY}
 * through relative imports that run code (`import type` is erased). Other subcommands (status,
 * plan, import) run on a person's machine with that person's credentials, not with the
 * operator's ServiceAccount or IAM role, so their calls are not the operator's to grant.
 */
export function operatorSources(): string[] {
  const production = new Set(productionSources());
  const seen = new Set<string>();
  const queue = [OPERATOR_ENTRY];
  while (queue.length > 0) {
    const file = queue.pop() ?? '';
    if (seen.has(file)) continue;
    if (!production.has(file)) throw new Error(`the operator imports ${file}, which is not production code`);
    seen.add(file);
    const text = source(file);
    const specifiers = [
      ...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'(\.{1,2}\/[^']+)'/gm),
      ...text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g),
    ].map((m) => m[1] ?? '');
    for (const spec of specifiers) {
      queue.push(join(dirname(file), spec).replace(/\.js$/, '.ts'));
    }
  }
  return [...seen].sort();
}

/** The IAM service prefix of each SDK package the code sends commands with. */
export const SERVICE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-eventbridge': 'events',
  '@aws-sdk/client-scheduler': 'scheduler',
  '@aws-sdk/client-s3': 's3',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-resource-groups-tagging-api': 'tag',
};

/**
 * API operations whose IAM action has another name (Service Authorization Reference for Amazon S3:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html).
 */
const IAM_ACTION_OF: Record<string, string> = {
  's3:GetBucketNotificationConfiguration': 's3:GetBucketNotification',
  's3:PutBucketNotificationConfiguration': 's3:PutBucketNotification',
};

/**
 * A command the source sends: `new XCommand(` (static import), `new m.XCommand(` (lazy edge), or
 * `('X', XCommand` or `['X', XCommand` (a command class handed to, or listed in, a table of
 * operations: src/aws/operations.ts).
 */
export const SENDS_COMMAND = /new (?:\w+\.)?\w+Command\(|[([]\s*'\w+',\s*\w+Command\b/;

/** The commands a file sends from its static SDK imports, by action name. */
function staticallySent(file: string, text: string): Set<string> {
  const sent = new Set([...text.matchAll(/new (\w+)Command\(/g)].map((m) => m[1] ?? ''));
  for (const [, action = '', command = ''] of text.matchAll(/[([]\s*'(\w+)',\s*(\w+)Command\b/g)) {
    if (action !== command)
      throw new Error(`${file} sends ${command}Command as '${action}': the action names its command`);
    sent.add(command);
  }
  return sent;
}

/**
 * The actions a lazily loaded edge sends: `new m.XCommand(` where `m` is the module of the one SDK
 * package the file imports with `import('@aws-sdk/…')` (lazy-sdk-client.ts).
 */
function lazyActions(file: string, text: string): string[] {
  const sent = [...text.matchAll(/new \w+\.(\w+)Command\(/g)].map((m) => m[1] ?? '');
  if (sent.length === 0) return [];
  const packages = new Set(
    [...text.matchAll(/import\(\s*'(@aws-sdk\/[\w-]+)'\s*\)/g)].map((m) => m[1] ?? ''),
  );
  if (packages.size !== 1)
    throw new Error(
      `${file} sends lazily loaded commands but imports ${packages.size} SDK packages with import()`,
    );
  const [pkg = ''] = [...packages];
  const prefix = SERVICE_PREFIX[pkg];
  if (prefix === undefined)
    throw new Error(`${file} sends commands from ${pkg}: add ${pkg} to SERVICE_PREFIX`);
  return sent.map((action) => `${prefix}:${action}`);
}

/** `service:Action` for every SDK command the operator's code sends. */
export function awsActionsTheOperatorCalls(): string[] {
  const actions = new Set<string>();
  const senders = operatorSources().filter((f) => SENDS_COMMAND.test(source(f)));
  if (senders.length === 0) throw new Error('the operator sends no SDK command?');
  for (const file of senders) {
    const text = source(file);
    for (const action of lazyActions(file, text)) actions.add(IAM_ACTION_OF[action] ?? action);
    const sent = staticallySent(file, text);
    for (const [, names = '', pkg = ''] of text.matchAll(
      /import\s*\{([^}]*)\}\s*from\s*'(@aws-sdk\/[\w-]+)'/g,
    )) {
      const prefix = SERVICE_PREFIX[pkg];
      for (const name of names.split(',').map((n) => n.trim().replace(/^type\s+/, ''))) {
        const action = /^(\w+)Command$/.exec(name)?.[1];
        if (action === undefined || !sent.has(action)) continue;
        if (prefix === undefined)
          throw new Error(`${file} sends ${name} from ${pkg}: add ${pkg} to SERVICE_PREFIX`);
        actions.add(IAM_ACTION_OF[`${prefix}:${action}`] ?? `${prefix}:${action}`);
        sent.delete(action);
      }
    }
    if (sent.size > 0)
      throw new Error(`${file} sends ${[...sent].join(', ')} not imported from an SDK package`);
  }
  return [...actions].sort();
}

/** What one client-node call needs: `ours` stands for both of our kinds. */
export type Need = {
  group: string;
  resource:
    | 'ours'
    | 'ours/status'
    | 'ecsaccesspolicies/status'
    | 'ecstaskruns'
    | 'events'
    | 'leases'
    | 'customresourcedefinitions'
    | 'namespaces';
  verb: string;
};

/**
 * The RBAC each client-node method the code calls needs. A method found in src/ and missing here
 * fails the test: map it (and grant it) deliberately.
 */
export const CALL_NEEDS: Record<string, Need> = {
  listClusterCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'list' },
  listNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'list' },
  // A deletion reads its object live before its first AWS write (src/resources/kind-objects.ts).
  getNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'get' },
  patchNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ours', verb: 'patch' },
  patchNamespacedCustomObjectStatus: { group: 'ecs-bridge.dev', resource: 'ours/status', verb: 'patch' },
  // Only an EcsTaskRun deletes itself (ttlSecondsAfterFinished): the one kind granted delete.
  deleteNamespacedCustomObject: { group: 'ecs-bridge.dev', resource: 'ecstaskruns', verb: 'delete' },
  // EcsAccessPolicy (cluster-scoped): its status, and the namespace labels its selector reads.
  patchClusterCustomObjectStatus: {
    group: 'ecs-bridge.dev',
    resource: 'ecsaccesspolicies/status',
    verb: 'patch',
  },
  listNamespace: { group: '', resource: 'namespaces', verb: 'list' },
  createNamespacedEvent: { group: '', resource: 'events', verb: 'create' },
  patchNamespacedEvent: { group: '', resource: 'events', verb: 'patch' },
  readNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'get' },
  createNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'create' },
  replaceNamespacedLease: { group: 'coordination.k8s.io', resource: 'leases', verb: 'update' },
  readCustomResourceDefinition: {
    group: 'apiextensions.k8s.io',
    resource: 'customresourcedefinitions',
    verb: 'get',
  },
};

/** Every method of every client-node `*Api` class: what a call in src/ could be. */
export function clientNodeMethods(): Set<string> {
  const names = new Set<string>();
  for (const [exportName, value] of Object.entries(clientNode)) {
    if (!exportName.endsWith('Api') || typeof value !== 'function') continue;
    const proto = (value as { prototype?: object }).prototype;
    if (proto === undefined) continue;
    // Generated methods name their resource (listNamespacedCustomObject); the all-lowercase
    // ones belong to the generic KubernetesObjectApi, which a test below keeps out of src/.
    for (const n of Object.getOwnPropertyNames(proto)) if (/[A-Z]/.test(n)) names.add(n);
  }
  return names;
}

/** `group|resource|verb` strings the code needs, split into cluster-wide and operator-namespace. */
export function rbacTheOperatorNeeds(): { cluster: string[]; leaderElection: string[]; calls: string[] } {
  const methods = clientNodeMethods();
  if (methods.size < 100) throw new Error(`only ${methods.size} client-node API methods found`);
  const crds = readdirSync(join(repoRoot, 'crds'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => source(join('crds', f)));
  const plurals = crds.map((text) => /plural:\s*(\S+)/.exec(text)?.[1] ?? '').sort();
  // A namespaced call (patchNamespaced*, getNamespaced*) cannot reach a cluster-scoped kind:
  // patches and gets need only the namespaced plurals.
  const namespaced = crds
    .filter((text) => /scope:\s*Namespaced/.test(text))
    .map((text) => /plural:\s*(\S+)/.exec(text)?.[1] ?? '')
    .sort();
  const calls = new Set<string>();
  const needs: Need[] = [];
  for (const file of operatorSources()) {
    const text = source(file);
    for (const [, method = ''] of text.matchAll(/\.(\w+)\(/g)) {
      if (!methods.has(method)) continue;
      const need = CALL_NEEDS[method];
      if (need === undefined) throw new Error(`${file} calls client-node's ${method}: add it to CALL_NEEDS`);
      calls.add(method);
      needs.push(need);
    }
    // client-node's Watch streams a collection path; the only one we watch is our kinds'.
    if (/new Watch\(/.test(text)) {
      calls.add('Watch');
      needs.push({ group: 'ecs-bridge.dev', resource: 'ours', verb: 'watch' });
    }
    // The Namespace informer streams the core collection through the same Watch.
    if (text.includes("'/api/v1/namespaces'")) {
      calls.add('Watch');
      needs.push({ group: '', resource: 'namespaces', verb: 'watch' });
    }
  }
  const expand = (n: Need): string[] =>
    n.resource === 'ours' || n.resource === 'ours/status'
      ? (n.verb === 'patch' || n.verb === 'get' ? namespaced : plurals).map(
          (p) => `${n.group}|${p}${n.resource === 'ours/status' ? '/status' : ''}|${n.verb}`,
        )
      : [`${n.group}|${n.resource}|${n.verb}`];
  const cluster = needs.filter((n) => n.resource !== 'leases').flatMap(expand);
  const leaderElection = needs.filter((n) => n.resource === 'leases').flatMap(expand);
  return {
    cluster: [...new Set(cluster)].sort(),
    leaderElection: [...new Set(leaderElection)].sort(),
    calls: [...calls].sort(),
  };
}
