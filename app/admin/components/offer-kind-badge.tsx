import { Badge } from "@shopify/polaris";
import type { OfferKind } from "../api-types";
import { strings } from "../i18n";

const TONES = { next_purchase: undefined, win_back: "info", birthday: "magic" } as const;

/** "Next purchase" / "Win-back" / "Birthday": an offer's kind, in the list and beside its title. */
export function KindBadge({ kind }: { kind: OfferKind }) {
  return (
    <span data-offer-kind={kind}>
      <Badge tone={TONES[kind]}>{strings.offers.kinds[kind]}</Badge>
    </span>
  );
}
