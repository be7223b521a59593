// The overview API and the admin token the dashboard reads it with.
import { SessionValue } from "../shared/storage.js";
import type { Overview } from "./overview.js";

/** The token kept for this tab (sessionStorage, or memory where the browser refuses storage). */
export const savedToken = new SessionValue("livewire.dashboard.token");

/** Thrown when the server refuses the token: the page asks for another one instead of retrying. */
export class TokenRefused extends Error {
  constructor(readonly status: number) {
    super(status === 403 ? "This token does not have the admin role." : "The server did not accept this token (expired, or signed with another key).");
  }
}

/** GET /api/admin/overview, bounded by `timeoutMs`. */
export async function fetchOverview(token: string, timeoutMs = 5000): Promise<Overview> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch("/api/admin/overview", {
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      cache: "no-store",
      signal: controller.signal,
    });
    if (response.status === 401 || response.status === 403) throw new TokenRefused(response.status);
    if (!response.ok) throw new Error(`The overview answered ${response.status}.`);
    return (await response.json()) as Overview;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw new Error("The overview did not answer in time.", { cause: error });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
