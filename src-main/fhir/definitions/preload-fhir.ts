import { preloadFhirDefinitions } from './r4-definitions';
import { preloadBindingValueSets } from '../terminology/binding-value-sets';

/**
 * What the first FHIR request would otherwise wait for, loaded in the background from engine start: the
 * R4 definitions, then the value sets the required-binding check expands — parsed on a worker thread and
 * taken in a piece per event-loop turn. Answers false when `signal` aborted first; whatever is left
 * loads on first use.
 */
export async function preloadFhir(signal: AbortSignal): Promise<boolean> {
  await preloadFhirDefinitions(signal);
  if (signal.aborted) return false;
  await preloadBindingValueSets(signal);
  return !signal.aborted;
}
