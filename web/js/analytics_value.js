/* The customer-base analytics pages: Pareto curve with ABC bands (M17, GET /analytics/pareto),
 * and from the latest `guanxi score` run (GET /analytics/scores) the RFM grid (M21), the CLV
 * distribution and the P(alive) heat map (M22), the lifecycle funnel (M13); and the retention
 * cohorts (GET /analytics/cohorts). Canvas charts by Chart.js, grids as SVG (svg.js). */
import {api} from './api.js';
import {h, formatFen} from './dom.js';
import {t} from './i18n.js';
import {svg} from './svg.js';
import {chartBox, modelNote, pct, fixed, yuan, empty, xBands, CLASS_COLORS, COLORS} from './analytics_chart.js';

/* Options of a select that reloads the page with the chosen value in the hash's query. */
function paramSelect(name, label, current, options, params) {
	const sel = h('select', {name}, options.map(([v, text]) => h('option', {value: v, selected: v === current}, text)));
	sel.addEventListener('change', () => {
		const p = new URLSearchParams(params);
		p.set(name, sel.value);
		location.hash = location.hash.split('?')[0] + '?' + p.toString();
	});
	return h('label.analytics-control', {}, h('span', {}, label), sel);
}

async function scores(body) {
	const s = await api('GET', '/analytics/scores');
	if (!s.run) {
		body.append(empty(t('analytics.no_scores'), t('analytics.no_scores_hint')));
		return null;
	}
	return s;
}

function fittedText(f) {
	return f ? Object.entries(f).filter(([k]) => k !== 'loglik' && k !== 'unit').map(([k, v]) => `${k} ${fixed(v, 4)}`).join(', ') : '';
}

/* --- Pareto / ABC --- */
export async function pareto(body, params) {
	const measure = params.get('measure') === 'profit' ? 'profit' : 'revenue';
	const win = ['12', '24', '36', 'all'].includes(params.get('window')) ? params.get('window') : '12';
	const p = await api('GET', '/analytics/pareto', {query: {measure, window: win}});
	body.append(h('div.analytics-controls', {},
		paramSelect('measure', t('analytics.pareto.measure'), measure,
			[['revenue', t('analytics.pareto.revenue')], ['profit', t('analytics.pareto.profit')]], params),
		paramSelect('window', t('analytics.pareto.window'), win,
			[['12', t('analytics.months', {n: 12})], ['24', t('analytics.months', {n: 24})],
				['36', t('analytics.months', {n: 36})], ['all', t('analytics.all_time')]], params)));
	body.append(modelNote(t('analytics.pareto.model'), {
		[t('analytics.pareto.measure')]: t(`analytics.pareto.${p.params.measure}`),
		[t('analytics.pareto.window')]: p.params.window === 'all' ? t('analytics.all_time') : t('analytics.months', {n: p.params.window_months}),
		A: '< ' + pct(p.params.a_share, 0), B: '< ' + pct(p.params.b_share, 0),
	}, p.as_of));
	if (!p.customers || !p.total_fen) {
		body.append(empty(t('analytics.no_orders')));
		return;
	}
	const cls = {};
	for (const c of p.classes)
		cls[c.class] = c;
	const aEnd = cls.A.customers_share * 100, bEnd = aEnd + cls.B.customers_share * 100;
	await chartBox(body, 340, 'pareto', (Chart, canvas) => new Chart(canvas, {
		type: 'line',
		data: {datasets: [{
			label: t('analytics.pareto.curve'), borderColor: COLORS[0], pointRadius: 0, borderWidth: 2,
			data: p.curve.map((q) => ({x: q.customers_share * 100, y: (q.value_share ?? 0) * 100})),
		}]},
		options: {
			maintainAspectRatio: false, parsing: false,
			scales: {x: {type: 'linear', min: 0, max: 100, title: {display: true, text: t('analytics.pareto.x')}},
				y: {min: 0, max: 100, title: {display: true, text: t('analytics.pareto.y')}}},
			plugins: {legend: {display: false}},
		},
		plugins: [xBands([{from: 0, to: aEnd, color: CLASS_COLORS.A + '40', label: 'A'},
			{from: aEnd, to: bEnd, color: CLASS_COLORS.B + '40', label: 'B'},
			{from: bEnd, to: 100, color: CLASS_COLORS.C + '50', label: 'C'}])],
	}));
	body.append(h('p.analytics-figures', {},
		t('analytics.pareto.top', {n: p.top_count, share: pct(p.top_share)}), ' · ',
		t('analytics.pareto.gini', {g: fixed(p.gini, 3)}), ' · ',
		t('analytics.pareto.total', {total: formatFen(p.total_fen), n: p.customers})));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.pareto.class')), h('th.num', {}, t('analytics.customers')),
			h('th.num', {}, t('analytics.share')), h('th.num', {}, t(`analytics.pareto.${p.params.measure}`)))),
		h('tbody', {}, p.classes.map((c) => h('tr', {}, h('td', {}, c.class), h('td.num', {}, String(c.customers)),
			h('td.num', {}, pct(c.customers_share)), h('td.num', {}, formatFen(c.value_fen))))))));
}

