import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { isConflict } from './api-errors.js';
import type { KubeObject } from './object.js';
import { ObjectWriter, type CustomObjectsPatcher } from './object-writer.js';

type Widget = KubeObject<{ size: number }, Record<string, unknown>>;

interface Call {
  readonly method: string;
  readonly param: { name: string; namespace: string; group: string; plural: string; body: unknown };
  readonly contentType: string | undefined;
}

/** Records each patch and the Content-Type its options ask for. */
function recordingApi(answer: (call: Call) => unknown): { api: CustomObjectsPatcher; calls: Call[] } {
  const calls: Call[] = [];
  const run = async (method: string, param: Call['param'], options: unknown): Promise<unknown> => {
    await Promise.resolve();
    const call = { method, param, contentType: (options as { contentType?: string }).contentType };
    calls.push(call);
    return answer(call);
  };
  const api = {
    patchNamespacedCustomObject: (param: Call['param'], options: unknown) => run('object', param, options),
    patchNamespacedCustomObjectStatus: (param: Call['param'], options: unknown) =>
      run('status', param, options),
    getNamespacedCustomObject: (param: Call['param'], options: unknown) => run('get', param, options),
  } as unknown as CustomObjectsPatcher;
  return { api, calls };
}

const type = { group: 'example.dev', version: 'v1', plural: 'widgets' };
const obj = (extra: Partial<Widget['metadata']> = {}, status?: Record<string, unknown>): Widget => ({
  apiVersion: 'example.dev/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'ns', resourceVersion: '7', ...extra },
  spec: { size: 1 },
  ...(status === undefined ? {} : { status }),
});

describe('ObjectWriter', () => {
  it('merge-patches only the changed status fields, to the status subresource', async () => {
    const { api, calls } = recordingApi((c) => ({ ...obj(), status: c.param.body }));
    const writer = new ObjectWriter<Widget>({ type, api });
    const result = await writer.updateStatus(obj({}, { phase: 'Old', keep: 1, gone: true }), {
      phase: 'New',
      keep: 1,
    });
    expect(result.written).toBe(true);
    expect(calls).toEqual([
      {
        method: 'status',
        param: expect.objectContaining({
          name: 'w',
          namespace: 'ns',
          group: 'example.dev',
          plural: 'widgets',
        }),
        contentType: 'application/merge-patch+json',
      },
    ]);
    expect(calls[0]!.param.body).toEqual({ status: { phase: 'New', gone: null } });
  });

  it('sends nothing when the status is already as desired', async () => {
    const { api, calls } = recordingApi(() => obj());
    const writer = new ObjectWriter<Widget>({ type, api });
    const current = obj({}, { phase: 'Ready', conditions: [{ type: 'Ready' }] });
    const result = await writer.updateStatus(current, { conditions: [{ type: 'Ready' }], phase: 'Ready' });
    expect(result).toEqual({ written: false, object: current });
    expect(calls).toHaveLength(0);
  });

  it('adds a finalizer with the resourceVersion as precondition, and skips it when present', async () => {
    const { api, calls } = recordingApi(() => obj({ finalizers: ['a', 'ecs-bridge.dev/finalizer'] }));
    const writer = new ObjectWriter<Widget>({ type, api });
    await writer.addFinalizer(obj({ finalizers: ['a'] }), 'ecs-bridge.dev/finalizer');
    expect(calls[0]).toMatchObject({ method: 'object', contentType: 'application/merge-patch+json' });
    expect(calls[0]!.param.body).toEqual({
      metadata: { finalizers: ['a', 'ecs-bridge.dev/finalizer'], resourceVersion: '7' },
    });
    await writer.addFinalizer(obj({ finalizers: ['ecs-bridge.dev/finalizer'] }), 'ecs-bridge.dev/finalizer');
    expect(calls).toHaveLength(1);
  });

  it('removes a finalizer with the precondition, and skips it when absent', async () => {
    const { api, calls } = recordingApi(() => obj());
    const writer = new ObjectWriter<Widget>({ type, api });
    await writer.removeFinalizer(obj({ finalizers: ['a', 'f'] }), 'f');
    expect(calls[0]!.param.body).toEqual({ metadata: { finalizers: ['a'], resourceVersion: '7' } });
    await writer.removeFinalizer(obj({ finalizers: ['a'] }), 'f');
    expect(calls).toHaveLength(1);
  });

  it('sets an annotation with the precondition, and skips it when it already has the value', async () => {
    const { api, calls } = recordingApi(() => obj());
    const writer = new ObjectWriter<Widget>({ type, api });
    await writer.setAnnotation(obj({ annotations: { other: 'x' } }), 'ecs-bridge.dev/k', 'v1');
    expect(calls[0]).toMatchObject({ method: 'object', contentType: 'application/merge-patch+json' });
    expect(calls[0]!.param.body).toEqual({
      metadata: { annotations: { 'ecs-bridge.dev/k': 'v1' }, resourceVersion: '7' },
    });
    await writer.setAnnotation(obj({ annotations: { 'ecs-bridge.dev/k': 'v1' } }), 'ecs-bridge.dev/k', 'v1');
    expect(calls).toHaveLength(1);
  });

  it('throws a conflict the caller can recognise through the wrapping', async () => {
    const { api } = recordingApi(() => {
      throw new ApiException(409, 'Conflict', '{"reason":"Conflict"}', {});
    });
    const writer = new ObjectWriter<Widget>({ type, api });
    const err = await writer.addFinalizer(obj(), 'f').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe('adding finalizer on widgets ns/w');
    expect(isConflict(err)).toBe(true);
  });

  it('treats removing the finalizer of an object already gone as done', async () => {
    const { api } = recordingApi(() => {
      throw new ApiException(404, 'NotFound', '{"reason":"NotFound"}', {});
    });
    const writer = new ObjectWriter<Widget>({ type, api });
    const gone = obj({ finalizers: ['f'] });
    await expect(writer.removeFinalizer(gone, 'f')).resolves.toBe(gone);
    await expect(writer.addFinalizer(obj(), 'f')).rejects.toThrow(/adding finalizer/);
  });

  it('refuses a finalizer write without a resourceVersion to guard it', async () => {
    const { api, calls } = recordingApi(() => obj());
    const writer = new ObjectWriter<Widget>({ type, api });
    await expect(writer.addFinalizer(obj({ resourceVersion: '' }), 'f')).rejects.toThrow(
      /no resourceVersion/,
    );
    expect(calls).toHaveLength(0);
  });

  it('reads the object live, and answers undefined once it is gone', async () => {
    const live = obj({ finalizers: ['f'], resourceVersion: '9' });
    const { api, calls } = recordingApi(() => live);
    const writer = new ObjectWriter<Widget>({ type, api });
    await expect(writer.readCurrent(obj())).resolves.toEqual(live);
    expect(calls[0]).toMatchObject({
      method: 'get',
      param: { name: 'w', namespace: 'ns', plural: 'widgets' },
    });

    const { api: goneApi } = recordingApi(() => {
      throw new ApiException(404, 'NotFound', '{"reason":"NotFound"}', {});
    });
    await expect(
      new ObjectWriter<Widget>({ type, api: goneApi }).readCurrent(obj()),
    ).resolves.toBeUndefined();

    const { api: downApi } = recordingApi(() => {
      throw new ApiException(503, 'Unavailable', '{}', {});
    });
    await expect(new ObjectWriter<Widget>({ type, api: downApi }).readCurrent(obj())).rejects.toThrow(
      'reading widgets ns/w',
    );
  });
});
