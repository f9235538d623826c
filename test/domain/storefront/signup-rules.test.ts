import { describe, expect, it } from "vitest";
import { birthdayBounds, birthdayProblem, emailProblem, signupProblems } from "../../../app/domain/storefront/signup-rules";

const TODAY = "2026-03-15";

describe("emailProblem", () => {
  it.each([
    ["name@example.com", null],
    ["  Name.Surname+tag@mail.example.co.uk ", null],
    ["", "required"],
    ["   ", "required"],
    ["name", "invalid"],
    ["name@", "invalid"],
    ["name@localhost", "invalid"],
    ["na me@example.com", "invalid"],
    ["name@-example.com", "invalid"],
    [`${"a".repeat(250)}@e.co`, "too_long"],
  ])("%j → %s", (email, code) => {
    expect(emailProblem(email)?.code ?? null).toBe(code);
  });
});

describe("birthdayProblem", () => {
  it.each([
    [undefined, null],
    ["", null],
    ["1990-07-04", null],
    ["2013-03-15", null], // exactly 13 today
    ["2013-03-16", "too_young"],
    ["1906-03-15", null], // exactly 120
    ["1906-03-14", "too_old"],
    ["2027-01-01", "in_future"],
    ["1990-02-30", "invalid"],
    ["1990-13-01", "invalid"],
    ["2000-02-29", null],
    ["1900-02-29", "invalid"],
    ["04/07/1990", "invalid"],
  ])("%j → %s", (birthday, code) => {
    expect(birthdayProblem(birthday, TODAY)?.code ?? null).toBe(code);
  });

  it("gives the input the same bounds, moving 29 February in a common year", () => {
    expect(birthdayBounds(TODAY)).toEqual({ min: "1906-03-15", max: "2013-03-15" });
    expect(birthdayBounds("2024-02-29")).toEqual({ min: "1904-02-29", max: "2011-02-28" });
  });
});

describe("signupProblems", () => {
  it("reports every problem at once for a signed-out shopper", () => {
    const problems = signupProblems({ email: "nope", marketingConsent: false, birthday: "2030-01-01" }, { signedIn: false, today: TODAY });
    expect(problems.map((problem) => `${problem.field}:${problem.code}`)).toEqual(["email:invalid", "marketingConsent:required", "birthday:in_future"]);
  });

  it("never asks a signed-in shopper for an email", () => {
    expect(signupProblems({ marketingConsent: true }, { signedIn: true, today: TODAY })).toEqual([]);
    expect(signupProblems({ marketingConsent: true }, { signedIn: false, today: TODAY }).map((problem) => problem.field)).toEqual(["email"]);
  });
});
