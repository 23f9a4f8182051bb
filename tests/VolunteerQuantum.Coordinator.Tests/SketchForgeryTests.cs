using System.Numerics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using VolunteerQuantum.Circuits.Qasm;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Grid.Execution;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Simulation.Execution;
using VolunteerQuantum.Simulation.Io;
using VolunteerQuantum.TestSupport;
using Xunit.Abstractions;
using ProjectState = VolunteerQuantum.Protos.V1.ProjectState;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>
/// The null-space sketch forgery (issue 8): an uploader that knows the seeds its upload is checked
/// with can build a wrong state with exactly the right sketches. Every replica now sketches with
/// seeds of its own, and the coordinator checks each upload with the other replicas' seeds: the
/// forgery must never be verified, and the forger must end recorded invalid.
/// </summary>
public sealed class SketchForgeryTests(ITestOutputHelper output)
{
    private const int Tries = 20;

    private static void LongLeases(CoordinatorOptions o) => o.HeartbeatIntervalSeconds = 30;

    [Fact]
    public async Task WholeUnits_NullSpaceForgeryByTheUploader_NeverVerified_ForgerRecordedInvalid()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var alice = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "alice"));
        var bob = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "bob"));
        var random = new Random(8);
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var qasm = HeavyCircuit.Qasm(5, 4, seed: 100 + attempt);
            var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = qasm, ReturnState = true }, TestCoordinator.ApiKeyHeaders);
            // A fresh account each time: every try is the attack of one party, not of a host already caught.
            var forger = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, $"mallory{attempt}"));
            var lease = (await forger.Host.RequestAsync())!;
            Assert.True(lease.Task.Whole.ReturnState, "the first replica uploads the state");
            var verifierLease = (await alice.Host.RequestAsync())!;
            Assert.Equal(lease.Task.UnitId, verifierLease.Task.UnitId);
            Assert.False(verifierLease.Task.Whole.ReturnState);
            Assert.NotEqual(lease.Task.SketchSeeds, verifierLease.Task.SketchSeeds);

            var fidelity = 1.0;
            await forger.ComputeAsync(lease, new UnitTamper { State = s => fidelity = NullSpaceForgery.Forge(s, lease.Task.SketchSeeds, random) });
            Assert.True(fidelity < 0.99, $"the forgery is far from the truth (fidelity {fidelity:G3})");
            output.WriteLine($"whole try {attempt}: forged state's fidelity with the truth {fidelity:G3}");
            await alice.ComputeAsync(verifierLease);
            // Disputed: the next replica must upload, and settles it.
            var decider = (await bob.Host.RequestAsync())!;
            Assert.True(decider.Task.Whole.ReturnState);
            await bob.ComputeAsync(decider);

            var info = await grid.EndedAsync(project.Id);
            Assert.Equal(ProjectState.Completed, info.State);
            Assert.Equal(ReplicaState.Invalid, grid.Replica(lease.ReplicaId).State);
            Assert.True(DeliveredFidelity(await DownloadStateAsync(grid, project.Id), qasm) >= 1 - 1e-12);
        }
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts;
        Assert.All(hosts.Where(h => h.Owner.StartsWith("mallory", StringComparison.Ordinal)), h => Assert.Equal((1, 0), (h.Invalid, h.Valid)));
        Assert.All(hosts.Where(h => !h.Owner.StartsWith("mallory", StringComparison.Ordinal)), h => Assert.Equal(0, h.Invalid));
    }

    [Fact]
    public async Task ShardUnits_NullSpaceForgeryByTheUploader_NeverVerified_ForgerRecordedInvalid()
    {
        await using var grid = await TestCoordinator.StartAsync(LongLeases);
        var alice = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "alice"));
        var bob = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, "bob"));
        var random = new Random(9);
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest
            {
                Qasm = HeavyCircuit.Qasm(8, 3, seed: 200 + attempt),
                Strategy = Strategy.Shards,
                MaxUnitMemoryBytes = 16 << 5,   // 2^5 amplitudes per shard: 8 shards
                ReturnState = true,
            }, TestCoordinator.ApiKeyHeaders);
            var forger = new ExecutingVolunteer(await ScriptedVolunteer.RegisterAsync(grid, $"mallory{attempt}"));
            var lease = (await forger.Host.RequestAsync())!;
            Assert.True(lease.Task.Shard.ReturnState, "the first replica uploads the shard");
            var verifierLease = await alice.Host.LeaseOfAsync(lease.Task.UnitId);
            Assert.False(verifierLease.Task.Shard.ReturnState);

            var fidelity = 1.0;
            await forger.ComputeAsync(lease, new UnitTamper { State = s => fidelity = NullSpaceForgery.Forge(s, lease.Task.SketchSeeds, random) });
            Assert.True(fidelity < 0.99, $"the forgery is far from the truth (fidelity {fidelity:G3})");
            output.WriteLine($"shard try {attempt}: forged shard's fidelity with the truth {fidelity:G3}");
            await alice.ComputeAsync(verifierLease);
            var decider = await bob.Host.LeaseOfAsync(lease.Task.UnitId);
            Assert.True(decider.Task.Shard.ReturnState);
            await bob.ComputeAsync(decider);

            var unit = grid.Unit(lease.Task.UnitId);
            Assert.Equal(UnitState.Verified, unit.State);
            Assert.Equal(decider.ReplicaId, unit.CanonicalReplicaId);
            Assert.Equal(ReplicaState.Invalid, grid.Replica(lease.ReplicaId).State);
            Assert.Equal(ReplicaState.Valid, grid.Replica(verifierLease.ReplicaId).State);
            await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        }
        var hosts = (await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts;
        Assert.All(hosts.Where(h => h.Owner.StartsWith("mallory", StringComparison.Ordinal)), h => Assert.Equal((1, 0), (h.Invalid, h.Valid)));
    }

    private static async Task<byte[]> DownloadStateAsync(TestCoordinator grid, string projectId)
    {
        using var call = grid.Projects.DownloadResult(new DownloadResultRequest { ProjectId = projectId, Format = ResultFormat.Npy }, TestCoordinator.ApiKeyHeaders);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        return buffer.ToArray();
    }

    private static double DeliveredFidelity(byte[] npy, string qasm)
    {
        using var truth = new Simulator().Run(QasmParser.Parse(qasm), new SimulationRequest { KeepFinalState = true });
        using var delivered = NpyReader.Read(new MemoryStream(npy));
        var overlap = Complex.Zero;
        for (long i = 0; i < delivered.Length; i++)
        {
            overlap += Complex.Conjugate(truth.FinalState!.GetAmplitude(i)) * delivered.GetAmplitude(i);
        }
        return overlap.Magnitude * overlap.Magnitude;
    }
}
