using System.Net;
using LiveWire.Contracts;
using LiveWire.Testing;

namespace LiveWire.Faults.Tests;

/// <summary>What every fault case asserts once the fault is over.</summary>
internal static class Timeline
{
    /// <summary>
    /// The settings under which a topic's history holds every event a case posts (by default it keeps the last 1,000,
    /// and a read from seq 0 past that is a reset), so the whole timeline can be checked.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> KeepEverything { get; } = new Dictionary<string, string?>
    {
        ["LiveWire:Timeline:MaxEvents"] = "100000",
    };

    /// <summary>
    /// Every post answered <c>202</c> is in the topic's timeline once, its seqs run 1…N without a gap, each editor's
    /// accepted posts stand in the order they were accepted, and every reader's handler got each seq exactly once.
    /// A post answered <c>503</c> may or may not be there (the answer's code says which it may be).
    /// </summary>
    public static async Task AssertExactlyOnceAsync(HttpClient reader, string topic, Editors editors, Readers readers)
    {
        var accepted = editors.Accepted;
        Assert.NotEmpty(accepted);
        var unexpected = editors.Answers.Where(a => a.Status is not (HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable)).ToArray();
        Assert.True(unexpected.Length == 0, $"answers other than 202 or 503: {string.Join(", ", unexpected.Take(5))}");

        // Every 202 commits, however long the fault made it wait.
        IReadOnlyList<TimelineEvent> events = [];
        Editors.Answer[] missing = [];
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    events = await ReadAllAsync(reader, topic);
                    var ids = events.Select(e => e.Id).ToHashSet();
                    missing = [.. accepted.Where(a => !ids.Contains(a.Id))];
                    return missing.Length == 0;
                },
                TimeSpan.FromMinutes(2),
                $"all {accepted.Count} accepted posts to be committed");
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException(
                $"{timeout.Message}: {missing.Length} missing ({string.Join(", ", missing.Take(10).Select(m => m.Id))}), {events.Count} committed", timeout);
        }

        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(events, e => Assert.Equal(EventKinds.Published, e.Kind));
        var twice = events.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();
        Assert.True(twice.Length == 0, $"committed twice: {string.Join(", ", twice)}");
        var seqOf = events.ToDictionary(e => e.Id, e => e.Seq);
        foreach (var editor in accepted.GroupBy(a => a.Editor))
        {
            var seqs = editor.OrderBy(a => a.Number).Select(a => seqOf[a.Id]).ToArray();
            Assert.True(seqs.SequenceEqual(seqs.Order()), $"editor {editor.Key}'s accepted posts out of order: {string.Join(",", seqs)}");
        }

        await readers.AssertEachHasExactlyAsync(events.Count);
    }

    private static async Task<IReadOnlyList<TimelineEvent>> ReadAllAsync(HttpClient reader, string topic)
    {
        var all = new List<TimelineEvent>();
        while (true)
        {
            var page = await reader.GetEventsAsync(topic, all.Count, 500);
            Assert.False(page.Reset, $"the history of {topic} no longer holds seq {all.Count + 1}");
            all.AddRange(page.Events);
            if (page.Events.Count == 0 || all.Count >= page.LatestSeq)
            {
                return all;
            }
        }
    }
}
