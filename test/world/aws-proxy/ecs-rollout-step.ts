/**
 * What a service's rollout model (`ecs-service-rollout.ts`) takes from its simulator for one step
 * (the time, the dice, the scripts), how it starts, and the small readers it shares.
 */
import type { DeploymentFailure } from './ecs-deployment.js';
import type { HookInvocation, HookStatus } from './ecs-lifecycle-hooks.js';
import type { JsonObject, JsonValue } from './json.js';

/** What a model needs from its simulator for one step: the time and the dice. */
export interface RolloutStep {
  /** The clock's reading, in milliseconds. */
  readonly now: number;
  readonly rolloutMs: number;
  readonly drainMs: number;
  /** True while a hold keeps this service's rollouts from finishing. */
  readonly held: boolean;
  /** A fresh `ecs-svc/<digits>` id. */
  nextDeploymentId(): string;
  /** Takes the failure armed for this service's next new deployment, if any. */
  takeFailure(): DeploymentFailure | undefined;
  /** A fresh service event id. */
  nextEventId(): string;
  /** Invokes a lifecycle hook (the simulator records it and answers as scripted). */
  invokeHook(call: Omit<HookInvocation, 'invokedAt' | 'hookStatus'> & { readonly at: number }): HookStatus;
}

// Service deployments the model remembers per service (enough for any test; ECS keeps more).
export const MAX_HISTORY = 50;

export function numberOr(value: JsonValue | undefined, fallback: number): number {
  return typeof value === 'number' ? value : fallback;
}

export function stringOr(value: JsonValue | undefined, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}

export function firstDeployment(service: JsonObject): JsonValue | undefined {
  return Array.isArray(service.deployments) ? service.deployments[0] : undefined;
}

/** How a model starts: from a CreateService answer, or adopted as stable from any answer. */
export interface ServiceRolloutInit {
  readonly service: JsonObject;
  /** The resolved task definition ARN of the first deployment. */
  readonly taskDefinition: string;
  /** The CreateService request, whose deployment fields moto may not echo. */
  readonly request?: JsonObject;
  /** True: adopted as stable (PRIMARY COMPLETED); false: a fresh rollout (IN_PROGRESS). */
  readonly stable: boolean;
}
