// The signed-in token: kept for this tab only (sessionStorage, or memory where the browser refuses storage), never in
// a cookie.
import { SessionValue } from "../shared/storage.js";

const saved = new SessionValue("livewire-newsroom-token");

/** The claims of a LiveWire token that the console reads. */
interface Claims {
  sub?: string;
  exp?: unknown;
  role?: string | string[];
  roles?: string | string[];
}

/**
 * The text of a base64url part of a JWT, which is UTF-8 and usually unpadded. `atob` alone gives one character per
 * byte (Latin-1), which garbles every non-ASCII character ("José" would read "JosÃ©"): its bytes go through a UTF-8
 * decoder, which throws on bytes that are not UTF-8.
 */
function decodeBase64Url(part: string): string {
  const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="));
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
}

/** The claims in a JWT's payload (its middle part, base64url JSON), or null where they cannot be read. */
function claimsOf(payload: string): Claims | null {
  try {
    const claims: unknown = JSON.parse(decodeBase64Url(payload));
    return typeof claims === "object" && claims !== null ? claims : null;
  } catch {
    return null;
  }
}

/** The roles a LiveWire token carries (its `role` claim), read without checking it: the server checks. */
export function rolesOf(token: string): { subject: string; roles: string[] } {
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new Error("That is not a LiveWire token (a JWT has three parts separated by dots).");
  }
  const claims = claimsOf(parts[1]);
  if (!claims) {
    throw new Error("That token cannot be read: paste the whole token.");
  }
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) {
    throw new Error("That token has expired.");
  }
  const roles = [claims.role ?? claims.roles ?? []].flat();
  return { subject: claims.sub ?? "editor", roles };
}

export const session = {
  get token(): string | null {
    return saved.get();
  },
  set token(value: string | null) {
    saved.set(value);
  },
};
