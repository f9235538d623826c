import { BlockStack, Box, Button, Card, InlineError, InlineGrid, InlineStack, Select, Text } from "@shopify/polaris";
import type { SeasonalWindow } from "../api-types";
import { strings } from "../i18n";
import { dayOptions, describeWindow, MAX_SEASONAL_WINDOWS, monthOptions, NEW_WINDOW, splitMonthDay, withDay, withMonth } from "../offer-seasons";
import { CardHeading } from "./card-heading";

/**
 * The yearly date ranges an offer is live in: rows of from / to, each a month and a day (Selects, so every
 * value is a real day of the year; the day list follows the month). A range may wrap the year end.
 */
export function SeasonalWindowsFields({
  value,
  onChange,
  fieldError,
}: {
  value: SeasonalWindow[];
  onChange: (windows: SeasonalWindow[]) => void;
  fieldError: (...fields: string[]) => string | undefined;
}) {
  const t = strings.offerSeasons;
  const months = monthOptions();
  const update = (index: number, next: SeasonalWindow) => onChange(value.map((window, at) => (at === index ? next : window)));
  const listError = fieldError("seasonalWindows");
  return (
    <Card>
      <BlockStack gap="300">
        <CardHeading title={t.title} />
        <Text as="p" tone="subdued">
          {t.help}
        </Text>
        {value.length === 0 && (
          <Text as="p">
            <span data-seasons-all-year>{t.allYear}</span>
          </Text>
        )}
        {value.map((window, index) => {
          const from = splitMonthDay(window.from);
          const to = splitMonthDay(window.to);
          const edgeSelects = (edge: "from" | "to", parts: { month: string; day: string }) => {
            const error = fieldError(`seasonalWindows.${index}.${edge}`);
            return (
              <>
                <Select
                  label={edge === "from" ? t.fromMonth : t.toMonth}
                  options={months}
                  placeholder={parts.month ? undefined : t.choose}
                  value={parts.month}
                  onChange={(month) => update(index, { ...window, [edge]: withMonth(window[edge], month) })}
                  error={error ? true : undefined}
                />
                <Select
                  label={edge === "from" ? t.fromDay : t.toDay}
                  options={dayOptions(parts.month || "01")}
                  placeholder={parts.day ? undefined : t.choose}
                  value={parts.day}
                  onChange={(day) => update(index, { ...window, [edge]: withDay(window[edge], day) })}
                  error={error ? true : undefined}
                />
              </>
            );
          };
          const errors = [fieldError(`seasonalWindows.${index}.from`), fieldError(`seasonalWindows.${index}.to`)].filter(Boolean);
          return (
            <Box key={index} padding="300" borderWidth="025" borderColor="border" borderRadius="200">
              <div data-season={index} data-season-from={window.from} data-season-to={window.to}>
                <BlockStack gap="200">
                  <InlineStack align="space-between" blockAlign="center" gap="200" wrap={false}>
                    <BlockStack gap="050">
                      <Text as="h3" variant="headingSm">
                        {t.range(index + 1)}
                      </Text>
                      <Text as="p" variant="bodySm" tone="subdued">
                        <span data-season-summary>{describeWindow(window)}</span>
                      </Text>
                    </BlockStack>
                    <Button variant="plain" tone="critical" onClick={() => onChange(value.filter((_, at) => at !== index))} accessibilityLabel={t.removeRange(index + 1)}>
                      {t.remove}
                    </Button>
                  </InlineStack>
                  {/* Two columns on a phone (from, then to), four from tablets up. */}
                  <InlineGrid columns={{ xs: 2, md: 4 }} gap="200">
                    {edgeSelects("from", from)}
                    {edgeSelects("to", to)}
                  </InlineGrid>
                  {errors.length > 0 && <InlineError message={[...new Set(errors)].join("; ")} fieldID={`season-${index}`} />}
                </BlockStack>
              </div>
            </Box>
          );
        })}
        {listError && <InlineError message={listError} fieldID="seasonal-windows" />}
        <InlineStack gap="200" blockAlign="center">
          <Button onClick={() => onChange([...value, NEW_WINDOW])} disabled={value.length >= MAX_SEASONAL_WINDOWS}>
            {t.add}
          </Button>
          {value.length >= MAX_SEASONAL_WINDOWS && (
            <Text as="span" variant="bodySm" tone="subdued">
              {t.atMost(MAX_SEASONAL_WINDOWS)}
            </Text>
          )}
        </InlineStack>
      </BlockStack>
    </Card>
  );
}
