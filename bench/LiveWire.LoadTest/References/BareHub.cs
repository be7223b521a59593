using Microsoft.AspNetCore.SignalR;

namespace LiveWire.LoadTest.References;

/// <summary>The bare SignalR reference's hub: a group per topic, nothing else.</summary>
internal sealed class BareHub : Hub
{
    public Task Subscribe(string topic, long? afterSeq) =>
        Groups.AddToGroupAsync(Context.ConnectionId, topic, Context.ConnectionAborted);

    public Task Ack(string topic, long seq, int heldMs) => Task.CompletedTask;
}
