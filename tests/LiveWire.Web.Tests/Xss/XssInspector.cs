using Microsoft.Playwright;

namespace LiveWire.Web.Tests.Xss;

/// <summary>
/// What the XSS tests check on a page: the flag stays unset in every frame, no dialog opened, and the DOM holds no
/// element or attribute that could run script (a CSP may block an inline handler, but the widget also runs on other
/// sites' pages under their policy, or none).
/// </summary>
public static class XssInspector
{
    /// <summary>
    /// Returns what is dangerous on the page: anywhere, event handler attributes, <c>srcdoc</c>, script URLs
    /// (<c>javascript:</c>, <c>vbscript:</c>…, after the whitespace and control characters a browser ignores), CSS
    /// that runs code, frames, objects, embeds, <c>base</c>, <c>meta http-equiv</c>, inline or foreign scripts; inside
    /// rendered content (posts, key events, notices, the banner, titles, summaries, story lists, the dashboard's topics),
    /// any element or attribute LiveWire does not write itself, and links that are not http(s), fragments or /live/.
    /// </summary>
    public const string FindScript = """
        () => {
          const findings = [];
          const squash = (v) => v.replace(/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g, "").toLowerCase();
          const describe = (el) => {
            const attrs = [...el.attributes].map((a) => ` ${a.name}="${a.value}"`).join("");
            const where = el.closest("[data-id]")?.dataset.id ?? el.parentElement?.tagName ?? "document";
            return `<${el.tagName.toLowerCase()}${attrs}> (in ${where})`.slice(0, 300);
          };
          const scriptUrl = (v) => /^(javascript|vbscript|livescript|mocha):/.test(squash(v));
          const urlAttrs = new Set(["href", "src", "action", "formaction", "data", "ping", "background", "poster", "codebase",
            "cite", "lowsrc", "dynsrc", "to", "values", "from", "by", "srcset"]);
          const frames = new Set(["IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "BASE", "PORTAL", "APPLET", "ISINDEX"]);
          for (const el of document.querySelectorAll("*")) {
            for (const a of el.attributes) {
              const name = a.name.toLowerCase();
              if (name.startsWith("on")) findings.push(`event handler ${name}: ${describe(el)}`);
              else if (name === "srcdoc") findings.push(`srcdoc: ${describe(el)}`);
              else if ((urlAttrs.has(name) || name.endsWith(":href")) && scriptUrl(a.value)) findings.push(`script URL in ${name}: ${describe(el)}`);
              else if (name === "style" && /expression|javascript:|vbscript:|behavior|binding|url\(/.test(squash(a.value))) findings.push(`active CSS: ${describe(el)}`);
            }
            const tag = el.tagName.toUpperCase();
            if (frames.has(tag)) findings.push(`element: ${describe(el)}`);
            if (tag === "META" && el.hasAttribute("http-equiv")) findings.push(`meta http-equiv: ${describe(el)}`);
            if (tag === "SCRIPT" && (el.textContent.trim() !== "" || !/^https?:\/\/127\.0\.0\.1:\d+\/(livewire|newsroom|dashboard)\.js$/.test(el.src))) {
              findings.push(`script: ${describe(el)}`);
            }
            if (tag === "LINK" && !/^(stylesheet|icon|canonical)$/.test(el.rel)) findings.push(`link: ${describe(el)}`);
            if (tag === "STYLE" && /expression|javascript:|import/i.test(el.textContent)) findings.push(`style: ${describe(el)}`);
          }
          const roots = ".lw-post, .lw-key-event, .lw-notice, .lw-banner, .story-title, .story-summary, .story-list, #topics";
          const allowed = new Set(["LI", "DIV", "TIME", "SPAN", "H1", "H3", "P", "A", "STRONG", "EM", "B", "I", "UL", "OL", "BR",
            "BLOCKQUOTE", "BUTTON", "TBODY", "TR", "TD", "CODE"]);
          const attributes = /^(class|id|datetime|href|role|hidden|type|aria-[a-z-]+|data-[a-z-]+)$/;
          for (const root of document.querySelectorAll(roots)) {
            for (const el of [root, ...root.querySelectorAll("*")]) {
              if (!allowed.has(el.tagName)) findings.push(`unexpected element: ${describe(el)}`);
              if (el.tagName === "BUTTON" && !el.classList.contains("lw-banner-close")) findings.push(`unexpected button: ${describe(el)}`);
              for (const a of el.attributes) {
                if (!attributes.test(a.name)) findings.push(`unexpected attribute ${a.name}: ${describe(el)}`);
              }
              const href = el.getAttribute("href");
              if (href !== null) {
                const safe = el.closest(".lw-body") ? /^https?:\/\//i : /^(https?:\/\/|#|\/live\/)/i;
                if (!safe.test(href)) findings.push(`unexpected link: ${describe(el)}`);
              }
            }
          }
          return findings;
        }
        """;

    /// <summary>Fails when <paramref name="page"/> (any of its frames) shows a payload ran or could run.</summary>
    public static async Task AssertInertAsync(IPage page, string where)
    {
        foreach (var frame in page.Frames)
        {
            var flag = await frame.EvaluateAsync<string>($"() => typeof window.{XssCorpus.Flag}");
            Assert.True(flag == "undefined", $"{where}: a payload ran: window.{XssCorpus.Flag} is {flag} in frame {frame.Url}");
        }

        Assert.Single(page.Frames);
        var findings = await page.EvaluateAsync<string[]>(FindScript);
        Assert.True(findings.Length == 0, $"{where}: dangerous markup on {page.Url}:\n" + string.Join("\n", findings.Take(40)));
    }

    /// <summary>Counts the dialogs a page opens (a payload's <c>alert</c>), dismissing them.</summary>
    public static Func<int> CountDialogs(IPage page)
    {
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            Interlocked.Increment(ref dialogs);
            _ = dialog.DismissAsync();
        };
        return () => Volatile.Read(ref dialogs);
    }
}
