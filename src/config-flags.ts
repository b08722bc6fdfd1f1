/**
 * The operator's flags, as one table: it drives parsing (`config.ts`), the environment variable
 * names and `--help`, so they cannot drift apart. A new setting is one row here and one field in
 * `Config`.
 */
import type { FlagDef } from './shared/flag-def.js';

/** One flag of the operator: the shared flag shape, whose `value` placeholder is always given. */
export type FlagSpec = FlagDef & { readonly value: string };

// One table drives parsing, environment names and --help, so they cannot drift apart.
export const FLAGS = [
  {
    name: 'kubeconfig',
    type: 'string',
    value: 'path',
    help: 'Kubeconfig file(s); in-cluster config when unset inside a pod.',
    fallbackEnv: ['KUBECONFIG'],
  },
  {
    name: 'context',
    type: 'string',
    value: 'name',
    help: 'Kubeconfig context to use (default: the current context).',
  },
  {
    name: 'namespaces',
    type: 'string',
    value: 'list',
    help: 'Comma-separated namespaces to watch; empty watches all.',
    default: '',
  },
  {
    name: 'selector',
    type: 'string',
    value: 'selector',
    help: 'Label selector on our resources (e.g. shard=a), to split a fleet between deployments.',
  },
  {
    name: 'workers',
    type: 'string',
    value: 'n',
    help: 'Concurrent reconciles per controller, 1 to 1000.',
    default: '4',
  },
  {
    name: 'resync-period',
    type: 'string',
    value: 'duration',
    help: 'Reconcile every object again after this long, ±10% (drift detection); 0 turns it off.',
    default: '10m',
  },
  {
    name: 'orphan-scan-period',
    type: 'string',
    value: 'duration',
    help: 'List ECS services and task definitions this often to report ones tagged as ours whose object is gone; 0 turns it off (so does --selector).',
    default: '10m',
  },
  {
    name: 'progress-poll-period',
    type: 'string',
    value: 'duration',
    help: 'Check a change ECS is carrying out (a service rollout, a task run, a trigger with a run in progress) this often, and a draining service at twice this; longer spends fewer AWS calls. Service rollouts are checked on the multiples of this period, so services changing together are read in the same calls.',
    default: '5s',
  },
  {
    name: 'trigger-poll-period',
    type: 'string',
    value: 'duration',
    help: 'Read a trigger with no run in progress again this often (drift, and runs its rule or schedule started); longer spends fewer AWS calls.',
    default: '30s',
  },
  {
    name: 'leader-elect',
    type: 'boolean',
    value: 'bool',
    help: 'Run only while holding a Lease, so one replica reconciles.',
    default: 'true',
  },
  {
    name: 'leader-election-namespace',
    type: 'string',
    value: 'namespace',
    help: "The Lease's namespace (default: the pod's own namespace, else default).",
    fallbackEnv: ['POD_NAMESPACE'],
  },
  {
    name: 'leader-election-id',
    type: 'string',
    value: 'name',
    help: "The Lease's name; each deployment splitting a fleet needs its own.",
    default: 'ecs-bridge-<instance-id>',
  },
  {
    name: 'lease-duration',
    type: 'string',
    value: 'duration',
    help: 'How long a lease holds without renewal, in whole seconds (a Lease stores seconds).',
    default: '15s',
  },
  {
    name: 'renew-deadline',
    type: 'string',
    value: 'duration',
    help: 'How long the leader keeps trying to renew before it stops reconciling.',
    default: '10s',
  },
  {
    name: 'retry-period',
    type: 'string',
    value: 'duration',
    help: 'Wait between leader election attempts.',
    default: '2s',
  },
  {
    name: 'metrics-bind-address',
    type: 'string',
    value: 'addr',
    help: 'Address for /healthz, /readyz and /metrics ([host]:port); 0 turns the server off.',
    default: ':8080',
  },
  {
    name: 'log-level',
    type: 'string',
    value: 'level',
    help: 'fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
  },
  {
    name: 'log-format',
    type: 'string',
    value: 'format',
    help: 'json (one object per line, for log pipelines) or text (one readable line, for people).',
    default: 'json',
  },
  {
    name: 'instance-id',
    type: 'string',
    value: 'id',
    help: 'Names this installation in the owner tags on AWS resources.',
    default: 'default',
  },
  {
    name: 'default-deletion-policy',
    type: 'string',
    value: 'policy',
    help: "Delete or Retain: what deleting an object does to its AWS resources when its spec.deletionPolicy is unset (the object's own wins).",
    default: 'Delete',
  },
  {
    name: 'default-management-policy',
    type: 'string',
    value: 'policy',
    help: "Manage or Observe: how objects whose spec.managementPolicy is unset are treated; Observe reports drift and never writes to AWS (the object's own wins).",
    default: 'Manage',
  },
  {
    name: 'access-policies',
    type: 'string',
    value: 'mode',
    help: 'required or off: with required, the operator makes AWS writes for an object only when an EcsAccessPolicy selecting its namespace allows it (no policy: nothing is written); off converges every watched object (single-tenant installs).',
    default: 'required',
  },
  {
    name: 'aws-region',
    type: 'string',
    value: 'region',
    help: 'AWS region (default: the SDK chain).',
    fallbackEnv: ['AWS_REGION'],
  },
  {
    name: 'aws-endpoint-url',
    type: 'string',
    value: 'url',
    help: 'One endpoint for every AWS service, for emulators.',
    fallbackEnv: ['AWS_ENDPOINT_URL'],
  },
  {
    name: 'aws-max-attempts',
    type: 'string',
    value: 'n',
    help: 'SDK attempts per AWS call, 1 to 10; the work queue does the backing off.',
    default: '2',
  },
  {
    name: 'aws-rate-budget',
    type: 'string',
    value: 'fraction',
    help: "Share of AWS's published rate limits to use, above 0 up to 1; the rest is left to others in the account.",
    default: '0.8',
  },
  {
    name: 'aws-rate-scale',
    type: 'string',
    value: 'factor',
    help: 'Multiplies every client-side AWS refill rate; 1 for AWS, K for an emulator whose throttling runs K times faster.',
    default: '1',
  },
  {
    name: 'aws-read-timeout',
    type: 'string',
    value: 'duration',
    help: 'Deadline of each AWS Describe/List/Get call (SDK retry included); a call past it is abandoned and retried with backoff. 0 turns it off.',
    default: '15s',
  },
  {
    name: 'aws-write-timeout',
    type: 'string',
    value: 'duration',
    help: 'Deadline of each other AWS call (create, update, delete, register, tag); longer, as a write given up on may still happen. 0 turns it off.',
    default: '30s',
  },
  {
    name: 'aws-assume-role-refresh-margin',
    type: 'string',
    value: 'duration',
    help: 'How long before they expire the credentials of a role assumed for an EcsAccessPolicy (spec.roleArn) are renewed.',
    default: '10m',
  },
  {
    name: 'aws-connect-timeout',
    type: 'string',
    value: 'duration',
    help: 'How long opening a connection to AWS may take. 0 turns it off.',
    default: '3s',
  },
  {
    name: 'reconcile-timeout',
    type: 'string',
    value: 'duration',
    help: 'Deadline of one reconcile: its AWS and API calls are aborted and the worker moves on; the object is retried with backoff. Longer than --aws-write-timeout. 0 turns it off.',
    default: '2m',
  },
  {
    name: 'stuck-readiness-threshold',
    type: 'string',
    value: 'duration',
    help: '/readyz fails while a controller has as many reconciles running longer than this as it has workers. 0 turns it off.',
    default: '1m',
  },
  {
    name: 'stuck-liveness-threshold',
    type: 'string',
    value: 'duration',
    help: '/healthz fails (the kubelet restarts the pod) while they have run longer than this; longer than the readiness threshold. 0 turns it off.',
    default: '5m',
  },
  {
    name: 'shutdown-timeout',
    type: 'string',
    value: 'duration',
    help: "How long in-flight reconciles may finish after SIGTERM; keep it under the pod's grace period.",
    default: '25s',
  },
] as const satisfies readonly FlagSpec[];

/** The name of a flag the table declares. */
export type FlagName = (typeof FLAGS)[number]['name'];

/** The environment variable for a flag: `--resync-period` → `ECS_BRIDGE_RESYNC_PERIOD`. */
export function envName(flag: string): string {
  return `ECS_BRIDGE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** The `--help` text: every flag, its environment variable and its default. */
export function configHelp(): string {
  const rows = FLAGS.map((spec: FlagSpec) => {
    const envs = [envName(spec.name), ...(spec.fallbackEnv ?? [])].join(', ');
    const def = spec.default === undefined ? '' : ` (default ${spec.default === '' ? '""' : spec.default})`;
    return `  --${spec.name}=<${spec.value}>\n      ${spec.help}${def}\n      env: ${envs}`;
  });
  return [
    'Usage: ecs-bridge run [flags]',
    '',
    'Runs the operator against the current kubeconfig (in-cluster config inside a pod) and the',
    'default AWS credential chain. Every flag can also be set by its environment variable; a flag',
    'wins. Durations look like 500ms, 30s, 10m or 1h30m. Booleans take --flag, --no-flag or',
    '--flag=true|false.',
    '',
    'Flags:',
    ...rows,
    '  --help',
    '      Print this help.',
    '',
  ].join('\n');
}
