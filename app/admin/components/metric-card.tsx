import { BlockStack, Card, Icon, InlineStack, Text, Tooltip } from "@shopify/polaris";
import { InfoIcon } from "@shopify/polaris-icons";

/** One headline number with its definition on hover/focus; `data-metric` lets browser tests read it. */
export function MetricCard({ id, label, help, display, value }: { id: string; label: string; help: string; display: string; value: number }) {
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack gap="100" blockAlign="center" wrap={false}>
          <Text as="h3" variant="headingSm" tone="subdued">
            {label}
          </Text>
          <Tooltip content={help}>
            <span tabIndex={0} aria-label={help} style={{ display: "inline-flex" }}>
              <Icon source={InfoIcon} tone="subdued" />
            </span>
          </Tooltip>
        </InlineStack>
        <Text as="p" variant="heading2xl">
          <span data-metric={id} data-value={String(value)}>
            {display}
          </span>
        </Text>
      </BlockStack>
    </Card>
  );
}
