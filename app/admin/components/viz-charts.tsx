/**
 * The Polaris Viz charts the admin uses, in one module that app code loads lazily (charts.tsx), so the
 * chart library (d3, react-spring) is a separate chunk fetched after the page's first paint.
 */
import "@shopify/polaris-viz/build/esm/styles.css";
import { BarChart, LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import type { ChartSeries } from "./charts";

export interface VizChartProps {
  kind: "bar" | "line";
  series: ChartSeries[];
  formatY?: (value: number) => string;
  formatX?: (value: string) => string;
  showLegend?: boolean;
}

export default function VizChart({ kind, series, formatY, formatX, showLegend }: VizChartProps) {
  // An explicit `color: undefined` would replace the theme's series colour (and break the gradient).
  const data = series.map((item) => ({
    name: item.name,
    ...(item.color ? { color: item.color } : {}),
    data: item.points.map((point) => ({ key: point.key, value: point.value })),
  }));
  const yAxisOptions = formatY ? { labelFormatter: (value: string | number | null) => formatY(Number(value ?? 0)) } : undefined;
  const xAxisOptions = formatX ? { labelFormatter: (value: string | number | null) => formatX(String(value ?? "")) } : undefined;
  return (
    <PolarisVizProvider>
      {kind === "line" ? (
        <LineChart theme="Light" data={data} isAnimated={false} showLegend={showLegend} yAxisOptions={yAxisOptions} xAxisOptions={xAxisOptions} />
      ) : (
        <BarChart theme="Light" data={data} isAnimated={false} showLegend={showLegend} yAxisOptions={yAxisOptions} xAxisOptions={xAxisOptions} />
      )}
    </PolarisVizProvider>
  );
}
