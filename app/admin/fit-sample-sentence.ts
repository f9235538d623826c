import { formatNumber } from "./format";
import { strings } from "./i18n";

/** What the model page says about the customers the parameters were fitted on (large shops: a sample). */
export function fitSampleSentence(fittedOn: { customers: number; of: number }): string {
  const t = strings.model;
  return fittedOn.customers < fittedOn.of ? t.fittedOnSample(formatNumber(fittedOn.customers), formatNumber(fittedOn.of)) : t.fittedOnAll(formatNumber(fittedOn.of));
}
