// <encore-cart-nudge>: on a device where a customer with an Encore coupon was signed in before, the sign-in
// line invites them back for their coupon. The choice is made here, from this device's own marker: the server
// is never asked whether an email belongs to a customer. Both texts share one reserved line (no layout shift).
customElements.get("encore-cart-nudge") || customElements.define("encore-cart-nudge", class extends HTMLElement {
  connectedCallback() {
    let returning = null;
    try {
      returning = localStorage.getItem("encore:returning");
    } catch {}
    if (!returning || (returning.length > 1 && new Date(returning) < new Date())) return;
    const generic = this.querySelector("[data-generic]");
    const invite = this.querySelector("[data-returning]");
    if (generic && invite) {
      generic.hidden = true;
      invite.hidden = false;
    }
  }
});
