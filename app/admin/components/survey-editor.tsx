import { Banner, BlockStack, Button, Card, Checkbox, InlineStack, TextField } from "@shopify/polaris";
import { DeleteIcon } from "@shopify/polaris-icons";
import { useEffect, useState } from "react";
import { ApiError, apiRequest } from "../api-client";
import type { SurveySettings } from "../api-types";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { CardSkeleton, ErrorBanner } from "./page-states";
import { SurveyTranslations } from "./survey-translations";

const MAX_OPTIONS = 8;
const MIN_OPTIONS = 2;

/** The thank-you page survey: one question and its answers (GET/PUT /api/settings/survey). */
export function SurveyEditor({ onSaved }: { onSaved?: () => void } = {}) {
  const t = strings.survey;
  const state = useApi<{ survey: SurveySettings }>("/settings/survey");
  const [draft, setDraft] = useState<SurveySettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const loaded = state.status === "ready" ? state.data.survey : null;
  useEffect(() => {
    if (loaded) setDraft(loaded);
  }, [loaded]);
  if (state.status === "loading" || (state.status === "ready" && !draft)) return <CardSkeleton />;
  if (state.status === "error") return <ErrorBanner error={state.error} onRetry={state.retry} />;
  const survey = draft!;
  const fieldError = (field: string) => (error instanceof ApiError ? error.fields.find((problem) => problem.field === field)?.message : undefined);
  const update = (next: Partial<SurveySettings>) => {
    setSaved(false);
    setDraft({ ...survey, ...next });
  };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      const response = await apiRequest<{ survey: SurveySettings }>("/settings/survey", { method: "PUT", body: JSON.stringify(alignTranslations(survey)) });
      setDraft(response.survey);
      setSaved(true);
      onSaved?.();
    } catch (caught) {
      setError(caught as Error);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.title} help={t.help} />
        {saved && <Banner tone="success" title={t.saved} onDismiss={() => setSaved(false)} />}
        {error && !(error instanceof ApiError && error.fields.length > 0) && <ErrorBanner error={error} title={strings.common.saveFailed} />}
        <Checkbox label={t.enabled} checked={survey.enabled} onChange={(enabled) => update({ enabled })} />
        <TextField label={t.question} value={survey.question} onChange={(question) => update({ question })} autoComplete="off" error={fieldError("question")} maxLength={140} />
        {survey.options.map((option, index) => (
          <InlineStack key={index} gap="200" blockAlign="end" wrap={false}>
            <div style={{ flex: 1 }}>
              <TextField
                label={t.option(index + 1)}
                value={option}
                onChange={(value) => update({ options: survey.options.map((current, i) => (i === index ? value : current)) })}
                autoComplete="off"
                error={fieldError(`options.${index}`)}
                maxLength={60}
              />
            </div>
            <Button
              icon={DeleteIcon}
              accessibilityLabel={t.removeOption(index + 1)}
              disabled={survey.options.length <= MIN_OPTIONS}
              onClick={() => update(withoutOption(survey, index))}
            />
          </InlineStack>
        ))}
        {fieldError("options") && <Banner tone="critical">{fieldError("options")}</Banner>}
        <SurveyTranslations survey={survey} onChange={(translations) => update({ translations })} fieldError={fieldError} />
        <InlineStack gap="200" align="space-between">
          <Button disabled={survey.options.length >= MAX_OPTIONS} onClick={() => update({ options: [...survey.options, ""] })}>
            {t.addOption}
          </Button>
          <Button variant="primary" loading={saving} onClick={save}>
            {strings.common.save}
          </Button>
        </InlineStack>
      </BlockStack>
    </Card>
  );
}

/** Removing an answer removes its translations too, so the other answers keep theirs. */
function withoutOption(survey: SurveySettings, index: number): Partial<SurveySettings> {
  const translations = Object.fromEntries(
    Object.entries(survey.translations).map(([locale, text]) => [locale, { ...text!, options: text!.options.filter((_, i) => i !== index) }]),
  );
  return { options: survey.options.filter((_, i) => i !== index), translations };
}

/** One translated label per answer: an answer added since is an empty (not yet translated) field. */
function alignTranslations(survey: SurveySettings): SurveySettings {
  const translations = Object.fromEntries(
    Object.entries(survey.translations).map(([locale, text]) => [locale, { question: text!.question, options: survey.options.map((_, i) => text!.options[i] ?? "") }]),
  );
  return { ...survey, translations };
}
