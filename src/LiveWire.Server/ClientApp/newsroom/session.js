// The signed-in token: kept for this tab only (sessionStorage), never in a cookie.

const KEY = "livewire-newsroom-token";

/** The roles a LiveWire token carries (its `role` claim), read without checking it: the server checks. */
export function rolesOf(token) {
  const parts = token.split(".");
  if (parts.length !== 3) {
    throw new Error("That is not a LiveWire token (a JWT has three parts separated by dots).");
  }
  let claims;
  try {
    claims = JSON.parse(atob(parts[1].replace(/-/g, "+").replace(/_/g, "/")));
  } catch {
    throw new Error("That token cannot be read: paste the whole token.");
  }
  if (typeof claims.exp === "number" && claims.exp * 1000 < Date.now()) {
    throw new Error("That token has expired.");
  }
  const roles = [].concat(claims.role ?? claims.roles ?? []);
  return { subject: claims.sub ?? "editor", roles };
}

export const session = {
  get token() {
    return sessionStorage.getItem(KEY);
  },
  set token(value) {
    if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
  },
};
