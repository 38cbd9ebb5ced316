/** `npm run bench`: runs every benchmark suite in turn. Add a suite by adding a line to `suites`. */
import { runFhirSearchBench } from './fhir-search.bench';
import { runHl7CodecBench } from './hl7-codec.bench';
import { runMllpIngestBench } from './mllp-ingest.bench';

const suites: ReadonlyArray<readonly [name: string, run: () => Promise<void>]> = [
  ['HL7 v2 codec', runHl7CodecBench],
  ['MLLP durable ingest', runMllpIngestBench],
  ['FHIR search and create', runFhirSearchBench],
];

for (const [name, run] of suites) {
  console.log(`\n## ${name}\n`);
  await run();
}
