import { Banner, BlockStack, Button, Card, DataTable, InlineStack, Select, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { apiRequest } from "../api-client";
import { formatDateTime } from "../format";
import { strings } from "../i18n";
import { useApi } from "../use-api";
import { CardHeading } from "./card-heading";
import { CardSkeleton, Loaded } from "./page-states";

interface Rescoring {
  schedule: "nightly" | "weekly" | "off";
  hourUtc: number;
}

interface DeadLetters {
  deadLetters: { id: string; type: string; failedAt: string; attempts: number; error: string | null }[];
}

/** Settings: when the shop is re-scored, and background jobs that failed after every retry. */
export function BackgroundWorkCard() {
  const t = strings.settings.background;
  const rescoring = useApi<Rescoring>("/settings/rescoring");
  const letters = useApi<DeadLetters>("/settings/dead-letters");
  return (
    <Card>
      <BlockStack gap="400">
        <CardHeading title={t.title} help={t.help} />
        <Loaded state={rescoring} skeleton={<CardSkeleton lines={2} />}>
          {(data) => <RescoringForm saved={data} />}
        </Loaded>
        <Loaded state={letters} skeleton={<CardSkeleton lines={2} />}>
          {(data) => <DeadLetterList letters={data.deadLetters} reload={letters.status === "ready" ? letters.reload : () => {}} />}
        </Loaded>
      </BlockStack>
    </Card>
  );
}

function RescoringForm({ saved }: { saved: Rescoring }) {
  const t = strings.settings.background;
  const [draft, setDraft] = useState(saved);
  const [status, setStatus] = useState<"idle" | "saving" | "saved" | Error>("idle");
  useEffect(() => setDraft(saved), [saved]);
  const save = async () => {
    setStatus("saving");
    try {
      setDraft(await apiRequest<Rescoring>("/settings/rescoring", { method: "PUT", body: JSON.stringify(draft) }));
      setStatus("saved");
    } catch (error) {
      setStatus(error as Error);
    }
  };
  const hours = Array.from({ length: 24 }, (_, hour) => ({ label: t.hourLabel(hour), value: String(hour) }));
  return (
    <BlockStack gap="200">
      <InlineStack gap="300" blockAlign="end" wrap>
        <Select label={t.schedule} options={t.schedules} value={draft.schedule} onChange={(value) => setDraft({ ...draft, schedule: value as Rescoring["schedule"] })} />
        <Select label={t.hour} options={hours} value={String(draft.hourUtc)} disabled={draft.schedule === "off"} onChange={(value) => setDraft({ ...draft, hourUtc: Number(value) })} />
        <Button onClick={save} loading={status === "saving"}>
          {t.save}
        </Button>
      </InlineStack>
      {status === "saved" && <Text as="p" tone="success">{t.saved}</Text>}
      {status instanceof Error && <Banner tone="critical">{status.message}</Banner>}
    </BlockStack>
  );
}

function DeadLetterList({ letters, reload }: { letters: DeadLetters["deadLetters"]; reload: () => void }) {
  const t = strings.settings.background;
  const [retrying, setRetrying] = useState(false);
  if (letters.length === 0) return <Text as="p" tone="subdued">{t.noFailures}</Text>;
  const retry = async () => {
    setRetrying(true);
    try {
      await apiRequest("/settings/dead-letters/retry", { method: "POST" });
    } finally {
      setRetrying(false);
      reload();
    }
  };
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h3" variant="headingSm">
          {t.failures(letters.length)}
        </Text>
        <Button onClick={retry} loading={retrying}>
          {t.retry}
        </Button>
      </InlineStack>
      <DataTable
        columnContentTypes={["text", "text", "numeric", "text"]}
        headings={[t.kind, t.failedAt, t.attempts, t.error]}
        rows={letters.map((letter) => [t.kinds[letter.type] ?? letter.type, formatDateTime(letter.failedAt), letter.attempts, letter.error ?? "—"])}
      />
    </BlockStack>
  );
}
