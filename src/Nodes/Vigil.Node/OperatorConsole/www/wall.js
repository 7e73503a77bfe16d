// The live alarms wall: open alarms by severity, then by age (the longest waiting first); new ones flash and chirp.
import { api, esc, ago } from './api.js';
import { onAlarm, chirp } from './live.js';

const rank = { critical: 2, warning: 1 };

export function sortAlarms(list) {
  return list.sort((a, b) => (rank[b.severity] ?? 0) - (rank[a.severity] ?? 0) || Date.parse(a.raised_at) - Date.parse(b.raised_at) || a.id.localeCompare(b.id));
}

export function describe(h) {
  const bits = [h.hazard.replaceAll('_', ' ')];
  if (h.subject) bits.push(h.hazard === 'overspeed' ? `plate ${h.subject}` : `subject ${h.subject}`);
  if (h.kmh != null) bits.push(`${h.kmh} km/h${h.limit_kmh != null ? ` (limit ${h.limit_kmh})` : ''}`);
  if (h.max_c != null) bits.push(`${h.max_c} °C`);
  return bits.join(' · ');
}

export async function renderWall(view) {
  view.innerHTML = `
    <section class="wall-head">
      <h1>Live alarms <span id="open-count" class="count"></span></h1>
      <label><input type="checkbox" id="show-resolved"> show resolved (last 50)</label>
    </section>
    <div id="wall" class="wall"></div>`;
  const alarms = new Map();
  const fresh = new Set();
  const wall = view.querySelector('#wall');
  const showResolved = view.querySelector('#show-resolved');

  const draw = () => {
    const open = [...alarms.values()].filter(a => a.state !== 'resolved');
    view.querySelector('#open-count').textContent = `${open.length} open`;
    let list = sortAlarms(open);
    if (showResolved.checked)
      list = list.concat([...alarms.values()].filter(a => a.state === 'resolved').sort((a, b) => Date.parse(b.updated_at) - Date.parse(a.updated_at)).slice(0, 50));
    wall.innerHTML = list.length ? list.map(a => `
      <a class="alarm ${esc(a.severity)} ${esc(a.state)} ${fresh.has(a.id) ? 'fresh' : ''}" href="#/alarm/${encodeURIComponent(a.id)}" data-id="${esc(a.id)}">
        <span class="sev">${esc(a.severity)}</span>
        <span class="what">${esc(describe(a.hazards[0]))}</span>
        <span class="where">${esc(a.zone)} · ${esc(a.hazards[0].sensor)}</span>
        <span class="state">${esc(a.state)}${a.patrol ? ` → ${esc(a.patrol)}` : ''}</span>
        <span class="level" title="escalation level">L${a.level}</span>
        <span class="age" data-raised="${esc(a.raised_at)}">${ago(a.raised_at)}</span>
      </a>`).join('') : '<p class="quiet">No open alarms.</p>';
  };

  for (const a of await api('/api/alarms?limit=500')) alarms.set(a.id, a);
  draw();
  const stop = onAlarm(a => {
    const known = alarms.get(a.id);
    if (known && known.version >= a.version) return;
    alarms.set(a.id, a);
    if (!known && a.state !== 'resolved') {
      fresh.add(a.id);
      chirp(a.severity === 'critical');
      setTimeout(() => { fresh.delete(a.id); draw(); }, 8000);
    }
    draw();
  });
  showResolved.addEventListener('change', draw);
  const tick = setInterval(() => { for (const el of wall.querySelectorAll('.age')) el.textContent = ago(el.dataset.raised); }, 1000);
  return () => { stop(); clearInterval(tick); };
}
