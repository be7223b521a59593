using LiveWire.Core.Outages;
using StackExchange.Redis;

namespace LiveWire.Redis;

/// <summary>
/// Redis is out of reach: no connection, no answer in time, or an answer that says "not now" (loading its data set
/// after a restart, a replica cut off from its primary).
/// </summary>
public sealed class RedisOutageDetector : IOutageDetector
{
    /// <inheritdoc />
    public bool IsOutage(Exception exception) => exception switch
    {
        RedisConnectionException or RedisTimeoutException => true,
        RedisServerException server => server.Message.StartsWith("LOADING", StringComparison.Ordinal)
            || server.Message.StartsWith("MASTERDOWN", StringComparison.Ordinal),
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };
}
