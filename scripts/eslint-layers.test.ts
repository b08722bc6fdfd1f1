/**
 * The layer rules of eslint.layers.js refuse a wrong-layer import and accept the allowed ones. Each
 * case lints one import as if it stood in a production file of that folder.
 */
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers from '../eslint.layers.js';

const root = resolve(import.meta.dirname, '..');
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts'],
      languageOptions: { parser: tseslint.parser },
      plugins: { '@typescript-eslint': tseslint.plugin },
    },
    ...layers,
  ],
});

async function refusals(file: string, importLine: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${importLine}\nexport const used = [x];\n`, {
    filePath: resolve(root, file),
  });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`);
}

describe('layer rules', () => {
  it.each([
    [
      'src/controller/controller.ts',
      "import { x } from '../resources/api-group.js';",
      'knows nothing of ECS',
    ],
    ['src/controller/controller.ts', "import { x } from '../aws/errors.js';", 'knows nothing of ECS'],
    ['src/controller/manager.ts', "import { x } from '@kubernetes/client-node';", 'generic'],
    ['src/controller/manager.ts', "import { x } from '../wiring.js';", 'composition root'],
    ['src/aws/clients.ts', "import { x } from '../operator.js';", 'composition root'],
    ['src/aws/clients.ts', "import { x } from '../resources/service/model.js';", 'thin edge'],
    ['src/aws/clients.ts', "import { x } from 'prom-client';", 'AwsCallObserver'],
    ['src/k8s/informer.ts', "import { x } from '../aws/errors.js';", 'must not know ECS'],
    ['src/k8s/informer.ts', "import { x } from '../controller/work-queue.js';", 'as types'],
    ['src/shared/clock.ts', "import { x } from '../controller/work-queue.js';", 'building blocks'],
    ['src/shared/token-bucket.ts', "import { x } from '../aws/errors.js';", 'building blocks'],
    ['src/shared/arn.ts', "import { x } from '@aws-sdk/client-ecs';", 'only src/aws'],
    ['src/resources/service/plan.ts', "import { x } from '@aws-sdk/client-ecs';", 'narrow interfaces'],
    ['src/resources/service/plan.ts', "import { x } from '../task-definition/hash.js';", 'another kind'],
    ['src/resources/task-definition/plan.ts', "import { x } from '../service/model.js';", 'seam'],
    ['src/resources/task-definition/plan.ts', "import { x } from '@kubernetes/client-node';", 'src/k8s'],
    ['src/resources/autoscaling/plan.ts', "import { x } from '@aws-sdk/client-ecs';", 'narrow interfaces'],
    ['src/resources/api-group.ts', "import { x } from '../cli/main.js';", 'composition root'],
    ['src/resources/autoscaling/plan.ts', "import { x } from '../service/reconciler.js';", "service's types"],
    ['src/cli/plan-command.ts', "import { x } from '../resources/service/reconciler.js';", 'pure functions'],
  ])('refuses in %s: %s', async (file, line, why) => {
    const found = await refusals(file, line);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('@typescript-eslint/no-restricted-imports');
    expect(found[0]).toContain(why);
  });

  it.each([
    ['src/controller/controller.ts', "import { x } from '../k8s/object.js';"],
    ['src/k8s/informer.ts', "import { x } from '../shared/clock.js';"],
    ['src/aws/call-runner.ts', "import { x } from '../shared/clock.js';"],
    ['src/controller/rate-limiter.ts', "import { x } from '../shared/token-bucket.js';"],
    ['src/shared/token-bucket.ts', "import type { x } from './clock.js';"],
    ['src/shared/testing/fake-clock.ts', "import type { x } from '../clock.js';"],
    ['src/k8s/informer.ts', "import type { x } from '../controller/controller.js';"],
    ['src/resources/service/plan.ts', "import type { x } from '@aws-sdk/client-ecs';"],
    ['src/resources/autoscaling/service-autoscaling.ts', "import { x } from '../service/ports.js';"],
    ['src/controller/controller.test.ts', "import { x } from '../resources/api-group.js';"],
  ])('allows in %s: %s', async (file, line) => {
    expect(await refusals(file, line)).toEqual([]);
  });
});
