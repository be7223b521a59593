// The preview: the post as readers will see it, with the body cut to the subset the server keeps.

const ALLOWED = new Set(["P", "BR", "STRONG", "EM", "B", "I", "UL", "OL", "LI", "BLOCKQUOTE", "A"]);
const DROPPED = new Set(["SCRIPT", "STYLE", "TEMPLATE", "IFRAME", "OBJECT", "EMBED", "NOSCRIPT", "SVG", "MATH"]);

/** `html` with only the safe subset (p br strong em b i ul ol li blockquote a[href=http(s)]). Parsing runs no script. */
export function sanitize(html) {
  const source = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html").body;
  const target = document.createElement("div");
  copy(source, target);
  return target.innerHTML;
}

function copy(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.textContent);
    } else if (node.nodeType === Node.ELEMENT_NODE && !DROPPED.has(node.tagName)) {
      if (ALLOWED.has(node.tagName)) {
        const element = document.createElement(node.tagName.toLowerCase());
        const href = node.tagName === "A" ? node.getAttribute("href") : null;
        if (href && /^https?:\/\//i.test(href)) {
          element.setAttribute("href", href);
        }
        copy(node, element);
        to.append(element);
      } else {
        copy(node, to);
      }
    }
  }
}
