using LiveWire.Contracts;
using LiveWire.Realtime;
using Microsoft.AspNetCore.SignalR.Client;

namespace LiveWire.Testing;

/// <summary>Records every raw <c>event</c> message a hub connection receives, in arrival order.</summary>
public sealed class EventRecorder
{
    private readonly List<TimelineEvent> _events = [];

    /// <summary>Starts recording the events of <paramref name="connection"/>.</summary>
    public EventRecorder(HubConnection connection) =>
        connection.On<TimelineEvent>(LiveHub.EventMethod, e =>
        {
            lock (_events)
            {
                _events.Add(e);
            }
        });

    /// <summary>What arrived so far for <paramref name="topic"/>.</summary>
    public IReadOnlyList<TimelineEvent> For(string topic)
    {
        lock (_events)
        {
            return _events.Where(e => e.Topic == topic).ToArray();
        }
    }

    /// <summary>Waits until an event of <paramref name="topic"/> satisfying <paramref name="match"/> has arrived.</summary>
    public Task WaitForAsync(string topic, Func<TimelineEvent, bool> match, TimeSpan timeout, string what) =>
        Eventually.HoldsAsync(() => For(topic).Any(match), timeout, what);
}
