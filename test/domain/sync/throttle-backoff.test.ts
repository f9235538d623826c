import { describe, expect, it } from "vitest";
import { networkDelayMs, throttleDelayMs } from "../../../app/domain/sync/throttle-backoff";

const policy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000 };
const status = (currentlyAvailable: number, restoreRate = 50) => ({ maximumAvailable: 1000, currentlyAvailable, restoreRate });

describe("throttleDelayMs", () => {
  it.each([
    ["waits for the missing points at the restore rate", { requestedQueryCost: 752, throttleStatus: status(652) }, 2_000],
    ["waits at least one point's restore time", { requestedQueryCost: 100, throttleStatus: status(500) }, 20],
    ["caps a request above the bucket at the bucket size", { requestedQueryCost: 5000, throttleStatus: status(0, 100) }, 10_000],
    ["caps very slow restores", { requestedQueryCost: 1000, throttleStatus: status(0, 1) }, 30_000],
    ["falls back to network backoff without a cost report", null, 1_000],
  ])("%s", (_name, cost, expected) => {
    expect(throttleDelayMs(cost, 2, policy)).toBe(expected);
  });
});

describe("networkDelayMs", () => {
  it.each([
    [1, 500],
    [2, 1_000],
    [4, 4_000],
    [10, 30_000],
  ])("attempt %i → %i ms", (attempt, expected) => {
    expect(networkDelayMs(attempt, policy)).toBe(expected);
  });
});
