/**
 * DescribeScalableTargets paging as Application Auto Scaling pages it. moto 5.2 answers a page's
 * `NextToken` as the index of the page's last item counted from the page's own start (`"49"` for
 * every full page of 50), while it reads a request's token as an index counted from the first
 * target: past two pages the listing answers its second page again and again, so no client can
 * list more than 100 scalable targets. Application Auto Scaling's token is opaque and leads to the
 * next page ("If this response is truncated, NextToken is the token to include in the next
 * request", https://docs.aws.amazon.com/autoscaling/application/APIReference/API_DescribeScalableTargets.html);
 * the proxy rewrites moto's token to the index moto reads, counted from the first target, so every
 * target is listed once, in order.
 */
import { isJsonObject, type JsonObject, type JsonValue } from './json.js';

/** True for the call whose answers {@link pagedScalableTargets} corrects. */
export function pagesScalableTargets(service: string, action: string): boolean {
  return service === 'application-autoscaling' && action === 'DescribeScalableTargets';
}

/**
 * moto's DescribeScalableTargets answer with a `NextToken` that leads to the next page, or
 * `undefined` when the answer needs no change (the last page, or no page at all).
 */
export function pagedScalableTargets(
  params: JsonValue | undefined,
  answer: JsonValue,
): JsonObject | undefined {
  if (!isJsonObject(answer)) return undefined;
  const next = answer['NextToken'];
  const targets = answer['ScalableTargets'];
  if (typeof next !== 'string' || next === '' || !Array.isArray(targets)) return undefined;
  const given = isJsonObject(params) ? params['NextToken'] : undefined;
  // moto starts a page one past the token it is given: the first target of this page is there.
  const start = typeof given === 'string' && given !== '' ? Number(given) + 1 : 0;
  if (!Number.isInteger(start)) return undefined;
  return { ...answer, NextToken: String(start + targets.length - 1) };
}
