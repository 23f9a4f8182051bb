using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Protos.V1;
using VolunteerQuantum.Volunteer.Capabilities;
using VolunteerQuantum.Volunteer.Connection;
using VolunteerQuantum.Volunteer.Hosting;
using VolunteerQuantum.Volunteer.Identity;
using VolunteerQuantum.Volunteer.Policy;
using VolunteerQuantum.Volunteer.Reporting;

namespace VolunteerQuantum.Volunteer.Work;

/// <summary>
/// The daemon's main loop: register once, resume any checkpointed replica whose lease still holds,
/// then lease a unit, compute it, upload it, repeat. Before each request it consults the computing
/// policy: while paused it still asks (with the reason in its capabilities, so the coordinator shows
/// the host as paused and hands it nothing) but computes nothing. While the coordinator is
/// unreachable it backs off (jittered, exponential).
/// </summary>
public sealed partial class VolunteerWorker(
    IOptions<VolunteerOptions> options,
    IComputingPolicy policy,
    ReplicaRunner runner,
    CheckpointResumer resumer,
    VolunteerStatusReporter status,
    ILogger<VolunteerWorker> logger) : BackgroundService
{
    private readonly VolunteerOptions _options = options.Value;
    private string _enrollmentToken = "";

    /// <summary>Replicas completed by this process (for tests and `vq run`'s summary).</summary>
    public int Completed { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.LowerPriority)
        {
            ProcessPriority.Lower();
        }
        // On a small machine the pool starts with one thread per core; a policy sample waiting for
        // loginctl or a status write behind a checkpoint's flush must not delay a heartbeat past the lease.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);
        // A bad pin or one that disagrees with the enrollment token's fails the start: the daemon
        // must not fall back to trusting whatever certificate the network presents.
        var (token, enrollmentPin) = EnrollmentString.Parse(_options.EnrollmentToken);
        _enrollmentToken = token;
        using var client = new CoordinatorClient(_options.Coordinator, CertificatePin.Combine(CertificatePin.ParseOptional(_options.TlsPin), enrollmentPin), LogSwitched);
        var identities = new HostIdentityStore(_options.DataDirectory);
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(_options.MaxBackoffSeconds), Random.Shared);
        var capabilities = HostCapabilitiesProbe.Probe(policy.Current);
        LogStarting(_options.Coordinator, capabilities.LogicalCores, capabilities.MemoryBytes >> 20, capabilities.SimdWidthBits);
        try
        {
            await LoopAsync(client, identities, backoff, capabilities, stoppingToken);
        }
        finally
        {
            status.Stopped();
        }
    }

    private async Task LoopAsync(CoordinatorClient client, HostIdentityStore identities, Backoff backoff, HostCapabilities capabilities, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var identity = identities.Load(_options.Coordinator) ?? await RegisterAsync(client, identities, capabilities, stoppingToken);
                client.UseIdentity(identity);
                status.Connected(identity.HostId);
                // Even while paused: the resumed replica then waits, heartbeating, so its lease holds.
                if (await resumer.TryResumeAsync(client, stoppingToken) is { } uploaded)
                {
                    backoff.Reset();
                    Completed += uploaded ? 1 : 0;
                    continue;
                }
                var work = await client.RequestWorkAsync(HostCapabilitiesProbe.Refresh(capabilities, policy.Current), stoppingToken);
                backoff.Reset();
                if (work.ReplyCase == WorkResponse.ReplyOneofCase.Assignment)
                {
                    if (await runner.RunAsync(client, work.Assignment, null, stoppingToken))
                    {
                        Completed++;
                    }
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(100, work.NoWork.RetryAfterMs)), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated && identities.Load(_options.Coordinator) is not null)
            {
                // The coordinator no longer knows this host (its data was reset): register again.
                LogForgotten(e.Status.Detail);
                identities.Forget();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                LogCannotRegister(e.Status.Detail);
                await Wait(backoff.Next(), stoppingToken);
            }
            catch (RpcException e)
            {
                var delay = backoff.Next();
                LogUnreachable(e.StatusCode, e.Status.Detail, delay.TotalSeconds);
                await Wait(delay, stoppingToken);
            }
        }
    }

    private async Task<HostIdentity> RegisterAsync(CoordinatorClient client, HostIdentityStore identities, HostCapabilities capabilities, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_enrollmentToken))
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, "this host is not registered and no enrollment token is configured (Volunteer:EnrollmentToken)"));
        }
        var identity = await client.RegisterAsync(_enrollmentToken, _options.Owner, _options.HostName, capabilities, cancellationToken);
        identities.Save(identity);
        LogRegistered(identity.HostId);
        return identity;
    }

    private static async Task Wait(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop ends.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Volunteering for {Coordinator} with {Cores} threads, {MemoryMiB} MiB, SIMD {Simd} bits")]
    private partial void LogStarting(string coordinator, int cores, long memoryMiB, int simd);

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered as host {HostId}")]
    private partial void LogRegistered(string hostId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The coordinator no longer knows this host ({Detail}); registering again")]
    private partial void LogForgotten(string detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Cannot register: {Detail}")]
    private partial void LogCannotRegister(string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private partial void LogSwitched(string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coordinator unreachable ({Code}: {Detail}); retrying in {Seconds:0.0} s")]
    private partial void LogUnreachable(StatusCode code, string detail, double seconds);
}
