/* The customer list's tools beyond search and filters (used by customers.js): a saved segment
 * as a list filter (the list then comes from GET /segments/ID/customers, narrowed by the other
 * filters), the choice of columns (remembered in localStorage), export of what the list shows
 * as CSV or Excel (GET /customers/export, which obeys the export permission and masks contact
 * details), and bulk assignment of the ticked customers to a new owner (one PATCH each, with
 * If-Match; the server refuses what the caller may not do, and the message says so). */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {setBusy} from './forms.js';

export const OPTIONAL_COLUMNS = ['kind', 'city', 'mobile', 'industry', 'key_account', 'province', 'source', 'created_at'];
const DEFAULT_COLUMNS = ['kind', 'city', 'mobile', 'industry', 'key_account'];
const KEY = 'guanxi.customer_columns';

export function chosenColumns() {
	try {
		const v = JSON.parse(localStorage.getItem(KEY) || 'null');
		if (Array.isArray(v))
			return OPTIONAL_COLUMNS.filter((c) => v.includes(c));
	} catch (e) {
		/* unreadable: the defaults */
	}
	return DEFAULT_COLUMNS.slice();
}

/* The "columns" disclosure; onChange() redraws the list. */
export function columnChooser(onChange) {
	const chosen = new Set(chosenColumns());
	const boxes = OPTIONAL_COLUMNS.map((c) => {
		const cb = h('input', {type: 'checkbox', value: c, checked: chosen.has(c)});
		cb.addEventListener('change', () => {
			const now = [...boxes].filter((x) => x.checked).map((x) => x.value);
			try {
				localStorage.setItem(KEY, JSON.stringify(now));
			} catch (e) {
				/* private mode: the choice lasts for this page */
			}
			onChange();
		});
		return cb;
	});
	return h('details.column-chooser', {}, h('summary', {}, t('customers.columns')),
		h('fieldset', {}, h('legend', {class: 'visually-hidden'}, t('customers.columns')),
			boxes.map((b) => h('label.column-choice', {}, b, ' ', t('field.customer.' + b.value)))));
}

/* A select of the saved segments (filled once loaded); value '' means none. */
export function segmentSelect(value) {
	const sel = h('select', {id: 'cl-segment'}, h('option', {value: ''}, t('customers.segment_any')));
	api('GET', '/segments', {query: {limit: 100, sort: 'name'}}).then((r) => {
		for (const s of r.items)
			sel.append(h('option', {value: s.id, dataset: {filter: s.filter}}, s.name));
		sel.value = value || '';
	}, () => { /* no right to read segments: only "all customers" */ });
	return sel;
}

/* The segment's filter text, for the export of a segment-filtered list. */
export function segmentFilter(sel) {
	const o = sel.selectedOptions[0];
	return o && o.dataset.filter ? o.dataset.filter : '';
}

/* Export links whose target follows the current filter: update(filter). */
export function exportLinks() {
	const csv = h('a.button.secondary.export-csv', {download: 'customers.csv'}, t('customers.export_csv'));
	const xlsx = h('a.button.secondary.export-xlsx', {download: 'customers.xlsx'}, t('customers.export_xlsx'));
	const box = h('div.export-links', {}, csv, ' ', xlsx);
	box.update = (filter) => {
		for (const [a, f] of [[csv, 'csv'], [xlsx, 'xlsx']]) {
			const u = new URL('/api/v1/customers/export', location.origin);
			u.searchParams.set('format', f);
			if (filter)
				u.searchParams.set('filter', filter);
			a.href = u.pathname + u.search;
		}
	};
	box.update('');
	return box;
}

/* The bulk-assign bar; selected() gives the ticked ids; done() reloads the list. */
export function bulkAssign(selected, done) {
	const input = h('input', {type: 'text', id: 'cl-assign', autocomplete: 'off', 'aria-describedby': 'cl-assign-err'});
	const btn = h('button.secondary', {type: 'submit'}, t('customers.assign'));
	const msg = h('div.field-error', {id: 'cl-assign-err', role: 'alert'});
	const out = h('p.assign-result', {role: 'status'});
	const form = h('form.bulk-assign', {novalidate: true},
		h('label', {for: 'cl-assign'}, t('customers.assign_to')), input, btn, msg, out);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clear(msg);
		out.textContent = '';
		const ids = selected();
		const who = input.value.trim();
		if (!ids.length) {
			msg.textContent = t('customers.assign_none');
			return;
		}
		if (!who) {
			msg.textContent = t('validation.required');
			input.focus();
			return;
		}
		setBusy(btn, true);
		let ok = 0;
		try {
			for (const id of ids) {
				const c = await api('GET', `/customers/${id}`);
				await api('PATCH', `/customers/${id}`, {body: {owner_id: /^[0-9]+$/.test(who) ? Number(who) : who},
					headers: {'If-Match': `"${c.version}"`}});
				ok++;
			}
		} catch (e) {
			if (e.status !== 401)
				msg.textContent = e.message;
		} finally {
			setBusy(btn, false);
		}
		if (ok) {
			await done();
			out.textContent = t('customers.assigned', {n: ok});
		}
	});
	return form;
}
