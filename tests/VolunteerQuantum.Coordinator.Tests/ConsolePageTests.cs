using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using VolunteerQuantum.Coordinator.Tests.Support;
using VolunteerQuantum.Protos.V1;
using Xunit.Abstractions;

namespace VolunteerQuantum.Coordinator.Tests;

/// <summary>The operator console in a real (headless) browser: what its scripts render from the grid's JSON.</summary>
public sealed partial class ConsolePageTests(ITestOutputHelper output)
{
    [ChromiumFact]
    public async Task Console_InHeadlessChromium_RendersProjectsHostsChartsAndTheStatusFigures()
    {
        await using var grid = await TestCoordinator.StartAsync(o => o.HistorySampleSeconds = 0.5);
        var lab = await grid.ResearcherAsync("lab");
        // One project computed to the end (credit for alice), one left running, owned by the admin.
        var done = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "bell <done>", Qasm = TestCircuits.Bell, Shots = 100, MinQuorum = 1 }, lab);
        var alice = await ScriptedVolunteer.RegisterAsync(grid, "alice");
        var lease = (await alice.RequestAsync())!;
        await alice.SubmitAsync(ScriptedVolunteer.Counts(lease.ReplicaId, ("00", 100)));
        await grid.EndedAsync(done.Id);
        var running = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "bell running", Qasm = TestCircuits.Bell, Shots = 10 }, TestCoordinator.ApiKeyHeaders);
        // A sharded one too, for the stages on its page: 10 qubits in shards of 2^6 amplitudes.
        var sharded = await grid.Projects.SubmitAsync(new SubmitProjectRequest { Name = "sharded", Qasm = HeavyCircuit.Qasm(10, 2, 4), Shots = 10, Strategy = Strategy.Shards, MaxUnitMemoryBytes = 16 << 6 }, TestCoordinator.ApiKeyHeaders);
        Assert.True(sharded.Plan.Stages > 1);
        // Bob asks for work while his computing policy pauses him: the console must say why.
        var bob = await ScriptedVolunteer.RegisterAsync(grid, "bob");
        var capabilities = ScriptedVolunteer.Capabilities(1L << 30);
        capabilities.PausedReason = "user active";
        await bob.Client.RequestWorkAsync(new WorkRequest { Capabilities = capabilities }, bob.Headers);

        var root = grid.Server.HttpAddress!;
        using var http = new HttpClient { BaseAddress = root };
        // A few samples of history, the last taken after everything above, so the charts have lines.
        await Eventually.ValueAsync(
            async () => JsonDocument.Parse(await http.GetStringAsync(new Uri("/history", UriKind.Relative))),
            h => h.RootElement.GetProperty("samples") is var s && s.GetArrayLength() >= 3 && s[s.GetArrayLength() - 1].GetProperty("hosts").GetProperty("paused").GetInt32() == 1,
            "three samples of history, the last with bob paused");

        var key = Uri.EscapeDataString(TestCoordinator.ApiKey);
        var dom = Rendered(await HeadlessChromium.DumpDomAsync(new Uri(root, "/#key=" + key)));
        // Nothing on the grid moves any more: the page's figures are the ones /status gives now.
        using var status = JsonDocument.Parse(await http.GetStringAsync(new Uri("/status", UriKind.Relative)));
        var s = status.RootElement;

        Assert.Equal("overview", Attribute(dom, "id=\"view\"", "data-route"));
        Assert.Equal("live", Attribute(dom, "id=\"live\"", "data-state"));
        Assert.False(string.IsNullOrEmpty(Attribute(dom, "id=\"updated\"", "data-time")));
        Assert.Matches(@"id=""err""[^>]*></p>", dom);

        foreach (var name in (string[])["registered", "online", "busy", "paused"])
        {
            Assert.Equal(s.GetProperty("hosts").GetProperty(name).GetInt32(), Stat(dom, "hosts." + name));
        }
        foreach (var name in (string[])["agreements", "disagreements", "rejectedResults", "timeouts", "errors"])
        {
            Assert.Equal(s.GetProperty("verification").GetProperty(name).GetInt64(), Stat(dom, "verification." + name));
        }
        foreach (var section in (string[])["projects", "units", "replicas"])
        {
            foreach (var count in s.GetProperty(section).EnumerateArray())
            {
                Assert.Equal(count.GetProperty("count").GetInt32(), Stat(dom, section + "." + count.GetProperty("state").GetString()));
            }
        }
        Assert.Equal(2, Stat(dom, "hosts.registered"));
        Assert.Equal(1, Stat(dom, "hosts.paused"));

        // Projects: both, with their owners, strategies and progress; the name escaped, not markup.
        var projects = Rows(dom, "data-project-id");
        Assert.Equal(new[] { running.Id, done.Id, sharded.Id }.Order(), projects.Keys.Order());
        Assert.Contains(">shards<", Field(projects[sharded.Id], "strategy"), StringComparison.Ordinal);
        Assert.Contains(">lab<", Field(projects[done.Id], "owner"), StringComparison.Ordinal);
        Assert.Contains(">admin<", Field(projects[running.Id], "owner"), StringComparison.Ordinal);
        Assert.Contains(">whole<", Field(projects[done.Id], "strategy"), StringComparison.Ordinal);
        Assert.Contains("completed", Field(projects[done.Id], "state"), StringComparison.Ordinal);
        Assert.Contains("bell &lt;done&gt;", projects[done.Id], StringComparison.Ordinal);
        Assert.Contains("data-value=\"1\"", projects[done.Id], StringComparison.Ordinal);
        Assert.Contains("data-verified=\"1\" data-total=\"1\"", projects[done.Id], StringComparison.Ordinal);

        // Hosts: account, state or pause reason, credit as /hosts has them.
        using var hostsRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/hosts", UriKind.Relative));
        hostsRequest.Headers.Add("vq-api-key", TestCoordinator.ApiKey);
        using var hostsJson = JsonDocument.Parse(await (await http.SendAsync(hostsRequest)).Content.ReadAsStringAsync());
        var hosts = Rows(dom, "data-host-id");
        Assert.Equal(2, hosts.Count);
        foreach (var h in hostsJson.RootElement.GetProperty("hosts").EnumerateArray())
        {
            var row = hosts[h.GetProperty("hostId").GetString()!];
            Assert.Contains(">" + h.GetProperty("owner").GetString() + "<", Field(row, "account"), StringComparison.Ordinal);
            Assert.Equal(h.GetProperty("totalCredit").GetDouble(), double.Parse(Attribute(row, "data-field=\"credit\"", "data-value"), CultureInfo.InvariantCulture), 9);
        }
        Assert.Contains("paused: user active", hosts[bob.HostId], StringComparison.Ordinal);
        Assert.Matches("data-state=\"(idle|computing)\"", hosts[alice.HostId]);
        Assert.True(double.Parse(Attribute(hosts[alice.HostId], "data-field=\"credit\"", "data-value"), CultureInfo.InvariantCulture) > 0, "alice's valid result earned credit");
        Assert.Contains("data-account=\"alice\"", dom, StringComparison.Ordinal);

        // Charts: drawn from the coordinator's history, a line or bars per series.
        foreach (var chart in (string[])["chart-throughput", "chart-verification", "chart-hosts"])
        {
            var points = int.Parse(Attribute(dom, "id=\"" + chart + "\"", "data-points"), CultureInfo.InvariantCulture);
            Assert.True(points >= 2, $"{chart} has {points} points");
        }
        Assert.Matches("id=\"chart-throughput\"[^>]*>.*<polyline", dom);

        // The project page, a client-side route; the key again from the fragment (a fresh tab).
        var page = Rendered(await HeadlessChromium.DumpDomAsync(new Uri(root, "/#/project/" + done.Id + "?key=" + key)));
        Assert.Equal("project", Attribute(page, "id=\"view\"", "data-route"));
        Assert.Equal(done.Id, Attribute(page, "id=\"project\"", "data-project-id"));
        Assert.Matches("data-units=\"verified\">1<", page);
        Assert.Matches("data-units=\"total\">1<", page);
        Assert.Matches("data-field=\"disputed\">0<", page);

        var stages = Rendered(await HeadlessChromium.DumpDomAsync(new Uri(root, "/#/project/" + sharded.Id + "?key=" + key)));
        Assert.Equal(sharded.Plan.Stages.ToString(CultureInfo.InvariantCulture), Attribute(stages, "id=\"stages\"", "data-stages"));
        Assert.Equal("0", Attribute(stages, "id=\"stages\"", "data-current"));
        Assert.Matches("data-units=\"total\">" + sharded.UnitsTotal + "<", stages);

        // Without a key: the public figures, and a prompt instead of projects and hosts.
        var anonymous = Rendered(await HeadlessChromium.DumpDomAsync(root));
        Assert.Contains("data-locked=\"projects\"", anonymous, StringComparison.Ordinal);
        Assert.Contains("data-locked=\"hosts\"", anonymous, StringComparison.Ordinal);
        Assert.Equal(2, Stat(anonymous, "hosts.registered"));

        var screenshot = Path.Combine(AppContext.BaseDirectory, "console-screenshots", "console.png");
        Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
        await HeadlessChromium.ScreenshotAsync(new Uri(root, "/#key=" + key), screenshot);
        var projectShot = Path.Combine(Path.GetDirectoryName(screenshot)!, "console-project.png");
        await HeadlessChromium.ScreenshotAsync(new Uri(root, "/#/project/" + sharded.Id + "?key=" + key), projectShot);
        foreach (var shot in (string[])[screenshot, projectShot])
        {
            output.WriteLine("console screenshot: " + shot);
            Console.WriteLine("console screenshot: " + shot);
        }
    }

    /// <summary>The page as its scripts rendered it, without the scripts' own text.</summary>
    private static string Rendered(string dom)
    {
        var script = dom.IndexOf("<script", StringComparison.Ordinal);
        return script < 0 ? dom : dom[..script];
    }

    /// <summary>The value of an attribute of the first element whose tag contains <paramref name="marker"/>.</summary>
    private static string Attribute(string html, string marker, string attribute)
    {
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(at >= 0, $"no element with {marker} in the page");
        var start = html.LastIndexOf('<', at);
        var tag = html[start..(html.IndexOf('>', at) + 1)];
        var m = Regex.Match(tag, Regex.Escape(attribute) + "=\"([^\"]*)\"");
        Assert.True(m.Success, $"no {attribute} on {tag}");
        return System.Net.WebUtility.HtmlDecode(m.Groups[1].Value);
    }

    private static long Stat(string html, string name) =>
        long.Parse(Attribute(html, "data-stat=\"" + name + "\"", "data-value"), CultureInfo.InvariantCulture);

    /// <summary>The table rows carrying <paramref name="attribute"/>, by its value.</summary>
    private static Dictionary<string, string> Rows(string html, string attribute) =>
        Regex.Matches(html, "<tr " + Regex.Escape(attribute) + "=\"([^\"]*)\".*?</tr>", RegexOptions.Singleline)
            .ToDictionary(m => m.Groups[1].Value, m => m.Value);

    private static string Field(string row, string field)
    {
        var m = Regex.Match(row, "<td[^>]*data-field=\"" + field + "\".*?</td>", RegexOptions.Singleline);
        Assert.True(m.Success, $"no {field} cell in {row}");
        return m.Value;
    }
}
