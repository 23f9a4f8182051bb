using System.CommandLine;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator;
using VolunteerQuantum.Coordinator.Extensions;

namespace VolunteerQuantum.Cli.Commands;

/// <summary>`vq coordinator`: run a coordinator in the foreground until Ctrl+C.</summary>
internal static class CoordinatorCommand
{
    private const string SelfSigned = "self-signed";

    public static Command Build()
    {
        var dataDir = new Option<DirectoryInfo?>("--data-dir") { Description = $"Data directory (LiteDB file and blobs; default {CoordinatorOptions.DefaultDataDirectory()})" };
        var database = new Option<string?>("--database") { Description = "Keep the records in this PostgreSQL database (a connection string, \"Host=…;Database=…;Username=…\"), which several coordinators may share; default: the LiteDB file in the data directory" };
        var blobDir = new Option<DirectoryInfo?>("--blob-dir") { Description = "Keep blobs (circuits, shards, states, results) here; coordinators sharing a database share it too (default: DATA_DIR/blobs)" };
        var listen = new Option<string>("--listen") { Description = "Address to listen on: 127.0.0.1 (this machine) or 0.0.0.0 (the network)", DefaultValueFactory = _ => "127.0.0.1" };
        var grpcPort = new Option<int>("--grpc-port") { Description = "gRPC port (0: any free port)", DefaultValueFactory = _ => 7070 };
        var httpPort = new Option<int>("--http-port") { Description = "Port of /status, /metrics and the dashboard (-1: off)", DefaultValueFactory = _ => 7080 };
        var apiKeys = new Option<string[]>("--api-key") { Description = "An API key researchers may use (repeatable; default: one generated into the data directory)" };
        var tokens = new Option<string[]>("--enrollment-token") { Description = "A token volunteers may register with (repeatable; default: one generated into the data directory)" };
        var heartbeat = new Option<double>("--heartbeat-seconds") { Description = "How often volunteers heartbeat; a lease is lost after 3 missed", DefaultValueFactory = _ => 10 };
        var tlsCert = new Option<FileInfo?>("--tls-cert") { Description = "Serve gRPC and the status pages over TLS with this PEM certificate (needs --tls-key)" };
        var tlsKey = new Option<FileInfo?>("--tls-key") { Description = "The PEM private key of --tls-cert" };
        var tls = new Option<string?>("--tls") { Description = "self-signed: serve TLS with a certificate generated once into the data directory; volunteers pin its fingerprint" };
        tls.AcceptOnlyFromAmong(SelfSigned);
        var tlsNames = new Option<string[]>("--tls-name") { Description = "A host name or address the self-signed certificate covers besides localhost and this machine's name (repeatable; at generation only)" };
        var insecure = new Option<bool>("--insecure") { Description = "Allow plaintext on a non-loopback --listen address (keys, tokens and host secrets then cross the network unencrypted)" };
        var command = new Command("coordinator", "Run a coordinator (gRPC services, LiteDB or PostgreSQL store, scheduler, pipeline services, status page) until stopped");
        foreach (var option in new Option[] { dataDir, database, blobDir, listen, grpcPort, httpPort, apiKeys, tokens, heartbeat, tlsCert, tlsKey, tls, tlsNames, insecure })
        {
            command.Options.Add(option);
        }
        command.SetAction((parse, cancellationToken) => CommandErrors.Guard(async () =>
        {
            var options = new CoordinatorOptions
            {
                DataDirectory = parse.GetValue(dataDir)?.FullName ?? CoordinatorOptions.DefaultDataDirectory(),
                Database = parse.GetValue(database) ?? "",
                BlobDirectory = parse.GetValue(blobDir)?.FullName ?? "",
                ListenAddress = parse.GetRequiredValue(listen),
                GrpcPort = parse.GetValue(grpcPort),
                HttpPort = parse.GetValue(httpPort),
                ApiKeys = [.. parse.GetValue(apiKeys) ?? []],
                EnrollmentTokens = [.. parse.GetValue(tokens) ?? []],
                HeartbeatIntervalSeconds = parse.GetValue(heartbeat),
                TlsCertificateFile = parse.GetValue(tlsCert)?.FullName ?? "",
                TlsKeyFile = parse.GetValue(tlsKey)?.FullName ?? "",
                TlsSelfSigned = parse.GetValue(tls) == SelfSigned,
                TlsNames = [.. parse.GetValue(tlsNames) ?? []],
                Insecure = parse.GetValue(insecure),
            };
            if ((options.TlsCertificateFile.Length > 0) != (options.TlsKeyFile.Length > 0))
            {
                throw new UsageException("--tls-cert and --tls-key go together: the certificate and its private key");
            }
            if (options.TlsSelfSigned && options.TlsCertificateFile.Length > 0)
            {
                throw new UsageException("give either --tls-cert/--tls-key or --tls self-signed, not both");
            }
            if (options.TlsNames.Count > 0 && !options.TlsSelfSigned)
            {
                throw new UsageException("--tls-name names what a self-signed certificate covers: it needs --tls self-signed");
            }
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
            if (coordinator.CertificateFingerprint is { } fingerprint)
            {
                var origin = options.TlsSelfSigned ? $"self-signed, {Path.Combine(options.DataDirectory, CoordinatorCertificate.SelfSignedCertificateFile)}" : options.TlsCertificateFile;
                Console.Out.WriteLine($"tls           certificate {fingerprint} ({origin}); clients pin it with --tls-pin {fingerprint}");
            }
            Console.Out.WriteLine($"data          {options.DataDirectory}");
            Console.Out.WriteLine($"store         {coordinator.StoreDescription}; blobs in {coordinator.BlobDescription}");
            if (File.Exists(Path.Combine(options.DataDirectory, CredentialSeeder.ApiKeyFile)))
            {
                Console.Out.WriteLine($"api key       in {Path.Combine(options.DataDirectory, CredentialSeeder.ApiKeyFile)} (admin: vq accounts add NAME makes volunteer accounts, vq keys add NAME researchers' keys)");
            }
            if (options.EnrollmentTokens.Count == 0)
            {
                var withPin = coordinator.CertificateFingerprint is null ? "" : " (token#pin: the one string a volunteer needs for --enroll)";
                Console.Out.WriteLine($"enrollment    token in {Path.Combine(options.DataDirectory, CredentialSeeder.EnrollmentTokenFile)}{withPin}, of volunteer account '{CredentialSeeder.DefaultVolunteerAccount}'");
            }
            else if (coordinator.CertificateFingerprint is { } pin)
            {
                Console.Out.WriteLine($"enrollment    volunteers enroll with <token>#{pin} (the token and the certificate pin in one string)");
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
