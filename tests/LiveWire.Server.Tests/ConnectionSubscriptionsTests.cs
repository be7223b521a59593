using LiveWire.Realtime.Internal;

namespace LiveWire.Server.Tests;

public sealed class ConnectionSubscriptionsTests
{
    private static ConnectionSubscriptions Holding(params (string Topic, long AckedSeq)[] topics)
    {
        var subscriptions = new ConnectionSubscriptions(callBurst: 10, ackBurst: 10, createdAt: 0);
        foreach (var (topic, ackedSeq) in topics)
        {
            Assert.True(subscriptions.TryAdd(topic, ackedSeq));
        }

        return subscriptions;
    }

    [Fact]
    public void Topics_are_held_once_each_in_the_order_they_were_added()
    {
        var subscriptions = Holding(("alpha", 4), ("beta", 0), ("gamma", 9));

        Assert.False(subscriptions.TryAdd("beta", 7));

        Assert.Equal(3, subscriptions.Count);
        Assert.Equal(["alpha", "beta", "gamma"], subscriptions.Topics);
        Assert.True(subscriptions.TryGetAckedSeq("beta", out var betaAcked));
        Assert.Equal(0, betaAcked);
        Assert.False(subscriptions.TryGetAckedSeq("delta", out _));
    }

    [Fact]
    public void Removing_the_first_topic_keeps_the_others_and_their_acked_seqs()
    {
        var subscriptions = Holding(("alpha", 4), ("beta", 5), ("gamma", 6));
        subscriptions.SetAckedSeq("gamma", 60);

        Assert.True(subscriptions.Remove("alpha"));
        Assert.False(subscriptions.Remove("alpha"));

        Assert.Equal(["beta", "gamma"], subscriptions.Topics);
        Assert.False(subscriptions.Holds("alpha"));
        Assert.True(subscriptions.TryGetAckedSeq("beta", out var beta));
        Assert.True(subscriptions.TryGetAckedSeq("gamma", out var gamma));
        Assert.Equal((5L, 60L), (beta, gamma));
    }

    [Fact]
    public void Removing_a_later_topic_or_the_last_one_leaves_exactly_the_rest()
    {
        var subscriptions = Holding(("alpha", 1), ("beta", 2), ("gamma", 3));

        Assert.True(subscriptions.Remove("beta"));
        Assert.Equal(["alpha", "gamma"], subscriptions.Topics);
        Assert.True(subscriptions.Remove("alpha"));
        Assert.True(subscriptions.Remove("gamma"));

        Assert.Equal(0, subscriptions.Count);
        Assert.Empty(subscriptions.Topics);
        Assert.True(subscriptions.TryAdd("beta", 8));
        subscriptions.SetAckedSeq("beta", 80);
        Assert.True(subscriptions.TryGetAckedSeq("beta", out var acked));
        Assert.Equal(80, acked);
    }
}
