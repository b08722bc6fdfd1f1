import { describe, expect, it } from 'vitest';
import { undeclaredPorts, type DeclaredContainer } from './declared-ports.js';
import type { EcsServiceSpec } from './types.js';

const containers: DeclaredContainer[] = [
  { name: 'web', ports: [{ containerPort: 80, name: 'http' }] },
  { name: 'sidecar', ports: [] },
];
const base: EcsServiceSpec = { cluster: 'c', taskDefinitionRef: { name: 'web' } };
const TD = 'EcsTaskDefinition shop/web';

describe('undeclaredPorts', () => {
  it('accepts ports and names the task definition declares', () => {
    const spec: EcsServiceSpec = {
      ...base,
      loadBalancers: [
        { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'web', containerPort: 80 },
      ],
      serviceConnectConfiguration: { enabled: true, services: [{ portName: 'http' }] },
      vpcLatticeConfigurations: [{ roleArn: 'arn:r', targetGroupArn: 'arn:tg', portName: 'http' }],
    };
    expect(undeclaredPorts(spec, containers, TD)).toEqual([]);
  });

  it('names the field, the value and the fix for each port the task definition does not declare', () => {
    const spec: EcsServiceSpec = {
      ...base,
      loadBalancers: [
        { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'web', containerPort: 8080 },
        { targetGroupArn: 'arn:aws:elasticloadbalancing:tg', containerName: 'api', containerPort: 80 },
      ],
      serviceConnectConfiguration: { enabled: true, services: [{ portName: 'grpc' }] },
      vpcLatticeConfigurations: [{ roleArn: 'arn:r', targetGroupArn: 'arn:tg', portName: 'admin' }],
    };
    expect(undeclaredPorts(spec, containers, TD)).toEqual([
      'spec.loadBalancers[0].containerPort 8080 is not a port container web maps in EcsTaskDefinition shop/web (it maps 80): use one of them, or add the port mapping',
      'spec.loadBalancers[1].containerName api is not a container of EcsTaskDefinition shop/web: use one of web, sidecar',
      'spec.serviceConnectConfiguration.services[0].portName grpc is not a portMappings[].name in EcsTaskDefinition shop/web (names: http): name the port mapping, or use one of those',
      'spec.vpcLatticeConfigurations[0].portName admin is not a portMappings[].name in EcsTaskDefinition shop/web (names: http): name the port mapping, or use one of those',
    ]);
  });
});
