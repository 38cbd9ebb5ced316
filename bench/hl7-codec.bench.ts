/**
 * Parse and parse+access rates of our HL7 codec next to hl7-standard, simple-hl7, node-hl7-client and
 * a plain split-on-delimiters baseline, on the same messages. Access = MSH-9, PID-5 and every OBX-5.
 */
import HL7 from 'hl7-standard';
import { Message as NodeHl7Message } from 'node-hl7-client';
import simpleHl7 from 'simple-hl7';
import { parse, readHeader } from '../src-main/hl7/index';
import { oru20, readCorpus as read } from './corpus';

interface Contender {
  readonly name: string;
  readonly parse: (raw: string) => unknown;
  readonly parseAndAccess: (raw: string) => unknown;
}

const simpleParser = new simpleHl7.Parser();

const contenders: Contender[] = [
  {
    name: 'interop-console',
    parse: (raw) => parse(raw),
    parseAndAccess: (raw) => {
      const m = parse(raw);
      let n = m.get('MSH-9').length + m.get('PID-5').length;
      for (const obx of m.segments('OBX')) n += obx.get(5).length;
      return n;
    },
  },
  {
    name: 'interop readHeader',
    parse: (raw) => readHeader(raw),
    parseAndAccess: (raw) => readHeader(raw).messageType,
  },
  {
    name: 'split baseline',
    parse: (raw) => raw.split('\r').map((s) => s.split('|')),
    parseAndAccess: (raw) => {
      const segments = raw.split('\r').map((s) => s.split('|'));
      let n = 0;
      for (const s of segments) {
        if (s[0] === 'MSH') n += s[8]!.split('^')[0]!.length;
        else if (s[0] === 'PID') n += (s[5] ?? '').split('^')[0]!.length;
        else if (s[0] === 'OBX') n += (s[5] ?? '').length;
      }
      return n;
    },
  },
  {
    name: 'hl7-standard',
    parse: (raw) => new HL7(raw).transform(),
    parseAndAccess: (raw) => {
      const h = new HL7(raw);
      h.transform();
      return [h.get('MSH.9'), h.get('PID.5'), h.getSegments('OBX').map((s) => s.get('OBX.5'))];
    },
  },
  {
    name: 'simple-hl7',
    parse: (raw) => simpleParser.parse(raw),
    parseAndAccess: (raw) => {
      const m = simpleParser.parse(raw);
      return [m.header.getField(7), m.getSegment('PID')?.getField(5), m.getSegments('OBX').map((s) => s.getField(5))];
    },
  },
  {
    name: 'node-hl7-client',
    parse: (raw) => new NodeHl7Message({ text: raw }),
    parseAndAccess: (raw) => {
      const m = new NodeHl7Message({ text: raw });
      const values: string[] = [m.get('MSH.9').toString(), m.get('PID.5').toString()];
      m.get('OBX').forEach((s) => values.push(s.get(5).toString()));
      return values;
    },
  },
];

let sink = 0;

/** Messages per second over a fixed time budget, after a short warm-up. */
function rate(fn: (raw: string) => unknown, raw: string, budgetMs: number): number {
  const warmUntil = performance.now() + budgetMs / 5;
  while (performance.now() < warmUntil) sink += fn(raw) === undefined ? 0 : 1;
  let count = 0;
  let batch = 1;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < budgetMs) {
    for (let i = 0; i < batch; i++) sink += fn(raw) === undefined ? 0 : 1;
    count += batch;
    elapsed = performance.now() - start;
    if (elapsed < budgetMs / 20) batch *= 2;
  }
  return (count / elapsed) * 1000;
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'failed');

export async function runHl7CodecBench(budgetMs = 300): Promise<void> {
  const messages: Array<[string, string]> = [
    ['ORU^R01 20 OBX', oru20()],
    ['ADT^A01 (msfc_ADT-A01-01)', read('msfc_ADT-A01-01.hl7')],
    ['cdcdex_bigmessage (839 OBX)', read('cdcdex_bigmessage.hl7')],
  ];
  const header = ['message', 'library', 'parse msg/s', 'parse+access msg/s', 'vs hl7-standard'];
  const rows: string[][] = [];
  for (const [label, raw] of messages) {
    const results = contenders.map((c) => {
      const safe = (fn: (raw: string) => unknown): number => {
        try {
          return rate(fn, raw, budgetMs);
        } catch {
          return Number.NaN;
        }
      };
      return { name: c.name, parse: safe(c.parse), access: safe(c.parseAndAccess) };
    });
    const reference = results.find((r) => r.name === 'hl7-standard')!.access;
    for (const r of results) {
      const ratio = r.access / reference;
      rows.push([`${label} (${(raw.length / 1024).toFixed(1)} KB)`, r.name, fmt(r.parse), fmt(r.access), Number.isFinite(ratio) ? `${ratio.toFixed(1)}×` : '-']);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i >= 2 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  if (sink === -1) console.log(sink);
}
