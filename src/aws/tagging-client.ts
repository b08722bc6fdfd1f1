/**
 * The Resource Groups Tagging API's GetResources, for one use: reading the tags of many task
 * definition revisions in a few calls instead of one DescribeTaskDefinition each (ADR 0051).
 * https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/API_GetResources.html
 *
 * - Pages hold at most 100 resources (`ResourcesPerPage`, 1 to 100) and at most `TagsPerPage` tags
 *   (100 to 500; a resource's tags are never split across pages); `PaginationToken` asks for the
 *   next one and is valid for 15 minutes. We send the largest tag budget, 500: our revisions carry
 *   about five tags, so a page is cut by its 100 resources and not by its tags (at 100 tags a page
 *   would hold about 20 of them and a restart would pay five times the pages). Only resources that carry, or once carried, tags are
 *   answered, so a revision absent from an answer says nothing about it.
 * - The answer names each resource by ARN with its tags; nothing else (no status, no registration
 *   time, no content).
 * - IAM action `tag:GetResources`; throttled as `ThrottledException`, under an account-wide quota
 *   shared with every other caller, hence our own small bucket.
 *
 * The SDK client is imported and built on the first call (`lazy-sdk-client.ts`): only a process
 * that meets revisions missing from its revision cache (a restart) ever calls it.
 */
import type * as TaggingSdk from '@aws-sdk/client-resource-groups-tagging-api';
import type { AwsCallOptions } from './call-runner.js';
import type { CategoryLimit } from './ecs-categories.js';
import { lazySdkEdge, type LazySdkApi, type LazySdkApiOptions } from './lazy-sdk-edge.js';
import { readPagesUpTo } from './pages.js';

/** The throttling category of the tagging API, as the rate limiter knows it. */
export type TaggingCategory = 'tagging:read';

/**
 * Our own limit: the tagging API's quota is account-wide and shared with every other caller; the
 * operator reads a page of 100 revisions per call and only when it meets revisions it does not
 * know (a restart), so a small bucket is plenty.
 */
export const TAGGING_CATEGORY_LIMITS: Readonly<Record<TaggingCategory, CategoryLimit>> = {
  'tagging:read': { burst: 5, sustained: 2 },
};

/** The most resources one GetResources page may hold. */
export const RESOURCES_PER_PAGE = 100;

/** The most tags one GetResources page may hold (the API's maximum; its minimum is 100). */
export const TAGS_PER_PAGE = 500;

/** One tagged resource: its ARN and its tags (ECS's `key`/`value` form). */
export interface ResourceTags {
  readonly arn: string;
  readonly tags: readonly { readonly key: string; readonly value: string }[];
}

/** What the operator reads of the tagging API. */
export interface TaggingApi {
  /**
   * Every `resourceType` resource (`ecs:task-definition`) tagged `tagKey` = `tagValue`, 100 a page,
   * at most `maxPages` pages; `complete` says whether that was all of them.
   */
  listTaggedUpTo(
    query: { readonly resourceType: string; readonly tagKey: string; readonly tagValue: string },
    maxPages: number,
    options?: AwsCallOptions,
  ): Promise<{ items: ResourceTags[]; complete: boolean }>;
}

/** The real {@link TaggingApi} and a way to close its client (if it was ever built). */
export type TaggingEdge = LazySdkApi<TaggingApi>;

/** Builds the real {@link TaggingApi} for one Region and identity; the SDK is imported on first use. */
export function createTaggingApi(options: LazySdkApiOptions): TaggingEdge {
  const edge = lazySdkEdge(options, {
    service: 'tagging',
    actions: { GetResources: 'tagging:read' },
    load: (): Promise<typeof TaggingSdk> => import('@aws-sdk/client-resource-groups-tagging-api'),
    build: (m, sdkConfig) => new m.ResourceGroupsTaggingAPIClient({ ...sdkConfig }),
  });
  return {
    destroy: () => edge.destroy(),
    listTaggedUpTo: (query, maxPages, callOptions) =>
      readPagesUpTo(maxPages, async (token) => {
        const out = await edge.send(
          'GetResources',
          (m) =>
            new m.GetResourcesCommand({
              ResourceTypeFilters: [query.resourceType],
              TagFilters: [{ Key: query.tagKey, Values: [query.tagValue] }],
              ResourcesPerPage: RESOURCES_PER_PAGE,
              TagsPerPage: TAGS_PER_PAGE,
              ...(token === undefined ? {} : { PaginationToken: token }),
            }),
          callOptions,
        );
        const items = (out.ResourceTagMappingList ?? []).flatMap((mapping): ResourceTags[] =>
          mapping.ResourceARN === undefined
            ? []
            : [
                {
                  arn: mapping.ResourceARN,
                  tags: (mapping.Tags ?? []).map((t) => ({ key: t.Key ?? '', value: t.Value ?? '' })),
                },
              ],
        );
        return { items, next: out.PaginationToken };
      }),
  };
}
