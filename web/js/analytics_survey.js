/* The survey analytics pages, from a wave's results (GET /survey-waves/{id}/results, computed by
 * the models of MODELS.md §1): the satisfaction index with the importance–performance quadrant
 * chart (M3, M4), the Kano Better/Worse scatter (M5), the SERVQUAL gap bars (M6), the PLS path
 * diagram with its coefficients (M7, SVG) and the satisfaction × loyalty zones (M11). Each page
 * offers the waves that have its part and shows the latest by default. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {svg} from './svg.js';
import {chartBox, modelNote, fixed, empty, refLines, COLORS} from './analytics_chart.js';

/* Results of the waves with responses (newest first) whose results pass has(). */
async function wavesWith(has) {
	const out = [];
	const surveys = await api('GET', '/surveys');
	for (const sv of surveys.items.filter((x) => x.responses > 0).slice(0, 20)) {
		const waves = await api('GET', `/surveys/${sv.id}/waves`);
		for (const w of waves.items.filter((x) => x.responses > 0)) {
			const r = await api('GET', `/survey-waves/${w.id}/results`);
			if (has(r))
				out.push(r);
		}
	}
	out.sort((a, b) => (b.wave.closes_on || '').localeCompare(a.wave.closes_on || '') || b.wave.id - a.wave.id);
	return out;
}

/* The chosen wave's results, with a select to switch waves; null (and an empty state) if none. */
async function pickWave(body, params, has, noneKey) {
	const list = await wavesWith(has);
	if (!list.length) {
		body.append(empty(t(noneKey), t('analytics.survey.none_hint')));
		return null;
	}
	const want = Number(params.get('wave'));
	const r = list.find((x) => x.wave.id === want) || list[0];
	const sel = h('select', {name: 'wave'}, list.map((x) => h('option', {value: String(x.wave.id), selected: x === r},
		`${x.survey.title} · ${x.wave.code} (${x.wave.closes_on || x.wave.opens_on || ''}, n = ${x.responses})`)));
	sel.addEventListener('change', () => {
		const p = new URLSearchParams(params);
		p.set('wave', sel.value);
		location.hash = location.hash.split('?')[0] + '?' + p.toString();
	});
	body.append(h('div.analytics-controls', {}, h('label.analytics-control', {}, h('span', {}, t('analytics.survey.wave')), sel)));
	return r;
}

function waveNote(r) {
	return `${r.survey.code} / ${r.wave.code}`;
}

/* --- satisfaction index and importance–performance quadrants --- */
const QUADRANT_COLORS = {strength: '#2a9d5b', urgent: '#c0392b', nice_to_have: '#2f6fd6', low_priority: '#8893a0'};

export async function satisfaction(body, params) {
	const r = await pickWave(body, params, (x) => x.index && x.attributes.length, 'analytics.satisfaction.none');
	if (!r)
		return;
	const ix = r.index;
	body.append(modelNote(t('analytics.satisfaction.model'), {[t('analytics.survey.wave')]: waveNote(r),
		[t('analytics.satisfaction.scale')]: `${ix.scale_min}–${ix.scale_max}`, [t('analytics.satisfaction.split')]: t('analytics.satisfaction.split_means'),
		n: ix.respondents}, r.wave.closes_on));
	body.append(h('div.kpi-grid', {},
		h('div.card.kpi', {}, h('h2', {}, t('analytics.satisfaction.index')), h('span.kpi-value', {}, fixed(ix.value_100, 1)),
			h('span.kpi-label', {}, t('analytics.satisfaction.index_raw', {v: fixed(ix.value), level: ix.level_label || ''})))));
	const groups = {};
	for (const a of r.attributes)
		(groups[a.quadrant] = groups[a.quadrant] || []).push(a);
	await chartBox(body, 380, 'ipa', (Chart, canvas) => new Chart(canvas, {
		type: 'scatter',
		data: {datasets: Object.entries(groups).map(([q, list]) => ({
			label: list[0].type, backgroundColor: QUADRANT_COLORS[q] || COLORS[0], pointRadius: 6,
			data: list.map((a) => ({x: a.importance, y: a.satisfaction, text: a.text})),
		}))},
		options: {
			maintainAspectRatio: false,
			scales: {x: {title: {display: true, text: t('analytics.satisfaction.importance')}},
				y: {title: {display: true, text: t('analytics.satisfaction.performance')}}},
			plugins: {tooltip: {callbacks: {label: (c) => `${c.raw.text}: ${fixed(c.raw.x)}, ${fixed(c.raw.y)}`}}},
		},
		plugins: [refLines({x: [ix.split_importance], y: [ix.split_satisfaction]})],
	}));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.satisfaction.attribute')), h('th.num', {}, t('analytics.satisfaction.importance')),
			h('th.num', {}, t('analytics.satisfaction.performance')), h('th', {}, t('analytics.satisfaction.quadrant')))),
		h('tbody', {}, r.attributes.map((a) => h('tr', {}, h('td', {}, a.text), h('td.num', {}, fixed(a.importance)),
			h('td.num', {}, fixed(a.satisfaction)), h('td', {}, `${a.type} · ${a.zone}`)))))));
}

