using LiveWire.Client;
using LiveWire.Contracts;

namespace LiveWire.Faults.Tests;

/// <summary>
/// Readers of one topic from its first event, recording every event their handler was given: .NET clients, and the
/// widget in chromium.
/// </summary>
internal sealed class Readers : IAsyncDisposable
{
    private readonly List<LiveWireClient> _clients = [];
    private readonly List<WidgetReader> _widgets = [];
    private readonly List<List<TimelineEvent>> _seen = [];

    /// <summary>What each reader's handler was given, in order.</summary>
    public IReadOnlyList<IReadOnlyList<TimelineEvent>> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen.Select(s => (IReadOnlyList<TimelineEvent>)[.. s])];
            }
        }
    }

    /// <summary>What each widget's handler was given, in order.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<long>>> WidgetSeenAsync() =>
        await Task.WhenAll(_widgets.Select(widget => widget.SeenAsync()));

    /// <summary>
    /// Starts <paramref name="count"/> .NET clients spread over <paramref name="nodes"/>, and a widget page on the
    /// last node, subscribed from seq 0.
    /// </summary>
    public static async Task<Readers> StartAsync(IReadOnlyList<Uri> nodes, string topic, int count)
    {
        var readers = new Readers();
        readers._widgets.Add(await WidgetReader.StartAsync(nodes[^1], topic));
        for (var i = 0; i < count; i++)
        {
            var seen = new List<TimelineEvent>();
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

    /// <summary>Every reader, .NET client and widget, ends with seqs 1 to <paramref name="latest"/>, each once, in order.</summary>
    public async Task AssertEachHasExactlyAsync(int latest)
    {
        await Eventually.HoldsAsync(
            () => Seen.All(seen => seen.Count >= latest),
            TestTimeouts.Delivery * 2,
            $"every reader to get all {latest} events");
        foreach (var seen in Seen)
        {
            Assert.Equal(Enumerable.Range(1, latest).Select(i => (long)i), seen.Select(e => e.Seq));
        }

        IReadOnlyList<IReadOnlyList<long>> widgets = [];
        await Eventually.HoldsAsync(
            async () => (widgets = await WidgetSeenAsync()).All(seen => seen.Count >= latest),
            TestTimeouts.Delivery * 2,
            $"every widget to get all {latest} events");
        foreach (var seen in widgets)
        {
            Assert.Equal(Enumerable.Range(1, latest).Select(i => (long)i), seen);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var widget in _widgets)
        {
            await widget.DisposeAsync();
        }
    }
}
