/**
 * The narrow interface over the ECS cluster calls the EcsCluster kind makes, typed with the SDK's
 * own shapes. Kept apart from {@link EcsApi} so the task definition and service kinds (and their
 * fakes) do not grow methods they never call. The real implementation is `ecs-cluster-client.ts`.
 */
import type {
  CapacityProvider,
  Cluster,
  CreateCapacityProviderCommandInput,
  CreateClusterCommandInput,
  Failure,
  PutClusterCapacityProvidersCommandInput,
  Service,
  UpdateCapacityProviderCommandInput,
  UpdateClusterCommandInput,
} from '@aws-sdk/client-ecs';
import type { AwsCallOptions } from './call-runner.js';

/** The answer of DescribeClusters: found clusters (with tags, settings, configurations) and failures. */
export interface DescribeClustersResult {
  readonly clusters: readonly Cluster[];
  readonly failures: readonly Failure[];
}

/** The answer of DescribeCapacityProviders: found providers (with tags) and failures (MISSING names). */
export interface DescribeCapacityProvidersResult {
  readonly capacityProviders: readonly CapacityProvider[];
  readonly failures: readonly Failure[];
}

/** The ECS cluster calls ecs-bridge makes. Every method throws the SDK's errors unchanged. */
export interface EcsClusterApi {
  /** DescribeClusters for one cluster with `include: [TAGS, SETTINGS, CONFIGURATIONS]`. */
  describeCluster(cluster: string, options?: AwsCallOptions): Promise<DescribeClustersResult>;
  /** CreateCluster. ECS answers an existing ACTIVE cluster of the name with that cluster. */
  createCluster(input: CreateClusterCommandInput, options?: AwsCallOptions): Promise<Cluster>;
  /** UpdateCluster with only the members that changed (settings, configuration, Service Connect). */
  updateCluster(input: UpdateClusterCommandInput, options?: AwsCallOptions): Promise<Cluster>;
  /** PutClusterCapacityProviders: replaces both the provider list and the default strategy. */
  putClusterCapacityProviders(
    input: PutClusterCapacityProvidersCommandInput,
    options?: AwsCallOptions,
  ): Promise<Cluster>;
  /** DeleteCluster: the cluster becomes INACTIVE. Fails while services or instances remain. */
  deleteCluster(cluster: string, options?: AwsCallOptions): Promise<Cluster | undefined>;
  /** ListServices (all pages) then DescribeServices (10 a call): the services still in the cluster. */
  servicesIn(cluster: string, options?: AwsCallOptions): Promise<Service[]>;
  /** DescribeCapacityProviders of the named providers (at most 100), with `include: [TAGS]`. */
  describeCapacityProviders(
    names: readonly string[],
    options?: AwsCallOptions,
  ): Promise<DescribeCapacityProvidersResult>;
  /** CreateCapacityProvider (an Auto Scaling group provider), tags included. */
  createCapacityProvider(
    input: CreateCapacityProviderCommandInput,
    options?: AwsCallOptions,
  ): Promise<CapacityProvider>;
  /** UpdateCapacityProvider with the managed scaling, termination protection and draining members. */
  updateCapacityProvider(
    input: UpdateCapacityProviderCommandInput,
    options?: AwsCallOptions,
  ): Promise<CapacityProvider>;
  /** DeleteCapacityProvider: only a provider no cluster has attached can be deleted. */
  deleteCapacityProvider(name: string, options?: AwsCallOptions): Promise<CapacityProvider | undefined>;
}