/* --- Kano --- */
const KANO_COLORS = {A: '#2a9d5b', O: '#2f6fd6', M: '#c0392b', I: '#8893a0', R: '#8e5cc2', Q: '#b08d18'};

export async function kano(body, params) {
	const r = await pickWave(body, params, (x) => x.kano && x.kano.some((k) => k.n > 0), 'analytics.kano.none');
	if (!r)
		return;
	const feats = r.kano.filter((k) => k.n > 0);
	body.append(modelNote(t('analytics.kano.model'), {[t('analytics.survey.wave')]: waveNote(r),
		[t('analytics.kano.ties')]: 'M > O > A > I > R > Q'}, r.wave.closes_on));
	const groups = {};
	for (const k of feats)
		(groups[k.category] = groups[k.category] || []).push(k);
	await chartBox(body, 380, 'kano', (Chart, canvas) => new Chart(canvas, {
		type: 'scatter',
		data: {datasets: Object.entries(groups).map(([c, list]) => ({
			label: list[0].label || c, backgroundColor: KANO_COLORS[c] || COLORS[0], pointRadius: 7, clip: 10,
			data: list.map((k) => ({x: Math.abs(k.worse), y: k.better, text: k.text})),
		}))},
		options: {
			maintainAspectRatio: false,
			scales: {x: {min: 0, max: 1, title: {display: true, text: t('analytics.kano.worse')}},
				y: {min: 0, max: 1, title: {display: true, text: t('analytics.kano.better')}}},
			plugins: {tooltip: {callbacks: {label: (c) => `${c.raw.text}: Better ${fixed(c.raw.y)}, |Worse| ${fixed(c.raw.x)}`}}},
		},
		plugins: [refLines({x: [0.5], y: [0.5]})],
	}));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.kano.feature')), ...['A', 'O', 'M', 'I', 'R', 'Q'].map((c) => h('th.num', {}, c)),
			h('th', {}, t('analytics.kano.category')), h('th.num', {}, 'Better'), h('th.num', {}, 'Worse'))),
		h('tbody', {}, feats.map((k) => h('tr', {}, h('td', {}, k.text), ...['A', 'O', 'M', 'I', 'R', 'Q'].map((c) => h('td.num', {}, String(k.counts[c] ?? 0))),
			h('td', {}, k.label || k.category), h('td.num', {}, fixed(k.better)), h('td.num', {}, fixed(k.worse))))))));
}

/* --- SERVQUAL --- */
export async function servqual(body, params) {
	const r = await pickWave(body, params, (x) => x.servqual && x.servqual.dimensions, 'analytics.servqual.none');
	if (!r)
		return;
	const sq = r.servqual;
	body.append(modelNote(t('analytics.servqual.model'), {[t('analytics.survey.wave')]: waveNote(r),
		[t('analytics.servqual.reversed')]: '10–13, 18–22', n: sq.respondents}, r.wave.closes_on));
	await chartBox(body, 320, 'servqual', (Chart, canvas) => new Chart(canvas, {
		type: 'bar',
		data: {labels: sq.dimensions.map((d) => d.label), datasets: [{label: t('analytics.servqual.gap'),
			backgroundColor: sq.dimensions.map((d) => (d.gap < 0 ? '#c0392b' : '#2a9d5b')), data: sq.dimensions.map((d) => d.gap)}]},
		options: {maintainAspectRatio: false, plugins: {legend: {display: false}},
			scales: {y: {title: {display: true, text: t('analytics.servqual.gap')}}}},
	}));
	body.append(h('p.analytics-figures', {}, t('analytics.servqual.overall', {g: fixed(sq.overall)})));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.servqual.item')), h('th.num', {}, t('analytics.servqual.e')),
			h('th.num', {}, t('analytics.servqual.p')), h('th.num', {}, t('analytics.servqual.gap')))),
		h('tbody', {}, sq.items.map((i) => h('tr', {}, h('td', {}, String(i.item)), h('td.num', {}, fixed(i.expectation)),
			h('td.num', {}, fixed(i.perception)), h('td.num', {}, fixed(i.gap))))))));
}

