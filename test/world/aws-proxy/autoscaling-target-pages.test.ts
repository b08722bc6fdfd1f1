import { describe, expect, it } from 'vitest';
import { pagedScalableTargets, pagesScalableTargets } from './autoscaling-target-pages.js';

/** moto 5.2's DescribeScalableTargets paging, as its responses.py computes it. */
function motoPage(all: string[], params: { MaxResults?: number; NextToken?: string }) {
  const max = params.MaxResults ?? 50;
  const start = params.NextToken ? Number(params.NextToken) + 1 : 0;
  const page = all.slice(start, start + max);
  const answer: { ScalableTargets: { ResourceId: string }[]; NextToken?: string } = {
    ScalableTargets: page.map((id) => ({ ResourceId: id })),
  };
  if (all.length > start + max) answer.NextToken = String(page.length - 1);
  return answer;
}

function listAll(all: string[], fix: boolean, maxPages = 100): string[] {
  const seen: string[] = [];
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const params = { MaxResults: 50, ...(token === undefined ? {} : { NextToken: token }) };
    const raw = motoPage(all, params);
    const answer = (fix ? (pagedScalableTargets(params, raw) ?? raw) : raw) as typeof raw;
    seen.push(...answer.ScalableTargets.map((t) => t.ResourceId));
    token = answer.NextToken;
    if (token === undefined) return seen;
  }
  return seen;
}

describe('DescribeScalableTargets paging through the proxy', () => {
  const targets = Array.from({ length: 1234 }, (_, i) => `service/c/svc-${i}`);

  it('moto alone answers its second page again and again past 100 targets (the defect corrected)', () => {
    const listed = listAll(targets, false, 30);
    expect(new Set(listed).size).toBe(100);
  });

  it('lists every target once, in order, with the rewritten token', () => {
    expect(listAll(targets, true)).toEqual(targets);
  });

  it('leaves the last page and a single page alone', () => {
    expect(pagedScalableTargets({}, { ScalableTargets: [] })).toBeUndefined();
    expect(
      pagedScalableTargets({ NextToken: '49' }, { ScalableTargets: [{}], NextToken: '' }),
    ).toBeUndefined();
  });

  it('corrects only DescribeScalableTargets of Application Auto Scaling', () => {
    expect(pagesScalableTargets('application-autoscaling', 'DescribeScalableTargets')).toBe(true);
    expect(pagesScalableTargets('application-autoscaling', 'DescribeScalingPolicies')).toBe(false);
    expect(pagesScalableTargets('ecs', 'DescribeScalableTargets')).toBe(false);
  });
});
