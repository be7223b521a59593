using Ganss.Xss;

namespace LiveWire.Core.Validation;

/// <summary>
/// Reduces a body to the contract's safe HTML subset: <c>p br strong em b i ul ol li blockquote a[href=http(s)]</c>.
/// Scripts, event handlers, styles and other schemes are removed.
/// </summary>
public sealed class BodySanitizer
{
    // HtmlSanitizer is thread-safe once configured; configure once, share everywhere.
    private readonly HtmlSanitizer _sanitizer;

    // The newsroom console's preview (ClientApp/newsroom/preview.ts) drops the same elements.
    private static readonly HashSet<string> DroppedWithContent = new(
        ["script", "style", "template", "noscript", "iframe", "object", "embed", "svg", "math", "textarea", "select", "title", "head"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the sanitiser with the contract's allow-list.</summary>
    public BodySanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(
                ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"],
                StringComparer.OrdinalIgnoreCase),
            AllowedAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedSchemes = new HashSet<string>(["http", "https"], StringComparer.OrdinalIgnoreCase),
            UriAttributes = new HashSet<string>(["href"], StringComparer.OrdinalIgnoreCase),
            AllowedCssProperties = new HashSet<string>(StringComparer.OrdinalIgnoreCase),
        };
        // Unknown wrappers (span, div, font…) go but keep their text; elements whose content is code or markup
        // of their own go with all of it.
        _sanitizer = new HtmlSanitizer(options) { KeepChildNodes = true };
        // Only absolute http(s) links stay: HtmlSanitizer keeps relative ones too ("#", "x", "//host", "&#106;…" as a
        // path), which the contract does not allow and which, in the widget on another site's page, point into that site.
        _sanitizer.FilterUrl += (_, e) =>
        {
            if (e.SanitizedUrl is { } url && !IsHttp(url))
            {
                e.SanitizedUrl = null;
            }
        };
        _sanitizer.RemovingTag += (_, e) =>
        {
            if (DroppedWithContent.Contains(e.Tag.LocalName))
            {
                e.Tag.InnerHtml = string.Empty;
            }
        };
    }

    private static bool IsHttp(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The safe form of <paramref name="body"/>.</summary>
    public string Sanitize(string body) => body.Length == 0 ? body : _sanitizer.Sanitize(body);
}
