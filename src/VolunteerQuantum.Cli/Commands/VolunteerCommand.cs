using System.CommandLine;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Cli.Parsing;
using VolunteerQuantum.Volunteer;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Work;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq volunteer`: run the volunteer daemon in the foreground until Ctrl+C.</summary>
internal static class VolunteerCommand
{
    public static Command Build()
    {
        var coordinator = new Option<string>("--coordinator", "-c") { Description = "Coordinator gRPC address", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VQ_COORDINATOR") ?? "http://127.0.0.1:7070" };
        var enroll = new Option<string?>("--enroll") { Description = "The grid's enrollment token (needed once, to register)" };
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = $"Data directory (host identity; default {VolunteerOptions.DefaultDataDirectory()})" };
        var owner = new Option<string?>("--owner") { Description = "Your account name: replicas of one unit never go to two hosts of one owner" };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads to lend (default: all cores)" };
        var memory = new Option<string?>("--max-memory") { Description = "Memory to lend: bytes or with a KiB/MiB/GiB suffix (default: half of RAM)" };
        var misbehave = new Option<string?>("--misbehave")
        {
            Description = "FOR TESTING THE VERIFIER: return wrong results on purpose (perturb-amplitudes, alter-counts)",
            Hidden = true,
        };
        var command = new Command("volunteer", "Lend this machine to a grid: fetch work units, simulate them, upload results");
        foreach (var option in new Option[] { coordinator, enroll, dataDir, owner, threads, memory, misbehave })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var options = new VolunteerOptions
            {
                Coordinator = parse.GetRequiredValue(coordinator),
                EnrollmentToken = parse.GetValue(enroll) ?? Environment.GetEnvironmentVariable("VQ_ENROLLMENT_TOKEN") ?? "",
                DataDirectory = parse.GetValue(dataDir)?.FullName ?? VolunteerOptions.DefaultDataDirectory(),
                Owner = parse.GetValue(owner) ?? Environment.UserName,
                MaxThreads = parse.GetValue(threads),
                MaxMemoryBytes = parse.GetValue(memory) is { } m ? ByteSize.Parse(m) : 0,
                Misbehave = parse.GetValue(misbehave) ?? "",
            };
            _ = Tampering.For(options.Misbehave);   // an unknown mode fails now, not at the first unit
            await using var volunteer = await EmbeddedVolunteer.StartAsync(options, l =>
            {
                l.ClearProviders();
                l.AddSimpleConsole(o => o.SingleLine = true);
                l.AddFilter("System.Net.Http", LogLevel.Warning);
                l.AddFilter("Grpc", LogLevel.Warning);
            }, cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the daemon releases its lease while stopping.
            }
            return 0;
        }));
        return command;
    }
}
