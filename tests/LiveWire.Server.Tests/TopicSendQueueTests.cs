using LiveWire.Contracts;
using LiveWire.Realtime.Internal;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

public sealed class TopicSendQueueTests
{
    private static TimelineEvent Event(long seq) => new()
    {
        Topic = "queue-test", Seq = seq, Kind = EventKinds.Published, Id = $"d{seq}", Revision = 1,
        AcceptedAt = DateTimeOffset.UnixEpoch, CommittedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task An_event_on_a_quiet_topic_goes_out_at_once_in_a_send_of_its_own()
    {
        var sends = new RecordedSends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var sent = queue.SendAsync(Event(1), CancellationToken.None);

        var only = Assert.Single(sends.Started);
        Assert.Equal([1L], only.Seqs);
        Assert.False(sent.IsCompleted);
        only.Done.SetResult();
        await sent.Within(TestTimeouts.Delivery, "the event's send");
    }

    [Fact]
    public async Task Events_that_arrive_while_a_send_is_being_written_go_together_in_the_next_in_seq_order()
    {
        var firstWrite = new HeldFirstWrite();
        var sends = new RecordedSends { FirstWrite = firstWrite };
        var queue = new TopicSendQueue(sends.SendAsync);

        var first = Task.Run(() => queue.SendAsync(Event(1), CancellationToken.None));
        await firstWrite.Writing.Task.Within(TestTimeouts.Delivery, "the first send being written");
        var third = queue.SendAsync(Event(3), CancellationToken.None);
        var second = queue.SendAsync(Event(2), CancellationToken.None);
        Assert.Single(sends.Started);
        firstWrite.Release();

        await sends.StartedAsync(2);
        Assert.Equal([2L, 3L], sends.Started[1].Seqs);
        Assert.False(second.IsCompleted || third.IsCompleted);
        sends.Started[1].Done.SetResult();
        await Task.WhenAll(second, third).Within(TestTimeouts.Delivery, "the second send");
        sends.Started[0].Done.SetResult();
        await first.Within(TestTimeouts.Delivery, "the first send");
        Assert.Equal(2, sends.Started.Length);
    }

    [Fact]
    public async Task A_send_still_waiting_on_a_slow_connection_does_not_hold_back_the_next()
    {
        var sends = new RecordedSends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var first = queue.SendAsync(Event(1), CancellationToken.None);
        var second = queue.SendAsync(Event(2), CancellationToken.None);

        await sends.StartedAsync(2);
        Assert.Equal([2L], sends.Started[1].Seqs);
        sends.Started[1].Done.SetResult();
        await second.Within(TestTimeouts.Delivery, "the second send");
        Assert.False(first.IsCompleted);
        sends.Started[0].Done.SetResult();
        await first.Within(TestTimeouts.Delivery, "the first send");
    }

    [Fact]
    public async Task A_failed_send_fails_the_events_it_carried_and_later_sends_go_out()
    {
        var sends = new RecordedSends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var first = queue.SendAsync(Event(1), CancellationToken.None);
        sends.Started[0].Done.SetException(new InvalidOperationException("backplane down"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first.Within(TestTimeouts.Delivery, "the failed send"));
        Assert.Equal("backplane down", error.Message);

        var second = queue.SendAsync(Event(2), CancellationToken.None);
        await sends.StartedAsync(2);
        Assert.Equal([2L], sends.Started[1].Seqs);
        sends.Started[1].Done.SetResult();
        await second.Within(TestTimeouts.Delivery, "a later send");
    }
}
