using LiveWire.Core.Delivery;
using LiveWire.Core.Options;
using LiveWire.Testing;
using Microsoft.Extensions.Time.Testing;

namespace LiveWire.Core.Tests;

public sealed class InMemoryDeliveryStoreTests : DeliveryStoreConformanceTests
{
    protected override IDeliveryStore CreateStore() => new InMemoryDeliveryStore();

    [Fact]
    public async Task A_report_is_gone_the_retention_after_its_last_write_and_is_swept_from_memory()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new InMemoryDeliveryStore(Microsoft.Extensions.Options.Options.Create(new DeliveryOptions { Retention = TimeSpan.FromMinutes(10) }), clock);
        var now = clock.GetUtcNow();
        await store.RecordFanOutAsync(new FanOutRecord("t", 1, "d1", now, now, now), CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(9));
        await store.AddAcksAsync([new AckBatch("t", 1, 1, new Dictionary<int, long> { [1] = 1 }, 5, Subscribers: 1)], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(9));
        Assert.NotNull(await store.GetReportAsync("t", 1, CancellationToken.None));

        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(await store.GetReportAsync("t", 1, CancellationToken.None));
        Assert.Empty(await store.GetAcceptedTimesAsync("t", 1, 1, CancellationToken.None));

        await store.RecordFanOutAsync(new FanOutRecord("t", 2, "d2", now, now, now), CancellationToken.None);
        Assert.Equal(1, store.Count);
    }
}
