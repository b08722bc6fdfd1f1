/**
 * The one in-memory stand-in for the k8s edge's {@link EventRecorder}, shared by every kind's unit
 * tests: it keeps each Event recorded, in order. Test-only.
 */
import type { EventRecorder, EventType, InvolvedObject } from '../event-recorder.js';

/** One recorded Event. */
export interface FakeKubeEvent {
  readonly type: EventType;
  readonly reason: string;
  readonly message: string;
}

/** Records Events in memory. */
export class FakeEventRecorder implements EventRecorder {
  readonly events: FakeKubeEvent[] = [];

  record(_object: InvolvedObject, type: EventType, reason: string, message: string): void {
    this.events.push({ type, reason, message });
  }

  /** The reasons recorded, in order. */
  reasons(): string[] {
    return this.events.map((e) => e.reason);
  }
}
