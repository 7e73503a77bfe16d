// Small SVG charts written for the console: horizontal bars and a 24-hour column chart.
import { esc } from './api.js';

export function barChart(entries, { unit = '', color = '#3a7bd5', id = '' } = {}) {
  if (!entries.length) return '<p class="quiet">nothing in this period</p>';
  const max = Math.max(...entries.map(([, v]) => v), 1);
  const row = 26, labelW = 170, barW = 320, h = entries.length * row + 4;
  return `<svg class="chart bar" ${id ? `id="${esc(id)}"` : ''} viewBox="0 0 ${labelW + barW + 70} ${h}" role="img">
    ${entries.map(([k, v], i) => `
      <g transform="translate(0 ${i * row + 2})" data-key="${esc(k)}" data-value="${v}">
        <text x="${labelW - 8}" y="17" text-anchor="end">${esc(k)}</text>
        <rect x="${labelW}" y="3" height="18" width="${Math.max(2, (v / max) * barW)}" fill="${color}" rx="2"><title>${esc(k)}: ${v}${unit}</title></rect>
        <text x="${labelW + Math.max(2, (v / max) * barW) + 6}" y="17">${v}${unit}</text>
      </g>`).join('')}
  </svg>`;
}

export function hourChart(counts, { id = '' } = {}) {
  const max = Math.max(...counts, 1), colW = 22, h = 150, top = 10;
  return `<svg class="chart hours" ${id ? `id="${esc(id)}"` : ''} viewBox="0 0 ${24 * colW + 30} ${h + 40}" role="img">
    <line x1="24" y1="${h + top}" x2="${24 * colW + 28}" y2="${h + top}" stroke="#889" />
    ${counts.map((n, i) => {
      const bh = (n / max) * h;
      return `<g data-hour="${i}" data-value="${n}"><rect x="${28 + i * colW}" y="${top + h - bh}" width="${colW - 4}" height="${bh}" fill="#d5703a" rx="2"><title>${String(i).padStart(2, '0')}:00 — ${n}</title></rect>
        ${n ? `<text x="${28 + i * colW + (colW - 4) / 2}" y="${top + h - bh - 3}" text-anchor="middle" class="small">${n}</text>` : ''}
        ${i % 3 === 0 ? `<text x="${28 + i * colW + (colW - 4) / 2}" y="${h + top + 16}" text-anchor="middle" class="small">${String(i).padStart(2, '0')}</text>` : ''}</g>`;
    }).join('')}
  </svg>`;
}
