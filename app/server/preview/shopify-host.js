// The `shopify` global a checkout UI extension receives (2025-10+ API shape), backed by the preview page's
// demo data: orderConfirmation, buyerIdentity, addresses, localization, i18n (from the extension's locale
// files), storage (localStorage) and sessionToken (HS256 JWTs signed by the server with the dev secret).
// Then the real bundle is imported and its default export called, as Shopify's runtime does.
const data = JSON.parse(document.getElementById("encore-preview-data").textContent);

// SubscribableSignalLike values; `import "@shopify/ui-extensions/preact"` hands over Preact's Signal class
// through setSignals, and the host then serves real signals, so components re-render on change.
const signals = new Map();
function signalLike(value) {
  const subscribers = new Set();
  const holder = {
    get value() { return signals.get(holder)?.value ?? value; },
    subscribe(callback) { subscribers.add(callback); return () => subscribers.delete(callback); },
  };
  signals.set(holder, null);
  return holder;
}

function lookup(key) {
  return key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), data.translations);
}

let cachedToken = null;
const shopify = {
  extension: { target: data.target, apiVersion: data.apiVersion, scriptUrl: data.bundleUrl },
  shop: { myshopifyDomain: data.shopDomain, name: data.shopName },
  orderConfirmation: signalLike({ order: { id: data.orderId }, number: data.orderNumber, isFirstOrder: data.isFirstOrder }),
  buyerIdentity: {
    customer: signalLike(data.buyer.customerId ? { id: data.buyer.customerId } : undefined),
    email: signalLike(data.buyer.email ?? undefined),
    phone: signalLike(undefined),
  },
  shippingAddress: signalLike({ firstName: data.buyer.firstName, lastName: data.buyer.lastName, countryCode: data.buyer.countryCode }),
  billingAddress: signalLike({ firstName: data.buyer.firstName, lastName: data.buyer.lastName, countryCode: data.buyer.countryCode }),
  localization: {
    language: signalLike({ isoCode: data.locale }),
    extensionLanguage: signalLike({ isoCode: data.locale }),
    currency: signalLike({ isoCode: data.currency }),
    country: signalLike({ isoCode: data.buyer.countryCode }),
  },
  i18n: {
    translate(key, replacements = {}) {
      let value = lookup(key);
      if (value && typeof value === "object" && typeof replacements.count === "number") {
        value = value[new Intl.PluralRules(data.locale).select(replacements.count)] ?? value.other;
      }
      if (typeof value !== "string") return key;
      return value.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, name) => (name in replacements ? String(replacements[name]) : match));
    },
    formatNumber: (number, options) => new Intl.NumberFormat(data.locale, options).format(number),
    formatCurrency: (number, options = {}) =>
      new Intl.NumberFormat(data.locale, { style: "currency", currency: options.currency ?? data.currency, ...options }).format(number),
    formatDate: (date, options) => new Intl.DateTimeFormat(data.locale, options).format(date),
  },
  storage: {
    async read(key) { const raw = localStorage.getItem(`encore-ext:${key}`); return raw === null ? null : JSON.parse(raw); },
    async write(key, value) { localStorage.setItem(`encore-ext:${key}`, JSON.stringify(value)); },
    async delete(key) { localStorage.removeItem(`encore-ext:${key}`); },
  },
  sessionToken: {
    // Cached until shortly before it expires, as Shopify's get() does.
    async get() {
      if (cachedToken && cachedToken.expiresAt - 10_000 > Date.now()) return cachedToken.token;
      const response = await fetch(data.sessionTokenUrl);
      const { token, expiresAt } = await response.json();
      cachedToken = { token, expiresAt: Date.parse(expiresAt) };
      return token;
    },
  },
  setSignals(Signal) {
    for (const holder of signals.keys()) signals.set(holder, new Signal(holder.value));
  },
};
globalThis.shopify = shopify;

// The bundle calls Encore at /api/extension/*; the preview answers those calls without issuing or recording.
const networkFetch = globalThis.fetch.bind(globalThis);
globalThis.fetch = (url, init) => networkFetch(String(url).replace(/^\/api\/extension\//, `${data.previewApiUrl}/`), init);

const extension = await import(data.bundleUrl);
await extension.default();
document.documentElement.dataset.extensionRendered = "true";
