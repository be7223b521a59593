namespace LiveWire.Core.Ingestion;

/// <summary>
/// Lets one commit per topic run at a time, in the order the commits arrive, so a topic's changes take their
/// <c>seq</c>s in the order the worker took them from the bus. Only the commit waits its turn: the fan-out after it
/// runs side by side with the next commits, so a topic's sends can still gather several events.
/// </summary>
internal sealed class TopicCommitOrder
{
    private readonly Lock _gate = new();

    // The turn that ends last, per topic with a commit running or waiting; a topic leaves when its last turn ends.
    private readonly Dictionary<string, Turn> _last = new(StringComparer.Ordinal);

    /// <summary>Waits for the commits of <paramref name="topic"/> that arrived before this one; dispose the turn when done.</summary>
    public async ValueTask<Turn> EnterAsync(string topic)
    {
        var turn = new Turn(this, topic);
        Turn? previous;
        lock (_gate)
        {
            _last.TryGetValue(topic, out previous);
            _last[topic] = turn;
        }

        if (previous is not null)
        {
            await previous.Ended;
        }

        return turn;
    }

    /// <summary>One commit's turn on its topic.</summary>
    public sealed class Turn(TopicCommitOrder order, string topic) : IDisposable
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal Task Ended => _ended.Task;

        /// <summary>Ends the turn: the next commit of the topic may run.</summary>
        public void Dispose()
        {
            lock (order._gate)
            {
                if (order._last.TryGetValue(topic, out var last) && last == this)
                {
                    order._last.Remove(topic);
                }
            }

            _ended.TrySetResult();
        }
    }
}
