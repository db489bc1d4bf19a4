/* The "log interaction" form of the customer page and one entry of its timeline. Channel,
 * type and time are required (checked here with the catalogue's message, and again by the
 * server, whose message for a field shows next to that field). The time is entered in
 * company time and sent without an offset, which the API reads as company time. */
import {api} from './api.js';
import {h, formatInstant, nowLocalInput} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, enumSelect, textInput, formMessage, clearErrors, checkRequired, showError, setBusy} from './forms.js';

export const CHANNELS = ['phone', 'email', 'sms', 'wechat', 'social', 'website', 'store',
                         'service_centre', 'visit', 'fax'];
export const TYPES = ['inquiry', 'complaint', 'suggestion', 'request', 'visit', 'return_visit',
                      'reception', 'meeting', 'greeting', 'training', 'care'];
const DIRECTIONS = ['inbound', 'outbound'];

/* Names of the customer's contacts by id, for the timeline; filled by the customer page. */
export const contactNames = new Map();

export function interactionItem(ix) {
	return h('li.timeline-item', {dataset: {channel: ix.channel}},
		h('div.when', {}, h('time', {datetime: ix.occurred_at}, formatInstant(ix.occurred_at))),
		h('div.what', {},
			h('div.ix-head', {},
				h('span.chip', {}, tEnum('channel', ix.channel)),
				h('span.chip', {}, tEnum('itype', ix.type)),
				ix.direction ? h('span.muted', {}, tEnum('direction', ix.direction)) : null),
			ix.subject ? h('div.ix-subject', {}, ix.subject) : null,
			ix.contact_id && contactNames.has(ix.contact_id)
				? h('div.muted', {}, t('field.interaction.contact_id') + ': ', contactNames.get(ix.contact_id)) : null,
			ix.content ? h('p.ix-content', {}, ix.content) : null,
			ix.outcome ? h('p.ix-outcome', {}, t('field.interaction.outcome') + ': ', ix.outcome) : null));
}

export function interactionForm(customerId, onCreated) {
	const channel = enumSelect('channel', CHANNELS, 'phone', true);
	const type = enumSelect('itype', TYPES, 'inquiry', true);
	const direction = enumSelect('direction', DIRECTIONS, 'outbound', false);
	const contact = h('select', {}, h('option', {value: ''}, t('common.none')));
	const when = h('input', {type: 'datetime-local', value: nowLocalInput()});
	const subject = textInput('', {maxlength: 200});
	const content = h('textarea', {rows: 3, maxlength: 20000});
	const outcome = textInput('', {maxlength: 2000});
	const submit = h('button.primary', {type: 'submit'}, t('interaction.submit'));
	const form = h('form.ix-form', {novalidate: true, 'aria-label': t('interaction.form_title')},
		formMessage(),
		h('div.grid-3', {},
			field('channel', t('field.interaction.channel'), channel, {required: true}),
			field('type', t('field.interaction.type'), type, {required: true}),
			field('direction', t('field.interaction.direction'), direction),
			field('occurred_at', t('field.interaction.occurred_at'), when, {required: true})),
		field('contact_id', t('field.interaction.contact_id'), contact),
		field('subject', t('field.interaction.subject'), subject),
		field('content', t('field.interaction.content'), content),
		field('outcome', t('field.interaction.outcome'), outcome),
		h('div.actions', {}, submit));
	const details = h('details.ix-details', {}, h('summary', {}, t('interaction.form_title')), form);

	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['channel', 'type', 'occurred_at']))
			return;
		const body = {channel: channel.value, type: type.value, occurred_at: when.value};
		if (direction.value)
			body.direction = direction.value;
		if (contact.value)
			body.contact_id = Number(contact.value);
		for (const [k, el] of [['subject', subject], ['content', content], ['outcome', outcome]])
			if (el.value.trim())
				body[k] = el.value.trim();
		setBusy(submit, true);
		try {
			const ix = await api('POST', `/customers/${customerId}/interactions`, {body});
			subject.value = '';
			content.value = '';
			outcome.value = '';
			when.value = nowLocalInput();
			onCreated(ix);
		} catch (e) {
			showError(form, e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	// the customer's contacts arrive after the form is drawn
	details.setContacts = (list) => {
		for (const p of list)
			contact.appendChild(h('option', {value: String(p.id)}, p.title ? `${p.name}（${p.title}）` : p.name));
	};
	return details;
}
