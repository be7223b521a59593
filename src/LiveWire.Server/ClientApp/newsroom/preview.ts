// The preview: the post as readers will see it, with the body cut to the subset the server keeps.

// Matched against an element's localName, lower-cased: tagName is upper case only for HTML elements, while an SVG or
// MathML element in an HTML document keeps its own case ("svg", "math", "foreignObject").
const ALLOWED = new Set(["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"]);
// The server's BodySanitizer drops the same elements with all they hold.
const DROPPED = new Set([
  "script", "style", "template", "iframe", "object", "embed", "noscript", "svg", "math", "textarea", "select", "title", "head",
]);

// Chromium checks inline handlers and styles, style elements and base, link and meta tags against this page's CSP even
// in a DOMParser document, where nothing runs, and logs a violation for each. None of them survives the copy below, so
// they go before parsing. That only keeps the console's log clean: the copy is what keeps the preview safe.
const NOISY_ATTRIBUTES = /(?<=[\s/"'])(?:on[a-z]+|style)\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*)/gi;
const NOISY_ELEMENTS = /<style\b[\s\S]*?(?:<\/style\s*>|$)/gi;
const NOISY_TAGS = /<(base|link|meta)\b/gi;

/** `html` with only the safe subset (p br strong em b i ul ol li blockquote a[href=http(s)]). Parsing runs no script. */
export function sanitize(html: string): string {
  const quiet = html.replace(NOISY_ELEMENTS, "").replace(NOISY_ATTRIBUTES, " ").replace(NOISY_TAGS, "<x-$1");
  const source = new DOMParser().parseFromString(`<body>${quiet}</body>`, "text/html").body;
  const target = document.createElement("div");
  copy(source, target);
  return target.innerHTML;
}

/** What the copy does with an element: drops it with all it holds, keeps it (the safe subset), or keeps what it holds. */
export function treatmentOf(element: Pick<Element, "localName">): "drop" | "keep" | "unwrap" {
  const name = element.localName.toLowerCase();
  return DROPPED.has(name) ? "drop" : ALLOWED.has(name) ? "keep" : "unwrap";
}

function copy(from: Node, to: Element): void {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.textContent ?? "");
    } else if (node instanceof Element) {
      const treatment = treatmentOf(node);
      if (treatment === "keep") {
        const element = document.createElement(node.localName);
        const href = node.localName === "a" ? node.getAttribute("href") : null;
        if (href && /^https?:\/\//i.test(href)) {
          element.setAttribute("href", href);
        }
        copy(node, element);
        to.append(element);
      } else if (treatment === "unwrap") {
        copy(node, to);
      }
    }
  }
}
