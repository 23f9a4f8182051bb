using System.Text.Json;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Extensions;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>Real volunteer daemons (in this process) against a real coordinator over loopback gRPC.</summary>
public sealed class LocalGridTests
{
    private const string Bell = "OPENQASM 2.0;\ninclude \"qelib1.inc\";\nqreg q[2];\ncreg c[2];\nh q[0];\ncx q[0],q[1];\nmeasure q -> c;\n";

    [Fact]
    public async Task ThreeVolunteers_BellCounts_VerifiedByTwoDistinctHosts()
    {
        var dir = Directory.CreateTempSubdirectory("vq-local-").FullName;
        await using var coordinator = await EmbeddedCoordinator.StartAsync(new CoordinatorOptions
        {
            DataDirectory = Path.Combine(dir, "coordinator"),
            GrpcPort = 0,
            HttpPort = -1,
            ApiKeys = ["key"],
            EnrollmentTokens = ["owner0=token0", "owner1=token1", "owner2=token2"],
            HeartbeatIntervalSeconds = 0.5,
            NoWorkRetrySeconds = 0.1,
        }, l => l.ClearProviders());
        var volunteers = new List<EmbeddedVolunteer>();
        for (var i = 0; i < 3; i++)
        {
            volunteers.Add(await EmbeddedVolunteer.StartAsync(new VolunteerOptions
            {
                Coordinator = coordinator.GrpcAddress.ToString(),
                DataDirectory = Path.Combine(dir, $"volunteer{i}"),
                EnrollmentToken = $"token{i}",
                Owner = $"owner{i}",
                MaxThreads = 1,
                MaxMemoryBytes = 1 << 28,
                // Other test processes load the CPU: this test is not about the computing policy.
                Policy = new VolunteerQuantum.Volunteer.Policy.ComputingPolicyOptions { Mode = VolunteerQuantum.Volunteer.Policy.ComputingMode.Always },
                LowerPriority = false,   // it would lower the test process itself
            }, l => l.ClearProviders()));
        }
        using var channel = GrpcChannel.ForAddress(coordinator.GrpcAddress);
        var projects = new ProjectService.ProjectServiceClient(channel);
        var key = new Metadata { { "vq-api-key", "key" } };
        var project = await projects.SubmitAsync(new SubmitProjectRequest { Qasm = Bell, Shots = 4000, Seed = 9 }, key);
        using var watch = projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, key);
        ProjectInfo last = project;
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            last = watch.ResponseStream.Current;
        }
        Assert.Equal(ProjectState.Completed, last.State);
        Assert.Equal(2, last.Verification.ReplicasValid);

        using var call = projects.DownloadResult(new DownloadResultRequest { ProjectId = project.Id }, key);
        using var buffer = new MemoryStream();
        await foreach (var chunk in call.ResponseStream.ReadAllAsync())
        {
            buffer.Write(chunk.Data.Span);
        }
        using var json = JsonDocument.Parse(buffer.ToArray());
        var counts = json.RootElement.GetProperty("counts");
        var zeros = counts.GetProperty("00").GetInt64();
        var ones = counts.GetProperty("11").GetInt64();
        Assert.Equal(4000, zeros + ones);
        // Binomial(4000, 1/2): σ ≈ 31.6; 5σ.
        Assert.InRange(zeros, 2000 - 158, 2000 + 158);
        foreach (var v in volunteers)
        {
            await v.DisposeAsync();
        }
        Directory.Delete(dir, recursive: true);
    }
}
