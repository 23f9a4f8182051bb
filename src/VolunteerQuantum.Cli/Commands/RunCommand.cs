using System.CommandLine;
using Grpc.Core;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>
/// `vq run FILE`: the whole pipeline in one command. Without --coordinator it starts a grid in
/// this process (a coordinator with its LiteDB store and K volunteer daemons), submits the
/// circuit, shows progress, and prints the verified result with a verification summary.
/// </summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var submission = new SubmissionOptions();
        var volunteers = new Option<int>("--volunteers", "-k")
        {
            Description = "Local volunteer daemons to start (embedded grid only)",
            DefaultValueFactory = _ => 3,
        };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads per local volunteer (default: cores / volunteers)" };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "Keep the embedded grid's data here (default: a temporary folder, deleted afterwards)" };
        var verbose = new Option<bool>("--verbose") { Description = "Show the embedded coordinator's and volunteers' logs" };
        var command = new Command("run", "Run a circuit on a grid (an embedded one by default) with verified, replicated work units");
        submission.AddTo(command);
        command.Options.Add(volunteers);
        command.Options.Add(threads);
        command.Options.Add(dataDir);
        command.Options.Add(verbose);
        volunteers.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 64)
            {
                r.AddError("--volunteers must be between 1 and 64");
            }
        });
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var request = submission.Request(parse);
            var json = parse.GetValue(submission.Outputs.Json);
            var stateOut = parse.GetValue(submission.Outputs.StateOut);
            var remote = parse.GetValue(submission.Coordinator);
            if (remote is not null)
            {
                using var grid = submission.Connect(parse);
                return await SubmitAndFollowAsync(grid, request, stateOut, json, cancellationToken);
            }
            var k = parse.GetValue(volunteers);
            if (request.MinQuorum > k)
            {
                throw new UsageException($"--replicas {request.MinQuorum} needs at least {request.MinQuorum} volunteers (replicas of a unit go to distinct volunteers); use --volunteers {request.MinQuorum}");
            }
            var perVolunteer = parse.GetValue(threads) is > 0 and var t ? t : Math.Max(1, Environment.ProcessorCount / k);
            await using var local = await LocalGrid.StartAsync(k, parse.GetValue(dataDir)?.FullName, perVolunteer, parse.GetValue(verbose), cancellationToken);
            if (!json)
            {
                Console.Error.WriteLine($"grid          embedded coordinator {local.Coordinator.GrpcAddress} (dashboard {local.Coordinator.HttpAddress}), {k} volunteer(s) × {perVolunteer} thread(s)");
                if (local.StaleRemoved.Folders > 0)
                {
                    Console.Error.WriteLine($"cleaned       {local.StaleRemoved.Folders} temporary grid(s) of killed earlier runs ({VolunteerQuantum.Grid.Planning.ProjectPlanner.Bytes(local.StaleRemoved.Bytes)})");
                }
            }
            using var connection = new GridConnection(local.Coordinator.GrpcAddress.ToString(), local.Coordinator.ApiKey);
            return await SubmitAndFollowAsync(connection, request, stateOut, json, cancellationToken);
        }));
        return command;
    }

    /// <summary>Submits, follows the project to its end, and prints the verified result.</summary>
    internal static async Task<int> SubmitAndFollowAsync(GridConnection grid, SubmitProjectRequest request, FileInfo? stateOut, bool json, CancellationToken cancellationToken)
    {
        var project = await grid.Projects.SubmitAsync(request, grid.Headers, cancellationToken: cancellationToken);
        if (!json)
        {
            Console.Error.WriteLine($"plan          {TerminalText.Clean(project.Plan.Description)}");
        }
        ProjectInfo final;
        try
        {
            final = await ProjectWatcher.WatchAsync(grid, project.Id, Console.Error, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            // Interrupted: cancel the project rather than leave it running on an embedded grid that is going away.
            await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = project.Id }, grid.Headers, cancellationToken: CancellationToken.None);
            throw;
        }
        var document = await ResultFetcher.FetchAsync(grid, final, stateOut, cancellationToken);
        if (json)
        {
            Console.Out.WriteLine(ResultJson.ToJson(document));
        }
        else
        {
            ResultPrinter.Print(Console.Out, document);
        }
        return 0;
    }
}
