/**
 * The shipped examples (examples/task-definitions/*.yaml) converge under `ecs-bridge run`: each is
 * applied with kubectl as a user would, becomes Ready on revision 1 with exactly one registration,
 * and what moto holds matches the manifest.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TAG_KEYS } from '../../src/resources/api-group.js';
import { installCrds, kubectl } from '../support/crds.js';
import { waitForReady } from '../support/manifests.js';
import { startOperator, type OperatorProcess } from '../support/operator.js';
import { describeInMoto, registrations } from '../support/task-definitions.js';
import { freshNamespace, worldControl } from '../support/world-client.js';

const dir = resolve(import.meta.dirname, '..', '..', 'examples', 'task-definitions');

interface Example {
  readonly file: string;
  readonly name: string;
  readonly family: string;
  readonly image: string;
  readonly tags: Record<string, string>;
}

const EXAMPLES: readonly Example[] = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((file) => {
    const doc = parse(readFileSync(join(dir, file), 'utf8')) as {
      metadata: { name: string };
      spec: {
        family?: string;
        containerDefinitions: { image: string }[];
        tags?: { key: string; value?: string }[];
      };
    };
    return {
      file,
      name: doc.metadata.name,
      family: doc.spec.family ?? doc.metadata.name,
      image: doc.spec.containerDefinitions[0]?.image ?? '',
      tags: Object.fromEntries((doc.spec.tags ?? []).map((t) => [t.key, t.value ?? ''])),
    };
  });

describe('the EcsTaskDefinition examples converge', () => {
  let operator: OperatorProcess;
  let ns: string;

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    ns = await freshNamespace('td-examples');
    operator = await startOperator({ args: [`--namespaces=${ns}`, `--leader-election-namespace=${ns}`] });
  });

  afterAll(async () => {
    await operator?.stop();
  });

  it('there are examples to check', () => {
    expect(EXAMPLES.map((e) => e.file)).toEqual(
      expect.arrayContaining(['api-ec2.yaml', 'full-app.yaml', 'sample-fargate.yaml']),
    );
  });

  it.each(EXAMPLES)('$file becomes Ready with one registration', async (example) => {
    await kubectl(['apply', '-n', ns, '-f', join(dir, example.file)]);
    const ready = await waitForReady('ecstaskdefinitions', ns, example.name);
    expect(ready.status?.['family']).toBe(example.family);
    expect(ready.status?.['revision']).toBe(1);
    expect(await registrations(example.family)).toBe(1);

    const inMoto = await describeInMoto(String(ready.status?.['taskDefinitionArn']));
    expect(inMoto).toMatchObject({
      status: 'ACTIVE',
      image: example.image,
      tags: { ...example.tags, [TAG_KEYS.owner]: `${ns}/${example.name}` },
    });
  });
});