/* --- PLS path diagram --- */
/* Where the ECSI model's latent variables sit (columns left to right); others go in a column
 * of their own. */
const LAYOUT = {IMAG: [0, 1], EXPE: [1, 0], QUAL: [1, 2], VAL: [2, 2], SAT: [3, 1], COMP: [4, 2], LOY: [4, 0]};

export async function pls(body, params) {
	const r = await pickWave(body, params, (x) => x.pls && x.pls.paths, 'analytics.pls.none');
	if (!r)
		return;
	const p = r.pls;
	body.append(modelNote(t('analytics.pls.model'), {[t('analytics.survey.wave')]: waveNote(r), mode: 'A',
		[t('analytics.pls.scheme')]: 'centroid', n: p.observations}, r.wave.closes_on));
	const W = 190, H = 120, bw = 100, bh = 54;
	const pos = {};
	let extra = 0;
	for (const l of p.latent) {
		const k = l.lv.toUpperCase().slice(0, 4);
		const at = LAYOUT[k] || LAYOUT[l.lv.toUpperCase()] || [5, extra++];
		pos[l.lv] = {x: 10 + at[0] * W, y: 10 + at[1] * H};
	}
	const maxX = Math.max(...Object.values(pos).map((q) => q.x)) + bw + 20;
	const maxY = Math.max(...Object.values(pos).map((q) => q.y)) + bh + 20;
	const g = svg('svg', {viewBox: `0 0 ${maxX} ${maxY}`, class: 'svg-chart pls-diagram', role: 'img', 'aria-label': t('analytics.pls.title')});
	g.append(svg('defs', {}, svg('marker', {id: 'pls-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse'},
		svg('path', {d: 'M 0 0 L 10 5 L 0 10 z', fill: '#555'}))));
	for (const e of p.paths) {
		const a = pos[e.from], b = pos[e.to];
		if (!a || !b)
			continue;
		const ax = a.x + bw / 2, ay = a.y + bh / 2, bx = b.x + bw / 2, by = b.y + bh / 2;
		/* clip the line at the boxes' borders */
		const clip = (cx, cy, dx, dy) => {
			const s = Math.min(Math.abs((bw / 2) / (dx || 1e-9)), Math.abs((bh / 2) / (dy || 1e-9)));
			return [cx + dx * s, cy + dy * s];
		};
		const [x1, y1] = clip(ax, ay, bx - ax, by - ay), [x2, y2] = clip(bx, by, ax - bx, ay - by);
		g.append(svg('line', {x1, y1, x2, y2, class: 'path' + (e.coef < 0 ? ' neg' : ''), 'marker-end': 'url(#pls-arrow)',
			'stroke-width': 1 + 4 * Math.min(1, Math.abs(e.coef ?? 0))}));
		/* the label at 45% of the way, so lines sharing an end do not stack their labels */
		g.append(svg('text', {x: x1 + 0.45 * (x2 - x1), y: y1 + 0.45 * (y2 - y1) - 4, 'text-anchor': 'middle', class: 'coef'},
			fixed(e.coef, 3)));
	}
	for (const l of p.latent) {
		const q = pos[l.lv];
		g.append(svg('rect', {x: q.x, y: q.y, width: bw, height: bh, rx: 27, class: 'lv'}),
			svg('text', {x: q.x + bw / 2, y: q.y + 22, 'text-anchor': 'middle', class: 'lv-name'}, l.lv.toUpperCase()),
			svg('text', {x: q.x + bw / 2, y: q.y + 40, 'text-anchor': 'middle', class: 'small'},
				l.r2 !== null && l.r2 !== undefined && l.r2 > 0 ? `R² ${fixed(l.r2, 3)}` : `${t('analytics.pls.index')} ${fixed(l.index_100, 1)}`));
	}
	body.append(h('div.svg-box', {}, g));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.pls.path')), h('th.num', {}, t('analytics.pls.coef')), h('th.num', {}, t('analytics.pls.se')))),
		h('tbody', {}, p.paths.map((e) => h('tr', {}, h('td', {}, `${e.from.toUpperCase()} → ${e.to.toUpperCase()}`),
			h('td.num', {}, fixed(e.coef, 3)), h('td.num', {}, fixed(e.se, 3))))))));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.pls.lv')), h('th.num', {}, 'R²'), h('th.num', {}, t('analytics.pls.index')))),
		h('tbody', {}, p.latent.map((l) => h('tr', {}, h('td', {}, l.lv), h('td.num', {}, fixed(l.r2, 3)), h('td.num', {}, fixed(l.index_100, 1))))))));
}

