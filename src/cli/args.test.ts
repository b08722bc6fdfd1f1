import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandArgs, UsageError, type CommandDef } from './args.js';
import { IMPORT_COMMAND } from './import-command.js';
import { PLAN_COMMAND } from './plan-command.js';
import { STATUS_COMMAND } from './status-command.js';

const DEF: CommandDef = {
  name: 'demo',
  usage: 'ecs-bridge demo [flags]',
  description: 'A demo.',
  flags: [
    { name: 'filename', short: 'f', type: 'string', multiple: true, value: 'path', help: 'Files.' },
    { name: 'output', short: 'o', type: 'string', help: 'Format.', choices: ['text', 'json'] },
    { name: 'region', type: 'string', help: 'Region.' },
    { name: 'watch', short: 'w', type: 'boolean', help: 'Watch.' },
  ],
  examples: [{ comment: 'Try it', command: 'ecs-bridge demo -f x' }],
};

describe('parseCommandArgs', () => {
  it.each([
    { argv: ['-f', 'a.yaml'], files: ['a.yaml'] },
    { argv: ['-f', 'a.yaml', '-f', 'dir/'], files: ['a.yaml', 'dir/'] },
    { argv: ['--filename=a.yaml,b.yaml', '-f', 'c'], files: ['a.yaml', 'b.yaml', 'c'] },
    { argv: ['-f', 'a.yaml, ,b.yaml'], files: ['a.yaml', 'b.yaml'] },
    { argv: [], files: [] },
  ])('reads list flags $argv', ({ argv, files }) => {
    expect(parseCommandArgs(DEF, argv).list('filename')).toEqual(files);
  });

  it('reads strings, booleans and short flags', () => {
    const args = parseCommandArgs(DEF, ['-o', 'json', '--region', 'eu-west-1', '-w']);
    expect(args.string('output')).toBe('json');
    expect(args.string('region')).toBe('eu-west-1');
    expect(args.flag('watch')).toBe(true);
    expect(args.string('filename')).toBeUndefined();
    expect(args.help).toBe(false);
  });

  it('answers --help even beside flags that would not parse', () => {
    expect(parseCommandArgs(DEF, ['--nope', '--help']).help).toBe(true);
    expect(parseCommandArgs(DEF, ['-h']).help).toBe(true);
  });

  it.each([
    { argv: ['--nope'], message: 'unknown flag "--nope"' },
    { argv: ['-o', 'yaml'], message: '--output "yaml" is not one of text, json' },
    { argv: ['--region'], message: '--region needs a value' },
    { argv: ['--region='], message: '--region needs a value' },
    { argv: ['--watch=yes'], message: '--watch takes no value' },
    { argv: ['stray'], message: 'unexpected argument "stray"' },
  ])('refuses $argv with a message that names the flag and the help', ({ argv, message }) => {
    let caught: unknown;
    try {
      parseCommandArgs(DEF, argv);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UsageError);
    expect((caught as Error).message).toContain(message);
    expect((caught as Error).message).toContain("Run 'ecs-bridge demo --help'");
  });
});

describe('commandHelp', () => {
  it('lists every flag with its short form, value, choices and default, and the examples', () => {
    const help = commandHelp(DEF);
    expect(help).toMatch(/^Usage: ecs-bridge demo \[flags\]/);
    expect(help).toContain('-f, --filename <path>');
    expect(help).toContain('repeatable, or comma-separated');
    expect(help).toContain('one of: text, json');
    expect(help).toContain('-h, --help');
    expect(help).toContain('# Try it\n  ecs-bridge demo -f x');
  });

  it.each([PLAN_COMMAND, IMPORT_COMMAND, STATUS_COMMAND])(
    '$name has examples and documents every flag',
    (def) => {
      const help = commandHelp(def);
      expect(def.examples.length).toBeGreaterThan(0);
      for (const f of def.flags) expect(help).toContain(`--${f.name}`);
      // Every ecs-bridge invocation in an example uses only flags its command accepts.
      const defs = new Map([PLAN_COMMAND, IMPORT_COMMAND, STATUS_COMMAND].map((d) => [d.name, d]));
      for (const e of def.examples) {
        for (const part of e.command.split(/&&|;|\|/)) {
          const m = /ecs-bridge (\w+)(.*)/.exec(part);
          const cmd = defs.get(m?.[1] ?? '');
          if (cmd === undefined) continue;
          for (const [, flag] of (m?.[2] ?? '').matchAll(/ --?([a-zA-Z-]+)/g)) {
            const ok = cmd.flags.some((f) => f.name === flag || f.short === flag);
            expect(ok, `${flag} in "${e.command}"`).toBe(true);
          }
        }
      }
    },
  );
});
