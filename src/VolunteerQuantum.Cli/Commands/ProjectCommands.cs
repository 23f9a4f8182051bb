using System.CommandLine;
using System.Globalization;
using Google.Protobuf;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Cli.Output;
using VolunteerQuantum.Grid.Results;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq submit`, `vq watch`, `vq result`, `vq projects`, `vq cancel`: a researcher's view of a running grid.</summary>
internal static class ProjectCommands
{

    public static Command Submit()
    {
        var submission = new SubmissionOptions();
        var watch = new Option<bool>("--watch", "-w") { Description = "Follow the project and print its result when it completes" };
        var command = new Command("submit", "Submit a circuit to a running coordinator");
        submission.AddTo(command);
        command.Options.Add(watch);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var request = submission.Request(parse);
            using var grid = submission.Connect(parse);
            if (parse.GetValue(watch))
            {
                return await RunCommand.SubmitAndFollowAsync(grid, request, parse.GetValue(submission.Outputs.StateOut), parse.GetValue(submission.Outputs.Json), cancellationToken);
            }
            var project = await grid.Projects.SubmitAsync(request, grid.Headers, cancellationToken: cancellationToken);
            if (parse.GetValue(submission.Outputs.Json))
            {
                Console.Out.WriteLine(VolunteerQuantum.Protos.ProtoJson.Format(project));
            }
            else
            {
                Console.Out.WriteLine(TerminalText.Clean(project.Id));
                Console.Error.WriteLine($"plan          {TerminalText.Clean(project.Plan.Description)}");
                Console.Error.WriteLine($"follow it with: vq watch {TerminalText.Clean(project.Id)}");
            }
            return 0;
        }));
        return command;
    }

    public static Command Watch()
    {
        var client = new GridClientOptions();
        var id = new Argument<string>("id") { Description = "Project id" };
        var command = new Command("watch", "Follow a project with a progress bar until it ends");
        command.Arguments.Add(id);
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            var final = await ProjectWatcher.WatchAsync(grid, parse.GetRequiredValue(id), Console.Error, cancellationToken);
            Console.Out.WriteLine($"{TerminalText.Clean(final.Id)}  {State(final)}  {ProjectWatcher.Describe(final)}");
            if (!string.IsNullOrEmpty(final.FailureReason))
            {
                Console.Out.WriteLine($"reason: {TerminalText.Clean(final.FailureReason)}");
            }
            return final.State == ProjectState.Completed ? 0 : 3;
        }));
        return command;
    }

    public static Command Result()
    {
        var client = new GridClientOptions();
        var id = new Argument<string>("id") { Description = "Project id" };
        var json = new Option<bool>("--json") { Description = "Print the result as JSON" };
        var stateOut = new Option<FileInfo?>("--state-out") { Description = "Also download the verified state to this .npy file" };
        var command = new Command("result", "Print the verified result of a completed project");
        command.Arguments.Add(id);
        command.Options.Add(json);
        command.Options.Add(stateOut);
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            var project = await grid.Projects.GetProjectAsync(new ProjectRequest { ProjectId = parse.GetRequiredValue(id) }, grid.Headers, cancellationToken: cancellationToken);
            var document = await ResultFetcher.FetchAsync(grid, project, parse.GetValue(stateOut), cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(ResultJson.ToJson(document));
            }
            else
            {
                ResultPrinter.Print(Console.Out, document);
            }
            return 0;
        }));
        return command;
    }

    public static Command List()
    {
        var client = new GridClientOptions();
        var json = new Option<bool>("--json") { Description = "Print JSON" };
        var limit = new Option<int>("--limit") { Description = "Most projects to list (newest first)", DefaultValueFactory = _ => 50 };
        var command = new Command("projects", "List projects, newest first");
        command.Options.Add(json);
        command.Options.Add(limit);
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            var list = await grid.Projects.ListProjectsAsync(new ListProjectsRequest { Limit = parse.GetValue(limit) }, grid.Headers, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                Console.Out.WriteLine(VolunteerQuantum.Protos.ProtoJson.Format(list));
                return 0;
            }
            Console.Out.WriteLine($"{"ID",-14} {"STATE",-10} {"UNITS",-11} {"QUBITS",6}  {"CREATED (UTC)",-19}  NAME");
            foreach (var p in list.Projects)
            {
                var created = p.Created.ToDateTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                Console.Out.WriteLine($"{TerminalText.Clean(p.Id),-14} {State(p),-10} {$"{p.UnitsVerified}/{p.UnitsTotal}",-11} {p.NumQubits,6}  {created,-19}  {TerminalText.Clean(p.Name)}");
            }
            return 0;
        }));
        return command;
    }

    public static Command Cancel()
    {
        var client = new GridClientOptions();
        var id = new Argument<string>("id") { Description = "Project id" };
        var command = new Command("cancel", "Cancel a running project (its volunteers are told to stop)");
        command.Arguments.Add(id);
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            using var grid = client.Connect(parse);
            var project = await grid.Projects.CancelProjectAsync(new ProjectRequest { ProjectId = parse.GetRequiredValue(id) }, grid.Headers, cancellationToken: cancellationToken);
            Console.Out.WriteLine($"{TerminalText.Clean(project.Id)}  {State(project)}");
            return 0;
        }));
        return command;
    }

    public static string State(ProjectInfo p) => p.State.ToString().ToLowerInvariant();
}
