using System.Globalization;
using System.Text;
using CsCheck;

namespace LiveWire.Server.Tests.FuzzTests;

/// <summary>The generators the fuzz tests share: hostile strings, JSON text of every shape, path segments.</summary>
public static class FuzzGen
{
    /// <summary>Strings that have broken parsers and validators before.</summary>
    public static readonly string[] NastyStrings =
    [
        "", " ", "  \t ", "\0", "\n", "\r\n", "a\n", "story\n", "story\r", "story\0", "\u0085", "\u2028",
        "null", "undefined", "true", "0", "-1", "NaN", "Infinity", "1e400",
        "..", ".", "../..", "..\\..", "/", "%2F", "%00", "a/b", "a%2Fb", "?", "#", "&", "=", "*", "~",
        "<script>alert(1)</script>", "<p onclick=\"x()\">x</p>", "\"'`", "'; DROP TABLE topics; --", "${jndi:ldap://x}",
        "{{7*7}}", "%s%s%s%n", "\\u0000", "\\",
        "stоry", "ѕtory", "ｓｔｏｒｙ", "STORY", "Story", "story-", "-story", "sto--ry", "story_1", "story.1",
        "\u202Eyrots", "\u200Bstory", "story\u200D", "\uFEFFstory", "😀", "👩‍👩‍👧‍👦", "\uD800", "\uDFFF", "a\uD800b",
        "ﷺ", "İ", "ß", "Ⅻ", "١٢٣", "𝟙𝟚𝟛", "\u0301", "Z\u0351\u0361\u0327\u0334\u0328\u035Aa\u0335\u0317lgo",
        "private-", "private-x", "breaking", "demo-story", "*",
        new string('a', 64), new string('a', 65), new string('é', 64), new string('a', 255), new string('a', 256),
    ];

    /// <summary>JSON number literals, including ones no .NET number type holds.</summary>
    public static readonly string[] NumberLiterals =
    [
        "0", "-0", "1", "-1", "2", "3", "1.5", "-1.5", "1e3", "1E+2", "1e-7", "1e308", "-1e308", "1e400", "-1e400",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808",
        "-9223372036854775808", "-9223372036854775809", "99999999999999999999999999999", "0.0000000000000000000001",
        "123456789012345678901234567890.5",
    ];

