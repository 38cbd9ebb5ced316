import { ackCodeFor, buildAck, buildRejectAck } from './ack';
import type { AckCode } from './ack-codes';
import { isAckCode } from './ack-codes';
import { parseBatch } from './batch';
import { decodeHl7 } from './charset';
import { Hl7ParseError } from './errors';
import { checkHeader, outcomeFor } from './header-check';
import { inspectLines, prettyJson, toJson } from './inspect-format';
import { formatHl7Timestamp } from './timestamp';

export const USAGE = `usage: npm run hl7 -- <command> FILE [options]

commands:
  inspect FILE   each segment and valued field: position, name, value
  json FILE      the parsed structure as JSON
  ack FILE       the ACK we would send (segments shown one per line)
  fhir FILE      the FHIR transaction Bundle the message maps to (src-main/convert/cli.ts)

ack options:
  --code AA|AE|AR|CA|CE|CR   answer with this code instead of the one the header checks give
  --control-id ID            MSH-10 of the ACK (default: ACK + timestamp)
  --timestamp TS             MSH-7 of the ACK (default: now, UTC)`;

export interface CliResult {
  readonly stdout: string[];
  readonly stderr: string[];
  readonly exitCode: 0 | 1 | 2;
}

interface Args {
  readonly command: 'inspect' | 'json' | 'ack';
  readonly file: string;
  readonly code: AckCode | undefined;
  readonly controlId: string | undefined;
  readonly timestamp: string | undefined;
}

function parseArgs(argv: readonly string[]): Args | undefined {
  const [command, file, ...rest] = argv;
  if ((command !== 'inspect' && command !== 'json' && command !== 'ack') || file === undefined || file.startsWith('--')) return undefined;
  const options = new Map<string, string>();
  for (let i = 0; i < rest.length; i += 2) {
    const name = rest[i]!;
    const value = rest[i + 1];
    if (command !== 'ack' || !['--code', '--control-id', '--timestamp'].includes(name) || value === undefined) return undefined;
    options.set(name, value);
  }
  const code = options.get('--code')?.toUpperCase();
  if (code !== undefined && !isAckCode(code)) return undefined;
  return { command, file, code, controlId: options.get('--control-id'), timestamp: options.get('--timestamp') };
}

/** "HL7_NO_MSH: no MSH segment … (line 1, segment 1, offset 0)" — one line, no stack. */
export function describeParseError(error: Hl7ParseError): string {
  const p = error.position;
  const where = [
    p.line === undefined ? undefined : `line ${p.line}`,
    p.segmentIndex === undefined ? undefined : `segment ${p.segmentIndex + 1}`,
    p.offset === undefined ? undefined : `offset ${p.offset}`,
  ].filter((w) => w !== undefined);
  return `${error.code}: ${error.message}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

const display = (ack: string): string[] => ack.split('\r').filter((line) => line !== '');

/** The whole CLI behind an injected file reader and clock, so it is tested without processes. */
export function runHl7Command(argv: readonly string[], readFile: (path: string) => Uint8Array, now: Date): CliResult {
  const args = parseArgs(argv);
  if (args === undefined) return { stdout: [], stderr: [USAGE], exitCode: 2 };
  let bytes: Uint8Array;
  try {
    bytes = readFile(args.file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return { stdout: [], stderr: [`error: cannot read ${args.file} (${reason})`], exitCode: 1 };
  }
  const text = decodeHl7(bytes).text;
  const timestamp = args.timestamp ?? formatHl7Timestamp(now);
  const controlId = args.controlId ?? `ACK${timestamp.slice(0, 14)}`;
  try {
    const messages = parseBatch(text).messages;
    const stdout: string[] = [];
    if (args.command === 'json') {
      const json = messages.map(toJson);
      stdout.push(prettyJson(json.length === 1 ? json[0] : json));
    }
    messages.forEach((message, i) => {
      if (args.command === 'json') return;
      if (messages.length > 1) stdout.push(`${i > 0 ? '\n' : ''}# message ${i + 1} of ${messages.length}`);
      if (args.command === 'inspect') {
        stdout.push(...inspectLines(message));
        return;
      }
      const header = message.header;
      const errors = checkHeader(header);
      const code = args.code ?? ackCodeFor(header, outcomeFor(errors));
      stdout.push(...display(buildAck(header, { code, controlId, timestamp, errors })));
    });
    return { stdout, stderr: [], exitCode: 0 };
  } catch (error) {
    if (!(error instanceof Hl7ParseError)) throw error;
    const stdout = args.command === 'ack' ? display(buildRejectAck(text, error, { controlId, timestamp, ...(args.code ? { code: args.code } : {}) })) : [];
    return { stdout, stderr: [`error: ${args.file}: ${describeParseError(error)}`], exitCode: 1 };
  }
}
