/**
 * The operator's flags, as one table: it drives parsing (`config.ts`), the environment variable
 * names and `--help`, so they cannot drift apart. A new setting is one row here and one field in
 * `Config`.
 */
/** One flag: its name, the shape of its value, its help line, default and fallbacks. */
export interface FlagSpec {
  readonly flag: string;
  readonly value: string;
  readonly help: string;
  readonly default?: string;
  readonly boolean?: true;
  readonly fallbackEnv?: readonly string[];
}

// One table drives parsing, environment names and --help, so they cannot drift apart.
export const FLAGS = [
  {
    flag: 'kubeconfig',
    value: 'path',
    help: 'Kubeconfig file(s); in-cluster config when unset inside a pod.',
    fallbackEnv: ['KUBECONFIG'],
  },
  { flag: 'context', value: 'name', help: 'Kubeconfig context to use (default: the current context).' },
  {
    flag: 'namespaces',
    value: 'list',
    help: 'Comma-separated namespaces to watch; empty watches all.',
    default: '',
  },
  {
    flag: 'selector',
    value: 'selector',
    help: 'Label selector on our resources (e.g. shard=a), to split a fleet between deployments.',
  },
  { flag: 'workers', value: 'n', help: 'Concurrent reconciles per controller, 1 to 1000.', default: '4' },
  {
    flag: 'resync-period',
    value: 'duration',
    help: 'Reconcile every object again after this long, ±10% (drift detection); 0 turns it off.',
    default: '10m',
  },
  {
    flag: 'orphan-scan-period',
    value: 'duration',
    help: 'List ECS services and task definitions this often to report ones tagged as ours whose object is gone; 0 turns it off (so does --selector).',
    default: '10m',
  },
  {
    flag: 'leader-elect',
    value: 'bool',
    help: 'Run only while holding a Lease, so one replica reconciles.',
    default: 'true',
    boolean: true,
  },
  {
    flag: 'leader-election-namespace',
    value: 'namespace',
    help: "The Lease's namespace (default: the pod's own namespace, else default).",
    fallbackEnv: ['POD_NAMESPACE'],
  },
  {
    flag: 'leader-election-id',
    value: 'name',
    help: "The Lease's name; each deployment splitting a fleet needs its own.",
    default: 'ecs-bridge-<instance-id>',
  },
  {
    flag: 'lease-duration',
    value: 'duration',
    help: 'How long a lease holds without renewal, in whole seconds (a Lease stores seconds).',
    default: '15s',
  },
  {
    flag: 'renew-deadline',
    value: 'duration',
    help: 'How long the leader keeps trying to renew before it stops reconciling.',
    default: '10s',
  },
  { flag: 'retry-period', value: 'duration', help: 'Wait between leader election attempts.', default: '2s' },
  {
    flag: 'metrics-bind-address',
    value: 'addr',
    help: 'Address for /healthz, /readyz and /metrics ([host]:port); 0 turns the server off.',
    default: ':8080',
  },
  {
    flag: 'log-level',
    value: 'level',
    help: 'fatal, error, warn, info, debug, trace or silent.',
    default: 'info',
  },
  {
    flag: 'log-format',
    value: 'format',
    help: 'json (one object per line, for log pipelines) or text (one readable line, for people).',
    default: 'json',
  },
  {
    flag: 'instance-id',
    value: 'id',
    help: 'Names this installation in the owner tags on AWS resources.',
    default: 'default',
  },
  {
    flag: 'default-deletion-policy',
    value: 'policy',
    help: "Delete or Retain: what deleting an object does to its AWS resources when its spec.deletionPolicy is unset (the object's own wins).",
    default: 'Delete',
  },
  {
    flag: 'default-management-policy',
    value: 'policy',
    help: "Manage or Observe: how objects whose spec.managementPolicy is unset are treated; Observe reports drift and never writes to AWS (the object's own wins).",
    default: 'Manage',
  },
  {
    flag: 'access-policies',
    value: 'mode',
    help: 'required or off: with required, the operator makes AWS writes for an object only when an EcsAccessPolicy selecting its namespace allows it (no policy: nothing is written); off converges every watched object (single-tenant installs).',
    default: 'required',
  },
  {
    flag: 'aws-region',
    value: 'region',
    help: 'AWS region (default: the SDK chain).',
    fallbackEnv: ['AWS_REGION'],
  },
  {
    flag: 'aws-endpoint-url',
    value: 'url',
    help: 'One endpoint for every AWS service, for emulators.',
    fallbackEnv: ['AWS_ENDPOINT_URL'],
  },
  {
    flag: 'aws-max-attempts',
    value: 'n',
    help: 'SDK attempts per AWS call, 1 to 10; the work queue does the backing off.',
    default: '2',
  },
  {
    flag: 'aws-rate-budget',
    value: 'fraction',
    help: "Share of AWS's published rate limits to use, above 0 up to 1; the rest is left to others in the account.",
    default: '0.8',
  },
  {
    flag: 'aws-rate-scale',
    value: 'factor',
    help: 'Multiplies every client-side AWS refill rate; 1 for AWS, K for an emulator whose throttling runs K times faster.',
    default: '1',
  },
  {
    flag: 'aws-read-timeout',
    value: 'duration',
    help: 'Deadline of each AWS Describe/List/Get call (SDK retry included); a call past it is abandoned and retried with backoff. 0 turns it off.',
    default: '15s',
  },
  {
    flag: 'aws-write-timeout',
    value: 'duration',
    help: 'Deadline of each other AWS call (create, update, delete, register, tag); longer, as a write given up on may still happen. 0 turns it off.',
    default: '30s',
  },
  {
    flag: 'aws-assume-role-refresh-margin',
    value: 'duration',
    help: 'How long before they expire the credentials of a role assumed for an EcsAccessPolicy (spec.roleArn) are renewed.',
    default: '10m',
  },
  {
    flag: 'aws-connect-timeout',
    value: 'duration',
    help: 'How long opening a connection to AWS may take. 0 turns it off.',
    default: '3s',
  },
  {
    flag: 'reconcile-timeout',
    value: 'duration',
    help: 'Deadline of one reconcile: its AWS and API calls are aborted and the worker moves on; the object is retried with backoff. Longer than --aws-write-timeout. 0 turns it off.',
    default: '2m',
  },
  {
    flag: 'stuck-readiness-threshold',
    value: 'duration',
    help: '/readyz fails while a controller has as many reconciles running longer than this as it has workers. 0 turns it off.',
    default: '1m',
  },
  {
    flag: 'stuck-liveness-threshold',
    value: 'duration',
    help: '/healthz fails (the kubelet restarts the pod) while they have run longer than this; longer than the readiness threshold. 0 turns it off.',
    default: '5m',
  },
  {
    flag: 'shutdown-timeout',
    value: 'duration',
    help: "How long in-flight reconciles may finish after SIGTERM; keep it under the pod's grace period.",
    default: '25s',
  },
] as const satisfies readonly FlagSpec[];

/** The name of a flag the table declares. */
export type FlagName = (typeof FLAGS)[number]['flag'];

/** The environment variable for a flag: `--resync-period` → `ECS_BRIDGE_RESYNC_PERIOD`. */
export function envName(flag: string): string {
  return `ECS_BRIDGE_${flag.toUpperCase().replace(/-/g, '_')}`;
}

/** The `--help` text: every flag, its environment variable and its default. */
export function configHelp(): string {
  const rows = FLAGS.map((spec: FlagSpec) => {
    const envs = [envName(spec.flag), ...(spec.fallbackEnv ?? [])].join(', ');
    const def = spec.default === undefined ? '' : ` (default ${spec.default === '' ? '""' : spec.default})`;
    return `  --${spec.flag}=<${spec.value}>\n      ${spec.help}${def}\n      env: ${envs}`;
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
