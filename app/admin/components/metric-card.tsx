import { BlockStack, Card, InlineStack, Text } from "@shopify/polaris";
import type { ReactNode } from "react";
import { HelpTip } from "./help-tip";

/** One headline number with its definition on hover/focus; `data-metric` lets browser tests read it. */
export function MetricCard({
  id,
  label,
  help,
  display,
  value,
  footer,
}: {
  id: string;
  label: string;
  help: string;
  display: string;
  value: number;
  footer?: ReactNode;
}) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="100" blockAlign="center" wrap={false}>
          <Text as="h3" variant="headingSm" tone="subdued">
            {label}
          </Text>
          <HelpTip help={help} />
        </InlineStack>
        <Text as="p" variant="heading2xl">
          <span data-metric={id} data-value={String(value)}>
            {display}
          </span>
        </Text>
        {footer}
      </BlockStack>
    </Card>
  );
}
