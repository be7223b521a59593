namespace LiveWire.Client.Tests;

/// <summary>
/// A topic's worth of mixed changes (publishes, corrections, retractions, pins and unpins, CMS publishes on the bus,
/// repeated submissions), made from a seed, and what the newsroom has said last about each development once all of
/// them are in.
/// </summary>
internal sealed class NewsroomScript
{
    private NewsroomScript(IReadOnlyList<ScriptedChange> changes, IReadOnlyDictionary<string, (string Headline, bool Pinned)> expected)
    {
        Changes = changes;
        Expected = expected;
    }

    /// <summary>The changes, in the order each sender submits its own.</summary>
    public IReadOnlyList<ScriptedChange> Changes { get; }

    /// <summary>Each current development's last headline and pin, by id: what the topic must end as.</summary>
    public IReadOnlyDictionary<string, (string Headline, bool Pinned)> Expected { get; }

    /// <summary>Makes <paramref name="count"/> changes for <paramref name="topic"/>, shared by <paramref name="senders"/>.</summary>
    public static NewsroomScript For(string topic, int seed, int count, int senders)
    {
        var random = new Random(seed);
        var expected = new Dictionary<string, (string Headline, bool Pinned)>(StringComparer.Ordinal);
        var editable = Enumerable.Range(0, senders).Select(_ => new List<string>()).ToArray();
        var changes = new List<ScriptedChange>(count);
        for (var order = 0; order < count; order++)
        {
            var sender = order % senders;
            var mine = editable[sender];
            var roll = random.NextDouble();
            var twice = random.NextDouble() < 0.08;
            var concurrently = random.NextDouble() < 0.5;
            ScriptedChange change;
            if (mine.Count < 3 || roll < 0.40)
            {
                var id = $"d{seed}-{order}";
                change = new(topic, order, sender, "publish", id, $"Update {order} on {topic}", false, twice, concurrently, random.NextDouble() < 0.05);
                if (!change.Breaking)
                {
                    // Breaking developments stay as published, so the breaking lane holds exactly the breaking
                    // publishes (BreakingLaneTests cover corrections and retractions that follow them there).
                    mine.Add(id);
                }

                expected[id] = (change.Headline!, false);
            }
            else if (roll < 0.48)
            {
                // A CMS's publish: no accept order, so the newsroom never edits it here (an edit could overtake it).
                var id = $"b{seed}-{order}";
                change = new(topic, order, sender, "publish", id, $"Wire copy {order} on {topic}", true, twice, concurrently, false);
                expected[id] = (change.Headline!, false);
            }
            else
            {
                var id = mine[random.Next(mine.Count)];
                var (headline, pinned) = expected[id];
                if (roll < 0.72)
                {
                    change = new(topic, order, sender, "correct", id, $"Update {id}, corrected at {order}", false, twice, concurrently, false);
                    expected[id] = (change.Headline!, pinned);
                }
                else if (roll < 0.88)
                {
                    change = new(topic, order, sender, pinned ? "unpin" : "pin", id, null, false, twice, concurrently, false);
                    expected[id] = (headline, !pinned);
                }
                else
                {
                    change = new(topic, order, sender, "retract", id, null, false, twice, concurrently, false);
                    mine.Remove(id);
                    expected.Remove(id);
                }
            }

            changes.Add(change);
        }

        return new NewsroomScript(changes, expected);
    }
}
