import { describe, expect, it } from 'vitest';
import { hasTags, scheduleGroupName, triggerName } from './identity.js';
import type { EcsTaskTrigger } from './types.js';

const named = (namespace: string, name: string): EcsTaskTrigger => ({
  apiVersion: 'ecs-bridge.dev/v1alpha1',
  kind: 'EcsTaskTrigger',
  metadata: { name, namespace },
  spec: { template: {}, roleArn: 'arn:aws:iam::1:role/r' },
});

describe('trigger identity', () => {
  it('names the rule after the object, within EventBridge limits', () => {
    expect(triggerName(named('media', 'on-upload'))).toBe('ecsb-media-on-upload');
    const long = triggerName(named('a'.repeat(60), 'b'.repeat(60)));
    expect(long).toMatch(/^[0-9A-Za-z._-]{1,64}$/);
    expect(long).not.toBe(triggerName(named('a'.repeat(60), `${'b'.repeat(59)}c`)));
  });

  it('names one schedule group per installation', () => {
    expect(scheduleGroupName('default')).toBe('ecs-bridge-default');
  });

  const wanted = { 'ecs-bridge.dev/owner': 'ns/t', 'ecs-bridge.dev/instance': 'default' };
  it.each([
    {
      what: 'every owner tag with its value',
      tags: [
        { Key: 'ecs-bridge.dev/owner', Value: 'ns/t' },
        { Key: 'ecs-bridge.dev/instance', Value: 'default' },
      ],
      owned: true,
    },
    { what: 'an owner tag missing', tags: [{ Key: 'ecs-bridge.dev/owner', Value: 'ns/t' }], owned: false },
    {
      what: 'an owner tag with another value',
      tags: [
        { Key: 'ecs-bridge.dev/owner', Value: 'other/t' },
        { Key: 'ecs-bridge.dev/instance', Value: 'default' },
      ],
      owned: false,
    },
  ])('owns only what carries every owner tag with its value: $what -> $owned', ({ tags, owned }) => {
    expect(hasTags(tags, wanted)).toBe(owned);
  });
});
