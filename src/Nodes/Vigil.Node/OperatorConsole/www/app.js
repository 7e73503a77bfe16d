// The console shell: sign-in, the hash router, and the live connection.
import { api, ApiError } from './api.js';
import { connect, disconnect } from './live.js';
import { renderWall } from './wall.js';
import { renderAlarm } from './alarm.js';
import { renderPlant } from './plant.js';
import { renderTrends } from './trends.js';
import { renderAdmin } from './admin.js';

const view = document.getElementById('view');
export const session = { me: null };
let cleanup = null;

async function route() {
  if (cleanup) { cleanup(); cleanup = null; }
  if (!session.me) {
    try { session.me = await api('/api/me'); } catch (e) { if (!(e instanceof ApiError) || e.status !== 401) throw e; }
  }
  if (!session.me) return showLogin();
  document.getElementById('top').hidden = false;
  document.getElementById('me').textContent = `${session.me.name} · ${session.me.role}`;
  document.body.dataset.role = session.me.role;
  document.getElementById('nav-admin').hidden = session.me.role !== 'admin';
  connect(up => document.getElementById('live').classList.toggle('up', up));
  const [, page, arg] = (location.hash || '#/wall').split('/');
  for (const a of document.querySelectorAll('nav a')) a.classList.toggle('here', a.id === `nav-${page === 'alarm' ? 'wall' : page}`);
  view.innerHTML = '';
  const pages = { wall: renderWall, alarm: renderAlarm, plant: renderPlant, trends: renderTrends, admin: renderAdmin };
  cleanup = await (pages[page] ?? renderWall)(view, decodeURIComponent(arg ?? ''), session.me);
}

function showLogin() {
  document.getElementById('top').hidden = true;
  view.innerHTML = '';
  view.append(document.getElementById('login-template').content.cloneNode(true));
  document.getElementById('login').addEventListener('submit', async e => {
    e.preventDefault();
    const f = new FormData(e.target);
    try {
      session.me = await api('/auth/login', { method: 'POST', body: { name: f.get('name'), password: f.get('password') } });
      if (!location.hash || location.hash === '#/login') location.hash = '#/wall'; else route();
    } catch (err) {
      document.getElementById('login-error').textContent = err.message;
    }
  });
}

document.getElementById('signout').addEventListener('click', async () => {
  await api('/auth/logout', { method: 'POST' }).catch(() => {});
  session.me = null;
  disconnect();
  location.hash = '#/login';
  route();
});

window.addEventListener('hashchange', route);
route();
