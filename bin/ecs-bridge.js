#!/usr/bin/env node
// The published entry point: runs the compiled CLI. In a checkout, `npm run build` first, or use
// `node --import tsx src/cli/main.ts`.
//
// The floor is package.json's `engines` (the Kubernetes client's HTTP stack needs it); say so in one
// line instead of failing later with a stack trace from inside a dependency.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `ecs-bridge needs Node.js 22.19 or newer (24 LTS recommended); this is Node.js ${process.versions.node}\n`,
  );
  process.exit(1);
}
await import('../dist/cli/main.js');
