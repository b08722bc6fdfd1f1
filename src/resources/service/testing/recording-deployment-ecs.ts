/**
 * Test support for the spec.deploymentControl unit tests: the ECS calls a rollback or a continue
 * makes, answered from fixed lists and recorded one line a call (`list <cluster> <service> <statuses>`,
 * `describe <arns>`, `stop <arn>`, `continue <arn> <hookId>`, `tag <arn> <key=value,…>`), so a
 * test states the exact calls and their order. Test-only.
 */
import type { ServiceDeployment, ServiceDeploymentBrief } from '@aws-sdk/client-ecs';
import type { ControlInput } from '../apply-deployment-control.js';
import type { DeploymentControlSpec } from '../types.js';
import { TD2 } from './fixtures.js';

/** The service `web` in cluster `demo` the requests are made on. */
export const CONTROLLED_SERVICE_ARN = 'arn:aws:ecs:us-east-1:123456789012:service/demo/web';

/** The service deployment of {@link CONTROLLED_SERVICE_ARN} the tests pause, roll back or continue. */
export const CONTROLLED_DEPLOYMENT_ARN = 'arn:aws:ecs:us-east-1:123456789012:service-deployment/demo/web/abc';

/** applyDeploymentControl's input: `control` on service `web` (spec at TD2) whose tags are `serviceTags`. */
export function controlInput(
  control: DeploymentControlSpec,
  serviceTags: Readonly<Record<string, string>>,
): ControlInput {
  return {
    cluster: 'demo',
    service: { serviceArn: CONTROLLED_SERVICE_ARN },
    serviceTags,
    control,
    desiredTaskDefinition: TD2,
    signal: new AbortController().signal,
  };
}

/** What the recorded ECS answers, and which write fails (with that error's message). */
export interface RecordingDeploymentEcsOptions {
  /** ListServiceDeployments' answer. */
  readonly open: readonly ServiceDeploymentBrief[];
  /** DescribeServiceDeployments' answer. */
  readonly described?: readonly ServiceDeployment[];
  /** StopServiceDeployment rejects with this error code. */
  readonly failStop?: string;
  /** ContinueServiceDeployment rejects with this error code. */
  readonly failContinue?: string;
}

/** An ECS for applyDeploymentControl that answers from `options` and records every call in `calls`. */
export function recordingDeploymentEcs(options: RecordingDeploymentEcsOptions) {
  const calls: string[] = [];
  const failing = (code: string | undefined): Promise<void> =>
    code === undefined ? Promise.resolve() : Promise.reject(new Error(code));
  return {
    calls,
    ecs: {
      listServiceDeployments: (cluster: string, service: string, status: readonly string[]) => {
        calls.push(`list ${cluster} ${service} ${status.join(',')}`);
        return Promise.resolve([...options.open]);
      },
      describeServiceDeployments: (arns: readonly string[]) => {
        calls.push(`describe ${arns.join(',')}`);
        return Promise.resolve([...(options.described ?? [])]);
      },
      stopServiceDeployment: (arn: string) => {
        calls.push(`stop ${arn}`);
        return failing(options.failStop);
      },
      continueServiceDeployment: (arn: string, hookId: string) => {
        calls.push(`continue ${arn} ${hookId}`);
        return failing(options.failContinue);
      },
      tagResource: (arn: string, tags: readonly { key?: string; value?: string }[]) => {
        calls.push(`tag ${arn} ${tags.map((t) => `${t.key}=${t.value}`).join(',')}`);
        return Promise.resolve();
      },
    },
  };
}
