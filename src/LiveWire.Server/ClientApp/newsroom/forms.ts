// Errors next to the field they are about; anything else at the form's own error line.
import { query } from "../shared/dom.js";
import { messageOf } from "../shared/errors.js";
import { ProblemError } from "./api.js";

const STATUS_TEXT: Partial<Record<number, string>> = {
  401: "The server refused the token: sign in again.",
  403: "This token may not do that (it needs the newsroom role).",
  409: "That development was retracted: it can no longer change.",
  413: "That is too large.",
  429: "Too many changes at once: wait a moment and try again.",
  503: "The newsroom cannot take changes right now; nothing was saved. Try again.",
};

export function clearErrors(form: HTMLFormElement): void {
  for (const line of form.querySelectorAll("[data-error-for]")) {
    line.textContent = "";
  }
  for (const field of form.querySelectorAll("[aria-invalid]")) {
    field.removeAttribute("aria-invalid");
  }
}

/** Shows `error` in `form`: each field's messages beside it (first bad field focused), the rest at the form line. */
export function showErrors(form: HTMLFormElement, error: unknown): void {
  clearErrors(form);
  const general: string[] = [];
  let first: HTMLElement | null = null;
  if (error instanceof ProblemError && Object.keys(error.errors).length > 0) {
    for (const [name, messages] of Object.entries(error.errors)) {
      const key = name.toLowerCase();
      const line = form.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
      const text = [messages].flat().join(" ");
      if (line) {
        line.textContent = text;
        const field = form.elements.namedItem(key);
        if (field instanceof HTMLElement) {
          field.setAttribute("aria-invalid", "true");
          first ??= field;
        }
      } else {
        general.push(`${name}: ${text}`);
      }
    }
  } else {
    general.push((error instanceof ProblemError ? STATUS_TEXT[error.status] : undefined) ?? messageOf(error));
  }
  const line = form.querySelector('[data-error-for="form"]');
  if (line) {
    line.textContent = general.join(" ");
  }
  const invalid = first ?? form.querySelector("[aria-invalid]");
  if (invalid instanceof HTMLElement) {
    invalid.focus();
  }
}

/** Runs `action` for `form`'s submit, showing errors and a short "saved" note. */
export function onSubmit(form: HTMLFormElement, action: () => Promise<unknown>, savedText = "Saved"): void {
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form);
    const button = query(form, 'button[type="submit"]', HTMLButtonElement);
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
