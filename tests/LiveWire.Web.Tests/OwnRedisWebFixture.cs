using LiveWire.Core.Options;

namespace LiveWire.Web.Tests;

/// <summary>
/// One Server (with its ingestion in-process) on a redis-server of its own, which tests may kill and restart from an
/// older copy of its files, and one headless chromium.
/// </summary>
public sealed class OwnRedisWebFixture : WebFixture
{
    private RedisProcess? _redis;

    /// <summary>The Server's Redis.</summary>
    public RedisProcess Redis => _redis ?? throw new InvalidOperationException("Redis has not started.");

    /// <inheritdoc />
    protected override async Task<LiveWireCluster> StartClusterAsync()
    {
        _redis = await RedisProcess.StartAsync();
        return await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = _redis.Address,
            [$"{TimelineOptions.SectionName}:MaxEvents"] = "1000",
        });
    }

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
