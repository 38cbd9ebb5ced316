import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fhirFailure } from '../outcome';

export interface ImportInput {
  type: string | null;
  /** As the request gave it: an http(s) URL, a file:// URL or a path. */
  url: string;
}

type ParametersBody = {
  resourceType?: string;
  parameter?: { name?: string; valueCode?: string; valueString?: string; part?: { name?: string; valueCode?: string; valueString?: string; valueUri?: string; valueUrl?: string }[] }[];
};

const NDJSON_FORMATS = new Set(['application/fhir+ndjson', 'application/ndjson', 'ndjson']);

/** The `input` parts of a $import Parameters body: each a resource type and a url. */
export function importInputs(body: unknown): ImportInput[] {
  const parameters = body as ParametersBody | undefined;
  if (parameters?.resourceType !== 'Parameters') throw fhirFailure('validation', 'invalid', '$import needs a Parameters body or an application/fhir+ndjson body with ?_type=');
  const format = parameters.parameter?.find((p) => p.name === 'inputFormat');
  const formatValue = format?.valueCode ?? format?.valueString;
  if (formatValue !== undefined && !NDJSON_FORMATS.has(formatValue)) throw fhirFailure('validation', 'not-supported', 'Only application/fhir+ndjson input is supported', ['Parameters.parameter']);
  const inputs = (parameters.parameter ?? []).filter((p) => p.name === 'input');
  if (inputs.length === 0) throw fhirFailure('validation', 'required', '$import needs at least one input parameter', ['Parameters.parameter']);
  return inputs.map((input) => {
    const value = (name: string) => {
      const part = input.part?.find((p) => p.name === name);
      return part?.valueUri ?? part?.valueUrl ?? part?.valueCode ?? part?.valueString;
    };
    const url = value('url');
    if (!url) throw fhirFailure('validation', 'required', 'Each input needs a url part', ['Parameters.parameter.part']);
    return { type: value('type') ?? null, url };
  });
}

export const isHttpUrl = (url: string): boolean => /^https?:\/\//i.test(url);

/**
 * The file a local input names: a path relative to the imports folder, or an absolute path or file:// URL inside it.
 * Confined to that folder because the API may be reachable from the LAN, and any other file the engine can read
 * (its database, its key file) must not become importable.
 */
export function localInputPath(importsDir: string, url: string): string {
  let path: string;
  try {
    path = /^file:/i.test(url) ? fileURLToPath(url) : resolve(importsDir, url);
  } catch {
    throw fhirFailure('validation', 'invalid', `${url} is not a usable file URL`);
  }
  const inside = relative(importsDir, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) throw fhirFailure('validation', 'forbidden', 'Local inputs must be files under the imports folder of the data dir');
  return path;
}

/** Checks every input can be attempted at all; unreadable ones are reported per input while the job runs. */
export function checkInputs(importsDir: string, inputs: ImportInput[]): void {
  for (const input of inputs) {
    if (isHttpUrl(input.url)) continue;
    if (/^[a-z][a-z0-9+.-]+:\/\//i.test(input.url) && !/^file:/i.test(input.url)) throw fhirFailure('validation', 'not-supported', `${input.url}: inputs are http(s) URLs, file:// URLs or paths`);
    localInputPath(importsDir, input.url);
  }
}
