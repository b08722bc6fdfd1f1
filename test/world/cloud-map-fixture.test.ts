import { describe, expect, it } from 'vitest';
import { namespacesNamed } from './cloud-map-fixture.js';

describe('namespacesNamed', () => {
  it('lists each namespace name once, sorted, leaving out ARNs and services without Service Connect', () => {
    expect(
      namespacesNamed([
        { serviceConnectConfiguration: { namespace: 'demo.local' } },
        {},
        {
          serviceConnectConfiguration: {
            namespace: 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1',
          },
        },
        { serviceConnectConfiguration: { namespace: 'b.local' } },
        { serviceConnectConfiguration: { namespace: 'demo.local' } },
        { serviceConnectConfiguration: {} },
      ]),
    ).toEqual(['b.local', 'demo.local']);
  });
});
