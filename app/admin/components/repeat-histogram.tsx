import type { DashboardResponse } from "../api-types";
import { formatNumber } from "../format";
import { strings } from "../i18n";
import { SERIES_COLORS, ValueBar } from "./value-bar";

/**
 * The P(repeat in 90 days) distribution as one bar per bin with its count after it. The scale is linear, but
 * a bin with any customers is never thinner than MIN_BAR_PX: on a typical shop the first bins hold thousands
 * and the bins above 50% a few dozen, which a plain column chart drew less than a pixel high. The count on
 * each bar is the exact figure.
 */
export function RepeatHistogram({ bins, label }: { bins: DashboardResponse["repeatDistribution"]; label: string }) {
  const t = strings.dashboard;
  const largest = Math.max(0, ...bins.map((bin) => bin.customers));
  return (
    <div role="figure" aria-label={label} data-chart="repeat-distribution">
      <table style={{ width: "100%", borderCollapse: "collapse", tableLayout: "fixed", fontVariantNumeric: "tabular-nums" }}>
        <colgroup>
          <col style={{ width: "6.5em" }} />
          <col />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" style={{ ...headStyle, textAlign: "left" }}>
              {t.repeatBin}
            </th>
            <th scope="col" style={{ ...headStyle, textAlign: "left", paddingLeft: 8 }}>
              {t.repeatSeries}
            </th>
          </tr>
        </thead>
        <tbody>
          {bins.map((bin, index) => (
            <tr key={bin.from} data-bin={index}>
              <th scope="row" style={{ ...cellStyle, textAlign: "left", fontWeight: 400, whiteSpace: "nowrap" }}>
                <span data-bin-label>{t.repeatBinLabel(Math.round(bin.from * 100), Math.round(bin.to * 100))}</span>
              </th>
              <td style={{ ...cellStyle, paddingLeft: 8 }}>
                <ValueBar series="customers" ratio={largest > 0 ? bin.customers / largest : 0} display={formatNumber(bin.customers)} color={SERIES_COLORS[0]} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const headStyle = { fontWeight: 600, fontSize: 12, padding: "4px", color: "var(--p-color-text-secondary)" };
const cellStyle = { padding: "3px 4px", fontSize: 13, verticalAlign: "middle" as const };
