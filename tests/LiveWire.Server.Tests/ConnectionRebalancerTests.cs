using LiveWire.Core.Presence;
using LiveWire.Core.Stats;
using LiveWire.Core.Telemetry;
using LiveWire.Realtime.Draining;
using LiveWire.Testing;
using Microsoft.AspNetCore.Connections;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LiveWire.Server.Tests;

/// <summary>
/// <see cref="ConnectionRebalancer"/> on a fake clock: it lets a node's excess go, and when the readers it let go come
/// back to it all the same (the balancer is not spreading them), it waits longer before it lets more go. And
/// <see cref="ClosedConnectionCollector"/>: once a tenth of the node's connections ended, it has their memory collected.
/// </summary>
public sealed class ConnectionRebalancerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_node_whose_readers_come_back_waits_before_it_lets_more_go()
    {
        var time = new FakeTimeProvider();
        var tally = new ReaderTally();
        var drain = NewDrain(time, tally);
        var connections = Held(drain, "c", 100); // never untracked: each reader let go is back on this node at once

        var logger = new Lines<ConnectionRebalancer>();
        using var rebalancer = new ConnectionRebalancer(
            drain, tally, new OtherNodeEmpty(tally), Options.Create(new RebalanceOptions { Interval = Interval, MinimumExcess = 1 }), time, logger);
        await rebalancer.StartAsync(CancellationToken.None);
        int Aborted() => connections.Sum(c => c.Aborts);

        // The first look: 100 against an average of 50, so 50 go over half the interval.
        await AdvanceAsync(time, Interval + Interval / 2);
        await Eventually.HoldsAsync(() => Nudged(time, Aborted() == 50), TestTimeouts.Delivery, "50 connections to be let go");

        // The second look finds the node as full as before: it lets none go, and skips the next look.
        await AdvanceAsync(time, Interval);
        await Eventually.HoldsAsync(() => logger.Has("not spreading"), TestTimeouts.Delivery, "the rebalancer to see its readers came back");
        await AdvanceAsync(time, Interval + Interval / 4);
        Assert.Equal(50, Aborted());

        // Then it tries again.
        await AdvanceAsync(time, Interval);
        await Eventually.HoldsAsync(() => Nudged(time, Aborted() == 100), TestTimeouts.Delivery, "50 more connections to be let go");
        await rebalancer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_node_that_let_many_readers_go_collects_its_heap_once_it_holds_its_share()
    {
        var time = new FakeTimeProvider();
        var tally = new ReaderTally();
        var drain = NewDrain(time, tally);
        foreach (var connection in Enumerable.Range(0, 100).Select(i => new LeavingConnection($"c-{i}")))
        {
            connection.Tracking = drain.Track(connection);
        }

        var logger = new Lines<ConnectionRebalancer>();
        using var rebalancer = new ConnectionRebalancer(
            drain, tally, new OtherNodeTakesThem(tally, 100), Options.Create(new RebalanceOptions { Interval = Interval, MinimumExcess = 1 }), time, logger);
        await rebalancer.StartAsync(CancellationToken.None);

        // The first look lets 50 go, to the other node; the second finds the node at its share, and collects.
        await AdvanceAsync(time, Interval + Interval / 2);
        await Eventually.HoldsAsync(() => Nudged(time, tally.Connections == 50), TestTimeouts.Delivery, "50 connections to be let go");
        Assert.False(logger.Has("collected the heap"));
        await AdvanceAsync(time, Interval);
        await Eventually.HoldsAsync(() => logger.Has("after letting 50 connections go; collected the heap"), TestTimeouts.Delivery, "the rebalancer to collect once the node holds its share");
        await rebalancer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_node_lets_none_of_the_readers_that_arrived_within_the_interval_go()
    {
        var time = new FakeTimeProvider();
        var drain = NewDrain(time, new ReaderTally());
        var settled = Held(drain, "settled", 30);
        time.Advance(Interval);
        var arrived = Held(drain, "arrived", 30);
        time.Advance(Interval / 2);

        var shed = await drain.ShedAsync(40, TimeSpan.Zero, Interval, CancellationToken.None);

        Assert.Equal(30, shed);
        Assert.All(settled, connection => Assert.Equal(1, connection.Aborts));
        Assert.All(arrived, connection => Assert.Equal(0, connection.Aborts));
    }

    [Fact]
    public async Task A_node_has_the_memory_of_its_ended_connections_collected_once_a_tenth_of_them_ended()
    {
        var time = new FakeTimeProvider();
        var tally = new ReaderTally();
        var drain = NewDrain(time, tally);
        var connections = Enumerable.Range(0, 2_000).Select(i => new LeavingConnection($"c-{i}")).ToArray();
        foreach (var connection in connections)
        {
            connection.Tracking = drain.Track(connection);
        }

        var logger = new Lines<ClosedConnectionCollector>();
        using var collector = new ClosedConnectionCollector(drain, tally, time, logger);
        await collector.StartAsync(CancellationToken.None);

        // 150 of 2,000 ended: under a tenth of those held, so no collection.
        End(connections, 0, 150);
        await AdvanceAsync(time, ClosedConnectionCollector.CheckInterval * 2);
        Assert.False(logger.Has("asked for a background collection"));

        // A tenth and more: the next look asks for one. A full collection made meanwhile by anything else in this
        // process (another test) counts as one and starts the count again, so more end until it is seen.
        for (var round = 0; round < 5 && !logger.Has("asked for a background collection"); round++)
        {
            End(connections, 150 + (round * 300), 300);
            await AdvanceAsync(time, ClosedConnectionCollector.CheckInterval);
        }

        await Eventually.HoldsAsync(() => Nudged(time, logger.Has("asked for a background collection")), TestTimeouts.Delivery, "a collection once a tenth of the connections ended");
        await collector.StopAsync(CancellationToken.None);

        static void End(LeavingConnection[] connections, int from, int count)
        {
            foreach (var connection in connections.AsSpan(from, count))
            {
                connection.Tracking!.Dispose();
            }
        }
    }

    private static ConnectionDrain NewDrain(FakeTimeProvider time, ReaderTally tally) =>
        new(Options.Create(new DrainOptions()), tally, time,
            new LiveWireMetrics(new NoMeterFactory(), new NodeStats(time)), NullLogger<ConnectionDrain>.Instance);

    private static CountedConnection[] Held(ConnectionDrain drain, string name, int count)
    {
        var connections = Enumerable.Range(0, count).Select(i => new CountedConnection($"{name}-{i}")).ToArray();
        foreach (var connection in connections)
        {
            drain.Track(connection);
        }

        return connections;
    }

    // The fake clock moves in small steps, each given a moment for the timers' continuations to run on the thread pool;
    // what a step must have done is then awaited as a condition.
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan by)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += TimeSpan.FromMilliseconds(250))
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.Delay(5);
        }
    }

    // A wait within the window of a shed: while it is not done, the clock moves on by a few milliseconds at each look,
    // for the delays the shed registered after the last step.
    private static bool Nudged(FakeTimeProvider time, bool done)
    {
        if (!done)
        {
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        return done;
    }

    private sealed class CountedConnection(string id) : DefaultConnectionContext(id)
    {
        private int _aborts;

        public int Aborts => Volatile.Read(ref _aborts);

        public override void Abort(ConnectionAbortedException abortReason) => Interlocked.Increment(ref _aborts);
    }

    // A reader let go leaves this node for good.
    private sealed class LeavingConnection(string id) : DefaultConnectionContext(id)
    {
        public IDisposable? Tracking { get; set; }

        public override void Abort(ConnectionAbortedException abortReason) => Tracking?.Dispose();
    }

    // Two nodes with a fixed number of readers between them: each one this node lets go lands on the other.
    private sealed class OtherNodeTakesThem(ReaderTally tally, long readers) : INodeConnections
    {
        public Task<IReadOnlyList<long>> CountPerNodeAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>>([tally.Connections, readers - tally.Connections]);
    }

    private sealed class OtherNodeEmpty(ReaderTally tally) : INodeConnections
    {
        public Task<IReadOnlyList<long>> CountPerNodeAsync(CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<long>>([tally.Connections, 0]);
    }

    private sealed class NoMeterFactory : IMeterFactory
    {
        public Meter Create(MeterOptions options) => new(options);

        public void Dispose()
        {
        }
    }

    private sealed class Lines<T> : ILogger<T>
    {
        private readonly List<string> _lines = [];

        public bool Has(string text)
        {
            lock (_lines)
            {
                return _lines.Any(line => line.Contains(text, StringComparison.Ordinal));
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
