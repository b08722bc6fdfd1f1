import { describe, expect, it } from 'vitest';
import { UsageError, type CommandDef } from './args.js';
import { CliError } from './cli-errors.js';
import { runTerminalCommand } from './command-runner.js';
import { captureIo } from './testing/fixtures.js';

const DEF: CommandDef = {
  name: 'demo',
  usage: 'ecs-bridge demo [flags]',
  description: 'A command for the runner test.',
  flags: [{ name: 'count', type: 'string', value: 'n', help: 'How many.' }],
  examples: [{ comment: 'Once', command: 'ecs-bridge demo --count 1' }],
};

class OwnError extends Error {}

describe('runTerminalCommand', () => {
  it('runs the body with the parsed flags and resolves with its exit code', async () => {
    const io = captureIo();
    const code = await runTerminalCommand(DEF, ['--count', '3'], io, (args, out) => {
      out.stdout.write(`count ${args.string('count') ?? '-'}\n`);
      return Promise.resolve(2);
    });
    expect(code).toBe(2);
    expect(io.out).toBe('count 3\n');
  });

  it('answers --help from the table without running the body', async () => {
    const io = captureIo();
    let ran = false;
    const code = await runTerminalCommand(DEF, ['--help'], io, () => {
      ran = true;
      return Promise.resolve(0);
    });
    expect(code).toBe(0);
    expect(ran).toBe(false);
    expect(io.out).toContain('ecs-bridge demo [flags]');
  });

  it.each([
    [true, "demo: wrong\nRun 'ecs-bridge demo --help' for the flags and examples.\n"],
    [false, 'demo: wrong\n'],
  ])('with helpHint %s, a usage error reads %j and exits 1', async (helpHint, expected) => {
    const io = captureIo();
    const code = await runTerminalCommand(DEF, [], io, () => Promise.reject(new UsageError('demo: wrong')), {
      helpHint,
    });
    expect(code).toBe(1);
    expect(io.err).toBe(expected);
  });

  it('a bad flag is a usage error before the body runs', async () => {
    const io = captureIo();
    const code = await runTerminalCommand(DEF, ['--nope'], io, () => Promise.resolve(0));
    expect(code).toBe(1);
    expect(io.err).toContain('--nope');
  });

  it('writes a CliError as the command, the message and the fix', async () => {
    const io = captureIo();
    const code = await runTerminalCommand(DEF, [], io, () =>
      Promise.reject(new CliError('no AWS Region', 'pass --region')),
    );
    expect(code).toBe(1);
    expect(io.err).toBe('ecs-bridge demo: no AWS Region\n  fix: pass --region\n');
  });

  it("explains the command's own errors, and throws any other error on", async () => {
    const explain = (err: unknown) =>
      err instanceof OwnError ? { message: `bad: ${err.message}`, fix: 'correct it' } : undefined;
    const io = captureIo();
    const code = await runTerminalCommand(DEF, [], io, () => Promise.reject(new OwnError('x')), { explain });
    expect(code).toBe(1);
    expect(io.err).toBe('ecs-bridge demo: bad: x\n  fix: correct it\n');
    await expect(
      runTerminalCommand(DEF, [], captureIo(), () => Promise.reject(new Error('a bug')), { explain }),
    ).rejects.toThrow('a bug');
  });
});
