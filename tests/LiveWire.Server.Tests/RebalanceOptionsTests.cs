using LiveWire.Realtime.Draining;

namespace LiveWire.Server.Tests;

/// <summary>How many connections a node lets go to even out the nodes' shares (<see cref="RebalanceOptions.Excess"/>).</summary>
public sealed class RebalanceOptionsTests
{
    private static readonly RebalanceOptions Defaults = new();

    [Fact]
    public void A_node_holding_every_reader_beside_an_empty_one_lets_go_down_to_the_average() =>
        Assert.Equal(500, Defaults.Excess(1_000, [1_000, 0]));

    [Fact]
    public void A_node_within_the_tolerance_of_the_average_keeps_its_readers() =>
        Assert.Equal(0, Defaults.Excess(1_150, [1_150, 950, 900]));

    [Fact]
    public void An_excess_under_the_minimum_is_not_worth_moving() =>
        Assert.Equal(0, Defaults.Excess(150, [150, 0]));

    [Fact]
    public void A_node_below_the_average_lets_none_go() =>
        Assert.Equal(0, Defaults.Excess(200, [200, 1_800]));

    [Fact]
    public void A_node_alone_has_no_one_to_share_with() =>
        Assert.Equal(0, Defaults.Excess(50_000, [50_000]));

    [Fact]
    public void A_node_that_has_not_counted_yet_weighs_in_the_average() =>
        // Two survivors of three took a killed node's readers; it came back with none.
        Assert.Equal(1_666, Defaults.Excess(5_000, [5_000, 5_000, 0]));

    [Fact]
    public void Nodes_within_the_tolerance_still_let_go_while_another_is_far_below_the_average() =>
        // Three survivors took their share of a killed fourth's readers and let go until each was within the
        // tolerance; the fourth, back, holds 2,000 of an average of 3,000 and fills up from the two above the average.
        Assert.Equal(600, Defaults.Excess(3_600, [3_600, 3_400, 3_000, 2_000]));

    [Fact]
    public void A_node_at_or_below_the_average_lets_none_go_while_another_fills_up() =>
        Assert.Equal(0, Defaults.Excess(3_000, [3_600, 3_400, 3_000, 2_000]));
}
