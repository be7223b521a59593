using LiveWire.Core.Ingestion;

namespace LiveWire.Core.Tests;

public sealed class TopicCommitOrderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Commits_of_one_topic_take_turns_in_the_order_they_came()
    {
        var order = new TopicCommitOrder();

        var first = await order.EnterAsync("talks");
        var second = order.EnterAsync("talks").AsTask();
        var third = order.EnterAsync("talks").AsTask();
        Assert.False(second.IsCompleted);

        first.Dispose();
        var secondTurn = await second.WaitAsync(Patience);
        Assert.False(third.IsCompleted);
        secondTurn.Dispose();
        (await third.WaitAsync(Patience)).Dispose();

        // The topic is free again: a new commit goes at once.
        Assert.True(order.EnterAsync("talks").AsTask().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Another_topic_never_waits()
    {
        var order = new TopicCommitOrder();
        using var talks = await order.EnterAsync("talks");

        var other = order.EnterAsync("storm").AsTask();

        Assert.True(other.IsCompletedSuccessfully);
    }
}
