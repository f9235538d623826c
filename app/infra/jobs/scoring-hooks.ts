/**
 * What the data pipeline asks of scoring. The scoring job (issue 3) implements it; until it is wired, the
 * no-op default keeps imports and webhooks independent of it.
 */
export type ScoringTrigger = "seed" | "sync" | "manual" | "schedule";

export interface ScoringHooks {
  /** After a completed history import: fit and score the whole shop. */
  scoreShop(shopDomain: string, trigger: ScoringTrigger): Promise<void>;
  /** After a new or changed order: update that customer's summary and score with the shop's fitted parameters. */
  rescoreCustomer(shopDomain: string, customerId: string): Promise<void>;
}

export const noopScoringHooks: ScoringHooks = {
  async scoreShop() {},
  async rescoreCustomer() {},
};
