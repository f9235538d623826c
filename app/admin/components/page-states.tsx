import { Banner, BlockStack, Card, EmptyState, InlineGrid, SkeletonBodyText, SkeletonDisplayText } from "@shopify/polaris";
import type { ReactNode } from "react";
import { strings } from "../i18n";
import type { ApiState } from "../use-api";

/** Renders an ApiState: skeleton while loading, a critical banner with retry on error, else the content. */
export function Loaded<T>({ state, skeleton, children }: { state: ApiState<T>; skeleton?: ReactNode; children: (data: T) => ReactNode }) {
  if (state.status === "loading") return <>{skeleton ?? <CardSkeleton />}</>;
  if (state.status === "error") return <ErrorBanner error={state.error} onRetry={state.retry} />;
  return <>{children(state.data)}</>;
}

export function ErrorBanner({ error, onRetry, title = strings.common.loadFailed }: { error: Error; onRetry?: () => void; title?: string }) {
  return (
    <Banner tone="critical" title={title} action={onRetry ? { content: strings.common.retry, onAction: onRetry } : undefined}>
      <p>{error.message}</p>
    </Banner>
  );
}

export function CardSkeleton({ lines = 4 }: { lines?: number }) {
  return (
    <Card>
      <BlockStack gap="300">
        <SkeletonDisplayText size="small" />
        <SkeletonBodyText lines={lines} />
      </BlockStack>
    </Card>
  );
}

export function CardGridSkeleton({ count, columns = 3 }: { count: number; columns?: number }) {
  return (
    <InlineGrid columns={{ xs: 1, sm: 2, md: columns }} gap="400">
      {Array.from({ length: count }, (_, index) => (
        <Card key={index}>
          <BlockStack gap="200">
            <SkeletonBodyText lines={1} />
            <SkeletonDisplayText size="medium" />
          </BlockStack>
        </Card>
      ))}
    </InlineGrid>
  );
}

export function EmptyCard({ heading, children, action }: { heading: string; children: ReactNode; action?: { content: string; url?: string; onAction?: () => void } }) {
  return (
    <Card>
      <EmptyState heading={heading} image="" action={action}>
        <p>{children}</p>
      </EmptyState>
    </Card>
  );
}
