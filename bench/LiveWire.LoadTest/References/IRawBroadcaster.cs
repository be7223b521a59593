using System.Net.WebSockets;
using LiveWire.Contracts;

namespace LiveWire.LoadTest.References;

/// <summary>What the raw references' endpoints need of a broadcaster: sockets join and leave topics, posts broadcast.</summary>
internal interface IRawBroadcaster
{
    /// <summary>Adds a socket to a topic; <paramref name="binary"/> for MessagePack readers.</summary>
    void Join(string topic, WebSocket socket, bool binary);

    void Leave(string topic, WebSocket socket);

    void Broadcast(TimelineEvent timelineEvent);
}
