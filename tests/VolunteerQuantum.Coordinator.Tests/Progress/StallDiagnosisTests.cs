using VolunteerQuantum.Coordinator.Progress;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Grid.Scheduling;

namespace VolunteerQuantum.Coordinator.Tests.Progress;

/// <summary>Each reason a running project has nothing computing, and the cases that are no stall.</summary>
public sealed class StallDiagnosisTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static HostFacts Host(string id, long memory = 1L << 30, string paused = "", TimeSpan? seenAgo = null, string? owner = null) =>
        new(id, owner ?? id + "-account", "", memory, paused, Now - (seenAgo ?? TimeSpan.FromSeconds(2)));

    private static OpenUnitIndex.Entry Open(string unitId, long memory = 1L << 20, params string[] holders) =>
        new(1, unitId, "p", memory, new UnitHolders(
            holders.ToHashSet(StringComparer.Ordinal),
            holders.Select(h => h + "-account").ToHashSet(StringComparer.Ordinal),
            new HashSet<string>(StringComparer.Ordinal)));

    private static GridFacts Grid(params HostFacts[] hosts) => Grid(hosts, []);

    private static GridFacts Grid(HostFacts[] hosts, string[] busy) =>
        new(hosts, busy.ToHashSet(StringComparer.Ordinal), Now, TimeSpan.FromSeconds(60), SeparateNetworks: true);

    [Fact]
    public void Diagnose_NoHostRegistered_NoVolunteers()
    {
        var stall = StallDiagnosis.Diagnose([], [Open("u0")], 1, Grid());
        Assert.Equal(StallKind.NoVolunteers, stall!.Kind);
        Assert.Contains("no volunteer has registered", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_HostsSilentPastTheOnlineWindow_NoneConnected_WithWhenLastSeen()
    {
        var stall = StallDiagnosis.Diagnose([], [Open("u0")], 1,
            Grid(Host("a", seenAgo: TimeSpan.FromMinutes(10)), Host("b", seenAgo: TimeSpan.FromMinutes(5))));
        Assert.Equal(StallKind.NoneConnected, stall!.Kind);
        Assert.Equal(2, stall.HostsRegistered);
        Assert.Equal(Now - TimeSpan.FromMinutes(5), stall.LastSeenUtc);
        Assert.Contains("none of the 2 registered volunteer(s) has called the coordinator in the last 60 s (last seen 5 min ago)", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_NoConnectedHostWithTheMemory_NotEnoughMemory_WithBothAmounts()
    {
        // A silent host with plenty of memory does not count: it is not connected.
        var stall = StallDiagnosis.Diagnose([], [Open("u0", memory: 256L << 20)], 1,
            Grid(Host("small", memory: 64L << 20), Host("smaller", memory: 16L << 20), Host("gone", memory: 8L << 30, seenAgo: TimeSpan.FromHours(1))));
        Assert.Equal(StallKind.NotEnoughMemory, stall!.Kind);
        Assert.Equal(256L << 20, stall.MemoryNeededBytes);
        Assert.Equal(64L << 20, stall.LargestHostMemoryBytes);
        Assert.Equal(2, stall.HostsConnected);
        Assert.Contains("it needs 256 MiB, the largest of the 2 connected volunteer(s) lends 64 MiB", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_EveryHostThatCouldComputeItPaused_AllPaused_ReasonsCounted()
    {
        // The small host cannot take the unit anyway: only the hosts with the memory count.
        var stall = StallDiagnosis.Diagnose([], [Open("u0", memory: 256L << 20)], 1, Grid(
            Host("a", paused: "other processes use 93% of the CPU (limit 50%)"),
            Host("b", paused: "other processes use 93% of the CPU (limit 50%)"),
            Host("c", paused: "on battery"),
            Host("small", memory: 1L << 20)));
        Assert.Equal(StallKind.AllPaused, stall!.Kind);
        Assert.Equal(new[] { ("other processes use 93% of the CPU (limit 50%)", 2), ("on battery", 1) }, stall.Pauses);
        Assert.Equal("all 3 volunteer(s) that could compute it are paused by their computing policy: other processes use 93% of the CPU (limit 50%) (2); on battery (1)", stall.Message);
    }

    [Fact]
    public void Diagnose_ItsReplicasSuspendedByTheirHosts_AllPaused()
    {
        // The only unit is leased (no open unit): its replicas wait on paused hosts.
        var stall = StallDiagnosis.Diagnose(["a", "b"], [], 2, Grid(Host("a", paused: "user active"), Host("b", paused: "user active"), Host("idle")));
        Assert.Equal(StallKind.AllPaused, stall!.Kind);
        Assert.Equal(new[] { ("user active", 2) }, stall.Pauses);
        Assert.Contains("(2 replica(s) suspended)", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_OnlyHostAlreadyComputedTheUnit_QuorumOfTwo_NoEligibleVolunteer()
    {
        var stall = StallDiagnosis.Diagnose([], [Open("u0", 1L << 20, "a")], 2, Grid(Host("a")));
        Assert.Equal(StallKind.NoEligibleVolunteer, stall!.Kind);
        Assert.Contains("a quorum of 2 needs 2 volunteers of different accounts", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_SameAccountAsTheHolder_NoEligibleVolunteer()
    {
        var stall = StallDiagnosis.Diagnose([], [Open("u0", 1L << 20, "a")], 2, Grid(Host("a"), Host("a2", owner: "a-account")));
        Assert.Equal(StallKind.NoEligibleVolunteer, stall!.Kind);
    }

    [Fact]
    public void Diagnose_EligibleHostsAllBusyElsewhere_VolunteersBusy()
    {
        var stall = StallDiagnosis.Diagnose([], [Open("u0")], 1, Grid([Host("a"), Host("b")], ["a", "b"]));
        Assert.Equal(StallKind.VolunteersBusy, stall!.Kind);
        Assert.Contains("all 2 volunteer(s) that could take its units are computing other projects' units", stall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Diagnose_AReplicaComputing_NoStall()
    {
        // One of its replicas is on a host that computes: the project progresses, whatever the rest.
        Assert.Null(StallDiagnosis.Diagnose(["a", "b"], [Open("u1")], 1, Grid(Host("a", paused: "on battery"), Host("b"))));
    }

    [Fact]
    public void Diagnose_AnIdleEligibleHost_NoStall_ItTakesAUnitAtItsNextRequest()
    {
        Assert.Null(StallDiagnosis.Diagnose([], [Open("u0")], 1, Grid([Host("a"), Host("b")], ["a"])));
    }

    [Fact]
    public void Diagnose_NothingWantedOfVolunteers_NoStall_ThePipelineIsFinishing()
    {
        Assert.Null(StallDiagnosis.Diagnose([], [], 1, Grid()));
    }
}
