using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LiveWire.Core.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace LiveWire.LoadTest.References;

/// <summary>
/// The servers LiveWire is measured against, on the same paths as LiveWire (<c>POST
/// /api/topics/{topic}/developments</c> in, <c>/hubs/live</c> out) and with the same event bytes:
/// <list type="bullet">
/// <item><c>bare-signalr</c>: an ASP.NET Core SignalR hub that sends each post to the topic's group; no bus, store
/// or backplane.</item>
/// <item><c>raw-websocket</c>: Kestrel WebSockets writing the framed event to each socket of the topic: the
/// practical limit of this machine. Readers name the topic and protocol in the URL
/// (<c>?topic=…&amp;protocol=json|messagepack</c>) and send the SignalR handshake; nothing else they send is read.
/// Events go out one after another, one write per event and socket (<see cref="RawBroadcaster"/>).</item>
/// <item><c>raw-websocket-batched</c>: the same, but each socket writes everything queued for it in one write
/// (<see cref="BatchedRawBroadcaster"/>): the limit of a batching server on this machine.</item>
/// </list>
/// </summary>
internal static class ReferenceServers
{
    public const string BareSignalR = "bare-signalr";
    public const string RawWebSocket = "raw-websocket";
    public const string RawWebSocketBatched = "raw-websocket-batched";

    public static WebApplication Build(string kind, string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReferenceTimeline>();
        switch (kind)
        {
            case BareSignalR:
                // The readers ping as LiveWire's clients do, every 30 s, so the hub waits for them as LiveWire's does.
                builder.Services.AddSignalR(options => options.ClientTimeoutInterval = TimeSpan.FromSeconds(60))
                    .AddJsonProtocol(options => LikeLiveWire(options.PayloadSerializerOptions))
                    .AddMessagePackProtocol();
                break;
            case RawWebSocket:
                AddBroadcaster(builder.Services, (json, messagePack) => new RawBroadcaster(json, messagePack));
                break;
            case RawWebSocketBatched:
                AddBroadcaster(builder.Services, (json, messagePack) => new BatchedRawBroadcaster(json, messagePack));
                break;
            default:
                throw new ArgumentException($"Unknown reference '{kind}': {BareSignalR}, {RawWebSocket} or {RawWebSocketBatched}.");
        }

        var app = builder.Build();
        if (kind == BareSignalR)
        {
            app.MapHub<BareHub>("/hubs/live", options => options.Transports = HttpTransportType.WebSockets);
            app.MapPost("/api/topics/{topic}/developments", async (string topic, BenchDevelopment development, ReferenceTimeline timeline, IHubContext<BareHub> hub) =>
            {
                var timelineEvent = timeline.Next(topic, development);
                await hub.Clients.Group(topic).SendAsync("event", timelineEvent);
                return Results.Accepted(value: new { id = timelineEvent.Id, topic });
            });
        }
        else
        {
            app.UseWebSockets();
            app.Map("/hubs/live", RawReaderAsync);
            app.MapPost("/api/topics/{topic}/developments", (string topic, BenchDevelopment development, ReferenceTimeline timeline, IRawBroadcaster broadcaster) =>
            {
                var timelineEvent = timeline.Next(topic, development);
                broadcaster.Broadcast(timelineEvent);
                return Results.Accepted(value: new { id = timelineEvent.Id, topic });
            });
        }

        app.MapGet("/health/ready", () => "ready");
        return app;
    }

    private static void AddBroadcaster<TBroadcaster>(IServiceCollection services, Func<IHubProtocol, IHubProtocol, TBroadcaster> create)
        where TBroadcaster : Microsoft.Extensions.Hosting.BackgroundService, IRawBroadcaster
    {
        services.AddSingleton(_ => create(new JsonHubProtocol(Options.Create(LikeLiveWire(new JsonHubProtocolOptions()))), new MessagePackHubProtocol()));
        services.AddSingleton<IRawBroadcaster>(provider => provider.GetRequiredService<TBroadcaster>());
        services.AddHostedService(provider => provider.GetRequiredService<TBroadcaster>());
    }

    private static JsonHubProtocolOptions LikeLiveWire(JsonHubProtocolOptions options)
    {
        LikeLiveWire(options.PayloadSerializerOptions);
        return options;
    }

    private static void LikeLiveWire(System.Text.Json.JsonSerializerOptions options)
    {
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(LiveWireJsonContext.Default, new DefaultJsonTypeInfoResolver());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
    }

    private static async Task RawReaderAsync(HttpContext context)
    {
        var topic = context.Request.Query["topic"].ToString();
        if (!context.WebSockets.IsWebSocketRequest || topic.Length == 0)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var binary = context.Request.Query["protocol"] == "messagepack";
        var broadcaster = context.RequestServices.GetRequiredService<IRawBroadcaster>();
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[1024];
        var aborted = context.RequestAborted;
        try
        {
            // The handshake: one record ending in 0x1E, answered with an empty one.
            var received = 0;
            while (Array.IndexOf(buffer, (byte)0x1E, 0, received) < 0 && received < buffer.Length)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(received), aborted);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    return;
                }

                received += result.Count;
            }

            await socket.SendAsync("{}\u001e"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, aborted);
            broadcaster.Join(topic, socket, binary);
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), aborted);
                if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is System.Net.WebSockets.WebSocketException or OperationCanceledException)
        {
            // The reader went away.
        }
        finally
        {
            broadcaster.Leave(topic, socket);
        }
    }
}
