/**
 * The operator's configuration: command-line flags and environment variables, parsed and validated
 * in one place into one readonly {@link Config}. Nothing else in the code reads `process.env`.
 *
 * Each flag `--some-flag` can also come from `ECS_BRIDGE_SOME_FLAG`; a flag wins over the
 * environment. `AWS_REGION`, `AWS_ENDPOINT_URL` and `KUBECONFIG` are honoured as fallbacks. A bad
 * value throws a {@link ConfigError} that quotes it and says what is allowed.
 */
import { readFileSync } from 'node:fs';
import { delimiter } from 'node:path';
import { parseArgs } from 'node:util';
import {
  awsRegion,
  bindAddress,
  boolean,
  decimal,
  deepFreeze,
  dnsLabel,
  dnsSubdomain,
  duration,
  endpointUrl,
  formatMs,
  fraction,
  integer,
  labelSelector,
  logFormat,
  logLevel,
  deletionPolicy,
  managementPolicy,
  accessPolicyMode,
  namespaceList,
  wholeSeconds,
  type BindAddress,
  type Check,
  type LogFormat,
  type LogLevel,
} from './config-checks.js';
import { FLAGS, envName, type FlagName, type FlagSpec } from './config-flags.js';

export type { BindAddress, LogFormat, LogLevel } from './config-checks.js';
export { configHelp, envName } from './config-flags.js';

/** Leader election on a `coordination.k8s.io/v1` Lease. */
export interface LeaderElectionConfig {
  readonly enabled: boolean;
  readonly namespace: string;
  /** The Lease's name. */
  readonly id: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
}

/** What the AWS SDK clients are built with. */
export interface AwsConfig {
  /** Undefined lets the SDK's default chain decide (profile, instance metadata). */
  readonly region: string | undefined;
  /** An emulator or proxy in front of every AWS service, e.g. `http://127.0.0.1:5000`. */
  readonly endpointUrl: string | undefined;
  /** SDK attempts per call (1 = no SDK retry): the work queue backs off, not a blocked worker. */
  readonly maxAttempts: number;
  /** Share of AWS's published rate limits the client-side buckets allow, in (0, 1]. */
  readonly rateBudget: number;
  /**
   * Multiplies every client-side refill rate (never a burst): 1 for AWS; K against a throttling
   * emulator sped up K times, so the operator's buckets match the emulator's.
   */
  readonly rateScale: number;
  /** Deadline of a Describe/List/Get call, ms; 0 for none. */
  readonly readTimeoutMs: number;
  /** Deadline of every other call, ms; 0 for none. */
  readonly writeTimeoutMs: number;
  /** How long opening a connection may take, ms; 0 for no limit. */
  readonly connectTimeoutMs: number;
  /** Assumed-role credentials are renewed this long before they expire, ms (ADR 0030). */
  readonly assumeRoleRefreshMarginMs: number;
}

/** When a controller's workers count as stuck (all of them on reconciles older than this). */
export interface StuckConfig {
  /** `/readyz` fails past this; 0 never. */
  readonly readinessMs: number;
  /** `/healthz` fails past this (so the kubelet restarts the pod); 0 never. */
  readonly livenessMs: number;
}

