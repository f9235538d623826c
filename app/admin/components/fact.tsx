import { BlockStack, Text } from "@shopify/polaris";
import { HelpTip } from "./help-tip";

/**
 * A labelled figure (label small and subdued, value prominent); `as="dl"` parents give it list semantics.
 * `help` adds the definition behind an info icon beside the label; `name` marks the value for tests (data-fact).
 */
export function Fact({ label, value, term = false, help, name }: { label: string; value: string; term?: boolean; help?: string; name?: string }) {
  return (
    <BlockStack gap="050">
      <Text as={term ? "dt" : "span"} tone="subdued" variant="bodySm">
        <span style={{ display: "inline-flex", alignItems: "center", gap: "4px" }}>
          {label}
          {help && <HelpTip help={help} />}
        </span>
      </Text>
      <Text as={term ? "dd" : "span"} variant="headingMd">
        <span data-fact={name}>{value}</span>
      </Text>
    </BlockStack>
  );
}
