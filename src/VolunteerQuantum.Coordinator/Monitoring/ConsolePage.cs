namespace VolunteerQuantum.Coordinator.Monitoring;

/// <summary>
/// The operator console: one self-contained page (no build step, no external assets, works
/// offline) that polls /status, /history, /projects and /hosts and draws its charts itself. The
/// admin key is kept in the tab's sessionStorage and sent as the vq-api-key header; stable ids and
/// data- attributes let tests read the rendered page.
/// </summary>
internal static class ConsolePage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>VolunteerQuantum console</title>
<style>
  :root { --fg: #1d2430; --muted: #667085; --line: #e4e7ec; --bg: #f6f7f9; --card: #fff; --ok: #12b76a; --warn: #f79009; --bad: #d92d20; --accent: #2e6fdb; }
  * { box-sizing: border-box; }
  body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: var(--fg); background: var(--bg); }
  header { display: flex; align-items: center; gap: 1.2em; flex-wrap: wrap; padding: .8em 1.5em; background: #101828; color: #fff; }
  header h1 { font-size: 1.15em; margin: 0; font-weight: 600; } header h1 a { color: inherit; text-decoration: none; }
  header small { color: #98a2b3; }
  #live { display: inline-flex; align-items: center; gap: .45em; font-size: .9em; }
  #live::before { content: ""; width: .7em; height: .7em; border-radius: 50%; background: #98a2b3; }
  #live[data-state=live]::before { background: var(--ok); animation: pulse 2s infinite; }
  #live[data-state=stale]::before { background: var(--warn); }
  #live[data-state=offline]::before { background: var(--bad); }
  @keyframes pulse { 0% { box-shadow: 0 0 0 0 rgba(18,183,106,.7); } 70% { box-shadow: 0 0 0 .6em rgba(18,183,106,0); } 100% { box-shadow: 0 0 0 0 rgba(18,183,106,0); } }
  #updated { color: #d0d5dd; font-size: .9em; }
  #keyform { margin-left: auto; display: flex; gap: .4em; align-items: center; font-size: .9em; }
  #keyform input { width: 16em; padding: .25em .4em; border-radius: 4px; border: 1px solid #475467; background: #1d2939; color: #fff; }
  #keyform button { padding: .25em .7em; border-radius: 4px; border: 0; background: #344054; color: #fff; cursor: pointer; }
  main { padding: 1.2em 1.5em; max-width: 1500px; }
  #err { color: var(--bad); margin: 0 0 .8em; } #err:empty { display: none; }
  .tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: .8em; }
  .card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: .8em 1em; }
  .tile h3 { margin: 0 0 .3em; font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); font-weight: 600; }
  .tile .big { font-size: 1.7em; font-weight: 600; font-variant-numeric: tabular-nums; }
  .tile .sub { color: var(--muted); font-size: .88em; }
  h2 { font-size: 1.05em; margin: 1.4em 0 .6em; }
  .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: .8em; }
  .chart h3 { margin: 0 0 .3em; font-size: .95em; }
  .chart svg { width: 100%; height: 170px; display: block; }
  .legend { font-size: .82em; color: var(--muted); display: flex; gap: 1em; flex-wrap: wrap; }
  .legend i { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .3em; vertical-align: -.05em; }
  table { border-collapse: collapse; width: 100%; background: var(--card); border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
  th, td { padding: .45em .7em; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
  th { font-size: .8em; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: #fafbfc; font-weight: 600; }
  tr:last-child td { border-bottom: 0; }
  .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
  .muted { color: var(--muted); } .id { font-family: ui-monospace, monospace; font-size: .85em; color: var(--muted); }
  .bar { width: 9em; height: .6em; background: var(--line); border-radius: 3px; overflow: hidden; display: inline-block; vertical-align: middle; margin-right: .5em; }
  .bar > span { display: block; height: 100%; background: var(--accent); }
  .pill { display: inline-block; padding: 0 .5em; border-radius: 1em; font-size: .85em; background: #eef2f6; }
  .pill.running, .pill.computing { background: #e0eaff; color: #1849a9; } .pill.completed, .pill.idle { background: #dcfae6; color: #067647; }
  .pill.failed, .pill.banned { background: #fee4e2; color: #b42318; } .pill.paused, .pill.cancelled { background: #fef0c7; color: #b54708; } .pill.offline { background: #f2f4f7; color: #667085; }
  .stall { color: #b54708; font-size: .9em; }
  .locked { padding: 1em; color: var(--muted); }
  .stages { display: flex; gap: 3px; margin: .4em 0; } .stages span { flex: 1; height: 1.4em; border-radius: 3px; background: var(--line); font-size: .75em; text-align: center; color: #fff; }
  .stages span.done { background: var(--ok); } .stages span.current { background: var(--accent); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1.2em; margin: 0; } dt { color: var(--muted); } dd { margin: 0; }
  .detail { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: .8em; }
  a { color: var(--accent); }
</style>
</head>
<body>
<header>
  <h1><a href="#/">VolunteerQuantum console</a> <small id="ver"></small></h1>
  <span id="live" data-state="connecting">connecting…</span>
  <span id="updated" data-time="">never updated</span>
  <form id="keyform" autocomplete="off">
    <label for="key">admin key</label>
    <input id="key" type="password" placeholder="vq-api-key for projects and hosts">
    <button type="submit">use</button><button type="button" id="forget">forget</button>
  </form>
</header>
<main>
<p id="err"></p>
<div id="view">loading…</div>
</main>
<script>
'use strict';
// Host names, accounts, pause reasons and project names come from others: escape everything written into the page.
function esc(x) {
  return String(x ?? '').replace(/[&<>"']/g, c => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]);
}
const KEY = 'vq-console-key', POLL_MS = 2000;
const st = { status: null, history: null, historyAt: 0, projects: null, hosts: null, locked: '', lastOk: 0, polls: 0 };

// The admin key: from the form, or from the URL fragment (#key=…, then removed from the address bar).
function takeKeyFromFragment() {
  const m = location.hash.match(/^#(?:.*[?&])?key=([^&]*)/);
  if (m) {
    sessionStorage.setItem(KEY, decodeURIComponent(m[1]));
    history.replaceState(null, '', location.pathname + location.search + (location.hash.replace(/[?&]?key=[^&]*/, '').replace(/^#$/, '') || '#/'));
  }
}
const apiKey = () => sessionStorage.getItem(KEY) || '';

async function get(path, needsKey) {
  const headers = {};
  if (needsKey) {
    if (!apiKey()) { return null; }
    headers['vq-api-key'] = apiKey();
  }
  const r = await fetch(path, { headers, cache: 'no-store' });
  if (!r.ok) {
    const e = new Error(path.split('?')[0] + ': ' + r.status + ' ' + (await r.text()).trim());
    e.status = r.status;
    throw e;
  }
  return r.json();
}

// Formatting.
const nf = (x, d = 0) => Number(x ?? 0).toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const enumName = (x, prefix) => String(x ?? '').replace(prefix, '').toLowerCase();
function si(x, unit) {
  const units = ['', ' k', ' M', ' G', ' T', ' P'];
  let i = 0; x = Number(x ?? 0);
  while (Math.abs(x) >= 1000 && i < units.length - 1) { x /= 1000; i++; }
  return (i ? x.toFixed(x < 10 ? 2 : 1) : Number(x.toFixed(2)).toString()) + units[i] + unit;
}
// A unit's credit can be tiny (a Bell pair earns 10^-8): small figures in scientific notation, not 0.00.
const credit = x => { x = Number(x ?? 0); return x > 0 && x < 0.01 ? x.toExponential(2) : nf(x, 2); };
function bytes(x) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; x = Number(x ?? 0);
  while (x >= 1024 && i < units.length - 1) { x /= 1024; i++; }
  return (i ? x.toFixed(1) : x) + ' ' + units[i];
}
function duration(s) {
  s = Math.max(0, Math.round(s));
  if (s < 60) { return s + ' s'; }
  if (s < 3600) { return Math.floor(s / 60) + ' min ' + (s % 60) + ' s'; }
  if (s < 86400) { return Math.floor(s / 3600) + ' h ' + Math.floor(s % 3600 / 60) + ' min'; }
  return Math.floor(s / 86400) + ' d ' + Math.floor(s % 86400 / 3600) + ' h';
}
function ago(ts) {
  if (!ts) { return '—'; }
  const now = st.status ? Date.parse(st.status.now) : Date.now();
  const s = (now - Date.parse(ts)) / 1000;
  return s < 2 ? 'just now' : duration(s) + ' ago';
}
const time = ts => ts ? new Date(ts).toLocaleTimeString() : '—';
const pill = (cls, text) => '<span class="pill ' + esc(cls) + '">' + esc(text ?? cls) + '</span>';

// Charts: inline SVG drawn here, from the coordinator's history.
const W = 600, H = 170, PAD = { l: 44, r: 8, t: 8, b: 20 };
function frame(max, t0, t1) {
  let g = '';
  for (let i = 0; i <= 4; i++) {
    const y = PAD.t + (H - PAD.t - PAD.b) * i / 4, v = max * (4 - i) / 4;
    g += '<line x1="' + PAD.l + '" x2="' + (W - PAD.r) + '" y1="' + y + '" y2="' + y + '" stroke="#e4e7ec"/>' +
      '<text x="' + (PAD.l - 5) + '" y="' + (y + 4) + '" text-anchor="end" font-size="10" fill="#667085">' + esc(si(v, '')) + '</text>';
  }
  g += '<text x="' + PAD.l + '" y="' + (H - 4) + '" font-size="10" fill="#667085">' + esc(time(t0)) + '</text>' +
    '<text x="' + (W - PAD.r) + '" y="' + (H - 4) + '" text-anchor="end" font-size="10" fill="#667085">' + esc(time(t1)) + '</text>';
  return g;
}
function niceMax(m) {
  if (!(m > 0)) { return 1; }
  const p = Math.pow(10, Math.floor(Math.log10(m))), f = m / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
}
function legend(series) {
  return '<div class="legend">' + series.map(s => '<span><i style="background:' + s.color + '"></i>' + esc(s.name) + '</span>').join('') + '</div>';
}
function lineChart(id, title, samples, series) {
  const n = samples.length, max = niceMax(Math.max(0, ...series.flatMap(s => samples.map(s.value))));
  const x = i => PAD.l + (n < 2 ? (W - PAD.l - PAD.r) : (W - PAD.l - PAD.r) * i / (n - 1));
  const y = v => PAD.t + (H - PAD.t - PAD.b) * (1 - v / max);
  let body = frame(max, n ? samples[0].time : null, n ? samples[n - 1].time : null);
  for (const s of series) {
    const pts = samples.map((p, i) => x(i).toFixed(1) + ',' + y(s.value(p)).toFixed(1)).join(' ');
    body += n > 1 ? '<polyline fill="none" stroke-width="2" stroke="' + s.color + '" points="' + pts + '" data-series="' + esc(s.name) + '"/>'
      : n === 1 ? '<circle r="3" fill="' + s.color + '" cx="' + x(0) + '" cy="' + y(s.value(samples[0])) + '" data-series="' + esc(s.name) + '"/>' : '';
  }
  return '<div class="card chart"><h3>' + esc(title) + '</h3><svg id="' + id + '" data-points="' + n + '" viewBox="0 0 ' + W + ' ' + H + '" preserveAspectRatio="none" role="img" aria-label="' + esc(title) + '">' + body +
    (n ? '' : '<text x="' + W / 2 + '" y="' + H / 2 + '" text-anchor="middle" fill="#98a2b3">no samples yet</text>') + '</svg>' + legend(series) + '</div>';
}
// Outcomes are counters: each bar is what one sampling interval added, stacked by outcome.
function barChart(id, title, samples, series) {
  const steps = [];
  for (let i = 1; i < samples.length; i++) {
    steps.push({ time: samples[i].time, parts: series.map(s => Math.max(0, s.value(samples[i]) - s.value(samples[i - 1]))) });
  }
  const n = steps.length, max = niceMax(Math.max(0, ...steps.map(s => s.parts.reduce((a, b) => a + b, 0))));
  const bw = (W - PAD.l - PAD.r) / Math.max(n, 1), ih = H - PAD.t - PAD.b;
  let body = frame(max, n ? steps[0].time : null, n ? steps[n - 1].time : null);
  steps.forEach((s, i) => {
    let base = H - PAD.b;
    s.parts.forEach((v, k) => {
      if (v > 0) {
        const h = ih * v / max; base -= h;
        body += '<rect x="' + (PAD.l + i * bw + bw * .1).toFixed(1) + '" width="' + Math.max(1, bw * .8).toFixed(1) + '" y="' + base.toFixed(1) + '" height="' + h.toFixed(1) + '" fill="' + series[k].color + '"><title>' + esc(time(s.time) + ': ' + v + ' ' + series[k].name) + '</title></rect>';
      }
    });
  });
  const totals = series.map(s => esc(s.name) + ' ' + nf(samples.length ? s.value(samples[samples.length - 1]) : 0)).join(', ');
  return '<div class="card chart"><h3>' + esc(title) + '</h3><svg id="' + id + '" data-points="' + n + '" viewBox="0 0 ' + W + ' ' + H + '" preserveAspectRatio="none" role="img" aria-label="' + esc(title) + '">' + body +
    (n ? '' : '<text x="' + W / 2 + '" y="' + H / 2 + '" text-anchor="middle" fill="#98a2b3">no samples yet</text>') + '</svg>' + legend(series) +
    '<div class="legend">since the grid was created: ' + totals + '</div></div>';
}

// Views.
function stat(name, value, text) {
  return '<span data-stat="' + esc(name) + '" data-value="' + esc(value) + '">' + esc(text ?? nf(value)) + '</span>';
}
function counts(list, prefix) {
  return (list || []).map(c => stat(prefix + '.' + c.state, c.count, nf(c.count) + ' ' + c.state)).join(' · ') || '<span class="muted">none</span>';
}
function tiles(s) {
  const h = s.hosts, t = s.throughput, v = s.verification, p = s.pipeline || {};
  const running = (s.projects.find(c => c.state === 'running') || { count: 0 }).count;
  return '<div class="tiles">' +
    '<div class="card tile"><h3>Volunteers online</h3><div class="big">' + stat('hosts.online', h.online) + '</div><div class="sub">' +
      stat('hosts.registered', h.registered, nf(h.registered) + ' registered') + ' · ' + stat('hosts.busy', h.busy, nf(h.busy) + ' busy') + ' · ' + stat('hosts.paused', h.paused, nf(h.paused) + ' paused') + '</div></div>' +
    '<div class="card tile"><h3>Projects running</h3><div class="big">' + stat('projects.running.big', running) + '</div><div class="sub">' + counts(s.projects, 'projects') + '</div></div>' +
    '<div class="card tile"><h3>Work units</h3><div class="sub">' + counts(s.units, 'units') + '</div><h3 style="margin-top:.5em">Replicas</h3><div class="sub">' + counts(s.replicas, 'replicas') + '</div></div>' +
    '<div class="card tile"><h3>Throughput (last ' + esc(t.windowSeconds) + ' s)</h3><div class="big">' + stat('throughput.resultsPerMinute', t.resultsPerMinute, nf(t.resultsPerMinute, 1)) + '<small class="muted"> results/min</small></div><div class="sub">' +
      stat('throughput.unitsVerifiedPerMinute', t.unitsVerifiedPerMinute, nf(t.unitsVerifiedPerMinute, 1) + ' units verified/min') + ' · ' + stat('throughput.workRequestsPerSecond', t.workRequestsPerSecond, nf(t.workRequestsPerSecond, 2) + ' requests/s') + '</div></div>' +
    '<div class="card tile"><h3>Verification</h3><div class="big">' + stat('verification.agreements', v.agreements) + '<small class="muted"> agreements</small></div><div class="sub">' +
      stat('verification.disagreements', v.disagreements, nf(v.disagreements) + ' disagreements') + ' · ' + stat('verification.rejectedResults', v.rejectedResults, nf(v.rejectedResults) + ' rejected') + ' · ' +
      stat('verification.timeouts', v.timeouts, nf(v.timeouts) + ' timeouts') + ' · ' + stat('verification.errors', v.errors, nf(v.errors) + ' errors') + '</div></div>' +
    '<div class="card tile"><h3>Pipeline</h3><div class="sub">' + stat('pipeline.unitsToJudge', p.unitsToJudge, nf(p.unitsToJudge) + ' units to judge') + ' · ' +
      stat('pipeline.stagesPending', p.stagesPending, nf(p.stagesPending) + ' stages pending') + ' · ' + stat('pipeline.assimilationsPending', p.assimilationsPending, nf(p.assimilationsPending) + ' assimilations pending') +
      ((p.failing || []).length ? '<div class="stall">' + p.failing.map(f => esc(f.projectId + ': ' + f.failures + '× ' + f.lastFailure)).join('<br>') + '</div>' : '') + '</div></div>' +
    '</div>';
}
function charts() {
  const samples = (st.history && st.history.samples) || [];
  const every = st.history ? st.history.sampleSeconds : 10;
  return '<h2>History <small class="muted">(one sample every ' + esc(every) + ' s, kept by the coordinator)</small></h2><div class="charts">' +
    lineChart('chart-throughput', 'Throughput', samples, [
      { name: 'results/min', color: '#2e6fdb', value: p => p.resultsPerMinute },
      { name: 'units verified/min', color: '#12b76a', value: p => p.unitsVerifiedPerMinute }]) +
    barChart('chart-verification', 'Verification outcomes per interval', samples, [
      { name: 'agreements', color: '#12b76a', value: p => p.verification.agreements },
      { name: 'disagreements', color: '#f79009', value: p => p.verification.disagreements },
      { name: 'rejected', color: '#d92d20', value: p => p.verification.rejectedResults },
      { name: 'timeouts', color: '#98a2b3', value: p => p.verification.timeouts },
      { name: 'errors', color: '#7a5af8', value: p => p.verification.errors }]) +
    lineChart('chart-hosts', 'Volunteers', samples, [
      { name: 'online', color: '#2e6fdb', value: p => p.hosts.online },
      { name: 'busy', color: '#12b76a', value: p => p.hosts.busy },
      { name: 'paused', color: '#f79009', value: p => p.hosts.paused }]) +
    '</div>';
}
const locked = what => '<div class="card locked" data-locked="' + esc(what) + '">' + esc(st.locked || ('Enter an admin key (top right) to see the ' + what + '.')) + '</div>';
function progressCell(p) {
  const f = Math.max(0, Math.min(1, p.workFraction || 0));
  return '<span class="bar"><span style="width:' + (f * 100).toFixed(1) + '%"></span></span><span data-field="progress" data-value="' + f + '">' + (f * 100).toFixed(1) + '%</span>';
}
function eta(p) {
  const state = enumName(p.state, 'PROJECT_STATE_');
  if (state !== 'running') { return p.finished ? 'ended ' + esc(time(p.finished)) : '—'; }
  return p.etaSeconds == null ? '<span class="muted">unknown</span>' : esc(duration(p.etaSeconds));
}
function projectsTable() {
  if (!st.projects) { return locked('projects'); }
  if (!st.projects.length) { return '<div class="card locked" id="projects">No projects yet.</div>'; }
  return '<table id="projects"><thead><tr><th>Project</th><th>Owner</th><th>Strategy</th><th>State</th><th>Progress</th><th class="num">Units</th><th class="num">Replicas</th><th>ETA</th></tr></thead><tbody>' +
    st.projects.map(p => {
      const state = enumName(p.state, 'PROJECT_STATE_');
      const note = p.stall ? '<div class="stall">' + esc(p.stall.message) + '</div>' : p.failureReason ? '<div class="stall">' + esc(p.failureReason) + '</div>' : '';
      return '<tr data-project-id="' + esc(p.id) + '"><td><a href="#/project/' + encodeURIComponent(p.id) + '" data-field="name">' + esc(p.name || p.id) + '</a> <span class="id">' + esc(p.id) + '</span>' + note + '</td>' +
        '<td data-field="owner">' + esc(p.owner) + '</td><td data-field="strategy">' + esc(enumName(p.plan && p.plan.strategy, 'STRATEGY_')) + '</td>' +
        '<td data-field="state">' + pill(state) + '</td><td>' + progressCell(p) + '</td>' +
        '<td class="num" data-field="units" data-verified="' + p.unitsVerified + '" data-total="' + p.unitsTotal + '">' + nf(p.unitsVerified) + ' / ' + nf(p.unitsTotal) + '</td>' +
        '<td class="num" data-field="replicas">' + nf(p.replicasRunning) + (p.replicasPaused ? ' <span class="muted">(' + nf(p.replicasPaused) + ' paused)</span>' : '') + '</td>' +
        '<td data-field="eta">' + eta(p) + '</td></tr>';
    }).join('') + '</tbody></table>';
}
function hostState(h) {
  if (h.banned) { return ['banned', 'banned' + (h.banReason ? ': ' + h.banReason : '')]; }
  if (!h.online) { return ['offline', 'offline']; }
  if (h.pausedReason) { return ['paused', 'paused: ' + h.pausedReason]; }
  return h.busy ? ['computing', 'computing'] : ['idle', 'idle'];
}
function hostsTable() {
  if (!st.hosts) { return locked('hosts'); }
  if (!st.hosts.length) { return '<div class="card locked" id="hosts">No volunteer has registered yet.</div>'; }
  return '<table id="hosts"><thead><tr><th>Host</th><th>Account</th><th>State</th><th class="num">Speed</th><th>Trust</th><th class="num">Valid / invalid / errors / timeouts</th><th>Last seen</th><th class="num">Credit</th><th class="num">RAC</th></tr></thead><tbody>' +
    st.hosts.map(h => {
      const [cls, text] = hostState(h);
      const trust = [h.trustedVerifier ? 'trusted verifier' : '', h.reliable ? 'reliable' : '', h.accountDisabled ? 'account disabled' : ''].filter(Boolean).join(', ') || 'ordinary';
      return '<tr data-host-id="' + esc(h.hostId) + '" data-state="' + cls + '"><td data-field="name">' + esc(h.name || h.hostId) + ' <span class="id">' + esc(h.hostId.slice(0, 8)) + '</span></td>' +
        '<td data-field="account">' + esc(h.owner) + (h.ownerLabel && h.ownerLabel !== h.owner ? ' <span class="muted">(' + esc(h.ownerLabel) + ')</span>' : '') + '</td>' +
        '<td data-field="state">' + pill(cls, text) + '</td>' +
        '<td class="num" data-field="speed" data-value="' + h.amplitudeUpdatesPerSecond + '">' + esc(si(h.amplitudeUpdatesPerSecond, ' amp/s')) + '<div class="muted">' + nf(h.logicalCores) + ' cores · ' + esc(bytes(h.memoryBytes)) + '</div></td>' +
        '<td data-field="trust">' + esc(trust) + '<div class="muted">' + nf(h.consecutiveValid) + ' valid in a row</div></td>' +
        '<td class="num" data-field="record">' + [h.valid, h.invalid, h.errors, h.timeouts].map(x => nf(x)).join(' / ') + '</td>' +
        '<td data-field="lastSeen" data-time="' + esc(h.lastSeen) + '" title="' + esc(h.lastSeen) + '">' + esc(ago(h.lastSeen)) + '</td>' +
        '<td class="num" data-field="credit" data-value="' + h.totalCredit + '">' + credit(h.totalCredit) + '</td>' +
        '<td class="num" data-field="rac" data-value="' + h.recentAverageCredit + '">' + credit(h.recentAverageCredit) + '</td></tr>';
    }).join('') + '</tbody></table>';
}
function leaderboard(s) {
  const b = s.leaderboard;
  if (!b) { return '<div class="card locked">The leaderboard is private on this grid.</div>'; }
  if (!b.accounts.length) { return '<div class="card locked" id="leaderboard">No volunteer account yet.</div>'; }
  return '<table id="leaderboard"><thead><tr><th class="num">#</th><th>Account</th><th class="num">Credit</th><th class="num">RAC (per day)</th><th class="num">Valid results</th><th class="num">Hosts</th></tr></thead><tbody>' +
    b.accounts.map(a => '<tr data-account="' + esc(a.account) + '"><td class="num">' + a.rank + '</td><td>' + esc(a.account) + '</td><td class="num" data-field="credit" data-value="' + a.totalCredit + '">' + credit(a.totalCredit) +
      '</td><td class="num">' + credit(a.recentAverageCredit) + '</td><td class="num">' + nf(a.validResults) + '</td><td class="num">' + nf(a.hosts) + '</td></tr>').join('') +
    '</tbody></table><p class="muted">One credit is ' + esc(si(b.amplitudeUpdatesPerCredit, '')) + ' amplitude updates; RAC halves every ' + esc(b.halfLifeDays) + ' days.</p>';
}
function overview(s) {
  return tiles(s) + charts() +
    '<h2>Projects</h2>' + projectsTable() +
    '<h2>Volunteers</h2>' + hostsTable() +
    '<h2>Leaderboard</h2>' + leaderboard(s);
}
function projectPage(id) {
  const back = '<p><a href="#/">← all projects</a></p>';
  if (!st.projects) { return back + locked('project'); }
  const p = st.projects.find(x => x.id === id);
  if (!p) { return back + '<div class="card locked" id="project" data-missing="true">No project ' + esc(id) + ' among those this key may see.</div>'; }
  const state = enumName(p.state, 'PROJECT_STATE_'), plan = p.plan || {}, v = p.verification || {}, strategy = enumName(plan.strategy, 'STRATEGY_');
  const remaining = Math.max(0, p.unitsTotal - p.unitsVerified - p.unitsFailed);
  let stages = '';
  if (strategy === 'shards' && plan.stages > 0) {
    stages = '<div class="card"><h3>Stages</h3><div class="stages" id="stages" data-stages="' + plan.stages + '" data-current="' + plan.currentStage + '">' +
      Array.from({ length: plan.stages }, (_, i) => '<span class="' + (state === 'completed' || i < plan.currentStage ? 'done' : i === plan.currentStage ? 'current' : '') + '">' + (i + 1) + '</span>').join('') +
      '</div><dl><dt>stage</dt><dd>' + (Math.min(plan.currentStage, plan.stages - 1) + 1) + ' of ' + plan.stages + '</dd><dt>moved by reshuffles</dt><dd>' + esc(bytes(plan.bytesMoved)) + '</dd></dl></div>';
  }
  const stall = p.stall ? '<div class="card"><h3>Why nothing runs</h3><p class="stall">' + esc(p.stall.message) + '</p>' +
    ((p.stall.pauses || []).length ? '<ul>' + p.stall.pauses.map(x => '<li>' + esc(x.reason) + ' (' + x.hosts + ')</li>').join('') + '</ul>' : '') + '</div>' : '';
  return back + '<div id="project" data-project-id="' + esc(p.id) + '"><h2>' + esc(p.name || p.id) + ' <span class="id">' + esc(p.id) + '</span> ' + pill(state) + '</h2>' +
    '<div class="card" style="margin-bottom:.8em">' + progressCell(p) + ' · ETA ' + eta(p) + (p.unitsPerSecond ? ' · ' + nf(p.unitsPerSecond, 3) + ' units/s' : '') + '</div>' +
    '<div class="detail">' +
    '<div class="card"><h3>Plan</h3><dl><dt>owner</dt><dd data-field="owner">' + esc(p.owner) + '</dd><dt>strategy</dt><dd data-field="strategy">' + esc(strategy) + '</dd><dt>circuit</dt><dd>' + nf(p.numQubits) + ' qubits, ' + nf(p.numGates) + ' gates</dd>' +
      '<dt>plan</dt><dd>' + esc(plan.description) + '</dd><dt>units</dt><dd>' + nf(plan.units) + ' of ' + esc(bytes(plan.memoryPerUnitBytes)) + '</dd>' +
      (strategy === 'paths' ? '<dt>paths</dt><dd>' + esc(si(plan.paths, '')) + '</dd>' : '') +
      '<dt>quorum</dt><dd>' + p.minQuorum + ' agreeing, at most ' + p.maxReplicas + ' replicas</dd><dt>created</dt><dd>' + esc(new Date(p.created).toLocaleString()) + '</dd>' +
      (p.finished ? '<dt>finished</dt><dd>' + esc(new Date(p.finished).toLocaleString()) + '</dd>' : '') + '</dl></div>' +
    '<div class="card"><h3>Units by state</h3><dl id="units-by-state">' +
      '<dt>verified</dt><dd data-units="verified">' + nf(p.unitsVerified) + '</dd><dt>in progress or waiting</dt><dd data-units="open">' + nf(remaining) + '</dd>' +
      '<dt>failed</dt><dd data-units="failed">' + nf(p.unitsFailed) + '</dd><dt>total</dt><dd data-units="total">' + nf(p.unitsTotal) + '</dd>' +
      '<dt>replicas running</dt><dd>' + nf(p.replicasRunning) + (p.replicasPaused ? ' (' + nf(p.replicasPaused) + ' paused)' : '') + '</dd></dl></div>' +
    '<div class="card"><h3>Verification and disputes</h3><dl id="disputes"><dt>units agreed</dt><dd>' + nf(v.unitsAgreed) + '</dd><dt>units disputed</dt><dd data-field="disputed">' + nf(v.unitsDisputed) + '</dd>' +
      '<dt>replicas valid</dt><dd>' + nf(v.replicasValid) + '</dd><dt>invalid</dt><dd>' + nf(v.replicasInvalid) + '</dd><dt>errored</dt><dd>' + nf(v.replicasErrored) + '</dd><dt>timed out</dt><dd>' + nf(v.replicasTimedOut) + '</dd>' +
      '<dt>hosts contributing</dt><dd>' + nf(v.hostsContributing) + '</dd></dl></div>' +
    stages + stall +
    (p.failureReason ? '<div class="card"><h3>Failure</h3><p class="stall">' + esc(p.failureReason) + '</p></div>' : '') +
    ((p.warnings || []).length ? '<div class="card"><h3>Warnings</h3><ul>' + p.warnings.map(w => '<li>' + esc(w) + '</li>').join('') + '</ul></div>' : '') +
    '</div></div>';
}
function render() {
  if (!st.status) { return; }
  const route = location.hash.match(/^#\/project\/(.+)$/);
  document.getElementById('view').innerHTML = route ? projectPage(decodeURIComponent(route[1])) : overview(st.status);
  document.getElementById('view').dataset.route = route ? 'project' : 'overview';
}

// The live indicator: green while the last poll is fresh, amber once late, red once polls fail.
function liveness() {
  const el = document.getElementById('live'), age = Date.now() - st.lastOk;
  const state = !st.lastOk ? 'connecting' : st.failing && age > 3 * POLL_MS ? 'offline' : age > 3 * POLL_MS ? 'stale' : 'live';
  el.dataset.state = state;
  el.textContent = state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : state + ' (' + duration(age / 1000) + ' since the last update)';
}
async function poll() {
  st.polls++;
  const wantHistory = !st.history || Date.now() - st.historyAt >= 1000 * Math.max(1, st.history.sampleSeconds);
  const [status, hist, projects, hosts] = await Promise.allSettled([
    get('status'), wantHistory ? get('history') : Promise.resolve(null), get('projects?limit=200', true), get('hosts', true)]);
  const errors = [];
  if (status.status === 'fulfilled') {
    st.status = status.value; st.lastOk = Date.now(); st.failing = false;
    document.getElementById('ver').textContent = 'v' + st.status.version;
    const u = document.getElementById('updated');
    u.dataset.time = st.status.now;
    u.textContent = 'updated ' + time(st.status.now);
  } else {
    st.failing = true;
    errors.push('cannot reach the coordinator: ' + status.reason.message);
  }
  if (hist.status === 'fulfilled' && hist.value) { st.history = hist.value; st.historyAt = Date.now(); }
  st.locked = '';
  for (const [name, r] of [['projects', projects], ['hosts', hosts]]) {
    if (r.status === 'fulfilled') {
      st[name] = r.value ? r.value[name] : null;
    } else if (r.reason.status === 401 || r.reason.status === 403) {
      st[name] = null; st.locked = 'The key was refused: ' + r.reason.message + '. Enter an admin key (top right).';
    } else {
      errors.push(r.reason.message);
    }
  }
  document.getElementById('err').textContent = errors.join(' · ');
  render(); liveness();
}
document.getElementById('keyform').addEventListener('submit', e => {
  e.preventDefault();
  const k = document.getElementById('key');
  if (k.value) { sessionStorage.setItem(KEY, k.value); k.value = ''; }
  poll();
});
document.getElementById('forget').addEventListener('click', () => { sessionStorage.removeItem(KEY); st.projects = st.hosts = null; poll(); });
window.addEventListener('hashchange', () => { takeKeyFromFragment(); render(); });
takeKeyFromFragment();
document.getElementById('key').placeholder = apiKey() ? 'key stored for this tab' : 'vq-api-key for projects and hosts';
poll(); setInterval(poll, POLL_MS); setInterval(liveness, 1000);
</script>
</body>
</html>
""";
}