    /// <summary>Malformed or unusual JSON documents (or no JSON at all).</summary>
    public static readonly string[] MalformedJson =
    [
        "", " ", "{", "}", "[", "{\"headline\":", "{\"headline\":\"x\"", "{\"headline\":\"x\",}", "{headline:\"x\"}",
        "{'headline':'x'}", "{\"headline\":\"x\"}}", "{\"headline\":\"x\"} {}", "{\"headline\":NaN}", "{\"headline\":undefined}",
        "{\"headline\":\"x\" /* c */}", "// c\n{\"headline\":\"x\"}", "{\"headline\":\"\\x41\"}", "{\"headline\":\"\\u12\"}",
        "{\"headline\":\"a\",\"headline\":\"b\"}", "{\"\":1}", "{\"headline\":\"tab\tinside\"}", "null", "true", "0",
        "\"headline\"", "[]", "[{\"headline\":\"x\"}]", "{\"$type\":\"System.IO.FileInfo\",\"headline\":\"x\"}",
        "{\"headline\":\"x\",\"$id\":\"1\"}", "{\"$ref\":\"1\"}", "\uFEFF{\"headline\":\"x\"}", "{\"headline\":\"\\uD800\"}",
        "{\"headline\":\"\\uDC00\\uD800\"}", "{\"headline\":\"\\u0000\"}", "{\"tags\":[\"\\uD83D\"]}",
        new string('[', 70) + new string(']', 70), new string('[', 5000), "{\"a\":" + new string('{', 100) + new string('}', 101),
        "{" + string.Join(",", Enumerable.Range(0, 2000).Select(i => $"\"f{i}\":{i}")) + "}",
        "{\"headline\":\"x\",\"tags\":[" + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"t{i}\"")) + "]}",
    ];

    /// <summary>A hostile or ordinary string: arbitrary characters, lookalikes, control characters, long runs.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (4, Gen.String[0, 40]),
        (3, Gen.String.AlphaNumeric),
        (3, Gen.OneOf(NastyStrings)),
        (1, Gen.Int[0, 20_000].Select(n => new string('x', n))),
        (1, Gen.Select(Gen.OneOf("é", "😀", "\uD800", "\n", "<b>"), Gen.Int[1, 5_000], (s, n) => string.Concat(Enumerable.Repeat(s, n)))));

    /// <summary>A valid topic name no other input uses.</summary>
    public static Gen<string> UniqueTopic(string prefix) => Gen.Const<string>(() => $"{prefix}-{Guid.NewGuid().ToString("N")[..12]}");

    /// <summary>
    /// <paramref name="text"/> as a JSON string literal: quotes, backslashes and control characters escaped, lone
    /// surrogates as <c>\uXXXX</c> escapes (which no UTF-8 text can carry), everything else as it is.
    /// </summary>
    public static string JsonString(string text)
    {
        var builder = new StringBuilder("\"");
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < ' ')
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>Any JSON value, as text: literals, numbers of every size, strings, arrays and objects.</summary>
    public static Gen<string> JsonValue(int depth = 2)
    {
        var scalar = Gen.Frequency(
            (1, Gen.OneOf("null", "true", "false")),
            (2, Gen.OneOf(NumberLiterals)),
            (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Double.Where(double.IsFinite).Select(d => d.ToString("R", CultureInfo.InvariantCulture))),
            (4, Text.Select(JsonString)));
        if (depth == 0)
        {
            return scalar;
        }

        var inner = JsonValue(depth - 1);
        return Gen.Frequency(
            (6, scalar),
            (1, inner.Array[0, 6].Select(items => "[" + string.Join(",", items) + "]")),
            (1, Gen.Select(Text, inner, (k, v) => JsonString(k) + ":" + v).Array[0, 4].Select(items => "{" + string.Join(",", items) + "}")));
    }

    /// <summary>
    /// A JSON object with some of <paramref name="fields"/> (each a generator of plausible values) and sometimes unknown
    /// ones; any field may get any JSON value instead of a plausible one.
    /// </summary>
    public static Gen<string> JsonObject(params (string Name, Gen<string> Plausible)[] fields)
    {
        var any = JsonValue();
        var members = fields.Select(field => Gen.Frequency(
                (3, field.Plausible.Select(v => (string?)(JsonString(field.Name) + ":" + v))),
                (1, any.Select(v => (string?)(JsonString(field.Name) + ":" + v))),
                (2, Gen.Const((string?)null))))
            .ToArray();
        var extra = Gen.Frequency(
            (4, Gen.Const(Array.Empty<string>())),
            (1, Gen.Select(Text, any, (k, v) => JsonString(k) + ":" + v).Array[1, 3]));
        var present = members.Aggregate(Gen.Const(Array.Empty<string?>()), (all, member) => Gen.Select(all, member, (a, m) => (string?[])[.. a, m]));
        return Gen.Select(present, extra, (known, unknown) =>
            "{" + string.Join(",", known.OfType<string>().Concat(unknown)) + "}");
    }

    /// <summary>A plausible string field value: mostly within <paramref name="max"/> characters, sometimes just past it.</summary>
    public static Gen<string> PlausibleText(int max) => Gen.Frequency(
        (6, Gen.String[Gen.Char.AlphaNumeric, 1, Math.Min(max, 60)]),
        (2, Gen.String[1, Math.Min(max, 60)]),
        (1, Gen.Int[max - 2, max + 2].Select(n => new string('h', Math.Max(0, n)))),
        (1, Gen.OneOf(NastyStrings))).Select(JsonString);

    /// <summary>A JSON body: mostly <paramref name="wellFormed"/>, sometimes malformed, sometimes random bytes.</summary>
    public static Gen<byte[]> Body(Gen<string> wellFormed) => Gen.Frequency(
        (8, wellFormed.Select(Encoding.UTF8.GetBytes)),
        (2, Gen.OneOf(MalformedJson).Select(Encoding.UTF8.GetBytes)),
        (1, wellFormed.Select(json => json.Length > 1 ? json[..(json.Length / 2)] : json).Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 300]),
        (1, Gen.Const<byte[]>(() => Encoding.UTF8.GetBytes("{\"headline\":\"").Concat(new byte[] { 0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80 }).Concat("\"}"u8.ToArray()).ToArray())));

    /// <summary>A Content-Type header: JSON in every spelling, other types, charsets, garbage, or none.</summary>
    public static readonly Gen<string?> ContentType = Gen.Frequency(
        (12, Gen.Const<string?>("application/json")),
        (4, Gen.OneOf<string?>(
            null, "", "application/json; charset=utf-8", "application/json;charset=UTF-8", "APPLICATION/JSON",
            "application/json; charset=utf-16", "application/json; charset=utf-32", "application/json; charset=iso-8859-1",
            "application/json; charset=bogus", "application/json; charset=", "application/json; charset=\"utf-8\"",
            "application/problem+json", "application/vnd.livewire+json", "application/*", "*/*", "text/json", "text/plain",
            "text/html", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "multipart/form-data",
            "application/xml", "application/octet-stream", "json", ";;;", "application/json, text/plain", "a/b/c",
            "application/json; q=0.5", "application/json; boundary=--")));

    /// <summary>An Accept header: usually none, else JSON, anything, or only types a problem is not.</summary>
    public static readonly Gen<string?> Accept = Gen.Frequency(
        (8, Gen.Const((string?)null)),
        (1, Gen.OneOf<string?>(
            "application/json", "application/problem+json", "*/*", "text/html", "application/xml", "text/plain", "image/png",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json;q=0", "", "garbage///")));

    /// <summary>An Idempotency-Key header value (ASCII): usually none, else ordinary, empty, at and past 255 characters.</summary>
    public static readonly Gen<string?> IdempotencyKey = Gen.Frequency(
        (10, Gen.Const((string?)null)),
        (2, Gen.Const<string?>(() => (string?)Guid.NewGuid().ToString())),
        (1, Gen.OneOf<string?>("", " ", "a", "same-key", "same-key", new string('k', 255), new string('k', 256), new string('k', 4000), "\"quoted\"", "a,b", "%00")),
        (1, Gen.String[Gen.Char[' ', '~'], 0, 300].Select(s => (string?)s)));

    /// <summary>
    /// A path segment for <paramref name="valid"/> values: the value itself, or a hostile variant (encoded control
    /// characters and slashes, dot segments, lookalikes, over-long), percent-encoded as a client would send it.
    /// </summary>
    public static Gen<string> Segment(Gen<string> valid) => Gen.Frequency(
        (4, valid.Select(Uri.EscapeDataString)),
        (2, Gen.Select(valid, Gen.OneOf("%0A", "%0D", "%0D%0A", "%00", "%2F", "%2f..", "%5C", "%20", "%09", "%C2%85", "%E2%80%A8", "%E2%80%8B", "%EF%BB%BF", "%FF", "%C0%AF", "%25", "%", "%G1", "."),
            Gen.Bool, (v, suffix, before) => before ? suffix + Uri.EscapeDataString(v) : Uri.EscapeDataString(v) + suffix)),
        (2, Gen.OneOf(NastyStrings).Where(s => s.Length > 0).Select(PercentEncode)),
        (1, Gen.OneOf("..", ".", "%2E%2E", "%2e", "..%2F..", "%2E%2E%2F%2E%2E", "~", "%7E")),
        (1, Gen.String[1, 30].Select(PercentEncode)),
        (1, Gen.Int[60, 2_000].Select(n => new string('a', n))));

    /// <summary>Every byte of the UTF-8 of <paramref name="text"/> that is not unreserved, as <c>%XX</c>.</summary>
    public static string PercentEncode(string text)
    {
        var builder = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return builder.ToString();
    }

    /// <summary>A query parameter value, percent-encoded: numbers of every size and spelling, words, nothing.</summary>
    public static readonly Gen<string> QueryNumber = Gen.Frequency(
        (4, Gen.Long[-5, 600].Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf(NumberLiterals).Select(Uri.EscapeDataString)),
        (1, Gen.Long.Select(n => n.ToString(CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("", "abc", "0x10", "%201", "1%20", "+1", "%2B1", "1,2", "%EF%BC%91", "%D9%A1", "null", "true", "1%00", "1%0A", "1.0", "--1", "1e", "%2D1")),
        (1, Text.Select(Uri.EscapeDataString)));
}
