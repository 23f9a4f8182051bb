using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using VolunteerQuantum.Volunteer.Connection;

namespace VolunteerQuantum.Volunteer.Tests.Connection;

public sealed class FailoverPolicyTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, true)]
    [InlineData(StatusCode.DeadlineExceeded, true)]
    [InlineData(StatusCode.PermissionDenied, false)]
    [InlineData(StatusCode.NotFound, false)]
    [InlineData(StatusCode.FailedPrecondition, false)]
    [InlineData(StatusCode.InvalidArgument, false)]
    [InlineData(StatusCode.Unauthenticated, false)]
    [InlineData(StatusCode.ResourceExhausted, false)]
    [InlineData(StatusCode.AlreadyExists, false)]
    [InlineData(StatusCode.Cancelled, false)]
    [InlineData(StatusCode.Internal, false)]
    [InlineData(StatusCode.Unknown, false)]
    public void IsUnreachable_ByStatusCode(StatusCode code, bool failOver)
    {
        Assert.Equal(failOver, FailoverPolicy.IsUnreachable(new RpcException(new Status(code, "x"))));
    }

    [Fact]
    public void IsUnreachable_InternalAroundAnIoError_FailsOver()
    {
        var cut = new HttpRequestException("cut", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)));
        Assert.True(FailoverPolicy.IsUnreachable(new RpcException(new Status(StatusCode.Internal, "x", cut))));
    }

    [Fact]
    public void IsUnreachable_RefusedCertificate_DoesNot()
    {
        var refused = new HttpRequestException("ssl", new AuthenticationException("not the pinned certificate"));
        Assert.False(FailoverPolicy.IsUnreachable(new RpcException(new Status(StatusCode.Internal, "x", refused))));
        Assert.False(FailoverPolicy.IsUnreachable(new RpcException(new Status(StatusCode.Unknown, "x", new IOException("tls", refused)))));
    }
}
