/**
 * Segment sizes with revenue share: for each segment (an RFM group, or a rung of the lovers / likers /
 * lurkers ladder) the number of scored customers, their share of all scored customers, their lifetime
 * revenue (sum of CustomerScore.totalSpent) and its share of all scored customers' revenue.
 * Segments are listed in the given canonical order, empty ones included.
 */
export interface SegmentTotals {
  segment: string;
  customers: number;
  revenue: number;
}

export interface SegmentSize extends SegmentTotals {
  share: number;
  revenueShare: number;
}

export function segmentSizes(rows: Iterable<SegmentTotals>, order: readonly string[]): SegmentSize[] {
  const bySegment = new Map<string, SegmentTotals>();
  for (const row of rows) bySegment.set(row.segment, row);
  const listed = [...order, ...[...bySegment.keys()].filter((segment) => !order.includes(segment))];
  const totals = listed.map((segment) => bySegment.get(segment) ?? { segment, customers: 0, revenue: 0 });
  const customers = totals.reduce((sum, row) => sum + row.customers, 0);
  const revenue = totals.reduce((sum, row) => sum + row.revenue, 0);
  return totals.map((row) => ({
    ...row,
    share: customers === 0 ? 0 : row.customers / customers,
    revenueShare: revenue === 0 ? 0 : row.revenue / revenue,
  }));
}
