/* Approvals: #/approvals shows the requests waiting for the caller (box=inbox) with approve and
 * reject (a reason is required to reject, and shown next to its field when missing), and
 * #/approvals?box=mine the caller's own requests with their outcome and a withdraw button.
 * transferRequest() is the form on the customer 360 page that files a request (POST
 * /customers/ID/transfer-request) for the caller's manager to decide. */
import {api} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, checkRequired, setBusy, formNotice} from './forms.js';
import {updateBell} from './notifications.js';

function payloadList(p) {
	if (!p || typeof p !== 'object')
		return null;
	// ids of other records mean nothing to the reader; the subject link names the record
	const rows = Object.entries(p).filter(([k, v]) => v !== null && typeof v !== 'object' && !k.endsWith('_id'));
	if (!rows.length)
		return null;
	return h('dl.kv-list.approval-payload', {}, rows.map(([k, v]) =>
		h('div.kv', {}, h('dt', {}, t(`approvals.payload.${k}`) === `approvals.payload.${k}` ? k : t(`approvals.payload.${k}`)),
		  h('dd', {}, String(v)))));
}

function subject(a) {
	if (a.entity === 'customer')
		return h('a', {href: `#/customers/${a.entity_id}`}, t('approvals.customer', {id: a.entity_id}));
	return `${a.entity} #${a.entity_id}`;
}

function decisionForm(a, reload) {
	const form = h('form.decision-form', {novalidate: true});
	const reason = h('textarea', {rows: 2, maxlength: 2000});
	const approve = h('button.primary', {type: 'button', dataset: {act: 'approve'}}, t('approvals.approve'));
	const reject = h('button.secondary', {type: 'button', dataset: {act: 'reject'}}, t('approvals.reject'));
	form.append(formMessage(), field('decision_reason', t('approvals.decision_reason'), reason),
		h('div.actions', {}, approve, reject));
	async function decide(act) {
		clearErrors(form);
		if (act === 'reject' && !checkRequired(form, ['decision_reason']))
			return;
		setBusy(approve, true);
		setBusy(reject, true);
		try {
			const body = reason.value.trim() ? {reason: reason.value.trim()} : {};
			await api('POST', `/approvals/${a.id}/${act}`, {body});
			await reload(t(act === 'approve' ? 'approvals.approved' : 'approvals.rejected'));
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field === 'reason' ? 'decision_reason' : e.field, e.message);
			setBusy(approve, false);
			setBusy(reject, false);
		}
	}
	approve.addEventListener('click', () => decide('approve'));
	reject.addEventListener('click', () => decide('reject'));
	form.addEventListener('submit', (ev) => ev.preventDefault());
	return form;
}

function item(a, box, reload) {
	const status = h(`span.badge.ap-${a.status}`, {}, tEnum('approval_status', a.status));
	let action = null;
	if (box === 'inbox' && a.status === 'pending')
		action = decisionForm(a, reload);
	else if (box === 'mine' && a.status === 'pending') {
		const btn = h('button.small.secondary', {type: 'button'}, t('approvals.withdraw'));
		btn.addEventListener('click', async () => {
			setBusy(btn, true);
			try {
				await api('POST', `/approvals/${a.id}/cancel`);
				await reload(t('approvals.withdrawn'));
			} catch (e) {
				setBusy(btn, false);
			}
		});
		action = h('div.actions', {}, btn);
	}
	return h('li.card.approval-item', {dataset: {id: a.id, status: a.status}},
		h('div.ix-head', {}, h('strong', {}, tEnum('approval_kind', a.kind)), ' · ', subject(a), ' ', status),
		h('div.muted', {}, formatInstant(a.created_at)),
		a.reason ? h('p', {}, t('approvals.reason'), ': ', h('span.ap-reason', {}, a.reason)) : null,
		payloadList(a.payload),
		a.decision_reason ? h('p', {}, t('approvals.decision_reason'), ': ', h('span.ap-decision', {}, a.decision_reason)) : null,
		action);
}

export async function render(main, {params}) {
	const box = params.get('box') === 'mine' ? 'mine' : 'inbox';
	const flash = h('p.flash', {role: 'status', hidden: true});
	const list = h('div', {'aria-live': 'polite'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const tab = (b) => h('a', {href: b === 'inbox' ? '#/approvals' : '#/approvals?box=mine',
		'aria-current': b === box ? 'page' : null, class: 'tab'}, t(`approvals.box.${b}`));
	main.append(h('section.page.approvals-page', {},
		h('div.page-head', {}, h('h1', {}, t('approvals.title'))),
		h('nav.tabs', {'aria-label': t('approvals.title')}, tab('inbox'), tab('mine')),
		flash, list));
	async function load(message) {
		const r = await api('GET', '/approvals', {query: {box, sort: '-id', limit: 100}});
		clear(list);
		if (message) {
			flash.textContent = message;
			flash.hidden = false;
		}
		updateBell();
		if (!r.items.length) {
			list.append(h('p.empty', {}, t(`approvals.none.${box}`)));
			return;
		}
		list.append(h('ul.approval-list', {}, r.items.map((a) => item(a, box, load))));
	}
	await load();
}

/* The transfer request form of the customer 360 page. */
export function transferRequest(customerId) {
	const form = h('form.transfer-form', {novalidate: true});
	const to = textInput('', {autocomplete: 'off', required: true});
	const reason = h('textarea', {rows: 2, maxlength: 2000});
	const submit = h('button.primary', {type: 'submit'}, t('approvals.request'));
	form.append(formMessage(), h('p.muted', {}, t('approvals.transfer_intro')),
		field('to_user', t('approvals.to_user'), to, {required: true}),
		field('reason', t('approvals.reason'), reason),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['to_user']))
			return;
		setBusy(submit, true);
		try {
			const v = to.value.trim();
			const body = {to_user: /^[0-9]+$/.test(v) ? Number(v) : v};
			if (reason.value.trim())
				body.reason = reason.value.trim();
			await api('POST', `/customers/${Number(customerId)}/transfer-request`, {body});
			form.reset();
			formNotice(form, [t('approvals.requested'), ' ', h('a', {href: '#/approvals?box=mine'}, t('approvals.box.mine'))], 'info');
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	return h('section.card.transfer-card', {'aria-labelledby': 'h-transfer'},
		h('details', {}, h('summary', {id: 'h-transfer'}, t('approvals.transfer_title')), form));
}
