import { createContext, useContext, useEffect, useState, type AnchorHTMLAttributes, type ReactNode } from "react";

/** A minimal history-API router: plain <a href> links, routed client-side (the Polaris linkComponent). */
const LocationContext = createContext<{ path: string; navigate: (to: string) => void }>({
  path: "/",
  navigate: () => {},
});

export function RouterProvider({ children }: { children: ReactNode }) {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener("popstate", onPop);
    return () => window.removeEventListener("popstate", onPop);
  }, []);
  const navigate = (to: string) => {
    const url = new URL(to, window.location.href);
    // Keep Shopify's embedded query (shop, host) on every in-app navigation.
    if (!url.search) url.search = window.location.search;
    window.history.pushState(null, "", url);
    setPath(url.pathname);
  };
  return <LocationContext.Provider value={{ path, navigate }}>{children}</LocationContext.Provider>;
}

export function useLocationPath() {
  return useContext(LocationContext);
}

/** Matches "/offers/:id" against a path; returns the parameters, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) params[want[i].slice(1)] = decodeURIComponent(have[i]);
    else if (want[i] !== have[i]) return null;
  }
  return params;
}

export function RouterLink({ url, children, external, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { url: string; external?: boolean }) {
  const { navigate } = useLocationPath();
  return (
    <a
      href={url}
      {...rest}
      onClick={(event) => {
        rest.onClick?.(event);
        if (external || event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        if (new URL(url, window.location.href).origin !== window.location.origin) return;
        event.preventDefault();
        navigate(url);
      }}
    >
      {children}
    </a>
  );
}
