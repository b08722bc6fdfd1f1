#!/usr/bin/env node
// The `ecs-bridge` entry point. A published package always carries the compiled CLI (dist/) and
// runs its bundle. A checkout runs dist/ when `npm run build` made one, else the TypeScript
// sources through tsx (a dev dependency, so present after `npm ci`): `npx ecs-bridge --help` works
// right after `npm ci`, with no build step.
//
// The floor is package.json's `engines` (the Kubernetes client's HTTP stack needs it); say so in one
// line instead of failing later with a stack trace from inside a dependency. In a checkout, whose
// scripts/use-node.sh fetches the project's Node (as every `npm run` script does), run on that
// instead of refusing.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = (path) => fileURLToPath(new URL(path, import.meta.url));
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  const useNode = file('../scripts/use-node.sh');
  if (existsSync(useNode) && !process.env.ECS_BRIDGE_NODE_REEXEC) {
    const child = spawnSync('bash', [useNode, 'node', file('./ecs-bridge.js'), ...process.argv.slice(2)], {
      stdio: 'inherit',
      env: { ...process.env, ECS_BRIDGE_NODE_REEXEC: '1' },
    });
    process.exit(child.status ?? 1);
  }
  process.stderr.write(
    `ecs-bridge needs Node.js 22.19 or newer (24 LTS recommended); this is Node.js ${process.versions.node}\n`,
  );
  process.exit(1);
}

// The bundle (scripts/bundle.ts, ADR 0056) is what the image and the published package run: the
// same code as dist/cli/, in a few modules instead of hundreds, which the process holds in memory.
if (existsSync(file('../dist/bundle/ecs-bridge.mjs'))) {
  await import('../dist/bundle/ecs-bridge.mjs');
} else if (existsSync(file('../dist/cli/main.js'))) {
  await import('../dist/cli/main.js');
} else if (existsSync(file('../src/cli/main.ts'))) {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    process.stderr.write(
      'ecs-bridge: this checkout has no dist/ and no tsx to run src/: run `npm ci` (or `npm run build`) first\n',
    );
    process.exit(1);
  }
  register();
  await import('../src/cli/main.ts');
} else {
  process.stderr.write('ecs-bridge: dist/cli/main.js is missing from this package; reinstall it\n');
  process.exit(1);
}
