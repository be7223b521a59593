using LiveWire.Core.Options;

namespace LiveWire.Web.Tests;

/// <summary>A cluster that keeps only the last 10 events per topic, so a page that falls behind gets a reset.</summary>
public sealed class ShortHistoryWebFixture : WebFixture
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{TimelineOptions.SectionName}:MaxEvents"] = "10",
    };
}