/* --- RFM grid --- */
const SEGMENT_COLORS = {
	champions: '#1e8449', loyal: '#52be80', potential_loyalist: '#a9dfbf', new: '#85c1e9', promising: '#aed6f1',
	need_attention: '#f9e79f', about_to_sleep: '#f5cba7', at_risk: '#f0b27a', cant_lose: '#e74c3c',
	hibernating: '#d5d8dc', lost: '#aab7b8',
};

export async function rfm(body) {
	const s = await scores(body);
	if (!s)
		return;
	body.append(modelNote(t('analytics.rfm.model'), {
		M: s.run.params.rfm_monetary || 'mean', [t('analytics.rfm.scores')]: t('analytics.rfm.quintiles'),
	}, s.run.as_of));
	const cell = 88, top = 30, left = 44;
	const g = svg('svg', {viewBox: `0 0 ${left + 5 * cell + 4} ${top + 5 * cell + 40}`, class: 'svg-chart rfm-grid',
		role: 'img', 'aria-label': t('analytics.rfm.title')});
	g.append(svg('text', {x: left + 2.5 * cell, y: top + 5 * cell + 34, 'text-anchor': 'middle', class: 'axis'}, t('analytics.rfm.fm_axis')));
	g.append(svg('text', {x: 12, y: top + 2.5 * cell, 'text-anchor': 'middle', class: 'axis',
		transform: `rotate(-90 12 ${top + 2.5 * cell})`}, t('analytics.rfm.r_axis')));
	for (let i = 1; i <= 5; i++) {
		g.append(svg('text', {x: left + (i - 0.5) * cell, y: top + 5 * cell + 16, 'text-anchor': 'middle'}, String(i)));
		g.append(svg('text', {x: left - 8, y: top + (5 - i + 0.5) * cell + 4, 'text-anchor': 'end'}, String(i)));
	}
	const seen = new Map();
	for (const c of s.rfm) {
		const x = left + (c.fm - 1) * cell, y = top + (5 - c.r) * cell;
		const rect = svg('rect', {x: x + 1, y: y + 1, width: cell - 2, height: cell - 2, rx: 4,
			fill: SEGMENT_COLORS[c.segment] || '#ddd', class: 'cell'});
		rect.append(svg('title', {}, `R ${c.r} · FM ${c.fm} · ${c.label || c.segment}: ${c.customers}`));
		g.append(rect, svg('text', {x: x + cell / 2, y: y + cell / 2 - 2, 'text-anchor': 'middle', class: 'count'}, String(c.customers)),
			svg('text', {x: x + cell / 2, y: y + cell / 2 + 16, 'text-anchor': 'middle', class: 'small'}, c.label || c.segment || ''));
		seen.set(c.segment, (seen.get(c.segment) || 0) + c.customers);
	}
	body.append(h('div.svg-box', {}, g));
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.rfm.segment')), h('th.num', {}, t('analytics.customers')))),
		h('tbody', {}, s.segments.filter((x) => x.key).map((x) => h('tr', {},
			h('td', {}, h('span.swatch', {dataset: {segment: x.key}}), x.label), h('td.num', {}, String(x.customers))))))));
	for (const sw of body.querySelectorAll('.swatch'))
		sw.style.background = SEGMENT_COLORS[sw.dataset.segment] || '#ddd';
}

