using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace LiveWire.Messaging;

/// <summary>
/// The timeline queue's <c>_error</c> queue: changes that failed for good (invalid, or failing past their retries),
/// and those whose worker died on them <c>DeliveryLimit</c> times. How many wait there, and a replay that moves them
/// back to the timeline for another try once the cause is mended. A replayed change keeps its message id, so one that
/// did commit after all is recognised as a duplicate, not committed twice.
/// </summary>
public sealed class ErrorQueueClient(Uri broker, string queueName)
{
    /// <summary>The error queue's name.</summary>
    public string Name { get; } = queueName + "_error";

    /// <summary>The changes in the error queue (0 when it does not exist yet).</summary>
    public async Task<uint> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        try
        {
            var queue = await channel.QueueDeclarePassiveAsync(Name, cancellationToken);
            return queue.MessageCount;
        }
        catch (OperationInterruptedException exception) when (exception.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> changes from the error queue back to the timeline queue's exchange, each
    /// taken off the error queue only once the broker has confirmed its copy. Returns how many moved.
    /// </summary>
    public async Task<int> ReplayAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true),
            cancellationToken);
        var moved = 0;
        while (moved < limit && await channel.BasicGetAsync(Name, autoAck: false, cancellationToken) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            // MassTransit's record of the failure stays with the message; the next failure writes its own.
            await channel.BasicPublishAsync(queueName, string.Empty, mandatory: true, properties, message.Body, cancellationToken);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, cancellationToken);
            moved++;
        }

        return moved;
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new ConnectionFactory { Uri = broker, RequestedConnectionTimeout = TimeSpan.FromSeconds(5) }
            .CreateConnectionAsync("livewire-error-queue", cancellationToken);
}
