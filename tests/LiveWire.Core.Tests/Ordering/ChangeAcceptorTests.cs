using LiveWire.Core.Ordering;

namespace LiveWire.Core.Tests.Ordering;

public sealed class ChangeAcceptorTests
{
    [Fact]
    public async Task A_change_the_bus_took_is_sent_with_its_number_and_keeps_it()
    {
        var ledger = new RecordingLedger();
        long? sentWith = null;

        var taken = await new ChangeAcceptor(ledger).AcceptAsync(
            "talks", "d1", isPublish: true, order => Task.FromResult((sentWith = order) is not null), CancellationToken.None);

        Assert.True(taken);
        Assert.Equal(1, sentWith);
        Assert.Equal(["accept talks d1 publish"], ledger.Calls);
    }

    [Fact]
    public async Task A_change_the_bus_did_not_take_gives_its_number_up()
    {
        var ledger = new RecordingLedger();

        var taken = await new ChangeAcceptor(ledger).AcceptAsync(
            "talks", "d1", isPublish: false, _ => Task.FromResult(false), CancellationToken.None);

        Assert.False(taken);
        Assert.Equal(["accept talks d1 change", "abandon talks 1"], ledger.Calls);
    }

    [Fact]
    public async Task A_ledger_that_cannot_give_the_number_up_still_answers_that_the_bus_did_not_take_it()
    {
        var ledger = new RecordingLedger { AbandonFails = true };

        var taken = await new ChangeAcceptor(ledger).AcceptAsync(
            "talks", "d1", isPublish: false, _ => Task.FromResult(false), CancellationToken.None);

        Assert.False(taken);
        Assert.Equal(["accept talks d1 change", "abandon talks 1"], ledger.Calls);
    }

    private sealed class RecordingLedger : IAcceptLedger
    {
        private long _count;

        public List<string> Calls { get; } = [];

        public bool AbandonFails { get; init; }

        public Task<long> AcceptAsync(string topic, string id, bool isPublish, CancellationToken cancellationToken)
        {
            Calls.Add($"accept {topic} {id} {(isPublish ? "publish" : "change")}");
            return Task.FromResult(++_count);
        }

        public Task AbandonAsync(string topic, long acceptOrder, CancellationToken cancellationToken)
        {
            Calls.Add($"abandon {topic} {acceptOrder}");
            return AbandonFails ? Task.FromException(new TimeoutException("The ledger did not answer.")) : Task.CompletedTask;
        }
    }
}
