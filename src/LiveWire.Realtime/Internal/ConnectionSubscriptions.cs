using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// The topics one connection subscribed to, kept in the connection's items (hubs are transient). A connection's
/// invocations run one at a time, so the set needs no lock.
/// </summary>
internal static class ConnectionSubscriptions
{
    private static readonly object Key = new();

    public static HashSet<string> Of(HubCallerContext context)
    {
        if (context.Items.TryGetValue(Key, out var value))
        {
            return (HashSet<string>)value!;
        }

        var subscriptions = new HashSet<string>(StringComparer.Ordinal);
        context.Items[Key] = subscriptions;
        return subscriptions;
    }
}
