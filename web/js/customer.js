/* The customer 360° page: profile with labelled fields, roles and tags, the interactions
 * timeline with the "log interaction" form, contacts, and the customer's orders with amounts
 * from fen. "Edit" changes a few fields by PATCH with If-Match; a 409 (someone else saved
 * first) says so and offers to reload. The credit panel (credit_panel.js) shows the credit
 * position and open receivables; "File card" opens the printable 客户资料卡 (card.js). Scores,
 * surveys, loyalty, tasks and the transfer request come from customer_extras.js. */
import {api} from './api.js';
import {h, clear, formatFen, formatInstant, listTotal} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, formNotice, setBusy} from './forms.js';
import {interactionForm, interactionItem, contactNames} from './interaction_form.js';
import {creditPanel} from './credit_panel.js';
import {customerExtras} from './customer_extras.js';

const PROFILE = ['code', 'kind', 'industry', 'province', 'city', 'district', 'address', 'postcode',
                 'phone', 'mobile', 'email', 'wechat', 'website', 'uscc', 'gender', 'birthday',
                 'source', 'is_direct', 'notes', 'last_touch_at', 'created_at', 'updated_at'];
const EDITABLE = ['name', 'city', 'mobile', 'email', 'industry', 'notes'];

function display(c, f) {
	const v = c[f];
	if (v === null || v === undefined || v === '')
		return null;
	if (f === 'kind')
		return tEnum('kind', v);
	if (f === 'gender')
		return tEnum('gender', v);
	if (typeof v === 'boolean')
		return v ? t('common.yes') : t('common.no');
	if (f.endsWith('_at'))
		return formatInstant(v);
	return String(v);
}

