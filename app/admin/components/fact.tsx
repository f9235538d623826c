import { BlockStack, Text } from "@shopify/polaris";

/** A labelled figure (label small and subdued, value prominent); `as="dl"` parents give it list semantics. */
export function Fact({ label, value, term = false }: { label: string; value: string; term?: boolean }) {
  return (
    <BlockStack gap="050">
      <Text as={term ? "dt" : "span"} tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as={term ? "dd" : "span"} variant="headingMd">
        {value}
      </Text>
    </BlockStack>
  );
}
