using System.Net;
using LiveWire.Realtime;

namespace LiveWire.Server.Tests;

public sealed class ClientAddressesTests
{
    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    public void A_client_counts_under_its_IPv4_address_or_its_IPv6_64(string address, string partition) =>
        Assert.Equal(IPAddress.Parse(partition), ClientAddresses.PartitionOf(IPAddress.Parse(address)));
}
