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
  type CreateServiceCommandInput,
  type DeleteServiceCommandInput,
  type ECSClient,
  type Failure,
  type RegisterTaskDefinitionCommandInput,
  type Service,
  type ServiceDeployment,
  type ServiceRevision,
  type ServiceDeploymentBrief,
  type ServiceDeploymentStatus,
  type Tag,
  type TaskDefinitionStatus,
  type UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { AwsCallRunner, type AwsApiOptions, type AwsCallOptions } from './call-runner.js';
import type { DescribeServicesResult, EcsApi, TaskDefinitionWithTags } from './ecs-api.js';
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
 * The {@link EcsApi} methods, each taking an optional trailing {@link AwsCallOptions} (an abort
 * signal, e.g. the reconcile's). Assignable to {@link EcsApi}.
 */
export interface SignalledEcsApi extends EcsApi {
  registerTaskDefinition(
    input: RegisterTaskDefinitionCommandInput,
    options?: AwsCallOptions,
  ): Promise<TaskDefinitionWithTags>;
  describeTaskDefinition(taskDefinition: string, options?: AwsCallOptions): Promise<TaskDefinitionWithTags>;
  listTaskDefinitions(
    family: string,
    status: TaskDefinitionStatus,
    options?: AwsCallOptions,
  ): Promise<string[]>;
  deregisterTaskDefinition(taskDefinitionArn: string, options?: AwsCallOptions): Promise<void>;
  deleteTaskDefinitions(taskDefinitionArns: readonly string[], options?: AwsCallOptions): Promise<void>;
  describeServices(
    cluster: string,
    services: readonly string[],
    options?: AwsCallOptions,
  ): Promise<DescribeServicesResult>;
  createService(input: CreateServiceCommandInput, options?: AwsCallOptions): Promise<Service>;
  updateService(input: UpdateServiceCommandInput, options?: AwsCallOptions): Promise<Service>;
  deleteService(input: DeleteServiceCommandInput, options?: AwsCallOptions): Promise<Service | undefined>;
  listServiceDeployments(
    cluster: string,
    service: string,
    status: readonly ServiceDeploymentStatus[],
    maxResults: number,
    options?: AwsCallOptions,
  ): Promise<ServiceDeploymentBrief[]>;
  describeServiceDeployments(arns: readonly string[], options?: AwsCallOptions): Promise<ServiceDeployment[]>;
  describeServiceRevisions(arns: readonly string[], options?: AwsCallOptions): Promise<ServiceRevision[]>;
  stopServiceDeployment(serviceDeploymentArn: string, options?: AwsCallOptions): Promise<void>;
  continueServiceDeployment(
    serviceDeploymentArn: string,
    hookId: string,
    options?: AwsCallOptions,
  ): Promise<void>;
  tagResource(resourceArn: string, tags: readonly Tag[], options?: AwsCallOptions): Promise<void>;
  untagResource(resourceArn: string, tagKeys: readonly string[], options?: AwsCallOptions): Promise<void>;
}

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

/** Builds the real {@link EcsApi} for one Region over `options.client`. */
export function createEcsApi(options: EcsApiOptions): SignalledEcsApi {
  const { client } = options;
  const runner = new AwsCallRunner<EcsAction>({ ...options, service: 'ecs', categoryOf: ecsCategoryOf });
  installThrottleReporter(client.middlewareStack, (action) => runner.reportThrottle(action, isEcsAction));

  return {
    async registerTaskDefinition(input, callOptions) {
      const out = await runner.run(
        'RegisterTaskDefinition',
        (http) => client.send(new RegisterTaskDefinitionCommand(input), http),
        callOptions,
      );
      if (out.taskDefinition === undefined)
        throw new Error('RegisterTaskDefinition returned no task definition');
      return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
    },

    async describeTaskDefinition(taskDefinition, callOptions) {
      const out = await runner.run(
        'DescribeTaskDefinition',
        (http) => client.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] }), http),
        callOptions,
      );
      if (out.taskDefinition === undefined)
        throw new Error('DescribeTaskDefinition returned no task definition');
      return { taskDefinition: out.taskDefinition, tags: out.tags ?? [] };
    },

    async listTaskDefinitions(family, status, callOptions) {
      const arns = await readAllPages(async (nextToken) => {
        const page = await runner.run(
          'ListTaskDefinitions',
          (http) =>
            client.send(
              new ListTaskDefinitionsCommand({
                familyPrefix: family,
                status,
                sort: 'ASC',
                maxResults: 100,
                ...(nextToken !== undefined ? { nextToken } : {}),
              }),
              http,
            ),
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
      await runner.run(
        'DeregisterTaskDefinition',
        (http) =>
          client.send(new DeregisterTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }), http),
        callOptions,
      );
    },

    async deleteTaskDefinitions(taskDefinitionArns, callOptions) {
      assertBatchSize('DeleteTaskDefinitions', taskDefinitionArns.length);
      if (taskDefinitionArns.length === 0) return;
      const out = await runner.run(
        'DeleteTaskDefinitions',
        (http) =>
          client.send(new DeleteTaskDefinitionsCommand({ taskDefinitions: [...taskDefinitionArns] }), http),
        callOptions,
      );
      if (out.failures !== undefined && out.failures.length > 0)
        throw new DeleteTaskDefinitionsError(out.failures);
    },

    async describeServices(cluster, services, callOptions) {
      assertBatchSize('DescribeServices', services.length);
      if (services.length === 0) return { services: [], failures: [] };
      const out = await runner.run(
        'DescribeServices',
        (http) =>
          client.send(
            new DescribeServicesCommand({ cluster, services: [...services], include: ['TAGS'] }),
            http,
          ),
        callOptions,
      );
      return { services: out.services ?? [], failures: out.failures ?? [] };
    },

    async listServiceDeployments(cluster, service, status, maxResults, callOptions) {
      const out = await runner.run(
        'ListServiceDeployments',
        (http) =>
          client.send(
            new ListServiceDeploymentsCommand({ cluster, service, status: [...status], maxResults }),
            http,
          ),
        callOptions,
      );
      return out.serviceDeployments ?? [];
    },

    async describeServiceDeployments(arns, callOptions) {
      // DescribeServiceDeployments takes at most 20 ARNs per call.
      if (arns.length > 20)
        throw new RangeError(`DescribeServiceDeployments takes at most 20 ARNs, got ${arns.length}`);
      if (arns.length === 0) return [];
      const out = await runner.run(
        'DescribeServiceDeployments',
        (http) =>
          client.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [...arns] }), http),
        callOptions,
      );
      return out.serviceDeployments ?? [];
    },

    async describeServiceRevisions(arns, callOptions) {
      // DescribeServiceRevisions takes at most 20 ARNs per call.
      if (arns.length > 20)
        throw new RangeError(`DescribeServiceRevisions takes at most 20 ARNs, got ${arns.length}`);
      if (arns.length === 0) return [];
      const out = await runner.run(
        'DescribeServiceRevisions',
        (http) => client.send(new DescribeServiceRevisionsCommand({ serviceRevisionArns: [...arns] }), http),
        callOptions,
      );
      return out.serviceRevisions ?? [];
    },

    async stopServiceDeployment(serviceDeploymentArn, callOptions) {
      await runner.run(
        'StopServiceDeployment',
        (http) =>
          client.send(new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }), http),
        callOptions,
      );
    },

    async continueServiceDeployment(serviceDeploymentArn, hookId, callOptions) {
      await runner.run(
        'ContinueServiceDeployment',
        (http) =>
          client.send(
            new ContinueServiceDeploymentCommand({ serviceDeploymentArn, hookId, action: 'CONTINUE' }),
            http,
          ),
        callOptions,
      );
    },

    async createService(input, callOptions) {
      const out = await runner.run(
        'CreateService',
        (http) => client.send(new CreateServiceCommand(input), http),
        callOptions,
      );
      if (out.service === undefined) throw new Error('CreateService returned no service');
      return out.service;
    },

    async updateService(input, callOptions) {
      const out = await runner.run(
        'UpdateService',
        (http) => client.send(new UpdateServiceCommand(input), http),
        callOptions,
      );
      if (out.service === undefined) throw new Error('UpdateService returned no service');
      return out.service;
    },

    async deleteService(input, callOptions) {
      const out = await runner.run(
        'DeleteService',
        (http) => client.send(new DeleteServiceCommand(input), http),
        callOptions,
      );
      return out.service;
    },

    async tagResource(resourceArn, tags, callOptions) {
      if (tags.length === 0) return;
      await runner.run(
        'TagResource',
        (http) => client.send(new TagResourceCommand({ resourceArn, tags: [...tags] }), http),
        callOptions,
      );
    },

    async untagResource(resourceArn, tagKeys, callOptions) {
      if (tagKeys.length === 0) return;
      await runner.run(
        'UntagResource',
        (http) => client.send(new UntagResourceCommand({ resourceArn, tagKeys: [...tagKeys] }), http),
        callOptions,
      );
    },
  };
}

function assertBatchSize(action: string, size: number): void {
  if (size > ECS_MAX_BATCH)
    throw new RangeError(`${action} takes at most ${ECS_MAX_BATCH} names, got ${size}`);
}

function describeFailure(f: Failure): string {
  return `${f.arn ?? '?'}: ${f.reason ?? 'unknown reason'}${f.detail !== undefined ? ` (${f.detail})` : ''}`;
}
