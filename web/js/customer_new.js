/* The "new customer" form. A phone, e-mail or credit code that a live customer already has
 * answers 409 with the duplicates: they are listed with links, and "create anyway" sends the
 * same body again with ?force=true. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {field, enumSelect, textInput, formMessage, clearErrors, checkRequired, showError, formNotice, setBusy} from './forms.js';

const TEXT_FIELDS = ['code', 'name', 'city', 'mobile', 'phone', 'email', 'industry', 'notes'];

export async function render(main) {
	const inputs = {};
	for (const f of TEXT_FIELDS)
		inputs[f] = f === 'notes' ? h('textarea', {rows: 3}) : textInput('');
	inputs.mobile.type = 'tel';
	inputs.phone.type = 'tel';
	inputs.email.type = 'email';
	inputs.code.placeholder = t('customer_new.code_hint');
	const kind = enumSelect('kind', ['person', 'organization'], 'person', true);
	const key = h('input', {type: 'checkbox'});
	const submit = h('button.primary', {type: 'submit'}, t('customer_new.submit'));
	const row = (f, opts) => field(f, t('field.customer.' + f), inputs[f], opts);
	const form = h('form.card.new-form', {novalidate: true},
		formMessage(),
		h('div.grid-2', {},
			row('name', {required: true}),
			field('kind', t('field.customer.kind'), kind, {required: true}),
			row('code'), row('city'), row('mobile'), row('phone'), row('email'), row('industry')),
		field('key_account', t('field.customer.key_account'), key, {check: true}),
		row('notes'),
		h('div.actions', {}, submit, h('a.button.secondary', {href: '#/customers'}, t('common.cancel'))));
	main.append(h('section.page', {}, h('div.page-head', {}, h('h1', {}, t('customer_new.title'))), form));
	inputs.name.focus();

	function body() {
		const b = {kind: kind.value};
		for (const f of TEXT_FIELDS)
			if (inputs[f].value.trim())
				b[f] = inputs[f].value.trim();
		if (key.checked)
			b.key_account = true;
		return b;
	}

	async function create(force) {
		clearErrors(form);
		if (!checkRequired(form, ['name', 'kind']))
			return;
		setBusy(submit, true);
		try {
			const c = await api('POST', '/customers', {body: body(), query: force ? {force: 'true'} : {}});
			location.hash = `#/customers/${c.id}`;
		} catch (e) {
			if (e.status === 409 && e.body && Array.isArray(e.body.duplicates) && e.body.duplicates.length) {
				const anyway = h('button.secondary.force', {type: 'button'}, t('customer_new.create_anyway'));
				anyway.addEventListener('click', () => create(true));
				formNotice(form, [
					h('p', {}, h('strong', {}, t('customer_new.duplicate'))),
					h('ul', {}, e.body.duplicates.map((d) => h('li', {},
						h('a', {href: `#/customers/${d.id}`}, d.name || d.code), ' ',
						h('span.code', {}, d.code || ''), ' — ', t('customer_new.same.' + d.reason)))),
					h('div.actions', {}, anyway),
				], 'warning');
				anyway.focus();
			} else {
				showError(form, e.field, e.message);
			}
		} finally {
			setBusy(submit, false);
		}
	}
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		create(false);
	});
}
