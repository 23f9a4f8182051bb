using System.Text.Json;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;

namespace VolunteerQuantum.Coordinator.Tests;

public sealed class StatusEndpointTests
{
    [Fact]
    public async Task StatusJson_MetricsAndGrpcStatus_AgreeOnTheGrid()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 10 }, TestCoordinator.ApiKeyHeaders);
        var a = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        await ScriptedVolunteer.RegisterAsync(grid, "bob");
        Assert.NotNull(await a.RequestAsync());

        using var http = new HttpClient { BaseAddress = grid.Server.HttpAddress };
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative)));
        var hosts = json.RootElement.GetProperty("hosts");
        Assert.Equal(2, hosts.GetProperty("registered").GetInt32());
        Assert.Equal(2, hosts.GetProperty("online").GetInt32());
        Assert.Equal(1, hosts.GetProperty("busy").GetInt32());
        Assert.Contains(json.RootElement.GetProperty("replicas").EnumerateArray(), e => e.GetProperty("state").GetString() == "inprogress" && e.GetProperty("count").GetInt32() == 1);

        var status = await grid.Status.GetGridStatusAsync(new GridStatusRequest());
        Assert.Equal(2, status.Hosts.Registered);
        Assert.Equal(1, status.Hosts.Busy);
        Assert.Contains(status.Projects, c => c.State == "running" && c.Count == 1);
        Assert.True(status.Throughput.WorkRequestsPerSecond > 0);

        var metrics = await http.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Assert.Contains("vq_hosts{condition=\"registered\"} 2", metrics, StringComparison.Ordinal);
        Assert.Contains("vq_replicas{state=\"inprogress\"} 1", metrics, StringComparison.Ordinal);

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("VolunteerQuantum console", page, StringComparison.Ordinal);
        // Self-contained: nothing fetched from elsewhere (it works offline, behind any firewall).
        Assert.DoesNotContain("http://", page, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_SampledInMemory_KeepsTheLastSamplesOldestFirst()
    {
        await using var grid = await TestCoordinator.StartAsync(o => { o.HistorySampleSeconds = 0.1; o.HistorySamples = 5; });
        await ScriptedVolunteer.RegisterAsync(grid, "alice");
        using var http = new HttpClient { BaseAddress = grid.Server.HttpAddress };
        JsonElement samples;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        do
        {
            await Task.Delay(100);
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("/history", UriKind.Relative)));
            Assert.Equal(5, json.RootElement.GetProperty("maxSamples").GetInt32());
            samples = json.RootElement.GetProperty("samples").Clone();
        }
        while ((samples.GetArrayLength() < 5 || samples[4].GetProperty("hosts").GetProperty("registered").GetInt32() == 0) && DateTime.UtcNow < deadline);

        Assert.Equal(5, samples.GetArrayLength());
        var times = samples.EnumerateArray().Select(s => s.GetProperty("time").GetDateTime()).ToList();
        Assert.Equal(times.Order().ToList(), times);
        Assert.Equal(1, samples[4].GetProperty("hosts").GetProperty("online").GetInt32());
        Assert.Equal(0, samples[4].GetProperty("verification").GetProperty("agreements").GetInt64());
    }

    [Fact]
    public async Task ProjectsJson_NeedsAKey_ShowsOwnersAndEachResearchersOwn()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var lab = await grid.ResearcherAsync("lab");
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "mine", Qasm = TestCircuits.Bell, Shots = 10 }, lab);
        await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "admins", Qasm = TestCircuits.Bell, Shots = 10 }, TestCoordinator.ApiKeyHeaders);
        using var http = new HttpClient { BaseAddress = grid.Server.HttpAddress };
        var projects = new Uri("/projects", UriKind.Relative);
        using (var anonymous = await http.GetAsync(projects))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }
        async Task<List<(string Name, string Owner)>> ListAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, projects);
            request.Headers.Add("vq-api-key", key);
            using var response = await http.SendAsync(request);
            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.GetProperty("projects").EnumerateArray()
                .Select(p => (p.GetProperty("name").GetString()!, p.GetProperty("owner").GetString()!)).ToList();
        }
        Assert.Equal([("mine", "lab")], await ListAsync(lab.GetValue("vq-api-key")!));
        var all = await ListAsync(TestCoordinator.ApiKey);
        Assert.Equal(2, all.Count);
        Assert.Contains(("mine", "lab"), all);
    }

    [Fact]
    public async Task ListHosts_RecordsWithEmptyAndPaddedStrings_ComeBackExactly()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var reply = await grid.Volunteers.RegisterAsync(new RegisterRequest
        {
            EnrollmentToken = TestCoordinator.EnrollmentToken,
            Owner = "",
            HostName = " padded ",
            Capabilities = ScriptedVolunteer.Capabilities(1 << 20),
        });
        var host = Assert.Single((await grid.Status.ListHostsAsync(new ListHostsRequest(), TestCoordinator.ApiKeyHeaders)).Hosts);
        Assert.Equal(reply.HostId, host.HostId);
        // The configured token belongs to the default volunteer account; the empty label stays empty.
        Assert.Equal("default", host.Owner);
        Assert.Equal("", host.OwnerLabel);
        Assert.Equal(" padded ", host.Name);
        Assert.Equal("", host.PausedReason);
    }

    [Fact]
    public async Task HostsPage_NeedsAnAdminKey_AsHeaderOrBearer()
    {
        await using var grid = await TestCoordinator.StartAsync();
        await ScriptedVolunteer.RegisterAsync(grid, "alice");
        using var http = new HttpClient { BaseAddress = grid.Server.HttpAddress };
        var hosts = new Uri("/hosts", UriKind.Relative);
        using (var anonymous = await http.GetAsync(hosts))
        {
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Contains("missing API key", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var researcher = new HttpRequestMessage(HttpMethod.Get, hosts))
        {
            researcher.Headers.Add("vq-api-key", (await grid.ResearcherAsync("lab")).GetValue("vq-api-key"));
            using var refused = await http.SendAsync(researcher);
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var admin = new HttpRequestMessage(HttpMethod.Get, hosts);
        admin.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestCoordinator.ApiKey);
        using var listed = await http.SendAsync(admin);
        Assert.Equal(System.Net.HttpStatusCode.OK, listed.StatusCode);
        using var json = JsonDocument.Parse(await listed.Content.ReadAsStringAsync());
        var host = Assert.Single(json.RootElement.GetProperty("hosts").EnumerateArray());
        Assert.Equal("alice", host.GetProperty("owner").GetString());
        Assert.Equal(2000, host.GetProperty("dailyQuota").GetInt32());
    }

    [Fact]
    public async Task HealthAndReflection_AnswerGenericTools()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var health = await new Health.HealthClient(grid.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        // Probes that name a service (grpc_health_probe -service, Kubernetes) get its health, not NOT_FOUND.
        foreach (var service in new[] { "volunteerquantum.v1.ProjectService", "volunteerquantum.v1.VolunteerService", "volunteerquantum.v1.StatusService", "volunteerquantum.v1.AdminService" })
        {
            var named = await new Health.HealthClient(grid.Channel).CheckAsync(new HealthCheckRequest { Service = service });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, named.Status);
        }
        var unknown = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await new Health.HealthClient(grid.Channel).CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }));
        Assert.Equal(Grpc.Core.StatusCode.NotFound, unknown.StatusCode);

        using var call = new ServerReflection.ServerReflectionClient(grid.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("volunteerquantum.v1.VolunteerService", services);
        Assert.Contains("volunteerquantum.v1.ProjectService", services);
        Assert.Contains("volunteerquantum.v1.StatusService", services);
        Assert.Contains("grpc.health.v1.Health", services);
    }

    [Fact]
    public async Task WatchProject_StreamsProgressUntilTheProjectEnds()
    {
        await using var grid = await TestCoordinator.StartAsync();
        var project = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 1 }, TestCoordinator.ApiKeyHeaders);
        using var watch = grid.Projects.WatchProject(new ProjectRequest { ProjectId = project.Id }, TestCoordinator.ApiKeyHeaders);
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ProjectState.Running, watch.ResponseStream.Current.State);

        var worker = await ScriptedVolunteer.RegisterAsync(grid, "worker");
        var lease = (await worker.RequestAsync())!;
        await worker.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100)));

        var states = new List<ProjectInfo>();
        while (await watch.ResponseStream.MoveNext(CancellationToken.None))
        {
            states.Add(watch.ResponseStream.Current);
        }
        Assert.Equal(ProjectState.Completed, states[^1].State);
        Assert.Equal(1, states[^1].UnitsVerified);
    }
}
