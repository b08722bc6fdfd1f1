/**
 * `networkConfiguration` of a spec from the awsvpc configuration AWS reports, for every import that
 * carries one (a service's from DescribeServices, a trigger's from its target's ECS parameters):
 * the subnets as they are, security groups only when there are any, the public IP setting when known.
 */
import type { AwsVpcConfigurationSpec } from '../../resources/ecs-spec-shapes.js';

/** An awsvpc configuration as read, with the member names the spec uses. */
export interface ReadAwsVpc {
  readonly subnets?: readonly string[] | undefined;
  readonly securityGroups?: readonly string[] | undefined;
  readonly assignPublicIp?: string | undefined;
}

/** `{ networkConfiguration }` for a spec, or nothing when AWS reports no awsvpc configuration. */
export function networkConfigurationOf(awsvpc: ReadAwsVpc | undefined): {
  networkConfiguration?: { awsvpcConfiguration: AwsVpcConfigurationSpec };
} {
  if (awsvpc === undefined) return {};
  const securityGroups = awsvpc.securityGroups ?? [];
  return {
    networkConfiguration: {
      awsvpcConfiguration: {
        subnets: [...(awsvpc.subnets ?? [])],
        ...(securityGroups.length === 0 ? {} : { securityGroups: [...securityGroups] }),
        ...(awsvpc.assignPublicIp === undefined
          ? {}
          : { assignPublicIp: awsvpc.assignPublicIp as 'ENABLED' | 'DISABLED' }),
      },
    },
  };
}
