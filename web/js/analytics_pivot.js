/* 多维分析 (#/analytics/pivot): revenue, cost, profit, orders and customers by one or two of
 * customer, product, category, owner, department, region, month and year, summed by the
 * database (GET /analytics/pivot). A row's label drills down: its key becomes a filter and the
 * rows switch to the next dimension. The state lives in the hash's query, so a view can be
 * bookmarked; the table exports as CSV (the aggregates shown, nothing more). */
import {api} from './api.js';
import {h, formatFen} from './dom.js';
import {t} from './i18n.js';
import {chartBox, modelNote, COLORS} from './analytics_chart.js';

const DIMS = ['customer', 'product', 'category', 'owner', 'department', 'region', 'month', 'year'];
const MEASURES = ['revenue_fen', 'cost_fen', 'profit_fen', 'orders', 'customers'];
const MONEY = new Set(['revenue_fen', 'cost_fen', 'profit_fen']);

function show(m, v) {
	return MONEY.has(m) ? formatFen(v) : String(v);
}

function go(p) {
	location.hash = '#/analytics/pivot?' + p.toString();
}

function label(cell, i) {
	const l = cell.labels[i] ?? cell.keys[i];
	return l === null || l === undefined ? t('analytics.pivot.none') : l;
}

/* A CSV field: quoted, and a leading = + - @ neutralised so a spreadsheet shows it as text. */
function csvField(v) {
	let s = v === null || v === undefined ? '' : String(v);
	if (/^[=+\-@]/.test(s) && Number.isNaN(Number(s)))
		s = "'" + s;
	return '"' + s.replace(/"/g, '""') + '"';
}

function exportCsv(res) {
	const head = [];
	res.by.forEach((d) => head.push(t(`analytics.pivot.dim.${d}`) + ' ID', t(`analytics.pivot.dim.${d}`)));
	MEASURES.forEach((m) => head.push(t(`analytics.pivot.m.${m}`)));
	const lines = [head.map(csvField).join(',')];
	for (const c of res.cells) {
		const row = [];
		res.by.forEach((d, i) => row.push(c.keys[i], c.labels[i]));
		MEASURES.forEach((m) => row.push(MONEY.has(m) ? (c[m] / 100).toFixed(2) : c[m]));
		lines.push(row.map(csvField).join(','));
	}
	const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], {type: 'text/csv;charset=utf-8'});
	const a = h('a', {href: URL.createObjectURL(blob), download: `pivot-${res.by.join('-')}.csv`});
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function select(name, current, values, textOf, params, allowNone) {
	const sel = h('select', {name}, allowNone ? h('option', {value: ''}, t('analytics.pivot.no_cols')) : null,
		values.map((v) => h('option', {value: v, selected: v === current}, textOf(v))));
	sel.addEventListener('change', () => {
		const p = new URLSearchParams(params);
		if (sel.value)
			p.set(name, sel.value);
		else
			p.delete(name);
		go(p);
	});
	return h('label.analytics-control', {}, h('span', {}, t(`analytics.pivot.${name}`)), sel);
}

