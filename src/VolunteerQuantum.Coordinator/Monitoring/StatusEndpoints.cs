using System.Globalization;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VolunteerQuantum.Coordinator.Progress;
using VolunteerQuantum.Coordinator.Projects;
using VolunteerQuantum.Coordinator.Services;
using V1 = VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>
/// The operator's HTTP view: GET /status and /history (JSON), /hosts and /projects (JSON, with an
/// admin key; /projects also with a researcher's, for their own), /metrics (Prometheus text) and
/// / (the operator console, a page that reads the others).
/// </summary>
public static class StatusEndpoints
{

    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/status", (GridStatusBuilder status) => Json(status.Build()));
        endpoints.MapGet("/history", (StatusHistory history) => Json(history.Snapshot()));
        endpoints.MapGet("/hosts", (HttpRequest request, GridStatusBuilder status, Auth.Credentials credentials) =>
        {
            // Names, accounts and networks of volunteers: operators only (an admin key, as a header).
            try
            {
                credentials.AdminFor(KeyOf(request));
            }
            catch (Errors.GridException e)
            {
                return Refused(e);
            }
            return Json(status.Hosts());
        });
        endpoints.MapGet("/projects", (HttpRequest request, int? limit, ProjectCatalog catalog, ProgressBoard progress, Auth.Credentials credentials) =>
        {
            // What ListProjects answers, with the same key: a researcher's own projects, an admin's all.
            try
            {
                var researcher = credentials.ResearcherFor(KeyOf(request));
                var response = new V1.ListProjectsResponse();
                response.Projects.AddRange(catalog.List(limit ?? 0, researcher)
                    .Select(p => ProtoMapping.MapInfo(catalog.View(p.Id, researcher), progress.For(p.Id))));
                return Json(response);
            }
            catch (Errors.GridException e) when (e.Refusal is Errors.Refusal.Unauthenticated or Errors.Refusal.PermissionDenied)
            {
                return Refused(e);
            }
        });
        endpoints.MapGet("/metrics", (GridStatusBuilder status) => Results.Text(Prometheus(status.Build()), "text/plain; version=0.0.4", Encoding.UTF8));
        endpoints.MapGet("/", () => Results.Content(ConsolePage.Html, "text/html", Encoding.UTF8));
        return endpoints;
    }

    /// <summary>The API key of a request: a vq-api-key header or an Authorization: Bearer one.</summary>
    private static string? KeyOf(HttpRequest request) =>
        request.Headers[Auth.Credentials.ApiKeyHeader].FirstOrDefault()
            ?? (request.Headers.Authorization.FirstOrDefault() is { } auth && auth.StartsWith("Bearer ", StringComparison.Ordinal) ? auth["Bearer ".Length..] : null);

    private static IResult Json(IMessage message) =>
        Results.Text(VolunteerQuantum.Protos.ProtoJson.Format(message), "application/json", Encoding.UTF8);

    private static IResult Refused(Errors.GridException e) =>
        Results.Text(e.Message + "\n", "text/plain", Encoding.UTF8, e.Refusal == Errors.Refusal.Unauthenticated ? 401 : 403);

    public static string Prometheus(V1.GridStatus s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var b = new StringBuilder();
        void Metric(string name, string help, string type, IEnumerable<(string Labels, double Value)> values)
        {
            b.Append("# HELP ").Append(name).Append(' ').AppendLine(help);
            b.Append("# TYPE ").Append(name).Append(' ').AppendLine(type);
            foreach (var (labels, value) in values)
            {
                b.Append(name).Append(labels).Append(' ').AppendLine(value.ToString("R", CultureInfo.InvariantCulture));
            }
        }
        Metric("vq_hosts", "Volunteer hosts by condition.", "gauge",
        [
            ("{condition=\"registered\"}", s.Hosts.Registered),
            ("{condition=\"online\"}", s.Hosts.Online),
            ("{condition=\"busy\"}", s.Hosts.Busy),
            ("{condition=\"paused\"}", s.Hosts.Paused),
        ]);
        Metric("vq_projects", "Projects by state.", "gauge", s.Projects.Select(c => ($"{{state=\"{c.State}\"}}", (double)c.Count)));
        Metric("vq_units", "Work units by state.", "gauge", s.Units.Select(c => ($"{{state=\"{c.State}\"}}", (double)c.Count)));
        Metric("vq_replicas", "Replicas by state.", "gauge", s.Replicas.Select(c => ($"{{state=\"{c.State}\"}}", (double)c.Count)));
        Metric("vq_verification_outcomes_total", "Verification outcomes since the grid was created.", "counter",
        [
            ("{outcome=\"agreement\"}", s.Verification.Agreements),
            ("{outcome=\"disagreement\"}", s.Verification.Disagreements),
            ("{outcome=\"rejected\"}", s.Verification.RejectedResults),
            ("{outcome=\"timeout\"}", s.Verification.Timeouts),
            ("{outcome=\"error\"}", s.Verification.Errors),
        ]);
        Metric("vq_work_requests_per_second", "Work requests per second over the last window.", "gauge", [("", s.Throughput.WorkRequestsPerSecond)]);
        Metric("vq_units_verified_per_minute", "Units verified per minute over the last window.", "gauge", [("", s.Throughput.UnitsVerifiedPerMinute)]);
        var pipeline = s.Pipeline ?? new V1.PipelineStatus();
        Metric("vq_pipeline_pending", "Items waiting for a pipeline service (units for the validator, projects for the others).", "gauge",
        [
            ("{service=\"validator\"}", pipeline.UnitsToJudge),
            ("{service=\"stage advancer\"}", pipeline.StagesPending),
            ("{service=\"assimilator\"}", pipeline.AssimilationsPending),
        ]);
        Metric("vq_pipeline_failing_projects", "Running projects on which a pipeline service failed and will retry.", "gauge", [("", pipeline.Failing.Count)]);
        Metric("vq_lease_renewals_pending", "Lease renewals held in memory, not yet written.", "gauge", [("", pipeline.LeaseRenewalsPending)]);
        Metric("vq_blobs_deleted_total", "Blobs the blob reaper deleted since the coordinator started.", "counter", [("", pipeline.BlobsDeleted)]);
        Metric("vq_blob_bytes_deleted_total", "Bytes the blob reaper deleted since the coordinator started.", "counter", [("", pipeline.BlobBytesDeleted)]);
        return b.ToString();
    }
}
