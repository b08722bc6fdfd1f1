/**
 * The real {@link EcsApi}: one ECS SDK command per method, each sent through the shared rate
 * limiter in its ECS throttling category and recorded by the call observer. SDK errors are thrown
 * unchanged (classify them with `errors.ts`); only answers that break the API's contract (a missing
 * body, or DeleteTaskDefinitions failures) become errors here.
 */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DeleteTaskDefinitionsCommand,
  DeregisterTaskDefinitionCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  ContinueServiceDeploymentCommand,
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Failure,
} from '@aws-sdk/client-ecs';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import type { EcsApi } from './ecs-api.js';
import { commandSender, type CommandSender } from './command-sender.js';
import { ecsCategoryOf, isEcsAction, type EcsAction } from './ecs-categories.js';
import { installThrottleReporter } from './throttle-reporter.js';
import { parseTaskDefinitionArn } from '../shared/arn.js';
import { readAllPages } from './pages.js';

/** DescribeServices and DeleteTaskDefinitions accept at most 10 names per call. */
export const ECS_MAX_BATCH = 10;

/** Options for {@link createEcsApi}. */
export interface EcsApiOptions extends AwsApiOptions {
  /** The SDK client for {@link AwsApiOptions.region}; see `clients.ts` for how it is configured. */
  readonly client: ECSClient;
}

/**
 * Every {@link EcsApi} method, the optional ones included, as the real client has them; each takes
 * an optional trailing `AwsCallOptions` (an abort signal, e.g. the reconcile's).
 */
export type SignalledEcsApi = Required<EcsApi>;

/**
 * DeleteTaskDefinitions answered with per-revision failures: the call itself succeeded, so there is
 * no SDK error to pass on, but the caller must not believe the revisions are gone.
 */
export class DeleteTaskDefinitionsError extends Error {
  override readonly name = 'DeleteTaskDefinitionsError';
  /** ECS's failures, one per revision it did not delete. */
  readonly failures: readonly Failure[];

  constructor(failures: readonly Failure[]) {
    super(
      `ECS did not delete ${failures.length} task definition(s): ${failures.map(describeFailure).join('; ')}`,
    );
    this.failures = failures;
  }
}

/**
 * The ECS runner over `options` (every ECS call waits in ECS's throttling categories) and the sender
 * of its commands; the ECS clients of this folder (services, clusters, tasks, inventory) share it.
 */
export function ecsSender(options: EcsApiOptions): {
  runner: AwsCallRunner<EcsAction>;
  send: CommandSender<EcsAction>;
} {
  const runner = new AwsCallRunner<EcsAction>({ ...options, service: 'ecs', categoryOf: ecsCategoryOf });
  return { runner, send: commandSender(runner, options.client) };
}

