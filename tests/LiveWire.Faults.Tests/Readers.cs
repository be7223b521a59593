using LiveWire.Client;

namespace LiveWire.Faults.Tests;

/// <summary>.NET client readers of one topic from its first event, recording every event their handler was given.</summary>
internal sealed class Readers : IAsyncDisposable
{
    private readonly List<LiveWireClient> _clients = [];
    private readonly List<List<LiveEvent>> _seen = [];

    /// <summary>What each reader's handler was given, in order.</summary>
    public IReadOnlyList<IReadOnlyList<LiveEvent>> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen.Select(s => (IReadOnlyList<LiveEvent>)[.. s])];
            }
        }
    }

    /// <summary>Starts <paramref name="count"/> readers spread over <paramref name="nodes"/>, subscribed from seq 0.</summary>
    public static async Task<Readers> StartAsync(IReadOnlyList<Uri> nodes, string topic, int count)
    {
        var readers = new Readers();
        for (var i = 0; i < count; i++)
        {
            var seen = new List<LiveEvent>();
            lock (readers._seen)
            {
                readers._seen.Add(seen);
            }

            var client = new LiveWireClient(new LiveWireClientOptions { BaseAddress = nodes[i % nodes.Count] });
            readers._clients.Add(client);
            await client.StartAsync();
            await client.SubscribeAsync(
                topic,
                (e, _) =>
                {
                    lock (readers._seen)
                    {
                        seen.Add(e);
                    }

                    return ValueTask.CompletedTask;
                },
                new SubscribeOptions { AfterSeq = 0 });
        }

        return readers;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }
    }
}
