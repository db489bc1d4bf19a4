/* Segments (客户细分): #/segments lists the saved customer filters with their live counts and
 * builds a new one: condition rows (field, comparison, value) joined by "and" are turned into
 * the filter language of DECISIONS.md, which can also be edited by hand; "count" asks GET
 * /api/v1/segments/count for the number of customers it matches before saving. #/segments/ID
 * shows one segment and its customers. The server parses and checks every filter; its message
 * is shown next to the filter field. */
import {api} from './api.js';
import {h, clear, quoteFilter} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, checkRequired, setBusy, formNotice} from './forms.js';

/* Fields a marketer filters on: [name, type]; the text of each is field.segment.NAME. */
const FIELDS = [
	['city', 'text'], ['province', 'text'], ['kind', 'text'], ['industry', 'text'], ['tag', 'text'],
	['rfm_segment', 'text'], ['lifecycle_stage', 'text'], ['abc_class', 'text'], ['loyalty_type', 'text'],
	['clv_yuan', 'number'], ['p_alive', 'number'], ['monetary_yuan', 'number'], ['purchases', 'number'],
	['recency_days', 'number'], ['points_balance', 'number'], ['club', 'text'],
];
const OPS = {text: ['eq', 'ne', 'contains', 'startswith'], number: ['gt', 'ge', 'lt', 'le', 'eq', 'ne']};

function conditionRow(onChange, onRemove) {
	const f = h('select.cond-field', {'aria-label': t('segments.field')},
		FIELDS.map(([n]) => h('option', {value: n}, t(`field.segment.${n}`))));
	const op = h('select.cond-op', {'aria-label': t('segments.op')});
	const val = h('input.cond-value', {type: 'text', 'aria-label': t('segments.value')});
	const rm = h('button.small.secondary', {type: 'button', 'aria-label': t('segments.remove')}, '×');
	function fillOps() {
		const type = FIELDS.find(([n]) => n === f.value)[1];
		clear(op);
		for (const o of OPS[type])
			op.append(h('option', {value: o}, t(`segments.ops.${o}`)));
		val.type = type === 'number' ? 'number' : 'text';
		val.step = 'any';
	}
	fillOps();
	f.addEventListener('change', () => { fillOps(); onChange(); });
	op.addEventListener('change', onChange);
	val.addEventListener('input', onChange);
	const row = h('div.cond-row', {}, f, op, val, rm);
	rm.addEventListener('click', () => { row.remove(); onRemove(); });
	row.expression = () => {
		const v = val.value.trim();
		if (!v)
			return null;
		const type = FIELDS.find(([n]) => n === f.value)[1];
		if (type === 'number' && !Number.isFinite(Number(v)))
			return null;
		return `${f.value} ${op.value} ${type === 'number' ? Number(v) : quoteFilter(v)}`;
	};
	return row;
}

function builder(form, filterInput) {
	const rows = h('div.cond-rows');
	const rebuild = () => {
		const parts = [...rows.children].map((r) => r.expression()).filter(Boolean);
		filterInput.value = parts.join(' and ');
		filterInput.dispatchEvent(new Event('input'));
	};
	const add = h('button.small.secondary', {type: 'button'}, t('segments.add_condition'));
	add.addEventListener('click', () => {
		const r = conditionRow(rebuild, rebuild);
		rows.append(r);
		r.querySelector('select').focus();
	});
	rows.append(conditionRow(rebuild, rebuild));
	return h('fieldset.segment-builder', {}, h('legend', {}, t('segments.builder')), rows, add);
}

