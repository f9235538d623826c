import { describe, expect, it } from "vitest";
import { draftProblems, type DraftFields } from "../../app/admin/offer-draft-problems";
import { endsBeforeStart, scheduleFromApi, scheduleToApi } from "../../app/admin/offer-schedule";
import { dayOptions, describeWindow, shortWindows, splitMonthDay, withDay, withMonth, wrapsYearEnd } from "../../app/admin/offer-seasons";
import { withoutHeadline } from "../../app/admin/components/offer-auto-bands";

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
  kind: "next_purchase",
  leadDays: "7",
  seasonalWindows: [],
  targetingMode: "manual",
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
    ["a birthday offer with a 7-day lead is fine", { kind: "birthday" as const }, null, null, false],
    ["a birthday offer with no lead (only on save)", { kind: "birthday" as const, leadDays: "" }, "leadDays", "Enter the days before the birthday as a whole number from 0 to 60", true],
    ["a lead of 61 days", { kind: "birthday" as const, leadDays: "61" }, "leadDays", "Enter the days before the birthday as a whole number from 0 to 60", false],
    ["a lead of 2.5 days", { kind: "birthday" as const, leadDays: "2.5" }, "leadDays", "Enter the days before the birthday as a whole number from 0 to 60", false],
    ["a lead of 0 days (on the birthday) is fine", { kind: "birthday" as const, leadDays: "0" }, null, null, false],
    ["a lead left over on a win-back offer is not checked (not sent)", { kind: "win_back" as const, leadDays: "999" }, null, null, false],
    ["a birthday offer's hidden validity is not checked", { kind: "birthday" as const, validityDays: "" }, null, null, false],
    ["a window across the year end is fine", { seasonalWindows: [{ from: "11-20", to: "01-10" }] }, null, null, false],
    ["29 February as an edge is fine", { seasonalWindows: [{ from: "02-29", to: "02-29" }] }, null, null, false],
    ["a window on 31 April", { seasonalWindows: [{ from: "12-01", to: "04-31" }] }, "seasonalWindows.0.to", "Choose a month and a day", false],
    ["a window with no start", { seasonalWindows: [{ from: "", to: "01-10" }] }, "seasonalWindows.0.from", "Choose a month and a day", false],
    ["13 windows", { seasonalWindows: Array.from({ length: 13 }, () => ({ from: "01-01", to: "01-02" })) }, "seasonalWindows", "Use at most 12 date ranges", false],
    ["automatic targeting ignores the hidden P(repeat) limits", { targetingMode: "auto" as const, minPercent: "40", maxPercent: "20" }, null, null, false],
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

describe("seasonal windows in the form: a month and a day per edge, every year", () => {
  it.each([
    ["11-20", { month: "11", day: "20" }],
    ["02-29", { month: "02", day: "29" }],
    ["04-31", { month: "04", day: "" }],
    ["13-01", { month: "", day: "" }],
    ["", { month: "", day: "" }],
  ])("splits %j", (text, parts) => {
    expect(splitMonthDay(text)).toEqual(parts);
  });

  it.each([
    ["01-31", "02", "02-29"],
    ["01-31", "04", "04-30"],
    ["03-15", "11", "11-15"],
    ["", "06", "06-01"],
  ])("a new month keeps the day where it exists: %s → month %s = %s", (text, month, expected) => {
    expect(withMonth(text, month)).toBe(expected);
  });

  it("the day list follows the month (February has its 29th)", () => {
    expect(dayOptions("02")).toHaveLength(29);
    expect(dayOptions("04")).toHaveLength(30);
    expect(dayOptions("12").at(-1)).toEqual({ value: "31", label: "31" });
    expect(withDay("11-01", "20")).toBe("11-20");
  });

  it("describes a range in words, saying when it runs into the next year", () => {
    expect(wrapsYearEnd({ from: "11-20", to: "01-10" })).toBe(true);
    expect(wrapsYearEnd({ from: "06-01", to: "08-31" })).toBe(false);
    expect(describeWindow({ from: "11-20", to: "01-10" })).toBe("November 20 to January 10, every year (runs into the next year)");
    expect(describeWindow({ from: "06-01", to: "08-31" })).toBe("June 1 to August 31, every year");
    expect(describeWindow({ from: "02-29", to: "02-29" })).toBe("February 29 only, every year");
    expect(shortWindows([{ from: "11-20", to: "01-10" }, { from: "06-01", to: "06-30" }])).toBe("Nov 20–Jan 10, Jun 1–Jun 30");
  });
});

describe("automatic incentive card", () => {
  it("drops the engine's opening decision, which the badge shows, and keeps anything else whole", () => {
    expect(withoutHeadline("Give the code. Customers offered the code came back 60.0 % of the time.", "Give the code")).toBe("Customers offered the code came back 60.0 % of the time.");
    expect(withoutHeadline("Learning. 0 customers with the code.", "Learning")).toBe("0 customers with the code.");
    expect(withoutHeadline("Something else entirely.", "Learning")).toBe("Something else entirely.");
  });
});
