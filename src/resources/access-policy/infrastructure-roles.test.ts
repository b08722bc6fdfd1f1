import { describe, expect, it } from 'vitest';
import { infrastructureRoleAsks } from './infrastructure-roles.js';

describe('infrastructureRoleAsks', () => {
  it('finds every roleArn below the spec and a top-level role, with the path the user wrote', () => {
    const asks = infrastructureRoleAsks({
      role: 'arn:aws:iam::1:role/elb',
      loadBalancers: [{ advancedConfiguration: { roleArn: 'arn:aws:iam::1:role/shift' } }],
      deploymentConfiguration: { lifecycleHooks: [{ roleArn: 'arn:aws:iam::1:role/hook' }] },
      serviceConnectConfiguration: { services: [{ tls: { roleArn: 'arn:aws:iam::1:role/tls' } }] },
      vpcLatticeConfigurations: [{ roleArn: 'arn:aws:iam::1:role/lattice' }],
      taskRoleArn: 'not judged here',
    });
    expect(asks.map((a) => `${a.field}=${a.value}`)).toEqual([
      'spec.role=arn:aws:iam::1:role/elb',
      'spec.loadBalancers[0].advancedConfiguration.roleArn=arn:aws:iam::1:role/shift',
      'spec.deploymentConfiguration.lifecycleHooks[0].roleArn=arn:aws:iam::1:role/hook',
      'spec.serviceConnectConfiguration.services[0].tls.roleArn=arn:aws:iam::1:role/tls',
      'spec.vpcLatticeConfigurations[0].roleArn=arn:aws:iam::1:role/lattice',
    ]);
    expect(new Set(asks.map((a) => a.rule))).toEqual(new Set(['infrastructureRoleArns']));
  });

  it('leaves out the top-level members another rule judges', () => {
    expect(
      infrastructureRoleAsks({ roleArn: 'arn:aws:iam::1:role/events', template: { cluster: 'c' } }, [
        'roleArn',
      ]),
    ).toEqual([]);
  });
});