/* The builder and save form; onSaved(segment) after a successful POST. */
function segmentForm(onSaved) {
	const form = h('form.segment-form', {novalidate: true});
	const code = textInput('', {maxlength: 32, required: true, autocomplete: 'off'});
	const name = textInput('', {maxlength: 200, required: true});
	const filter = h('textarea.filter-expr', {rows: 2, required: true, spellcheck: 'false'});
	const countOut = h('output.segment-count', {'aria-live': 'polite'});
	const countBtn = h('button.secondary', {type: 'button'}, t('segments.count'));
	const submit = h('button.primary', {type: 'submit'}, t('segments.save'));
	form.append(formMessage(), builder(form, filter),
		field('filter', t('segments.filter'), filter, {required: true}),
		h('p.muted', {}, t('segments.filter_help')),
		h('div.actions', {}, countBtn, ' ', countOut),
		h('div.grid-2', {}, field('code', t('field.segment.code'), code, {required: true}),
		  field('name', t('field.segment.name'), name, {required: true})),
		h('div.actions', {}, submit));
	filter.addEventListener('input', () => { countOut.textContent = ''; });
	countBtn.addEventListener('click', async () => {
		clearErrors(form);
		if (!checkRequired(form, ['filter']))
			return;
		setBusy(countBtn, true);
		countOut.textContent = t('common.loading');
		try {
			const r = await api('GET', '/segments/count', {query: {filter: filter.value.trim()}});
			countOut.textContent = t('segments.matches', {n: r.count});
		} catch (e) {
			countOut.textContent = '';
			if (e.status !== 401)
				showError(form, 'filter', e.message);
		} finally {
			setBusy(countBtn, false);
		}
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['filter', 'code', 'name']))
			return;
		setBusy(submit, true);
		try {
			const s = await api('POST', '/segments', {body: {code: code.value.trim(), name: name.value.trim(),
				filter: filter.value.trim()}});
			await onSaved(s);
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	return form;
}

async function list(main) {
	const body = h('div', {'aria-live': 'polite'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const page = h('section.page.segments-page', {},
		h('div.page-head', {}, h('h1', {}, t('segments.title')), h('a.button.secondary', {href: '#/campaigns'}, t('nav.campaigns'))),
		h('div.cols', {}, h('div.col-main', {}, body),
			h('div.col-side', {}, h('section.card', {'aria-labelledby': 'h-new-seg'},
				h('h2', {id: 'h-new-seg'}, t('segments.new')),
				segmentForm(async (s) => { location.hash = `#/segments/${s.id}`; })))));
	main.append(page);
	const r = await api('GET', '/segments', {query: {limit: 100, sort: 'name'}});
	clear(body);
	if (!r.items.length) {
		body.append(h('p.empty', {}, t('segments.none')));
		return;
	}
	body.append(h('table.data.segment-list', {},
		h('thead', {}, h('tr', {}, ['field.segment.name', 'field.segment.code', 'segments.filter'].map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', {}, r.items.map((s) => h('tr', {},
			h('td', {dataset: {label: t('field.segment.name')}}, h('a', {href: `#/segments/${s.id}`}, s.name)),
			h('td', {dataset: {label: t('field.segment.code')}}, s.code),
			h('td', {dataset: {label: t('segments.filter')}}, h('code', {}, s.filter)))))));
}

export async function render(main, {id}) {
	if (!id)
		return list(main);
	const s = await api('GET', `/segments/${id}`);
	const members = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	main.append(h('section.page.segment-page', {},
		h('div.page-head', {}, h('h1', {}, s.name),
			h('a.button.primary', {href: `#/campaigns?segment=${s.id}`}, t('segments.new_campaign'))),
		h('dl.kv-list', {},
			h('div.kv', {}, h('dt', {}, t('field.segment.code')), h('dd', {}, s.code)),
			h('div.kv', {}, h('dt', {}, t('segments.filter')), h('dd', {}, h('code', {}, s.filter))),
			h('div.kv', {}, h('dt', {}, t('segments.members')), h('dd.segment-members-count', {}, String(s.count ?? '')))),
		h('section.card', {}, h('h2', {}, t('segments.customers')), members)));
	const r = await api('GET', `/segments/${id}/customers`, {query: {limit: 50, fields: 'code,name,city,kind'}});
	clear(members);
	members.append(r.items.length ? h('ul.hit-list', {}, r.items.map((c) => h('li', {},
		h('a', {href: `#/customers/${c.id}`}, c.name || c.code), ' ', h('span.muted', {}, [c.code, c.city, tEnum('kind', c.kind)].filter(Boolean).join(' · ')))))
		: h('p.empty', {}, t('segments.no_customers')));
	if ((r.total ?? 0) > r.items.length)
		members.append(h('p.muted', {}, t('segments.more', {n: r.total - r.items.length})));
}

export {segmentForm};
