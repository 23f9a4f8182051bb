using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Services;
using VolunteerQuantum.Coordinator.Stages;
using VolunteerQuantum.Coordinator.Storage;
using VolunteerQuantum.Coordinator.Verification;

namespace VolunteerQuantum.Coordinator.Extensions;

public static class CoordinatorServiceExtensions
{
    /// <summary>Registers the coordinator's store, scheduler, verifier, services and listening endpoints.</summary>
    public static WebApplicationBuilder AddCoordinatorServices(this WebApplicationBuilder builder, Action<CoordinatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(CoordinatorOptions.Section);
        var options = new CoordinatorOptions();
        section.Bind(options);
        configure?.Invoke(options);
        if (options.MaxUnitsPerProject is < 1 or >= 1 << UnitPriority.IndexBits)
        {
            throw new InvalidOperationException($"Coordinator:MaxUnitsPerProject must be between 1 and {(1 << UnitPriority.IndexBits) - 1}");
        }
        var services = builder.Services;
        // Volunteers vanish without warning by design: gRPC logs a client that resets its call
        // mid-request as an error of its own. Errors in the coordinator's code are logged by
        // UnexpectedErrorInterceptor; a transport failure of one call is not one.
        builder.Logging.AddFilter("Grpc.AspNetCore.Server.ServerCallHandler", LogLevel.Critical);
        services.AddSingleton(Options.Create(options));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new GridStore(options.DataDirectory));
        services.AddSingleton(_ => new BlobStore(options.DataDirectory));
        services.AddSingleton<GridEvents>();
        services.AddSingleton<GridMetrics>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<AccountBook>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<HostTrust>();
        services.AddSingleton<WorkScheduler>();
        services.AddSingleton<ProjectFinisher>();
        services.AddSingleton<ProjectCatalog>();
        services.AddSingleton<UnitJudge>();
        services.AddSingleton<ResultIntake>();
        services.AddSingleton<GridStatusBuilder>();
        services.AddSingleton<StageSignal>();
        services.AddSingleton<StageAdvancer>();
        services.AddHostedService(sp => sp.GetRequiredService<StageAdvancer>());
        services.AddSingleton<LeaseMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseMonitor>());
        services.AddHostedService<CredentialSeeder>();

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
            grpc.EnableDetailedErrors = false;
            grpc.Interceptors.Add<UnexpectedErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks().AddCheck("store", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        var endpoints = new CoordinatorEndpoints();
        services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (!IPAddress.TryParse(options.ListenAddress, out var address))
            {
                throw new InvalidOperationException($"Coordinator:ListenAddress '{options.ListenAddress}' is not an IP address (use 127.0.0.1 or 0.0.0.0)");
            }
            kestrel.Listen(address, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                endpoints.Grpc = listen;
            });
            if (options.HttpPort >= 0)
            {
                kestrel.Listen(address, options.HttpPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    endpoints.Http = listen;
                });
            }
            kestrel.Limits.MaxRequestBodySize = null;
            // States stream in 1 MiB messages: HTTP/2's default windows (under 1 MiB) would make
            // every message wait for a window update, capping uploads far below loopback speed.
            kestrel.Limits.Http2.InitialConnectionWindowSize = 32 << 20;
            kestrel.Limits.Http2.InitialStreamWindowSize = 16 << 20;
        });
        return builder;
    }
}
