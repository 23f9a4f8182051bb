using System.CommandLine;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq coordinator`: run a coordinator in the foreground until Ctrl+C.</summary>
internal static class CoordinatorCommand
{
    public static Command Build()
    {
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = $"Data directory (LiteDB file and blobs; default {CoordinatorOptions.DefaultDataDirectory()})" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on: 127.0.0.1 (this machine) or 0.0.0.0 (the network)", DefaultValueFactory = _ => "127.0.0.1" };
        var grpcPort = new Option<int>("--grpc-port") { Description = "gRPC port (0: any free port)", DefaultValueFactory = _ => 7070 };
        var httpPort = new Option<int>("--http-port") { Description = "Port of /status, /metrics and the dashboard (-1: off)", DefaultValueFactory = _ => 7080 };
        var apiKeys = new Option<string[]>("--api-key") { Description = "An API key researchers may use (repeatable; default: one generated into the data directory)" };
        var tokens = new Option<string[]>("--enrollment-token") { Description = "A token volunteers may register with (repeatable; default: one generated into the data directory)" };
        var heartbeat = new Option<double>("--heartbeat-seconds") { Description = "How often volunteers heartbeat; a lease is lost after 3 missed", DefaultValueFactory = _ => 10 };
        var command = new Command("coordinator", "Run a coordinator (gRPC services, LiteDB store, scheduler, status page) until stopped");
        foreach (var option in new Option[] { dataDir, listen, grpcPort, httpPort, apiKeys, tokens, heartbeat })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var options = new CoordinatorOptions
            {
                DataDirectory = parse.GetValue(dataDir)?.FullName ?? CoordinatorOptions.DefaultDataDirectory(),
                ListenAddress = parse.GetRequiredValue(listen),
                GrpcPort = parse.GetValue(grpcPort),
                HttpPort = parse.GetValue(httpPort),
                ApiKeys = [.. parse.GetValue(apiKeys) ?? []],
                EnrollmentTokens = [.. parse.GetValue(tokens) ?? []],
                HeartbeatIntervalSeconds = parse.GetValue(heartbeat),
            };
            if (!System.Net.IPAddress.TryParse(options.ListenAddress, out _))
            {
                throw new UsageException($"--listen '{options.ListenAddress}' is not an IP address (use 127.0.0.1 or 0.0.0.0)");
            }
            if (options.HeartbeatIntervalSeconds <= 0)
            {
                throw new UsageException("--heartbeat-seconds must be positive");
            }
            await using var coordinator = await EmbeddedCoordinator.StartAsync(options, l =>
            {
                l.ClearProviders();
                l.AddSimpleConsole(o => o.SingleLine = true);
                l.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
                l.AddFilter("Grpc", LogLevel.Warning);
            }, cancellationToken: cancellationToken);
            Console.Out.WriteLine($"coordinator   gRPC {coordinator.GrpcAddress}" + (coordinator.HttpAddress is { } http ? $", status {http}status, dashboard {http}" : ""));
            Console.Out.WriteLine($"data          {options.DataDirectory}");
            if (options.ApiKeys.Count == 0)
            {
                Console.Out.WriteLine($"api key       in {Path.Combine(options.DataDirectory, CredentialSeeder.ApiKeyFile)}");
            }
            if (options.EnrollmentTokens.Count == 0)
            {
                Console.Out.WriteLine($"enrollment    token in {Path.Combine(options.DataDirectory, CredentialSeeder.EnrollmentTokenFile)}");
            }
            Console.Out.Flush();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or SIGTERM: shut down cleanly; open leases resume at the next start.
            }
            return 0;
        }));
        return command;
    }
}
