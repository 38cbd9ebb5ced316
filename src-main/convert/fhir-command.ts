import { AppError } from '../core/errors';
import { decodeHl7, Hl7ParseError } from '../hl7';
import { describeParseError, type CliResult } from '../hl7/cli-commands';
import type { Converter } from './converter';
import { createConvertService } from './convert-service';
import { stringifyFhirJson } from '../fhir/fhir-json-text';

export const FHIR_USAGE = 'usage: npm run hl7 -- fhir FILE   the FHIR transaction Bundle the message maps to (unmapped data and rule errors on stderr)';

/**
 * `npm run hl7 -- fhir FILE`: prints the Bundle processing would commit for one message, and on stderr
 * the profile that ran, what it left unmapped and the rule errors. Behind an injected file reader and
 * converter, so it is tested without processes. It lives outside hl7/ because the codec does not know the mapping.
 */
export function runFhirCommand(argv: readonly string[], readFile: (path: string) => Uint8Array, convert: Converter): CliResult {
  const [file, ...rest] = argv;
  if (file === undefined || file.startsWith('--') || rest.length > 0) return { stdout: [], stderr: [FHIR_USAGE], exitCode: 2 };
  let bytes: Uint8Array;
  try {
    bytes = readFile(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { stdout: [], stderr: [`error: cannot read ${file} (${reason})`], exitCode: 1 };
  }
  try {
    const conversion = createConvertService(convert).hl7ToFhir(decodeHl7(bytes).text);
    const stderr = [
      `profile: ${conversion.profile.name} v${conversion.profile.version}`,
      ...conversion.unmapped.map((u) => `unmapped: ${u.path} ×${u.count}`),
      ...conversion.errors.map((e) => `rule error: ${e.ruleId} (${e.source} → ${e.target}) ${e.code}: ${e.message}`),
    ];
    return { stdout: [stringifyFhirJson(conversion.bundle, 2)], stderr, exitCode: 0 };
  } catch (error) {
    const cause = error instanceof AppError ? error.cause : undefined;
    if (cause instanceof Hl7ParseError) return { stdout: [], stderr: [`error: ${file}: ${describeParseError(cause)}`], exitCode: 1 };
    if (error instanceof AppError) return { stdout: [], stderr: [`error: ${file}: ${error.code}: ${error.message}`], exitCode: 1 };
    throw error;
  }
}
