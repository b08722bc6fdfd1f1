/**
 * Create at most once per spec (ADR 0011). DescribeServices is eventually consistent: right after a
 * CreateService it may still answer MISSING, and any read may come from an older view (a live service
 * reported MISSING or INACTIVE). The planner reads one answer; this guard decides, before a
 * CreateService leaves, whether that one answer is enough:
 *
 * - no evidence that a service of this object exists (never seen, never created by this process,
 *   not an INACTIVE service carrying our owner tags): create at once, as a first create must;
 * - this process created the service recently (`recentCreateMs`) and ECS now says MISSING, or shows
 *   the INACTIVE predecessor that create replaced: the create succeeded, so ECS contradicts itself.
 *   Never create again; re-read soon, and once the contradiction has lasted `confirmAbsenceMs` it
 *   becomes a condition (`ServiceNotVisible`) while the reads go on;
 * - otherwise, with evidence (the service was seen or created by this process, or ECS shows an
 *   INACTIVE service with our owner tags): the absence is believed only once it has been read at
 *   least twice over at least `confirmAbsenceMs` with no sighting of the service between. That is
 *   how a real deletion outside ecs-bridge ends: the service is created again, once.
 *
 * The memory is this process's own writes and reads, never status: after a restart the guard knows
 * nothing, and the worst case is one create with the token the object's uid derives (idempotent in
 * ECS for the same parameters). The decision is pure ({@link judgeCreate}); {@link CreateGuard}
 * only keeps the memory per object.
 */

/** The guard's time bounds. */
export interface CreateGuardOptions {
  /** A create of ours this recent is known to have succeeded: MISSING contradicts it. */
  readonly recentCreateMs: number;
  /** How long (and over at least two reads) an absence must persist before it is believed. */
  readonly confirmAbsenceMs: number;
}

/** Defaults: ten minutes of memory of our own creates, thirty seconds to confirm an absence. */
export const DEFAULT_CREATE_GUARD: CreateGuardOptions = {
  recentCreateMs: 10 * 60_000,
  confirmAbsenceMs: 30_000,
};

/** What this process remembers about one object's service. */
export interface CreateMemory {
  /** Our last successful CreateService: its client token and when it returned (ms). */
  readonly lastCreate?: { readonly token: string; readonly at: number };
  /** When a read last showed the service ACTIVE or DRAINING (ms). */
  readonly lastSeenAt?: number;
  /** The absence being confirmed: the token a create would carry, first sighting, reads so far. */
  readonly absence?: { readonly token: string; readonly since: number; readonly reads: number };
}

/** One read in which the planner found no live service and wants to create. */
export interface AbsentRead {
  /** What ECS answered: no such service, or an INACTIVE one. */
  readonly answer: 'MISSING' | 'INACTIVE';
  /**
   * True when the INACTIVE service carries this object's owner and instance tags and was created
   * for this object, not for an earlier object of the same name (see {@link isCreatedForObject}).
   */
  readonly inactiveIsOurs: boolean;
  /** The client token the planned CreateService carries. */
  readonly token: string;
  /** `ECS service <name> in cluster <cluster>`, for messages. */
  readonly where: string;
  readonly now: number;
}

/** What to do with the planned create. */
export type CreateVerdict =
  /** Send it. */
  | { readonly kind: 'create' }
  /** Do not send it yet: re-read soon. */
  | { readonly kind: 'confirm'; readonly message: string }
  /** ECS contradicts a create that succeeded: never send it; say so in a condition and keep reading. */
  | { readonly kind: 'contradiction'; readonly message: string };

function seconds(ms: number): number {
  return Math.round(ms / 1000);
}

