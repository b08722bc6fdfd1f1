/**
 * The skeleton every kind's reconciler shares: what it is built from besides its own ports (the
 * writer of its own objects, the Event recorder, the installation's id, the clock, the write
 * guards), and the start of each visit (the freshest copy of the object, sent to the kind's
 * `reconcileDeletion` or `reconcileLiving` by its deletion state and our finalizer:
 * `../kind-objects.ts`). A kind writes only its own steps (docs/adding-a-kind.md).
 */
import type { ReconcileContext, ReconcileResult, Reconciler } from '../controller/reconciler.js';
import type { EventRecorder } from '../k8s/event-recorder.js';
import type { KubeObject } from '../k8s/object.js';
import { KindObjects } from './kind-objects.js';
import type { KindWriter } from './recording-writer.js';
import type { WriteGuard } from './write-guard.js';

/** The options every kind's reconciler takes; `Writer` is the kind's writer when it writes more. */
export interface KindReconcilerOptions<
  Obj extends KubeObject,
  Action,
  Writer extends KindWriter<Obj> = KindWriter<Obj>,
> {
  /** Status and finalizer writes to the kind's own objects: the k8s edge's `ObjectWriter`, narrowed. */
  readonly writer: Writer;
  /** The k8s edge's Event recorder. */
  readonly events: EventRecorder;
  /**
   * This installation's id, tagged on what it creates in AWS, so two installations sharing an
   * account never touch each other's resources. Keep it stable across restarts and upgrades.
   */
  readonly instanceId: string;
  /** The clock for condition timestamps and deadlines. Default `() => new Date()`. */
  readonly now?: () => Date;
  /**
   * Policies asked, between plan and apply, whether the plan may be written (write-guard.ts).
   * Default none: every plan is applied.
   */
  readonly writeGuards?: readonly WriteGuard<Obj, Action>[];
}

/**
 * A kind's reconciler: the shared start of a visit, then the kind's two steps. Safe to call again
 * at any point when each step is idempotent.
 */
export abstract class KindReconciler<
  Obj extends KubeObject,
  Options extends KindReconcilerOptions<Obj, never, KindWriter<Obj>>,
> implements Reconciler<Obj> {
  protected readonly options: Options;
  /** The clock for condition timestamps: the options' or the wall clock. */
  protected readonly now: () => Date;
  /** The kind's objects: its recorded writes and the copy each visit works from. */
  protected readonly objects: KindObjects<Obj>;
  /** Status and finalizer writes; every write is recorded in {@link objects}. */
  protected readonly writer: KindWriter<Obj>;

  constructor(options: Options) {
    this.options = options;
    this.now = options.now ?? (() => new Date());
    this.objects = new KindObjects(options.writer);
    this.writer = this.objects.writer;
  }

  /** One visit: nothing for a released object, else {@link reconcileDeletion} or {@link reconcileLiving}. */
  reconcile(ctx: ReconcileContext, received: Obj): Promise<ReconcileResult> {
    return this.objects.route(received, {
      finalize: (obj) => this.reconcileDeletion(ctx, obj),
      converge: (obj) => this.reconcileLiving(ctx, obj),
    });
  }

  /** The cache took in a copy of an object: our remembered write of it may go (kind-objects.ts). */
  cached(obj: Obj): void {
    this.objects.cached(obj);
  }

  /**
   * Asked by a deletion visit right before its first AWS write: true when the object, read live,
   * still carries our finalizer (kind-objects.ts says why the cached copy is not enough). When it
   * does not, the visit makes no AWS write and ends; what it leaves in AWS is an orphan, reported
   * by the orphan scan.
   */
  protected async stillFinalizing(ctx: ReconcileContext, obj: Obj): Promise<boolean> {
    if (await this.objects.stillFinalizing(obj, ctx.signal)) return true;
    ctx.log.info({}, 'deletion left aws as it is: our finalizer was removed during the visit');
    return false;
  }

  /** The object is being deleted and carries our finalizer: clean up, then remove the finalizer. */
  protected abstract reconcileDeletion(ctx: ReconcileContext, obj: Obj): Promise<ReconcileResult>;

  /** The object lives: converge it with AWS and write its status. */
  protected abstract reconcileLiving(ctx: ReconcileContext, obj: Obj): Promise<ReconcileResult>;
}