/** Builds the real {@link EcsApi} for one Region over `options.client`. */
export function createEcsApi(options: EcsApiOptions): SignalledEcsApi {
  const { runner, send } = ecsSender(options);
  installThrottleReporter(options.client.middlewareStack, (action) =>
    runner.reportThrottle(action, isEcsAction),
  );

  return {
    async registerTaskDefinition(input, callOptions) {
      const out = await send('RegisterTaskDefinition', new RegisterTaskDefinitionCommand(input), callOptions);
      if (out.taskDefinition === undefined)
        throw new Error('RegisterTaskDefinition returned no task definition');
      return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
    },

    async describeTaskDefinition(taskDefinition, callOptions) {
      const out = await send(
        'DescribeTaskDefinition',
        new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }),
        callOptions,
      );
      if (out.taskDefinition === undefined)
        throw new Error('DescribeTaskDefinition returned no task definition');
      return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
    },

    async listTaskDefinitions(family, status, callOptions) {
      const arns = await readAllPages(async (nextToken) => {
        const page = await send(
          'ListTaskDefinitions',
          new ListTaskDefinitionsCommand({
            familyPrefix: family,
            status,
            sort: 'ASC',
            maxResults: 100,
            ...(nextToken !== undefined ? { nextToken } : {}),
          }),
          callOptions,
        );
        return { items: page.taskDefinitionArns ?? [], next: page.nextToken };
      });
      // `familyPrefix` is documented as the full family name, but emulators match it as a prefix:
      // keep exactly this family, in revision order.
      return arns
        .map((arn) => ({ arn, parsed: parseTaskDefinitionArn(arn) }))
        .filter((x) => x.parsed?.family === family)
        .sort((a, b) => (a.parsed?.revision ?? 0) - (b.parsed?.revision ?? 0))
        .map((x) => x.arn);
    },

    async deregisterTaskDefinition(taskDefinitionArn, callOptions) {
      await send(
        'DeregisterTaskDefinition',
        new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
        callOptions,
      );
    },

    async deleteTaskDefinitions(taskDefinitionArns, callOptions) {
      assertBatchSize('DeleteTaskDefinitions', taskDefinitionArns.length);
      if (taskDefinitionArns.length === 0) return;
      const out = await send(
        'DeleteTaskDefinitions',
        new DeleteTaskDefinitionsCommand({ taskDefinitions: [...taskDefinitionArns] }),
        callOptions,
      );
      if (out.failures !== undefined && out.failures.length > 0)
        throw new DeleteTaskDefinitionsError(out.failures);
    },

    async describeServices(cluster, services, callOptions) {
      assertBatchSize('DescribeServices', services.length);
      if (services.length === 0) return { services: [], failures: [] };
      const out = await send(
        'DescribeServices',
        new DescribeServicesCommand({ cluster, services: [...services], include: ['TAGS'] }),
        callOptions,
      );
      return { services: out.services ?? [], failures: out.failures ?? [] };
    },

    async listServiceDeployments(cluster, service, status, maxResults, callOptions) {
      const out = await send(
        'ListServiceDeployments',
        new ListServiceDeploymentsCommand({ cluster, service, status: [...status], maxResults }),
        callOptions,
      );
      return out.serviceDeployments ?? [];
    },

    async describeServiceDeployments(arns, callOptions) {
      // DescribeServiceDeployments takes at most 20 ARNs per call.
      if (noneToAsk('DescribeServiceDeployments', arns, 20)) return [];
      const out = await send(
        'DescribeServiceDeployments',
        new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [...arns] }),
        callOptions,
      );
      return out.serviceDeployments ?? [];
    },

    async describeServiceRevisions(arns, callOptions) {
      // DescribeServiceRevisions takes at most 20 ARNs per call.
      if (noneToAsk('DescribeServiceRevisions', arns, 20)) return [];
      const out = await send(
        'DescribeServiceRevisions',
        new DescribeServiceRevisionsCommand({ serviceRevisionArns: [...arns] }),
        callOptions,
      );
      return out.serviceRevisions ?? [];
    },

    async stopServiceDeployment(serviceDeploymentArn, callOptions) {
      await send(
        'StopServiceDeployment',
        new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }),
        callOptions,
      );
    },

    async continueServiceDeployment(serviceDeploymentArn, hookId, callOptions) {
      await send(
        'ContinueServiceDeployment',
        new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action: 'CONTINUE' }),
        callOptions,
      );
    },

    async createService(input, callOptions) {
      const out = await send('CreateService', new CreateServiceCommand(input), callOptions);
      if (out.service === undefined) throw new Error('CreateService returned no service');
      return out.service;
    },

    async updateService(input, callOptions) {
      const out = await send('UpdateService', new UpdateServiceCommand(input), callOptions);
      if (out.service === undefined) throw new Error('UpdateService returned no service');
      return out.service;
    },

    async deleteService(input, callOptions) {
      const out = await send('DeleteService', new DeleteServiceCommand(input), callOptions);
      return out.service;
    },

    async tagResource(resourceArn, tags, callOptions) {
      if (tags.length === 0) return;
      await send('TagResource', new TagResourceCommand({ resourceArn, tags: [...tags] }), callOptions);
    },

    async untagResource(resourceArn, tagKeys, callOptions) {
      if (tagKeys.length === 0) return;
      await send(
        'UntagResource',
        new UntagResourceCommand({ resourceArn, tagKeys: [...tagKeys] }),
        callOptions,
      );
    },
  };
}

function assertBatchSize(action: string, size: number): void {
  if (size > ECS_MAX_BATCH)
    throw new RangeError(`${action} takes at most ${ECS_MAX_BATCH} names, got ${size}`);
}

/** Whether `arns` needs no call (there are none); throws when `action` takes fewer than there are. */
function noneToAsk(action: string, arns: readonly string[], max: number): boolean {
  if (arns.length > max) throw new RangeError(`${action} takes at most ${max} ARNs, got ${arns.length}`);
  return arns.length === 0;
}

function describeFailure(f: Failure): string {
  return `${f.arn ?? '?'}: ${f.reason ?? 'unknown reason'}${f.detail !== undefined ? ` (${f.detail})` : ''}`;
}
