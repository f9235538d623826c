import { BlockStack, Card, FormLayout, TextField } from "@shopify/polaris";
import { strings } from "../i18n";
import { CardHeading } from "./card-heading";

export interface ScheduleDraft {
  /** "YYYY-MM-DD" or "" (see app/admin/offer-schedule.ts). */
  startsOn: string;
  endsOn: string;
  priority: string;
  /** The schedule as loaded (instants), kept where a day is not changed. */
  stored: { startsAt: string | null; endsAt: string | null };
}

/** Start day, last day and priority of an offer: fields the API always had and the form never showed. */
export function OfferScheduleFields({
  value,
  onChange,
  fieldError,
}: {
  value: ScheduleDraft;
  onChange: (next: Partial<ScheduleDraft>) => void;
  fieldError: (...fields: string[]) => string | undefined;
}) {
  const t = strings.offerSchedule;
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.title} />
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label={t.startsOn}
              type="date"
              value={value.startsOn}
              onChange={(startsOn) => onChange({ startsOn })}
              autoComplete="off"
              error={fieldError("startsAt")}
            />
            <TextField
              label={t.endsOn}
              type="date"
              value={value.endsOn}
              onChange={(endsOn) => onChange({ endsOn })}
              autoComplete="off"
              helpText={t.scheduleHelp}
              error={fieldError("endsAt")}
            />
          </FormLayout.Group>
          <TextField
            label={t.priority}
            type="number"
            value={value.priority}
            onChange={(priority) => onChange({ priority })}
            autoComplete="off"
            helpText={t.priorityHelp}
            error={fieldError("priority")}
          />
        </FormLayout>
      </BlockStack>
    </Card>
  );
}
