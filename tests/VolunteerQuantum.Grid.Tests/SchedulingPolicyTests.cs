using VolunteerQuantum.Grid.Scheduling;
using VolunteerQuantum.Grid.Units;

namespace VolunteerQuantum.Grid.Tests;

public sealed class SchedulingPolicyTests
{
    private static readonly WorkUnitSpec Unit = new() { Index = 0, Kind = UnitKind.Whole, MemoryBytes = 1000, Cost = 1e12, GateCount = 1 };

    [Fact]
    public void MayReceive_NeedsTheMemory_AndNoReplicaOnTheSameHostOrOwner()
    {
        var host = new HostProfile("h1", "alice", 2000, 1e9);
        Assert.True(ReplicaPlacement.MayReceive(host, Unit, []));
        Assert.False(ReplicaPlacement.MayReceive(host with { MemoryBytes = 999 }, Unit, []));
        Assert.False(ReplicaPlacement.MayReceive(host, Unit, [new HostProfile("h1", "bob", 0, 0)]));
        Assert.False(ReplicaPlacement.MayReceive(host, Unit, [new HostProfile("h2", "ALICE", 0, 0)]));
        Assert.True(ReplicaPlacement.MayReceive(host, Unit, [new HostProfile("h2", "bob", 0, 0)]));
        // Hosts without an owner name are not one owner.
        Assert.True(ReplicaPlacement.MayReceive(host with { Owner = "" }, Unit, [new HostProfile("h2", "", 0, 0)]));
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
