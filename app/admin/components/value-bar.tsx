import { Text } from "@shopify/polaris";

/** The colours Polaris Viz gives a chart's first two series (the admin's other charts use them too). */
export const SERIES_COLORS = ["#13ACF0", "#6A42E9"] as const;

/** A value above zero is never drawn thinner than this, so a small group stays visible beside a large one. */
export const MIN_BAR_PX = 4;

/** Room kept at the end of the track for the value printed after the bar ("26.6%", "3,148"). */
const VALUE_ROOM = "4.5em";

/**
 * One horizontal bar with its value printed just past its end, never on it: the bar is `ratio` of the track
 * left after the value's room, at least MIN_BAR_PX when the value is above zero. `series` marks the bar and
 * the value for browser tests (data-bar, data-bar-value); `name` is read out before the value.
 */
export function ValueBar({ ratio, display, color, series, name }: { ratio: number; display: string; color: string; series: string; name?: string }) {
  const clamped = Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 0;
  return (
    <div style={{ display: "flex", alignItems: "center", gap: 6, minWidth: 0 }}>
      <div
        data-bar={series}
        aria-hidden
        style={{
          flex: "0 0 auto",
          width: `calc((100% - ${VALUE_ROOM}) * ${clamped})`,
          minWidth: clamped > 0 ? MIN_BAR_PX : 0,
          height: 10,
          borderRadius: 2,
          background: color,
        }}
      />
      <span style={{ flex: "0 0 auto", whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
        {name && <Text as="span" visuallyHidden>{`${name}: `}</Text>}
        <span data-bar-value={series}>{display}</span>
      </span>
    </div>
  );
}

/** A legend entry: the series' colour and its name. */
export function LegendItem({ color, name }: { color: string; name: string }) {
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 4, whiteSpace: "nowrap" }}>
      <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: color, display: "inline-block" }} />
      {name}
    </span>
  );
}
