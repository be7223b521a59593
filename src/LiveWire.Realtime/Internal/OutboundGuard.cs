using System.IO.Pipelines;
using LiveWire.Core.Telemetry;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// Keeps a reader that stopped reading from holding anything up. SignalR queues a connection's messages in a pipe of
/// <see cref="HubLimitsOptions.OutboundBufferBytes"/>; once it is full, the connection's next write waits for room. A
/// write that waits longer than <see cref="HubLimitsOptions.OutboundStallTimeout"/> aborts the connection. Nothing
/// else ever waits for that write: the fan-out hands a message to every connection without awaiting their sockets
/// (<see cref="HubContextFanOut"/>), so one stuck socket costs only its own buffer, for a bounded time.
/// </summary>
internal sealed partial class OutboundGuard(
    IOptions<HubLimitsOptions> limits,
    TimeProvider timeProvider,
    LiveWireMetrics metrics,
    ILogger<OutboundGuard> logger)
{
    /// <summary>The <see cref="LiveWireTelemetry.Tags.Reason"/> of a connection closed for a stalled write.</summary>
    public const string StalledReason = "stalled";

    /// <summary>Puts the guard between <paramref name="connection"/>'s hub and its transport.</summary>
    public void Watch(ConnectionContext connection) =>
        connection.Transport = new GuardedTransport(connection.Transport, new GuardedWriter(connection.Transport.Output, connection, this));

    // The slow path: the pipe is over its size, and this flush waits for the transport to make room.
    private async ValueTask<FlushResult> WaitForRoomAsync(ValueTask<FlushResult> flush, ConnectionContext connection)
    {
        var waiting = flush.AsTask();
        var timeout = limits.Value.OutboundStallTimeout;
        try
        {
            return await waiting.WaitAsync(timeout, timeProvider);
        }
        catch (TimeoutException)
        {
            metrics.ConnectionClosed(StalledReason);
            Log.Stalled(logger, connection.ConnectionId, timeout);
            connection.Abort(new ConnectionAbortedException("The connection's outbound buffer stayed full."));
            // The transport completes its end of the pipe once it has gone, which ends this flush.
            return await waiting;
        }
    }

    private sealed class GuardedTransport(IDuplexPipe transport, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = transport.Input;

        public PipeWriter Output { get; } = output;
    }

    // Everything goes straight to the transport's writer; only a flush that cannot complete at once (the pipe is over
    // its size) takes the slow path, with a timeout.
    private sealed class GuardedWriter(PipeWriter inner, ConnectionContext connection, OutboundGuard guard) : PipeWriter
    {
        public override void Advance(int bytes) => inner.Advance(bytes);

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var flush = inner.FlushAsync(cancellationToken);
            return flush.IsCompleted ? flush : guard.WaitForRoomAsync(flush, connection);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(3101, LogLevel.Warning, "Closed connection {ConnectionId}: its outbound buffer stayed full for {Timeout} (a reader that does not read)")]
        public static partial void Stalled(ILogger logger, string connectionId, TimeSpan timeout);
    }
}
