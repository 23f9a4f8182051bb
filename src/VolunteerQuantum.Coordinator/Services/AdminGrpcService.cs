using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using VolunteerQuantum.Coordinator.Accounts;
using VolunteerQuantum.Coordinator.Auth;
using VolunteerQuantum.Coordinator.Monitoring;
using VolunteerQuantum.Coordinator.Storage;
using V1 = VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Services;

/// <summary>The operator's service: accounts and credentials, trusted verifiers and bans. Admin keys only.</summary>
public sealed partial class AdminGrpcService(
    AccountBook accounts,
    HostTrust trust,
    Credentials credentials,
    GridStore store,
    GridStatusBuilder status,
    Extensions.CoordinatorEndpoints endpoints,
    ILogger<AdminGrpcService> logger) : V1.AdminService.AdminServiceBase
{
    public override Task<V1.IssuedCredential> AddAccount(V1.AddAccountRequest request, ServerCallContext context)
    {
        var admin = credentials.RequireAdmin(context);
        var kind = request.Kind switch
        {
            V1.AccountKind.Volunteer => AccountKind.Volunteer,
            V1.AccountKind.Researcher => AccountKind.Researcher,
            _ => throw new RpcException(new Status(StatusCode.InvalidArgument, "kind must be volunteer or researcher")),
        };
        var account = accounts.Add(request.Name, kind, request.Admin);
        var secret = accounts.Issue(account.Id, $"issued by {admin.AccountId}");
        LogAccount(account.Id, account.Kind, admin.AccountId);
        return Task.FromResult(Issued(account, secret));
    }

    public override Task<V1.ListAccountsResponse> ListAccounts(V1.ListAccountsRequest request, ServerCallContext context)
    {
        credentials.RequireAdmin(context);
        var response = new V1.ListAccountsResponse();
        response.Accounts.AddRange(accounts.List().Select(Map));
        return Task.FromResult(response);
    }

    public override Task<V1.AccountInfo> SetAccountDisabled(V1.SetAccountDisabledRequest request, ServerCallContext context)
    {
        var admin = credentials.RequireAdmin(context);
        var target = accounts.Get(request.Name);
        if (request.Disabled && target.Admin && accounts.List().All(a => a.Id == target.Id || !a.Admin || a.Disabled))
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"'{target.Id}' is the last enabled admin account: disabling it would lock every operator out"));
        }
        var account = accounts.SetDisabled(target.Id, request.Disabled, request.Reason);
        LogDisabled(account.Id, account.Disabled, account.DisabledReason ?? "", admin.AccountId);
        return Task.FromResult(Map(account));
    }

    public override Task<V1.IssuedCredential> IssueCredential(V1.IssueCredentialRequest request, ServerCallContext context)
    {
        var admin = credentials.RequireAdmin(context);
        var secret = accounts.Issue(request.Account, $"issued by {admin.AccountId}");
        return Task.FromResult(Issued(accounts.Get(request.Account), secret));
    }

    public override Task<V1.HostInfo> SetHostTrusted(V1.SetHostTrustedRequest request, ServerCallContext context)
    {
        credentials.RequireAdmin(context);
        trust.SetTrusted(request.HostId, request.Trusted);
        return Task.FromResult(status.Host(request.HostId));
    }

    public override Task<V1.HostInfo> SetHostBanned(V1.SetHostBannedRequest request, ServerCallContext context)
    {
        credentials.RequireAdmin(context);
        trust.SetBanned(request.HostId, request.Banned, request.Reason);
        return Task.FromResult(status.Host(request.HostId));
    }

    private V1.IssuedCredential Issued(AccountRecord account, string secret) => new()
    {
        Account = Map(account),
        Secret = secret,
        EnrollmentString = account.Kind == AccountKind.Volunteer && endpoints.CertificateFingerprint is { } pin ? $"{secret}#{pin}" : secret,
    };

    private V1.AccountInfo Map(AccountRecord a) => new()
    {
        Name = a.Id,
        Kind = a.Kind == AccountKind.Volunteer ? V1.AccountKind.Volunteer : V1.AccountKind.Researcher,
        Admin = a.Admin,
        Disabled = a.Disabled,
        DisabledReason = a.DisabledReason ?? "",
        Created = Timestamp.FromDateTime(DateTime.SpecifyKind(a.CreatedUtc, DateTimeKind.Utc)),
        Hosts = a.Kind == AccountKind.Volunteer ? store.Hosts.CountOwnedBy(a.Id) : 0,
        Projects = a.Kind == AccountKind.Researcher ? store.Projects.CountOwnedBy(a.Id) : 0,
    };

    [LoggerMessage(EventId = 120, EventName = "AccountAdded", Level = LogLevel.Information, Message = "Account {Account} ({Kind}) created by {Admin}")]
    private partial void LogAccount(string account, AccountKind kind, string admin);

    [LoggerMessage(EventId = 121, EventName = "AccountDisabled", Level = LogLevel.Warning, Message = "Account {Account} disabled: {Disabled} {Reason} (by {Admin})")]
    private partial void LogDisabled(string account, bool disabled, string reason, string admin);
}