/* --- CLV distribution --- */
export async function clv(body) {
	const s = await scores(body);
	if (!s)
		return;
	body.append(modelNote(t('analytics.clv.model'), {
		H: t('analytics.months', {n: s.run.params.horizon_months}), δ: pct(s.run.params.monthly_discount, 1),
		m: s.run.params.margin, 'BG/NBD': fittedText(s.run.fitted && s.run.fitted.bgnbd),
		'Gamma-Gamma': fittedText(s.run.fitted && s.run.fitted.gammagamma),
	}, s.run.as_of));
	if (!s.clv.bins.length) {
		body.append(empty(t('analytics.clv.none')));
		return;
	}
	const label = (b) => b.hi_yuan === null ? `≥ ${yuan(b.lo_yuan)}` : `${yuan(b.lo_yuan)}–${yuan(b.hi_yuan)}`;
	await chartBox(body, 320, 'clv', (Chart, canvas) => new Chart(canvas, {
		type: 'bar',
		data: {labels: s.clv.bins.map(label), datasets: [{label: t('analytics.customers'), backgroundColor: COLORS[0],
			data: s.clv.bins.map((b) => b.customers)}]},
		options: {maintainAspectRatio: false, plugins: {legend: {display: false}},
			scales: {x: {title: {display: true, text: t('analytics.clv.x')}}, y: {title: {display: true, text: t('analytics.customers')}}}},
	}));
	const n = s.clv.bins.reduce((a, b) => a + b.customers, 0);
	const total = s.clv.bins.reduce((a, b) => a + b.customers * (b.mean_yuan || 0), 0);
	body.append(h('p.analytics-figures', {}, t('analytics.clv.summary', {n, mean: yuan(n ? total / n : 0), total: yuan(total)})));
}

/* --- P(alive) heat map --- */
function aliveColor(p) {
	const hue = Math.round(120 * Math.max(0, Math.min(1, p)));   /* red 0 → green 1 */
	return `hsl(${hue}, 65%, ${70 - 15 * p}%)`;
}

function binLabels(edges, unit) {
	return edges.map((e, i) => (i + 1 < edges.length ? (edges[i + 1] - e === 1 ? `${e}` : `${e}–${edges[i + 1] - 1}`) : `≥ ${e}`) + unit);
}

export async function palive(body) {
	const s = await scores(body);
	if (!s)
		return;
	body.append(modelNote(t('analytics.palive.model'), {'BG/NBD': fittedText(s.run.fitted && s.run.fitted.bgnbd),
		[t('analytics.palive.unit')]: s.run.params.unit}, s.run.as_of));
	const cells = s.palive.cells;
	if (!cells.length) {
		body.append(empty(t('analytics.palive.none')));
		return;
	}
	const rl = binLabels(s.palive.recency_edges_days, t('analytics.palive.days'));
	const fl = binLabels(s.palive.frequency_edges, '');
	const cw = 70, ch = 48, left = 96, top = 10;
	const nr = rl.length, nf = fl.length;
	const g = svg('svg', {viewBox: `0 0 ${left + nf * cw + 4} ${top + nr * ch + 50}`, class: 'svg-chart palive-map',
		role: 'img', 'aria-label': t('analytics.palive.title')});
	rl.forEach((l, i) => g.append(svg('text', {x: left - 6, y: top + i * ch + ch / 2 + 4, 'text-anchor': 'end'}, l)));
	fl.forEach((l, j) => g.append(svg('text', {x: left + j * cw + cw / 2, y: top + nr * ch + 16, 'text-anchor': 'middle'}, l)));
	g.append(svg('text', {x: left + nf * cw / 2, y: top + nr * ch + 40, 'text-anchor': 'middle', class: 'axis'}, t('analytics.palive.f_axis')));
	for (const c of cells) {
		const x = left + c.frequency_bin * cw, y = top + c.recency_bin * ch;
		const rect = svg('rect', {x: x + 1, y: y + 1, width: cw - 2, height: ch - 2, rx: 3, fill: aliveColor(c.mean_p_alive ?? 0), class: 'cell'});
		rect.append(svg('title', {}, `${rl[c.recency_bin]} · ${fl[c.frequency_bin]}: P(alive) ${fixed(c.mean_p_alive)} (n = ${c.customers})`));
		g.append(rect, svg('text', {x: x + cw / 2, y: y + ch / 2, 'text-anchor': 'middle', class: 'count'}, fixed(c.mean_p_alive)),
			svg('text', {x: x + cw / 2, y: y + ch / 2 + 15, 'text-anchor': 'middle', class: 'small'}, `n=${c.customers}`));
	}
	body.append(h('p.muted', {}, t('analytics.palive.r_axis')), h('div.svg-box', {}, g));
}

/* --- lifecycle funnel --- */
const STAGES = ['prospect', 'development', 'growth', 'maturity', 'decline', 'termination'];

