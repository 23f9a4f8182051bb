using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Tests.Support;

namespace VolunteerQuantum.Volunteer.Tests;

/// <summary>An OpenQASM 3 dynamic program (while loop on a measured bit, an output variable) on real volunteers.</summary>
public sealed class OpenQasm3GridTests
{
    // Repeat until success: each try is a fair coin, so the loop always ends with c[0] = 1; the output
    // `tries` counts them (1 with probability 1/2, 2 with 1/4, ...). ok is 1 when the classical
    // arithmetic on the volunteer agrees: 3 * 5 - 7 = 8.
    private const string Program = """
        OPENQASM 3.0;
        include "stdgates.inc";
        qubit[1] q;
        bit[1] c;
        output uint[4] tries;
        bit ok;
        int[8] k = 3 * 5 - 7;
        while (c[0] == 0) {
          reset q[0];
          h q[0];
          c[0] = measure q[0];
          tries += 1;
        }
        if (k == 8) ok = 1;
        """;

    private const long Shots = 400;

    [Fact]
    public async Task DynamicProgram_ShotsSplitOverUnits_EveryShotSucceedsAndCountsItsTries()
    {
        await using var grid = await LoopbackGrid.StartAsync(heartbeatSeconds: 0.5);
        var volunteers = new List<EmbeddedVolunteer>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                volunteers.Add(await grid.StartVolunteerAsync(Path.Combine(grid.Root, $"volunteer{i}"), new FakeReadings(FakeReadings.Calm), checkpointSeconds: 0, ComputingMode.Always));
            }
            var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = Program, FileName = "rus.qasm", Shots = Shots, ShotsPerUnit = 100, Seed = 5 }, grid.Key);
            Assert.Equal(4, project.UnitsTotal);
            using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, grid.Key);
            var last = project;
            while (await watch.ResponseStream.MoveNext(CancellationToken.None))
            {
                last = watch.ResponseStream.Current;
            }
            Assert.True(last.State == ProjectState.Completed, last.FailureReason);

            using var json = await grid.ResultAsync(project.Id);
            var counts = json.RootElement.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
            Assert.Equal(Shots, counts.Values.Sum());
            // Keys read "ok tries c": ok = 1, c = 1, tries ≥ 1; tries = 1 on about half the shots (5σ = 0.125).
            Assert.All(counts.Keys, k => Assert.Matches("^1 [01]{4} 1$", k));
            Assert.DoesNotContain("1 0000 1", counts.Keys);
            var once = counts.GetValueOrDefault("1 0001 1");
            Assert.InRange(once / (double)Shots, 0.5 - 0.125, 0.5 + 0.125);
        }
        finally
        {
            foreach (var v in volunteers)
            {
                await v.DisposeAsync();
            }
        }
    }
}
