using Grpc.Core;
using Grpc.Net.Client;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// The coordinators a client may use, one channel each (made on first use), and the one in use
/// now. When a call finds the current one unreachable (<see cref="FailoverPolicy"/>) the pool moves
/// to the next, round-robin, and the call is made again there; when every address failed in a
/// row the last error goes to the caller, whose own backoff decides when to try again. With one
/// address nothing is retried and errors pass through unchanged.
/// </summary>
public sealed class CoordinatorPool : IDisposable
{
    private readonly CertificatePin? _pin;
    private readonly Action<GrpcChannelOptions> _configure;
    private readonly Action<string> _report;
    private readonly GrpcChannel?[] _channels;
    private readonly Lock _gate = new();
    private int _current;

    /// <param name="addresses">A comma-separated list, as <see cref="CoordinatorAddresses.Parse"/> reads it.</param>
    /// <param name="pin">The certificate pin, for every address: the coordinators of one grid share a certificate.</param>
    /// <param name="configure">Sets message sizes and such on each channel's options.</param>
    /// <param name="report">Told one line each time the pool moves to another coordinator.</param>
    public CoordinatorPool(string addresses, CertificatePin? pin, Action<GrpcChannelOptions> configure, Action<string> report)
    {
        Addresses = CoordinatorAddresses.Parse(addresses);
        foreach (var address in Addresses)
        {
            CertificatePin.CheckAddress(new Uri(address), pin);   // a pin with an http:// entry fails now, not at its turn
        }
        _pin = pin;
        _configure = configure;
        _report = report;
        _channels = new GrpcChannel?[Addresses.Count];
    }

    public IReadOnlyList<string> Addresses { get; }

    /// <summary>The address calls go to now.</summary>
    public string Current
    {
        get
        {
            lock (_gate)
            {
                return Addresses[_current];
            }
        }
    }

    /// <summary>The coordinator in use now, its channel made if it was not yet.</summary>
    public CoordinatorLink Link()
    {
        lock (_gate)
        {
            var channel = _channels[_current] ??= NewChannel(Addresses[_current]);
            return new CoordinatorLink(_current, Addresses[_current], channel.CreateCallInvoker());
        }
    }

    /// <summary>
    /// Runs a whole call (a stream included: it starts again from its beginning) on the current
    /// coordinator, and on the next ones while they are unreachable, at most once each.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<CoordinatorLink, Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var failures = new List<string>();
        while (true)
        {
            var link = Link();
            try
            {
                return await call(link);
            }
            catch (RpcException e) when (Addresses.Count > 1 && FailoverPolicy.IsUnreachable(e))
            {
                failures.Add($"{link.Address} ({Reason(e)})");
                MoveOn(link, e);
                if (failures.Count == Addresses.Count)
                {
                    throw new RpcException(new Status(e.StatusCode, $"no coordinator answered: {string.Join("; ", failures)}", e.Status.DebugException));
                }
            }
            catch (RpcException e) when (FailoverPolicy.IsUnreachable(e))
            {
                // gRPC's own text ("Error connecting to subchannel.") names neither the address nor the cause.
                throw new RpcException(new Status(e.StatusCode, $"{link.Address} did not answer ({Reason(e)})", e.Status.DebugException));
            }
        }
    }

    /// <summary>The socket's own words where gRPC kept them ("Connection refused"), else gRPC's detail.</summary>
    private static string Reason(RpcException e)
    {
        Exception? innermost = null;
        for (var inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            innermost = inner;
        }
        return innermost is System.Net.Sockets.SocketException or System.Net.Http.HttpRequestException or System.Security.Authentication.AuthenticationException
            ? innermost.Message
            : e.Status.Detail;
    }

    public Task RunAsync(Func<CoordinatorLink, Task> call) => RunAsync<bool>(async link =>
    {
        await call(link);
        return true;
    });

    /// <summary>
    /// Leaves <paramref name="failed"/> for the next coordinator, unless another call already did
    /// (calls run concurrently: a heartbeat and an upload may fail on the same dead coordinator).
    /// </summary>
    public void MoveOn(CoordinatorLink failed, RpcException reason)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(reason);
        if (Addresses.Count == 1)
        {
            return;
        }
        string next;
        lock (_gate)
        {
            if (_current != failed.Index)
            {
                return;
            }
            _current = (_current + 1) % Addresses.Count;
            next = Addresses[_current];
        }
        _report($"coordinator {failed.Address} unreachable ({Reason(reason)}); using {next}");
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var channel in _channels)
            {
                channel?.Dispose();
            }
        }
    }

    private GrpcChannel NewChannel(string address)
    {
        var uri = new Uri(address);
        var options = new GrpcChannelOptions { HttpHandler = CertificatePin.HandlerFor(uri, _pin), DisposeHttpClient = true };
        _configure(options);
        return GrpcChannel.ForAddress(uri, options);
    }
}
