import { InlineStack, Text } from "@shopify/polaris";
import { HelpTip } from "./help-tip";

export function CardHeading({ title, help }: { title: string; help?: string }) {
  return (
    <InlineStack gap="100" blockAlign="center" wrap={false}>
      <Text as="h2" variant="headingMd">
        {title}
      </Text>
      {help && <HelpTip help={help} />}
    </InlineStack>
  );
}
