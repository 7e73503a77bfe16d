// One alarm: evidence, escalation, actuators, timeline; acknowledge, dispatch to a patrol, resolve with a note.
import { api, esc, time, ago } from './api.js';
import { onAlarm } from './live.js';
import { describe } from './wall.js';

export async function renderAlarm(view, id, me) {
  const canHandle = me.role === 'operator' || me.role === 'admin';
  let alarm = await api(`/api/alarms/${encodeURIComponent(id)}`);
  const zone = await api(`/api/zones/${encodeURIComponent(alarm.zone)}`).catch(() => null);
  const patrols = await api('/api/patrols').catch(() => []);

  const draw = () => {
    const typed = view.querySelector('#note')?.value ?? '';
    const ladder = zone?.escalation ?? [];
    const rung = alarm.level > 0 ? ladder[alarm.level - 1] : null;
    const next = ladder[alarm.level];
    view.innerHTML = `
      <p><a href="#/wall">← alarms</a></p>
      <section class="card alarm-detail ${esc(alarm.severity)}" id="alarm" data-state="${esc(alarm.state)}">
        <h1>${esc(describe(alarm.hazards[0]))}</h1>
        <p class="meta"><b id="alarm-state">${esc(alarm.state)}</b> · ${esc(alarm.severity)} · zone ${esc(alarm.zone)} · raised ${time(alarm.raised_at)} (${ago(alarm.raised_at)} ago) · <code>${esc(alarm.id)}</code>${alarm.patrol ? ` · patrol <b>${esc(alarm.patrol)}</b>` : ''}</p>
        <p class="escalation" id="escalation">Escalation level <b>${alarm.level}</b> of ${ladder.length}${rung ? ` — notified ${esc(rung.notify)}` : ''}${next && alarm.state === 'raised' ? ` · next: ${esc(next.notify)} at ${next.after_s} s` : ''}</p>
        <h2>Evidence</h2>
        <table class="evidence"><thead><tr><th>time</th><th>hazard</th><th>sensor</th><th>plate / subject</th><th>speed</th><th>temperature</th><th>detail</th></tr></thead><tbody>
        ${alarm.hazards.map(h => `<tr>
            <td>${time(h.t)}</td><td>${esc(h.hazard)}${h.severity ? ` <span class="sev">${esc(h.severity)}</span>` : ''}</td><td>${esc(h.sensor)}</td>
            <td>${esc(h.subject ?? '')}</td><td>${h.kmh != null ? `${h.kmh} km/h${h.limit_kmh != null ? ` / ${h.limit_kmh}` : ''}` : ''}</td>
            <td>${h.max_c != null ? `${h.max_c} °C` : ''}</td>
            <td>${esc(h.detail ?? '')}${h.snapshot ? ` <a href="${esc(h.snapshot)}" target="_blank" rel="noopener">snapshot</a>` : ''}</td></tr>`).join('')}
        </tbody></table>
        <h2>Actuators</h2>
        <ul class="actuators">${alarm.actuators.map(c => `<li>${time(c.at)} · ${esc(c.kind)} <b>${esc(c.actuator)}</b> ${esc(c.action)}${c.duration_s ? ` for ${c.duration_s} s` : ''}${c.reason ? ` — ${esc(c.reason)}` : ''}</li>`).join('') || '<li class="quiet">none</li>'}</ul>
        <h2>Timeline</h2>
        <ol class="timeline" id="timeline">${alarm.timeline.map(t => `<li data-action="${esc(t.action)}"><time>${time(t.at)}</time> <b>${esc(t.action)}</b>${t.by ? ` by <span class="by">${esc(t.by)}</span>` : ''}${t.detail ? ` — ${esc(t.detail)}` : ''}</li>`).join('')}</ol>
        ${alarm.state === 'resolved' ? '' : canHandle ? `
        <h2>Handle</h2>
        <form id="handle" class="handle">
          <label>Note <input name="note" id="note" maxlength="4000" placeholder="what you saw or did"></label>
          <div class="buttons">
            ${alarm.state === 'raised' ? '<button type="button" id="ack">Acknowledge</button>' : ''}
            <select id="patrol" name="patrol">${patrols.map(p => `<option value="${esc(p.name)}">${esc(p.name)}${p.members ? ` (${esc(p.members)})` : ''}</option>`).join('')}<option value="">other…</option></select>
            <input id="patrol-other" placeholder="patrol name" hidden>
            <button type="button" id="dispatch">Dispatch patrol</button>
            <button type="button" id="resolve">Resolve</button>
          </div>
          <p class="error" id="handle-error"></p>
        </form>` : '<p class="quiet" id="read-only">You have the viewer role: you can see this alarm but not handle it.</p>'}
      </section>`;
    const form = view.querySelector('#handle');
    if (!form) return;
    form.querySelector('#note').value = typed;
    const patrolSelect = form.querySelector('#patrol'), other = form.querySelector('#patrol-other');
    patrolSelect.addEventListener('change', () => { other.hidden = patrolSelect.value !== ''; });
    if (!patrols.length) other.hidden = false;
    const act = async verb => {
      const body = { note: form.querySelector('#note').value || undefined };
      if (verb === 'dispatch') body.patrol = patrolSelect.value || other.value;
      try {
        alarm = await api(`/api/alarms/${encodeURIComponent(alarm.id)}/${verb}`, { method: 'POST', body });
        draw();
      } catch (e) { form.querySelector('#handle-error').textContent = e.message; }
    };
    form.querySelector('#ack')?.addEventListener('click', () => act('ack'));
    form.querySelector('#dispatch').addEventListener('click', () => act('dispatch'));
    form.querySelector('#resolve').addEventListener('click', () => act('resolve'));
  };
  draw();
  return onAlarm(async a => {
    if (a.id !== alarm.id || a.version <= alarm.version) return;
    alarm = a.timeline ? a : await api(`/api/alarms/${encodeURIComponent(alarm.id)}`);
    draw();
  });
}
