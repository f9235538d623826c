import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Liquid, type TagToken, type TopLevelToken } from "liquidjs";
import { storefrontLocale, type StorefrontLocale } from "../../domain/storefront/returning-banner";

export const STOREFRONT_EXTENSION_DIR = path.resolve(import.meta.dirname, "../../../extensions/encore-storefront");

export type BlockName = "cart-nudge" | "returning-banner" | "signup-form";

/** The Liquid objects a block sees on a Shopify storefront (only the fields Encore's blocks use). */
export interface StorefrontLiquidContext {
  locale: string;
  customer?: {
    id: number;
    first_name: string | null;
    last_name?: string | null;
    email: string;
    accepts_marketing: boolean;
    metafields?: { facts?: { birth_date?: { value: string } } };
  } | null;
  cart?: { item_count: number; total_price: number; currency: { iso_code: string }; items: { title: string; quantity: number; final_line_price: number }[] };
  shop?: { name: string; permanent_domain: string; currency: string };
}

type Translations = Record<string, unknown>;

/**
 * Renders the theme app extension's blocks with liquidjs, standing in for the Shopify-only parts: the `t`
 * filter (the extension's locale files, English fallback, `{{ var }}` interpolation), `asset_url`, the
 * `{% schema %}` tag (parsed for setting defaults, rendered as nothing) and `block.shopify_attributes`.
 * Used by the tests and by the demo storefront preview; Shopify renders the same files in production.
 */
export class StorefrontLiquidRenderer {
  private readonly engine: Liquid;
  private readonly translations = new Map<string, Translations>();
  private readonly schemas = new Map<BlockName, { settings?: { id: string; default?: unknown }[] }>();

  constructor(private readonly options: { extensionDir?: string; assetBaseUrl: string }) {
    const dir = options.extensionDir ?? STOREFRONT_EXTENSION_DIR;
    this.engine = new Liquid({
      root: [path.join(dir, "blocks")],
      partials: [path.join(dir, "snippets")],
      extname: ".liquid",
      strictFilters: true,
      cache: true,
    });
    for (const file of readdirSync(path.join(dir, "locales"))) {
      const match = /^([a-z-]+?)(\.default)?\.json$/i.exec(file);
      if (match) this.translations.set(match[1], JSON.parse(readFileSync(path.join(dir, "locales", file), "utf8")));
    }
    for (const file of readdirSync(path.join(dir, "blocks"))) {
      const source = readFileSync(path.join(dir, "blocks", file), "utf8");
      const schema = /\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/.exec(source);
      if (schema) this.schemas.set(file.replace(/\.liquid$/, "") as BlockName, JSON.parse(schema[1]));
    }

    this.engine.registerTag("schema", {
      parse(_token: TagToken, remaining: TopLevelToken[]) {
        while (remaining.length > 0) {
          const token = remaining.shift() as TagToken;
          if ((token as { name?: string }).name === "endschema") return;
        }
        throw new Error("{% schema %} without {% endschema %}");
      },
      *render() {},
    });
    this.engine.registerFilter("asset_url", (file: string) => `${options.assetBaseUrl}/${encodeURIComponent(file)}`);
    const renderer = this;
    // The locale travels as a render global: snippets rendered with {% render %} see globals, not the caller's scope.
    this.engine.registerFilter("t", function (this: { context: { globals: Record<string, unknown> } }, key: string, ...args: [string, unknown][]) {
      const locale = (this.context.globals.locale as StorefrontLocale | undefined) ?? "en";
      return renderer.translate(locale, key, Object.fromEntries(args.filter(Array.isArray)));
    });
  }

  /** Setting defaults from the block's schema, overridden by `settings`. */
  blockSettings(block: BlockName, settings: Record<string, unknown> = {}): Record<string, unknown> {
    const defaults = Object.fromEntries((this.schemas.get(block)?.settings ?? []).map((setting) => [setting.id, setting.default ?? null]));
    return { ...defaults, ...settings };
  }

  translate(locale: StorefrontLocale, key: string, values: Record<string, unknown> = {}): string {
    const lookup = (translations: Translations | undefined) =>
      key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Translations)[part] : undefined), translations);
    const found = lookup(this.translations.get(locale)) ?? lookup(this.translations.get("en"));
    // Shopify renders a missing key as "translation missing: …"; theme-check keeps that from shipping.
    if (typeof found !== "string") return `translation missing: ${locale}.${key}`;
    return found.replace(/\{\{\s*(\w+)\s*\}\}/g, (_all, name: string) => String(values[name] ?? ""));
  }

  direction(locale: string): "ltr" | "rtl" {
    return this.translate(storefrontLocale(locale), "encore.direction") === "rtl" ? "rtl" : "ltr";
  }

  async renderBlock(
    block: BlockName,
    context: StorefrontLiquidContext & { blockId?: string; settings?: Record<string, unknown> },
  ): Promise<string> {
    const locale = storefrontLocale(context.locale);
    const scope = {
      customer: context.customer ?? null,
      cart: context.cart ?? null,
      shop: context.shop ?? null,
      request: { locale: { iso_code: context.locale }, design_mode: false },
      routes: { account_login_url: "/account/login", cart_url: "/cart", root_url: "/" },
      block: { id: context.blockId ?? `encore-${block}`, settings: this.blockSettings(block, context.settings), shopify_attributes: "" },
    };
    return this.engine.renderFile(block, scope, { globals: { locale } });
  }
}
