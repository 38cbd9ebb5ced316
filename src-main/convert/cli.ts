/**
 * `npm run hl7 -- inspect|json|ack|fhir FILE`: reads the file (one message, several, or a batch); `fhir`
 * is converted here (the codec in hl7/ does not know the mapping), the codec's commands run in
 * hl7/cli-commands.ts.
 */
import { readFileSync } from 'node:fs';
import { runHl7Command } from '../hl7/cli-commands';
import { convertMessage } from '../mapping/convert';
import { runFhirCommand } from './fhir-command';

const [command, ...rest] = process.argv.slice(2);
const read = (path: string) => readFileSync(path);
const result = command === 'fhir' ? runFhirCommand(rest, read, convertMessage) : runHl7Command(process.argv.slice(2), read, new Date());
if (result.stdout.length > 0) process.stdout.write(`${result.stdout.join('\n')}\n`);
if (result.stderr.length > 0) process.stderr.write(`${result.stderr.join('\n')}\n`);
process.exitCode = result.exitCode;
