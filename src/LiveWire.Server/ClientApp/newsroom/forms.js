// Errors next to the field they are about; anything else at the form's own error line.
import { ProblemError } from "./api.js";

const STATUS_TEXT = {
  401: "The server refused the token: sign in again.",
  403: "This token may not do that (it needs the newsroom role).",
  409: "That development was retracted: it can no longer change.",
  413: "That is too large.",
  429: "Too many changes at once: wait a moment and try again.",
  503: "The newsroom cannot take changes right now; nothing was saved. Try again.",
};

export function clearErrors(form) {
  for (const line of form.querySelectorAll("[data-error-for]")) {
    line.textContent = "";
  }
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
  }
}

/** Shows `error` in `form`: each field's messages beside it (first bad field focused), the rest at the form line. */
export function showErrors(form, error) {
  clearErrors(form);
  const general = [];
  let first = null;
  if (error instanceof ProblemError && Object.keys(error.errors).length > 0) {
    for (const [name, messages] of Object.entries(error.errors)) {
      const key = name.toLowerCase();
      const line = form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
      const text = `${[].concat(messages).join(" ")}`;
      if (line) {
        line.textContent = text;
        const field = form.elements.namedItem(key);
        field?.setAttribute?.("aria-invalid", "true");
        first ??= field;
      } else {
        general.push(`${name}: ${text}`);
      }
    }
  } else {
    general.push(STATUS_TEXT[error.status] ?? error.message);
  }
  const line = form.querySelector('[data-error-for="form"]');
  if (line) {
    line.textContent = general.join(" ");
  }
  (first ?? form.querySelector("[aria-invalid]"))?.focus();
}

/** Runs `action` for `form`'s submit, showing errors and a short "saved" note. */
export function onSubmit(form, action, savedText = "Saved") {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      await action();
      const saved = form.querySelector(".saved");
      if (saved) {
        saved.textContent = `${savedText} ${new Date().toLocaleTimeString([], { hourCycle: "h23" })}`;
      }
    } catch (error) {
      showErrors(form, error);
    } finally {
      button.disabled = false;
    }
  });
}
