/** The post-purchase survey: one question, a few merchant-editable options, one tap to answer. */
export interface SurveySettings {
  enabled: boolean;
  question: string;
  options: string[];
}

export const DEFAULT_SURVEY: SurveySettings = {
  enabled: true,
  question: "How did you hear about us?",
  options: ["Search engine", "Social media", "Friend or family", "Podcast or blog", "Other"],
};

export const SURVEY_LIMITS = { minOptions: 2, maxOptions: 8, maxQuestionLength: 140, maxOptionLength: 60 } as const;

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
export function surveyReport(settings: SurveySettings, counts: SurveyAnswerCount[]): SurveyReport {
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
