/* Admin: company settings (#/admin/settings, GET/PATCH /api/v1/settings): every parameter the
 * product lets an admin set, grouped (public pool, SLA, sales, background jobs, webhooks,
 * company, then the model parameters of MODELS.md: scoring, RFM, ABC, lifecycle, loyalty,
 * CLV, recommendations), each with a one-line explanation, its allowed range and default as
 * the registry (src/app/settings.c) sends them. Numbers are checked against those bounds here
 * first; the server checks every value again (and the rules between settings, such as the
 * ABC cut-offs increasing) and its message shows next to the setting it names. Only changed
 * values are sent; each change is audited. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {field, formMessage, clearErrors, showError, formNotice, setBusy} from './forms.js';
import {fill, section} from './admin_common.js';

const GROUPS = ['pool', 'data', 'sla', 'sales', 'jobs', 'webhooks', 'company', 'score', 'rfm', 'abc', 'lifecycle', 'loyalty',
	'clv', 'assoc'];
const MODEL_GROUPS = new Set(['score', 'rfm', 'abc', 'lifecycle', 'loyalty', 'clv', 'assoc']);

export async function render(body) {
	const box = h('div');
	body.append(box);
	await fill(box, async () => {
		const {items} = await api('GET', '/settings');
		return build(items);
	});
}

/* "a whole number from 1 to 120", "a number greater than 0 and less than 1", or null. */
function rangeText(s) {
	if (s.kind === 'int')
		return t('admin.settings.range_int', {min: s.min, max: s.max});
	if (s.kind === 'number')
		return t('admin.settings.range_num', {lo: t(s.min_open ? 'admin.settings.gt' : 'admin.settings.ge'), min: s.min,
		                                      hi: t(s.max_open ? 'admin.settings.lt' : 'admin.settings.le'), max: s.max});
	return null;
}

/* The message for a value outside the setting's bounds, or null when it is inside. */
function outOfRange(s, v) {
	if (s.kind !== 'int' && s.kind !== 'number')
		return null;
	if (s.kind === 'int' && !/^-?[0-9]+$/.test(v))
		return t('admin.settings.whole_number');
	const ok = s.kind === 'int' || /^-?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(v);
	const x = Number(v);
	if (ok && (s.min_open ? x > s.min : x >= s.min) && (s.max_open ? x < s.max : x <= s.max))
		return null;
	return t('admin.settings.out_of_range', {range: rangeText(s)});
}

function input(s) {
	if (s.kind === 'choice')
		return h('select', {dataset: {kind: s.kind}}, s.choices.map((c) =>
			h('option', {value: c, selected: c === s.value}, t(`admin.setting_choice.${c}`))));
	return h('input', {type: 'text', value: s.value, inputmode: s.kind === 'int' ? 'numeric' : s.kind === 'text' || s.kind === 'week' ? null : 'decimal',
	                   autocomplete: 'off', dataset: {kind: s.kind}});
}

function build(items) {
	const form = h('form.admin-form.settings-form', {novalidate: true});
	const original = {}, byKey = {};
	let modelsIntro = false;
	for (const g of GROUPS) {
		const mine = items.filter((s) => s.group === g);
		if (!mine.length)
			continue;
		if (MODEL_GROUPS.has(g) && !modelsIntro) {
			form.append(h('p.hint.settings-models-intro', {}, t('admin.settings.models_intro')));
			modelsIntro = true;
		}
		form.append(h('fieldset.settings-group', {dataset: {group: g}}, h('legend', {}, t(`admin.settings.group.${g}`)),
			mine.map((s) => {
				original[s.key] = s.value;
				byKey[s.key] = s;
				const row = field(s.key, t(`admin.setting.${s.key}`), input(s));
				const range = rangeText(s);
				row.append(h('p.hint', {}, t(`admin.setting_help.${s.key}`)));
				if (range || s.default !== null)
					row.append(h('p.hint.setting-range', {dataset: {for: s.key}},
						[range, s.default !== null ? t('admin.settings.default', {v: s.kind === 'choice' ? t(`admin.setting_choice.${s.default}`) : s.default}) : null].filter(Boolean).join(' · ')));
				return row;
			})));
	}
	form.append(formMessage(), h('div.actions', {}, h('button.primary', {type: 'submit'}, t('common.save'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		const changed = {};
		let bad = false;
		for (const input of form.querySelectorAll('[data-kind]')) {
			const v = input.value.trim();
			if (v === original[input.name])
				continue;
			const msg = outOfRange(byKey[input.name], v);
			if (msg) {
				if (!bad)
					showError(form, input.name, msg);
				else
					form.querySelector(`.field-error[data-for="${input.name}"]`).textContent = msg;
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
				const input = form.querySelector(`[name="${s.key}"]`);
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
