using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.ExceptionServices;
using LiveWire.Contracts;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace LiveWire.Realtime.Internal;

/// <summary>
/// A hub protocol (JSON or MessagePack) that reads what clients send as the wrapped one does, with two repairs:
/// <list type="bullet">
/// <item>an invocation SignalR cannot bind gets a coded refusal, like the hub's own: <see cref="HubErrorCodes.UnknownMethod"/>
/// for a method the hub does not have, <see cref="HubErrorCodes.InvalidArgument"/> for arguments not of the types or
/// number the method takes. SignalR finds these while parsing, before any hub code or filter runs, and answers "Failed
/// to invoke 'X' due to an error on the server.", adding the failure's message only when it is a <see cref="HubException"/>;</item>
/// <item>a message of a type the protocol does not know is skipped, and the next one read. The wrapped protocol skips it
/// too but reports "no message", and SignalR's connection handler then keeps it at the head of its buffer and reads
/// nothing more from the connection, which hangs with every later call unanswered.</item>
/// </list>
/// </summary>
internal sealed class InboundHubProtocol(IHubProtocol inner) : IHubProtocol
{
    // What SignalR's binder throws for a target the hub does not have (HubConnectionBinder.GetParameterTypes).
    private const string MethodDoesNotExist = "Method does not exist.";

    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public int Version => inner.Version;

    /// <inheritdoc />
    public TransferFormat TransferFormat => inner.TransferFormat;

    /// <inheritdoc />
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        while (true)
        {
            var unread = input.Length;
            if (inner.TryParseMessage(ref input, binder, out message))
            {
                break;
            }

            // No message and nothing read: the next one is incomplete. No message but one read: it was skipped.
            if (input.Length == unread)
            {
                return false;
            }
        }

        if (message is InvocationBindingFailureMessage failure)
        {
            var coded = failure.BindingFailure.SourceException is HubException { Message: MethodDoesNotExist }
                ? HubErrors.Create(HubErrorCodes.UnknownMethod, "the hub has no method of that name")
                : HubErrors.Create(HubErrorCodes.InvalidArgument, "the arguments are not of the types or number the method takes");
            message = new InvocationBindingFailureMessage(failure.InvocationId, failure.Target, ExceptionDispatchInfo.Capture(coded))
            {
                Headers = failure.Headers,
            };
        }

        return true;
    }

    /// <inheritdoc />
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => inner.WriteMessage(message, output);

    /// <inheritdoc />
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => inner.GetMessageBytes(message);

    /// <inheritdoc />
    public bool IsVersionSupported(int version) => inner.IsVersionSupported(version);
}
