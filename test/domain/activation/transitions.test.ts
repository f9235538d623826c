import { describe, expect, it } from "vitest";
import {
  candidateTransitions,
  COOL_DOWN_DAYS,
  isCoolingDown,
  stateChanged,
  transitionDedupeKey,
  transitionEvents,
  type ObservedState,
  type SeenState,
  type TransitionKind,
} from "../../../app/domain/activation/transitions";

const NOW = new Date("2026-12-06T03:00:00Z");
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);
const seen = (churnStatus: string | null, loyaltySegment: string | null): SeenState => ({ churnStatus, loyaltySegment });
const now = (churnStatus: ObservedState["churnStatus"], loyaltySegment: string): ObservedState => ({ churnStatus, loyaltySegment });

describe("candidateTransitions", () => {
  it.each<[string, SeenState | null, ObservedState, TransitionKind[]]>([
    ["first observation (no row): nothing", null, now("at_risk", "lover"), []],
    ["first observation (row without statuses, e.g. written by the metafield sync): nothing", seen(null, null), now("at_risk", "lover"), []],
    ["active → at risk", seen("active", "liker"), now("at_risk", "liker"), ["at_risk"]],
    ["active → likely lost (skipped the at-risk band between two runs)", seen("active", "liker"), now("likely_lost", "liker"), ["at_risk"]],
    ["likely lost → at risk (coming back after an order): nothing", seen("likely_lost", "lurker"), now("at_risk", "lurker"), []],
    ["at risk → likely lost: nothing (already announced)", seen("at_risk", "lurker"), now("likely_lost", "lurker"), []],
    ["at risk → active: nothing", seen("at_risk", "liker"), now("active", "liker"), []],
    ["active → active: nothing", seen("active", "liker"), now("active", "liker"), []],
    ["liker → lover", seen("active", "liker"), now("active", "lover"), ["lover"]],
    ["lurker → lover", seen("active", "lurker"), now("active", "lover"), ["lover"]],
    ["lover → lover: nothing", seen("active", "lover"), now("active", "lover"), []],
    ["lover → liker: nothing", seen("active", "lover"), now("active", "liker"), []],
    ["both at once", seen("active", "liker"), now("at_risk", "lover"), ["at_risk", "lover"]],
    ["churn status never seen, segment seen: only the segment can transition", seen(null, "liker"), now("at_risk", "lover"), ["lover"]],
  ])("%s", (_name, previous, current, expected) => {
    expect(candidateTransitions(previous, current)).toEqual(expected);
  });
});

describe("cool-down", () => {
  it.each<[TransitionKind, number | null, boolean]>([
    ["at_risk", null, false],
    ["at_risk", 1, true],
    ["at_risk", 29.99, true],
    ["at_risk", 30, false],
    ["at_risk", 45, false],
    ["lover", 60, true],
    ["lover", 90, false],
  ])("%s last fired %s days ago → cooling down: %s", (kind, ago, expected) => {
    expect(isCoolingDown(kind, ago === null ? null : daysAgo(ago), NOW)).toBe(expected);
  });

  it("is 30 days for at risk and 90 for lovers", () => {
    expect(COOL_DOWN_DAYS).toEqual({ at_risk: 30, lover: 90 });
  });
});

describe("transitionEvents", () => {
  it("keys each event by kind, customer and UTC day", () => {
    expect(transitionEvents({ customerId: "c1", previous: seen("active", "liker"), current: now("at_risk", "lover"), now: NOW })).toEqual([
      { kind: "at_risk", dedupeKey: "at-risk:c1:2026-12-06" },
      { kind: "lover", dedupeKey: "lover:c1:2026-12-06" },
    ]);
    expect(transitionDedupeKey("at_risk", "c1", new Date("2026-12-06T23:59:59Z"))).toBe("at-risk:c1:2026-12-06");
    expect(transitionDedupeKey("at_risk", "c1", new Date("2026-12-07T00:00:00Z"))).toBe("at-risk:c1:2026-12-07");
  });

  it("drops a transition within its cool-down and keeps the other", () => {
    const events = transitionEvents({
      customerId: "c1",
      previous: seen("active", "liker"),
      current: now("at_risk", "lover"),
      lastFired: { at_risk: daysAgo(10), lover: daysAgo(200) },
      now: NOW,
    });
    expect(events.map((event) => event.kind)).toEqual(["lover"]);
  });

  it("lets a customer hovering at the threshold fire once a month at most", () => {
    // Daily scores alternate active / at risk; the detector records every change but fires only when cooled down.
    let previous: SeenState = seen("active", "liker");
    let lastFired: Date | null = null;
    const fired: string[] = [];
    for (let day = 0; day < 70; day++) {
      const at = new Date(NOW.getTime() + day * DAY);
      const current = now(day % 2 === 0 ? "at_risk" : "active", "liker");
      for (const event of transitionEvents({ customerId: "c1", previous, current, lastFired: { at_risk: lastFired }, now: at })) {
        fired.push(event.dedupeKey);
        lastFired = at;
      }
      previous = seen(current.churnStatus, current.loyaltySegment);
    }
    expect(fired).toEqual(["at-risk:c1:2026-12-06", "at-risk:c1:2027-01-05", "at-risk:c1:2027-02-04"]);
  });
});

describe("stateChanged", () => {
  it.each<[SeenState | null, ObservedState, boolean]>([
    [null, now("active", "liker"), true],
    [seen(null, null), now("active", "liker"), true],
    [seen("active", "liker"), now("active", "liker"), false],
    [seen("active", "liker"), now("active", "lover"), true],
    [seen("active", "liker"), now("at_risk", "liker"), true],
  ])("%j → %j: %s", (previous, current, expected) => {
    expect(stateChanged(previous, current)).toBe(expected);
  });
});
