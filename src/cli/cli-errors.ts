/**
 * Errors as a person at a terminal should read them: what went wrong in one sentence, and the fix.
 * AWS SDK errors are classified once (src/aws/errors.ts) and the common dead ends get their own
 * advice: no credentials, expired credentials, no Region, access denied, a missing cluster, an
 * endpoint that does not answer. Kubernetes errors likewise: an unreachable API server, refused
 * credentials, CRDs not installed.
 */
import { classifyAwsError } from '../aws/errors.js';

/** An error the command explains itself; `fix` is what to do about it. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly fix: string | undefined;

  constructor(message: string, fix?: string) {
    super(message);
    this.fix = fix;
  }
}

/** An explained error. */
export interface Explained {
  readonly message: string;
  readonly fix?: string | undefined;
}

/** Where an AWS call was going, to make the advice concrete. */
export interface AwsErrorContext {
  /** What was being done: `describing service web in cluster demo`. */
  readonly doing: string;
  readonly region?: string | undefined;
  readonly cluster?: string | undefined;
  /** The endpoint URL when one was configured (an emulator). */
  readonly endpoint?: string | undefined;
}

function text(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function nodeCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown };
  if (typeof e.code === 'string') return e.code;
  return e.cause !== undefined && e.cause !== err ? nodeCode(e.cause) : undefined;
}

/** Explains an AWS SDK (or network) error met while `context.doing`. */
export function explainAwsError(err: unknown, context: AwsErrorContext): Explained {
  if (err instanceof CliError) return { message: err.message, fix: err.fix };
  const name = (err as { name?: unknown }).name;
  const message = text(err);
  const where = context.region === undefined ? '' : ` in ${context.region}`;
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return {
      message: `no AWS credentials found while ${context.doing}`,
      fix: 'set AWS_PROFILE (and run `aws sso login` for an SSO profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY',
    };
  }
  if (/region is missing/i.test(message)) {
    return {
      message: 'no AWS Region',
      fix: 'pass --region, set AWS_REGION, or set a region in your AWS profile',
    };
  }
  const c = classifyAwsError(err);
  if (c.code === 'ExpiredTokenException' || c.code === 'ExpiredToken') {
    return {
      message: `your AWS credentials have expired (${context.doing})`,
      fix: 'refresh them (`aws sso login`, or new temporary credentials) and run the command again',
    };
  }
  if (c.code === 'ClusterNotFoundException') {
    return {
      message: `ECS cluster ${context.cluster === undefined ? '' : `${context.cluster} `}not found${where}`,
      fix: `check the cluster name and the Region (\`aws ecs list-clusters${context.region === undefined ? '' : ` --region ${context.region}`}\`)`,
    };
  }
  if (c.kind === 'accessDenied') {
    return {
      message: `AWS denied access while ${context.doing}: ${c.code}: ${c.message}`,
      fix: 'use credentials allowed the read-only calls ecs:DescribeServices, ecs:ListServices, ecs:DescribeTaskDefinition, ecs:ListTaskDefinitions, application-autoscaling:DescribeScalableTargets, application-autoscaling:DescribeScalingPolicies and elasticloadbalancing:DescribeTargetGroups',
    };
  }
  const code = nodeCode(err);
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT') {
    return context.endpoint !== undefined
      ? {
          message: `cannot reach the AWS endpoint ${context.endpoint} (${code}) while ${context.doing}`,
          fix: 'start the emulator, or correct --aws-endpoint-url / AWS_ENDPOINT_URL',
        }
      : {
          message: `cannot reach AWS${where} (${code}) while ${context.doing}`,
          fix: 'check your network connection and the Region',
        };
  }
  if (c.kind === 'throttled') {
    return {
      message: `AWS throttled the calls while ${context.doing} (${c.code})`,
      fix: 'run the command again in a moment; other tools in the account share the same limits',
    };
  }
  return { message: `${context.doing}: ${c.code === 'Unknown' ? '' : `${c.code}: `}${c.message}` };
}

/** Explains an error from the Kubernetes API server (client-node) met while `doing`. */
export function explainKubeError(err: unknown, doing: string, server: string | undefined): Explained {
  if (err instanceof CliError) return { message: err.message, fix: err.fix };
  const code = nodeCode(err);
  const status = (err as { code?: unknown }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT') {
    return {
      message: `cannot reach the Kubernetes API server${server === undefined ? '' : ` at ${server}`} (${code})`,
      fix: 'check --kubeconfig and --context (`kubectl cluster-info` shows what kubectl uses)',
    };
  }
  if (status === 401) {
    return {
      message: `the Kubernetes API server refused the credentials while ${doing} (401 Unauthorized)`,
      fix: 'refresh the credentials of your kubeconfig context, or pick another with --context',
    };
  }
  if (status === 403) {
    return {
      message: `the Kubernetes API server forbids ${doing} (403 Forbidden)`,
      fix: 'ask for get/list/watch on ecsservices and ecstaskdefinitions (group ecs-bridge.dev) and list on events',
    };
  }
  if (status === 404) {
    return {
      message: `the API server does not know the ecs-bridge kinds (404 while ${doing})`,
      fix: 'install the CRDs: kubectl apply -f crds/ (or the Helm chart)',
    };
  }
  return { message: `${doing}: ${text(err)}` };
}

/** Writes an explained error as `ecs-bridge <command>: <message>` plus a `fix:` line. */
export function formatExplained(command: string, e: Explained): string {
  return `ecs-bridge ${command}: ${e.message}\n${e.fix === undefined ? '' : `  fix: ${e.fix}\n`}`;
}
