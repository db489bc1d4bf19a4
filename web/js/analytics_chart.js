/* What the analytics pages share: Chart.js loaded once from /vendor/ (npm's chart.js, served by
 * `guanxi serve`), a chart box that keeps its canvas at a fixed height and the page's width, the
 * "model and parameters" note every analysis page carries with its link to docs/models.md, and
 * number formats. Values from the API reach the page only as text (dom.js) or as chart data. */
import {h} from './dom.js';
import {t} from './i18n.js';

let loading = null;

/* window.Chart, loading /vendor/chart.umd.min.js the first time. */
export function loadChart() {
	if (window.Chart)
		return Promise.resolve(window.Chart);
	if (!loading) {
		loading = new Promise((resolve, reject) => {
			const s = document.createElement('script');
			s.src = '/vendor/chart.umd.min.js';
			s.addEventListener('load', () => resolve(window.Chart));
			s.addEventListener('error', () => {
				loading = null;
				reject(new Error(t('analytics.chart_missing')));
			});
			document.head.append(s);
		});
	}
	return loading;
}

export const COLORS = ['#2f6fd6', '#e0772b', '#2a9d5b', '#c0392b', '#8e5cc2', '#1b9aaa', '#b08d18', '#d2559b',
	'#5b6770', '#7aa33a', '#a0522d'];
export const CLASS_COLORS = {A: '#2a9d5b', B: '#e0b12b', C: '#c9ced4'};

/* A canvas in a box of the given height; the chart is drawn by draw(Chart, canvas). */
export async function chartBox(parent, height, cls, draw) {
	const canvas = h('canvas', {role: 'img'});
	const box = h(`div.chart-box${cls ? '.' + cls : ''}`, {}, canvas);
	box.style.height = `${height}px`;
	parent.append(box);
	const Chart = await loadChart();
	Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
	Chart.defaults.animation = false;
	return draw(Chart, canvas);
}

/* "Model: … · parameters … · as of …" and the link to the model's section in docs/models.md. */
export function modelNote(model, params, asOf) {
	const parts = Object.entries(params || {}).filter(([, v]) => v !== null && v !== undefined && v !== '')
		.map(([k, v]) => `${k} = ${v}`);
	return h('p.model-note', {},
		h('strong', {}, t('analytics.model')), ' ', model,
		parts.length ? h('span', {}, ' · ', t('analytics.params'), ' ', parts.join(', ')) : null,
		asOf ? h('span', {}, ' · ', t('analytics.as_of', {date: asOf})) : null,
		' · ', h('a', {href: '/docs/models.md', target: '_blank', rel: 'noopener'}, t('analytics.docs_link')));
}

export function pct(x, digits = 1) {
	return x === null || x === undefined || Number.isNaN(x) ? '–' : (x * 100).toFixed(digits) + '%';
}

export function fixed(x, digits = 2) {
	return x === null || x === undefined || Number.isNaN(x) ? '–' : Number(x).toFixed(digits);
}

export function yuan(x) {
	return x === null || x === undefined ? '–' : '¥' + Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/* An empty state: the message and, when given, what to do about it. */
export function empty(msg, hint) {
	return h('div.empty', {}, h('p', {}, msg), hint ? h('p.muted', {}, hint) : null);
}

/* Lines drawn under the datasets (Chart.js inline plugin): vertical and horizontal reference
 * lines at data values, e.g. the quadrant split lines. */
export function refLines({x = [], y = [], color = '#8893a0'} = {}) {
	return {
		id: 'guanxiRefLines',
		beforeDatasetsDraw(chart) {
			const {ctx, chartArea: a, scales} = chart;
			ctx.save();
			ctx.strokeStyle = color;
			ctx.setLineDash([5, 4]);
			for (const v of x) {
				const px = scales.x.getPixelForValue(v);
				ctx.beginPath();
				ctx.moveTo(px, a.top);
				ctx.lineTo(px, a.bottom);
				ctx.stroke();
			}
			for (const v of y) {
				const py = scales.y.getPixelForValue(v);
				ctx.beginPath();
				ctx.moveTo(a.left, py);
				ctx.lineTo(a.right, py);
				ctx.stroke();
			}
			ctx.restore();
		},
	};
}

/* Shaded x ranges under the datasets: [{from, to, color, label}]. */
export function xBands(bands) {
	return {
		id: 'guanxiBands',
		beforeDatasetsDraw(chart) {
			const {ctx, chartArea: a, scales} = chart;
			ctx.save();
			for (const b of bands) {
				const x0 = scales.x.getPixelForValue(b.from), x1 = scales.x.getPixelForValue(b.to);
				ctx.fillStyle = b.color;
				ctx.fillRect(x0, a.top, x1 - x0, a.bottom - a.top);
				if (b.label && x1 - x0 > 14) {
					ctx.fillStyle = '#333';
					ctx.font = 'bold 13px sans-serif';
					ctx.fillText(b.label, x0 + 4, a.top + 16);
				}
			}
			ctx.restore();
		},
	};
}
