/**
 * The call log of {@link FakeEcs}: every `EcsApi` call recorded with a copy of its input, queued
 * failures, and the counts tests assert on. A base class, so the fake's handles stay on the fake.
 *
 * Test-only: `testing/` folders are left out of the build (`tsconfig.build.json`).
 */

/** The `EcsApi` methods the fake plays, in the interface's order. */
export const FAKE_ECS_OPERATIONS = [
  'registerTaskDefinition',
  'describeTaskDefinition',
  'listTaskDefinitions',
  'deregisterTaskDefinition',
  'deleteTaskDefinitions',
  'describeServices',
  'createService',
  'updateService',
  'deleteService',
  'tagResource',
  'untagResource',
] as const;

/** The operations the fake plays: the `EcsApi` methods it implements. */
export type FakeEcsOperation = (typeof FAKE_ECS_OPERATIONS)[number];

/** One recorded call: the operation and a copy of its input. */
export interface FakeEcsCall {
  readonly op: FakeEcsOperation;
  readonly input: unknown;
}

const WRITE_OPS: ReadonlySet<FakeEcsOperation> = new Set<FakeEcsOperation>([
  'registerTaskDefinition',
  'deregisterTaskDefinition',
  'deleteTaskDefinitions',
  'createService',
  'updateService',
  'deleteService',
  'tagResource',
  'untagResource',
]);

/** Records calls, fails the ones a test queued, and answers what was called how often. */
export class FakeEcsCallLog {
  /** Every call so far, in order. */
  readonly calls: FakeEcsCall[] = [];
  readonly #failures: { op: FakeEcsOperation; error: Error; landed: boolean }[] = [];

  /** Makes the next call of `op` throw `error` (queued: several calls fail in order). */
  failNext(op: FakeEcsOperation, error: Error): void {
    this.#failures.push({ op, error, landed: false });
  }

  /**
   * Makes the next call of `op` take effect and then throw `error`: an answer lost on the way back
   * (a timeout or a dropped connection after ECS acted), which the caller cannot tell from a failure.
   */
  loseAnswerOfNext(op: FakeEcsOperation, error: Error): void {
    this.#failures.push({ op, error, landed: true });
  }

  /** The calls of one operation. */
  callsOf(op: FakeEcsOperation): FakeEcsCall[] {
    return this.calls.filter((c) => c.op === op);
  }

  /** How many calls of `op` were made. */
  count(op: FakeEcsOperation): number {
    return this.callsOf(op).length;
  }

  /** Calls per operation (every operation, zero where none was made). */
  counts(): Record<FakeEcsOperation, number> {
    const counts = Object.fromEntries(FAKE_ECS_OPERATIONS.map((op) => [op, 0])) as Record<
      FakeEcsOperation,
      number
    >;
    for (const c of this.calls) counts[c.op] += 1;
    return counts;
  }

  /** The writes recorded so far (registers, deregisters, deletes, creates, updates, tags). */
  writes(): FakeEcsCall[] {
    return this.calls.filter((c) => WRITE_OPS.has(c.op));
  }

  /** The total number of calls made, all operations together. */
  totalCalls(): number {
    return this.calls.length;
  }

  /** Forgets the calls made so far (state is kept). */
  resetCalls(): void {
    this.calls.length = 0;
  }

  /** Records the call, answers asynchronously as a network call would, then fails or runs it. */
  protected async call<T>(op: FakeEcsOperation, input: unknown, fn: () => T): Promise<T> {
    this.calls.push({ op, input: structuredClone(input) });
    await Promise.resolve();
    const index = this.#failures.findIndex((f) => f.op === op);
    if (index >= 0) {
      const [failure] = this.#failures.splice(index, 1);
      if (failure?.landed === true) fn();
      if (failure !== undefined) throw failure.error;
    }
    return fn();
  }
}
