#!/usr/bin/env node
// The published entry point: runs the compiled CLI. In a checkout, `npm run build` first, or use
// `node --import tsx src/cli/main.ts`.
//
// The AWS SDK is pinned on purpose (docs/adr/0002-toolchain.md); its notice about newer Node
// versions is noise on every command, so it is off unless the user set the variable.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await import('../dist/cli/main.js');
