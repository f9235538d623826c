/**
 * The sign-up form's rules, shared by the app-proxy edge (authoritative) and mirrored by the browser's
 * constraint validation in the block (type="email", type="date" with min/max), so a shopper sees the same
 * verdict inline that the server would give.
 */
export interface SignupFieldProblem {
  field: "email" | "birthday" | "marketingConsent";
  /** A stable code the storefront maps to a localized message. */
  code: "required" | "invalid" | "too_long" | "in_future" | "too_old" | "too_young";
  message: string;
}

/** Shopify rejects customer emails longer than this (RFC 5321's path limit). */
export const MAX_EMAIL_LENGTH = 254;
export const MIN_SIGNUP_AGE_YEARS = 13;
export const MAX_SIGNUP_AGE_YEARS = 120;

// Deliberately close to the WHATWG `type=email` rule the browser applies, so inline and server verdicts match.
const EMAIL_PATTERN = /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailProblem(email: string | undefined): SignupFieldProblem | null {
  const value = email?.trim() ?? "";
  if (value === "") return { field: "email", code: "required", message: "Enter your email address" };
  if (value.length > MAX_EMAIL_LENGTH) return { field: "email", code: "too_long", message: `Use at most ${MAX_EMAIL_LENGTH} characters` };
  if (!EMAIL_PATTERN.test(value)) return { field: "email", code: "invalid", message: "Enter an email address like name@example.com" };
  return null;
}

/** `birthday` is optional; when given it is a real calendar date (YYYY-MM-DD) for a person aged 13–120 at `today`. */
export function birthdayProblem(birthday: string | undefined, today: string): SignupFieldProblem | null {
  if (birthday === undefined || birthday === "") return null;
  const match = ISO_DATE.exec(birthday);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    return { field: "birthday", code: "invalid", message: "Enter a date as YYYY-MM-DD" };
  }
  if (birthday > today) return { field: "birthday", code: "in_future", message: "A birthday cannot be in the future" };
  if (birthday > shiftYears(today, -MIN_SIGNUP_AGE_YEARS)) {
    return { field: "birthday", code: "too_young", message: `You must be at least ${MIN_SIGNUP_AGE_YEARS} to sign up` };
  }
  if (birthday < shiftYears(today, -MAX_SIGNUP_AGE_YEARS)) return { field: "birthday", code: "too_old", message: "Check the year" };
  return null;
}

/** The birthday input's `min`/`max`, so the browser applies the same bounds inline. */
export function birthdayBounds(today: string): { min: string; max: string } {
  return { min: shiftYears(today, -MAX_SIGNUP_AGE_YEARS), max: shiftYears(today, -MIN_SIGNUP_AGE_YEARS) };
}

export interface SignupInput {
  email?: string;
  marketingConsent: boolean;
  birthday?: string;
}

/**
 * Every problem at once. A signed-in shopper is never asked for an email (the shop has it): one they send
 * anyway is ignored. Consent must be given explicitly: the form exists to subscribe.
 */
export function signupProblems(input: SignupInput, options: { signedIn: boolean; today: string }): SignupFieldProblem[] {
  const problems: SignupFieldProblem[] = [];
  if (!options.signedIn) {
    const problem = emailProblem(input.email);
    if (problem) problems.push(problem);
  }
  if (!input.marketingConsent) {
    problems.push({ field: "marketingConsent", code: "required", message: "Tick the box to subscribe" });
  }
  const birthday = birthdayProblem(input.birthday, options.today);
  if (birthday) problems.push(birthday);
  return problems;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

function shiftYears(isoDate: string, years: number): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  const shifted = year + years;
  // 29 February moves to 28 February in a common year.
  const safeDay = month === 2 && day === 29 && !isCalendarDate(shifted, 2, 29) ? 28 : day;
  return `${String(shifted).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(safeDay).padStart(2, "0")}`;
}
