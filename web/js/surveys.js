/* The surveys pages of the staff UI: #/surveys lists the surveys; #/surveys/ID shows a survey's
 * waves and, with ?wave=W, that wave's results (GET /api/v1/survey-waves/W/results): the index
 * and level, the importance–performance chart (四分图) drawn as SVG with its split lines, Kano
 * categories, SERVQUAL gaps as bars, NPS, the PLS paths (with &complaints=tickets the complaints
 * variable from complaint tickets); with &compare=V the changes from wave V to wave W.
 * #/surveys/new and the designer and wave tools on a survey's page come from survey_designer.js.
 * Every value goes into the page as text or an SVG attribute. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {newSurvey, designer, waveTools} from './survey_designer.js';

const SVG = 'http://www.w3.org/2000/svg';

function s(tag, attrs, ...children) {
	const el = document.createElementNS(SVG, tag);
	for (const [k, v] of Object.entries(attrs || {}))
		el.setAttribute(k, String(v));
	for (const c of children)
		el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
	return el;
}

function fmt(x, d = 2) {
	return x === null || x === undefined ? '' : Number(x).toFixed(d);
}

function table(cls, heads, rows) {
	return h(`table.data.${cls}`, {},
		h('thead', {}, h('tr', {}, heads.map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', {dataset: {label: t(heads[i])},
			class: typeof c === 'number' ? 'num' : null}, typeof c === 'number' ? fmt(c, 3) : c))))));
}

/* Importance (x) against satisfaction (y) on the answer scale, split at the means. */
function ipaChart(res) {
	const W = 520, H = 360, P = 44, lo = res.index.scale_min ?? 1, hi = res.index.scale_max ?? 5;
	const x = (v) => P + (v - lo) / (hi - lo) * (W - 2 * P);
	const y = (v) => H - P - (v - lo) / (hi - lo) * (H - 2 * P);
	const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'sv-ipa', width: '100%',
		style: 'max-width: 40rem; display: block'},
		s('title', {}, t('surveys.ipa.title')),
		s('rect', {x: P, y: P, width: W - 2 * P, height: H - 2 * P, fill: '#fff', stroke: '#dee0e3'}));
	const sx = x(res.index.split_importance), sy = y(res.index.split_satisfaction);
	svg.appendChild(s('line', {x1: sx, y1: P, x2: sx, y2: H - P, stroke: '#646a73', 'stroke-dasharray': '4 3'}));
	svg.appendChild(s('line', {x1: P, y1: sy, x2: W - P, y2: sy, stroke: '#646a73', 'stroke-dasharray': '4 3'}));
	const corner = (key, cx, cy, anchor) => svg.appendChild(s('text', {x: cx, y: cy, 'text-anchor': anchor,
		'font-size': 12, fill: '#646a73'}, t(`surveys.quadrant.${key}`)));
	corner('strength', W - P - 4, P + 14, 'end');
	corner('urgent', W - P - 4, H - P - 6, 'end');
	corner('nice_to_have', P + 4, P + 14, 'start');
	corner('low_priority', P + 4, H - P - 6, 'start');
	svg.appendChild(s('text', {x: W / 2, y: H - 8, 'text-anchor': 'middle', 'font-size': 12}, t('surveys.importance')));
	svg.appendChild(s('text', {x: 12, y: H / 2, 'text-anchor': 'middle', 'font-size': 12,
		transform: `rotate(-90 12 ${H / 2})`}, t('surveys.satisfaction')));
	const colour = {strength: '#1a7f37', urgent: '#c62828', nice_to_have: '#1f6feb', low_priority: '#8c8c8c'};
	for (const a of res.attributes) {
		if (a.importance === null)
			continue;
		const g = s('g', {class: `sv-pt sv-${a.quadrant}`},
			s('title', {}, `${a.code} ${a.text}: ${fmt(a.importance)} / ${fmt(a.satisfaction)}`),
			s('circle', {cx: x(a.importance), cy: y(a.satisfaction), r: 5, fill: colour[a.quadrant] || '#333'}),
			s('text', {x: x(a.importance) + 7, y: y(a.satisfaction) + 4, 'font-size': 11}, a.code));
		svg.appendChild(g);
	}
	return svg;
}

