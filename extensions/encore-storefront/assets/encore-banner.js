// <encore-banner>: the signed-in customer's unused Encore coupon (from the app proxy) in a fixed bar with an
// apply link. Remembers a dismissal per code; marks the device as a returning customer's (no personal data).
customElements.get("encore-banner") || customElements.define("encore-banner", class extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const d = this.dataset;
    const pad = (px) => (document.body.style.paddingBlockEnd = px);
    fetch(d.src, { signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { show: false }))
      .then((data) => {
        if (!data.show) return localStorage.removeItem("encore:returning");
        localStorage.setItem("encore:returning", data.expiresAt || "1");
        if (localStorage.getItem("encore:dismissed") === data.code) return;
        const text = this.querySelector("p");
        // Values go into the localized sentence as text, never as HTML.
        const parts = { amount: data.amount, code: data.code, date: this.expiry(data) };
        d.text.split(/\{(\w+)\}/).forEach((part, index) => {
          const value = index % 2 ? parts[part] || "" : part;
          text.append(part === "code" ? Object.assign(document.createElement("bdi"), { textContent: value }) : value);
        });
        if (data.minimum) text.append(" " + d.minimum.replace("{amount}", data.minimum));
        this.querySelector("[data-apply]").href = d.discountUrl + encodeURIComponent(data.code) + "?redirect=" + encodeURIComponent(location.pathname);
        this.querySelector("[data-dismiss]").addEventListener("click", () => {
          localStorage.setItem("encore:dismissed", data.code);
          this.hidden = true;
          pad("");
        }, { signal });
        // The bar steps aside while the shopper types (a phone's keyboard leaves little room).
        const typing = (event) => this.classList.toggle("encore-away", event.type == "focusin" && event.target.matches("input,textarea,select"));
        document.addEventListener("focusin", typing, { signal });
        document.addEventListener("focusout", typing, { signal });
        this.hidden = false;
        // Room after the page's end, so the bar never covers the last block (this shifts nothing).
        pad(this.offsetHeight + "px");
      })
      .catch(() => {});
  }

  // "today, 14:56" by the shopper's own clock; later days as the server formatted them.
  expiry(data) {
    if (!data.expiresAt) return "";
    const at = new Date(data.expiresAt);
    const days = Math.round((new Date(at).setHours(0, 0, 0, 0) - new Date().setHours(0, 0, 0, 0)) / 864e5);
    if (days > 1) return this.dataset.on.replace("{date}", data.expiresOn);
    const time = new Intl.DateTimeFormat(this.lang || undefined, { timeStyle: "short" }).format(at);
    return (days ? this.dataset.tomorrow : this.dataset.today).replace("{time}", time);
  }

  disconnectedCallback() {
    this.abort.abort();
  }
});
