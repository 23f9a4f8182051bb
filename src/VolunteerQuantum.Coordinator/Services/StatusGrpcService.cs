using Grpc.Core;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>Grid status for operators: the summary for anyone, the hosts for admins.</summary>
public sealed class StatusGrpcService(GridStatusBuilder status, Auth.Credentials credentials) : StatusService.StatusServiceBase
{
    public override Task<GridStatus> GetGridStatus(GridStatusRequest request, ServerCallContext context) =>
        Task.FromResult(status.Build());

    /// <summary>Hosts with their accounts and records: for operators only.</summary>
    public override Task<ListHostsResponse> ListHosts(ListHostsRequest request, ServerCallContext context)
    {
        credentials.RequireAdmin(context);
        return Task.FromResult(status.Hosts());
    }
}
