/**
 * The benchmark's fleet: what users already have in AWS (a cluster, a VPC, ALBs with one target
 * group per service behind listener rules; the cluster alone for the fleet without autoscaling),
 * created straight in moto so none of it counts as the operator's calls, and the N
 * EcsTaskDefinitions and N EcsServices applied to the API server.
 */
import {
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand, ECSClient } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { API_GROUP, API_VERSION } from '../../src/resources/api-group.js';
import { WORLD_CREDENTIALS } from '../../test/world/world.js';
import { mapConcurrent } from './concurrency.js';

/** The ECS cluster every benchmark service runs in. */
export const BENCH_CLUSTER = 'bench';

/** A manifest as sent to the API server. */
export interface Manifest {
  readonly apiVersion: string;
  readonly kind: 'EcsTaskDefinition' | 'EcsService';
  readonly metadata: { readonly name: string };
  readonly spec: Record<string, unknown>;
}

/** The name of the i-th task definition and service objects (zero-padded so they sort). */
export function objectName(prefix: string, i: number, n: number): string {
  return `${prefix}-${String(i).padStart(String(n - 1).length, '0')}`;
}

/** An EC2 (bridge) task definition with one container on a dynamic host port. */
export function taskDefinitionManifest(name: string, family: string): Manifest {
  return {
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind: 'EcsTaskDefinition',
    metadata: { name },
    spec: {
      family,
      requiresCompatibilities: ['EC2'],
      networkMode: 'bridge',
      containerDefinitions: [
        {
          name: 'app',
          image: 'public.ecr.aws/nginx/nginx:1.27',
          cpu: 128,
          memory: 256,
          essential: true,
          portMappings: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
        },
      ],
    },
  };
}

/** What a service manifest is made of. */
export interface ServiceManifestOptions {
  readonly name: string;
  readonly taskDefinition: string;
  /** Behind this target group, with CPU, memory and request-count autoscaling; none when absent. */
  readonly targetGroupArn?: string | undefined;
}

/** An EC2 service of two tasks; with a target group, load balanced and autoscaled on three signals. */
export function serviceManifest(options: ServiceManifestOptions): Manifest {
  const spec: Record<string, unknown> = {
    cluster: BENCH_CLUSTER,
    taskDefinitionRef: { name: options.taskDefinition },
    desiredCount: 2,
    launchType: 'EC2',
  };
  if (options.targetGroupArn !== undefined) {
    spec.loadBalancers = [
      { targetGroupArn: options.targetGroupArn, containerName: 'app', containerPort: 80 },
    ];
    spec.autoscaling = {
      minCapacity: 2,
      maxCapacity: 10,
      cpu: { targetValue: 60 },
      memory: { targetValue: 70 },
      albRequestCountPerTarget: { targetValue: 1000 },
    };
  }
  return {
    apiVersion: `${API_GROUP}/${API_VERSION}`,
    kind: 'EcsService',
    metadata: { name: options.name },
    spec,
  };
}

/**
 * The fleet's manifests in apply order: each task definition right before its service. With one
 * target group per service, the i-th service is behind the i-th and autoscaled; with none
 * (`undefined`), no service has a load balancer or autoscaling.
 */
export function fleetManifests(n: number, targetGroupArns: readonly string[] | undefined): Manifest[] {
  if (targetGroupArns !== undefined && targetGroupArns.length !== n) {
    throw new RangeError(`${targetGroupArns.length} target groups for ${n} services: expected one each`);
  }
  return Array.from({ length: n }, (_, i) => {
    const td = objectName('td', i, n);
    return [
      taskDefinitionManifest(td, `bench-${objectName('app', i, n)}`),
      serviceManifest({
        name: objectName('svc', i, n),
        taskDefinition: td,
        targetGroupArn: targetGroupArns?.[i],
      }),
    ];
  }).flat();
}

