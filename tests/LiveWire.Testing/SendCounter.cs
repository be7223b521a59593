using MassTransit;

namespace LiveWire.Testing;

/// <summary>Counts what a node sends on the bus, to show that a refused request sent nothing.</summary>
public sealed class SendCounter : ISendObserver
{
    private int _sent;

    /// <summary>Messages sent so far.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <inheritdoc />
    public Task PreSend<T>(SendContext<T> context) where T : class => Task.CompletedTask;

    /// <inheritdoc />
    public Task PostSend<T>(SendContext<T> context) where T : class
    {
        Interlocked.Increment(ref _sent);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SendFault<T>(SendContext<T> context, Exception exception) where T : class
    {
        Interlocked.Increment(ref _sent);
        return Task.CompletedTask;
    }
}
