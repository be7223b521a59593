using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// A hub protocol (JSON or MessagePack) that writes an invocation whose one argument is an <see cref="EventRun"/> as
/// one invocation per event, back to back in the same buffer: the bytes of separate messages, which every SignalR
/// client reads one by one (both protocols delimit each message). Everything else goes to the protocol it wraps.
/// SerializedHubMessage caches the bytes per protocol, and the Redis backplane publishes them, so a run is still
/// serialized once per protocol.
/// </summary>
internal sealed class EventRunHubProtocol(IHubProtocol inner) : IHubProtocol
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public int Version => inner.Version;

    /// <inheritdoc />
    public TransferFormat TransferFormat => inner.TransferFormat;

    /// <inheritdoc />
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        inner.TryParseMessage(ref input, binder, out message);

    /// <inheritdoc />
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        if (message is not InvocationMessage { Arguments: [EventRun run] } invocation)
        {
            inner.WriteMessage(message, output);
            return;
        }

        foreach (var timelineEvent in run.Events)
        {
            inner.WriteMessage(new InvocationMessage(invocation.Target, [timelineEvent]) { Headers = invocation.Headers }, output);
        }
    }

    /// <inheritdoc />
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        if (message is not InvocationMessage { Arguments: [EventRun] })
        {
            return inner.GetMessageBytes(message);
        }

        // Exactly sized, as the wrapped protocols return theirs: SignalR holds these bytes until every connection
        // has taken them, and the writer's buffer may be twice as large.
        var output = new ArrayBufferWriter<byte>();
        WriteMessage(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
