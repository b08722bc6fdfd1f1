/**
 * An `AwsCallObserver` that keeps every finished call as `[service, operation, outcome]`, in call
 * order, so a unit test can assert which AWS calls a client made and how each ended. Test-only.
 */
import type { AwsCallObserver, AwsCallOutcome } from '../call-observer.js';

/** One observed call: service, AWS action name, outcome. */
export type ObservedCall = [string, string, AwsCallOutcome];

/** A fresh observer and the list it appends each observed call to. */
export function recordingCallObserver(): { observer: AwsCallObserver; observed: ObservedCall[] } {
  const observed: ObservedCall[] = [];
  return {
    observed,
    observer: {
      observeCall: (service, operation, outcome) => void observed.push([service, operation, outcome]),
    },
  };
}
