/** `npm run hl7 -- inspect|json|ack FILE`: reads the file, everything else lives in cli-commands.ts. */
import { readFileSync } from 'node:fs';
import { runHl7Command } from './cli-commands';

const result = runHl7Command(process.argv.slice(2), (path) => readFileSync(path), new Date());
if (result.stdout.length > 0) process.stdout.write(`${result.stdout.join('\n')}\n`);
if (result.stderr.length > 0) process.stderr.write(`${result.stderr.join('\n')}\n`);
process.exitCode = result.exitCode;