/** The validated configuration of one operator process. Deeply frozen. */
export interface Config {
  /** Kubeconfig files (KUBECONFIG's list); empty means in-cluster config, else `~/.kube/config`. */
  readonly kubeconfigPaths: readonly string[];
  /** The kubeconfig context to use; undefined means the current one. */
  readonly kubeContext: string | undefined;
  /** Namespaces to watch; empty means all. */
  readonly namespaces: readonly string[];
  /** A label selector restricting our resources, e.g. `shard=a`; undefined means all. */
  readonly labelSelector: string | undefined;
  /** Concurrent reconciles per controller. */
  readonly workers: number;
  /** Every object is reconciled again after about this long (drift detection); 0 is off. */
  readonly resyncPeriodMs: number;
  /** How often AWS is scanned for resources of ours whose object is gone (ADR 0012); 0 is off. */
  readonly orphanScanPeriodMs: number;
  /** How often a change ECS is carrying out (rollout, task run, trigger run) is polled; a drain at twice this. */
  readonly progressPollMs: number;
  /** How often a trigger with no run in progress is read again. */
  readonly triggerPollMs: number;
  readonly leaderElection: LeaderElectionConfig;
  /** Undefined when the probe and metrics server is off (`--metrics-bind-address=0`). */
  readonly metricsBindAddress: BindAddress | undefined;
  readonly logLevel: LogLevel;
  /** How log lines are written: JSON objects, or readable text with the same fields. */
  readonly logFormat: LogFormat;
  /** Names this installation in the owner tags it puts on AWS resources. */
  readonly instanceId: string;
  /**
   * What deleting an object does to its AWS resources when its `spec.deletionPolicy` is unset:
   * `Delete` removes them, `Retain` leaves them. An object's own `spec.deletionPolicy` wins.
   */
  readonly defaultDeletionPolicy: 'Delete' | 'Retain';
  /**
   * How objects whose `spec.managementPolicy` is unset are treated: `Manage` converges AWS,
   * `Observe` reads and reports drift without any AWS write (ADR 0018). The object's own wins.
   */
  readonly defaultManagementPolicy: 'Manage' | 'Observe';
  /**
   * `required`: an object is converged only when an EcsAccessPolicy selecting its namespace allows
   * what it asks (ADR 0021); `off`: every object is, as before policies existed (single-tenant).
   */
  readonly accessPolicies: 'required' | 'off';
  readonly aws: AwsConfig;
  /** How long in-flight reconciles may run on after SIGTERM. */
  readonly shutdownTimeoutMs: number;
  /** A reconcile's deadline: its signal aborts and its worker moves on; 0 for none. */
  readonly reconcileTimeoutMs: number;
  readonly stuck: StuckConfig;
}

/** A configuration value that is not allowed. `setting` is the flag or variable it came from. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly setting: string | undefined;

  constructor(message: string, setting?: string) {
    super(message);
    this.setting = setting;
  }
}

/** Where a configuration's raw values come from; {@link loadConfig} fills it from the process. */
export interface ConfigSources {
  /** Flags after the subcommand, e.g. `['--workers=8', '--leader-elect=false']`. */
  readonly argv: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The pod's namespace as the service-account mount says, when running in a pod. */
  readonly serviceAccountNamespace?: string;
}

/** True when `argv` asks for `--help` (or `-h`); check before {@link parseConfig}, which rejects it. */
export function isHelpRequested(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}

/** Reads the process's environment and the service-account namespace file, then {@link parseConfig}. */
export function loadConfig(argv: readonly string[]): Config {
  let serviceAccountNamespace: string | undefined;
  try {
    serviceAccountNamespace = readFileSync(
      '/var/run/secrets/kubernetes.io/serviceaccount/namespace',
      'utf8',
    ).trim();
  } catch {
    // Not in a pod: the default namespace applies.
  }
  return parseConfig({
    argv,
    env: process.env,
    ...(serviceAccountNamespace === undefined ? {} : { serviceAccountNamespace }),
  });
}

