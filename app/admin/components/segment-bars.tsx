import type { SegmentSize } from "../api-types";
import { formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";
import { LegendItem, SERIES_COLORS, ValueBar } from "./value-bar";

/**
 * Segments as a table whose last column draws each segment's share of customers and of revenue as two bars
 * with their values after them (a Polaris Viz horizontal bar chart printed its labels over the bars, hiding
 * small ones). Both bars share one scale, so a segment whose revenue bar is longer than its customer bar
 * spends more than its size. `testId` marks the table for browser tests (data-segment-bars).
 */
export function SegmentBars({ title, segments, testId }: { title: string; segments: SegmentSize[]; testId: string }) {
  const t = strings.dashboard;
  const widest = Math.max(0, ...segments.flatMap((row) => [row.share, row.revenueShare]));
  const ratio = (value: number) => (widest > 0 ? value / widest : 0);
  const [customerColor, revenueColor] = SERIES_COLORS;
  return (
    <table data-segment-bars={testId} aria-label={title} style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed", fontVariantNumeric: "tabular-nums" }}>
      <colgroup>
        <col style={{ width: "30%" }} />
        <col style={{ width: "6.5em" }} />
        <col />
      </colgroup>
      <thead>
        <tr style={{ borderBottom: "1px solid var(--p-color-border-secondary)" }}>
          <th scope="col" style={{ ...headStyle, textAlign: "left" }}>
            {t.segment}
          </th>
          <th scope="col" style={{ ...headStyle, textAlign: "right" }}>
            {t.customers}
          </th>
          <th scope="col" style={{ ...headStyle, textAlign: "left", paddingLeft: 12 }}>
            <span style={{ display: "inline-flex", flexWrap: "wrap", columnGap: 12, rowGap: 2 }}>
              <LegendItem color={customerColor} name={t.customerShare} />
              <LegendItem color={revenueColor} name={t.revenueShare} />
            </span>
          </th>
        </tr>
      </thead>
      <tbody>
        {segments.map((row) => (
          <tr key={row.segment} data-segment={row.segment} style={{ borderBottom: "1px solid var(--p-color-border-secondary)" }}>
            <th scope="row" style={{ ...cellStyle, textAlign: "left", fontWeight: 400 }}>
              <span data-segment-label>{strings.segments[row.segment] ?? row.segment}</span>
            </th>
            <td style={{ ...cellStyle, textAlign: "right" }}>{formatNumber(row.customers)}</td>
            <td style={{ ...cellStyle, paddingLeft: 12 }}>
              <div style={{ display: "grid", rowGap: 2 }}>
                <ValueBar series="customers" name={t.customerShare} ratio={ratio(row.share)} display={formatPercent(row.share)} color={customerColor} />
                <ValueBar series="revenue" name={t.revenueShare} ratio={ratio(row.revenueShare)} display={formatPercent(row.revenueShare)} color={revenueColor} />
              </div>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const headStyle = { fontWeight: 600, fontSize: 12, padding: "6px 4px", color: "var(--p-color-text-secondary)", verticalAlign: "bottom" as const };
const cellStyle = { padding: "6px 4px", fontSize: 13, verticalAlign: "middle" as const };
