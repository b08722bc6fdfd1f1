/**
 * A simulated service's events, as DescribeServices reports them (newest first, the latest 100 kept),
 * with the messages ECS writes when a deployment completes, fails or rolls back.
 */
import type { JsonObject } from './json.js';

// ECS keeps the latest 100 service events.
const MAX_EVENTS = 100;

interface ServiceEvent {
  readonly id: string;
  readonly at: number;
  readonly message: string;
}

/** The events of one service. */
export class ServiceEvents {
  readonly #serviceName: string;
  #events: ServiceEvent[] = [];

  constructor(serviceName: string) {
    this.#serviceName = serviceName;
  }

  #add(id: string, at: number, message: string): void {
    this.#events.unshift({ id, at, message });
    this.#events.length = Math.min(this.#events.length, MAX_EVENTS);
  }

  /** A deployment completed and the service is steady; `nextId` makes event ids. */
  completed(deploymentId: string, at: number, nextId: () => string): void {
    this.#add(
      nextId(),
      at,
      `(service ${this.#serviceName}) (deployment ${deploymentId}) deployment completed.`,
    );
    this.#add(nextId(), at, `(service ${this.#serviceName}) has reached a steady state.`);
  }

  /** A deployment failed, with the reason it carries. */
  failed(deploymentId: string, reason: string, at: number, nextId: () => string): void {
    this.#add(
      nextId(),
      at,
      `(service ${this.#serviceName}) (deployment ${deploymentId}) deployment failed: ${reason}`,
    );
  }

  /** ECS rolls back to the deployment that last completed. */
  rollingBack(stableId: string, at: number, nextId: () => string): void {
    this.#add(nextId(), at, `(service ${this.#serviceName}) rolling back to deployment ${stableId}.`);
  }

  /** The events as DescribeServices shows them; `epoch` turns clock ms into seconds. */
  render(epoch: (t: number) => number): JsonObject[] {
    return this.#events.map((e) => ({ id: e.id, createdAt: epoch(e.at), message: e.message }));
  }
}
