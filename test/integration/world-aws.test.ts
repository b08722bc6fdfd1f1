/**
 * Smoke tests that prove the AWS half of the world is real: the real SDK v3 clients, through our
 * proxy, against moto; the proxy's throttling and fault injection are what the SDK sees, and its
 * counts match what was sent.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DescribeScalableTargetsCommand,
  RegisterScalableTargetCommand,
} from '@aws-sdk/client-application-auto-scaling';
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
} from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { createNetwork } from '../support/aws-fixtures.js';
import { awsClients, proxyControl, worldControl } from '../support/world-client.js';

describe('the world runs moto behind our AWS proxy', () => {
  beforeEach(async () => {
    await worldControl('reset-aws');
  });

  it('serves ECS, ELBv2 and Application Auto Scaling through the real SDK clients', async () => {
    const { ecs, elbv2, autoscaling } = awsClients();
    const proxy = proxyControl();

    await ecs.send(new CreateClusterCommand({ clusterName: 'smoke' }));
    const td = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'web',
        containerDefinitions: [{ name: 'web', image: 'httpd:2.4', memory: 256, essential: true }],
      }),
    );
    expect(td.taskDefinition?.revision).toBe(1);

    const network = await createNetwork();
    const lb = await elbv2.send(
      new CreateLoadBalancerCommand({
        Name: 'smoke-alb',
        Subnets: [...network.subnetIds],
        Type: 'application',
      }),
    );
    const lbArn = lb.LoadBalancers?.[0]?.LoadBalancerArn ?? '';
    expect(lbArn).toMatch(/:loadbalancer\/app\/smoke-alb\//);
    const tg = await elbv2.send(
      new CreateTargetGroupCommand({
        Name: 'web',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: network.vpcId,
        TargetType: 'ip',
      }),
    );
    const tgArn = tg.TargetGroups?.[0]?.TargetGroupArn ?? '';
    await elbv2.send(
      new CreateListenerCommand({
        LoadBalancerArn: lbArn,
        Protocol: 'HTTP',
        Port: 80,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: tgArn }],
      }),
    );
    const described = await elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [tgArn] }));
    expect(described.TargetGroups?.[0]?.LoadBalancerArns).toEqual([lbArn]);

    await ecs.send(
      new CreateServiceCommand({
        cluster: 'smoke',
        serviceName: 'web',
        taskDefinition: 'web:1',
        desiredCount: 2,
        loadBalancers: [{ targetGroupArn: tgArn, containerName: 'web', containerPort: 80 }],
      }),
    );
    const services = await ecs.send(
      new DescribeServicesCommand({ cluster: 'smoke', services: ['web', 'nope'] }),
    );
    expect(services.services?.map((s) => s.serviceName)).toEqual(['web']);
    expect(services.failures?.[0]?.reason).toBe('MISSING');

    await autoscaling.send(
      new RegisterScalableTargetCommand({
        ServiceNamespace: 'ecs',
        ResourceId: 'service/smoke/web',
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 1,
        MaxCapacity: 4,
      }),
    );
    const targets = await autoscaling.send(
      new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs', ResourceIds: ['service/smoke/web'] }),
    );
    expect(targets.ScalableTargets?.[0]?.MaxCapacity).toBe(4);

    // What the proxy counted is exactly what was sent.
    expect(await proxy.count({ service: 'ecs', outcome: 'forwarded' })).toBe(4);
    expect(await proxy.count({ service: 'elasticloadbalancing', outcome: 'forwarded' })).toBe(4);
    expect(await proxy.count({ service: 'application-autoscaling', outcome: 'forwarded' })).toBe(2);
    expect(await proxy.count({ action: 'CreateService' })).toBe(1);
  });

  it('answers ThrottlingException when an ECS bucket is empty, as AWS does', async () => {
    const { ecs } = awsClients();
    const proxy = proxyControl();
    await proxy.drainBuckets(['cluster-read']);
    const error = await ecs.send(new ListClustersCommand({})).then(
      () => undefined,
      (err: unknown) => err as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } },
    );
    expect(error?.name).toBe('ThrottlingException');
    expect(error?.message).toBe('Rate exceeded');
    expect(error?.$metadata?.httpStatusCode).toBe(400);
    expect(await proxy.count({ action: 'ListClusters', outcome: 'throttled' })).toBe(1);
    expect(await proxy.count({ action: 'ListClusters', outcome: 'forwarded' })).toBe(0);
  });

  it('injects a 503 that the SDK sees as a server fault, then recovers', async () => {
    const { autoscaling } = awsClients();
    const proxy = proxyControl();
    await proxy.addRule({
      service: 'application-autoscaling',
      action: 'DescribeScalableTargets',
      fault: { kind: 'error', status: 503 },
      times: 1,
    });
    const client = autoscaling;
    const error = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' })).then(
      () => undefined,
      (err: unknown) => err as { $fault?: string; $metadata?: { httpStatusCode?: number } },
    );
    expect(error?.$metadata?.httpStatusCode).toBe(503);
    expect(error?.$fault).toBe('server');
    const ok = await client.send(new DescribeScalableTargetsCommand({ ServiceNamespace: 'ecs' }));
    expect(ok.ScalableTargets).toEqual([]);
    expect(await proxy.count({ action: 'DescribeScalableTargets', outcome: 'fault-error' })).toBe(1);
    expect(await proxy.count({ action: 'DescribeScalableTargets', outcome: 'forwarded' })).toBe(1);
  });
});
