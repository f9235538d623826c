import { describe, expect, it } from "vitest";
import { draftProblems, type DraftFields } from "../../app/admin/offer-draft-problems";
import { endsBeforeStart, scheduleFromApi, scheduleToApi } from "../../app/admin/offer-schedule";

const DRAFT: DraftFields = {
  name: "Come back",
  discountType: "percentage",
  discountValue: "10",
  validityDays: "30",
  controlPercent: "10",
  minPercent: "",
  maxPercent: "",
  includeSegments: [],
  excludeSegments: [],
  startsOn: "",
  endsOn: "",
  priority: "0",
};

describe("draftProblems: what the offer form flags as the merchant types", () => {
  it("a valid draft has none", () => {
    expect(draftProblems(DRAFT)).toEqual([]);
  });

  it.each([
    ["a 150% discount", { discountValue: "150" }, "discountValue", "A percentage discount can be at most 100%", false],
    ["a 150 fixed amount is fine", { discountType: "fixed_amount" as const, discountValue: "150" }, null, null, false],
    ["a discount of 0", { discountValue: "0" }, "discountValue", "Enter a discount above 0", false],
    ["no discount (only on save)", { discountValue: "" }, "discountValue", "Enter a number", true],
    ["an empty name (only on save)", { name: "  " }, "name", "Enter a name for the offer", true],
    ["half a day of validity", { validityDays: "1.5" }, "validityDays", "Enter whole days from 1 to 365", false],
    ["a 60% control group", { controlPercent: "60" }, "controlShare", "Keep the control group between 0% and 50%", false],
    ["a band upside down", { minPercent: "40", maxPercent: "20" }, "targeting.maxPRepeat90", "The maximum must be above the minimum", false],
    ["a band above 100%", { maxPercent: "120" }, "targeting.maxPRepeat90", "Enter a percentage from 0 to 100", false],
    ["a segment in and out", { includeSegments: ["loyal"], excludeSegments: ["loyal"] }, "targeting.excludeSegments", "A segment cannot be both included and excluded", false],
    ["a last day before the first", { startsOn: "2027-03-10", endsOn: "2027-03-09" }, "endsAt", "The last day must be on or after the first day", false],
    ["a one-day offer is fine", { startsOn: "2027-03-10", endsOn: "2027-03-10" }, null, null, false],
    ["a priority of 2000", { priority: "2000" }, "priority", "Enter a whole number from -1000 to 1000", false],
  ])("%s", (_case, change, field, message, onSubmit) => {
    const problems = draftProblems({ ...DRAFT, ...change });
    if (field === null) return expect(problems).toEqual([]);
    expect(problems).toEqual([{ field, message, ...(onSubmit ? { onSubmit: true } : {}) }]);
  });
});

describe("offer schedule: days in the form, instants in the API", () => {
  it("the first day's midnight and the midnight after the last day, in the browser's time zone", () => {
    expect(scheduleToApi("2027-03-01", "2027-03-31")).toEqual({ startsAt: new Date(2027, 2, 1).toISOString(), endsAt: new Date(2027, 3, 1).toISOString() });
    expect(scheduleToApi("", "")).toEqual({ startsAt: null, endsAt: null });
  });

  it("round-trips, and keeps a stored instant whose day was not changed", () => {
    const stored = { startsAt: "2025-12-06T03:41:43.726Z", endsAt: null };
    const days = scheduleFromApi(stored.startsAt, stored.endsAt);
    expect(scheduleToApi(days.startsOn, days.endsOn, stored)).toEqual(stored);
    const api = scheduleToApi("2027-03-01", "2027-03-31");
    expect(scheduleFromApi(api.startsAt, api.endsAt)).toEqual({ startsOn: "2027-03-01", endsOn: "2027-03-31" });
  });

  it("text that is not a day goes to the server as typed, which names the field", () => {
    expect(scheduleToApi("next week", "").startsAt).toBe("next week");
    expect(endsBeforeStart("next week", "2027-01-01")).toBe(false);
  });
});
