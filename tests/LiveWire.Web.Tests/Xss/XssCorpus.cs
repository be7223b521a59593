using System.Text;

namespace LiveWire.Web.Tests.Xss;

/// <summary>One payload of the corpus: its line's category and text (escapes decoded).</summary>
public sealed record XssPayload(int Index, string Category, string Text);

/// <summary>One development built from the corpus: every field a post carries holds a payload.</summary>
public sealed record XssPost(string Id, string Headline, string Body, string Author, IReadOnlyList<string> Tags, string Priority);

/// <summary>
/// Our own XSS corpus (<c>Xss/payloads.txt</c>): payloads that each try to set <c>__lwxss</c>. Posts built from it
/// carry payload <c>i</c> in the headline, <c>i+1</c> in the body, <c>i+2</c> as the author and <c>i+3</c> as tags,
/// so across <see cref="Count"/> posts every payload is in every field once.
/// </summary>
public static class XssCorpus
{
    /// <summary>The flag every payload tries to set.</summary>
    public const string Flag = "__lwxss";

    /// <summary>The API's limits on a post's free-text fields (docs/contract.md).</summary>
    public const int MaxAuthor = 100, MaxTag = 32, MaxTags = 10, MaxHeadline = 200;

    private static readonly Dictionary<string, string> Escapes = new(StringComparer.Ordinal)
    {
        ["{{NUL}}"] = "\0", ["{{TAB}}"] = "\t", ["{{LF}}"] = "\n", ["{{CR}}"] = "\r", ["{{FF}}"] = "\f",
        ["{{NBSP}}"] = "\u00a0", ["{{BOM}}"] = "\ufeff",
    };

    /// <summary>Every payload, in file order.</summary>
    public static IReadOnlyList<XssPayload> All { get; } = Load();

    /// <summary>How many payloads there are.</summary>
    public static int Count => All.Count;

    /// <summary>Payload <paramref name="i"/>, wrapping around.</summary>
    public static string At(int i) => All[((i % Count) + Count) % Count].Text;

    /// <summary>The development that carries payload <paramref name="i"/> in its headline (and the next ones in the other fields).</summary>
    public static XssPost PostFor(int i) => new(
        $"x{i:000}",
        At(i),
        At(i + 1),
        Fit(At(i + 2), MaxAuthor),
        TagsOf(At(i + 3)),
        i % 40 == 7 ? "breaking" : "normal");

    /// <summary>
    /// A payload as tags: itself when it fits one tag, else cut into tags of <see cref="MaxTag"/> characters (a longer
    /// single tag is refused with 400, which <c>The_api_takes_every_payload_in_every_field_verbatim_or_refuses_it_for_its_length</c> checks).
    /// </summary>
    public static IReadOnlyList<string> TagsOf(string payload) =>
        payload.Length <= MaxTag
            ? [payload]
            : [.. payload.Chunk(MaxTag).Take(MaxTags).Select(c => new string(c)).Where(t => !string.IsNullOrWhiteSpace(t))];

    /// <summary>The payload cut to <paramref name="max"/> characters (the API refuses longer ones; that refusal is tested on its own).</summary>
    public static string Fit(string payload, int max) => payload.Length <= max ? payload : payload[..max];

    /// <summary>Text as a page shows it: the HTML parser drops or replaces NUL and turns CR into LF.</summary>
    public static string Shown(string? text) =>
        (text ?? "").Replace("\0", "", StringComparison.Ordinal).Replace("\ufffd", "", StringComparison.Ordinal)
            .Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    private static List<XssPayload> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Xss", "payloads.txt");
        var payloads = new List<XssPayload>();
        var category = "";
        foreach (var line in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                category = line[3..].Trim();
            }
            else if (line.Length > 0 && !line.StartsWith('#'))
            {
                var text = Escapes.Aggregate(line, (current, escape) => current.Replace(escape.Key, escape.Value, StringComparison.Ordinal));
                payloads.Add(new XssPayload(payloads.Count, category, text));
            }
        }

        return payloads;
    }
}
