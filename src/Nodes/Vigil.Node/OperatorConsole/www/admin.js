// Admin: users, API keys (shown once when created) and the patrol roster.
import { api, esc, time } from './api.js';

export async function renderAdmin(view, _arg, me) {
  if (me.role !== 'admin') { view.innerHTML = '<p class="quiet">Only admins manage users, keys and patrols.</p>'; return; }
  view.innerHTML = `
    <section class="card"><h2>Users</h2><table id="users"></table>
      <form id="user-form" class="filters"><input name="name" placeholder="name" required>
        <select name="role"><option>viewer</option><option>operator</option><option>admin</option></select>
        <input name="password" type="password" placeholder="password (8+)" required minlength="8"><button>Save user</button></form></section>
    <section class="card"><h2>API keys</h2><table id="keys"></table>
      <form id="key-form" class="filters"><input name="name" placeholder="name, e.g. gate-radar-gw" required>
        <select name="role"><option>device</option><option>viewer</option><option>operator</option><option>admin</option></select><button>Create key</button></form>
      <p id="new-key" class="new-key"></p></section>
    <section class="card"><h2>Patrol roster</h2><table id="patrols"></table>
      <form id="patrol-form" class="filters"><input name="name" placeholder="patrol name" required><input name="members" placeholder="members"><button>Save patrol</button></form></section>
    <p class="error" id="admin-error"></p>`;
  const $ = s => view.querySelector(s);
  const fail = e => { $('#admin-error').textContent = e.message; };
  const load = async () => {
    const [users, keys, patrols] = await Promise.all([api('/api/users'), api('/api/keys'), api('/api/patrols')]);
    $('#users').innerHTML = users.map(u => `<tr><td>${esc(u.name)}</td><td>${esc(u.role)}</td><td>${time(u.created_at)}</td>
      <td>${u.name === me.name ? '' : `<button type="button" data-del-user="${esc(u.name)}">delete</button>`}</td></tr>`).join('');
    $('#keys').innerHTML = keys.map(k => `<tr data-key="${esc(k.id)}"><td><code>${esc(k.id)}…</code></td><td>${esc(k.name)}</td><td>${esc(k.role)}</td><td>${time(k.created_at)}</td>
      <td><button type="button" data-del-key="${esc(k.id)}">revoke</button></td></tr>`).join('');
    $('#patrols').innerHTML = patrols.map(p => `<tr data-patrol="${esc(p.name)}"><td>${esc(p.name)}</td><td>${esc(p.members)}</td>
      <td><button type="button" data-del-patrol="${esc(p.name)}">remove</button></td></tr>`).join('') || '<tr><td class="quiet">no patrols yet</td></tr>';
  };
  const form = (id, submit) => $(id).addEventListener('submit', async e => {
    e.preventDefault();
    $('#admin-error').textContent = '';
    try { await submit(Object.fromEntries(new FormData(e.target))); e.target.reset(); await load(); } catch (err) { fail(err); }
  });
  form('#user-form', b => api('/api/users', { method: 'POST', body: b }));
  form('#patrol-form', b => api('/api/patrols', { method: 'POST', body: b }));
  form('#key-form', async b => {
    const k = await api('/api/keys', { method: 'POST', body: b });
    $('#new-key').innerHTML = `Key for <b>${esc(k.name)}</b> (${esc(k.role)}) — copy it now, it is not shown again: <code id="new-key-value">${esc(k.key)}</code>`;
  });
  view.addEventListener('click', async e => {
    const d = e.target.dataset;
    try {
      if (d.delUser && confirm(`Delete user ${d.delUser}?`)) await api(`/api/users/${encodeURIComponent(d.delUser)}`, { method: 'DELETE' });
      else if (d.delKey && confirm(`Revoke key ${d.delKey}?`)) await api(`/api/keys/${encodeURIComponent(d.delKey)}`, { method: 'DELETE' });
      else if (d.delPatrol) await api(`/api/patrols/${encodeURIComponent(d.delPatrol)}`, { method: 'DELETE' });
      else return;
      await load();
    } catch (err) { fail(err); }
  });
  await load();
}
