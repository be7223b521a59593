using System.Runtime.CompilerServices;
using LiveWire.Testing;
using Microsoft.Playwright;

namespace LiveWire.Web.Tests;

/// <summary>
/// Playwright's assertions wait 5 s for their condition unless told otherwise, whatever the page's own timeout. Here
/// they wait as long as a delivery may take on a busy machine (<see cref="TestTimeouts.Delivery"/>): an update still on
/// its way must not fail a test, and one that never comes fails it all the same.
/// </summary>
internal static class ExpectTimeout
{
    [ModuleInitializer]
    internal static void WaitAsLongAsADelivery() =>
        Assertions.SetDefaultExpectTimeout((float)TestTimeouts.Delivery.TotalMilliseconds);
}
