namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>A self-contained page that polls /status: no build step, no external assets.</summary>
internal static class DashboardPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>VolunteerQuantum grid</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #222; }
  h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 1.5em; }
  table { border-collapse: collapse; } td, th { padding: .2em .8em; border-bottom: 1px solid #ddd; text-align: left; }
  .num { text-align: right; font-variant-numeric: tabular-nums; } #err { color: #b00; }
</style>
</head>
<body>
<h1>VolunteerQuantum grid <small id="ver"></small></h1>
<p id="err"></p>
<div id="out">loading…</div>
<script>
// Host names and pause reasons come from volunteers: escape everything written into the page.
function esc(x) {
  return String(x).replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}
function table(title, rows) {
  return '<h2>' + esc(title) + '</h2><table>' + rows.map(r => '<tr><td>' + esc(r[0]) + '</td><td class="num">' + esc(r[1]) + '</td></tr>').join('') + '</table>';
}
async function refresh() {
  try {
    const s = await (await fetch('status')).json();
    document.getElementById('ver').textContent = s.version;
    const h = s.hosts, t = s.throughput, v = s.verification;
    document.getElementById('out').innerHTML =
      table('Volunteers', [['registered', h.registered], ['online', h.online], ['busy', h.busy], ['paused', h.paused]]) +
      table('Projects', s.projects.map(c => [c.state, c.count])) +
      table('Work units', s.units.map(c => [c.state, c.count])) +
      table('Replicas', s.replicas.map(c => [c.state, c.count])) +
      table('Throughput (last ' + t.windowSeconds + ' s)', [['work requests / s', t.workRequestsPerSecond.toFixed(2)], ['results / min', t.resultsPerMinute.toFixed(1)], ['units verified / min', t.unitsVerifiedPerMinute.toFixed(1)]]) +
      table('Verification', [['agreements', v.agreements], ['disagreements', v.disagreements], ['rejected results', v.rejectedResults], ['timeouts', v.timeouts], ['errors', v.errors]]) +
      (s.pausedHosts.length ? table('Paused volunteers', s.pausedHosts.map(p => [p.hostName || p.hostId, p.reason])) : '');
    document.getElementById('err').textContent = '';
  } catch (e) {
    document.getElementById('err').textContent = 'cannot reach the coordinator: ' + e;
  }
}
refresh(); setInterval(refresh, 2000);
</script>
</body>
</html>
""";
}
