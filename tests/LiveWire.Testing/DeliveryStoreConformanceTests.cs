using LiveWire.Core.Delivery;
using Xunit;

namespace LiveWire.Testing;

/// <summary>
/// What every <see cref="IDeliveryStore"/> must do, run against each implementation (as ASP.NET Core's
/// <c>ScaleoutHubLifetimeManagerTests</c> does for every backplane). Each test has a store and topics of its own.
/// </summary>
public abstract class DeliveryStoreConformanceTests
{
    private static readonly DateTimeOffset AcceptedAt = new(2026, 11, 29, 10, 30, 15, 123, TimeSpan.Zero);

    /// <summary>A store of its own, empty.</summary>
    protected abstract IDeliveryStore CreateStore();

    private static string NewTopic() => "topic-" + Guid.NewGuid().ToString("N")[..10];

    private static FanOutRecord Record(string topic, long seq) => new(
        topic, seq, $"dev-{seq}", AcceptedAt.AddSeconds(seq), AcceptedAt.AddSeconds(seq).AddMilliseconds(7), AcceptedAt.AddSeconds(seq).AddMilliseconds(19));

    private static Dictionary<int, long> Buckets(params (double Milliseconds, long Count)[] latencies) =>
        latencies.GroupBy(l => LatencyHistogram.BucketOf(l.Milliseconds)).ToDictionary(g => g.Key, g => g.Sum(l => l.Count));

    [Fact]
    public async Task A_recorded_fan_out_reads_back_as_a_report_that_nothing_has_reached_yet()
    {
        var store = CreateStore();
        var topic = NewTopic();
        var record = Record(topic, 3);

        await store.RecordFanOutAsync(record, CancellationToken.None);
        var report = await store.GetReportAsync(topic, 3, CancellationToken.None);

        Assert.Equal(DeliveryReport.From(record, 0, 0, new Dictionary<int, long>(), 0), report);
    }

    [Fact]
    public async Task The_flushes_of_every_node_add_up_and_the_slowest_ack_is_kept()
    {
        var store = CreateStore();
        var topic = NewTopic();
        var record = Record(topic, 1);
        await store.RecordFanOutAsync(record, CancellationToken.None);

        await store.AddAcksAsync([new AckBatch(topic, 1, 2, Buckets((10, 1), (40, 1)), 40.25, Subscribers: 3)], CancellationToken.None);
        await store.AddAcksAsync(
        [
            new AckBatch(topic, 1, 3, Buckets((10, 2), (900, 1)), 900.5, Subscribers: 4),
            new AckBatch(topic, 1, 1, Buckets((12, 1)), 12.5, Subscribers: 1),
        ], CancellationToken.None);
        var report = await store.GetReportAsync(topic, 1, CancellationToken.None);

        Assert.Equal(DeliveryReport.From(record, 8, 6, Buckets((10, 3), (12, 1), (40, 1), (900, 1)), 900.5), report);
    }

    [Fact]
    public async Task Acks_flushed_before_the_fan_out_was_recorded_count_once_it_is()
    {
        var store = CreateStore();
        var topic = NewTopic();
        var record = Record(topic, 5);

        await store.AddAcksAsync([new AckBatch(topic, 5, 1, Buckets((25, 1)), 25, Subscribers: 1)], CancellationToken.None);
        Assert.Null(await store.GetReportAsync(topic, 5, CancellationToken.None));
        await store.RecordFanOutAsync(record, CancellationToken.None);

        Assert.Equal(
            DeliveryReport.From(record, 1, 1, Buckets((25, 1)), 25),
            await store.GetReportAsync(topic, 5, CancellationToken.None));
    }

    [Fact]
    public async Task An_event_whose_fan_out_was_not_recorded_has_no_report()
    {
        var store = CreateStore();
        var topic = NewTopic();
        await store.RecordFanOutAsync(Record(topic, 1), CancellationToken.None);

        Assert.Null(await store.GetReportAsync(topic, 2, CancellationToken.None));
        Assert.Null(await store.GetReportAsync(NewTopic(), 1, CancellationToken.None));
    }

    [Fact]
    public async Task The_recent_fan_outs_list_newest_first_and_keep_the_last_100()
    {
        var store = CreateStore();
        var (topic, other) = (NewTopic(), NewTopic());
        for (var seq = 1; seq <= 102; seq++)
        {
            await store.RecordFanOutAsync(Record(seq % 2 == 0 ? topic : other, seq), CancellationToken.None);
        }

        var three = await store.ListRecentAsync(3, CancellationToken.None);
        var all = await store.ListRecentAsync(1000, CancellationToken.None);

        Assert.Equal([(topic, 102L), (other, 101L), (topic, 100L)], three);
        Assert.Equal(100, all.Count);
        Assert.Equal((other, 3L), all[^1]);
    }

    [Fact]
    public async Task Accepted_times_are_those_of_the_recorded_fan_outs_in_the_range_in_seq_order()
    {
        var store = CreateStore();
        var topic = NewTopic();
        foreach (var seq in new long[] { 4, 2, 7, 5 })
        {
            await store.RecordFanOutAsync(Record(topic, seq), CancellationToken.None);
        }

        await store.RecordFanOutAsync(Record(NewTopic(), 3), CancellationToken.None);
        var times = await store.GetAcceptedTimesAsync(topic, 2, 5, CancellationToken.None);

        Assert.Equal([(2L, AcceptedAt.AddSeconds(2)), (4L, AcceptedAt.AddSeconds(4)), (5L, AcceptedAt.AddSeconds(5))], times);
    }
}
