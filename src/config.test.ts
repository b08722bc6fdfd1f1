import { describe, expect, it } from 'vitest';
import { ConfigError, configHelp, envName, isHelpRequested, parseConfig, type Config } from './config.js';

const parse = (argv: string[], env: Record<string, string> = {}, serviceAccountNamespace?: string): Config =>
  parseConfig({ argv, env, ...(serviceAccountNamespace === undefined ? {} : { serviceAccountNamespace }) });

function errorOf(argv: string[], env: Record<string, string> = {}): ConfigError {
  try {
    parse(argv, env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error(`no error for ${argv.join(' ')}`);
}

/**
 * The rejected cases of one setting: `values` given as the flag `--x=<value>` or the environment
 * variable `X`, each refused with `invalid <setting> "<value>": <expected>`.
 */
function badValues(
  setting: string,
  values: string[],
  expected: string,
): [string[], Record<string, string>, string][] {
  return values.map((value) => [
    setting.startsWith('--') ? [`${setting}=${value}`] : [],
    setting.startsWith('--') ? {} : { [setting]: value },
    `invalid ${setting} "${value}": ${expected}`,
  ]);
}

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    expect(parse([])).toEqual({
      kubeconfigPaths: [],
      kubeContext: undefined,
      namespaces: [],
      labelSelector: undefined,
      workers: 4,
      resyncPeriodMs: 600_000,
      orphanScanPeriodMs: 600_000,
      progressPollMs: 5_000,
      triggerPollMs: 30_000,
      leaderElection: {
        enabled: true,
        namespace: 'default',
        id: 'ecs-bridge-default',
        leaseDurationMs: 15_000,
        renewDeadlineMs: 10_000,
        retryPeriodMs: 2_000,
      },
      metricsBindAddress: { host: undefined, port: 8080 },
      logLevel: 'info',
      logFormat: 'json',
      instanceId: 'default',
      defaultDeletionPolicy: 'Delete',
      defaultManagementPolicy: 'Manage',
      accessPolicies: 'required',
      aws: {
        region: undefined,
        endpointUrl: undefined,
        maxAttempts: 2,
        rateBudget: 0.8,
        rateScale: 1,
        readTimeoutMs: 15_000,
        writeTimeoutMs: 30_000,
        assumeRoleRefreshMarginMs: 600_000,
        connectTimeoutMs: 3_000,
      },
      shutdownTimeoutMs: 25_000,
      reconcileTimeoutMs: 120_000,
      stuck: { readinessMs: 60_000, livenessMs: 300_000 },
    });
  });

  it('returns a deeply frozen config', () => {
    const config = parse([]);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.leaderElection)).toBe(true);
    expect(Object.isFrozen(config.namespaces)).toBe(true);
  });

  it.each<[string, string[], Record<string, string>, (c: Config) => unknown, unknown]>([
    ['kubeconfig flag', ['--kubeconfig=/k/a'], {}, (c) => c.kubeconfigPaths, ['/k/a']],
    ['KUBECONFIG list', [], { KUBECONFIG: '/k/a:/k/b' }, (c) => c.kubeconfigPaths, ['/k/a', '/k/b']],
    [
      'flag over KUBECONFIG',
      ['--kubeconfig', '/k/c'],
      { KUBECONFIG: '/k/a' },
      (c) => c.kubeconfigPaths,
      ['/k/c'],
    ],
    ['context', ['--context=kind-a'], {}, (c) => c.kubeContext, 'kind-a'],
    ['namespaces', ['--namespaces=team-a, team-b,,team-a'], {}, (c) => c.namespaces, ['team-a', 'team-b']],
    ['empty namespaces', ['--namespaces='], {}, (c) => c.namespaces, []],
    [
      'selector',
      ['--selector=shard=a,env in (prod, staging),!legacy'],
      {},
      (c) => c.labelSelector,
      'shard=a,env in (prod, staging),!legacy',
    ],
    [
      'prefixed selector key',
      ['--selector=ecs-bridge.dev/shard!=b'],
      {},
      (c) => c.labelSelector,
      'ecs-bridge.dev/shard!=b',
    ],
    ['workers', ['--workers=16'], {}, (c) => c.workers, 16],
    ['workers from env', [], { ECS_BRIDGE_WORKERS: '8' }, (c) => c.workers, 8],
    ['flag over env', ['--workers=2'], { ECS_BRIDGE_WORKERS: '8' }, (c) => c.workers, 2],
    ['empty env ignored', [], { ECS_BRIDGE_WORKERS: '' }, (c) => c.workers, 4],
    ['resync 1h30m', ['--resync-period=1h30m'], {}, (c) => c.resyncPeriodMs, 5_400_000],
    ['resync 1.5m', ['--resync-period=1.5m'], {}, (c) => c.resyncPeriodMs, 90_000],
    ['resync off', ['--resync-period=0'], {}, (c) => c.resyncPeriodMs, 0],
    ['orphan scan 1m', ['--orphan-scan-period=1m'], {}, (c) => c.orphanScanPeriodMs, 60_000],
    ['orphan scan off', ['--orphan-scan-period=0'], {}, (c) => c.orphanScanPeriodMs, 0],
    ['progress poll 1s', ['--progress-poll-period=1s'], {}, (c) => c.progressPollMs, 1_000],
    ['trigger poll 2s', ['--trigger-poll-period=2s'], {}, (c) => c.triggerPollMs, 2_000],
    ['leader-elect bare', ['--leader-elect'], {}, (c) => c.leaderElection.enabled, true],
    ['leader-elect=false', ['--leader-elect=false'], {}, (c) => c.leaderElection.enabled, false],
    ['no-leader-elect', ['--no-leader-elect'], {}, (c) => c.leaderElection.enabled, false],
    ['leader-elect env', [], { ECS_BRIDGE_LEADER_ELECT: 'FALSE' }, (c) => c.leaderElection.enabled, false],
    [
      'lease namespace flag',
      ['--leader-election-namespace=ops'],
      {},
      (c) => c.leaderElection.namespace,
      'ops',
    ],
    [
      'lease namespace POD_NAMESPACE',
      [],
      { POD_NAMESPACE: 'ecs-bridge-system' },
      (c) => c.leaderElection.namespace,
      'ecs-bridge-system',
    ],
    [
      'lease id follows instance',
      ['--instance-id=prod-eu'],
      {},
      (c) => c.leaderElection.id,
      'ecs-bridge-prod-eu',
    ],
    [
      'lease id',
      ['--leader-election-id=shard-a.ecs-bridge.dev'],
      {},
      (c) => c.leaderElection.id,
      'shard-a.ecs-bridge.dev',
    ],
    [
      'lease timings',
      ['--lease-duration=4s', '--renew-deadline=3s', '--retry-period=500ms'],
      {},
      (c) => [
        c.leaderElection.leaseDurationMs,
        c.leaderElection.renewDeadlineMs,
        c.leaderElection.retryPeriodMs,
      ],
      [4000, 3000, 500],
    ],
    [
      'bind all',
      ['--metrics-bind-address=:9090'],
      {},
      (c) => c.metricsBindAddress,
      { host: undefined, port: 9090 },
    ],
    [
      'bind loopback',
      ['--metrics-bind-address=127.0.0.1:0'],
      {},
      (c) => c.metricsBindAddress,
      { host: '127.0.0.1', port: 0 },
    ],
    [
      'bind ipv6',
      ['--metrics-bind-address=[::1]:8080'],
      {},
      (c) => c.metricsBindAddress,
      { host: '::1', port: 8080 },
    ],
    ['bind off', ['--metrics-bind-address=0'], {}, (c) => c.metricsBindAddress, undefined],
    ['log level', ['--log-level=DEBUG'], {}, (c) => c.logLevel, 'debug'],
    [
      'default deletion policy flag',
      ['--default-deletion-policy=retain'],
      {},
      (c) => c.defaultDeletionPolicy,
      'Retain',
    ],
    [
      'default deletion policy env',
      [],
      { ECS_BRIDGE_DEFAULT_DELETION_POLICY: 'Retain' },
      (c) => c.defaultDeletionPolicy,
      'Retain',
    ],
    [
      'default management policy flag',
      ['--default-management-policy=observe'],
      {},
      (c) => c.defaultManagementPolicy,
      'Observe',
    ],
    [
      'access policies flag (single-tenant opt-out)',
      ['--access-policies=OFF'],
      {},
      (c) => c.accessPolicies,
      'off',
    ],
    ['access policies env', [], { ECS_BRIDGE_ACCESS_POLICIES: 'off' }, (c) => c.accessPolicies, 'off'],
    [
      'default management policy env',
      [],
      { ECS_BRIDGE_DEFAULT_MANAGEMENT_POLICY: 'Observe' },
      (c) => c.defaultManagementPolicy,
      'Observe',
    ],
    ['log format', ['--log-format=text'], {}, (c) => c.logFormat, 'text'],
    ['log format env', [], { ECS_BRIDGE_LOG_FORMAT: 'TEXT' }, (c) => c.logFormat, 'text'],
    ['aws region flag', ['--aws-region=eu-west-3'], {}, (c) => c.aws.region, 'eu-west-3'],
    ['AWS_REGION fallback', [], { AWS_REGION: 'us-gov-west-1' }, (c) => c.aws.region, 'us-gov-west-1'],
    [
      'ours over AWS_REGION',
      [],
      { AWS_REGION: 'us-east-1', ECS_BRIDGE_AWS_REGION: 'eu-central-1' },
      (c) => c.aws.region,
      'eu-central-1',
    ],
    [
      'AWS_ENDPOINT_URL fallback',
      [],
      { AWS_ENDPOINT_URL: 'http://127.0.0.1:5000' },
      (c) => c.aws.endpointUrl,
      'http://127.0.0.1:5000',
    ],
    ['max attempts', ['--aws-max-attempts=1'], {}, (c) => c.aws.maxAttempts, 1],
    ['rate budget', ['--aws-rate-budget=1'], {}, (c) => c.aws.rateBudget, 1],
    ['rate budget env', [], { ECS_BRIDGE_AWS_RATE_BUDGET: '0.5' }, (c) => c.aws.rateBudget, 0.5],
    ['rate scale', ['--aws-rate-scale=10'], {}, (c) => c.aws.rateScale, 10],
    ['fractional rate scale', ['--aws-rate-scale=0.5'], {}, (c) => c.aws.rateScale, 0.5],
    ['shutdown timeout', ['--shutdown-timeout=40s'], {}, (c) => c.shutdownTimeoutMs, 40_000],
    ['shutdown timeout 0', ['--shutdown-timeout=0'], {}, (c) => c.shutdownTimeoutMs, 0],
  ])('%s', (_name, argv, env, pick, expected) => {
    expect(pick(parse(argv, env))).toEqual(expected);
  });

  it('takes the lease namespace from the service-account mount when nothing else says', () => {
    expect(parse([], {}, 'from-mount').leaderElection.namespace).toBe('from-mount');
    expect(parse([], { POD_NAMESPACE: 'from-env' }, 'from-mount').leaderElection.namespace).toBe('from-env');
  });

  it.each<[string[], Record<string, string>, string]>([
    ...badValues('--workers', ['0', 'abc', '2.5'], 'expected a whole number from 1 to 1000'),
    ...badValues('ECS_BRIDGE_WORKERS', ['-3'], 'expected a whole number from 1 to 1000'),
    ...badValues('--aws-rate-budget', ['0', '1.5'], 'expected a number above 0 and at most 1, such as 0.8'),
    ...badValues('--aws-rate-scale', ['-2'], 'expected a number from 0.001 to 1000'),
    ...badValues(
      '--resync-period',
      ['30', '500ms', '10 m'],
      'expected 0 (off) or a duration from 1s to 24h, such as 30s, 10m or 1h30m',
    ),
    ...badValues(
      '--progress-poll-period',
      ['0'],
      'expected a duration from 1s to 1h, such as 30s, 10m or 1h30m',
    ),
    ...badValues('--leader-elect', ['maybe'], 'expected true or false'),
    ...badValues('ECS_BRIDGE_LEADER_ELECT', ['yes'], 'expected true or false'),
    [
      ['--lease-duration=10s', '--renew-deadline=10s'],
      {},
      'invalid leader election timing: --lease-duration (10s) must be longer than --renew-deadline (10s), which must be longer than 1.2 × --retry-period (2s)',
    ],
    [
      ['--retry-period=9s'],
      {},
      'invalid leader election timing: --lease-duration (15s) must be longer than --renew-deadline (10s), which must be longer than 1.2 × --retry-period (9s)',
    ],
    [
      ['--renew-deadline=20s'],
      { ECS_BRIDGE_LEASE_DURATION: '20s' },
      'invalid leader election timing: ECS_BRIDGE_LEASE_DURATION (20s) must be longer than --renew-deadline (20s), which must be longer than 1.2 × --retry-period (2s)',
    ],
    ...badValues(
      '--lease-duration',
      ['15500ms', '500ms'],
      'expected whole seconds from 1s to 1h, such as 15s (a Lease stores seconds)',
    ),
    ...badValues(
      '--namespaces',
      ['team-a,Team_B'],
      'expected comma-separated namespace names (lowercase letters, digits, dashes); "Team_B" is not one',
    ),
    ...badValues(
      '--selector',
      ['shard=@a', 'env in (prod', 'a=b,,c'],
      'expected a label selector such as "shard=a", "tier!=batch", "env in (prod,staging)", "owner" or "!legacy"',
    ),
    ...badValues('--leader-election-namespace', ['Ops'], 'expected a namespace name'),
    ...badValues('POD_NAMESPACE', ['Bad NS'], 'expected a namespace name'),
    ...badValues(
      '--leader-election-id',
      ['Ecs_Bridge'],
      'expected a lowercase DNS name of up to 253 characters, such as ecs-bridge-prod',
    ),
    ...badValues(
      '--metrics-bind-address',
      ['8080', ':99999'],
      'expected [host]:port such as :8080 or 127.0.0.1:8080 (port 0 to 65535), or 0 to turn the server off',
    ),
    ...badValues('--log-level', ['verbose'], 'expected fatal, error, warn, info, debug, trace, silent'),
    ...badValues('--log-format', ['pretty'], 'expected json or text'),
    ...badValues('--default-deletion-policy', ['Orphan'], 'expected Delete or Retain'),
    ...badValues('--default-management-policy', ['ReadOnly'], 'expected Manage or Observe'),
    ...badValues('--access-policies', ['none'], 'expected required or off'),
    ...badValues(
      '--instance-id',
      ['Prod EU'],
      'expected a lowercase name of up to 63 letters, digits and dashes, such as prod-eu',
    ),
    ...badValues('--aws-region', ['mars'], 'expected an AWS region such as us-east-1 or eu-west-3'),
    ...badValues('AWS_REGION', ['US-EAST-1'], 'expected an AWS region such as us-east-1 or eu-west-3'),
    ...badValues(
      '--aws-endpoint-url',
      ['localhost:5000', 'ftp://x'],
      'expected an http:// or https:// URL such as http://127.0.0.1:5000',
    ),
    ...badValues('--aws-max-attempts', ['0'], 'expected a whole number from 1 to 10'),
    ...badValues(
      '--shutdown-timeout',
      ['2h'],
      'expected 0 or a duration from 0s to 1h, such as 30s, 10m or 1h30m',
    ),
    [['--wrokers=3'], {}, 'unknown flag "--wrokers"'],
    [['--leader-elect', 'false'], {}, 'unexpected argument "false"; a boolean takes --flag=false'],
    [['extra'], {}, 'unexpected argument "extra"; flags take --flag=value'],
    [['--workers'], {}, '--workers needs a value: --workers=<value>'],
  ])('rejects %j %j', (argv, env, message) => {
    const err = errorOf(argv, env);
    expect(err.message).toBe(message);
    expect(err.name).toBe('ConfigError');
  });

  it('names the setting a bad value came from', () => {
    expect(errorOf(['--workers=0']).setting).toBe('--workers');
    expect(errorOf([], { ECS_BRIDGE_WORKERS: '0' }).setting).toBe('ECS_BRIDGE_WORKERS');
  });
});

