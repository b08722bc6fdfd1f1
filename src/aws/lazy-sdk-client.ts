/**
 * An SDK client built on its first call: the module is imported then, not when the process starts.
 * The EventBridge, Scheduler and S3 clients are big and only EcsTaskTrigger uses them, so an
 * operator that manages no trigger never loads them (memory per pod matters: ADR 0025).
 */

/** A client of type `C`, imported and built once on first use. */
export interface LazySdkClient<C> {
  /** The client, built on the first call (concurrent first calls share one build). */
  get(): Promise<C>;
  /** Closes the client's connections if it was ever built. */
  destroy(): void;
}

/** Wraps `build` (which imports the SDK module and constructs the client) so it runs at most once. */
export function lazySdkClient<C extends { destroy(): void }>(build: () => Promise<C>): LazySdkClient<C> {
  let building: Promise<C> | undefined;
  let built: C | undefined;
  return {
    get() {
      building ??= build().then(
        (client) => {
          built = client;
          return client;
        },
        (error: unknown) => {
          // A failed import may succeed next time (it does not, in practice, but do not cache it).
          building = undefined;
          throw error;
        },
      );
      return building;
    },
    destroy() {
      built?.destroy();
    },
  };
}
