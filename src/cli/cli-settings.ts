/**
 * The settings the terminal commands share, from their flags with the operator's own environment
 * as the fallback: `--region` (else `ECS_BRIDGE_AWS_REGION`, `AWS_REGION`, else the AWS profile's
 * region), `--aws-endpoint-url` (else `AWS_ENDPOINT_URL`), `--instance-id` (else
 * `ECS_BRIDGE_INSTANCE_ID`, else `default`), `--kubeconfig` / `--context` (else `KUBECONFIG`, else
 * `~/.kube/config`). The environment is read through src/config.ts, the one module that reads it,
 * so a terminal command and the operator agree on every name.
 */
import { NO_COLOR_FLAG, valueFlag, type ParsedArgs, type FlagDef } from './args.js';
import { CliError } from './cli-errors.js';
import type { KubeConfig } from '@kubernetes/client-node';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { kubeConfigFor } from '../k8s/kube-config.js';

/** `--region`. */
export const REGION_FLAG: FlagDef = valueFlag(
  'region',
  'region',
  'AWS Region of objects without spec.region (else AWS_REGION, else your AWS profile).',
);
/** `--instance-id`. */
export const INSTANCE_ID_FLAG: FlagDef = valueFlag(
  'instance-id',
  'id',
  "The operator installation whose instance tag marks resources as ours (the operator's --instance-id).",
  { default: 'default' },
);
/** `--aws-endpoint-url`. */
export const ENDPOINT_FLAG: FlagDef = valueFlag(
  'aws-endpoint-url',
  'url',
  'One endpoint for every AWS service, for an emulator (else AWS_ENDPOINT_URL).',
);

/**
 * The flags that end every command reading the Kubernetes API server: which cluster, and how to
 * print; in the order `--help` lists them.
 */
export const KUBE_FLAGS: readonly FlagDef[] = [
  valueFlag('kubeconfig', 'path', 'Kubeconfig file (else KUBECONFIG, else ~/.kube/config).'),
  valueFlag('context', 'name', 'Kubeconfig context (else the current context).'),
  NO_COLOR_FLAG,
];

/** `-n, --namespace`, with the command's own words for what lives there. */
export function namespaceFlag(help: string): FlagDef {
  return valueFlag('namespace', 'namespace', help, { short: 'n' });
}

/** What the terminal commands share. */
export interface CliSettings {
  /** The Region of flags or environment; undefined means "ask the AWS profile" (aws-session.ts). */
  readonly region: string | undefined;
  readonly endpoint: string | undefined;
  readonly instanceId: string;
  readonly kubeconfigPaths: readonly string[];
  readonly kubeContext: string | undefined;
}

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;

function environment(): Config {
  try {
    return loadConfig([]);
  } catch (err) {
    if (err instanceof ConfigError) {
      throw new CliError(
        `the environment holds an invalid ecs-bridge setting: ${err.message}`,
        `correct or unset ${err.setting ?? 'it'}`,
      );
    }
    throw err;
  }
}

/** Reads the shared settings from `args` with the environment as fallback; throws {@link CliError}. */
export function cliSettings(args: ParsedArgs): CliSettings {
  const env = environment();
  const region = args.string('region') ?? env.aws.region;
  if (region !== undefined && !REGION.test(region)) {
    throw new CliError(
      `--region "${region}" is not an AWS Region`,
      'use a Region such as us-east-1 or eu-west-3',
    );
  }
  const instanceId = args.string('instance-id') ?? env.instanceId;
  if (!DNS_LABEL.test(instanceId)) {
    throw new CliError(
      `--instance-id "${instanceId}" is not a valid instance id`,
      "use the operator's --instance-id: lowercase letters, digits and dashes",
    );
  }
  const endpoint = args.string('aws-endpoint-url') ?? env.aws.endpointUrl;
  if (endpoint !== undefined && !/^https?:\/\/./.test(endpoint)) {
    throw new CliError(
      `--aws-endpoint-url "${endpoint}" is not an http(s) URL`,
      'use a URL such as http://127.0.0.1:5000',
    );
  }
  const kubeconfig = args.string('kubeconfig');
  return {
    region,
    endpoint,
    instanceId,
    kubeconfigPaths: kubeconfig === undefined ? env.kubeconfigPaths : [kubeconfig],
    kubeContext: args.string('context') ?? env.kubeContext,
  };
}

/**
 * The Kubernetes client config the commands that read the API server use (`status`, `wait`), from
 * `--kubeconfig`/`--context` or `KUBECONFIG`; a problem is a {@link CliError} with the fix.
 */
export function cliKubeConfig(settings: CliSettings): KubeConfig {
  return kubeConfigFor(
    settings,
    (err) =>
      new CliError(
        err instanceof Error ? err.message : String(err),
        'check --kubeconfig and --context (or KUBECONFIG)',
      ),
  );
}

/** The namespace of the kubeconfig's current context, as kubectl would use it; undefined when it names none. */
export function contextNamespace(kc: KubeConfig): string | undefined {
  return kc.getContextObject(kc.getCurrentContext())?.namespace;
}