export async function render(body, params) {
	const rows = DIMS.includes(params.get('rows')) ? params.get('rows') : 'region';
	const cols = DIMS.includes(params.get('cols')) && params.get('cols') !== rows ? params.get('cols') : '';
	const measure = MEASURES.includes(params.get('measure')) ? params.get('measure') : 'revenue_fen';
	const query = {by: cols ? `${rows},${cols}` : rows, limit: cols ? 1000 : 200};
	for (const k of ['from', 'to'])
		if (/^\d{4}-\d{2}-\d{2}$/.test(params.get(k) || ''))
			query[k] = params.get(k);
	const filters = DIMS.filter((d) => params.has(d));
	for (const d of filters)
		query[d] = params.get(d);
	const res = await api('GET', '/analytics/pivot', {query});

	const dimText = (d) => t(`analytics.pivot.dim.${d}`);
	const dates = ['from', 'to'].map((k) => {
		const input = h('input', {type: 'date', name: k, value: query[k] || ''});
		input.addEventListener('change', () => {
			const p = new URLSearchParams(params);
			if (input.value)
				p.set(k, input.value);
			else
				p.delete(k);
			go(p);
		});
		return h('label.analytics-control', {}, h('span', {}, t(`analytics.pivot.${k}`)), input);
	});
	const exportBtn = h('button.button', {type: 'button'}, t('analytics.pivot.export'));
	exportBtn.addEventListener('click', () => exportCsv(res));
	body.append(h('div.analytics-controls', {},
		select('rows', rows, DIMS, dimText, params), select('cols', cols, DIMS.filter((d) => d !== rows), dimText, params, true),
		select('measure', measure, MEASURES, (m) => t(`analytics.pivot.m.${m}`), params), ...dates, exportBtn));
	body.append(modelNote(t('analytics.pivot.model'), {[t('analytics.pivot.rows')]: dimText(rows),
		[t('analytics.pivot.cols')]: cols ? dimText(cols) : null, [t('analytics.pivot.from')]: query.from, [t('analytics.pivot.to')]: query.to}));

	/* drill-down trail: each filter can be removed */
	if (filters.length) {
		body.append(h('p.pivot-trail', {}, t('analytics.pivot.filtered'), ' ', filters.map((d) => {
			const b = h('button.chip', {type: 'button', 'aria-label': t('analytics.pivot.remove', {f: dimText(d)})},
				`${dimText(d)}: ${params.get(d) || t('analytics.pivot.none')} ×`);
			b.addEventListener('click', () => {
				const p = new URLSearchParams(params);
				p.delete(d);
				go(p);
			});
			return b;
		})));
	}
	if (!res.cells.length) {
		body.append(h('p.empty', {}, t('analytics.no_orders')));
		return;
	}
	if (res.truncated)
		body.append(h('p.muted', {}, t('analytics.pivot.truncated', {n: res.cells.length, total: res.groups})));

	/* the chart: the measure by the row dimension (top 20), stacked by the column dimension */
	const rowKeys = [], rowLabel = new Map();
	for (const c of res.cells) {
		const k = c.keys[0] ?? '';
		if (!rowLabel.has(k)) {
			rowKeys.push(k);
			rowLabel.set(k, label(c, 0));
		}
	}
	if (rows === 'month' || rows === 'year')
		rowKeys.sort();
	const shown = rows === 'month' || rows === 'year' ? rowKeys : rowKeys.slice(0, 20);
	const colKeys = cols ? [...new Set(res.cells.map((c) => c.keys[1] ?? ''))].sort() : [''];
	const value = new Map(res.cells.map((c) => [`${c.keys[0] ?? ''}\u0000${cols ? c.keys[1] ?? '' : ''}`, c]));
	const colLabel = new Map(res.cells.map((c) => [cols ? c.keys[1] ?? '' : '', cols ? label(c, 1) : t(`analytics.pivot.m.${measure}`)]));
	const scale = MONEY.has(measure) ? 100 : 1;
	await chartBox(body, 340, 'pivot', (Chart, canvas) => new Chart(canvas, {
		type: 'bar',
		data: {labels: shown.map((k) => rowLabel.get(k)), datasets: colKeys.slice(0, 12).map((ck, i) => ({
			label: colLabel.get(ck), backgroundColor: COLORS[i % COLORS.length],
			data: shown.map((k) => (value.get(`${k}\u0000${ck}`)?.[measure] ?? 0) / scale),
		}))},
		options: {maintainAspectRatio: false, plugins: {legend: {display: !!cols}},
			scales: {x: {stacked: !!cols}, y: {stacked: !!cols, title: {display: true, text: t(`analytics.pivot.m.${measure}`) + (scale > 1 ? ' (¥)' : '')}}}},
	}));

	/* the table: every measure by row (one dimension), or the measure rows × columns */
	const drillTo = DIMS.find((d) => d !== rows && !filters.includes(d) && d !== cols) || rows;
	const drill = (c) => {
		const a = h('a', {href: '#', title: t('analytics.pivot.drill', {dim: dimText(drillTo)})}, label(c, 0));
		a.addEventListener('click', (ev) => {
			ev.preventDefault();
			const p = new URLSearchParams(params);
			p.set(rows, c.keys[0] ?? '');
			p.set('rows', drillTo);
			if (cols === drillTo)
				p.delete('cols');
			go(p);
		});
		return a;
	};
	let table;
	if (!cols) {
		table = h('table.data.pivot-table', {},
			h('thead', {}, h('tr', {}, h('th', {}, dimText(rows)), MEASURES.map((m) => h('th.num', {}, t(`analytics.pivot.m.${m}`))))),
			h('tbody', {}, res.cells.map((c) => h('tr', {}, h('td', {}, drill(c)), MEASURES.map((m) => h('td.num', {}, show(m, c[m])))))));
	} else {
		const first = new Map();
		for (const c of res.cells)
			if (!first.has(c.keys[0] ?? ''))
				first.set(c.keys[0] ?? '', c);
		table = h('table.data.pivot-table', {},
			h('thead', {}, h('tr', {}, h('th', {}, `${dimText(rows)} \\ ${dimText(cols)}`), colKeys.map((k) => h('th.num', {}, colLabel.get(k))))),
			h('tbody', {}, rowKeys.map((rk) => h('tr', {}, h('td', {}, drill(first.get(rk))),
				colKeys.map((ck) => {
					const c = value.get(`${rk}\u0000${ck}`);
					return h('td.num', {}, c ? show(measure, c[measure]) : '');
				})))));
	}
	body.append(h('div.table-wrap', {}, table));
}
