using LiveWire.Core.Options;

namespace LiveWire.Web.Tests;

/// <summary>
/// The web fixture with a second Server node (so the dashboard has nodes to list) and heartbeats and ack flushes a
/// few times a second, so the dashboard moves within a test's patience.
/// </summary>
public sealed class DashboardFixture : WebFixture
{
    /// <inheritdoc />
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [$"{PresenceOptions.SectionName}:PublishInterval"] = "00:00:00.250",
        [$"{DeliveryOptions.SectionName}:FlushInterval"] = "00:00:00.250",
    };

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Cluster.AddServerAsync();
    }
}
