// <encore-signup>: inline validation with the browser's constraint API (messages from the block's locale), errors
// tied to fields with aria-invalid/aria-describedby and announced through the status region, submission to the
// app proxy as JSON. Without JavaScript the form still posts to the same endpoint.
customElements.get("encore-signup") || customElements.define("encore-signup", class extends HTMLElement {
  connectedCallback() {
    const form = this.querySelector("[data-form]");
    if (!form) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    const status = form.querySelector("[data-status]");
    const messages = this.dataset;
    form.noValidate = true;

    const show = (field, message) => {
      const error = form.querySelector(`[data-error-for="${field.name}"]`);
      field.setAttribute("aria-invalid", message ? "true" : "false");
      if (error) error.textContent = message;
    };
    const check = (field) => {
      const state = field.validity;
      const message = state.valid ? "" : state.valueMissing
        ? (field.type === "checkbox" ? messages.msgConsent : messages.msgRequired)
        : field.type === "email" ? messages.msgEmail : messages.msgBirthday;
      show(field, message);
      return message;
    };
    const fields = () => [...form.elements].filter((field) => field.willValidate);

    form.addEventListener("change", (event) => event.target.willValidate && check(event.target), { signal });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const problems = fields().map(check).filter(Boolean);
      if (problems.length) {
        status.textContent = problems.join(" ");
        return fields().find((field) => !field.validity.valid).focus();
      }
      const body = {};
      new FormData(form).forEach((value, key) => (body[key] = key === "marketingConsent" ? value === "true" : value));
      const button = form.querySelector("button");
      button.disabled = true;
      status.textContent = "";
      fetch(form.action, {
        method: "POST",
        signal,
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      })
        .then((response) => response.json().then((data) => {
          if (response.ok) {
            form.replaceChildren(status);
            status.textContent = messages.msgDone;
            return;
          }
          const fieldProblems = (data.error && data.error.fields) || [];
          fieldProblems.forEach((problem) => {
            const field = form.elements[problem.field];
            if (field && field.name) show(field, check(field) || (field.type === "email" ? messages.msgEmail : messages.msgBirthday));
          });
          status.textContent = fieldProblems.length ? fieldProblems.map((problem) => form.querySelector(`[data-error-for="${problem.field}"]`)?.textContent).join(" ") : messages.msgFailed;
        }))
        .catch(() => (status.textContent = messages.msgFailed))
        .finally(() => (button.disabled = false));
    }, { signal });
  }

  disconnectedCallback() {
    this.abort?.abort();
  }
});