/** What {@link createAwsFleet} made in moto. */
export interface AwsFleet {
  readonly clusterArn: string;
  readonly loadBalancerArns: readonly string[];
  /** One per service, in service order; undefined for the fleet without load balancers. */
  readonly targetGroupArns: readonly string[] | undefined;
}

/**
 * Creates the cluster and, with `loadBalanced`, a VPC with two subnets and `services` target groups
 * spread over ALBs of `perAlb` (each target group forwarded to by its own listener rule, as AWS
 * allows 100 rules per listener), straight in moto at `motoUrl`.
 */
export async function createAwsFleet(options: {
  readonly motoUrl: string;
  readonly region: string;
  readonly services: number;
  readonly perAlb: number;
  readonly loadBalanced: boolean;
}): Promise<AwsFleet> {
  const config = { region: options.region, endpoint: options.motoUrl, credentials: WORLD_CREDENTIALS };
  const ecs = new ECSClient(config);
  const ec2 = new EC2Client(config);
  const elb = new ElasticLoadBalancingV2Client(config);
  try {
    const cluster = await ecs.send(new CreateClusterCommand({ clusterName: BENCH_CLUSTER }));
    const clusterArn = cluster.cluster?.clusterArn ?? '';
    if (!options.loadBalanced) return { clusterArn, loadBalancerArns: [], targetGroupArns: undefined };
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.90.0.0/16' }));
    const vpcId = vpc.Vpc?.VpcId ?? '';
    const subnetIds: string[] = [];
    for (const [third, zone] of [
      [1, 'a'],
      [2, 'b'],
    ] as const) {
      const subnet = await ec2.send(
        new CreateSubnetCommand({
          VpcId: vpcId,
          CidrBlock: `10.90.${third}.0/24`,
          AvailabilityZone: `${options.region}${zone}`,
        }),
      );
      subnetIds.push(subnet.Subnet?.SubnetId ?? '');
    }
    await ec2.send(
      new CreateSecurityGroupCommand({ GroupName: 'bench', Description: 'bench', VpcId: vpcId }),
    );

    const albs = Math.ceil(options.services / options.perAlb);
    const targetGroupArns: string[] = new Array<string>(options.services).fill('');
    const loadBalancerArns = await mapConcurrent(
      Array.from({ length: albs }, (_, a) => a),
      4,
      async (a) => {
        const lb = await elb.send(
          new CreateLoadBalancerCommand({ Name: `bench-alb-${a}`, Subnets: subnetIds, Type: 'application' }),
        );
        const loadBalancerArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
        const first = a * options.perAlb;
        const last = Math.min(options.services, first + options.perAlb);
        let listenerArn = '';
        for (let i = first; i < last; i++) {
          const tg = await elb.send(
            new CreateTargetGroupCommand({
              Name: `bench-tg-${i}`,
              Protocol: 'HTTP',
              Port: 80,
              VpcId: vpcId,
              TargetType: 'instance',
            }),
          );
          const targetGroupArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
          targetGroupArns[i] = targetGroupArn;
          const forward = [{ Type: 'forward' as const, TargetGroupArn: targetGroupArn }];
          if (i === first) {
            const listener = await elb.send(
              new CreateListenerCommand({
                LoadBalancerArn: loadBalancerArn,
                Protocol: 'HTTP',
                Port: 80,
                DefaultActions: forward,
              }),
            );
            listenerArn = listener.Listeners?.[0]?.ListenerArn ?? '';
          } else {
            await elb.send(
              new CreateRuleCommand({
                ListenerArn: listenerArn,
                Priority: i - first,
                Conditions: [{ Field: 'path-pattern', Values: [`/svc-${i}/*`] }],
                Actions: forward,
              }),
            );
          }
        }
        return loadBalancerArn;
      },
    );
    return { clusterArn, loadBalancerArns, targetGroupArns };
  } finally {
    ecs.destroy();
    ec2.destroy();
    elb.destroy();
  }
}