export async function lifecycle(body) {
	const s = await scores(body);
	if (!s)
		return;
	/* the thresholds the scoring run used (its params), not the defaults */
	const lp = (s.run.params && s.run.params.lifecycle) || {};
	const windows = t('analytics.lifecycle.windows_v', {days: lp.inactive_days ?? 365, months: lp.window_months ?? 12,
		pct: Math.round((lp.decline_ratio ?? 0.7) * 10000) / 100});
	body.append(modelNote(t('analytics.lifecycle.model'), {'P(alive)': 'BG/NBD', [t('analytics.lifecycle.windows')]: windows}, s.run.as_of));
	const by = new Map(s.lifecycle.filter((x) => x.key).map((x) => [x.key, x]));
	const keys = STAGES.filter((k) => by.has(k)).concat([...by.keys()].filter((k) => !STAGES.includes(k)));
	if (!keys.length) {
		body.append(empty(t('analytics.lifecycle.none')));
		return;
	}
	await chartBox(body, 60 + keys.length * 44, 'lifecycle', (Chart, canvas) => new Chart(canvas, {
		type: 'bar',
		data: {labels: keys.map((k) => by.get(k).label), datasets: [{label: t('analytics.customers'),
			backgroundColor: keys.map((k, i) => COLORS[i % COLORS.length]), data: keys.map((k) => by.get(k).customers)}]},
		options: {indexAxis: 'y', maintainAspectRatio: false, plugins: {legend: {display: false}},
			scales: {x: {title: {display: true, text: t('analytics.customers')}}}},
	}));
	const n = keys.reduce((a, k) => a + by.get(k).customers, 0);
	body.append(h('div.table-wrap', {}, h('table.data', {},
		h('thead', {}, h('tr', {}, h('th', {}, t('analytics.lifecycle.stage')), h('th.num', {}, t('analytics.customers')), h('th.num', {}, t('analytics.share')),
			h('th', {}, t('analytics.lifecycle.why')))),
		h('tbody', {}, keys.map((k) => h('tr', {dataset: {stage: k}}, h('td', {}, by.get(k).label), h('td.num', {}, String(by.get(k).customers)),
			h('td.num', {}, pct(by.get(k).customers / n)), h('td.lifecycle-why', {}, by.get(k).explain || '')))))));
}

/* --- retention cohorts --- */
export async function cohorts(body, params) {
	const months = ['6', '12', '24'].includes(params.get('months')) ? params.get('months') : '12';
	const c = await api('GET', '/analytics/cohorts', {query: {months}});
	body.append(h('div.analytics-controls', {}, paramSelect('months', t('analytics.cohorts.months'), months,
		[['6', t('analytics.months', {n: 6})], ['12', t('analytics.months', {n: 12})], ['24', t('analytics.months', {n: 24})]], params)));
	body.append(modelNote(t('analytics.cohorts.model'), {[t('analytics.cohorts.months')]: c.months, from: c.from}, c.as_of));
	if (!c.cohorts.length) {
		body.append(empty(t('analytics.no_orders')));
		return;
	}
	const width = Math.max(...c.cohorts.map((x) => x.active.length));
	const cw = 46, ch = 28, left = 110, top = 26;
	const g = svg('svg', {viewBox: `0 0 ${left + width * cw + 4} ${top + c.cohorts.length * ch + 30}`, class: 'svg-chart cohort-map',
		role: 'img', 'aria-label': t('analytics.cohorts.title')});
	for (let j = 0; j < width; j++)
		g.append(svg('text', {x: left + j * cw + cw / 2, y: top - 8, 'text-anchor': 'middle'}, `+${j}`));
	c.cohorts.forEach((co, i) => {
		const y = top + i * ch;
		g.append(svg('text', {x: left - 6, y: y + ch / 2 + 4, 'text-anchor': 'end'}, `${co.cohort} (${co.size})`));
		co.active.forEach((n, j) => {
			const share = co.size ? n / co.size : 0;
			const rect = svg('rect', {x: left + j * cw + 1, y: y + 1, width: cw - 2, height: ch - 2, rx: 2, class: 'cell',
				fill: j === 0 ? '#2f6fd6' : `rgba(47, 111, 214, ${0.08 + 0.9 * Math.min(1, share * 2)})`});
			rect.append(svg('title', {}, `${co.cohort} +${j}: ${n} / ${co.size}`));
			g.append(rect, svg('text', {x: left + j * cw + cw / 2, y: y + ch / 2 + 4, 'text-anchor': 'middle',
				class: j === 0 || share > 0.3 ? 'count light' : 'count'}, j === 0 ? '100%' : pct(share, 0)));
		});
	});
	g.append(svg('text', {x: left + width * cw / 2, y: top + c.cohorts.length * ch + 22, 'text-anchor': 'middle', class: 'axis'},
		t('analytics.cohorts.x')));
	body.append(h('div.svg-box', {}, g));
}

