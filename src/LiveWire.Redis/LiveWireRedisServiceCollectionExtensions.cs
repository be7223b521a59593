using LiveWire.Core.Delivery;
using LiveWire.Core.Idempotency;
using LiveWire.Core.Ordering;
using LiveWire.Core.Outages;
using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Timeline;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>Registers LiveWire's Redis implementations.</summary>
public static class LiveWireRedisServiceCollectionExtensions
{
    /// <summary>
    /// Adds the process's one <see cref="IConnectionMultiplexer"/> for <paramref name="connectionString"/>, the key
    /// builder and the Redis timeline store and accept ledger (in place of the in-memory ones).
    /// </summary>
    public static IServiceCollection AddLiveWireRedis(this IServiceCollection services, string connectionString)
    {
        services.AddOptions<LiveWireRedisOptions>().BindConfiguration(LiveWireRedisOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var configuration = ConfigurationOptions.Parse(connectionString);
            // Start even while Redis is down and keep reconnecting: commits fail (and are retried by the bus) until
            // it is back, rather than the process refusing to start.
            configuration.AbortOnConnectFail = false;
            // Every channel of the process under the prefix, as every key is: SignalR's backplane names its channels
            // after the hub alone, so without it two deployments on one Redis would deliver each other's events to
            // readers of a topic of the same name.
            configuration.ChannelPrefix = sp.GetRequiredService<RedisKeys>().ChannelPrefix();
            return ConnectionMultiplexer.Connect(configuration);
        });
        services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<LiveWireRedisOptions>>().Value.Prefix));
        services.AddSingleton<ITimelineStore, RedisTimelineStore>();
        services.AddSingleton<IAcceptLedger, RedisAcceptLedger>();
        services.AddSingleton<RedisReaderCounts>();
        services.AddSingleton<IReaderCounts>(sp => sp.GetRequiredService<RedisReaderCounts>());
        services.AddSingleton<INodeConnections>(sp => sp.GetRequiredService<RedisReaderCounts>());
        services.AddSingleton<IIdempotencyStore, RedisIdempotencyStore>();
        services.AddSingleton<IDeliveryStore, RedisDeliveryStore>();
        services.AddSingleton<IClusterStats, RedisClusterStats>();
        services.AddSingleton<IOutageDetector, RedisOutageDetector>();
        return services;
    }

    /// <summary>
    /// Adds Redis as <see cref="AddLiveWireRedis(IServiceCollection, string)"/> does, and configures where in Redis
    /// LiveWire keeps its data: the delegate runs after the <c><see cref="LiveWireRedisOptions.SectionName"/></c>
    /// section is bound.
    /// </summary>
    public static IServiceCollection AddLiveWireRedis(this IServiceCollection services, string connectionString, Action<LiveWireRedisOptions> configure) =>
        services.AddLiveWireRedis(connectionString).Configure(configure);

    /// <summary>
    /// Adds what only a node that holds readers runs on Redis: the <see cref="ReaderTallyPublisher"/> that shares its
    /// reader counts, and the <see cref="FanOutNotices"/> that count its readers of every event fanned out anywhere.
    /// Call it after <see cref="AddLiveWireRedis(IServiceCollection, string)"/>; a node without readers (the Ingestion worker) does not: it would
    /// publish an empty tally and count no one.
    /// </summary>
    public static IServiceCollection AddLiveWireRedisReaders(this IServiceCollection services)
    {
        services.AddHostedService<ReaderTallyPublisher>();
        services.AddHostedService<FanOutNotices>();
        return services;
    }
}