/* SERVQUAL dimension gaps P − E as horizontal bars around zero. */
function gapChart(sq) {
	const W = 520, rowH = 28, P = 110, H = rowH * (sq.dimensions.length + 1) + 10;
	const max = Math.max(0.5, ...sq.dimensions.map((d) => Math.abs(d.gap)), Math.abs(sq.overall));
	const zero = P + (W - P - 20) / 2, scale = (W - P - 30) / 2 / max;
	const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'sv-gaps', width: '100%',
		style: 'max-width: 40rem; display: block'},
		s('title', {}, t('surveys.servqual.title')));
	const rows = [...sq.dimensions.map((d) => [d.label, d.gap]), [t('surveys.servqual.overall'), sq.overall]];
	rows.forEach(([label, gap], i) => {
		const yy = 10 + i * rowH, w = Math.abs(gap) * scale;
		svg.appendChild(s('text', {x: P - 8, y: yy + 14, 'text-anchor': 'end', 'font-size': 12}, label));
		svg.appendChild(s('rect', {x: gap < 0 ? zero - w : zero, y: yy + 2, width: w, height: rowH - 10,
			fill: gap < 0 ? '#c62828' : '#1a7f37'}));
		svg.appendChild(s('text', {x: gap < 0 ? zero - w - 4 : zero + w + 4, y: yy + 14, 'font-size': 11,
			'text-anchor': gap < 0 ? 'end' : 'start'}, fmt(gap)));
	});
	svg.appendChild(s('line', {x1: zero, y1: 4, x2: zero, y2: H - 4, stroke: '#646a73'}));
	return svg;
}

function results(res, opts) {
	const out = [];
	const idx = res.index;
	out.push(h('div.card', {}, h('h2', {}, t('surveys.summary')), h('dl.kv-list', {},
		h('div.kv', {}, h('dt', {}, t('surveys.responses')), h('dd', {}, String(res.responses))),
		idx ? h('div.kv', {}, h('dt', {}, t('surveys.index')), h('dd.sv-index', {},
			`${fmt(idx.value, 3)} (${fmt(idx.value_100, 1)} / 100)` + (idx.level_label ? ` · ${idx.level_label}` : ''))) : null,
		...res.nps.filter((n) => n.n).map((n) => h('div.kv', {}, h('dt', {}, 'NPS'), h('dd', {}, fmt(n.nps, 1)))))));
	if (idx && res.attributes.length)
		out.push(h('div.card', {}, h('h2', {}, t('surveys.ipa.title')), ipaChart(res),
			table('sv-attr', ['surveys.code', 'surveys.attribute', 'surveys.importance', 'surveys.satisfaction', 'surveys.type'],
			      res.attributes.map((a) => [a.code, a.text, a.importance, a.satisfaction, a.type || '']))));
	if (res.kano.length)
		out.push(h('div.card', {}, h('h2', {}, t('surveys.kano.title')),
			table('sv-kano', ['surveys.code', 'surveys.feature', 'surveys.kano.category', 'surveys.better', 'surveys.worse'],
			      res.kano.map((k) => [k.code, k.text, k.label ? `${k.category} ${k.label}` : '', k.better ?? null, k.worse ?? null]))));
	if (res.servqual && res.servqual.dimensions)
		out.push(h('div.card', {}, h('h2', {}, t('surveys.servqual.title')), gapChart(res.servqual)));
	else if (res.servqual && res.servqual.note)
		out.push(h('p.notice', {}, res.servqual.note));
	if (res.pls)
		out.push(h('div.card.sv-pls-card', {}, h('h2', {}, t('surveys.pls.title')), complaintsForm(res, opts),
			res.pls.complaints ? h('p.muted.sv-complaints', {}, t('surveys.complaints_info', res.pls.complaints)) : null,
			res.pls.note ? h('p.notice', {}, res.pls.note) : null,
			res.pls.paths ? table('sv-pls', ['surveys.from', 'surveys.to', 'surveys.coef'],
			                      res.pls.paths.map((p) => [p.from, p.to, p.coef])) : null));
	return out;
}

/* The option "complaints from tickets" (MODELS.md M7): the complaints variable measured by each
 * respondent's complaint tickets in the wave's period or the given days before its close. */
function complaintsForm(res, opts) {
	const box = h('input.sv-comp-tickets', {type: 'checkbox', checked: opts.tickets});
	const days = h('input.sv-comp-days', {type: 'number', min: '0', max: '3660', value: opts.days || '0'});
	const form = h('form.inline-form.sv-comp-form', {},
		h('label', {}, box, ' ', t('surveys.complaints_tickets')),
		h('label', {}, t('surveys.complaints_window'), ' ', days),
		h('button', {type: 'submit'}, t('surveys.apply')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const n = Math.max(0, Math.floor(Number(days.value) || 0));
		location.hash = `#/surveys/${res.survey.id}?wave=${res.wave.id}` +
			(box.checked ? '&complaints=tickets' + (n ? `&complaints_window_days=${n}` : '') : '');
	});
	return form;
}

