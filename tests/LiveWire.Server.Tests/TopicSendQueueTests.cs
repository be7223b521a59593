using LiveWire.Core.Timeline;
using LiveWire.Realtime.Internal;
using LiveWire.Testing;

namespace LiveWire.Server.Tests;

public sealed class TopicSendQueueTests
{
    // Records each send's events and holds it open until the test lets it finish.
    private sealed class Sends
    {
        private readonly List<(long[] Seqs, TaskCompletionSource Done)> _sends = [];

        public Task SendAsync(IReadOnlyList<TimelineEvent> events)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_sends)
            {
                _sends.Add((events.Select(e => e.Seq).ToArray(), done));
            }

            return done.Task;
        }

        public (long[] Seqs, TaskCompletionSource Done)[] Started
        {
            get
            {
                lock (_sends)
                {
                    return [.. _sends];
                }
            }
        }

        public Task StartedAsync(int count) => Eventually.HoldsAsync(() => Started.Length >= count, TestTimeouts.Delivery, $"{count} sends started");
    }

    private static TimelineEvent Event(long seq) => new()
    {
        Topic = "queue-test", Seq = seq, Kind = EventKinds.Published, Id = $"d{seq}", Revision = 1,
        AcceptedAt = DateTimeOffset.UnixEpoch, CommittedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public async Task An_event_on_a_quiet_topic_goes_out_at_once_in_a_send_of_its_own()
    {
        var sends = new Sends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var sent = queue.SendAsync(Event(1), CancellationToken.None);

        var only = Assert.Single(sends.Started);
        Assert.Equal([1L], only.Seqs);
        Assert.False(sent.IsCompleted);
        only.Done.SetResult();
        await sent.Within(TestTimeouts.Delivery, "the event's send");
    }

    [Fact]
    public async Task Events_that_arrive_during_a_send_go_together_in_the_next_in_seq_order()
    {
        var sends = new Sends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var first = queue.SendAsync(Event(1), CancellationToken.None);
        var third = queue.SendAsync(Event(3), CancellationToken.None);
        var second = queue.SendAsync(Event(2), CancellationToken.None);
        Assert.Single(sends.Started);

        sends.Started[0].Done.SetResult();
        await first.Within(TestTimeouts.Delivery, "the first send");
        await sends.StartedAsync(2);
        Assert.Equal([2L, 3L], sends.Started[1].Seqs);
        Assert.False(second.IsCompleted || third.IsCompleted);

        sends.Started[1].Done.SetResult();
        await Task.WhenAll(second, third).Within(TestTimeouts.Delivery, "the second send");
        Assert.Equal(2, sends.Started.Length);
    }

    [Fact]
    public async Task A_failed_send_fails_the_events_it_carried_and_the_next_goes_out()
    {
        var sends = new Sends();
        var queue = new TopicSendQueue(sends.SendAsync);

        var first = queue.SendAsync(Event(1), CancellationToken.None);
        var second = queue.SendAsync(Event(2), CancellationToken.None);
        sends.Started[0].Done.SetException(new InvalidOperationException("backplane down"));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => first.Within(TestTimeouts.Delivery, "the failed send"));
        Assert.Equal("backplane down", error.Message);

        await sends.StartedAsync(2);
        sends.Started[1].Done.SetResult();
        await second.Within(TestTimeouts.Delivery, "the next send");

        var third = queue.SendAsync(Event(3), CancellationToken.None);
        await sends.StartedAsync(3);
        Assert.Equal([3L], sends.Started[2].Seqs);
        sends.Started[2].Done.SetResult();
        await third.Within(TestTimeouts.Delivery, "a later send");
    }
}
