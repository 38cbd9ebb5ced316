/**
 * `npm run bench [-- <name>…]`: runs every benchmark suite in turn, or only those whose name contains
 * one of the arguments (case-insensitive), e.g. `npm run bench -- mllp`. Add a suite by adding a line
 * to `suites`.
 */
import { runFhirSearchBench } from './fhir-search.bench';
import { runHl7CodecBench } from './hl7-codec.bench';
import { runMessageLogBench } from './message-log.bench';
import { runMllpIngestBench } from './mllp-ingest.bench';
import { runOutboundDrainBench } from './outbound-drain.bench';

const suites: ReadonlyArray<readonly [name: string, run: () => Promise<void>]> = [
  ['HL7 v2 codec', runHl7CodecBench],
  ['MLLP durable ingest', runMllpIngestBench],
  ['FHIR search and create', runFhirSearchBench],
  ['Message log at scale', runMessageLogBench],
  ['Outbound drain', runOutboundDrainBench],
];

const wanted = process.argv.slice(2).map((a) => a.toLowerCase());
const chosen = suites.filter(([name]) => wanted.length === 0 || wanted.some((w) => name.toLowerCase().includes(w)));
if (chosen.length === 0) {
  console.error(`no suite matches ${wanted.join(', ')}; suites: ${suites.map(([name]) => name).join(', ')}`);
  process.exit(2);
}
for (const [name, run] of chosen) {
  console.log(`\n## ${name}\n`);
  await run();
}
