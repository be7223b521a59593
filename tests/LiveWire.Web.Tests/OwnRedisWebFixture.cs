namespace LiveWire.Web.Tests;

/// <summary>
/// One Server (with its ingestion in-process) on a redis-server of its own, which tests may kill and restart from an
/// older copy of its files, and one headless chromium.
/// </summary>
public class OwnRedisWebFixture : WebFixture
{
    private RedisProcess? _redis;

    /// <summary>The Server's Redis.</summary>
    public RedisProcess Redis => _redis ?? throw new InvalidOperationException("Redis has not started.");

    /// <summary>Whether changes go through RabbitMQ to an Ingestion worker of their own (else in-process).</summary>
    protected virtual bool WithWorker => false;

    /// <inheritdoc />
    protected override async Task<LiveWireCluster> StartClusterAsync()
    {
        _redis = await RedisProcess.StartAsync();
        return WithWorker
            ? await LiveWireCluster.StartAsync(servers: 1, workers: 1, redis: _redis.Address)
            : await LiveWireCluster.StartEmbeddedAsync(new Dictionary<string, string?> { ["ConnectionStrings:Redis"] = _redis.Address });
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
