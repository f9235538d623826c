/**
 * A probability as a merchant reads it, in whole percent: the explanation sentence and the figure beside it
 * both print this, so they can never round differently ("2%" beside "2.5%"). A probability that is not 0 or 1
 * never prints as 0% or 100%: "<1%" and ">99%" instead (a model that is certain is wrong about someone).
 */
export function wholePercent(probability: number): string {
  if (!Number.isFinite(probability)) return "—";
  if (probability > 0 && probability < 0.005) return "<1%";
  if (probability < 1 && probability >= 0.995) return ">99%";
  return `${Math.round(probability * 100)}%`;
}
