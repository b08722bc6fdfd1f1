import { describe, expect, it } from 'vitest';
import { controlPatch, deploymentCommand, type PatchControl } from './deployment-command.js';
import { captureIo } from './testing/fixtures.js';
import type { DeploymentControlSpec } from '../resources/service/types.js';

const NOW = new Date('2026-12-06T04:00:00.000Z');

function recorder(exists = true): { patch: PatchControl; sent: [string, DeploymentControlSpec][] } {
  const sent: [string, DeploymentControlSpec][] = [];
  return {
    sent,
    patch: (name, control) => {
      sent.push([name, control]);
      return Promise.resolve(exists);
    },
  };
}

describe('ecs-bridge deployment rollback', () => {
  it('patches spec.deploymentControl with a Rollback request at now, and prints what to commit', async () => {
    const terminal = captureIo();
    const { patch, sent } = recorder();
    expect(
      await deploymentCommand(['rollback', 'web'], terminal, { patch, namespace: 'shop', now: () => NOW }),
    ).toBe(0);
    expect(sent).toEqual([['web', { action: 'Rollback', requestedAt: '2026-12-06T04:00:00.000Z' }]]);
    expect(terminal.out).toContain(
      'ecsservice/web in namespace shop: set spec.deploymentControl {action: Rollback, requestedAt: 2026-12-06T04:00:00.000Z}',
    );
    expect(terminal.out).toContain('      requestedAt: "2026-12-06T04:00:00.000Z"');
    expect(controlPatch(sent[0]![1])).toEqual({
      spec: { deploymentControl: { action: 'Rollback', requestedAt: '2026-12-06T04:00:00.000Z' } },
    });
  });

  it('continue: patches a Continue request and prints the field to commit', async () => {
    const terminal = captureIo();
    const { patch, sent } = recorder();
    const deps = { patch, namespace: 'shop', now: () => NOW };
    expect(await deploymentCommand(['continue', 'web', '--requested-at', 'go-1'], terminal, deps)).toBe(0);
    expect(sent).toEqual([['web', { action: 'Continue', requestedAt: 'go-1' }]]);
    expect(terminal.out).toContain(
      'ecsservice/web in namespace shop: set spec.deploymentControl {action: Continue, requestedAt: go-1}',
    );
    expect(terminal.out).toContain('paused at a PAUSE hook');
    expect(terminal.out).toContain('      action: Continue\n      requestedAt: "go-1"');
  });

  it('takes the token given, and says so when the EcsService does not exist', async () => {
    const terminal = captureIo();
    const { patch, sent } = recorder(false);
    const deps = { patch, namespace: 'shop', now: () => NOW };
    expect(await deploymentCommand(['rollback', 'nope', '--requested-at', 'r1'], terminal, deps)).toBe(1);
    expect(sent).toEqual([['nope', { action: 'Rollback', requestedAt: 'r1' }]]);
    expect(terminal.err).toContain('ecsservice/nope not found in namespace shop');
  });

  it.each([
    [[], 'expected "rollback <ecsservice>"'],
    [['pause', 'web'], 'expected "rollback <ecsservice>" or "continue <ecsservice>"'],
    [['continue'], 'expected "rollback <ecsservice>" or "continue <ecsservice>"'],
    [['rollback', 'web', 'extra'], 'expected "rollback <ecsservice>"'],
    [['rollback', 'web', '--requested-at', 'no;way'], '--requested-at "no;way" must be 1 to 128 letters'],
  ])('refuses %j before any call', async (argv, message) => {
    const terminal = captureIo();
    const { patch, sent } = recorder();
    expect(await deploymentCommand(argv, terminal, { patch, namespace: 'shop', now: () => NOW })).toBe(1);
    expect(terminal.err).toContain(message);
    expect(sent).toEqual([]);
  });

  it('prints help', async () => {
    const terminal = captureIo();
    expect(await deploymentCommand(['--help'], terminal)).toBe(0);
    expect(terminal.out).toMatch(/^Usage: ecs-bridge deployment rollback/);
  });
});
