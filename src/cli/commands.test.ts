import type { Service } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { importCommand } from './import-command.js';
import { importProblem } from './import/import-service-item.js';
import { planCommand } from './plan-command.js';
import { statusCommand } from './status-command.js';
import { captureIo, ownedTags } from './testing/fixtures.js';

const io = captureIo;

describe('command lines refused before any call', () => {
  it.each([
    { run: planCommand, argv: [], message: 'give the manifests with -f' },
    {
      run: planCommand,
      argv: ['-f', 'x', '-o', 'yaml'],
      message: '--output "yaml" is not one of text, json',
    },
    { run: planCommand, argv: ['-f', '/no/such/place'], message: '/no/such/place: no such file or folder' },
    {
      run: planCommand,
      argv: ['-f', 'x', '--region', 'moon-1'],
      message: '--region "moon-1" is not an AWS Region',
    },
    { run: importCommand, argv: ['--all'], message: 'name the cluster with --cluster' },
    {
      run: importCommand,
      argv: ['--cluster', 'c'],
      message: 'give either --service <name> (repeatable) or --all',
    },
    {
      run: importCommand,
      argv: ['--cluster', 'c', '--service', 'a', '--all'],
      message: 'give either --service',
    },
    { run: statusCommand, argv: ['-n', 'a', '-A'], message: 'give -n <namespace> or -A, not both' },
    { run: statusCommand, argv: ['--interval', '0'], message: '--interval "0" must be a number of seconds' },
  ])('$argv', async ({ run, argv, message }) => {
    const terminal = io();
    expect(await run(argv, terminal)).toBe(1);
    expect(terminal.err).toContain(message);
    expect(terminal.out).toBe('');
  });

  it.each([planCommand, importCommand, statusCommand])('prints help and exits 0', async (run) => {
    const terminal = io();
    expect(await run(['--help'], terminal)).toBe(0);
    expect(terminal.out).toMatch(/^Usage: ecs-bridge \w+/);
    expect(terminal.out).toContain('Examples:');
  });
});

describe('importProblem', () => {
  const service = (fields: Partial<Service>): Service => ({
    serviceName: 'web',
    status: 'ACTIVE',
    tags: [],
    ...fields,
  });

  it.each([
    { service: undefined, problem: 'web: no such service in cluster demo' },
    {
      service: service({ status: 'DRAINING' }),
      problem: 'web: the service is DRAINING; only ACTIVE services are imported',
    },
    {
      service: service({ tags: ownedTags('shop', 'web', 'blue') }),
      problem: 'already managed by ecs-bridge (object shop/web, operator instance blue)',
    },
    { service: service({ tags: [{ key: 'team', value: 'a' }] }), problem: undefined },
  ])('$problem', ({ service: s, problem }) => {
    const found = importProblem('web', 'demo', s);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
