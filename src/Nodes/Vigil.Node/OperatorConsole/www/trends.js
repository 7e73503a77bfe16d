// Trends over a chosen period, from the node's trends projection: charts, not tables of numbers; CSV export.
import { api, esc } from './api.js';
import { barChart, hourChart } from './charts.js';

const pad = n => String(n).padStart(2, '0');
const localInput = d => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
const duration = s => s == null ? '—' : s < 120 ? `${s.toFixed(0)} s` : s < 7200 ? `${(s / 60).toFixed(1)} min` : `${(s / 3600).toFixed(1)} h`;

export async function renderTrends(view) {
  const now = new Date();
  view.innerHTML = `
    <section class="wall-head"><h1>Trends</h1>
      <form id="period" class="filters">
        <select id="preset"><option value="24">last 24 h</option><option value="168">last 7 days</option><option value="720">last 30 days</option><option value="">custom</option></select>
        <label>from <input type="datetime-local" id="from"></label>
        <label>to <input type="datetime-local" id="to"></label>
        <button type="submit">Show</button>
        <a id="csv" class="button" download>Export CSV</a>
      </form>
    </section>
    <div id="trends" class="trends"></div>`;
  const $ = s => view.querySelector(s);
  const setPreset = hours => {
    const to = new Date(Date.now() + 3600_000); // include the current hour
    $('#to').value = localInput(to);
    $('#from').value = localInput(new Date(to - hours * 3600_000));
  };
  setPreset(24);
  const show = async () => {
    const q = new URLSearchParams({ from: new Date($('#from').value).toISOString(), to: new Date($('#to').value).toISOString(), tz: String(-now.getTimezoneOffset()) });
    $('#csv').href = `/api/trends.csv?${q}`;
    let t;
    try { t = await api(`/api/trends?${q}`); } catch (e) { $('#trends').innerHTML = `<p class="error">${esc(e.message)}</p>`; return; }
    const sorted = o => Object.entries(o).sort((a, b) => b[1] - a[1]);
    $('#trends').innerHTML = `
      <section class="card kpis">
        <div><b id="k-alarms">${t.alarms}</b><span>alarms</span></div>
        <div><b id="k-hazards">${t.hazards}</b><span>hazards</span></div>
        <div><b id="k-mtta">${duration(t.mtta_s)}</b><span>mean time to acknowledge (${t.acknowledged})</span></div>
        <div><b id="k-mttr">${duration(t.mttr_s)}</b><span>mean time to resolve (${t.resolved})</span></div>
      </section>
      <section class="card"><h2>Hazards by type</h2>${barChart(sorted(t.by_type), { id: 'chart-type' })}</section>
      <section class="card"><h2>Hazards by zone</h2>${barChart(sorted(t.by_zone), { id: 'chart-zone', color: '#5a9e4b' })}</section>
      <section class="card"><h2>Hazards by hour of day</h2>${hourChart(t.by_hour, { id: 'chart-hour' })}</section>
      <section class="card"><h2>Top plates (overspeed)</h2>${barChart(t.top_plates.map(p => [`${p.plate} (max ${p.max_kmh} km/h)`, p.count]), { id: 'chart-plates', color: '#b03a8a' })}</section>
      <section class="card"><h2>Top forklifts (seatbelt + fatigue)</h2>${barChart(t.top_forklifts.map(f => [`${f.forklift} (${f.seatbelt} belt, ${f.fatigue} fatigue)`, f.seatbelt + f.fatigue]), { id: 'chart-forklifts', color: '#c49a00' })}</section>
      <section class="card"><h2>Device uptime</h2>${barChart(t.uptime.filter(u => u.uptime_pct != null).map(u => [u.sensor, u.uptime_pct]), { id: 'chart-uptime', unit: ' %', color: '#2e8b8b' })}</section>`;
  };
  $('#preset').addEventListener('change', e => { if (e.target.value) { setPreset(+e.target.value); show(); } });
  $('#period').addEventListener('submit', e => { e.preventDefault(); $('#preset').value = ''; show(); });
  await show();
  const refresh = setInterval(() => { if ($('#preset').value) { setPreset(+$('#preset').value); show(); } }, 10000);
  return () => clearInterval(refresh);
}
