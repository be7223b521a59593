using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// The topics one connection subscribed to, with the last seq it acknowledged on each, kept in the connection's
/// items (hubs are transient). A connection's invocations run one at a time, so the map needs no lock.
/// </summary>
internal static class ConnectionSubscriptions
{
    private static readonly object Key = new();

    public static Dictionary<string, SubscriptionState> Of(HubCallerContext context)
    {
        if (context.Items.TryGetValue(Key, out var value))
        {
            return (Dictionary<string, SubscriptionState>)value!;
        }

        var subscriptions = new Dictionary<string, SubscriptionState>(StringComparer.Ordinal);
        context.Items[Key] = subscriptions;
        return subscriptions;
    }
}
