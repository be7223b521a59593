using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>Puts SignalR on the Redis backplane, over the process's one connection.</summary>
public static class LiveWireBackplaneExtensions
{
    /// <summary>
    /// Adds SignalR's Redis backplane on the <see cref="IConnectionMultiplexer"/> that
    /// <see cref="LiveWireRedisServiceCollectionExtensions.AddLiveWireRedis(IServiceCollection, string)"/> registered, with channels under the
    /// configured prefix (<see cref="RedisKeys.ChannelPrefix"/>). The backplane delivers at most once: what is sent while Redis is unreachable is lost, and
    /// readers recover it from the timeline by seq.
    /// </summary>
    public static ISignalRServerBuilder AddLiveWireBackplane(this ISignalRServerBuilder signalR)
    {
        signalR.AddStackExchangeRedis();
        // The backplane's own ChannelPrefix would apply only to a connection it made itself: on the shared one, the
        // connection's prefix (RedisKeys.ChannelPrefix) keeps each deployment's channels apart.
        signalR.Services.AddOptions<RedisOptions>()
            .Configure<IConnectionMultiplexer>((options, connection) => options.ConnectionFactory = _ => Task.FromResult(connection));
        return signalR;
    }
}
