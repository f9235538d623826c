import { Text } from "@shopify/polaris";
import { formatMonth, formatNumber, formatPercent } from "../format";
import { strings } from "../i18n";

/**
 * The cohort matrix as a table whose cells are shaded by retention (Polaris Viz has no heatmap). Being a real
 * table, it reads row by row with a screen reader; the shade is relative to the largest cell shown.
 */
export function CohortHeatmap({ cohorts }: { cohorts: { cohort: string; size: number; retention: (number | null)[] }[] }) {
  const t = strings.dashboard;
  const months = cohorts[0]?.retention.length ?? 0;
  const max = Math.max(0.0001, ...cohorts.flatMap((row) => row.retention.filter((value): value is number => value !== null)));
  return (
    <div style={{ overflowX: "auto" }} data-chart="cohort-heatmap">
      <table style={{ borderCollapse: "separate", borderSpacing: 2, width: "100%", fontSize: 12, fontVariantNumeric: "tabular-nums" }}>
        <thead>
          <tr>
            <th scope="col" style={headerStyle}>
              {t.cohort}
            </th>
            <th scope="col" style={headerStyle}>
              {t.cohortSize}
            </th>
            {Array.from({ length: months }, (_, index) => (
              <th key={index} scope="col" style={headerStyle} title={t.monthNLong(index + 1)}>
                <abbr title={t.monthNLong(index + 1)} style={{ textDecoration: "none" }}>
                  {t.monthN(index + 1)}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {cohorts.map((row) => (
            <tr key={row.cohort}>
              <th scope="row" style={{ ...headerStyle, whiteSpace: "nowrap" }}>
                {formatMonth(row.cohort)}
              </th>
              <td style={{ textAlign: "right", padding: "4px 6px" }}>{formatNumber(row.size)}</td>
              {row.retention.map((value, index) => (
                <td key={index} style={cellStyle(value, max)} data-cell={`${row.cohort}/${index + 1}`}>
                  {value === null ? "" : formatPercent(value)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {cohorts.length === 0 && <Text as="p">{strings.common.notAvailable}</Text>}
    </div>
  );
}

const headerStyle = { textAlign: "left" as const, fontWeight: 600, padding: "4px 6px", color: "var(--p-color-text-secondary)" };

function cellStyle(value: number | null, max: number) {
  if (value === null) return { padding: "4px 6px", background: "var(--p-color-bg-surface-secondary)" };
  const intensity = Math.min(1, value / max);
  return {
    padding: "4px 6px",
    textAlign: "right" as const,
    minWidth: 44,
    borderRadius: 4,
    // Polaris' green (success) at an opacity following the value; white text once the shade is dark.
    background: `rgba(4, 123, 93, ${0.08 + intensity * 0.85})`,
    color: intensity > 0.55 ? "#fff" : "var(--p-color-text)",
  };
}
