using LiveWire.Core.Options;
using LiveWire.Core.Ordering;
using LiveWire.Core.Timeline;
using LiveWire.Testing;

namespace LiveWire.Core.Tests.Ordering;

public sealed class InMemoryAcceptLedgerTests : AcceptLedgerConformanceTests
{
    protected override (ITimelineStore Store, IAcceptLedger Ledger) Create(TimelineOptions options)
    {
        var store = new InMemoryTimelineStore(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
        return (store, new InMemoryAcceptLedger(store));
    }
}
