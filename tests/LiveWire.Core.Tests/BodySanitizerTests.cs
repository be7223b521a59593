using AngleSharp.Html.Parser;
using LiveWire.Core.Validation;

namespace LiveWire.Core.Tests;

public sealed class BodySanitizerTests
{
    private static readonly HashSet<string> AllowedTags =
        ["p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote", "a"];

    private readonly BodySanitizer _sanitizer = new();

    // Known XSS vectors (OWASP's filter evasion cheat sheet and friends): every one must come out inert.
    public static TheoryData<string> Payloads => new()
    {
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<body onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<a href=\"javascript:alert(1)\">click</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">click</a>",
        "<a href=\"jav&#x09;ascript:alert(1)\">click</a>",
        "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">click</a>",
        "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">click</a>",
        "<a href=\"vbscript:msgbox(1)\">click</a>",
        "<p onclick=\"alert(1)\">text</p>",
        "<p style=\"background:url(javascript:alert(1))\">text</p>",
        "<div style=\"width: expression(alert(1));\">text</div>",
        "<style>@import 'http://evil.example/x.css';</style>",
        "<link rel=stylesheet href=http://evil.example/x.css>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"javascript:alert(1)\">",
        "<form action=\"javascript:alert(1)\"><input type=submit></form>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
        "<base href=\"javascript:alert(1)//\">",
        "<blockquote cite=\"javascript:alert(1)\" onmouseover=alert(1)>quote</blockquote>",
        "<a href=\"https://example.com\" onmouseover=\"alert(1)\" target=_blank>ok</a>",
        "<<script>script>alert(1)<</script>/script>",
        "<img src=\"x` `<script>alert(1)</script>\"` `>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<a href=\"  javascript:alert(1)\">x</a>",
        "<p>ok</p><!--<script>alert(1)</script>-->",
        "<isindex action=javascript:alert(1) type=image>",
        "<button formaction=javascript:alert(1)>x</button>",
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void A_known_xss_payload_comes_out_with_only_allowed_tags_and_safe_links(string payload)
    {
        var clean = _sanitizer.Sanitize(payload);

        var document = new HtmlParser().ParseDocument($"<body>{clean}</body>");
        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            Assert.Contains(element.LocalName, AllowedTags);
            foreach (var attribute in element.Attributes)
            {
                Assert.Equal("href", attribute.Name);
                Assert.Matches("^https?://", attribute.Value);
            }
        }

        Assert.DoesNotContain("<script", clean, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("javascript:", clean, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("#")]
    [InlineData("#top")]
    [InlineData("x")]
    [InlineData("/live/other-story")]
    [InlineData("//example.com/")]
    [InlineData("&#x26;#106;avascript:alert(1)")]
    [InlineData("mailto:desk@example.com")]
    public void A_link_that_is_not_http_or_https_keeps_its_text_but_not_its_href(string href)
    {
        Assert.Equal("<a>link</a>", _sanitizer.Sanitize($"<a href=\"{href}\">link</a>"));
    }

    [Fact]
    public void Script_and_style_contents_are_dropped_not_shown_as_text()
    {
        Assert.Equal("<p>before after</p>", _sanitizer.Sanitize("<p>before <script>steal()</script><style>p{}</style>after</p>"));
    }

    [Fact]
    public void The_allowed_subset_and_plain_text_pass_through()
    {
        const string Html = "<p>Talks <strong>resume</strong> at <em>noon</em>.<br></p><ul><li>one</li></ul><blockquote>quote</blockquote><a href=\"https://example.com/a?b=1&amp;c=2\">link</a>";

        Assert.Equal(Html, _sanitizer.Sanitize(Html));
        Assert.Equal("Troops pulled back overnight.", _sanitizer.Sanitize("Troops pulled back overnight."));
        Assert.Equal("x keeps its text", _sanitizer.Sanitize("<span>x</span> keeps its text"));
    }
}
