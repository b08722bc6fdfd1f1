/**
 * The feature examples of examples/services (Service Connect, EBS volume, VPC Lattice with AZ
 * rebalancing, `role`): each carries what its feature needs, and its task definitions (in the same
 * file) are ones the operator accepts and declare what the service names. The sandbox and
 * test/integration/examples.test.ts prove they converge; this catches a broken example in a second.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { desiredTaskDefinition } from '../task-definition/desired.js';
import type { EcsTaskDefinition } from '../task-definition/types.js';
import { validateSpec } from '../task-definition/validate.js';
import { undeclaredPorts, type DeclaredContainer } from './declared-ports.js';
import type { EcsService } from './types.js';
import { validateServiceSpec } from './validate.js';

const root = new URL('../../../examples/services/', import.meta.url).pathname;

function load(file: string): { services: EcsService[]; taskDefinitions: EcsTaskDefinition[] } {
  const docs = parseAllDocuments(readFileSync(root + file, 'utf8')).map((d) => d.toJS() as { kind: string });
  return {
    services: docs.filter((d) => d.kind === 'EcsService') as unknown as EcsService[],
    taskDefinitions: docs.filter((d) => d.kind === 'EcsTaskDefinition') as unknown as EcsTaskDefinition[],
  };
}

const FILES = ['service-connect.yaml', 'ebs-volume.yaml', 'vpc-lattice.yaml', 'service-role.yaml'];

describe('feature examples of examples/services', () => {
  it.each(FILES)('%s: its task definitions are valid and declare the ports its services name', (file) => {
    const { services, taskDefinitions } = load(file);
    expect(services.length).toBeGreaterThan(0);
    for (const td of taskDefinitions) {
      expect(validateSpec(td.spec)).toEqual([]);
      expect(desiredTaskDefinition(td, 'x').specHash).toMatch(/^v1:/);
    }
    for (const svc of services) {
      expect(validateServiceSpec(svc.spec)).toBeUndefined();
      const td = taskDefinitions.find((t) => t.metadata.name === svc.spec.taskDefinitionRef?.name);
      if (td === undefined) continue; // a shared task definition of examples/task-definitions
      const containers: DeclaredContainer[] = td.spec.containerDefinitions.map((c) => ({
        name: c.name ?? '',
        ports: (c.portMappings ?? []).map((p) => ({
          ...(p.containerPort === undefined ? {} : { containerPort: p.containerPort }),
          ...(p.name === undefined ? {} : { name: p.name }),
        })),
      }));
      expect(undeclaredPorts(svc.spec, containers, td.metadata.name)).toEqual([]);
    }
  });

  it('service-connect.yaml: a server offering a named http port and a client, in one namespace', () => {
    const { services, taskDefinitions } = load('service-connect.yaml');
    const [server, client] = services;
    expect(server?.spec.serviceConnectConfiguration?.services?.[0]?.portName).toBe('products-http');
    expect(client?.spec.serviceConnectConfiguration).toEqual({ enabled: true, namespace: 'demo.local' });
    expect(server?.spec.serviceConnectConfiguration?.namespace).toBe('demo.local');
    const port = taskDefinitions[0]?.spec.containerDefinitions[0]?.portMappings?.[0];
    expect(port).toMatchObject({ name: 'products-http', appProtocol: 'http' });
  });

  it('ebs-volume.yaml: the service configures the task definition volume marked configuredAtLaunch', () => {
    const { services, taskDefinitions } = load('ebs-volume.yaml');
    const volume = services[0]?.spec.volumeConfigurations?.[0];
    expect(volume?.managedEBSVolume).toMatchObject({ sizeInGiB: 20, volumeType: 'gp3' });
    expect(volume?.managedEBSVolume?.roleArn).toMatch(/^arn:aws:iam::123456789012:role\//);
    expect(taskDefinitions[0]?.spec.volumes).toContainEqual({ name: volume?.name, configuredAtLaunch: true });
  });

  it('vpc-lattice.yaml and service-role.yaml: Lattice, AZ rebalancing and role are set', () => {
    const lattice = load('vpc-lattice.yaml').services[0]?.spec;
    expect(lattice?.availabilityZoneRebalancing).toBe('ENABLED');
    expect(lattice?.vpcLatticeConfigurations?.[0]?.portName).toBe('inventory-http');
    const role = load('service-role.yaml').services[0]?.spec;
    expect(role?.role).toBe('arn:aws:iam::123456789012:role/ecsServiceRole');
    expect(role?.loadBalancers).toHaveLength(1);
  });

  it('no two objects of one kind in examples/services share a name (the sandbox applies them all)', () => {
    const keys = readdirSync(root)
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => {
        const { services, taskDefinitions } = load(f);
        return [...services, ...taskDefinitions].map(
          (o) => `${o.kind}/${o.metadata.namespace ?? 'default'}/${o.metadata.name}`,
        );
      });
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});