/** Parses and validates flags and environment into a {@link Config}; throws {@link ConfigError}. */
export function parseConfig(sources: ConfigSources): Config {
  const flags = parseFlags(sources.argv);
  const read = (flag: FlagName): Raw | undefined => {
    const fromFlag = flags[flag];
    if (fromFlag !== undefined) return { value: fromFlag, origin: `--${flag}` };
    const spec: FlagSpec | undefined = FLAGS.find((f) => f.name === flag);
    for (const name of [envName(flag), ...(spec?.fallbackEnv ?? [])]) {
      const value = sources.env[name];
      if (value !== undefined && value !== '') return { value, origin: name };
    }
    return undefined;
  };

  const instanceId = parseWith(read('instance-id'), 'default', (v) =>
    dnsLabel(v, 'a lowercase name of up to 63 letters, digits and dashes, such as prod-eu'),
  );
  // A Lease stores whole seconds; anything else would be refused later, by leader election itself.
  const leaseDurationMs = parseWith(read('lease-duration'), '15s', (v) =>
    wholeSeconds(
      duration(v, 1_000, 3_600_000),
      'whole seconds from 1s to 1h, such as 15s (a Lease stores seconds)',
    ),
  );
  const renewDeadlineMs = parseWith(read('renew-deadline'), '10s', (v) => duration(v, 100, 3_600_000));
  const retryPeriodMs = parseWith(read('retry-period'), '2s', (v) => duration(v, 100, 3_600_000));
  if (!(leaseDurationMs > renewDeadlineMs && renewDeadlineMs > 1.2 * retryPeriodMs)) {
    // Name each setting as the user gave it (flag or variable), so the message points at the fix.
    const origin = (flag: FlagName): string => read(flag)?.origin ?? `--${flag}`;
    throw new ConfigError(
      `invalid leader election timing: ${origin('lease-duration')} (${formatMs(leaseDurationMs)}) must be longer than ${origin('renew-deadline')} (${formatMs(renewDeadlineMs)}), which must be longer than 1.2 × ${origin('retry-period')} (${formatMs(retryPeriodMs)})`,
      read('lease-duration')?.origin ?? '--lease-duration',
    );
  }

  const origin = (flag: FlagName): string => read(flag)?.origin ?? `--${flag}`;
  const readTimeoutMs = parseWith(read('aws-read-timeout'), '15s', (v) =>
    optionalDuration(v, 100, 3_600_000),
  );
  const writeTimeoutMs = parseWith(read('aws-write-timeout'), '30s', (v) =>
    optionalDuration(v, 100, 3_600_000),
  );
  const reconcileTimeoutMs = parseWith(read('reconcile-timeout'), '2m', (v) =>
    optionalDuration(v, 1_000, 86_400_000),
  );
  // A reconcile must be able to wait out one call; otherwise the call's own, clearer timeout never shows.
  const longestCallMs = Math.max(readTimeoutMs, writeTimeoutMs);
  if (reconcileTimeoutMs > 0 && (longestCallMs === 0 || reconcileTimeoutMs <= longestCallMs)) {
    throw new ConfigError(
      `invalid ${origin('reconcile-timeout')} (${formatMs(reconcileTimeoutMs)}): it must be longer than ${origin('aws-read-timeout')} (${formatMs(readTimeoutMs)}) and ${origin('aws-write-timeout')} (${formatMs(writeTimeoutMs)}), which must not both be 0 (off)`,
      origin('reconcile-timeout'),
    );
  }
  const stuck: StuckConfig = {
    readinessMs: parseWith(read('stuck-readiness-threshold'), '1m', (v) =>
      optionalDuration(v, 1_000, 86_400_000),
    ),
    livenessMs: parseWith(read('stuck-liveness-threshold'), '5m', (v) =>
      optionalDuration(v, 1_000, 86_400_000),
    ),
  };
  if (stuck.readinessMs > 0 && stuck.livenessMs > 0 && stuck.livenessMs <= stuck.readinessMs) {
    throw new ConfigError(
      `invalid ${origin('stuck-liveness-threshold')} (${formatMs(stuck.livenessMs)}): it must be longer than ${origin('stuck-readiness-threshold')} (${formatMs(stuck.readinessMs)})`,
      origin('stuck-liveness-threshold'),
    );
  }

  const config: Config = {
    kubeconfigPaths: parseWith(read('kubeconfig'), '', (v) => ({
      ok: v.split(delimiter).filter((p) => p !== ''),
    })),
    kubeContext: read('context')?.value,
    namespaces: parseWith(read('namespaces'), '', namespaceList),
    labelSelector: parseWith(read('selector'), '', labelSelector),
    workers: parseWith(read('workers'), '4', (v) => integer(v, 1, 1000)),
    resyncPeriodMs: parseWith(read('resync-period'), '10m', (v) =>
      v === '0' ? { ok: 0 } : duration(v, 1_000, 86_400_000, '0 (off) or '),
    ),
    orphanScanPeriodMs: parseWith(read('orphan-scan-period'), '10m', (v) =>
      v === '0' ? { ok: 0 } : duration(v, 1_000, 86_400_000, '0 (off) or '),
    ),
    progressPollMs: parseWith(read('progress-poll-period'), '5s', (v) => duration(v, 1_000, 3_600_000)),
    triggerPollMs: parseWith(read('trigger-poll-period'), '30s', (v) => duration(v, 1_000, 3_600_000)),
    leaderElection: {
      enabled: parseWith(read('leader-elect'), 'true', boolean),
      namespace: parseWith(
        read('leader-election-namespace'),
        sources.serviceAccountNamespace ?? 'default',
        (v) => dnsLabel(v, 'a namespace name'),
      ),
      id: parseWith(read('leader-election-id'), `ecs-bridge-${instanceId}`, dnsSubdomain),
      leaseDurationMs,
      renewDeadlineMs,
      retryPeriodMs,
    },
    metricsBindAddress: parseWith(read('metrics-bind-address'), ':8080', bindAddress),
    logLevel: parseWith(read('log-level'), 'info', logLevel),
    logFormat: parseWith(read('log-format'), 'json', logFormat),
    instanceId,
    defaultDeletionPolicy: parseWith(read('default-deletion-policy'), 'Delete', deletionPolicy),
    defaultManagementPolicy: parseWith(read('default-management-policy'), 'Manage', managementPolicy),
    accessPolicies: parseWith(read('access-policies'), 'required', accessPolicyMode),
    aws: {
      region: parseWith(read('aws-region'), '', awsRegion),
      endpointUrl: parseWith(read('aws-endpoint-url'), '', endpointUrl),
      maxAttempts: parseWith(read('aws-max-attempts'), '2', (v) => integer(v, 1, 10)),
      rateBudget: parseWith(read('aws-rate-budget'), '0.8', (v) => fraction(v)),
      rateScale: parseWith(read('aws-rate-scale'), '1', (v) => decimal(v, 0.001, 1000)),
      readTimeoutMs,
      writeTimeoutMs,
      connectTimeoutMs: parseWith(read('aws-connect-timeout'), '3s', (v) =>
        optionalDuration(v, 100, 600_000),
      ),
      assumeRoleRefreshMarginMs: parseWith(read('aws-assume-role-refresh-margin'), '10m', (v) =>
        duration(v, 0, 43_200_000, ''),
      ),
    },
    shutdownTimeoutMs: parseWith(read('shutdown-timeout'), '25s', (v) =>
      v === '0' ? { ok: 0 } : duration(v, 0, 3_600_000, '0 or '),
    ),
    reconcileTimeoutMs,
    stuck,
  };
  return deepFreeze(config);
}

