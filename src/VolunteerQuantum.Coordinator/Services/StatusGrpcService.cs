using Grpc.Core;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>Grid status for operators (no authentication: it holds no secrets).</summary>
public sealed class StatusGrpcService(GridStatusBuilder status) : StatusService.StatusServiceBase
{
    public override Task<GridStatus> GetGridStatus(GridStatusRequest request, ServerCallContext context) =>
        Task.FromResult(status.Build());

    public override Task<ListHostsResponse> ListHosts(ListHostsRequest request, ServerCallContext context) =>
        Task.FromResult(status.Hosts());
}
