using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VolunteerQuantum.Coordinator.Extensions;

/// <summary>
/// A coordinator started inside another process (`vq run`, `vq coordinator`, integration tests):
/// the same services and endpoints as the standalone executable, on the given or any free ports.
/// </summary>
public sealed class EmbeddedCoordinator : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedCoordinator(WebApplication app, CoordinatorOptions options)
    {
        _app = app;
        Options = options;
        var endpoints = app.Services.GetRequiredService<CoordinatorEndpoints>();
        GrpcAddress = endpoints.GrpcAddress;
        HttpAddress = endpoints.HttpAddress;
        CertificateFingerprint = endpoints.CertificateFingerprint;
    }

    public CoordinatorOptions Options { get; }

    public Uri GrpcAddress { get; }

    public Uri? HttpAddress { get; }

    /// <summary>The served certificate's pin, sha256:&lt;64 hex&gt;; null without TLS.</summary>
    public string? CertificateFingerprint { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Where the records are ("LiteDB file …" or "PostgreSQL database …").</summary>
    public string StoreDescription => Services.GetRequiredService<Storage.GridStore>().Description;

    /// <summary>Where the blobs are ("directory …").</summary>
    public string BlobDescription => Services.GetRequiredService<Blobs.IBlobStore>().Description;

    /// <summary>The API key, either the first configured or the admin key generated into the data directory.</summary>
    public string ApiKey => Options.ApiKeys.FirstOrDefault() is { } key ? CredentialSeeder.Split(key, CredentialSeeder.SharedResearcherAccount).Secret : ReadSecret(CredentialSeeder.ApiKeyFile);

    /// <summary>The first configured enrollment token, or the generated file's content (token#sha256:… with TLS: what volunteers are given).</summary>
    public string EnrollmentToken => Options.EnrollmentTokens.FirstOrDefault() is { } token ? CredentialSeeder.Split(token, CredentialSeeder.DefaultVolunteerAccount).Secret : ReadSecret(CredentialSeeder.EnrollmentTokenFile);

    /// <summary>
    /// Creates a volunteer account (or reuses one of that name) and returns a new enrollment token of
    /// it, with the certificate's pin appended when TLS is on (token#sha256:…, the one string a
    /// volunteer needs): `vq run` gives each of its local volunteers an account of its own, so they
    /// can form quorums.
    /// </summary>
    public string NewVolunteerAccount(string name)
    {
        var accounts = Services.GetRequiredService<Accounts.AccountBook>();
        var account = accounts.Ensure(name, Storage.AccountKind.Volunteer);
        var token = accounts.Issue(account.Id, "embedded");
        return CertificateFingerprint is null ? token : $"{token}#{CertificateFingerprint}";
    }

    /// <param name="services">Registrations made before the coordinator's own, which then keep them (tests use it to put a <see cref="Pipeline.PipelineProbe"/> in).</param>
    public static async Task<EmbeddedCoordinator> StartAsync(CoordinatorOptions options, Action<ILoggingBuilder>? logging = null, string[]? args = null, Action<IServiceCollection>? services = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args ?? [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (logging is not null)
        {
            logging(builder.Logging);
        }
        services?.Invoke(builder.Services);
        builder.AddCoordinatorServices(o => Copy(options, o));
        // Embedded in another program (vq, a test): that program owns SIGINT and SIGTERM, not this host.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        var app = builder.Build();
        app.MapCoordinatorEndpoints();
        await app.StartAsync(cancellationToken);
        return new EmbeddedCoordinator(app, app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<CoordinatorOptions>>().Value);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private string ReadSecret(string file) => File.ReadAllText(Path.Combine(Options.DataDirectory, file)).Trim();

    private static void Copy(CoordinatorOptions from, CoordinatorOptions to)
    {
        foreach (var property in typeof(CoordinatorOptions).GetProperties().Where(p => p.CanWrite))
        {
            property.SetValue(to, property.GetValue(from));
        }
    }
}
