/**
 * Scenario 8, secrets and noise: with the operator holding a distinctive AWS secret key, task
 * definitions carrying container `secrets` and secret-looking environment values, and AWS errors
 * whose messages carry request ids, neither the key nor the canary values appear in the operator's
 * log, any status or any Event, and no request id reaches a status or an Event.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreV1Api } from '@kubernetes/client-node';
import { waitFor } from '../world/wait.js';
import { installCrds } from '../support/crds.js';
import { apply, condition, getResource, waitForReady } from '../support/manifests.js';
import type { OperatorProcess } from '../support/operator.js';
import { keepOperatorLog } from '../support/service-fixtures.js';
import { fargateSpec, taskDefinition } from '../support/task-definitions.js';
import { freshNamespace, kubeConfig, proxyControl, worldControl } from '../support/world-client.js';
import { writeFigures } from './figures.js';
import { startOperatorWithSecret } from './secret-operator.js';

const SECRET_KEY = `FaUlTsEcReT${randomBytes(12).toString('hex')}`;
const CANARY_PASSWORD = `canary-password-${randomBytes(6).toString('hex')}`;
const CANARY_TOKEN = `canary-token-${randomBytes(6).toString('hex')}`;

/** Every place a user or a log collector reads: returns the text of each, labelled. */
async function everythingVisible(namespace: string, operator: OperatorProcess): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  out.set('log', await readFile(operator.logPath, 'utf8'));
  for (const name of ['with-secrets', 'terminal-error', 'transient-error']) {
    out.set(
      `status ${name}`,
      JSON.stringify((await getResource('ecstaskdefinitions', namespace, name))?.status ?? {}),
    );
  }
  const events = await kubeConfig().makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
  out.set(
    'events',
    JSON.stringify(events.items.map((e) => ({ reason: e.reason, message: e.message, note: e.action }))),
  );
  return out;
}

describe('secrets and noise (scenario 8)', () => {
  let operator: OperatorProcess;
  let namespace: string;
  const requestIds = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    await worldControl('reset-aws');
    await installCrds();
    namespace = await freshNamespace('faults-secrets');
    operator = await startOperatorWithSecret(SECRET_KEY, [`--namespaces=${namespace}`, '--log-level=debug']);
  });

  afterAll(async () => {
    keepOperatorLog(operator, 'faults-secrets');
    await operator?.stop();
    await proxyControl().clearRules();
  });

  it('keeps credentials, canary values and request ids out of logs, status and Events', async () => {
    const proxy = proxyControl();
    // A terminal error and a transient one, both with AWS-style request ids in their messages.
    await proxy.addRule({
      service: 'ecs',
      action: 'RegisterTaskDefinition',
      bodyContains: 'faults-terminal',
      fault: {
        kind: 'error',
        status: 400,
        code: 'ClientException',
        message: `Container image is not valid (Service: AmazonECS; Status Code: 400; Error Code: ClientException; Request ID: ${requestIds[0]})`,
      },
    });
    await proxy.addRule({
      service: 'ecs',
      action: 'RegisterTaskDefinition',
      bodyContains: 'faults-transient',
      times: 3,
      fault: {
        kind: 'error',
        status: 503,
        code: 'ServerException',
        message: `Service unavailable, Request ID: ${requestIds[1]} (request ${requestIds[2]})`,
      },
    });
    const secretContainer = {
      name: 'app',
      image: 'httpd:2.4',
      portMappings: [{ containerPort: 80 }],
      environment: [
        { name: 'DB_PASSWORD', value: CANARY_PASSWORD },
        { name: 'API_TOKEN', value: CANARY_TOKEN },
      ],
      secrets: [
        { name: 'DB_SECRET', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' },
        { name: 'SSM_SECRET', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/app/token' },
      ],
    };
    await apply(
      namespace,
      taskDefinition(
        'with-secrets',
        fargateSpec('httpd:2.4', {
          family: 'faults-secrets',
          executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
          containerDefinitions: [secretContainer],
        }),
      ),
      taskDefinition('terminal-error', fargateSpec('httpd:2.4', { family: 'faults-terminal' })),
      taskDefinition('transient-error', fargateSpec('httpd:2.4', { family: 'faults-transient' })),
    );
    await waitForReady('ecstaskdefinitions', namespace, 'with-secrets');
    await waitForReady('ecstaskdefinitions', namespace, 'transient-error', 90_000);
    const stalled = await waitFor(
      async () => {
        const c = condition(await getResource('ecstaskdefinitions', namespace, 'terminal-error'), 'Ready');
        return c?.status === 'False' && c.message.includes('image') ? c.message : undefined;
      },
      { timeoutMs: 60_000, what: 'terminal-error to report the AWS error' },
    );
    // The injected message is what reached the status, minus its request id.
    expect(stalled).toContain('Container image is not valid');
    expect(stalled).not.toMatch(/Request ID/i);
    const transientRule = (await proxy.listRules()).find((r) => r.bodyContains === 'faults-transient');
    expect(transientRule?.hits).toBe(3);
    // Let the operator's Events for the failures land before reading them.
    await waitFor(
      async () => {
        const events = await kubeConfig().makeApiClient(CoreV1Api).listNamespacedEvent({ namespace });
        return events.items.some((e) => e.involvedObject.name === 'terminal-error') ? true : undefined;
      },
      { timeoutMs: 30_000, what: 'an Event about terminal-error' },
    );
    const visible = await everythingVisible(namespace, operator);
    const leaks: string[] = [];
    let scanned = 0;
    for (const [where, text] of visible) {
      scanned += text.length;
      for (const secret of [SECRET_KEY, CANARY_PASSWORD, CANARY_TOKEN]) {
        if (text.includes(secret)) leaks.push(`${where} contains ${secret.slice(0, 16)}…`);
      }
      if (where === 'log') continue; // Request ids in the operator's own log help AWS support.
      for (const id of requestIds) if (text.includes(id)) leaks.push(`${where} contains request id ${id}`);
      if (/Request ID/i.test(text)) leaks.push(`${where} contains "Request ID"`);
    }
    expect(leaks).toEqual([]);
    expect(operator.process.isRunning()).toBe(true);
    writeFigures({
      id: '08-secrets-noise',
      scenario: '8. Secrets and noise',
      injected:
        'a distinctive AWS secret key; container secrets (Secrets Manager and SSM valueFrom) and two canary secret-looking environment values; a terminal (400) and a transient (503, 3 times) AWS error carrying 3 request ids',
      times: 3 + 3,
      outcome: `${leaks.length} leaks in ${visible.size} places scanned (${Math.round(scanned / 1024)} kB: the debug log, 3 statuses, all Events); request ids stripped from status and Events`,
    });
  });
});
