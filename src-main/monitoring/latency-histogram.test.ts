import { describe, expect, it } from 'vitest';
import { bucketUpperMs, decodeHistogram, emptyHistogram, encodeHistogram, histogramCount, LATENCY_BUCKETS, latencyBucket, mergeHistogram, quantileMs } from './latency-histogram';

const histogramOf = (latencies: readonly number[]): Uint32Array => {
  const h = emptyHistogram();
  for (const ms of latencies) h[latencyBucket(ms)] = (h[latencyBucket(ms)] ?? 0) + 1;
  return h;
};

describe('ACK latency histogram', () => {
  it('puts every latency in a bucket whose upper bound holds it, within one bucket width', () => {
    for (const ms of [0.05, 0.1, 0.11, 1, 3.7, 12, 250, 4_999, 60_000]) {
      const i = latencyBucket(ms);
      expect(bucketUpperMs(i)).toBeGreaterThanOrEqual(ms);
      if (i > 0) expect(bucketUpperMs(i - 1)).toBeLessThan(ms);
    }
  });

  it('takes zero, negative, NaN and very long latencies without leaving its buckets', () => {
    expect(latencyBucket(0)).toBe(0);
    expect(latencyBucket(-5)).toBe(0);
    expect(latencyBucket(Number.NaN)).toBe(0);
    expect(latencyBucket(10 * 60_000)).toBe(LATENCY_BUCKETS - 1);
  });

  it('reads p50 and p99 within 19% above the true values', () => {
    const latencies = Array.from({ length: 1000 }, (_, i) => 1 + i / 10);
    const h = histogramOf(latencies);
    const p50 = quantileMs(h, 0.5) ?? 0;
    const p99 = quantileMs(h, 0.99) ?? 0;
    expect(p50).toBeGreaterThanOrEqual(50.9);
    expect(p50).toBeLessThanOrEqual(50.9 * 1.19);
    expect(p99).toBeGreaterThanOrEqual(99.9);
    expect(p99).toBeLessThanOrEqual(99.9 * 1.19);
  });

  it('has no quantile when empty', () => {
    expect(quantileMs(emptyHistogram(), 0.5)).toBeNull();
  });

  it('merges minutes so the merged quantile equals the quantile of all latencies together', () => {
    const fast = Array.from({ length: 990 }, () => 2);
    const slow = Array.from({ length: 10 }, () => 900);
    const merged = histogramOf(fast);
    mergeHistogram(merged, histogramOf(slow));
    expect(histogramCount(merged)).toBe(1000);
    expect(quantileMs(merged, 0.99)).toBe(quantileMs(histogramOf([...fast, ...slow]), 0.99));
    expect(quantileMs(merged, 0.995)).toBeGreaterThanOrEqual(900);
  });

  it('round-trips through its stored form, keeping only the buckets that hold counts', () => {
    const h = histogramOf([1, 1, 5, 5000]);
    const text = encodeHistogram(h);
    expect(JSON.parse(text)).toHaveLength(3);
    expect([...decodeHistogram(text)]).toEqual([...h]);
    expect(histogramCount(decodeHistogram(null))).toBe(0);
  });
});
