import { setImmediate as nextTurn } from 'node:timers/promises';
import { preloadFhirDefinitions } from './definitions';
import { bindingValueSets } from './terminology/binding-value-sets';

/**
 * What the first FHIR request would otherwise wait for, loaded in the background from engine start: the
 * R4 definitions (a step per event-loop turn), then the value sets the required-binding check expands.
 * Stops between steps once `signal` is aborted (answering false); whatever is left loads on first use.
 */
export async function preloadFhir(signal: AbortSignal): Promise<boolean> {
  await preloadFhirDefinitions(signal);
  await nextTurn();
  if (signal.aborted) return false;
  bindingValueSets();
  return true;
}
