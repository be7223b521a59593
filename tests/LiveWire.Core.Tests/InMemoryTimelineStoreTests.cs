using LiveWire.Core.Options;
using LiveWire.Core.Timeline;
using LiveWire.Testing;

namespace LiveWire.Core.Tests;

public sealed class InMemoryTimelineStoreTests : TimelineStoreConformanceTests
{
    protected override ITimelineStore CreateStore(TimelineOptions options) =>
        new InMemoryTimelineStore(Microsoft.Extensions.Options.Options.Create(options), TimeProvider.System);
}
