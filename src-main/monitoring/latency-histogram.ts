/**
 * ACK latency as a fixed log-bucket histogram: bucket i holds latencies up to `bucketUpperMs(i)`, four
 * buckets per doubling from 0.1 ms to ~105 s (the last bucket takes anything longer). Fixed buckets
 * merge by adding counts, so an hour's (or a day's) quantile is exact over its minutes' buckets; a
 * quantile reads as its bucket's upper bound, at most ~19% above the true value.
 */
export const LATENCY_BUCKETS = 81;
const BASE_MS = 0.1;
const PER_DOUBLING = 4;

/** The bucket a latency falls in (no allocation: the ACK path calls it per message). */
export function latencyBucket(ms: number): number {
  if (!(ms > BASE_MS)) return 0;
  const i = Math.ceil(PER_DOUBLING * Math.log2(ms / BASE_MS));
  return i >= LATENCY_BUCKETS ? LATENCY_BUCKETS - 1 : i;
}

export const bucketUpperMs = (i: number): number => BASE_MS * 2 ** (i / PER_DOUBLING);

export const emptyHistogram = (): Uint32Array => new Uint32Array(LATENCY_BUCKETS);

/** Adds `from` into `into`. */
export function mergeHistogram(into: Uint32Array, from: Uint32Array): void {
  for (let i = 0; i < LATENCY_BUCKETS; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
}

export const histogramCount = (h: Uint32Array): number => h.reduce((sum, c) => sum + c, 0);

/** The q-quantile (0 < q ≤ 1) in ms, as its bucket's upper bound, rounded to 0.1 ms; null when empty. */
export function quantileMs(h: Uint32Array, q: number): number | null {
  const total = histogramCount(h);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(q * total));
  let seen = 0;
  for (let i = 0; i < LATENCY_BUCKETS; i++) {
    seen += h[i] ?? 0;
    if (seen >= rank) return Math.round(bucketUpperMs(i) * 10) / 10;
  }
  return null;
}

/** Stored form: the non-empty buckets as `[index, count]` pairs in JSON (a minute has a few). */
export function encodeHistogram(h: Uint32Array): string {
  const pairs: [number, number][] = [];
  h.forEach((count, i) => {
    if (count > 0) pairs.push([i, count]);
  });
  return JSON.stringify(pairs);
}

export function decodeHistogram(text: string | null): Uint32Array {
  const h = emptyHistogram();
  if (!text) return h;
  for (const [i, count] of JSON.parse(text) as [number, number][]) if (i >= 0 && i < LATENCY_BUCKETS) h[i] = (h[i] ?? 0) + count;
  return h;
}
