using System.ComponentModel.DataAnnotations;

namespace LiveWire.Realtime.Draining;

/// <summary>
/// How a Server node that holds more than its share of the deployment's readers lets the excess go, so that a node
/// restarted or added behind a plain balancer fills up again: section <c>LiveWire:Rebalance</c>.
/// </summary>
public sealed class RebalanceOptions
{
    /// <summary>The configuration section: <c>LiveWire:Rebalance</c>.</summary>
    public const string SectionName = "LiveWire:Rebalance";

    /// <summary>Whether the node evens out its share at all. Default true; it needs the nodes' counts (Redis).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the node weighs its connections against the average of the nodes, and the window over which it lets
    /// the excess go (connection <c>i</c> of <c>n</c> at a random moment of the <c>i</c>-th of <c>n</c> slots, as the
    /// drain does). Keep it at least twice <c>LiveWire:Presence:PublishInterval</c>, so each look sees what the last one
    /// moved. Default 20 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How far from the average a node may stay, as a share of the average: 0.2 lets a node of an average of 1,000
    /// hold 1,200 before it lets any go, and then it lets go down to the average; and while any node holds fewer than
    /// 800, every node above the average lets go down to it. Default 0.2.
    /// </summary>
    [Range(0.01, 10.0)]
    public double Tolerance { get; set; } = 0.2;

    /// <summary>The fewest connections above the average worth moving; below it a node keeps them. Default 100.</summary>
    [Range(1, int.MaxValue)]
    public int MinimumExcess { get; set; } = 100;

    /// <summary>
    /// How many connections a node holding <paramref name="local"/> lets go when the nodes hold
    /// <paramref name="perNode"/> (this one included): down to the average when it is above the average by more than
    /// <see cref="Tolerance"/>, or some node is below it by more than that (one restarted or added, filling up: beside
    /// two or more others, its missing readers are only a small excess on each); none when the excess is under
    /// <see cref="MinimumExcess"/>.
    /// </summary>
    public int Excess(long local, IReadOnlyList<long> perNode)
    {
        if (perNode.Count < 2)
        {
            return 0;
        }

        var average = perNode.Sum() / (double)perNode.Count;
        var excess = local - average;
        var uneven = local > average * (1 + Tolerance) || perNode.Min() < average * (1 - Tolerance);
        return uneven && excess >= MinimumExcess ? (int)excess : 0;
    }
}
