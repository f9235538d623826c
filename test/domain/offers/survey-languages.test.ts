import { describe, expect, it } from "vitest";
import { DEFAULT_SURVEY, localizeSurvey, SURVEY_LOCALES, surveyLocale, type SurveySettings } from "../../../app/domain/offers/survey";

describe("survey languages", () => {
  const custom: SurveySettings = { enabled: true, question: "Where did you find us?", options: ["Friend", "Ad"], translations: {} };

  it("ships the default survey in every storefront language, answers stored in the merchant's text", () => {
    for (const locale of SURVEY_LOCALES) {
      const survey = localizeSurvey(DEFAULT_SURVEY, locale);
      expect(survey.locale).toBe(locale);
      expect(survey.options.map((option) => option.value)).toEqual(DEFAULT_SURVEY.options);
      expect(survey.options.every((option) => option.label.trim().length > 0)).toBe(true);
    }
    expect(localizeSurvey(DEFAULT_SURVEY, "fa").question).toBe("از کجا با ما آشنا شدید؟");
    expect(localizeSurvey(DEFAULT_SURVEY, "ru").options[2]).toEqual({ value: "Friend or family", label: "Друзья или семья" });
  });

  it("uses the merchant's translation while it matches the answers, their own text otherwise", () => {
    const translated = { ...custom, translations: { ru: { question: "Где вы нас нашли?", options: ["Друг", "Реклама"] } } };
    expect(localizeSurvey(translated, "ru")).toEqual({
      locale: "ru",
      question: "Где вы нас нашли?",
      options: [{ value: "Friend", label: "Друг" }, { value: "Ad", label: "Реклама" }],
    });
    // An answer added after translating: the translation no longer lines up, so the shopper reads the original.
    const grown = { ...translated, options: ["Friend", "Ad", "Podcast"] };
    expect(localizeSurvey(grown, "ru")).toMatchObject({ locale: "en", question: "Where did you find us?" });
    // A merchant's own question is never replaced by the default translation of another question.
    expect(localizeSurvey(custom, "kk")).toMatchObject({ locale: "en", question: "Where did you find us?" });
    expect(surveyLocale("fa-IR")).toBe("fa");
    expect(surveyLocale("pt-BR")).toBe("en");
  });
});