/* --- satisfaction × loyalty (M11) --- */
const ZONE_COLORS = {apostle: '#1e8449', loyalist: '#52be80', mercenary: '#e0b12b', hostage: '#2f6fd6',
	defector: '#e67e22', terrorist: '#c0392b'};

/* The six zones as shaded areas behind the bubbles: the four quadrants split at the midpoint and
 * the apostle and terrorist corners. */
function zones(p) {
	const rects = [
		['mercenary', p.midpoint, 5, 1, p.midpoint], ['loyalist', p.midpoint, 5, p.midpoint, 5],
		['defector', 1, p.midpoint, 1, p.midpoint], ['hostage', 1, p.midpoint, p.midpoint, 5],
		['apostle', p.apostle, 5, p.apostle, 5], ['terrorist', 1, p.terrorist, 1, p.terrorist],
	];
	return {
		id: 'guanxiZones',
		beforeDatasetsDraw(chart) {
			const {ctx, scales: {x, y}} = chart;
			ctx.save();
			for (const [z, x0, x1, y0, y1] of rects) {
				ctx.fillStyle = ZONE_COLORS[z] + '22';
				const px0 = x.getPixelForValue(x0), px1 = x.getPixelForValue(x1);
				const py0 = y.getPixelForValue(y1), py1 = y.getPixelForValue(y0);
				ctx.fillRect(px0, py0, px1 - px0, py1 - py0);
			}
			ctx.restore();
		},
	};
}

export async function satloy(body) {
	const r = await api('GET', '/analytics/satisfaction-loyalty');
	body.append(modelNote(t('analytics.satloy.model'), {[t('analytics.satloy.sat')]: t('analytics.satloy.sat_v'),
		[t('analytics.satloy.loy')]: t('analytics.satloy.loy_v'), [t('analytics.satloy.lines')]:
		`${r.params.midpoint} / ≥ ${r.params.apostle} / ≤ ${r.params.terrorist}`}, r.as_of));
	if (!r.customers) {
		body.append(empty(t('analytics.satloy.none'), t('analytics.survey.none_hint')));
		return;
	}
	const max = Math.max(...r.cells.map((c) => c.customers));
	await chartBox(body, 400, 'satloy', (Chart, canvas) => new Chart(canvas, {
		type: 'bubble',
		data: {datasets: [{label: t('analytics.customers'), backgroundColor: 'rgba(47, 111, 214, 0.6)',
			data: r.cells.map((c) => ({x: c.satisfaction, y: c.loyalty, r: 3 + 12 * Math.sqrt(c.customers / max), n: c.customers}))}]},
		options: {
			maintainAspectRatio: false,
			scales: {x: {min: 1, max: 5, title: {display: true, text: t('analytics.satloy.sat')}},
				y: {min: 1, max: 5, title: {display: true, text: t('analytics.satloy.loy')}}},
			plugins: {legend: {display: false},
				tooltip: {callbacks: {label: (c) => `${fixed(c.raw.x)}, ${fixed(c.raw.y)}: ${c.raw.n}`}}},
		},
		plugins: [zones(r.params)],
	}));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.satloy.zone')), h('th.num', {}, t('analytics.customers')))),
		h('tbody', {}, r.zones.map((z) => h('tr', {}, h('td', {}, h('span.swatch', {dataset: {zone: z.zone}}), z.label),
			h('td.num', {}, String(z.customers))))))));
	for (const sw of body.querySelectorAll('.swatch'))
		sw.style.background = ZONE_COLORS[sw.dataset.zone];
	if (r.without_loyalty)
		body.append(h('p.muted', {}, t('analytics.satloy.without', {n: r.without_loyalty})));
}
