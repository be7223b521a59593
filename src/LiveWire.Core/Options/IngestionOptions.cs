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

    /// <summary>
    /// How often RabbitMQ hands out one change whose worker died before answering (a quorum queue's
    /// <c>x-delivery-limit</c>); past it the broker moves the change to the <c>_error</c> queue. The limit stops a
    /// change that kills every worker; it does not count failures (those a worker answers, and they are retried or
    /// moved to <c>_error</c> by the worker). Default 20.
    /// </summary>
    [Range(1, 1_000)]
    public int DeliveryLimit { get; set; } = 20;

    /// <summary>Messages the broker hands a worker ahead of time. Default 64.</summary>
    [Range(1, 10_000)]
    public int PrefetchCount { get; set; } = 64;

    /// <summary>Messages one worker processes at once. Default 32.</summary>
    [Range(1, 10_000)]
    public int ConcurrentMessageLimit { get; set; } = 32;

    /// <summary>
    /// The pauses between retries of a change that failed for another reason than a store outage (a correction ahead
    /// of its publish, a fan-out that failed).
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
    /// The longest pause between two tries of a change held up by a store outage (Redis unreachable). Such a change is
    /// tried again until the store is back, never moved to the <c>_error</c> queue; once the store is back the worker
    /// resumes within this pause. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OutageRetryLimit { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a change waits for one of its topic accepted before it that its sender gave up (the bus refused it and
    /// the caller got <c>503</c>), or that was never numbered by the API. After it, the change takes its place anyway.
    /// Default 2 s. See <see cref="SentOrderWait"/> for one that is on its way.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan OrderWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a change waits in all for one accepted before it that is on its way (its sender did not give it up
    /// with a 503) before it takes its place anyway: that change may be in a worker that died holding it (the broker
    /// hands it out again), one still starting, or behind a slow publisher confirm. Past this wait it may be stuck (its
    /// sender crashed mid-send, or it is in the error queue), and the topic goes on without it. Default 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan SentOrderWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the HTTP API waits for the bus to take a change before it answers <c>503</c>. Default 5 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
