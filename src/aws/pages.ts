/**
 * Paging through an AWS list or describe call, one way for every client: a page reader asks for the
 * page after `token` and answers its items and the next token; AWS ends a listing with no token or,
 * in some services and emulators, an empty one, and both count as the end here.
 */

/** One page of a paged AWS answer. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The token of the next page; `undefined` or `''` when this page was the last. */
  readonly next: string | undefined;
}

/** Reads the page after `token` (`undefined`: the first page). One AWS call. */
export type PageReader<T> = (token: string | undefined) => Promise<Page<T>>;

/** Every item of every page, in order, reading page after page until one names no next page. */
export async function readAllPages<T>(read: PageReader<T>): Promise<T[]> {
  const items: T[] = [];
  let token: string | undefined;
  do {
    const page = await read(token);
    items.push(...page.items);
    token = nextToken(page);
  } while (token !== undefined);
  return items;
}

/**
 * The items of at most `maxPages` pages; `complete` says whether that was all of them. A token seen
 * before would page in a circle (moto 5.x answers a page's token again past 100 scalable targets),
 * so the listing stops there untrusted (`complete: false`) and the caller falls back to its
 * narrower reads.
 */
export async function readPagesUpTo<T>(
  maxPages: number,
  read: PageReader<T>,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 0; ; pages++) {
    if (pages >= maxPages) return { items, complete: false };
    const page = await read(token);
    items.push(...page.items);
    const next = nextToken(page);
    if (next === undefined) return { items, complete: true };
    if (seen.has(next)) return { items, complete: false };
    seen.add(next);
    token = next;
  }
}

/** The `NextToken` request field for the page after `token`; nothing for the first page. */
export function nextTokenField(token: string | undefined): { NextToken?: string } {
  return token === undefined ? {} : { NextToken: token };
}

/** `NamePrefix` for a listing narrowed by name prefix, nothing when there is none. */
export function prefixField(prefix: string | undefined): { NamePrefix?: string } {
  return prefix === undefined ? {} : { NamePrefix: prefix };
}

/** Splits `all` into runs of at most `size`, for APIs that take a bounded list of names or ids. */
export function chunks<T>(all: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < all.length; i += size) out.push(all.slice(i, i + size));
  return out;
}

/**
 * `read` of each run of at most `size` of `all`, one call after the other, the answers concatenated
 * in order; none when `all` is empty.
 */
export async function readInChunks<T, R>(
  all: readonly T[],
  size: number,
  read: (chunk: T[]) => Promise<readonly R[]>,
): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(all, size)) out.push(...(await read(chunk)));
  return out;
}

function nextToken(page: Page<unknown>): string | undefined {
  return page.next === undefined || page.next === '' ? undefined : page.next;
}
