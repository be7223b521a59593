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
    /// configured prefix. The backplane delivers at most once: what is sent while Redis is unreachable is lost, and
    /// readers recover it from the timeline by seq.
    /// </summary>
    public static ISignalRServerBuilder AddLiveWireBackplane(this ISignalRServerBuilder signalR)
    {
        signalR.AddStackExchangeRedis();
        signalR.Services.AddOptions<RedisOptions>()
            .Configure<IConnectionMultiplexer, RedisKeys>((options, connection, keys) =>
            {
                options.Configuration.ChannelPrefix = RedisChannel.Literal(keys.Prefix + ":signalr");
                options.ConnectionFactory = _ => Task.FromResult(connection);
            });
        return signalR;
    }
}
