using LiveWire.Core.Delivery;
using LiveWire.Testing;

namespace LiveWire.Core.Tests;

public sealed class InMemoryDeliveryStoreTests : DeliveryStoreConformanceTests
{
    protected override IDeliveryStore CreateStore() => new InMemoryDeliveryStore();
}
