import { describe, expect, it } from 'vitest';
import type { SignalledEcsApi } from './ecs-client.js';
import { withServiceWriteHook } from './service-write-hook.js';
import { FAKE_ECS_OPERATIONS } from './testing/fake-ecs.js';

/** An ECS API whose every method records its name and resolves (or rejects when `fail`). */
function recordingApi(fail = false): { api: SignalledEcsApi; log: string[] } {
  const log: string[] = [];
  const method = (name: string) => (): Promise<never> => {
    log.push(name);
    return fail ? Promise.reject(new Error(`${name} failed`)) : Promise.resolve(undefined as never);
  };
  const names = FAKE_ECS_OPERATIONS;
  return { api: Object.fromEntries(names.map((n) => [n, method(n)])) as unknown as SignalledEcsApi, log };
}

const SERVICE_ARN = 'arn:aws:ecs:eu-west-1:111111111111:service/prod/web';

describe('withServiceWriteHook', () => {
  it.each<[string, (api: SignalledEcsApi) => Promise<unknown>, string]>([
    ['createService', (api) => api.createService({ cluster: 'prod', serviceName: 'web' }), 'prod/web'],
    ['updateService', (api) => api.updateService({ cluster: 'prod', service: 'web' }), 'prod/web'],
    ['deleteService', (api) => api.deleteService({ cluster: 'prod', service: 'web' }), 'prod/web'],
    ['a service in the default cluster', (api) => api.updateService({ service: 'web' }), 'default/web'],
    ['tagResource on a service', (api) => api.tagResource(SERVICE_ARN, []), 'prod/web'],
    ['untagResource on a service', (api) => api.untagResource(SERVICE_ARN, ['k']), 'prod/web'],
  ])('announces %s before sending and after the answer', async (_label, call, target) => {
    const { api, log } = recordingApi();
    const hooked = withServiceWriteHook(api, (cluster, service) => log.push(`write ${cluster}/${service}`));
    await call(hooked);
    expect(log).toHaveLength(3);
    expect(log[0]).toBe(`write ${target}`);
    expect(log[2]).toBe(`write ${target}`);
  });

  it('announces StopServiceDeployment as a write to the service its ARN names', async () => {
    const log: string[] = [];
    const { api } = recordingApi();
    const stopping = {
      ...api,
      stopServiceDeployment: (arn: string) => {
        log.push(`stop ${arn}`);
        return Promise.resolve();
      },
    };
    const hooked = withServiceWriteHook(stopping, (cluster, service) =>
      log.push(`write ${cluster}/${service}`),
    );
    const arn = 'arn:aws:ecs:eu-west-1:111111111111:service-deployment/prod/web/r9i43YFjvgF';
    await hooked.stopServiceDeployment(arn);
    expect(log).toEqual(['write prod/web', `stop ${arn}`, 'write prod/web']);
  });

  it('announces a write that failed too', async () => {
    const { api, log } = recordingApi(true);
    const hooked = withServiceWriteHook(api, (cluster, service) => log.push(`write ${cluster}/${service}`));
    await expect(hooked.updateService({ cluster: 'prod', service: 'web' })).rejects.toThrow('failed');
    expect(log).toEqual(['write prod/web', 'updateService', 'write prod/web']);
  });

  it('announces nothing for reads, task definitions, and tags on other resources', async () => {
    const { api, log } = recordingApi();
    const hooked = withServiceWriteHook(api, (cluster, service) => log.push(`write ${cluster}/${service}`));
    await hooked.describeServices('prod', ['web']);
    await hooked.registerTaskDefinition({ family: 'web', containerDefinitions: [] });
    await hooked.tagResource('arn:aws:ecs:eu-west-1:111111111111:task-definition/web:1', []);
    expect(log).toEqual(['describeServices', 'registerTaskDefinition', 'tagResource']);
  });
});
