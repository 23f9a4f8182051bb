using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace VolunteerQuantum.Volunteer.Connection;

/// <summary>
/// Which failures are worth trying on another coordinator: only those that say this coordinator
/// could not be reached or did not answer. An application error (PermissionDenied, NotFound,
/// FailedPrecondition, InvalidArgument, …) comes from the shared store and would be the same
/// answer from every coordinator, so it is final.
/// </summary>
public static class FailoverPolicy
{
    public static bool IsUnreachable(RpcException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode switch
        {
            StatusCode.Unavailable => true,
            // No call here sets a deadline of its own, so one exceeded means the connection hung.
            StatusCode.DeadlineExceeded => true,
            // A connection cut in the middle of a call can surface as Internal/Unknown around an I/O error;
            // a refused certificate also reads Internal, and is not a reason to go elsewhere.
            StatusCode.Internal or StatusCode.Unknown => CausedByTransport(e.Status.DebugException),
            _ => false,
        };
    }

    private static bool CausedByTransport(Exception? exception)
    {
        var transport = false;
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is AuthenticationException)
            {
                return false;
            }
            transport |= inner is IOException or SocketException or HttpRequestException;
        }
        return transport;
    }
}
