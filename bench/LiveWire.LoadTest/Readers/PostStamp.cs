using System.Buffers.Text;

namespace LiveWire.LoadTest.Readers;

/// <summary>
/// The moment the tool sent a post, carried in the development's id (<c>b{n}-{unix µs}</c>, within LiveWire's id
/// rules), so a reader measures latency from the request, before the server's intake and validation, rather than from
/// the server's <c>acceptedAt</c>. Sender and readers run on this machine: one clock.
/// </summary>
internal static class PostStamp
{
    public static string Id(int n, DateTime sentUtc) => $"b{n}-{(sentUtc - DateTime.UnixEpoch).Ticks / 10}";

    /// <summary>The send time in an id made by <see cref="Id"/>; false for any other id.</summary>
    public static bool TryRead(ReadOnlySpan<byte> id, out DateTime sentUtc)
    {
        var dash = id.LastIndexOf((byte)'-');
        if (dash > 0 && Utf8Parser.TryParse(id[(dash + 1)..], out long microseconds, out var consumed) && consumed == id.Length - dash - 1)
        {
            sentUtc = DateTime.UnixEpoch.AddTicks(microseconds * 10);
            return true;
        }

        sentUtc = default;
        return false;
    }
}
