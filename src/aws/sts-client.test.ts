import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('createStsApi', () => {
  it('loads the STS SDK on the first AssumeRole, not when the AWS edge is built', () => {
    // In a child process: a module once loaded stays loaded, so the test's own process cannot tell.
    const clients = new URL('./clients.ts', import.meta.url).href;
    const script = `
      import { registerHooks } from 'node:module';
      const seen = [];
      registerHooks({ resolve(s, c, next) { const r = next(s, c); seen.push(r.url); return r; } });
      const sts = () => seen.some((u) => u.includes('/@aws-sdk/client-sts/'));
      const { createAwsClients } = await import(${JSON.stringify(clients)});
      const aws = createAwsClients({
        endpoint: 'http://127.0.0.1:9', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 's' },
        maxAttempts: 1, timeouts: { readMs: 2000, writeMs: 2000 },
        assumeRole: { instanceId: 'test', stsRegion: 'us-east-1' },
      });
      aws.forRole({ roleArn: 'arn:aws:iam::123456789012:role/r' }, 'us-east-1');
      const built = sts();
      const provider = aws.assumedRoles.providerFor({ roleArn: 'arn:aws:iam::123456789012:role/r' });
      const error = await provider().then(() => 'answered', (e) => e.name);
      aws.destroy();
      console.log(JSON.stringify({ built, firstCall: sts(), error }));`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    const out = JSON.parse(child.stdout) as { built: boolean; firstCall: boolean; error: string };
    // Nothing answers on port 9: the call fails, but only after the SDK was loaded to make it.
    expect(out).toEqual({ built: false, firstCall: true, error: expect.any(String) });
    // One child process compiling through tsx on a shared machine: seconds, not milliseconds.
  }, 60_000);
});
