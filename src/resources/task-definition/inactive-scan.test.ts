import { describe, expect, it } from 'vitest';
import { InactiveRevisionScan, inactiveScansByRegion, type ListInactiveRevisions } from './inactive-scan.js';

const arn = (family: string, revision: number): string =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`;

function counting(answer: () => Promise<{ arns: string[]; complete: boolean }>): {
  list: ListInactiveRevisions;
  pagesAsked: number[];
} {
  const pagesAsked: number[] = [];
  return {
    pagesAsked,
    list: (maxPages) => {
      pagesAsked.push(maxPages);
      return answer();
    },
  };
}

describe('InactiveRevisionScan', () => {
  it('lists the Region once for every family, concurrent first reconciles included', async () => {
    const { list, pagesAsked } = counting(() =>
      Promise.resolve({ arns: [arn('web', 1), arn('api', 2), arn('web', 3)], complete: true }),
    );
    const scan = new InactiveRevisionScan(list, 7);
    const [web, api, other] = await Promise.all([
      scan.familyArns('web'),
      scan.familyArns('api'),
      scan.familyArns('other'),
    ]);
    expect(web).toEqual([arn('web', 1), arn('web', 3)]);
    expect(api).toEqual([arn('api', 2)]);
    expect(other).toEqual([]);
    expect(await scan.familyArns('web')).toEqual([arn('web', 1), arn('web', 3)]);
    expect(pagesAsked).toEqual([7]);
  });

  it('a family is matched whole, not as a prefix of another family', async () => {
    const { list } = counting(() => Promise.resolve({ arns: [arn('web-canary', 1)], complete: true }));
    expect(await new InactiveRevisionScan(list).familyArns('web')).toEqual([]);
  });

  it('more INACTIVE revisions than the pages allow: every family lists its own, and the Region is not listed again', async () => {
    const { list, pagesAsked } = counting(() => Promise.resolve({ arns: [arn('web', 1)], complete: false }));
    const scan = new InactiveRevisionScan(list, 2);
    expect(await scan.familyArns('web')).toBeUndefined();
    expect(await scan.familyArns('api')).toBeUndefined();
    expect(pagesAsked).toEqual([2]);
  });

  it('a failed listing is not kept: the waiting families list their own and the next one tries again', async () => {
    let fail = true;
    const { list, pagesAsked } = counting(() =>
      fail
        ? Promise.reject(new Error('throttled'))
        : Promise.resolve({ arns: [arn('web', 1)], complete: true }),
    );
    const scan = new InactiveRevisionScan(list);
    expect(await Promise.all([scan.familyArns('web'), scan.familyArns('api')])).toEqual([
      undefined,
      undefined,
    ]);
    fail = false;
    expect(await scan.familyArns('web')).toEqual([arn('web', 1)]);
    expect(pagesAsked).toHaveLength(2);
  });

  it('refuses a page limit below one', () => {
    const { list } = counting(() => Promise.resolve({ arns: [], complete: true }));
    expect(() => new InactiveRevisionScan(list, 0)).toThrow(/maxPages/);
  });
});

describe('inactiveScansByRegion', () => {
  it('one scan per Region, each over its own listing', async () => {
    const regions: (string | undefined)[] = [];
    const scanFor = inactiveScansByRegion((region) => {
      regions.push(region);
      return () => Promise.resolve({ arns: [arn(region ?? 'default', 1)], complete: true });
    });
    expect(scanFor('eu-west-1')).toBe(scanFor('eu-west-1'));
    expect(await scanFor(undefined).familyArns('default')).toEqual([arn('default', 1)]);
    expect(regions).toEqual(['eu-west-1', undefined]);
  });
});
