using System.Collections.Concurrent;
using System.Net.WebSockets;
using LiveWire.Contracts;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace LiveWire.LoadTest.Tests;

/// <summary>
/// A broadcaster that gets it wrong on purpose, in the raw reference's wire format: of every five events posted to a
/// topic it never sends the second and sends the fourth twice. The tool must see both.
/// </summary>
internal static class FaultyBroadcast
{
    public static WebApplication Build()
    {
        var builder = WebApplication.CreateBuilder(ReferenceServer.Urls);
        var app = builder.Build();
        var readers = new ConcurrentDictionary<WebSocket, SemaphoreSlim>();
        var seqs = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var protocol = new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions()));
        app.UseWebSockets();
        app.Map("/hubs/live", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            await socket.ReceiveAsync(buffer, context.RequestAborted); // the handshake
            await socket.SendAsync("{}\u001e"u8.ToArray(), WebSocketMessageType.Text, true, context.RequestAborted);
            readers[socket] = new SemaphoreSlim(1);
            try
            {
                while (!(await socket.ReceiveAsync(buffer, context.RequestAborted)).CloseStatus.HasValue)
                {
                }
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
            }
            finally
            {
                readers.TryRemove(socket, out _);
            }
        });
        app.MapPost("/api/topics/{topic}/developments", async (string topic) =>
        {
            var seq = seqs.AddOrUpdate(topic, 1, (_, s) => s + 1);
            var now = DateTimeOffset.UtcNow;
            var frame = protocol.GetMessageBytes(new InvocationMessage("event",
                [new TimelineEvent { Topic = topic, Seq = seq, Kind = EventKinds.Published, Id = $"d{seq}", Revision = 1, AcceptedAt = now, CommittedAt = now }]));
            var copies = (seq % 5) switch { 2 => 0, 4 => 2, _ => 1 };
            foreach (var (socket, gate) in readers)
            {
                await gate.WaitAsync();
                try
                {
                    for (var i = 0; i < copies; i++)
                    {
                        await socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }

            return Results.Accepted();
        });
        return app;
    }
}
