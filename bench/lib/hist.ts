import * as hdr from 'hdr-histogram-js';

export type Histogram = hdr.Histogram;

/** Latencies are recorded in microseconds, from 1 µs to 10 minutes, 3 significant digits (HdrHistogram). */
export function newHistogram(): Histogram {
  return hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 600_000_000, numberOfSignificantValueDigits: 3, useWebAssembly: false });
}

export const encode = (h: Histogram): string => hdr.encodeIntoCompressedBase64(h);
export const decode = (s: string): Histogram => hdr.decodeFromCompressedBase64(s, 32, false);

export type LatencySummary = { count: number; p50_ms: number; p95_ms: number; p99_ms: number; max_ms: number; mean_ms: number };

const ms = (us: number) => Math.round(us / 10) / 100;

export function summarize(h: Histogram): LatencySummary {
  if (h.totalCount === 0) return { count: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0, max_ms: 0, mean_ms: 0 };
  return {
    count: h.totalCount,
    p50_ms: ms(h.getValueAtPercentile(50)),
    p95_ms: ms(h.getValueAtPercentile(95)),
    p99_ms: ms(h.getValueAtPercentile(99)),
    max_ms: ms(h.maxValue),
    mean_ms: ms(h.mean),
  };
}

/** A set of named histograms that can be shipped between processes and merged. */
export class HistogramSet {
  private readonly map = new Map<string, Histogram>();

  get(name: string): Histogram {
    let h = this.map.get(name);
    if (!h) this.map.set(name, (h = newHistogram()));
    return h;
  }

  record(name: string, us: number): void {
    this.get(name).recordValue(Math.max(1, Math.round(us)));
  }

  /** Encodes the non-empty histograms and resets them (an interval snapshot). */
  drain(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, h] of this.map) {
      if (h.totalCount === 0) continue;
      out[name] = encode(h);
      h.reset();
    }
    return out;
  }

  addEncoded(encoded: Record<string, string>): void {
    for (const [name, s] of Object.entries(encoded)) this.get(name).add(decode(s));
  }

  addSet(other: HistogramSet): void {
    for (const [name, h] of other.map) this.get(name).add(h);
  }

  names(): string[] {
    return [...this.map.keys()].sort();
  }

  summaries(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const name of this.names()) out[name] = summarize(this.map.get(name)!);
    return out;
  }

  reset(): void {
    for (const h of this.map.values()) h.reset();
  }
}
