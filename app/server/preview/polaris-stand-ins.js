// Minimal local stand-ins for the Polaris web components the thank-you extension renders (s-stack, s-banner,
// s-text, s-button, s-clipboard-item, s-heading, s-link, s-product-thumbnail). They are NOT Shopify's
// implementation: in a real checkout Shopify renders these elements itself, styled by the merchant's
// branding. They implement only the properties, events and commands Encore's block uses, closely enough
// that the unmodified bundle runs in Chromium for the preview and the browser tests.
const css = `
  s-stack { display: flex; flex-direction: column; gap: 12px; }
  s-stack[direction="inline"] { flex-direction: row; flex-wrap: wrap; }
  s-stack[gap="small-200"] { gap: 8px; } s-stack[gap="small-300"] { gap: 4px; }
  s-stack[alignitems="center"] { align-items: center; }
  s-text { display: block; } s-stack[direction="inline"] > s-text { display: inline-block; }
  s-text[type="strong"] { font-weight: 700; letter-spacing: .08em; font-family: ui-monospace, monospace; font-size: 1.1em; }
  s-text[color="subdued"] { color: #616161; font-size: .92em; }
  s-heading { display: block; font-weight: 650; font-size: 1.05em; }
  s-link { color: #005bd3; text-decoration: underline; cursor: pointer; }
  s-clipboard-item { display: none; }
`;
const style = document.createElement("style");
style.textContent = css;
document.head.append(style);

function reflect(Element, names) {
  for (const name of names) {
    Object.defineProperty(Element.prototype, name, {
      get() { return this.getAttribute(name.toLowerCase()); },
      set(value) { value == null || value === false ? this.removeAttribute(name.toLowerCase()) : this.setAttribute(name.toLowerCase(), value === true ? "" : String(value)); },
    });
  }
}

class SStack extends HTMLElement {}
reflect(SStack, ["direction", "gap", "alignItems"]);

class SText extends HTMLElement {}
reflect(SText, ["type", "color"]);

class SHeading extends HTMLElement {
  connectedCallback() { this.setAttribute("role", "heading"); this.setAttribute("aria-level", "2"); }
}

class SBanner extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" }).innerHTML = `
      <style>
        :host { display: block; border-radius: 12px; padding: 14px 16px; background: #eaf4ff; border: 1px solid #b4d5ff; }
        :host([tone="success"]) { background: #e9f8ef; border-color: #9fe0b7; }
        h2 { margin: 0 0 8px; font-size: 1.05em; }
      </style>
      <section role="status"><h2 part="heading"></h2><slot></slot></section>`;
  }
  static get observedAttributes() { return ["heading"]; }
  attributeChangedCallback() { this.shadowRoot.querySelector("h2").textContent = this.getAttribute("heading") ?? ""; }
}
reflect(SBanner, ["heading", "tone"]);

class SButton extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" }).innerHTML = `
      <style>
        button { font: inherit; padding: 8px 14px; border-radius: 8px; border: 1px solid #1a1a1a; background: #1a1a1a; color: #fff; cursor: pointer; }
        :host([variant="secondary"]) button { background: #fff; color: #1a1a1a; }
        button:disabled { opacity: .5; cursor: default; }
      </style>
      <button part="button" type="button"><slot></slot></button>`;
    this.shadowRoot.querySelector("button").addEventListener("click", (event) => this.#activate(event));
  }
  static get observedAttributes() { return ["disabled"]; }
  attributeChangedCallback() { this.shadowRoot.querySelector("button").disabled = this.hasAttribute("disabled"); }
  #activate() {
    if (this.hasAttribute("disabled")) return;
    const targetId = this.getAttribute("commandfor");
    if (targetId) {
      const target = document.getElementById(targetId);
      if (this.getAttribute("command") === "--copy" || this.getAttribute("command") === "--auto") target?.copy?.();
    } else if (this.getAttribute("href")) {
      window.open(this.getAttribute("href"), this.getAttribute("target") ?? "_self");
    }
  }
}
reflect(SButton, ["variant", "disabled", "commandFor", "command", "href", "target", "tone"]);

class SClipboardItem extends HTMLElement {
  async copy() {
    try {
      await navigator.clipboard.writeText(this.getAttribute("text") ?? "");
      this.dispatchEvent(new Event("copy"));
    } catch {
      this.dispatchEvent(new Event("copyerror"));
    }
  }
}
reflect(SClipboardItem, ["text"]);

class SLink extends HTMLElement {
  connectedCallback() {
    this.setAttribute("role", "link");
    this.tabIndex = 0;
    this.addEventListener("click", () => window.open(this.getAttribute("href"), this.getAttribute("target") ?? "_self"));
  }
}
reflect(SLink, ["href", "target"]);

class SProductThumbnail extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" }).innerHTML = `<style>img { width: 64px; height: 64px; object-fit: cover; border-radius: 8px; }</style><img>`;
  }
  static get observedAttributes() { return ["src", "alt"]; }
  attributeChangedCallback(name, _old, value) { this.shadowRoot.querySelector("img").setAttribute(name, value ?? ""); }
}
reflect(SProductThumbnail, ["src", "alt"]);

for (const [tag, Element] of Object.entries({
  "s-stack": SStack, "s-text": SText, "s-heading": SHeading, "s-banner": SBanner, "s-button": SButton,
  "s-clipboard-item": SClipboardItem, "s-link": SLink, "s-product-thumbnail": SProductThumbnail,
})) customElements.define(tag, Element);
