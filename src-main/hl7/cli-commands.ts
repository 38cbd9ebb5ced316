import { ackCodeFor, buildAck, buildRejectAck } from './ack';
import type { AckCode } from './ack-codes';
import { isAckCode } from './ack-codes';
import { splitHl7FileBytes } from './batch-file';
import { decodeHl7 } from './charset';
import { Hl7ParseError } from './errors';
import { checkHeader, outcomeFor } from './header-check';
import { inspectLines, prettyJson, toJson } from './inspect-format';
import type { Hl7Message } from './message';
import { parse } from './parse';
import { formatHl7Timestamp } from './timestamp';

export const USAGE = `usage: npm run hl7 -- <command> FILE [options]

FILE holds one message, several back to back, or a batch (FHS/BHS … BTS/FTS); each message is
decoded by its own MSH-18 and handled in file order. A message that fails is reported on stderr with
its number, the others still run, and the exit code is 1.

commands:
  inspect FILE   each segment and valued field: position, name, value (several: a heading per message)
  json FILE      the parsed structure as JSON (several: an array)
  ack FILE       the ACK we would send (segments shown one per line; several: a heading per message)
  fhir FILE      the FHIR transaction Bundle the message maps to (src-main/convert/cli.ts);
                 several messages (or --ndjson): one Bundle per line (NDJSON), in file order

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

/**
 * "HL7_NO_MSH: no MSH segment … (line 1, segment 1, offset 0)" — one line, no stack. The "line N: "
 * splitHl7File puts in front of its messages is left out, the position already names the line.
 */
export function describeParseError(error: Hl7ParseError): string {
  const p = error.position;
  const linePrefix = `line ${p.line}: `;
  const text = p.line !== undefined && error.message.startsWith(linePrefix) ? error.message.slice(linePrefix.length) : error.message;
  const where = [
    p.line === undefined ? undefined : `line ${p.line}`,
    p.segmentIndex === undefined ? undefined : `segment ${p.segmentIndex + 1}`,
    p.offset === undefined ? undefined : `offset ${p.offset}`,
  ].filter((w) => w !== undefined);
  return `${error.code}: ${text}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
}

const display = (ack: string): string[] => ack.split('\r').filter((line) => line !== '');

export interface MessageFile {
  /** Each message's text, decoded by its own MSH-18. */
  readonly texts: string[];
  /** Tolerated envelope problems (a missing BTS or FTS), each "line N: …". */
  readonly warnings: string[];
}

/**
 * The messages of a file the CLI reads, split as `npm run send` and SFTP intake split it
 * (splitHl7FileBytes); throws its Hl7ParseError when the file as a whole is refused.
 */
export function readMessageFile(bytes: Uint8Array): MessageFile {
  const { messages, warnings } = splitHl7FileBytes(bytes);
  return { texts: messages.map((m) => decodeHl7(m).text), warnings };
}

/** "message 2 of 3: " before a line about one message of several; nothing for a single message. */
export const messageLabel = (index: number, count: number): string => (count > 1 ? `message ${index + 1} of ${count}: ` : '');

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
  const timestamp = args.timestamp ?? formatHl7Timestamp(now);
  const controlId = args.controlId ?? `ACK${timestamp.slice(0, 14)}`;
  const reject = (text: string, error: Hl7ParseError): string[] =>
    args.command === 'ack' ? display(buildRejectAck(text, error, { controlId, timestamp, ...(args.code ? { code: args.code } : {}) })) : [];
  let file: MessageFile;
  try {
    file = readMessageFile(bytes);
  } catch (error) {
    if (!(error instanceof Hl7ParseError)) throw error;
    return { stdout: reject(decodeHl7(bytes).text, error), stderr: [`error: ${args.file}: ${describeParseError(error)}`], exitCode: 1 };
  }
  const stdout: string[] = [];
  const stderr = file.warnings.map((w) => `warning: ${args.file}: ${w}`);
  const json: unknown[] = [];
  const count = file.texts.length;
  let failed = 0;
  file.texts.forEach((text, i) => {
    if (count > 1 && args.command !== 'json') stdout.push(`${i > 0 ? '\n' : ''}# message ${i + 1} of ${count}`);
    let message: Hl7Message;
    try {
      message = parse(text);
    } catch (error) {
      if (!(error instanceof Hl7ParseError)) throw error;
      failed++;
      stdout.push(...reject(text, error));
      stderr.push(`error: ${args.file}: ${messageLabel(i, count)}${describeParseError(error)}`);
      return;
    }
    if (args.command === 'json') json.push(toJson(message));
    else if (args.command === 'inspect') stdout.push(...inspectLines(message));
    else {
      const header = message.header;
      const errors = checkHeader(header);
      const code = args.code ?? ackCodeFor(header, outcomeFor(errors));
      stdout.push(...display(buildAck(header, { code, controlId, timestamp, errors })));
    }
  });
  if (args.command === 'json' && json.length > 0) stdout.push(prettyJson(count === 1 ? json[0] : json));
  return { stdout, stderr, exitCode: failed > 0 ? 1 : 0 };
}
