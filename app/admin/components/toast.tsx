import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { boot } from "../boot";

type ShowToast = (message: string) => void;

const ToastContext = createContext<ShowToast>(() => {});

declare global {
  interface Window {
    /** App Bridge's global in embedded mode (https://shopify.dev/docs/api/app-bridge-library/apis/toast). */
    shopify?: { toast?: { show(message: string, options?: { duration?: number }): void } };
  }
}

/**
 * A short confirmation ("Offer saved") that outlives the page that raised it: the provider sits above the
 * routes, so a form can show it and navigate away. Embedded, the Shopify admin draws it (App Bridge);
 * in demo mode Polaris does, inside the Frame.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState<{ text: string; key: number } | null>(null);
  const show = useCallback<ShowToast>((text) => {
    if (boot.mode === "shopify" && window.shopify?.toast) window.shopify.toast.show(text);
    else setMessage({ text, key: Date.now() });
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      {message && <Toast key={message.key} content={message.text} onDismiss={() => setMessage(null)} duration={4000} />}
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
