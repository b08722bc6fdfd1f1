#!/usr/bin/env node
// The published entry point: runs the compiled CLI. In a checkout, `npm run build` first, or use
// `npx tsx src/cli/main.ts`.
import '../dist/cli/main.js';