/** A duration, or `0` for "none". */
function optionalDuration(value: string, minMs: number, maxMs: number): Check<number> {
  return value === '0' ? { ok: 0 } : duration(value, minMs, maxMs, '0 (off) or ');
}

interface Raw {
  readonly value: string;
  /** `--flag` or the environment variable's name. */
  readonly origin: string;
}

function parseWith<T>(raw: Raw | undefined, fallback: string, check: (value: string) => Check<T>): T {
  const result = check(raw?.value.trim() ?? fallback);
  if ('ok' in result) return result.ok;
  const origin = raw?.origin ?? 'default';
  throw new ConfigError(
    `invalid ${origin} ${JSON.stringify(raw?.value ?? fallback)}: expected ${result.expected}`,
    origin,
  );
}

function parseFlags(argv: readonly string[]): Partial<Record<string, string>> {
  const booleans = new Set<string>(FLAGS.filter((f: FlagSpec) => f.type === 'boolean').map((f) => f.name));
  // Go-style booleans (--flag, --no-flag, --flag=false) onto string options parseArgs can take.
  const args = argv.map((arg) => {
    if (booleans.has(arg.slice(2)) && arg.startsWith('--')) return `${arg}=true`;
    if (arg.startsWith('--no-') && booleans.has(arg.slice(5))) return `--${arg.slice(5)}=false`;
    return arg;
  });
  const options = Object.fromEntries(FLAGS.map((f) => [f.name, { type: 'string' as const }]));
  try {
    const { values } = parseArgs({ args, options, strict: true, allowPositionals: false });
    return values;
  } catch (err) {
    throw flagError(err, args);
  }
}

function flagError(err: unknown, args: readonly string[]): ConfigError {
  const code = (err as { code?: unknown }).code;
  const message = err instanceof Error ? err.message : String(err);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return new ConfigError(`unknown flag "${flag}"`, flag);
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    const arg = /'([^']+)'/.exec(message)?.[1] ?? message;
    const hint = ['true', 'false'].includes(arg)
      ? '; a boolean takes --flag=false'
      : '; flags take --flag=value';
    return new ConfigError(`unexpected argument "${arg}"${hint}`);
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--[a-z-]+)/.exec(message)?.[1] ?? args.join(' ');
    return new ConfigError(`${flag} needs a value: ${flag}=<value>`, flag);
  }
  return new ConfigError(`cannot read flags: ${message}`);
}
