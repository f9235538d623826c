import { SkeletonBodyText } from "@shopify/polaris";
import { lazy, Suspense } from "react";
import type { VizChartProps } from "./viz-charts";

export interface ChartSeries {
  name: string;
  color?: string;
  points: { key: string; value: number }[];
}

const VizChart = lazy(() => import("./viz-charts"));

/**
 * A Polaris Viz chart in a box of fixed height (the charts fill their parent), labelled for assistive
 * technology; `testId` marks it for browser tests.
 */
export function Chart({ label, height = 260, testId, ...props }: VizChartProps & { label: string; height?: number; testId?: string }) {
  return (
    <div role="figure" aria-label={label} data-chart={testId} style={{ height, width: "100%" }}>
      <Suspense fallback={<SkeletonBodyText lines={6} />}>
        <VizChart {...props} />
      </Suspense>
    </div>
  );
}
