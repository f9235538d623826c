/** The post-purchase survey: one question, a few merchant-editable options, one tap to answer. */

/** The languages the thank-you extension ships; the survey has a text for each. */
export const SURVEY_LOCALES = ["en", "ru", "kk", "et", "sl", "fa"] as const;
export type SurveyLocale = (typeof SURVEY_LOCALES)[number];

export interface SurveyText {
  question: string;
  /** Index-aligned with the survey's options. */
  options: string[];
}

export interface SurveySettings extends SurveyText {
  enabled: boolean;
  /**
   * The question and options in other languages. `question`/`options` are the merchant's own text, in which
   * answers are stored, so results add up across languages whatever language the shopper saw.
   */
  translations: Partial<Record<SurveyLocale, SurveyText>>;
}

const DEFAULT_TEXT: SurveyText = {
  question: "How did you hear about us?",
  options: ["Search engine", "Social media", "Friend or family", "Podcast or blog", "Other"],
};

const DEFAULT_TRANSLATIONS: Record<Exclude<SurveyLocale, "en">, SurveyText> = {
  ru: { question: "Как вы о нас узнали?", options: ["Поисковик", "Соцсети", "Друзья или семья", "Подкаст или блог", "Другое"] },
  kk: { question: "Біз туралы қайдан білдіңіз?", options: ["Іздеу жүйесі", "Әлеуметтік желілер", "Достар немесе отбасы", "Подкаст немесе блог", "Басқа"] },
  et: { question: "Kust te meist kuulsite?", options: ["Otsingumootor", "Sotsiaalmeedia", "Sõbrad või pere", "Taskuhääling või blogi", "Muu"] },
  sl: { question: "Kje ste izvedeli za nas?", options: ["Iskalnik", "Družbena omrežja", "Prijatelji ali družina", "Podkast ali blog", "Drugo"] },
  fa: { question: "از کجا با ما آشنا شدید؟", options: ["موتور جستجو", "شبکه‌های اجتماعی", "دوستان یا خانواده", "پادکست یا وبلاگ", "سایر"] },
};

export const DEFAULT_SURVEY: SurveySettings = { enabled: true, ...DEFAULT_TEXT, translations: DEFAULT_TRANSLATIONS };

export const SURVEY_LIMITS = { minOptions: 2, maxOptions: 8, maxQuestionLength: 140, maxOptionLength: 60 } as const;

export function surveyLocale(value: string | undefined): SurveyLocale {
  const language = (value ?? "").toLowerCase().split(/[-_]/)[0];
  return (SURVEY_LOCALES as readonly string[]).includes(language) ? (language as SurveyLocale) : "en";
}

/** What a shopper sees: each option's label in their language and the value stored when they tap it. */
export interface LocalizedSurvey {
  locale: SurveyLocale;
  question: string;
  options: { value: string; label: string }[];
}

/**
 * The survey in one language. A translation applies only while it still matches the options (same number);
 * a survey whose text is still the default uses the default translations; anything else shows the merchant's
 * own text rather than a half-translated or misaligned one.
 */
export function localizeSurvey(settings: SurveySettings, locale: SurveyLocale): LocalizedSurvey {
  const text = translationFor(settings, locale) ?? settings;
  return {
    locale: text === settings ? "en" : locale,
    question: text.question,
    options: settings.options.map((value, index) => ({ value, label: text.options[index] })),
  };
}

function translationFor(settings: SurveySettings, locale: SurveyLocale): SurveyText | null {
  if (locale === "en") return null;
  const own = settings.translations[locale];
  if (own && usable(own, settings)) return own;
  const untouched = settings.question === DEFAULT_TEXT.question && sameList(settings.options, DEFAULT_TEXT.options);
  return untouched ? DEFAULT_TRANSLATIONS[locale] : null;
}

function usable(text: SurveyText, settings: SurveySettings): boolean {
  return text.question.trim() !== "" && text.options.length === settings.options.length && text.options.every((label) => label.trim() !== "");
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

export interface SurveyAnswerCount {
  answer: string;
  count: number;
}

export interface SurveyReport {
  question: string;
  responses: number;
  answers: { answer: string; count: number; share: number }[];
}

/**
 * Counts per answer for the current question: every current option is listed (zero included, in the
 * merchant's order), answers to options since removed follow, most frequent first.
 */
export function surveyReport(settings: Pick<SurveySettings, "question" | "options">, counts: SurveyAnswerCount[]): SurveyReport {
  const byAnswer = new Map(counts.map((row) => [row.answer, row.count]));
  const responses = counts.reduce((sum, row) => sum + row.count, 0);
  const current = settings.options.map((answer) => ({ answer, count: byAnswer.get(answer) ?? 0 }));
  const retired = counts.filter((row) => !settings.options.includes(row.answer)).sort((a, b) => b.count - a.count || a.answer.localeCompare(b.answer));
  return {
    question: settings.question,
    responses,
    answers: [...current, ...retired].map((row) => ({ ...row, share: responses > 0 ? row.count / responses : 0 })),
  };
}
