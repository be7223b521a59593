import assert from "node:assert/strict";
import { test } from "node:test";
import { treatmentOf } from "../newsroom/preview.js";

/**
 * An element's names as a browser gives them for markup parsed into an HTML document: an HTML element's tagName is
 * upper case and its localName lower case; an SVG or MathML element keeps its own case in both ("svg", "foreignObject").
 */
function html(name: string): Pick<Element, "tagName" | "localName"> {
  return { tagName: name.toUpperCase(), localName: name };
}
function foreign(name: string): Pick<Element, "tagName" | "localName"> {
  return { tagName: name, localName: name };
}

test("the preview keeps the safe subset's elements, the server's p br strong em b i ul ol li blockquote a", () => {
  for (const name of ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"]) {
    assert.equal(treatmentOf(html(name)), "keep", name);
  }
});

test("the preview drops code, embedded documents and form or head text with all they hold, as the server does", () => {
  for (const name of ["script", "style", "template", "iframe", "object", "embed", "noscript", "textarea", "select", "title", "head"]) {
    assert.equal(treatmentOf(html(name)), "drop", name);
  }
});

test("the preview drops SVG and MathML with all they hold, though their names are lower case", () => {
  assert.equal(treatmentOf(foreign("svg")), "drop");
  assert.equal(treatmentOf(foreign("math")), "drop");
});

test("any other element goes but keeps what it holds", () => {
  for (const element of [html("div"), html("span"), html("font"), foreign("foreignObject"), foreign("mi")]) {
    assert.equal(treatmentOf(element), "unwrap", element.localName);
  }
});