export async function render(main, {id}) {
	main.append(h('p.loading', {role: 'status'}, t('common.loading')));
	const c = await api('GET', `/customers/${id}`);
	clear(main);
	let current = c;
	const page = h('section.page.customer-page');
	const head = h('div.page-head');
	const profile = h('section.card.profile', {'aria-labelledby': 'h-profile'});
	const timeline = h('ol.timeline');
	const contacts = h('div');
	const orders = h('div');
	const ixCount = h('span.count');
	let ixTotal = 0;

	function renderHead() {
		clear(head);
		const chips = [];
		if (current.key_account)
			chips.push(h('span.badge.key', {}, t('customer.key_account_badge')));
		for (const r of current.roles || [])
			chips.push(h('span.chip.role', {}, tEnum('role', r)));
		for (const tag of current.tags || [])
			chips.push(h('span.chip.tag', {}, tag));
		head.append(h('div', {},
			h('h1', {}, current.name || current.code),
			h('p.subtitle', {}, h('span.code', {}, current.code || ''), ' · ', tEnum('kind', current.kind)),
			chips.length ? h('div.chips', {'aria-label': t('customer.roles_tags')}, chips) : null),
		h('div.head-actions', {}, h('a.button.secondary.card-link', {href: `#/customers/${id}/card`}, t('card.open')), editButton));
	}

	function renderProfile() {
		clear(profile);
		const rows = [];
		for (const f of PROFILE) {
			const v = display(current, f);
			if (v !== null)
				rows.push(h('div.kv', {}, h('dt', {}, t('field.customer.' + f)), h('dd', {dataset: {field: f}}, v)));
		}
		profile.append(h('h2', {id: 'h-profile'}, t('customer.profile')),
		               rows.length ? h('dl.kv-list', {}, rows) : h('p.empty', {}, t('customer.no_details')));
	}

	const editButton = h('button.secondary', {type: 'button', 'aria-expanded': 'false'}, t('customer.edit'));
	const editSlot = h('div');
	editButton.addEventListener('click', () => {
		if (editSlot.firstChild) {
			clear(editSlot);
			editButton.setAttribute('aria-expanded', 'false');
			return;
		}
		editButton.setAttribute('aria-expanded', 'true');
		flashBox.textContent = '';
		editSlot.append(editForm());
		editSlot.querySelector('input').focus();
	});

	function editForm() {
		const inputs = {};
		const rows = EDITABLE.map((f) => {
			inputs[f] = f === 'notes' ? h('textarea', {rows: 3}) : textInput(current[f]);
			if (f === 'notes')
				inputs[f].value = current[f] || '';
			if (f === 'email')
				inputs[f].type = 'email';
			if (f === 'mobile')
				inputs[f].type = 'tel';
			return field(f, t('field.customer.' + f), inputs[f], {required: f === 'name'});
		});
		const key = h('input', {type: 'checkbox', checked: !!current.key_account});
		const save = h('button.primary', {type: 'submit'}, t('common.save'));
		const cancel = h('button.secondary', {type: 'button'}, t('common.cancel'));
		const form = h('form.card.edit-form', {novalidate: true, 'aria-labelledby': 'h-edit'},
			h('h2', {id: 'h-edit'}, t('customer.edit_title')), formMessage(),
			h('div.grid-2', {}, rows, field('key_account', t('field.customer.key_account'), key, {check: true})),
			h('div.actions', {}, save, cancel));
		cancel.addEventListener('click', () => {
			clear(editSlot);
			editButton.setAttribute('aria-expanded', 'false');
			editButton.focus();
		});
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			clearErrors(form);
			const patch = {};
			for (const f of EDITABLE) {
				const v = inputs[f].value.trim();
				if ((current[f] || '') !== v)
					patch[f] = v === '' ? null : v;
			}
			if (key.checked !== !!current.key_account)
				patch.key_account = key.checked;
			if ('name' in patch && !patch.name)
				return showError(form, 'name', t('validation.required'));
			if (!Object.keys(patch).length)
				return formNotice(form, t('customer.nothing_changed'), 'info');
			setBusy(save, true);
			try {
				current = await api('PATCH', `/customers/${id}`, {body: patch, headers: {'If-Match': `"${current.version}"`}});
				renderHead();
				renderProfile();
				clear(editSlot);
				editButton.setAttribute('aria-expanded', 'false');
				flash(t('customer.saved'));
			} catch (e) {
				if (e.status === 409 && e.field === 'version') {
					const reload = h('button.secondary', {type: 'button'}, t('customer.reload'));
					reload.addEventListener('click', () => window.dispatchEvent(new HashChangeEvent('hashchange')));
					formNotice(form, [h('strong', {}, t('customer.conflict')), ' ', reload], 'error');
				} else {
					showError(form, e.field, e.message);
				}
			} finally {
				setBusy(save, false);
			}
		});
		return form;
	}

	const flashBox = h('div.flash', {role: 'status', 'aria-live': 'polite'});
	function flash(msg) {
		flashBox.textContent = msg;
		setTimeout(() => {
			if (flashBox.textContent === msg)
				flashBox.textContent = '';
		}, 4000);
	}

	renderHead();
	renderProfile();
	const ixForm = interactionForm(id, (ix) => {
		const emptyEl = timeline.querySelector('.empty');
		if (emptyEl)
			emptyEl.remove();
		timeline.prepend(interactionItem(ix));
		ixTotal++;
		ixCount.textContent = `(${ixTotal})`;
		flash(t('interaction.logged'));
	});
	const extras = customerExtras(id);
	page.append(head, flashBox, editSlot,
		h('div.cols', {},
			h('div.col-main', {},
				h('section.card', {'aria-labelledby': 'h-ix'},
					h('h2', {id: 'h-ix'}, t('customer.interactions'), ' ', ixCount),
					ixForm, timeline),
				h('section.card', {'aria-labelledby': 'h-orders'},
					h('h2', {id: 'h-orders'}, t('customer.orders')), orders),
				extras.main),
			h('div.col-side', {}, profile, creditPanel(id), extras.side,
				h('section.card', {'aria-labelledby': 'h-contacts'},
					h('h2', {id: 'h-contacts'}, t('customer.contacts')), contacts))));
	main.append(page);

	const loading = () => h('p.loading', {role: 'status'}, t('common.loading'));
	timeline.append(loading());
	contacts.append(loading());
	orders.append(loading());
	contactNames.clear();
	const [ix, ct, od] = await Promise.allSettled([
		api('GET', `/customers/${id}/interactions`, {query: {sort: '-occurred_at', limit: 50}}),
		api('GET', `/customers/${id}/contacts`, {query: {limit: 100}}),
		api('GET', '/orders', {query: {filter: `customer_id eq ${Number(id)}`, sort: '-ordered_at', limit: 50}}),
	]);
	if (ct.status === 'fulfilled') {
		for (const p of ct.value.items)
			contactNames.set(p.id, p.name);
		ixForm.setContacts(ct.value.items);
	}
	fill(timeline, ix, (r) => {
		ixTotal = r.total ?? r.items.length;
		ixCount.textContent = ixTotal ? `(${listTotal(r)})` : '';
		if (!r.items.length)
			return [h('li.empty', {}, t('customer.no_interactions'))];
		return r.items.map(interactionItem);
	});
	fill(contacts, ct, (r) => r.items.length
		? [h('ul.contact-list', {}, r.items.map((p) => h('li', {},
			h('div.contact-name', {}, p.name, p.is_primary ? h('span.badge', {}, t('contact.primary')) : null),
			p.title ? h('div.muted', {}, p.title) : null,
			p.phone ? h('div', {}, t('field.contact.phone') + ': ', p.phone) : null,
			p.email ? h('div', {}, t('field.contact.email') + ': ', p.email) : null)))]
		: [h('p.empty', {}, t('customer.no_contacts'))]);
	fill(orders, od, (r) => {
		if (!r.items.length)
			return [h('p.empty', {}, t('customer.no_orders'))];
		const sum = r.items.reduce((a, o) => a + (o.status === 'cancelled' ? 0 : o.amount_fen || 0), 0);
		const cols = ['order_no', 'ordered_at', 'kind', 'status', 'amount_fen'];
		return [h('table.data.orders-table', {},
			h('thead', {}, h('tr', {}, cols.map((c) => h('th', {scope: 'col', class: c === 'amount_fen' ? 'num' : null}, t('field.order.' + c))))),
			h('tbody', {}, r.items.map((o) => h('tr', {},
				h('td', {dataset: {label: t('field.order.order_no')}}, o.order_no),
				h('td', {dataset: {label: t('field.order.ordered_at')}}, formatInstant(o.ordered_at)),
				h('td', {dataset: {label: t('field.order.kind')}}, tEnum('order_kind', o.kind)),
				h('td', {dataset: {label: t('field.order.status')}}, tEnum('order_status', o.status)),
				h('td.num', {dataset: {label: t('field.order.amount_fen')}}, formatFen(o.amount_fen))))),
			h('tfoot', {}, h('tr', {}, h('th', {scope: 'row', colspan: 4}, t('customer.orders_total', {n: listTotal(r)})),
			                     h('td.num', {dataset: {label: t('customer.orders_sum')}}, formatFen(sum)))))];
	});
}

function fill(el, settled, build) {
	clear(el);
	if (settled.status === 'rejected') {
		el.append(h('div.notice.error', {role: 'alert'}, settled.reason.message || t('error.generic')));
		return;
	}
	el.append(...build(settled.value));
}
