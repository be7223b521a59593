using LiveWire.Client;
using LiveWire.Contracts;

namespace LiveWire.Client.Tests;

/// <summary>Events for tests that need no server.</summary>
internal static class Events
{
    public const string Topic = "unit-story";

    private static readonly DateTimeOffset s_at = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Event <paramref name="seq"/> of <see cref="Topic"/>.</summary>
    public static TimelineEvent Seq(long seq) => new()
    {
        Topic = Topic,
        Seq = seq,
        Kind = EventKinds.Published,
        Id = $"d{seq}",
        Revision = 1,
        Headline = $"Development {seq}",
        AcceptedAt = s_at,
        CommittedAt = s_at,
    };

    /// <summary>Events <paramref name="from"/> to <paramref name="to"/>, in order.</summary>
    public static TimelineEvent[] Range(long from, long to) => [.. Enumerable.Range((int)from, (int)(to - from + 1)).Select(s => Seq(s))];
}