/** Judges one absent read against the memory; returns the verdict and the memory to keep. Pure. */
export function judgeCreate(
  memory: CreateMemory,
  read: AbsentRead,
  options: CreateGuardOptions = DEFAULT_CREATE_GUARD,
): { readonly verdict: CreateVerdict; readonly memory: CreateMemory } {
  const previous = memory.absence;
  const absence =
    previous !== undefined && previous.token === read.token
      ? { ...previous, reads: previous.reads + 1 }
      : { token: read.token, since: read.now, reads: 1 };
  const next: CreateMemory = { ...memory, absence };
  const lasted = read.now - absence.since;
  const answer = read.answer === 'MISSING' ? 'MISSING (not found)' : 'INACTIVE';

  const created = memory.lastCreate;
  if (created !== undefined && read.now - created.at < options.recentCreateMs) {
    // MISSING after our own create, or the predecessor our create replaced (same token): ECS
    // accepted that create, so this read is older than it. A second create could only repeat it.
    if (read.answer === 'MISSING' || read.token === created.token) {
      const at = new Date(created.at).toISOString();
      if (lasted < options.confirmAbsenceMs) {
        return {
          verdict: {
            kind: 'confirm',
            message: `ecs-bridge created ${read.where} at ${at} but ECS still describes it as ${answer}; re-reading it before doing anything else`,
          },
          memory: next,
        };
      }
      return {
        verdict: {
          kind: 'contradiction',
          message: `ecs-bridge created ${read.where} at ${at} (CreateService succeeded) but ECS has described it as ${answer} since ${new Date(absence.since).toISOString()}; ecs-bridge does not create it a second time and keeps re-reading. Check it with aws ecs describe-services; if it was deleted, nothing is needed: ecs-bridge creates it again once ECS reports it INACTIVE.`,
        },
        memory: next,
      };
    }
  }

  const evidence = created !== undefined || memory.lastSeenAt !== undefined || read.inactiveIsOurs;
  if (!evidence) return { verdict: { kind: 'create' }, memory: next };
  if (absence.reads >= 2 && lasted >= options.confirmAbsenceMs) {
    return { verdict: { kind: 'create' }, memory: next };
  }
  return {
    verdict: {
      kind: 'confirm',
      message: `ECS describes ${read.where} as ${answer}; ecs-bridge re-reads it for ${seconds(options.confirmAbsenceMs)} s before creating it again (one answer may be out of date)`,
    },
    memory: next,
  };
}

/**
 * True unless the service was created before the object existed: an INACTIVE service left by an
 * earlier object of the same name (deleted, then applied again) is no evidence about this one, and
 * the new object creates at once. Unknown times count as created for it (the safe side: confirm).
 * `creationTimestamp` has one-second resolution, hence the second of slack.
 */
export function isCreatedForObject(
  serviceCreatedAt: Date | string | undefined,
  objectCreatedAt: string | undefined,
): boolean {
  if (serviceCreatedAt === undefined || objectCreatedAt === undefined) return true;
  const service = new Date(serviceCreatedAt).getTime();
  const object = Date.parse(objectCreatedAt);
  if (Number.isNaN(service) || Number.isNaN(object)) return true;
  return service >= object - 1000;
}

/** The memory after a successful CreateService with `token` at `now`. */
export function afterCreate(memory: CreateMemory, token: string, now: number): CreateMemory {
  const { absence: _absence, ...rest } = memory;
  return { ...rest, lastCreate: { token, at: now } };
}

/** The memory after a read that showed the service ACTIVE or DRAINING at `now`. */
export function afterSighting(memory: CreateMemory, now: number): CreateMemory {
  const { absence: _absence, ...rest } = memory;
  return { ...rest, lastSeenAt: now };
}

/** Keeps a {@link CreateMemory} per object (by uid); forget an object once it is deleted. */
export class CreateGuard {
  private readonly memories = new Map<string, CreateMemory>();

  constructor(private readonly options: CreateGuardOptions = DEFAULT_CREATE_GUARD) {}

  /** Judges an absent read for object `key`; see {@link judgeCreate}. */
  judge(key: string, read: AbsentRead): CreateVerdict {
    const { verdict, memory } = judgeCreate(this.memories.get(key) ?? {}, read, this.options);
    this.memories.set(key, memory);
    return verdict;
  }

  /** Records a successful create. */
  created(key: string, token: string, now: number): void {
    this.memories.set(key, afterCreate(this.memories.get(key) ?? {}, token, now));
  }

  /** Records a read that showed the service. */
  seen(key: string, now: number): void {
    this.memories.set(key, afterSighting(this.memories.get(key) ?? {}, now));
  }

  /** Forgets an object (deleted). */
  forget(key: string): void {
    this.memories.delete(key);
  }
}
