/* Admin: company settings (#/admin/settings, GET/PATCH /api/v1/settings): every parameter the
 * product lets an admin set, grouped (public pool, SLA, sales, background jobs, webhooks,
 * company), each with a one-line explanation. Whole numbers are checked here first; the
 * server checks every value again and its message shows next to the setting it names. Only
 * changed values are sent; each change is audited. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {field, formMessage, clearErrors, showError, formNotice, setBusy} from './forms.js';
import {fill, section} from './admin_common.js';

const GROUPS = ['pool', 'data', 'sla', 'sales', 'jobs', 'webhooks', 'company'];

export async function render(body) {
	const box = h('div');
	body.append(box);
	await fill(box, async () => {
		const {items} = await api('GET', '/settings');
		return build(items);
	});
}

function build(items) {
	const form = h('form.admin-form.settings-form', {novalidate: true});
	const original = {};
	for (const g of GROUPS) {
		const mine = items.filter((s) => s.group === g);
		if (!mine.length)
			continue;
		form.append(h('fieldset.settings-group', {dataset: {group: g}}, h('legend', {}, t(`admin.settings.group.${g}`)),
			mine.map((s) => {
				original[s.key] = s.value;
				const input = h('input', {type: 'text', value: s.value, inputmode: s.kind === 'int' ? 'numeric' : s.kind === 'text' || s.kind === 'week' ? null : 'decimal',
				                          autocomplete: 'off', dataset: {kind: s.kind}});
				const row = field(s.key, t(`admin.setting.${s.key}`), input);
				row.append(h('p.hint', {}, t(`admin.setting_help.${s.key}`)));
				return row;
			})));
	}
	form.append(formMessage(), h('div.actions', {}, h('button.primary', {type: 'submit'}, t('common.save'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		const changed = {};
		let bad = false;
		for (const input of form.querySelectorAll('input[data-kind]')) {
			const v = input.value.trim();
			if (v === original[input.name])
				continue;
			if (input.dataset.kind === 'int' && !/^-?[0-9]+$/.test(v)) {
				if (!bad)
					showError(form, input.name, t('admin.settings.whole_number'));
				else
					form.querySelector(`.field-error[data-for="${input.name}"]`).textContent = t('admin.settings.whole_number');
				input.setAttribute('aria-invalid', 'true');
				bad = true;
				continue;
			}
			changed[input.name] = v;
		}
		if (bad)
			return;
		if (!Object.keys(changed).length) {
			formNotice(form, t('admin.settings.unchanged'), 'ok');
			return;
		}
		const btn = form.querySelector('button[type=submit]');
		setBusy(btn, true);
		try {
			const {items: now} = await api('PATCH', '/settings', {body: changed});
			for (const s of now) {
				original[s.key] = s.value;
				const input = form.querySelector(`input[name="${s.key}"]`);
				if (input)
					input.value = s.value;
			}
			formNotice(form, t('admin.settings.saved', {n: Object.keys(changed).length}), 'ok');
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(btn, false);
		}
	});
	return section(t('admin.settings.title'), h('p.hint', {}, t('admin.settings.intro')), form);
}
