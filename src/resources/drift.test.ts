import { describe, expect, it } from 'vitest';
import { MAX_DRIFT_CHANGES, MAX_DRIFT_VALUE_CHARS, driftedCondition, summariseDrift } from './drift.js';

describe('summariseDrift', () => {
  it('is undefined when nothing differs', () => {
    expect(summariseDrift([])).toBeUndefined();
  });

  it('lists the top-level fields and each change with observed and desired values', () => {
    const drift = summariseDrift([
      { path: 'desiredCount', before: 3, after: 2 },
      { path: 'containerDefinitions[api].image', before: 'a:1', after: 'a:2' },
      { path: 'tags.team', after: 'web' },
    ]);
    expect(drift).toEqual({
      fields: ['containerDefinitions', 'desiredCount', 'tags'],
      changes: [
        { path: 'desiredCount', observed: '3', desired: '2' },
        { path: 'containerDefinitions[api].image', observed: '"a:1"', desired: '"a:2"' },
        { path: 'tags.team', desired: '"web"' },
      ],
    });
  });

  it('stays bounded: at most MAX_DRIFT_CHANGES changes, long values cut, the rest counted', () => {
    const many = Array.from({ length: MAX_DRIFT_CHANGES + 5 }, (_, i) => ({
      path: `tags.k${i}`,
      after: 'x'.repeat(1000),
    }));
    const drift = summariseDrift(many);
    expect(drift?.changes).toHaveLength(MAX_DRIFT_CHANGES);
    expect(drift?.omittedChanges).toBe(5);
    expect(drift?.changes[0]?.desired?.length).toBe(MAX_DRIFT_VALUE_CHARS);
    expect(drift?.fields).toEqual(['tags']);
  });
});

describe('driftedCondition', () => {
  it('says True with the fields when AWS differs, False when it matches', () => {
    const drift = summariseDrift([{ path: 'desiredCount', before: 3, after: 2 }]);
    const drifted = driftedCondition(drift, 'ECS service web', 4);
    expect(drifted).toMatchObject({
      type: 'Drifted',
      status: 'True',
      reason: 'Drifted',
      observedGeneration: 4,
    });
    expect(drifted.message).toContain('ECS service web differs from the spec in desiredCount');
    expect(driftedCondition(undefined, 'ECS service web', undefined)).toEqual({
      type: 'Drifted',
      status: 'False',
      reason: 'InSync',
      message: 'ECS service web matches the spec',
    });
  });
});
