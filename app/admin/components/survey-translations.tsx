import { BlockStack, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import type { SurveyLocale, SurveySettings, SurveyText } from "../api-types";
import { strings } from "../i18n";

const LOCALES: Exclude<SurveyLocale, "en">[] = ["ru", "kk", "et", "sl", "fa"];
const RIGHT_TO_LEFT = new Set<SurveyLocale>(["fa"]);

/**
 * The survey in the shoppers' other languages: one language at a time, each answer beside its original.
 * A language left incomplete is shown to shoppers in the original text (the server refuses a translation whose
 * answers don't line up).
 */
export function SurveyTranslations({
  survey,
  onChange,
  fieldError,
}: {
  survey: SurveySettings;
  onChange: (translations: SurveySettings["translations"]) => void;
  fieldError: (field: string) => string | undefined;
}) {
  const t = strings.survey;
  const [locale, setLocale] = useState<Exclude<SurveyLocale, "en">>("ru");
  const current: SurveyText = survey.translations[locale] ?? { question: "", options: survey.options.map(() => "") };
  const options = survey.options.map((_, index) => current.options[index] ?? "");
  const set = (next: SurveyText) => onChange({ ...survey.translations, [locale]: next });
  const complete = current.question.trim() !== "" && options.every((label) => label.trim() !== "") && current.options.length === survey.options.length;
  const dir = RIGHT_TO_LEFT.has(locale) ? "rtl" : "ltr";
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingSm">
        {t.translationsTitle}
      </Text>
      <Select
        label={t.language}
        options={LOCALES.map((value) => ({ value, label: t.languages[value] }))}
        value={locale}
        onChange={(value) => setLocale(value as Exclude<SurveyLocale, "en">)}
      />
      {!complete && <Text as="p" tone="subdued">{t.incompleteTranslation}</Text>}
      {/* Only what the shopper will read runs right to left; the admin's own labels stay as they are. */}
      <style>{".encore-rtl-inputs input { direction: rtl; }"}</style>
      <div className={dir === "rtl" ? "encore-rtl-inputs" : undefined}>
        <BlockStack gap="200">
          <TextField
            label={t.translatedQuestion(t.languages[locale])}
            helpText={<bdi>{survey.question}</bdi>}
            value={current.question}
            onChange={(question) => set({ question, options })}
            error={fieldError(`translations.${locale}.question`)}
            autoComplete="off"
            maxLength={140}
          />
          {survey.options.map((original, index) => (
            <TextField
              key={index}
              label={t.translatedOption(index + 1)}
              helpText={<bdi>{original}</bdi>}
              value={options[index]}
              onChange={(label) => set({ question: current.question, options: options.map((value, i) => (i === index ? label : value)) })}
              error={fieldError(`translations.${locale}.options.${index}`)}
              autoComplete="off"
              maxLength={60}
            />
          ))}
        </BlockStack>
      </div>
      {fieldError(`translations.${locale}.options`) && (
        <Text as="p" tone="critical">
          {fieldError(`translations.${locale}.options`)}
        </Text>
      )}
    </BlockStack>
  );
}
