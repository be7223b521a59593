// A value kept for this tab (sessionStorage: it goes when the tab closes, and it is never sent in a cookie). Some
// browsers refuse storage: in a privacy mode, or with site data blocked, touching sessionStorage throws a
// SecurityError. The value then lives in this page's memory only: the app works on, and asks again after a reload.

/** One string in sessionStorage under `key`, or in memory where the browser refuses storage. */
export class SessionValue {
  /** What this page last read or set: the one copy where storage is refused. */
  #value: string | null = null;
  #read = false;

  constructor(private readonly key: string) {}

  /** The value, or null where there is none. */
  get(): string | null {
    if (!this.#read) {
      this.#read = true;
      try {
        this.#value = sessionStorage.getItem(this.key);
      } catch {
        // Refused: nothing was kept from before this page.
      }
    }
    return this.#value;
  }

  /** Keeps `value`; null or "" forgets it. */
  set(value: string | null): void {
    this.#value = value || null;
    this.#read = true;
    try {
      if (this.#value === null) sessionStorage.removeItem(this.key);
      else sessionStorage.setItem(this.key, this.#value);
    } catch {
      // Refused: the value lives in this page's memory only.
    }
  }
}
