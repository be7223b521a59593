namespace LiveWire.Core.Ordering;

/// <summary>
/// The HTTP API's one call for a topic's order: numbers a change, lets the caller send it with that number, and gives
/// the number up when the send fails (docs/timeline.md#ordering).
/// </summary>
/// <param name="ledger">Where the topic's accept numbers are taken and given up.</param>
public sealed class ChangeAcceptor(IAcceptLedger ledger)
{
    /// <summary>
    /// Takes the next place among <paramref name="topic"/>'s accepted changes for a change to development
    /// <paramref name="id"/>, and sends the change made for that place.
    /// </summary>
    /// <param name="topic">The topic.</param>
    /// <param name="id">The development the change is to.</param>
    /// <param name="isPublish">Whether the change publishes the development (<see cref="IAcceptLedger.AcceptAsync"/>).</param>
    /// <param name="send">
    /// Sends the change with its accept order; true when the bus took it. It gets no token: once the number is taken,
    /// the change goes to the bus even if the caller has gone, so the topic's later changes do not wait for it.
    /// </param>
    /// <param name="cancellationToken">Cancels the taking of the number only.</param>
    /// <returns>True when the bus took the change; false when it did not, and its number was given up.</returns>
    public async Task<bool> AcceptAsync(
        string topic, string id, bool isPublish, Func<long, Task<bool>> send, CancellationToken cancellationToken)
    {
        var order = await ledger.AcceptAsync(topic, id, isPublish, cancellationToken);
        if (await send(order))
        {
            return true;
        }

        // Should the ledger not answer either, the changes after it wait SentOrderWait for it instead of OrderWait.
        try
        {
            await ledger.AbandonAsync(topic, order, CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
        }

        return false;
    }
}
