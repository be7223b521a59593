import assert from "node:assert/strict";
import { test } from "node:test";
import { rolesOf, session } from "../newsroom/session.js";
import { useSessionStorage } from "./session-storage.js";

/** A token with these claims, signed with nothing: the console reads the claims, the server checks the signature. */
function token(claims: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.signature`;
}

test("the role claim gives the token's roles, whether it names one or several", () => {
  assert.deepEqual(rolesOf(token({ sub: "ana", role: "newsroom" })), { subject: "ana", roles: ["newsroom"] });
  assert.deepEqual(rolesOf(token({ sub: "ana", role: ["newsroom", "admin"] })).roles, ["newsroom", "admin"]);
  assert.deepEqual(rolesOf(token({ roles: ["admin"] })).roles, ["admin"]);
});

test("a token that names no role has none, and one that names no subject is an editor's", () => {
  assert.deepEqual(rolesOf(token({})), { subject: "editor", roles: [] });
});

test("the payload is read as base64url, with - and _ where base64 has + and /", () => {
  const subject = "ed?>~ a??>";
  const signed = token({ sub: subject, role: "newsroom" });
  assert.match(signed.split(".")[1] ?? "", /[-_]/, "the test's payload must use the url-safe characters");
  assert.equal(rolesOf(signed).subject, subject);
});

test("a subject outside ASCII is read as UTF-8, as the token's issuer wrote it", () => {
  for (const subject of ["José Müller", "Łukasz", "Zoë 王"]) {
    assert.equal(rolesOf(token({ sub: subject, role: "newsroom" })).subject, subject);
  }
});

test("the payload is read with its base64 padding and without it", () => {
  // Payloads of each length modulo 3, so that unpadded base64url ends one or two characters short of a multiple of 4.
  for (const sub of ["a", "ab", "abc"]) {
    const payload = Buffer.from(JSON.stringify({ sub })).toString("base64");
    assert.equal(rolesOf(`header.${payload}.signature`).subject, sub);
    assert.equal(rolesOf(`header.${payload.replace(/=+$/, "")}.signature`).subject, sub);
  }
});

test("an expired token is refused before the server is asked, a current one is read", () => {
  const now = Math.floor(Date.now() / 1000);
  assert.throws(() => rolesOf(token({ role: "newsroom", exp: now - 60 })), /expired/);
  assert.deepEqual(rolesOf(token({ role: "newsroom", exp: now + 60 })).roles, ["newsroom"]);
});

test("what is not a token is refused with the reason", () => {
  assert.throws(() => rolesOf("not-a-token"), /three parts/);
  assert.throws(() => rolesOf("a.b.c.d"), /three parts/);
  assert.throws(() => rolesOf("header.!!!.signature"), /cannot be read/);
  assert.throws(() => rolesOf(`header.${Buffer.from("null").toString("base64url")}.signature`), /cannot be read/);
  const notUtf8 = Buffer.concat([Buffer.from('{"sub":"'), Buffer.from([0xff]), Buffer.from('"}')]).toString("base64url");
  assert.throws(() => rolesOf(`header.${notUtf8}.signature`), /cannot be read/);
});

test("where the browser refuses session storage, the console keeps the token in memory and signs out", (t) => {
  useSessionStorage(t, null);

  assert.equal(session.token, null);
  session.token = "signed.in.token";
  assert.equal(session.token, "signed.in.token");
  session.token = null;
  assert.equal(session.token, null);
});
