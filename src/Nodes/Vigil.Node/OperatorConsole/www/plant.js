// Zones and sensors with health and uptime, filterable; admins register, reconfigure and decommission sensors
// and draw a camera's danger zones over its latest frame (or a blank frame of the camera's size).
import { api, esc, ago } from './api.js';

const FRAME_W = 1920, FRAME_H = 1080;

export async function renderPlant(view, selected, me) {
  const admin = me.role === 'admin';
  view.innerHTML = `
    <section class="wall-head"><h1>Plant</h1>
      <div class="filters">
        <input id="f-text" placeholder="filter by id">
        <select id="f-zone"><option value="">all zones</option></select>
        <select id="f-kind"><option value="">all kinds</option><option>camera</option><option>radar</option><option>thermal</option><option>forklift</option></select>
        <select id="f-health"><option value="">any health</option><option>online</option><option>offline</option><option>unknown</option></select>
      </div>
    </section>
    <div id="zones"></div>
    ${admin ? `
    <section class="card" id="sensor-editor"><h2>Register or reconfigure a sensor</h2>
      <form id="sensor-form" class="grid-form">
        <label>Id <input name="id" id="s-id" required pattern="[A-Za-z0-9._-]+"></label>
        <label>Kind <select name="kind" id="s-kind"><option>camera</option><option>radar</option><option>thermal</option><option>forklift</option></select></label>
        <label>Zone <select name="zone" id="s-zone"></select></label>
        <label class="wide">Config (JSON) <textarea name="config" id="s-config" rows="4">{}</textarea></label>
        <button type="submit" id="s-save">Save sensor</button>
        <p class="error" id="s-error"></p>
      </form>
      <div id="camera-canvas"></div>
    </section>` : ''}`;

  let zones = [], sensors = [], uptime = new Map();
  const $ = s => view.querySelector(s);
  const load = async () => {
    [zones, sensors] = await Promise.all([api('/api/zones'), api('/api/sensors')]);
    uptime = new Map((await api('/api/uptime')).map(u => [u.sensor, u.uptime_pct]));
  };
  const draw = () => {
    const text = $('#f-text').value.trim().toLowerCase(), zone = $('#f-zone').value, kind = $('#f-kind').value, health = $('#f-health').value;
    const shown = sensors.filter(s => (!text || s.id.toLowerCase().includes(text)) && (!zone || s.zone === zone) && (!kind || s.kind === kind) && (!health || s.health === health));
    $('#zones').innerHTML = zones.filter(z => !zone || z.id === zone).map(z => {
      const mine = shown.filter(s => s.zone === z.id);
      if (!mine.length && (text || kind || health)) return '';
      return `<section class="card zone"><h2>${esc(z.name ?? z.id)} <small>${esc(z.kind)} · ${z.open_alarms} open alarms</small></h2>
        <table class="sensors"><thead><tr><th>sensor</th><th>kind</th><th>health</th><th>last reading</th><th>readings</th><th>uptime</th>${admin ? '<th></th>' : ''}</tr></thead><tbody>
        ${mine.map(s => `<tr data-sensor="${esc(s.id)}" data-health="${esc(s.health)}">
          <td>${esc(s.id)}</td><td>${esc(s.kind)}</td><td><span class="health ${esc(s.health)}">${esc(s.health)}</span></td>
          <td>${s.last_reading_at ? `${ago(s.last_reading_at)} ago` : '—'}</td><td>${s.readings}</td>
          <td>${uptime.get(s.id) != null ? `${uptime.get(s.id).toFixed(1)} %` : '—'}</td>
          ${admin ? `<td><button type="button" class="edit" data-id="${esc(s.id)}">edit</button> <button type="button" class="decommission" data-id="${esc(s.id)}">decommission</button></td>` : ''}</tr>`).join('') || `<tr><td colspan="7" class="quiet">no sensors</td></tr>`}
        </tbody></table></section>`;
    }).join('');
  };
  await load();
  const zoneOptions = zones.map(z => `<option value="${esc(z.id)}">${esc(z.id)}</option>`).join('');
  $('#f-zone').insertAdjacentHTML('beforeend', zoneOptions);
  if (admin) $('#s-zone').innerHTML = zoneOptions;
  draw();
  for (const id of ['#f-text', '#f-zone', '#f-kind', '#f-health']) $(id).addEventListener('input', draw);

  if (admin) {
    const form = $('#sensor-form');
    const edit = id => {
      const s = sensors.find(x => x.id === id);
      if (!s) return;
      form.id.value = s.id; form.kind.value = s.kind; form.zone.value = s.zone;
      const config = Object.fromEntries(Object.entries(s.config ?? {}).filter(([, v]) => v != null));
      // The API lists points as {x, y}; registration takes [x, y].
      if (config.danger_zones) config.danger_zones = config.danger_zones.map(poly => poly.map(p => Array.isArray(p) ? p : [p.x, p.y]));
      form.config.value = JSON.stringify(config, null, 1);
      showCamera();
    };
    $('#zones').addEventListener('click', async e => {
      const id = e.target.dataset.id;
      if (e.target.classList.contains('edit')) edit(id);
      if (e.target.classList.contains('decommission') && confirm(`Decommission ${id}?`)) {
        try { await api(`/api/sensors/${encodeURIComponent(id)}`, { method: 'DELETE' }); await load(); draw(); }
        catch (err) { alert(err.message); }
      }
    });
    form.addEventListener('submit', async e => {
      e.preventDefault();
      $('#s-error').textContent = '';
      $('#s-error').classList.remove('ok');
      let config;
      try { config = JSON.parse(form.config.value || '{}'); } catch (err) { $('#s-error').textContent = `config is not JSON: ${err.message}`; return; }
      try {
        await api('/api/sensors', { method: 'POST', body: { id: form.id.value, kind: form.kind.value, zone: form.zone.value, config } });
        await load(); draw();
        $('#s-error').textContent = `saved ${form.id.value}`;
        $('#s-error').classList.add('ok');
      } catch (err) { $('#s-error').textContent = err.message; }
    });
    form.kind.addEventListener('change', showCamera);
    form.config.addEventListener('change', showCamera);

    // Danger zones: drawn over the camera's latest frame when the node has one, else on a blank frame.
    let points = [];
    function showCamera() {
      const box = $('#camera-canvas');
      if (form.kind.value !== 'camera') { box.innerHTML = ''; return; }
      let config = {};
      try { config = JSON.parse(form.config.value || '{}'); } catch { /* shown on save */ }
      const zonesPx = config.danger_zones ?? [];
      const w = Math.max(FRAME_W, ...zonesPx.flat().map(p => p[0] + 1)), h = Math.max(FRAME_H, ...zonesPx.flat().map(p => p[1] + 1));
      box.innerHTML = `<p>Danger zones of <b>${esc(form.id.value || 'new camera')}</b>: click to add corners, then <button type="button" id="close-poly">add polygon</button> <button type="button" id="clear-poly">clear all</button></p>
        <canvas id="cam" width="${w}" height="${h}"></canvas>`;
      const canvas = box.querySelector('#cam'), ctx = canvas.getContext('2d');
      const frame = new Image();
      const paint = () => {
        ctx.fillStyle = '#20242a'; ctx.fillRect(0, 0, w, h);
        if (frame.complete && frame.naturalWidth) ctx.drawImage(frame, 0, 0, w, h);
        else { ctx.fillStyle = '#8a93a0'; ctx.font = '40px sans-serif'; ctx.fillText(`no frame yet — ${w}×${h}`, 40, 70); }
        ctx.lineWidth = 6;
        for (const poly of zonesPx) {
          ctx.beginPath(); poly.forEach(([x, y], i) => i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)); ctx.closePath();
          ctx.fillStyle = 'rgba(230,60,40,.3)'; ctx.fill(); ctx.strokeStyle = '#e63c28'; ctx.stroke();
        }
        ctx.strokeStyle = '#f5c400'; ctx.beginPath(); points.forEach(([x, y], i) => i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)); ctx.stroke();
        for (const [x, y] of points) { ctx.fillStyle = '#f5c400'; ctx.fillRect(x - 8, y - 8, 16, 16); }
      };
      frame.onload = paint; frame.onerror = paint;
      if (form.id.value) frame.src = `/api/sensors/${encodeURIComponent(form.id.value)}/frame`;
      paint();
      canvas.addEventListener('click', e => {
        const r = canvas.getBoundingClientRect();
        points.push([Math.round((e.clientX - r.left) * w / r.width), Math.round((e.clientY - r.top) * h / r.height)]);
        paint();
      });
      box.querySelector('#close-poly').addEventListener('click', () => {
        if (points.length < 3) return;
        config.danger_zones = [...zonesPx, points]; points = [];
        form.config.value = JSON.stringify(config, null, 1); showCamera();
      });
      box.querySelector('#clear-poly').addEventListener('click', () => {
        delete config.danger_zones; points = [];
        form.config.value = JSON.stringify(config, null, 1); showCamera();
      });
    }
    if (selected) edit(selected);
  }
  const poll = setInterval(async () => { try { await load(); draw(); } catch { /* next time */ } }, 2000);
  return () => clearInterval(poll);
}
