using Grpc.Core;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>Every number on the wire is range-checked: InvalidArgument naming the field, and nothing changes.</summary>
public sealed class NumericRangeTests
{
    // The test grid's leases lapse after a second without a heartbeat: too short on a loaded machine.
    private static void LongLeases(CoordinatorOptions options) => options.HeartbeatIntervalSeconds = 10;

    private static async Task<RpcException> RefusedAsync(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, e.StatusCode);
        return e;
    }

    private static ResultHeader Honest(string replicaId) => ScriptedVolunteer.Counts(replicaId, ("00", 48), ("11", 52));

    public static TheoryData<string, Action<ResultHeader>> BadHeaders => new()
    {
        { "counts add up to more than", h => h.Counts.Add([new CountEntry { Key = "01", Count = long.MaxValue }, new CountEntry { Key = "10", Count = long.MaxValue }]) },
        { "counts[1].count must not be negative", h => h.Counts[1].Count = -52 },
        { "gates_applied must not be negative", h => (h.GatesApplied, h.ComputeSeconds) = (long.MinValue, double.NegativeInfinity) },
        { "compute_seconds must be a finite number", h => h.ComputeSeconds = double.NaN },
        { "compute_seconds must not be negative", h => h.ComputeSeconds = -1 },
        { "norm_squared must be a finite number", h => h.NormSquared = double.PositiveInfinity },
        { "path_abs_sum must not be negative", h => h.PathAbsSum = -1 },
        { "sketches[0].re must be a finite number", h => h.Sketches.Add(new ComplexNumber { Re = double.NaN }) },
        { "amplitudes[0].value.im must be a finite number", h => h.Amplitudes.Add(new AmplitudeEntry { Bitstring = "00", Value = new ComplexNumber { Im = double.NegativeInfinity } }) },
        { "expectations[0].value must be a finite number", h => h.Expectations.Add(new ExpectationEntry { Observable = "Z0", Value = double.NaN }) },
        { "state_length must not be negative", h => h.StateLength = -1 },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task SubmitResult_OutOfRangeHeaderField_InvalidArgumentNamingItReplicaStillInProgress(string message, Action<ResultHeader> spoil)
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 }, TestCoordinator.ApiKeyHeaders);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var lease = (await worker.RequestAsync())!;
        var header = Honest(lease.ReplicaId);
        spoil(header);
        var e = await RefusedAsync(() => worker.SubmitAsync(header));
        Assert.Contains(message, e.Status.Detail, StringComparison.Ordinal);
        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, info.ReplicasRunning);
        Assert.Equal(0, info.Verification.ReplicasInvalid);
        // The holder can still send its real result.
        await worker.SubmitAsync(Honest(lease.ReplicaId));
    }

    [Fact]
    public async Task Heartbeat_OutOfRangeFields_InvalidArgumentNamingThem_LeaseKept()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 }, TestCoordinator.ApiKeyHeaders);
        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var lease = (await worker.RequestAsync())!;
        foreach (var (field, request) in new (string, HeartbeatRequest)[]
        {
            ("progress", new() { ReplicaId = lease.ReplicaId, Progress = double.NaN }),
            ("progress", new() { ReplicaId = lease.ReplicaId, Progress = 1.5 }),
            ("progress", new() { ReplicaId = lease.ReplicaId, Progress = double.NegativeInfinity }),
            ("resumed_from_operations", new() { ReplicaId = lease.ReplicaId, Progress = 0.5, ResumedFromOperations = -1 }),
        })
        {
            var e = await RefusedAsync(async () => await worker.Client.HeartbeatAsync(request, worker.Headers));
            Assert.StartsWith(field + " ", e.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(HeartbeatAction.Continue, (await worker.HeartbeatAsync(lease.ReplicaId)).Action);
        var info = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.Equal(1, info.ReplicasRunning);
    }

    public static TheoryData<string, Action<HostCapabilities>> BadCapabilities => new()
    {
        { "capabilities.logical_cores", c => c.LogicalCores = -4 },
        { "capabilities.memory_bytes", c => c.MemoryBytes = long.MinValue },
        { "capabilities.simd_width_bits", c => c.SimdWidthBits = -256 },
        { "capabilities.amplitude_updates_per_second", c => c.AmplitudeUpdatesPerSecond = double.NaN },
        { "capabilities.amplitude_updates_per_second", c => c.AmplitudeUpdatesPerSecond = double.PositiveInfinity },
        { "capabilities.amplitude_updates_per_second", c => c.AmplitudeUpdatesPerSecond = -1e9 },
    };

    [Theory]
    [MemberData(nameof(BadCapabilities))]
    public async Task RegisterAndRequestWork_BadCapability_InvalidArgumentNamingIt_NothingCreated(string field, Action<HostCapabilities> spoil)
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 }, TestCoordinator.ApiKeyHeaders);
        var capabilities = ScriptedVolunteer.Capabilities(1L << 30);
        spoil(capabilities);
        var e = await RefusedAsync(async () => await grid.Volunteers.RegisterAsync(new RegisterRequest { EnrollmentToken = TestCoordinator.EnrollmentToken, Owner = "o", HostName = "h", Capabilities = capabilities }));
        Assert.StartsWith(field + " ", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts);

        var host = await ScriptedVolunteer.RegisterAsync(grid, "honest");
        e = await RefusedAsync(async () => await host.Client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, host.Headers));
        Assert.StartsWith(field + " ", e.Status.Detail, StringComparison.Ordinal);
        var listed = Assert.Single((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts);
        Assert.False(listed.Busy);
        Assert.Equal(1L << 30, listed.MemoryBytes);
    }

    public static TheoryData<string, Action<SubmitProjectRequest>> BadSubmissions => new()
    {
        { "shots", r => r.Shots = -1 },
        { "shots_per_unit", r => r.ShotsPerUnit = long.MinValue },
        { "min_quorum", r => r.MinQuorum = -2 },
        { "max_replicas", r => r.MaxReplicas = -5 },
        { "max_unit_memory_bytes", r => r.MaxUnitMemoryBytes = -1 },
        { "accept_path_fraction", r => r.AcceptPathFraction = double.NaN },
        { "accept_path_fraction", r => r.AcceptPathFraction = 1.5 },
        { "precision", r => r.Precision = (Precision)7 },
        { "strategy", r => r.Strategy = (Strategy)(-1) },
        { "parameters['theta']", r => r.Parameters["theta"] = double.PositiveInfinity },
        { "sweeps[0].values[1]", r => r.Sweeps.Add(new ParameterSweep { Name = "theta", Values = { 0.5, double.NaN } }) },
    };

    [Theory]
    [MemberData(nameof(BadSubmissions))]
    public async Task Submit_OutOfRangeField_InvalidArgumentNamingIt_NoProjectCreated(string field, Action<SubmitProjectRequest> spoil)
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var request = new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, Seed = 3 };
        spoil(request);
        var e = await RefusedAsync(async () => await grid.Projects.SubmitAsync(request, TestCoordinator.ApiKeyHeaders));
        Assert.StartsWith(field + " ", e.Status.Detail, StringComparison.Ordinal);
        Assert.Empty((await grid.Projects.ListProjectsAsync(new ListProjectsRequest(), TestCoordinator.ApiKeyHeaders)).Projects);
    }
}
