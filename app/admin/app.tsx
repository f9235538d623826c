import { AppProvider, Frame, Navigation, TopBar } from "@shopify/polaris";
import { ChartVerticalIcon, DiscountIcon, HomeIcon, PersonIcon, SettingsIcon } from "@shopify/polaris-icons";
import translations from "@shopify/polaris/locales/en.json";
import { useCallback, useState, type ReactNode } from "react";
import { boot } from "./boot";
import { ToastProvider } from "./components/toast";
import { strings } from "./i18n";
import { CustomerDetailPage } from "./pages/customer-detail-page";
import { CustomersPage } from "./pages/customers-page";
import { DashboardPage } from "./pages/dashboard-page";
import { ModelPage } from "./pages/model-page";
import { OfferFormPage } from "./pages/offer-form-page";
import { OffersPage } from "./pages/offers-page";
import { SettingsPage } from "./pages/settings-page";
import { matchPath, RouterLink, RouterProvider, useLocationPath } from "./router";

interface RouteDefinition {
  path: string;
  label: string;
  icon: typeof HomeIcon;
  render: () => ReactNode;
}

/** The pages in the navigation (demo: Polaris Navigation; embedded: App Bridge's ui-nav-menu). */
export const ROUTES: RouteDefinition[] = [
  { path: "/", label: strings.nav.dashboard, icon: HomeIcon, render: () => <DashboardPage /> },
  { path: "/customers", label: strings.nav.customers, icon: PersonIcon, render: () => <CustomersPage /> },
  { path: "/offers", label: strings.nav.offers, icon: DiscountIcon, render: () => <OffersPage /> },
  { path: "/model", label: strings.nav.model, icon: ChartVerticalIcon, render: () => <ModelPage /> },
  { path: "/settings", label: strings.nav.settings, icon: SettingsIcon, render: () => <SettingsPage /> },
];

/** Pages reached from other pages, under a navigation item (`section` is the item they highlight). */
const DETAIL_ROUTES: { path: string; section: string; render: (params: Record<string, string>) => ReactNode }[] = [
  { path: "/customers/:id", section: "/customers", render: ({ id }) => <CustomerDetailPage key={id} id={id} /> },
  { path: "/offers/new", section: "/offers", render: () => <OfferFormPage /> },
  { path: "/offers/:id", section: "/offers", render: ({ id }) => <OfferFormPage key={id} id={id} /> },
];

export function App() {
  return (
    <AppProvider i18n={translations} linkComponent={RouterLink}>
      <RouterProvider>
        <Shell />
      </RouterProvider>
    </AppProvider>
  );
}

function resolve(path: string): { section: string; page: ReactNode } {
  const top = ROUTES.find((candidate) => candidate.path === path);
  if (top) return { section: top.path, page: top.render() };
  for (const route of DETAIL_ROUTES) {
    const params = matchPath(route.path, path);
    if (params) return { section: route.section, page: route.render(params) };
  }
  return { section: "/", page: ROUTES[0].render() };
}

function Shell() {
  const { path } = useLocationPath();
  const { section, page } = resolve(path);
  const [mobileNavigation, setMobileNavigation] = useState(false);
  const toggleNavigation = useCallback(() => setMobileNavigation((open) => !open), []);
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
        <ToastProvider>{page}</ToastProvider>
      </>
    );
  }
  const navigation = (
    <Navigation location={path}>
      <Navigation.Section
        items={ROUTES.map((item) => ({
          url: item.path,
          label: item.label,
          icon: item.icon,
          selected: item.path === section,
          onClick: () => setMobileNavigation(false),
        }))}
      />
    </Navigation>
  );
  return (
    // Below 768 px (a narrow admin) Polaris hides the sidebar behind the top bar's menu button.
    <Frame
      navigation={navigation}
      topBar={<TopBar showNavigationToggle onNavigationToggle={toggleNavigation} />}
      showMobileNavigation={mobileNavigation}
      onNavigationDismiss={toggleNavigation}
      logo={{ topBarSource: LOGO, width: 96, accessibilityLabel: strings.appName, url: "/" }}
    >
      <ToastProvider>{page}</ToastProvider>
    </Frame>
  );
}

/** The wordmark in the demo top bar (an inline SVG: no extra request, nothing to host). */
const LOGO = `data:image/svg+xml,${encodeURIComponent(
  `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="24"><text x="0" y="18" font-family="system-ui,sans-serif" font-size="18" font-weight="700" fill="#fff">${strings.appName}</text></svg>`,
)}`;

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      "ui-nav-menu": { children?: ReactNode };
    }
  }
}
