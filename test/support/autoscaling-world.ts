/**
 * The world every autoscaling integration file starts from: AWS emptied, the CRDs installed, a
 * network and an ECS cluster in moto, a fresh namespace and an operator watching it, and optionally
 * a Ready Fargate task definition the file's services run.
 */
import { createCluster, createNetwork, type Network } from './aws-fixtures.js';
import { callMark, fargateTaskDefinition } from './autoscaling.js';
import { installCrds } from './crds.js';
import { apply, waitForReady } from './manifests.js';
import { startOperator, type OperatorProcess } from './operator.js';
import { freshNamespace, worldControl } from './world-client.js';

/** What {@link autoscalingWorld} builds. */
export interface AutoscalingWorldOptions {
  /** The ECS cluster to create. */
  readonly cluster: string;
  /** The prefix of the fresh namespace. */
  readonly namespace: string;
  /** The operator's `--resync-period`; its default when absent. */
  readonly resyncPeriod?: string;
  /** An EcsTaskDefinition of this name (nginx:1.27 on port 80) applied and waited Ready. */
  readonly taskDefinition?: string;
  /** More operator flags (for example QUICK_POLLS). */
  readonly extraArgs?: readonly string[];
}

/** The world an autoscaling file runs in. */
export interface AutoscalingWorld {
  readonly network: Network;
  readonly namespace: string;
  readonly operator: OperatorProcess;
  /** The proxy's call mark taken right after AWS was emptied: "every call of this file". */
  readonly start: number;
}

/** Builds the world; the caller stops the operator in its `afterAll`. */
export async function autoscalingWorld(options: AutoscalingWorldOptions): Promise<AutoscalingWorld> {
  await worldControl('reset-aws');
  const start = await callMark();
  await installCrds();
  const network = await createNetwork();
  await createCluster(options.cluster);
  const namespace = await freshNamespace(options.namespace);
  const resync = options.resyncPeriod === undefined ? [] : [`--resync-period=${options.resyncPeriod}`];
  const operator = await startOperator({
    args: [`--namespaces=${namespace}`, ...resync, ...(options.extraArgs ?? [])],
  });
  if (options.taskDefinition !== undefined) {
    await apply(namespace, fargateTaskDefinition(options.taskDefinition, 'nginx:1.27', 80));
    await waitForReady('ecstaskdefinitions', namespace, options.taskDefinition);
  }
  return { network, namespace, operator, start };
}
