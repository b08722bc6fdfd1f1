import { describe, expect, it } from 'vitest';
import { chunks, readAllPages, readInChunks, readPagesUpTo, type Page } from './pages.js';

/** A reader over fixed pages keyed by the token that asks for them ('' asks for the first). */
function reader(pages: Record<string, Page<number>>) {
  const asked: (string | undefined)[] = [];
  const read = (token: string | undefined): Promise<Page<number>> => {
    asked.push(token);
    const page = pages[token ?? ''];
    if (page === undefined) throw new Error(`no page for ${String(token)}`);
    return Promise.resolve(page);
  };
  return { read, asked };
}

describe('readAllPages', () => {
  it('follows the tokens to the end; an empty token ends the listing as no token does', async () => {
    const { read, asked } = reader({
      '': { items: [1, 2], next: 'a' },
      a: { items: [3], next: 'b' },
      b: { items: [4], next: '' },
    });
    expect(await readAllPages(read)).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 'a', 'b']);
  });
});

describe('readPagesUpTo', () => {
  it('is complete when the last page came within the budget', async () => {
    const { read } = reader({ '': { items: [1], next: 'a' }, a: { items: [2], next: undefined } });
    expect(await readPagesUpTo(2, read)).toEqual({ items: [1, 2], complete: true });
  });

  it('stops at the budget, incomplete, without asking for the next page', async () => {
    const { read, asked } = reader({ '': { items: [1], next: 'a' }, a: { items: [2], next: 'b' } });
    expect(await readPagesUpTo(2, read)).toEqual({ items: [1, 2], complete: false });
    expect(asked).toEqual([undefined, 'a']);
  });

  it('does not trust a listing whose token comes back (a circle)', async () => {
    const { read, asked } = reader({ '': { items: [1], next: 'a' }, a: { items: [2], next: 'a' } });
    expect(await readPagesUpTo(10, read)).toEqual({ items: [1, 2], complete: false });
    expect(asked).toEqual([undefined, 'a']);
  });
});

describe('chunks', () => {
  it('splits into runs of at most the size, none empty', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 2)).toEqual([]);
  });
});

describe('readInChunks', () => {
  it('reads each run in turn and concatenates the answers in order; nothing for none', async () => {
    const asked: number[][] = [];
    const read = (chunk: number[]) => {
      asked.push(chunk);
      return Promise.resolve(chunk.map((n) => n * 10));
    };
    expect(await readInChunks([1, 2, 3], 2, read)).toEqual([10, 20, 30]);
    expect(asked).toEqual([[1, 2], [3]]);
    expect(await readInChunks([], 2, read)).toEqual([]);
    expect(asked).toHaveLength(2);
  });
});
