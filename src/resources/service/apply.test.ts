import { describe, expect, it } from 'vitest';
import type { EcsApi, EcsCallOptions } from '../../aws/ecs-api.js';
import type { ServiceAction } from './actions.js';
import { applyServiceAction } from './apply.js';

describe('applyServiceAction', () => {
  it('passes the reconcile abort signal to the one ECS call of every action', async () => {
    const signals: (AbortSignal | undefined)[] = [];
    const record = (options?: EcsCallOptions) => {
      signals.push(options?.signal);
      return Promise.resolve({});
    };
    const ecs = {
      createService: (_i: unknown, o?: EcsCallOptions) => record(o),
      updateService: (_i: unknown, o?: EcsCallOptions) => record(o),
      deleteService: (_i: unknown, o?: EcsCallOptions) => record(o),
      tagResource: (_a: unknown, _t: unknown, o?: EcsCallOptions) => record(o).then(() => undefined),
      untagResource: (_a: unknown, _k: unknown, o?: EcsCallOptions) => record(o).then(() => undefined),
    } as unknown as EcsApi;
    const actions = [
      { type: 'createService', input: {} },
      { type: 'updateService', input: {}, fields: [], restart: false },
      { type: 'deleteService', input: {} },
      { type: 'tagService', resourceArn: 'arn', tags: [] },
      { type: 'untagService', resourceArn: 'arn', tagKeys: [] },
    ] as unknown as ServiceAction[];
    const signal = new AbortController().signal;
    for (const action of actions) await applyServiceAction(ecs, action, { signal });
    expect(signals).toEqual(actions.map(() => signal));
  });
});
