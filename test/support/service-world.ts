/**
 * The world every service integration file starts from: AWS emptied, the CRDs installed, the ECS
 * clusters and EC2 task definitions the file's services name, a fresh namespace and an operator
 * watching it.
 */
import { createCluster } from './aws-fixtures.js';
import { installCrds } from './crds.js';
import type { OperatorProcess } from './operator.js';
import {
  keepOperatorLog,
  registerEc2TaskDefinition,
  startServiceOperator,
  type ServiceOperatorOptions,
} from './service-fixtures.js';
import { freshNamespace, worldControl } from './world-client.js';

/** A one-container EC2 task definition registered straight in moto: `[family, image]`. */
export type Ec2TaskDefinition = readonly [family: string, image: string];

/** What {@link serviceAws} builds. */
export interface ServiceAwsOptions<T extends readonly Ec2TaskDefinition[]> {
  /** The ECS clusters to create, in this order. */
  readonly clusters?: readonly string[];
  /** The task definitions to register, in this order (two of one family are revisions 1 and 2). */
  readonly taskDefinitions?: T;
}

/** What {@link serviceWorld} builds: {@link serviceAws}, a namespace and the operator's flags. */
export interface ServiceWorldOptions<T extends readonly Ec2TaskDefinition[]>
  extends ServiceAwsOptions<T>, Omit<ServiceOperatorOptions, 'leaseId'> {
  /** The prefix of the fresh namespace the operator watches. */
  readonly namespace: string;
}

/** The ARNs of the registered task definitions, one per entry of `taskDefinitions`. */
export type TaskDefinitionArns<T extends readonly Ec2TaskDefinition[]> = { -readonly [K in keyof T]: string };

/** The world a service file runs in. */
export interface ServiceWorld<T extends readonly Ec2TaskDefinition[]> {
  readonly namespace: string;
  readonly operator: OperatorProcess;
  readonly taskDefinitionArns: TaskDefinitionArns<T>;
}

/**
 * Empties AWS, installs the CRDs, creates the clusters and registers the task definitions, and
 * resolves with the task definitions' ARNs; for files that build their namespaces and operator
 * themselves.
 */
export async function serviceAws<const T extends readonly Ec2TaskDefinition[] = readonly []>(
  options: ServiceAwsOptions<T> = {},
): Promise<TaskDefinitionArns<T>> {
  await worldControl('reset-aws');
  await installCrds();
  for (const cluster of options.clusters ?? []) await createCluster(cluster);
  const arns: string[] = [];
  for (const [family, image] of options.taskDefinitions ?? []) {
    arns.push(await registerEc2TaskDefinition(family, image));
  }
  return arns as TaskDefinitionArns<T>;
}

/** Builds the world; the caller ends it with {@link stopServiceOperator} in its `afterAll`. */
export async function serviceWorld<const T extends readonly Ec2TaskDefinition[] = readonly []>(
  options: ServiceWorldOptions<T>,
): Promise<ServiceWorld<T>> {
  const taskDefinitionArns = await serviceAws(options);
  const namespace = await freshNamespace(options.namespace);
  const operator = await startServiceOperator(namespace, options);
  return { namespace, operator, taskDefinitionArns };
}

/** Stops the operator (if it started) and keeps its log as `<label>.log` to read after a failure. */
export async function stopServiceOperator(
  operator: OperatorProcess | undefined,
  label: string,
): Promise<void> {
  await operator?.stop();
  keepOperatorLog(operator, label);
}
