using System.CommandLine;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Cli.Grid;
using VolunteerQuantum.Cli.Parsing;
using VolunteerQuantum.Volunteer;
using VolunteerQuantum.Volunteer.Connection;
using VolunteerQuantum.Volunteer.Extensions;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Reporting;
using VolunteerQuantum.Volunteer.Work;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>
/// `vq volunteer`: run the volunteer daemon in the foreground until Ctrl+C; `vq volunteer status`:
/// what a daemon on this machine (foreground or installed service) is doing, from its status file.
/// </summary>
internal static class VolunteerCommand
{
    public static Command Build()
    {
        var coordinator = new Option<string>("--coordinator", "-c") { Description = "Coordinator gRPC address, or several separated by commas (tried in turn while one is unreachable)", DefaultValueFactory = _ => Environment.GetEnvironmentVariable("VQ_COORDINATOR") ?? "http://127.0.0.1:7070" };
        var enroll = new Option<string?>("--enroll") { Description = "The grid's enrollment token (needed once, to register); token#sha256:<hex> also pins the coordinator's certificate" };
        var pin = GridClientOptions.NewTlsPin();
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = $"Data directory (host identity, checkpoints, status; default {VolunteerOptions.DefaultDataDirectory()})" };
        var owner = new Option<string?>("--owner") { Description = "A display name for this host's owner (your account is the one your enrollment token belongs to)" };
        var threads = new Option<int>("--threads", "-t") { Description = "Threads to lend (default: all cores on a server, all but one on a desktop)" };
        var memory = new Option<string?>("--max-memory") { Description = "Memory to lend: bytes or with a KiB/MiB/GiB suffix (default: 50% of RAM while you work, 90% while idle)" };
        var mode = new Option<ComputingMode>("--mode")
        {
            Description = "auto: compute when the computing policy allows (idle, load, battery, hours, temperature); always: regardless; never: stay paused",
            DefaultValueFactory = _ => ComputingMode.Auto,
        };
        var checkpoint = new Option<double>("--checkpoint-seconds")
        {
            Description = "Seconds between checkpoints of a running unit (also on suspend and shutdown); 0: none",
            DefaultValueFactory = _ => 60,
        };
        var misbehave = new Option<string?>("--misbehave")
        {
            Description = "FOR TESTING THE VERIFIER: return wrong results on purpose (perturb-amplitudes, alter-counts)",
            Hidden = true,
        };
        var command = new Command("volunteer", "Lend this machine to a grid: fetch work units, simulate them, upload results");
        foreach (var option in new Option[] { coordinator, enroll, pin, dataDir, owner, threads, memory, mode, checkpoint, misbehave })
        {
            command.Options.Add(option);
        }
        command.Subcommands.Add(BuildStatus());
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
                Policy = new ComputingPolicyOptions { Mode = parse.GetValue(mode) },
                CheckpointSeconds = parse.GetValue(checkpoint) is var seconds && seconds >= 0
                    ? seconds
                    : throw new UsageException("--checkpoint-seconds must be 0 (no checkpoints) or more"),
                Misbehave = parse.GetValue(misbehave) ?? "",
                TlsPin = parse.GetValue(pin) ?? Environment.GetEnvironmentVariable(GridConnection.TlsPinVariable) ?? "",
            };
            CheckTransport(options);
            _ = Tampering.For(options.Misbehave);   // an unknown mode fails now, not at the first unit
            await using var volunteer = await EmbeddedVolunteer.StartAsync(options, l =>
            {
                l.ClearProviders();
                l.AddSimpleConsole(o => o.SingleLine = true);
                l.AddFilter("System.Net.Http", LogLevel.Warning);
                l.AddFilter("Grpc", LogLevel.Warning);
            }, cancellationToken: cancellationToken);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: the daemon checkpoints its unit (or releases its lease) while stopping.
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The daemon would refuse these at start (the same checks); here they are usage errors, before anything starts.</summary>
    private static void CheckTransport(VolunteerOptions options)
    {
        IReadOnlyList<string> addresses;
        try
        {
            addresses = CoordinatorAddresses.Parse(options.Coordinator);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--coordinator {e.Message}");
        }
        var (_, enrollmentPin) = EnrollmentString.Parse(options.EnrollmentToken);
        var pin = CertificatePin.Combine(CertificatePin.ParseOptional(options.TlsPin), enrollmentPin);
        foreach (var address in addresses)
        {
            CertificatePin.CheckAddress(new Uri(address), pin);   // one pin for all: the grid's coordinators share a certificate
        }
    }

    private static Command BuildStatus()
    {
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = "The daemon's data directory (default: yours, then the installed service's)" };
        var json = new Option<bool>("--json") { Description = "Print the status file as it is (JSON)" };
        var command = new Command("status", "Show what the volunteer daemon on this machine is doing: computing, idle or paused (and why), its unit, its last checkpoint");
        command.Options.Add(dataDir);
        command.Options.Add(json);
        command.SetAction(parse => VolunteerStatusText.Print(parse.GetValue(dataDir)?.FullName, parse.GetValue(json), Console.Out, Console.Error));
        return command;
    }
}
