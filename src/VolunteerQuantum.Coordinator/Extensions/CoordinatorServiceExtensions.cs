using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Blobs;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Scheduling;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Pipeline;
using VolunteerQuantum.Coordinator.Progress;
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
        // Volunteers vanish without warning by design, and anyone can send garbage: gRPC logs
        // either as an error with a stack trace. Errors in the coordinator's code are logged by
        // UnexpectedErrorInterceptor; a caller's fault gets one line (CallFaultLoggerFactory).
        services.AddSingleton<ILoggerFactory>(sp => new CallFaultLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>())));
        services.AddSingleton(Options.Create(options));
        // A test may put a FakeTimeProvider in first: leases and the pipeline then run on its clock.
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => GridStore.Open(options));
        services.AddSingleton<IBlobStore>(_ => new DirectoryBlobStore(options.DataDirectory, options.BlobDirectory));
        services.AddSingleton<GridEvents>();
        services.AddSingleton<GridMetrics>();
        services.AddSingleton<Credentials>();
        services.AddSingleton<AccountBook>();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<HostTrust>();
        services.AddSingleton<LeaseRenewals>();
        services.AddSingleton<WorkScheduler>();
        services.AddSingleton<ProjectFinisher>();
        services.AddSingleton<ProjectReports>();
        services.AddSingleton<ProjectCatalog>();
        services.AddSingleton<Credit.CreditLedger>();
        services.AddSingleton<UnitJudge>();
        services.AddSingleton<ResultIntake>();
        services.AddSingleton<GridStatusBuilder>();
        // The console's charts: the status sampled into memory, never rebuilt per request.
        services.AddSingleton<StatusHistory>();
        services.AddHostedService<StatusSampler>();
        // Live progress for the watch streams: computed off the request path, read from memory.
        services.AddSingleton<ProgressBoard>();
        services.AddSingleton<ProgressMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<ProgressMonitor>());
        // The pipeline: services that finish what the request path records, each surviving its items.
        services.AddSingleton<PipelineSignals>();
        services.TryAddSingleton<PipelineProbe>();
        services.AddSingleton<PipelineRunner>();
        services.AddSingleton<Validator>();
        services.AddHostedService<PipelineLeaseLog>();
        services.AddHostedService(sp => sp.GetRequiredService<Validator>());
        services.AddSingleton<StageAdvancer>();
        services.AddHostedService(sp => sp.GetRequiredService<StageAdvancer>());
        services.AddSingleton<Assimilator>();
        services.AddHostedService(sp => sp.GetRequiredService<Assimilator>());
        services.AddSingleton<LeaseMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<LeaseMonitor>());
        services.AddSingleton<BlobReaper>();
        services.AddHostedService(sp => sp.GetRequiredService<BlobReaper>());
        services.AddHostedService<CredentialSeeder>();
        services.AddHostedService<CertificatePinPublisher>();

        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes;
            grpc.MaxSendMessageSize = options.MaxMessageBytes;
            // Every exception of the coordinator's own code becomes a status with a generic message
            // in UnexpectedErrorInterceptor; what reaches gRPC unhandled is a request it could not
            // read, and the caller should hear why ("malformed varint"), not just "Unknown".
            grpc.EnableDetailedErrors = true;
            grpc.Interceptors.Add<UnexpectedErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddGrpcHealthChecks(o =>
        {
            // Probes ask by service name (grpc_health_probe -service=..., Kubernetes' grpc.service):
            // every service this coordinator serves answers with the coordinator's health, not NOT_FOUND.
            o.Services.Map("", _ => true);
            foreach (var name in new[]
            {
                Protos.V1.ProjectService.Descriptor.FullName,
                Protos.V1.VolunteerService.Descriptor.FullName,
                Protos.V1.StatusService.Descriptor.FullName,
                Protos.V1.AdminService.Descriptor.FullName,
            })
            {
                o.Services.Map(name, _ => true);
            }
        }).AddCheck("store", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());

        // Checked here, before anything listens: a coordinator that cannot serve as configured does not start.
        if (!IPAddress.TryParse(options.ListenAddress, out var address))
        {
            throw new CoordinatorConfigurationException($"Coordinator:ListenAddress '{options.ListenAddress}' is not an IP address (use 127.0.0.1 or 0.0.0.0)");
        }
        var certificate = CoordinatorCertificate.Load(options);
        if (certificate is null && !IPAddress.IsLoopback(address) && !options.Insecure)
        {
            throw new CoordinatorConfigurationException(
                $"listening on {address} without TLS would send API keys, enrollment tokens and host secrets in the clear: " +
                "pass --tls-cert FILE --tls-key FILE, or --tls self-signed, or --insecure to accept plaintext (Coordinator:TlsCertificateFile/TlsKeyFile, TlsSelfSigned, Insecure)");
        }
        var endpoints = new CoordinatorEndpoints { Certificate = certificate };
        services.AddSingleton(endpoints);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                UseTls(listen, certificate);
                endpoints.Grpc = listen;
            });
            if (options.HttpPort >= 0)
            {
                kestrel.Listen(address, options.HttpPort, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    UseTls(listen, certificate);
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

    private static void UseTls(ListenOptions listen, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate)
    {
        if (certificate is not null)
        {
            listen.UseHttps(certificate);
        }
    }
}
