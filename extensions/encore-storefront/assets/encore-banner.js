// <encore-banner>: asks the app proxy for the signed-in customer's unused Encore coupon and, if there is one,
// shows it in a fixed (layout-neutral) bar. Remembers a dismissal per code and marks this device as a returning
// customer's (no personal data) so the cart nudge can offer sign-in later.
customElements.get("encore-banner") || customElements.define("encore-banner", class extends HTMLElement {
  connectedCallback() {
    this.abort = new AbortController();
    const signal = this.abort.signal;
    fetch(this.dataset.src, { signal, headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : { show: false }))
      .then((data) => {
        if (!data.show) return localStorage.removeItem("encore:returning");
        localStorage.setItem("encore:returning", data.expiresAt || "1");
        if (localStorage.getItem("encore:dismissed") === data.code) return;
        const text = this.querySelector("p");
        // The localized sentence carries {amount}, {code} and {date}; values go in as text, never as HTML.
        this.dataset.text.split(/\{(\w+)\}/).forEach((part, index) => {
          const value = index % 2 ? { amount: data.amount, code: data.code, date: data.expiresOn }[part] || "" : part;
          text.append(part === "code" ? Object.assign(document.createElement("bdi"), { textContent: value }) : value);
        });
        this.querySelector("[data-dismiss]").addEventListener("click", () => {
          localStorage.setItem("encore:dismissed", data.code);
          this.hidden = true;
        }, { signal });
        this.hidden = false;
      })
      .catch(() => {});
  }

  disconnectedCallback() {
    this.abort.abort();
  }
});
