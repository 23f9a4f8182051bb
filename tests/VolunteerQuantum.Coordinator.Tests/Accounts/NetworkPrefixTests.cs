using System.Net;
using VolunteerQuantum.Coordinator.Accounts;

namespace VolunteerQuantum.Coordinator.Tests.Accounts;

public sealed class NetworkPrefixTests
{
    [Theory]
    [InlineData("203.0.113.77", "203.0.113.0/24")]
    [InlineData("::ffff:203.0.113.9", "203.0.113.0/24")]   // an IPv4 caller on a dual-stack socket
    [InlineData("2001:db8:abcd:12::1", "20010db8abcd/48")]
    [InlineData("127.0.0.1", "")]
    [InlineData("127.8.9.10", "")]
    [InlineData("::1", "")]
    public void Of_GroupsAddressesOneOwnerCanCheaplyHave(string address, string expected) =>
        Assert.Equal(expected, NetworkPrefix.Of(IPAddress.Parse(address)));
}
