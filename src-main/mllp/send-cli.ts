import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { splitHl7FileBytes } from '../hl7';
import { MllpClient } from './client';

const USAGE = `usage: npm run send -- --host HOST --port PORT [--tls] [--ca FILE] [--timeout SECONDS] FILE...

Frames each HL7 message in each FILE (batch files and files with several messages are split),
sends them in order over one MLLP connection, and prints each ACK's MSA line. Each message is sent
as the bytes it has in the file, so the receiver decodes it by its own MSH-18.`;

/** Operator tool: exit 0 when every message was accepted (AA/CA), 1 when any was not, 2 on bad usage. */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { host: { type: 'string', default: '127.0.0.1' }, port: { type: 'string' }, tls: { type: 'boolean' }, ca: { type: 'string' }, timeout: { type: 'string', default: '30' }, verbose: { type: 'boolean' } },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const port = Number(values.port);
  if (!values.port || !Number.isInteger(port) || port < 1 || port > 65535 || positionals.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const messages = positionals.flatMap((file) => {
    const split = splitHl7FileBytes(readFileSync(file));
    for (const warning of split.warnings) process.stderr.write(`${file}: ${warning}\n`);
    return split.messages.map((bytes, i) => ({ file, index: i + 1, bytes }));
  });
  const client = await MllpClient.connect({
    host: values.host,
    port,
    timeoutMs: Number(values.timeout) * 1000,
    ...(values.tls ? { tls: values.ca ? { ca: readFileSync(values.ca, 'utf8') } : {} } : {}),
  });
  let rejected = 0;
  try {
    for (const m of messages) {
      const ack = (await client.send(m.bytes)).toString('utf8');
      const msa = ack.split(/\r\n|\r|\n/).find((line) => line.startsWith('MSA')) ?? '(no MSA segment)';
      if (!/^MSA.(AA|CA)/.test(msa)) rejected++;
      process.stdout.write(`${m.file}#${m.index}  ${msa}\n`);
      if (values.verbose) process.stdout.write(`${ack.replace(/\r/g, '\n')}\n`);
    }
  } finally {
    await client.close();
  }
  return rejected === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`send failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
