/**
 * Distribution of P(repeat in 90 days) over scored customers, in ten bins of width 0.1:
 * bin i holds scores in [i/10, (i+1)/10), the last bin also 1.0. `share` is the bin's fraction of customers.
 */
export const REPEAT_PROBABILITY_BINS = 10;

export interface ProbabilityBin {
  from: number;
  to: number;
  customers: number;
  share: number;
}

export function binOfProbability(p: number): number {
  return Math.min(Math.max(Math.floor(p * REPEAT_PROBABILITY_BINS), 0), REPEAT_PROBABILITY_BINS - 1);
}

/** From per-bin counts (the SQL groups by `least(floor(p * 10), 9)`); missing bins are 0. */
export function repeatProbabilityDistribution(rows: Iterable<{ bin: number; customers: number }>): ProbabilityBin[] {
  const counts = new Array<number>(REPEAT_PROBABILITY_BINS).fill(0);
  for (const row of rows) counts[binOfProbability(row.bin / REPEAT_PROBABILITY_BINS)] += row.customers;
  const total = counts.reduce((sum, count) => sum + count, 0);
  return counts.map((customers, bin) => ({
    from: bin / REPEAT_PROBABILITY_BINS,
    to: (bin + 1) / REPEAT_PROBABILITY_BINS,
    customers,
    share: total === 0 ? 0 : customers / total,
  }));
}