function comparison(cmp) {
	const a = cmp.a, b = cmp.b, rows = [];
	rows.push([t('surveys.index'), a.index ? a.index.value : null, b.index ? b.index.value : null, cmp.changes.index]);
	for (let i = 0; i < a.attributes.length && i < b.attributes.length; i++)
		rows.push([`${a.attributes[i].code} ${a.attributes[i].text}`, a.attributes[i].satisfaction,
		           b.attributes[i].satisfaction, cmp.changes.attributes[i].satisfaction]);
	const kano = cmp.changes.kano.map((k) => [k.code, k.from, k.to, k.changed ? t('common.yes') : t('common.no')]);
	return h('div.card', {}, h('h2', {}, t('surveys.compare.title', {a: a.wave.code, b: b.wave.code})),
		table('sv-cmp', ['surveys.measure', 'surveys.first', 'surveys.second', 'surveys.change'], rows),
		kano.length ? table('sv-drift', ['surveys.code', 'surveys.first', 'surveys.second', 'surveys.changed'], kano) : null);
}

async function list(main) {
	const res = await api('GET', '/surveys');
	const page = h('section.page', {}, h('div.page-head', {}, h('h1', {}, t('surveys.title')),
		h('a.button.primary.new-survey', {href: '#/surveys/new'}, t('designer.new_title'))));
	if (!res.items.length)
		page.append(h('p.empty', {}, t('surveys.none')));
	else
		page.append(table('sv-list', ['surveys.code', 'surveys.survey', 'surveys.questions', 'surveys.waves', 'surveys.responses'],
			res.items.map((x) => [h('a', {href: `#/surveys/${x.id}`}, x.code), x.title, String(x.questions), String(x.waves),
			                      String(x.responses)])));
	main.append(page);
}

export async function render(main, {id, params}) {
	if (id === 'new')
		return newSurvey(main);
	if (!id)
		return list(main);
	const [survey, waves] = await Promise.all([api('GET', `/surveys/${id}`), api('GET', `/surveys/${id}/waves`)]);
	const wave = Number(params.get('wave')) || (waves.items.length ? waves.items[waves.items.length - 1].id : 0);
	const compare = Number(params.get('compare')) || 0;
	const page = h('section.page', {}, h('div.page-head', {}, h('h1', {}, survey.title)));
	// the designer and the wave tools (survey_designer.js); a change redraws this page
	const flash = sessionStorage.getItem('guanxi.survey_flash');
	sessionStorage.removeItem('guanxi.survey_flash');
	const redraw = async (message, newWave) => {
		sessionStorage.setItem('guanxi.survey_flash', message || '');
		const target = `#/surveys/${id}` + (newWave ? `?wave=${newWave}` : (params.get('wave') ? `?wave=${params.get('wave')}` : ''));
		if (location.hash === target)
			window.dispatchEvent(new CustomEvent('guanxi:reroute'));
		else
			location.hash = target;
	};
	if (flash)
		page.append(h('p.flash', {role: 'status'}, flash));
	page.append(h('div.grid-2.survey-design', {},
		designer({...survey, id}, waves.items.some((w) => w.responses > 0), redraw),
		waveTools(id, waves.items, redraw)));
	page.append(h('div.card', {}, h('h2', {}, t('surveys.waves')),
		table('sv-waves', ['surveys.code', 'surveys.opens', 'surveys.closes', 'surveys.state', 'surveys.responses', 'surveys.actions'],
			waves.items.map((w) => [w.code, w.opens_on, w.closes_on, t(`surveys.state.${w.state}`), String(w.responses),
				h('span', {}, h('a', {href: `#/surveys/${id}?wave=${w.id}`}, t('surveys.results')),
				  w.id !== wave ? [' · ', h('a', {href: `#/surveys/${id}?wave=${wave}&compare=${w.id}`}, t('surveys.compare'))] : null)])),
		waves.next_wave_on ? h('p.muted', {}, t('surveys.next', {date: waves.next_wave_on})) : null));
	main.append(page);
	if (!wave)
		return;
	const opts = {tickets: params.get('complaints') === 'tickets', days: params.get('complaints_window_days') || ''};
	const q = opts.tickets ? '?complaints=tickets' + (opts.days ? `&complaints_window_days=${encodeURIComponent(opts.days)}` : '') : '';
	const res = await api('GET', `/survey-waves/${wave}/results${q}`);
	page.append(h('h2', {}, t('surveys.results_of', {wave: res.wave.code})), ...results(res, opts));
	if (compare) {
		const cmp = await api('GET', `/survey-waves/${compare}/compare/${wave}`);
		page.append(comparison(cmp));
	}
}
