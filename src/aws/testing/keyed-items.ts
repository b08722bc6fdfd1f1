/**
 * A fake API's store of items by their key (an alarm's name, a target's resource id), recording each
 * call the fake answers from it: what a listing and a by-key describe answer, what a write replaces
 * or deletes. Test-only.
 */

/** Items by key, seeded from `items`, and the calls made to them (`calls`, in order). */
export class KeyedItems<T> {
  /** Each call's record, e.g. `list`, `describe a,b`, `put a`. */
  readonly calls: string[] = [];
  private readonly byKey = new Map<string, T>();

  constructor(
    private readonly keyOf: (item: T) => string | undefined,
    items: readonly T[] = [],
  ) {
    for (const item of items) this.byKey.set(this.keyOf(item) ?? '', item);
  }

  /** Records `call`; every item, in the order first stored. */
  list(call: string): T[] {
    this.calls.push(call);
    return [...this.byKey.values()];
  }

  /** Records `describe <keys>`; the items of `keys` that exist, in their order. */
  describe(keys: readonly string[]): T[] {
    this.calls.push(`describe ${keys.join(',')}`);
    return keys.flatMap((key) => {
      const item = this.byKey.get(key);
      return item === undefined ? [] : [item];
    });
  }

  /** Records `call`; stores `item`, replacing the one of its key. */
  put(call: string, item: T): void {
    this.calls.push(call);
    this.byKey.set(this.keyOf(item) ?? '', item);
  }

  /** Records `call`; deletes the items of `keys`. */
  delete(call: string, keys: readonly string[]): void {
    this.calls.push(call);
    for (const key of keys) this.byKey.delete(key);
  }
}
