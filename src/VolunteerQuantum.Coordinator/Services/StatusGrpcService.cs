using Grpc.Core;
using Microsoft.Extensions.Options;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>Grid status for operators: the summary for anyone, the hosts for admins.</summary>
public sealed class StatusGrpcService(GridStatusBuilder status, Auth.Credentials credentials, IOptions<CoordinatorOptions> options) : StatusService.StatusServiceBase
{
    public override Task<GridStatus> GetGridStatus(GridStatusRequest request, ServerCallContext context) =>
        Task.FromResult(status.Build());

    /// <summary>The credit leaderboard: anyone's, unless the operator made it private.</summary>
    public override Task<Leaderboard> GetLeaderboard(LeaderboardRequest request, ServerCallContext context)
    {
        if (!options.Value.PublicLeaderboard)
        {
            credentials.RequireAdmin(context);
        }
        return Task.FromResult(status.Leaderboard());
    }

    /// <summary>Hosts with their accounts and records: for operators only.</summary>
    public override Task<ListHostsResponse> ListHosts(ListHostsRequest request, ServerCallContext context)
    {
        credentials.RequireAdmin(context);
        return Task.FromResult(status.Hosts());
    }
}