describe('configHelp', () => {
  it('documents every flag with its environment variable', () => {
    const help = configHelp();
    const flags = [
      'kubeconfig',
      'context',
      'namespaces',
      'selector',
      'workers',
      'resync-period',
      'leader-elect',
      'leader-election-namespace',
      'leader-election-id',
      'lease-duration',
      'renew-deadline',
      'retry-period',
      'metrics-bind-address',
      'log-level',
      'log-format',
      'instance-id',
      'default-deletion-policy',
      'default-management-policy',
      'access-policies',
      'aws-region',
      'aws-endpoint-url',
      'aws-max-attempts',
      'aws-rate-budget',
      'aws-rate-scale',
      'shutdown-timeout',
    ];
    for (const flag of flags) {
      expect(help).toContain(`--${flag}=<`);
      expect(help).toContain(envName(flag));
    }
    expect(help).toContain('KUBECONFIG');
    expect(help).toContain('AWS_REGION');
    expect(help).toContain('AWS_ENDPOINT_URL');
    expect(help).toContain('(default 15s)');
  });

  it('lists only flags the parser knows', () => {
    const flags = [...configHelp().matchAll(/--([a-z-]+)=</g)].map((m) => m[1]!);
    expect(flags.length).toBe(35);
    for (const flag of flags) {
      try {
        parse([`--${flag}=x`]);
      } catch (err) {
        expect((err as Error).message).not.toMatch(/^unknown flag/);
      }
    }
  });

  it('recognises a help request', () => {
    expect(isHelpRequested(['--workers=2', '--help'])).toBe(true);
    expect(isHelpRequested(['-h'])).toBe(true);
    expect(isHelpRequested(['--workers=2'])).toBe(false);
  });
});
