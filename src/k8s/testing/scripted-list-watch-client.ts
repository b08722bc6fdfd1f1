/**
 * Test support for the list-watch unit tests: a {@link ListWatchClient} whose lists answer what a
 * test queued and whose watches a test drives event by event. Production code never imports this
 * folder.
 */
import type {
  ListPage,
  ListRequest,
  ListWatchClient,
  RawWatchEvent,
  WatchRequest,
} from '../list-watch-client.js';

/** One watch the scripted client opened: what was asked, and the hands that drive it. */
export interface ScriptedWatch {
  readonly request: WatchRequest;
  readonly send: (event: RawWatchEvent) => void;
  readonly done: (err: unknown) => void;
  stopped: boolean;
}

/**
 * A scripted API server: tests queue list answers and drive each watch by hand. Once the queued
 * answers are used up, `answer` (when given) answers every further list; without it such a list fails.
 */
export class ScriptedListWatchClient implements ListWatchClient {
  readonly lists: ListRequest[] = [];
  readonly watches: ScriptedWatch[] = [];
  /** Answers for the next list calls, in order; a function may throw. */
  readonly listAnswers: (ListPage | ((r: ListRequest) => ListPage))[] = [];
  /** When set, watch() never resolves (a connection stuck before its headers). */
  hangWatchOpen = false;
  private pendingOpen: (() => void)[] = [];

  constructor(private readonly answer?: (request: ListRequest) => ListPage) {}

  list(request: ListRequest): Promise<ListPage> {
    this.lists.push(request);
    const answer = this.listAnswers.shift() ?? this.answer;
    if (answer === undefined) return Promise.reject(new Error('no scripted list answer'));
    try {
      return Promise.resolve(typeof answer === 'function' ? answer(request) : answer);
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  watch(
    request: WatchRequest,
    onEvent: (event: RawWatchEvent) => void,
    onDone: (err: unknown) => void,
  ): Promise<{ stop(): void }> {
    const w: ScriptedWatch = {
      request,
      stopped: false,
      send: (event) => {
        if (!w.stopped) onEvent(event);
      },
      done: onDone,
    };
    this.watches.push(w);
    const handle = {
      stop: () => {
        w.stopped = true;
        // client-node reports its own abort as an error.
        onDone(Object.assign(new Error('The user aborted a request.'), { type: 'aborted' }));
      },
    };
    if (this.hangWatchOpen) {
      return new Promise((resolve) => this.pendingOpen.push(() => resolve(handle)));
    }
    return Promise.resolve(handle);
  }

  /** Lets every watch held open by `hangWatchOpen` resolve. */
  openPending(): void {
    for (const open of this.pendingOpen.splice(0)) open();
  }

  /** The watch opened last; throws when none was. */
  lastWatch(): ScriptedWatch {
    const w = this.watches.at(-1);
    if (w === undefined) throw new Error('no watch yet');
    return w;
  }
}
