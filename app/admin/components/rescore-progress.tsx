import { BlockStack, Card, InlineStack, ProgressBar, Text } from "@shopify/polaris";
import type { ScoringRunStatus } from "../api-types";
import { formatNumber } from "../format";
import { strings } from "../i18n";
import { rescoreProgressView } from "../rescore-progress";

/** A running re-score: "Step 3 of 4: Scoring customers", "1,200 of 4,948 customers" and a bar over the whole run. */
export function RescoreProgress({ progress }: { progress: ScoringRunStatus["progress"] }) {
  const t = strings.rescoreProgress;
  const view = rescoreProgressView(progress);
  const phaseName = strings.model.phases[view.phase] ?? view.phase;
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" gap="200">
          <Text as="p" fontWeight="semibold" id="rescore-stage">
            <span data-rescore-phase={view.phase}>{t.stage(view.stage, view.stages, phaseName)}</span>
          </Text>
          {view.customers && (
            <Text as="p" tone="subdued" numeric>
              <span data-rescore-customers>{t.customers(formatNumber(view.customers.done), formatNumber(view.customers.total))}</span>
            </Text>
          )}
        </InlineStack>
        <ProgressBar progress={view.percent} size="small" ariaLabelledBy="rescore-stage" />
      </BlockStack>
    </Card>
  );
}
