using System.ComponentModel.DataAnnotations;

namespace LiveWire.Core.Options;

/// <summary>
/// The limits on what the newsroom may write into a development, checked wherever a change is taken (the HTTP API
/// and the ingestion). The same section holds the hub's limits (<c>HubLimitsOptions</c>, LiveWire.Realtime) and the
/// Server's HTTP limits (<c>ServerLimitsOptions</c>, LiveWire.Server), each read beside the code that applies it.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>The configuration section: <c>LiveWire:Limits</c>.</summary>
    public const string SectionName = "LiveWire:Limits";

    /// <summary>The most characters in a headline. Default 200.</summary>
    [Range(1, 10_000)]
    public int MaxHeadlineLength { get; set; } = 200;

    /// <summary>The most UTF-8 bytes in a body, before sanitising. Default 16 KiB.</summary>
    [Range(0, 1_048_576)]
    public int MaxBodyBytes { get; set; } = 16 * 1024;

    /// <summary>The most characters in an author's name. Default 100.</summary>
    [Range(0, 10_000)]
    public int MaxAuthorLength { get; set; } = 100;

    /// <summary>The most tags on a development. Default 10.</summary>
    [Range(0, 1_000)]
    public int MaxTags { get; set; } = 10;

    /// <summary>The most characters in a tag. Default 32.</summary>
    [Range(1, 1_000)]
    public int MaxTagLength { get; set; } = 32;

    /// <summary>The most characters in a retraction's reason. Default 500.</summary>
    [Range(0, 10_000)]
    public int MaxReasonLength { get; set; } = 500;
}
