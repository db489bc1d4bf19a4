/* Form building blocks: a labelled field with its own message line (so an API error that
 * names a field shows next to it), a form-level message, and the busy state of a submit. */
import {h, clear} from './dom.js';
import {t, tEnum} from './i18n.js';

let seq = 0;

/* field('city', t('field.customer.city'), input) → the row; the input gets id, name and
 * aria-describedby pointing at the message line. */
export function field(name, label, input, opts = {}) {
	const id = `f-${name}-${++seq}`;
	input.id = id;
	input.name = name;
	const msg = h('div.field-error', {id: id + '-err', role: 'alert', dataset: {for: name}});
	input.setAttribute('aria-describedby', msg.id);
	const cls = opts.check ? 'field.field-check' : 'field';
	if (opts.check)
		return h(cls, {}, h('label', {for: id}, input, ' ', label), msg);
	return h(cls, {}, h('label', {for: id}, label, opts.required ? h('span.req', {'aria-hidden': 'true'}, ' *') : null), input, msg);
}

export function textInput(value, attrs = {}) {
	return h('input', {type: 'text', value: value ?? '', ...attrs});
}

/* A <select> of enum values with their catalogue labels; blank first unless required. */
export function enumSelect(kind, values, value, required) {
	const sel = h('select', {});
	if (!required)
		sel.appendChild(h('option', {value: ''}, t('common.none')));
	for (const v of values)
		sel.appendChild(h('option', {value: v}, tEnum(kind, v)));
	sel.value = value ?? (required ? values[0] : '');
	return sel;
}

export function formMessage() {
	return h('div.form-message', {role: 'alert', hidden: true});
}

export function clearErrors(form) {
	for (const el of form.querySelectorAll('.field-error'))
		el.textContent = '';
	for (const el of form.querySelectorAll('[aria-invalid]'))
		el.removeAttribute('aria-invalid');
	const m = form.querySelector('.form-message');
	if (m) {
		clear(m);
		m.hidden = true;
		m.className = 'form-message';
	}
}

/* Shows a message next to the field it names, or else at the top of the form. */
export function showError(form, fieldName, message) {
	const slot = fieldName ? form.querySelector(`.field-error[data-for="${CSS.escape(fieldName)}"]`) : null;
	if (slot) {
		slot.textContent = message;
		const input = form.querySelector(`[name="${CSS.escape(fieldName)}"]`);
		if (input) {
			input.setAttribute('aria-invalid', 'true');
			input.focus();
		}
		return;
	}
	formNotice(form, message, 'error');
}

export function formNotice(form, content, kind) {
	const m = form.querySelector('.form-message');
	clear(m);
	m.append(...(Array.isArray(content) ? content : [content]));
	m.className = 'form-message ' + (kind || 'error');
	m.hidden = false;
	return m;
}

/* Client-side check of required fields, with the catalogue's message next to each. */
export function checkRequired(form, names) {
	let ok = true;
	for (const n of names) {
		const input = form.querySelector(`[name="${n}"]`);
		if (input && !String(input.value).trim()) {
			if (ok)
				showError(form, n, t('validation.required'));
			else
				form.querySelector(`.field-error[data-for="${n}"]`).textContent = t('validation.required');
			ok = false;
		}
	}
	return ok;
}

export function setBusy(button, busy) {
	button.disabled = busy;
	button.setAttribute('aria-busy', busy ? 'true' : 'false');
}
