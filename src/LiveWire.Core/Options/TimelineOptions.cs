using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>How much history each topic keeps, and how much of it one read returns.</summary>
public sealed class TimelineOptions
{
    /// <summary>The configuration section: <c>LiveWire:Timeline</c>.</summary>
    public const string SectionName = "LiveWire:Timeline";

    /// <summary>Events kept per topic. Default 1,000.</summary>
    [Range(10, 1_000_000)]
    public int MaxEvents { get; set; } = 1_000;

    /// <summary>
    /// How long events are kept. Default 7 days. Also how long a topic outlives its last activity (a commit, an
    /// accepted change, a <c>PUT</c> of its title or status): a topic untouched for this long (an ended story, or one
    /// the newsroom left) is gone, history and state, from the store and from the topic list (or after
    /// <see cref="DedupeWindow"/>, if that is longer). Seconds are allowed for tests; keep it longer than the bus can
    /// take to redeliver a change (see <see cref="DedupeWindow"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long, at least, a committed correction or pin remembers its dedupe key, so that a redelivery of it is not
    /// committed twice: the key is kept for this long or <see cref="Retention"/>, whichever is longer, then trimmed.
    /// Publishes and retractions (one each per development) keep theirs as long as the topic. Default 10 minutes:
    /// longer than a change's bus retries and <c>OrderWait</c>; a change moved back from the error queue later than
    /// this (and the retention) after its first commit is committed again.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DedupeWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// How long a topic's keys outlive its last activity, and a trimmable dedupe key its commit: the longer of
    /// <see cref="Retention"/> and <see cref="DedupeWindow"/>.
    /// </summary>
    public TimeSpan KeyLifetime => Retention > DedupeWindow ? Retention : DedupeWindow;

    /// <summary>The most events one read of the history returns (<c>limit</c> on <c>GET …/events</c>). Default 500.</summary>
    [Range(1, 10_000)]
    public int MaxPageSize { get; set; } = 500;
}
