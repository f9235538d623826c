import { Icon, Tooltip } from "@shopify/polaris";
import { InfoIcon } from "@shopify/polaris-icons";

/** An info icon that shows a definition on hover and on keyboard focus (it is in the tab order). */
export function HelpTip({ help }: { help: string }) {
  return (
    <Tooltip content={help}>
      <span tabIndex={0} aria-label={help} role="img" style={{ display: "inline-flex" }}>
        <Icon source={InfoIcon} tone="subdued" />
      </span>
    </Tooltip>
  );
}
