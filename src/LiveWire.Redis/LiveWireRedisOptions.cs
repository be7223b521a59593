using System.ComponentModel.DataAnnotations;

namespace LiveWire.Redis;

/// <summary>Where in Redis LiveWire keeps its data.</summary>
public sealed class LiveWireRedisOptions
{
    /// <summary>The configuration section: <c>LiveWire:Redis</c>.</summary>
    public const string SectionName = "LiveWire:Redis";

    /// <summary>
    /// The prefix of every key and backplane channel, so several deployments (or test runs) can share one Redis.
    /// Default <c>lw</c>.
    /// </summary>
    [Required]
    [RegularExpression("^[A-Za-z0-9_.-]{1,32}$")]
    public string Prefix { get; set; } = "lw";

    /// <summary>
    /// How many topics' high-water marks (epoch and highest committed seq) a process keeps, to notice Redis going back
    /// and start a new epoch (docs/timeline.md, "Epochs"). Past it the marks start again empty. Default 100,000.
    /// </summary>
    [Range(1, 10_000_000)]
    public int EpochWatermarkTopics { get; set; } = 100_000;
}
