/**
 * What the autoscaling integration tests read besides our objects: the scalable target and policies
 * as the emulator holds them (straight from moto, uncounted), the ALB ResourceLabel built by hand
 * from real ARNs (as users of other tools must), and the proxy's call log from a mark onwards.
 */
import {
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  type ScalableTarget,
  type ScalingPolicy,
} from '@aws-sdk/client-application-auto-scaling';
import type { CallRecord } from '../world/aws-proxy/index.js';
import { awsClients, proxyControl } from './world-client.js';

/** The scalable target of an ECS service and its policies (sorted by name), as moto has them. */
export interface ScalingInMoto {
  readonly target: ScalableTarget | undefined;
  readonly policies: readonly ScalingPolicy[];
}

/** Reads the scalable target `resourceId` and its policies straight from moto. */
export async function scalingInMoto(resourceId: string): Promise<ScalingInMoto> {
  const { autoscaling } = awsClients('moto');
  const targets = await autoscaling.send(
    new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: [resourceId] }),
  );
  const policies = await autoscaling.send(
    new DescribeScalingPoliciesCommand({ ServiceNamespace: 'ecs', ResourceId: resourceId }),
  );
  autoscaling.destroy();
  return {
    target: targets.ScalableTargets?.find((t) => t.ResourceId === resourceId),
    policies: [...(policies.ScalingPolicies ?? [])].sort((a, b) =>
      (a.PolicyName ?? '').localeCompare(b.PolicyName ?? ''),
    ),
  };
}

/**
 * The ALBRequestCountPerTarget ResourceLabel, built the way the AWS documentation tells users to:
 * `app/<lb-name>/<lb-id>` from the load balancer ARN, then `targetgroup/<tg-name>/<tg-id>` from the
 * target group ARN. Deliberately independent of the operator's own code.
 */
export function resourceLabelByHand(loadBalancerArn: string, targetGroupArn: string): string {
  const lb = loadBalancerArn.split(':loadbalancer/')[1];
  const tg = targetGroupArn.split(':').at(-1);
  if (lb === undefined || tg === undefined || !lb.startsWith('app/') || !tg.startsWith('targetgroup/'))
    throw new Error(`not an ALB and target group ARN pair: ${loadBalancerArn}, ${targetGroupArn}`);
  return `${lb}/${tg}`;
}

/** The sequence number of the newest call the proxy logged (kept across resets): "from here on". */
export async function callMark(): Promise<number> {
  return proxyControl().lastSeq();
}

/** The calls of `action` (any outcome) logged after `mark`, oldest first. */
export function callsSince(mark: number, action: string): Promise<readonly CallRecord[]> {
  return proxyControl().calls({ action, afterSeq: mark });
}

/** A logged call's request document as an object (JSON protocols) or its form fields (awsQuery). */
export function paramsOf(call: CallRecord): Record<string, unknown> {
  const p = call.params;
  return typeof p === 'object' && p !== null && !Array.isArray(p) ? p : {};
}

/** What {@link fargateService} builds an EcsService from. */
export interface FargateServiceShape {
  readonly name: string;
  readonly cluster: string;
  /** The subnets and security group the service's tasks run in. */
  readonly network: { readonly subnetIds: readonly string[]; readonly securityGroupId: string };
  readonly desiredCount: number;
  readonly autoscaling: Record<string, unknown> | undefined;
  /** The EcsTaskDefinition it runs; default the service's own name. */
  readonly taskDefinition?: string;
  /** More of the spec (for example `deletionPolicy`), added after the fields above. */
  readonly spec?: Record<string, unknown>;
}

/**
 * The EcsService the autoscaling integration files manage: a Fargate service in the world's network
 * running the task definition of the same name (or `taskDefinition`), with `spec.autoscaling` as given.
 */
export function fargateService(shape: FargateServiceShape): object {
  const { network } = shape;
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsService',
    metadata: { name: shape.name },
    spec: {
      cluster: shape.cluster,
      taskDefinitionRef: { name: shape.taskDefinition ?? shape.name },
      desiredCount: shape.desiredCount,
      launchType: 'FARGATE',
      ...shape.spec,
      networkConfiguration: {
        awsvpcConfiguration: { subnets: [...network.subnetIds], securityGroups: [network.securityGroupId] },
      },
      ...(shape.autoscaling === undefined ? {} : { autoscaling: shape.autoscaling }),
    },
  };
}

/**
 * The EcsTaskDefinition {@link fargateService} runs: one container of `image`, 256 CPU units, 512 MiB,
 * listening on `containerPort` when given.
 */
export function fargateTaskDefinition(name: string, image = 'busybox:1.36', containerPort?: number): object {
  return {
    apiVersion: 'ecs-bridge.dev/v1alpha1',
    kind: 'EcsTaskDefinition',
    metadata: { name },
    spec: {
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        { name: 'app', image, ...(containerPort === undefined ? {} : { portMappings: [{ containerPort }] }) },
      ],
    },
  };
}
