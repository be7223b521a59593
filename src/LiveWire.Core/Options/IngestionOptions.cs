using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>How the ingestion takes changes from the bus.</summary>
public sealed class IngestionOptions
{
    /// <summary>The configuration section: <c>LiveWire:Ingestion</c>.</summary>
    public const string SectionName = "LiveWire:Ingestion";

    /// <summary>
    /// The queue every timeline change goes through. The HTTP API sends to it directly, so changes wait there even
    /// before the first ingestion worker has started. Default <c>livewire-timeline</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,128}$")]
    public string QueueName { get; set; } = "livewire-timeline";

    /// <summary>Messages the broker hands a worker ahead of time. Default 64.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Messages one worker processes at once. Default 32.</summary>
    [Range(1, 10_000)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>
    /// The pauses between retries of a change that failed (Redis unreachable, a correction ahead of its publish).
    /// After the last, the message moves to the <c>_error</c> queue. Default (when none are configured) 100 ms,
    /// 500 ms, 1 s, 2 s, 5 s, 10 s.
    /// </summary>
    /// <remarks>
    /// Empty by default and filled after binding: the configuration binder appends to an array it finds filled.
    /// </remarks>
    public TimeSpan[] RetryIntervals { get; set; } = [];

    /// <summary>The retry pauses used when none are configured.</summary>
    public static IReadOnlyList<TimeSpan> DefaultRetryIntervals { get; } =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10),
    ];

    /// <summary>
    /// How long a change waits for one of its topic accepted before it that has not reached the store yet (on its way
    /// through the bus, or through another worker). After it, the change takes its place anyway: the earlier one may
    /// never come (its sender got <c>503</c>, or crashed before the bus took it). Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan OrderWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the HTTP API waits for the bus to take a change before it answers <c>503</c>. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
