// A sessionStorage for the unit tests, which run in Node where there is none.
import type { TestContext } from "node:test";

/**
 * Gives this test a sessionStorage: a working one over `entries`, or (null) one the browser refuses, as in a privacy
 * mode that blocks site data, where reading the sessionStorage property throws a SecurityError.
 */
export function useSessionStorage(t: TestContext, entries: Map<string, string> | null): void {
  const storage = entries && {
    getItem: (key: string) => entries.get(key) ?? null,
    setItem: (key: string, value: string) => { entries.set(key, value); },
    removeItem: (key: string) => { entries.delete(key); },
  };
  Object.defineProperty(globalThis, "sessionStorage", {
    configurable: true,
    get: () => {
      if (!storage) throw new DOMException("The operation is insecure.", "SecurityError");
      return storage;
    },
  });
  t.after(() => { Reflect.deleteProperty(globalThis, "sessionStorage"); });
}
