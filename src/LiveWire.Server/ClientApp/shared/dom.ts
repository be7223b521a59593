// Look-ups of elements that a page, or markup the app built itself, must have. A missing one means the page and the
// script disagree (an id renamed on one side only, a stale bundle): the look-up fails at once and names what it
// wanted, instead of a TypeError about `null` somewhere later.

/** An element class to check a look-up against, e.g. HTMLInputElement. */
type ElementType<T extends Element> = abstract new (...args: never[]) => T;

function checked<T extends Element>(found: Element | null, type: ElementType<T>, what: string): T {
  if (found instanceof type) {
    return found;
  }
  throw new Error(found
    ? `LiveWire: ${what} is a <${found.localName}>, not a ${type.name}.`
    : `LiveWire: ${what} is missing.`);
}

/** The page's element with this id. */
export function byId<T extends Element>(id: string, type: ElementType<T>): T {
  return checked(document.getElementById(id), type, `#${id}`);
}

/** The first element in `scope` that `selector` matches. */
export function query<T extends Element>(scope: ParentNode, selector: string, type: ElementType<T>): T {
  return checked(scope.querySelector(selector), type, `"${selector}"`);
}

/** The control named `name` in `form` (one control: a group of radio buttons is not one). */
export function control<T extends Element>(form: HTMLFormElement, name: string, type: ElementType<T>): T {
  const found = form.elements.namedItem(name);
  return checked(found instanceof Element ? found : null, type, `field "${name}" of form #${form.id}`);
}
