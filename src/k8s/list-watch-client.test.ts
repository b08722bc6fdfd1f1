import { KubeConfig, Watch } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { watchIdleBoundMs, watchWithIdleBound } from './list-watch-client.js';

describe('watchWithIdleBound', () => {
  it("still finds client-node's watch inactivity bound (a release renaming it fails here)", () => {
    expect(watchIdleBoundMs(new Watch(new KubeConfig()))).toBe(30_000);
  });

  it("sets the bound to the server's timeoutSeconds plus the watchdog's 30 s grace", () => {
    expect(watchIdleBoundMs(watchWithIdleBound(new KubeConfig(), 300))).toBe(330_000);
    expect(watchIdleBoundMs(watchWithIdleBound(new KubeConfig(), 451))).toBe(481_000);
  });
});
