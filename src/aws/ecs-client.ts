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
  TaskDefinitionField,
  type ECSClient,
  type Failure,
  type RegisterTaskDefinitionCommandInput,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { AwsCallRunner, type AwsApiOptions } from './call-runner.js';
import type { EcsApi, TaskDefinitionWithTags } from './ecs-api.js';
import {
  operations,
  type InputOf,
  type OperationMethod,
  type OutputOf,
  type SdkCommandClass,
} from './operations.js';
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
  const ops = operations(send);
  const answeringService = ops.answering('service', 'service');

  /**
   * A describe by ARNs (DescribeServiceDeployments, DescribeServiceRevisions) taking at most 20 a
   * call: more throw; none needs no call.
   */
  function upTo20Arns<C extends SdkCommandClass, T>(
    action: EcsAction,
    command: C,
    toInput: (arns: string[]) => InputOf<C>,
    items: (output: OutputOf<C>) => T[] | undefined,
  ): OperationMethod<readonly string[], T[]> {
    const describe = ops.call(action, command, toInput, (output) => items(output) ?? []);
    return async (arns, callOptions) => {
      if (arns.length > 20) throw new RangeError(`${action} takes at most 20 ARNs, got ${arns.length}`);
      return arns.length === 0 ? [] : describe([...arns], callOptions);
    };
  }
  installThrottleReporter(options.client.middlewareStack, (action) =>
    runner.reportThrottle(action, isEcsAction),
  );

  return {
    registerTaskDefinition: ops.call(
      'RegisterTaskDefinition',
      RegisterTaskDefinitionCommand,
      (input: RegisterTaskDefinitionCommandInput) => input,
      withTags('RegisterTaskDefinition'),
    ),

    describeTaskDefinition: ops.call(
      'DescribeTaskDefinition',
      DescribeTaskDefinitionCommand,
      (taskDefinition: string) => ({ taskDefinition, include: [TaskDefinitionField.TAGS] }),
      withTags('DescribeTaskDefinition'),
    ),

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
        new DescribeServicesCommand({
          cluster,
          services: [...services],
          include: [TaskDefinitionField.TAGS],
        }),
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

    describeServiceDeployments: upTo20Arns(
      'DescribeServiceDeployments',
      DescribeServiceDeploymentsCommand,
      (serviceDeploymentArns) => ({ serviceDeploymentArns }),
      (out) => out.serviceDeployments,
    ),

    describeServiceRevisions: upTo20Arns(
      'DescribeServiceRevisions',
      DescribeServiceRevisionsCommand,
      (serviceRevisionArns) => ({ serviceRevisionArns }),
      (out) => out.serviceRevisions,
    ),

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

    createService: answeringService('CreateService', CreateServiceCommand),
    updateService: answeringService('UpdateService', UpdateServiceCommand),
    deleteService: ops.member('DeleteService', DeleteServiceCommand, 'service'),

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

/** A task definition answer's revision and tags; one without a revision breaks the API's contract. */
function withTags(
  action: EcsAction,
): (out: {
  taskDefinition?: TaskDefinition | undefined;
  tags?: Tag[] | undefined;
}) => TaskDefinitionWithTags {
  return (out) => {
    if (out.taskDefinition === undefined) throw new Error(`${action} returned no task definition`);
    return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
  };
}

function describeFailure(f: Failure): string {
  return `${f.arn ?? '?'}: ${f.reason ?? 'unknown reason'}${f.detail !== undefined ? ` (${f.detail})` : ''}`;
}
