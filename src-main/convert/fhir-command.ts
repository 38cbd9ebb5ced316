import { AppError } from '../core/errors';
import { Hl7ParseError } from '../hl7';
import { describeParseError, messageLabel, readMessageFile, type CliResult, type MessageFile } from '../hl7/cli-commands';
import type { Converter } from './converter';
import { createConvertService } from './convert-service';
import { stringifyFhirJson } from '../fhir/fhir-json-text';

export const FHIR_USAGE = `usage: npm run hl7 -- fhir FILE [--ndjson]
  the FHIR transaction Bundle each message of FILE maps to (one message, several back to back, or a batch).
  One message: its Bundle as indented JSON. Several, or --ndjson: one Bundle per line (NDJSON), in file
  order; a message that fails prints no line. On stderr: the profile, unmapped data and rule errors of each
  message, and each failed message as "message N of M: CODE: text"; the exit code is 1 if any failed.`;

/** A failure of one message as "CODE: text" (a parse error with its position in the message). */
function describeFailure(error: unknown): string {
  const cause = error instanceof AppError ? error.cause : undefined;
  if (cause instanceof Hl7ParseError) return describeParseError(cause);
  if (error instanceof AppError) return `${error.code}: ${error.message}`;
  throw error;
}

/**
 * `npm run hl7 -- fhir FILE`: prints the Bundle processing would commit for each message of the file,
 * and on stderr the profile that ran, what it left unmapped and the rule errors. A message that fails
 * does not stop the others. Behind an injected file reader and converter, so it is tested without
 * processes. It lives outside hl7/ because the codec does not know the mapping.
 */
export function runFhirCommand(argv: readonly string[], readFile: (path: string) => Uint8Array, convert: Converter): CliResult {
  const ndjson = argv.includes('--ndjson');
  const [file, ...rest] = argv.filter((a) => a !== '--ndjson');
  if (file === undefined || file.startsWith('--') || rest.length > 0) return { stdout: [], stderr: [FHIR_USAGE], exitCode: 2 };
  let bytes: Uint8Array;
  try {
    bytes = readFile(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { stdout: [], stderr: [`error: cannot read ${file} (${reason})`], exitCode: 1 };
  }
  let messages: MessageFile;
  try {
    messages = readMessageFile(bytes);
  } catch (error) {
    if (!(error instanceof Hl7ParseError)) throw error;
    return { stdout: [], stderr: [`error: ${file}: ${describeParseError(error)}`], exitCode: 1 };
  }
  const service = createConvertService(convert);
  const count = messages.texts.length;
  const stdout: string[] = [];
  const stderr = messages.warnings.map((w) => `warning: ${file}: ${w}`);
  let failed = 0;
  messages.texts.forEach((text, i) => {
    const label = messageLabel(i, count);
    try {
      const conversion = service.hl7ToFhir(text);
      stderr.push(
        `${label}profile: ${conversion.profile.name} v${conversion.profile.version}`,
        ...conversion.unmapped.map((u) => `${label}unmapped: ${u.path} ×${u.count}`),
        ...conversion.errors.map((e) => `${label}rule error: ${e.ruleId} (${e.source} → ${e.target}) ${e.code}: ${e.message}`),
      );
      stdout.push(stringifyFhirJson(conversion.bundle, ndjson || count > 1 ? 0 : 2));
    } catch (error) {
      failed++;
      stderr.push(`error: ${file}: ${label}${describeFailure(error)}`);
    }
  });
  if (count > 1 && failed > 0) stderr.push(`error: ${file}: ${failed} of ${count} messages failed to convert`);
  return { stdout, stderr, exitCode: failed > 0 ? 1 : 0 };
}
