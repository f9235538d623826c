import { AppProvider, Frame, Navigation } from "@shopify/polaris";
import { HomeIcon } from "@shopify/polaris-icons";
import translations from "@shopify/polaris/locales/en.json";
import type { ReactNode } from "react";
import { boot } from "./boot";
import { strings } from "./i18n";
import { OverviewPage } from "./pages/overview-page";
import { RouterLink, RouterProvider, useLocationPath } from "./router";

interface RouteDefinition {
  path: string;
  label: string;
  icon: typeof HomeIcon;
  render: () => ReactNode;
}

export const ROUTES: RouteDefinition[] = [{ path: "/", label: strings.nav.overview, icon: HomeIcon, render: () => <OverviewPage /> }];

export function App() {
  return (
    <AppProvider i18n={translations} linkComponent={RouterLink}>
      <RouterProvider>
        <Shell />
      </RouterProvider>
    </AppProvider>
  );
}

function Shell() {
  const { path } = useLocationPath();
  const route = ROUTES.find((candidate) => candidate.path === path) ?? ROUTES[0];
  if (boot.mode === "shopify") {
    // Embedded: the Shopify admin draws the frame; App Bridge's <ui-nav-menu> lists the pages.
    return (
      <>
        <ui-nav-menu>
          {ROUTES.map((item) => (
            <a key={item.path} href={item.path} rel={item.path === "/" ? "home" : undefined}>
              {item.label}
            </a>
          ))}
        </ui-nav-menu>
        {route.render()}
      </>
    );
  }
  const navigation = (
    <Navigation location={path}>
      <Navigation.Section
        items={ROUTES.map((item) => ({ url: item.path, label: item.label, icon: item.icon, selected: item.path === route.path }))}
      />
    </Navigation>
  );
  return (
    <Frame navigation={navigation} logo={{ topBarSource: "", accessibilityLabel: strings.appName, url: "/" }}>
      {route.render()}
    </Frame>
  );
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "ui-nav-menu": { children?: ReactNode };
    }
  }
}
