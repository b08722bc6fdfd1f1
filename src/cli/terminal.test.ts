import { describe, expect, it } from 'vitest';
import { explainAwsError, explainKubeError, formatExplained } from './cli-errors.js';
import { renderTable } from './table.js';
import { createStyle, Progress, stripAnsi, visibleLength, type Output } from './terminal.js';
import { awsError } from '../aws/testing/fake-ecs.js';

function output(isTTY: boolean): Output & { text: string } {
  const o = { text: '', isTTY, columns: 30, write: (t: string) => void (o.text += t) };
  return o;
}

describe('style', () => {
  it('colours only when asked, and visible lengths ignore the escapes', () => {
    expect(createStyle(false).red('x')).toBe('x');
    const red = createStyle(true).red('abc');
    expect(red).not.toBe('abc');
    expect(stripAnsi(red)).toBe('abc');
    expect(visibleLength(red)).toBe(3);
  });
});

describe('Progress', () => {
  it('rewrites one line on a terminal and erases it when done', () => {
    const tty = output(true);
    const p = new Progress(tty);
    p.update('reading 1');
    p.update('reading 2 with a very long text that does not fit');
    p.done();
    expect(tty.text).toBe('\r\u001b[2Kreading 1\r\u001b[2Kreading 2 with a very long t…\r\u001b[2K');
  });

  it('stays silent in a log', () => {
    const log = output(false);
    const p = new Progress(log);
    p.update('reading');
    p.done();
    expect(log.text).toBe('');
  });
});

describe('renderTable', () => {
  it('pads columns to the widest visible cell', () => {
    const green = createStyle(true).green;
    const text = renderTable(
      ['A', 'BB', 'C'],
      [
        [green('xxx'), 'y', 'z'],
        ['q', 'longer', ''],
      ],
    );
    expect(stripAnsi(text)).toBe('A    BB      C\nxxx  y       z\nq    longer');
  });
});

describe('explainAwsError', () => {
  const context = { doing: 'describing ECS service web', region: 'eu-west-1', cluster: 'demo' };

  it.each([
    {
      err: Object.assign(new Error('Could not load credentials from any providers'), {
        name: 'CredentialsProviderError',
      }),
      message: 'no AWS credentials found',
      fix: 'AWS_PROFILE',
    },
    { err: new Error('Region is missing'), message: 'no AWS Region', fix: '--region' },
    { err: awsError('ExpiredTokenException', 'expired'), message: 'have expired', fix: 'aws sso login' },
    {
      err: awsError('ClusterNotFoundException', 'Cluster not found.'),
      message: 'ECS cluster demo not found in eu-west-1',
      fix: 'aws ecs list-clusters --region eu-west-1',
    },
    {
      err: awsError('AccessDeniedException', 'no', 403),
      message: 'AWS denied access while describing ECS service web',
      fix: 'ecs:DescribeServices',
    },
    {
      err: awsError('ThrottlingException', 'Rate exceeded'),
      message: 'AWS throttled',
      fix: 'again in a moment',
    },
    {
      err: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
      message: 'cannot reach AWS in eu-west-1',
      fix: 'network',
    },
  ])('$message', ({ err, message, fix }) => {
    const e = explainAwsError(err, context);
    expect(e.message).toContain(message);
    expect(e.fix).toContain(fix);
  });

  it('names the emulator endpoint when one is configured', () => {
    const e = explainAwsError(Object.assign(new Error('x'), { cause: { code: 'ECONNREFUSED' } }), {
      ...context,
      endpoint: 'http://127.0.0.1:5000',
    });
    expect(e.message).toContain('cannot reach the AWS endpoint http://127.0.0.1:5000');
  });

  it('keeps anything else readable', () => {
    expect(explainAwsError(awsError('InvalidParameterException', 'bad thing'), context)).toEqual({
      message: 'describing ECS service web: InvalidParameterException: bad thing',
    });
  });
});

describe('explainKubeError', () => {
  it.each([
    {
      err: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      message: 'cannot reach the Kubernetes API server at https://k',
      fix: 'kubectl cluster-info',
    },
    { err: Object.assign(new Error('x'), { code: 401 }), message: '401 Unauthorized', fix: '--context' },
    { err: Object.assign(new Error('x'), { code: 403 }), message: '403 Forbidden', fix: 'ecsservices' },
    {
      err: Object.assign(new Error('x'), { code: 404 }),
      message: 'does not know the ecs-bridge kinds',
      fix: 'kubectl apply -f crds/',
    },
  ])('$message', ({ err, message, fix }) => {
    const e = explainKubeError(err, 'listing', 'https://k');
    expect(e.message).toContain(message);
    expect(e.fix).toContain(fix);
    expect(formatExplained('status', e)).toMatch(/^ecs-bridge status: .*\n {2}fix: /);
  });
});
