using VolunteerQuantum.Grid.Scheduling;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Tests;

public sealed class SchedulingPolicyTests
{
    private static readonly WorkUnitSpec Unit = new() { Index = 0, Kind = UnitKind.Whole, MemoryBytes = 1000, Cost = 1e12, GateCount = 1 };

    [Fact]
    public void MayReceive_NeedsTheMemory_AndNoReplicaOnTheSameHostAccountOrNetwork()
    {
        var host = new HostProfile("h1", "alice", 2000, 1e9, "203.0.113.0/24");
        static UnitHolders Held(string id = "", string owner = "", string network = "") =>
            new(new HashSet<string> { id }, new HashSet<string> { owner }, new HashSet<string> { network });
        var none = new UnitHolders(new HashSet<string>(), new HashSet<string>(), new HashSet<string>());
        Assert.True(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, none, separateNetworks: true));
        Assert.False(ReplicaPlacement.MayReceive(host with { MemoryBytes = 999 }, Unit.MemoryBytes, none, separateNetworks: true));
        Assert.False(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, Held(id: "h1", owner: "bob"), separateNetworks: true));
        Assert.False(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, Held(id: "h2", owner: "alice"), separateNetworks: true));
        Assert.True(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, Held(id: "h2", owner: "bob"), separateNetworks: true));
        // One network holds one replica, when networks are kept apart; loopback ("") is no network.
        Assert.False(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, Held("h2", "bob", "203.0.113.0/24"), separateNetworks: true));
        Assert.True(ReplicaPlacement.MayReceive(host, Unit.MemoryBytes, Held("h2", "bob", "203.0.113.0/24"), separateNetworks: false));
        Assert.True(ReplicaPlacement.MayReceive(host with { Network = "" }, Unit.MemoryBytes, Held("h2", "bob", ""), separateNetworks: true));
    }

    [Fact]
    public void Deadline_SizedFromCostAndSpeed_WithinBounds()
    {
        var policy = new LeasePolicy { SafetyFactor = 10, MinimumDeadline = TimeSpan.FromMinutes(2), MaximumDeadline = TimeSpan.FromDays(2) };
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // 1e12 updates at 1e9/s = 1000 s, ×10.
        Assert.Equal(now + TimeSpan.FromSeconds(10_000), policy.OverallDeadline(now, Unit, new HostProfile("h", "", 1, 1e9)));
        Assert.Equal(now + TimeSpan.FromMinutes(2), policy.OverallDeadline(now, Unit with { Cost = 1 }, new HostProfile("h", "", 1, 1e9)));
        Assert.Equal(now + TimeSpan.FromDays(2), policy.OverallDeadline(now, Unit with { Cost = 1e20 }, new HostProfile("h", "", 1, 1e9)));
    }

    [Fact]
    public void Renewal_ExtendsByMissedHeartbeats_NeverPastTheDeadline()
    {
        var policy = new LeasePolicy { HeartbeatInterval = TimeSpan.FromSeconds(10), MissedHeartbeats = 3 };
        var now = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        Assert.Equal(now + TimeSpan.FromSeconds(30), policy.RenewedExpiry(now, now + TimeSpan.FromHours(1)));
        Assert.Equal(now + TimeSpan.FromSeconds(5), policy.RenewedExpiry(now, now + TimeSpan.FromSeconds(5)));
    }
}
