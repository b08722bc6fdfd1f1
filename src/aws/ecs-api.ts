/**
 * The narrow interface over Amazon ECS: only the calls ecs-bridge makes, typed with the SDK's own
 * shapes so the ECS docs read across. The real implementation (`ecs-client.ts`) goes through the
 * client-side rate limiter and records metrics; tests use a stateful fake or the emulator.
 *
 * Resources depend on this interface, never on `ECSClient`.
 */
import type {
  CreateServiceCommandInput,
  DeleteServiceCommandInput,
  Failure,
  RegisterTaskDefinitionCommandInput,
  Service,
  ServiceDeployment,
  ServiceRevision,
  ServiceDeploymentBrief,
  ServiceDeploymentStatus,
  Tag,
  TaskDefinition,
  TaskDefinitionStatus,
  UpdateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from './call-runner.js';

/** A task definition revision with its tags (DescribeTaskDefinition with `include: ["TAGS"]`). */
export interface TaskDefinitionWithTags {
  readonly taskDefinition: TaskDefinition;
  readonly tags: readonly Tag[];
}

/** The answer of a DescribeServices batch: found services (with tags) and per-name failures. */
export interface DescribeServicesResult {
  readonly services: readonly Service[];
  readonly failures: readonly Failure[];
}

/**
 * Per-call options, those of every narrow AWS API (`call-runner.ts`): an abort signal, so a
 * reconcile cancelled at shutdown stops waiting for a token, and `ownRead` for shared listings.
 */
export type EcsCallOptions = AwsCallOptions;

/** The ECS calls ecs-bridge makes. Every method throws the SDK's errors unchanged. */
export interface EcsApi {
  /** RegisterTaskDefinition; tags are passed in `input.tags`. Returns the new revision. */
  registerTaskDefinition(
    input: RegisterTaskDefinitionCommandInput,
    options?: EcsCallOptions,
  ): Promise<TaskDefinitionWithTags>;
  /** DescribeTaskDefinition with tags; `taskDefinition` is `family:revision` or an ARN. */
  describeTaskDefinition(taskDefinition: string, options?: EcsCallOptions): Promise<TaskDefinitionWithTags>;
  /** ListTaskDefinitions for one family (all pages), ARNs in ascending revision order. */
  listTaskDefinitions(
    family: string,
    status: TaskDefinitionStatus,
    options?: EcsCallOptions,
  ): Promise<string[]>;
  /** DeregisterTaskDefinition: the revision becomes INACTIVE; running tasks keep running. */
  deregisterTaskDefinition(taskDefinitionArn: string, options?: EcsCallOptions): Promise<void>;
  /** DeleteTaskDefinitions for at most 10 INACTIVE revisions. */
  deleteTaskDefinitions(taskDefinitionArns: readonly string[], options?: EcsCallOptions): Promise<void>;

  /** DescribeServices for at most 10 services of one cluster, with tags. */
  describeServices(
    cluster: string,
    services: readonly string[],
    options?: EcsCallOptions,
  ): Promise<DescribeServicesResult>;
  /** CreateService; pass `clientToken` so a retried create is idempotent. */
  createService(input: CreateServiceCommandInput, options?: EcsCallOptions): Promise<Service>;
  /** UpdateService with only the fields that changed. */
  updateService(input: UpdateServiceCommandInput, options?: EcsCallOptions): Promise<Service>;
  /** DeleteService (needs desiredCount 0 or `force`). */
  deleteService(input: DeleteServiceCommandInput, options?: EcsCallOptions): Promise<Service | undefined>;

  /**
   * ListServiceDeployments of one service, newest first, filtered by status (one page of at most
   * `maxResults`). Optional: fakes that do not play service deployments leave it out, and rollout
   * tracking then reads DescribeServices alone.
   */
  listServiceDeployments?(
    cluster: string,
    service: string,
    status: readonly ServiceDeploymentStatus[],
    maxResults: number,
    options?: EcsCallOptions,
  ): Promise<ServiceDeploymentBrief[]>;
  /** DescribeServiceDeployments for at most 20 service deployment ARNs (found ones only). */
  describeServiceDeployments?(
    arns: readonly string[],
    options?: EcsCallOptions,
  ): Promise<ServiceDeployment[]>;

  /**
   * DescribeServiceRevisions for at most 20 service revision ARNs (found ones only; ECS answers the
   * others as failures). Optional: without it the members only revisions report are not compared.
   */
  describeServiceRevisions?(arns: readonly string[], options?: EcsCallOptions): Promise<ServiceRevision[]>;

  /**
   * StopServiceDeployment with stopType ROLLBACK ("rolls back the service deployment to the previous
   * service revision", https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_StopServiceDeployment.html).
   * Optional like the reads above: a fake without it cannot act on `spec.deploymentControl`.
   */
  stopServiceDeployment?(serviceDeploymentArn: string, options?: EcsCallOptions): Promise<void>;

  /**
   * ContinueServiceDeployment with action CONTINUE for a deployment paused at a PAUSE lifecycle hook
   * whose hook is AWAITING_ACTION ("continues the deployment to the next lifecycle stage",
   * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContinueServiceDeployment.html).
   * Optional like the stop above.
   */
  continueServiceDeployment?(
    serviceDeploymentArn: string,
    hookId: string,
    options?: EcsCallOptions,
  ): Promise<void>;

  /** TagResource on any ECS ARN. */
  tagResource(resourceArn: string, tags: readonly Tag[], options?: EcsCallOptions): Promise<void>;
  /** UntagResource on any ECS ARN. */
  untagResource(resourceArn: string, tagKeys: readonly string[], options?: EcsCallOptions): Promise<void>;
}
