using Microsoft.AspNetCore.SignalR;

namespace LiveWire.Client.Tests;

/// <summary>A hub filter that records every <c>Ack</c> call a node receives, with its connection and time of receipt.</summary>
public sealed class AckRecorder : IHubFilter
{
    private readonly Lock _lock = new();
    private readonly List<ReceivedAck> _acks = [];

    /// <summary>The acks received so far, in order of receipt.</summary>
    public IReadOnlyList<ReceivedAck> Acks
    {
        get
        {
            lock (_lock)
            {
                return [.. _acks];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocationContext.HubMethodName == "Ack")
        {
            var arguments = invocationContext.HubMethodArguments;
            lock (_lock)
            {
                _acks.Add(new ReceivedAck(
                    invocationContext.Context.ConnectionId,
                    (string)arguments[0]!,
                    Convert.ToInt64(arguments[1]),
                    Convert.ToInt32(arguments[2]),
                    TimeProvider.System.GetTimestamp()));
            }
        }

        return next(invocationContext);
    }

    /// <summary>One <c>Ack(topic, seq, heldMs)</c> call.</summary>
    public sealed record ReceivedAck(string ConnectionId, string Topic, long Seq, int HeldMs, long ReceivedAt);
}
