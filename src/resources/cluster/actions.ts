/** The closed set of writes the EcsCluster planner can ask for; each is one ECS call. */
import type {
  CreateCapacityProviderCommandInput,
  CreateClusterCommandInput,
  PutClusterCapacityProvidersCommandInput,
  UpdateCapacityProviderCommandInput,
  UpdateClusterCommandInput,
} from '@aws-sdk/client-ecs';
import type { EcsTagAction, EcsUntagAction } from '../ecs-tag-actions.js';

/** One planned ECS write. */
export type ClusterAction =
  /** CreateCluster with everything the spec names and our tags. */
  | { readonly type: 'create'; readonly input: CreateClusterCommandInput }
  /** UpdateCluster with only the members that differ. */
  | { readonly type: 'update'; readonly input: UpdateClusterCommandInput; readonly fields: readonly string[] }
  /** PutClusterCapacityProviders with the full desired lists (the call replaces both). */
  | { readonly type: 'putCapacityProviders'; readonly input: PutClusterCapacityProvidersCommandInput }
  /** TagResource with the tags missing or different (our ownership tags when adopting). */
  | EcsTagAction<'tag'>
  /** UntagResource of user tags ecs-bridge set and the spec no longer names (ADR 0022). */
  | EcsUntagAction<'untag'>
  /** DeleteCluster. */
  | { readonly type: 'delete'; readonly cluster: string }
  /** CreateCapacityProvider (an Auto Scaling group provider) with our ownership tags. */
  | { readonly type: 'createCapacityProvider'; readonly input: CreateCapacityProviderCommandInput }
  /** UpdateCapacityProvider with only the members that differ. */
  | {
      readonly type: 'updateCapacityProvider';
      readonly input: UpdateCapacityProviderCommandInput;
      readonly fields: readonly string[];
    }
  /** TagResource on the capacity provider `name`: our ownership tags when adopting it. */
  | (EcsTagAction<'tagCapacityProvider'> & { readonly name: string })
  /** DeleteCapacityProvider (after the cluster no longer has it attached). */
  | { readonly type: 'deleteCapacityProvider'; readonly name: string };
