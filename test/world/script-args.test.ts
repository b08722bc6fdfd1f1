import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { scriptArgs } from './script-args.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

describe('scriptArgs', () => {
  it('drops the -- package.json puts after the program, and nothing else', () => {
    expect(scriptArgs(['node', 'sandbox.ts', '--', '--env-file', 'x'])).toEqual(['--env-file', 'x']);
    expect(scriptArgs(['node', 'sandbox.ts', '--once'])).toEqual(['--once']);
    expect(scriptArgs(['node', 'sandbox.ts'])).toEqual([]);
  });

  // The README's `npm run sandbox -- --env-file .sandbox.env` on a first start, when the file does
  // not exist yet: Node itself must not take the flag.
  it.each(['sandbox', 'world'])(
    'npm run %s -- --env-file <a file not there yet> reaches the program',
    async (script) => {
      const { stdout } = await run(
        'npm',
        ['run', '--silent', script, '--', '--env-file', join(root, 'no-such.env'), '--help'],
        {
          cwd: root,
          timeout: 60_000,
        },
      );
      expect(stdout).toContain(`npm run ${script} -- [`);
    },
    60_000,
  );
});
