/**
 * Our kinds as the Kubernetes API names them (group, version, plural), in one place: the
 * composition root watches and writes them, the CLI lists them.
 */
import type { CustomResourceType } from '../k8s/custom-resource.js';
import { API_GROUP, API_VERSION } from './api-group.js';
import { ACCESS_POLICY_PLURAL } from './access-policy/types.js';
import { ECS_CLUSTER_PLURAL } from './cluster/types.js';
import { ECS_SERVICE_PLURAL } from './service/types.js';
import { TASK_DEFINITION_PLURAL } from './task-definition/types.js';
import { ECS_TASK_RUN_PLURAL } from './task-run/types.js';
import { ECS_TASK_TRIGGER_PLURAL } from './task-trigger/types.js';

/** One of our kinds: the API group and version every kind shares, and its plural. */
function ourKind(plural: string): CustomResourceType {
  return { group: API_GROUP, version: API_VERSION, plural };
}

/** The EcsTaskDefinition resource. */
export const TASK_DEFINITION_TYPE: CustomResourceType = ourKind(TASK_DEFINITION_PLURAL);

/** The EcsService resource. */
export const SERVICE_TYPE: CustomResourceType = ourKind(ECS_SERVICE_PLURAL);

/** The EcsCluster resource. */
export const CLUSTER_TYPE: CustomResourceType = ourKind(ECS_CLUSTER_PLURAL);

/** The EcsTaskRun resource. */
export const TASK_RUN_TYPE: CustomResourceType = ourKind(ECS_TASK_RUN_PLURAL);

/** The EcsTaskTrigger resource. */
export const TASK_TRIGGER_TYPE: CustomResourceType = ourKind(ECS_TASK_TRIGGER_PLURAL);

/** The EcsAccessPolicy resource (cluster-scoped). */
export const ACCESS_POLICY_TYPE: CustomResourceType = ourKind(ACCESS_POLICY_PLURAL);
