/* A small modal dialog asking for one value (the reason of a won or lost deal, the reply or
 * summary of a ticket, an assignee): a native <dialog>, so Escape and the focus trap come
 * from the browser. Resolves to the trimmed text, or null when cancelled. */
import {h} from './dom.js';
import {t} from './i18n.js';

let seq = 0;

export function ask({title, label, value = '', multiline = true, inputType = 'text', okLabel}) {
	return new Promise((resolve) => {
		const id = `ask-${++seq}`;
		const input = multiline
			? h('textarea', {id, rows: 4, maxlength: 2000, required: true})
			: h('input', {id, type: inputType, required: true, value});
		if (multiline)
			input.value = value;
		const err = h('div.field-error', {role: 'alert', id: id + '-err'});
		input.setAttribute('aria-describedby', err.id);
		const ok = h('button.primary', {type: 'submit'}, okLabel || t('common.save'));
		const cancel = h('button.secondary', {type: 'button'}, t('common.cancel'));
		const form = h('form.ask-form', {method: 'dialog', novalidate: true},
			h('h2', {}, title),
			h('div.field', {}, h('label', {for: id}, label, h('span.req', {'aria-hidden': 'true'}, ' *')), input, err),
			h('div.actions', {}, ok, cancel));
		const dlg = h('dialog.ask', {'aria-labelledby': id + '-t'}, form);
		form.querySelector('h2').id = id + '-t';
		let result = null;
		form.addEventListener('submit', (ev) => {
			const v = input.value.trim();
			if (!v) {
				ev.preventDefault();
				err.textContent = t('validation.required');
				input.setAttribute('aria-invalid', 'true');
				input.focus();
				return;
			}
			result = v;
		});
		cancel.addEventListener('click', () => dlg.close());
		dlg.addEventListener('close', () => {
			dlg.remove();
			resolve(result);
		});
		document.body.append(dlg);
		dlg.showModal();
		input.focus();
	});
}
