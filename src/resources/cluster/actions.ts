/** The closed set of writes the EcsCluster planner can ask for; each is one ECS call. */
import type {
  CreateClusterCommandInput,
  PutClusterCapacityProvidersCommandInput,
  Tag,
  UpdateClusterCommandInput,
} from '@aws-sdk/client-ecs';

/** One planned ECS write. */
export type ClusterAction =
  /** CreateCluster with everything the spec names and our tags. */
  | { readonly type: 'create'; readonly input: CreateClusterCommandInput }
  /** UpdateCluster with only the members that differ. */
  | { readonly type: 'update'; readonly input: UpdateClusterCommandInput; readonly fields: readonly string[] }
  /** PutClusterCapacityProviders with the full desired lists (the call replaces both). */
  | { readonly type: 'putCapacityProviders'; readonly input: PutClusterCapacityProvidersCommandInput }
  /** TagResource with the tags missing or different (our ownership tags when adopting). */
  | { readonly type: 'tag'; readonly arn: string; readonly tags: readonly Tag[] }
  /** DeleteCluster. */
  | { readonly type: 'delete'; readonly cluster: string };
