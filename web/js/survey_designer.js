/* The survey designer, used by surveys.js: #/surveys/new creates a survey from a template
 * (supermarket17, servqual22, kano, ecsi) or from scratch (a title, a first section and a first
 * question); on a survey's page designer() shows its sections and questions and appends
 * sections and questions of every type the API knows (importance/satisfaction pairs, Kano
 * functional/dysfunctional pairs, SERVQUAL expectation/perception items 1–22, NPS, Likert
 * scales, single and multiple choice, text, number); waveTools() opens a wave, closes an open
 * one and makes the public fill-in links (single-use tokens shown once). */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {field, textInput, enumSelect, formMessage, clearErrors, showError, checkRequired, setBusy, formNotice} from './forms.js';

const TEMPLATES = ['supermarket17', 'servqual22', 'kano', 'ecsi'];
const TYPES = ['imp_sat', 'kano', 'servqual', 'nps', 'likert', 'single', 'multiple', 'text', 'number'];

/* "a=Label A\nb=Label B" or one label a line → [{key, label}]. */
function parseOptions(text) {
	const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
	return lines.map((l, i) => {
		const m = l.match(/^([a-z0-9_]{1,32})\s*=\s*(.+)$/);
		return m ? {key: m[1], label: m[2]} : {key: 'o' + (i + 1), label: l};
	});
}

/* The question fields; returns {nodes, body()} where body() is the API's question object or a
 * {field, message} for a client-side error. */
function questionFields(p = '') {
	const code = textInput('', {maxlength: 32, autocomplete: 'off', pattern: '[a-z0-9_]{1,32}'});
	const type = enumSelect('question_type', TYPES, 'imp_sat', true);
	const text = textInput('', {maxlength: 500});
	const min = h('input', {type: 'number', step: 1});
	const max = h('input', {type: 'number', step: 1});
	const item = h('input', {type: 'number', min: 1, max: 22, step: 1});
	const opts = h('textarea', {rows: 3});
	const scaleRow = h('div.grid-2.q-scale', {}, field(p + 'scale_min', t('designer.scale_min'), min), field(p + 'scale_max', t('designer.scale_max'), max));
	const itemRow = h('div.q-item', {}, field(p + 'item', t('designer.servqual_item'), item));
	const optRow = h('div.q-options', {}, field(p + 'options', t('designer.options'), opts), h('p.muted', {}, t('designer.options_help')));
	const help = h('p.muted.q-type-help', {'aria-live': 'polite'});
	const sync = () => {
		const v = type.value;
		scaleRow.hidden = !['likert', 'imp_sat', 'number'].includes(v);
		itemRow.hidden = v !== 'servqual';
		optRow.hidden = !['single', 'multiple'].includes(v);
		help.textContent = t(`designer.type_help.${v}`);
	};
	type.addEventListener('change', sync);
	sync();
	return {
		nodes: [h('div.grid-2', {}, field(p + 'code', t('designer.q_code'), code, {required: true}), field(p + 'type', t('designer.q_type'), type)),
			help, field(p + 'text', t('designer.q_text'), text, {required: true}), scaleRow, itemRow, optRow],
		body() {
			if (!/^[a-z0-9_]{1,32}$/.test(code.value.trim()))
				return {field: p + 'code', message: t('designer.bad_code')};
			if (!text.value.trim())
				return {field: p + 'text', message: t('validation.required')};
			const q = {code: code.value.trim(), type: type.value, text: text.value.trim()};
			if (!scaleRow.hidden && min.value)
				q.scale_min = Number(min.value);
			if (!scaleRow.hidden && max.value)
				q.scale_max = Number(max.value);
			if (!itemRow.hidden) {
				if (!item.value)
					return {field: p + 'item', message: t('validation.required')};
				q.item = Number(item.value);
			}
			if (!optRow.hidden) {
				q.options = parseOptions(opts.value);
				if (q.options.length < 2)
					return {field: p + 'options', message: t('designer.need_options')};
			}
			return q;
		},
	};
}

/* #/surveys/new */
export async function newSurvey(main) {
	const form = h('form.survey-new-form', {novalidate: true});
	const mode = h('fieldset.survey-mode', {}, h('legend', {}, t('designer.start_from')),
		h('label', {}, h('input', {type: 'radio', name: 'mode', value: 'template', checked: true}), ' ', t('designer.from_template')),
		h('label', {}, h('input', {type: 'radio', name: 'mode', value: 'scratch'}), ' ', t('designer.from_scratch')));
	const code = textInput('', {maxlength: 32, autocomplete: 'off', required: true});
	const title = textInput('', {maxlength: 200});
	const template = enumSelect('survey_template', TEMPLATES, 'supermarket17', true);
	const lang = h('select', {}, h('option', {value: 'zh'}, t('lang.zh-CN')), h('option', {value: 'en'}, t('lang.en')));
	const anonymous = h('input', {type: 'checkbox'});
	const schedule = h('select', {}, [0, 6, 12].map((m) => h('option', {value: m}, t(`designer.schedule.${m}`))));
	const section = textInput('', {maxlength: 200});
	const q = questionFields('q_');
	const tplPart = h('div.tpl-part', {}, h('div.grid-2', {}, field('template', t('designer.template'), template),
		field('template_lang', t('designer.template_lang'), lang)));
	const scratchPart = h('div.scratch-part', {hidden: true}, field('section', t('designer.section_title'), section, {required: true}),
		h('fieldset', {}, h('legend', {}, t('designer.first_question')), q.nodes));
	const submit = h('button.primary', {type: 'submit'}, t('designer.create'));
	form.append(formMessage(), mode, h('div.grid-2', {}, field('code', t('designer.survey_code'), code, {required: true}),
		field('title', t('designer.survey_title'), title)), tplPart, scratchPart,
		h('div.grid-2', {}, field('schedule_months', t('designer.schedule_label'), schedule),
			field('anonymous', t('designer.anonymous'), anonymous, {check: true})),
		h('div.actions', {}, submit));
	const scratch = () => form.querySelector('input[name=mode]:checked').value === 'scratch';
	mode.addEventListener('change', () => {
		tplPart.hidden = scratch();
		scratchPart.hidden = !scratch();
	});
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, scratch() ? ['code', 'title', 'section'] : ['code']))
			return;
		let body = {code: code.value.trim(), anonymous: anonymous.checked, schedule_months: Number(schedule.value)};
		if (title.value.trim())
			body.title = title.value.trim();
		if (scratch()) {
			const qb = q.body();
			if (qb.message) {
				showError(form, qb.field, qb.message);
				return;
			}
			body.sections = [{title: section.value.trim(), questions: [qb]}];
		} else {
			body.template = template.value;
			body.template_lang = lang.value;
		}
		setBusy(submit, true);
		try {
			const s = await api('POST', '/surveys', {body});
			location.hash = `#/surveys/${s.id}`;
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field === 'questions' || e.field === 'sections' ? null : e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	main.append(h('section.page.survey-new-page', {}, h('div.page-head', {}, h('h1', {}, t('designer.new_title')),
		h('a.button.secondary', {href: '#/surveys'}, t('surveys.title'))), h('section.card', {}, form)));
}

function questionList(survey) {
	return h('ol.survey-sections', {}, survey.sections.map((s) => h('li', {},
		h('strong', {}, s.title), s.demographic ? h('span.chip', {}, t('designer.demographic')) : null,
		h('ol.survey-questions', {}, s.questions.map((x) => h('li', {dataset: {code: x.code}},
			h('code', {}, x.code), ' ', h('span.chip', {}, t(`enum.question_type.${x.type}`)), ' ', x.text,
			x.item ? h('span.muted', {}, ` (SERVQUAL ${x.item})`) : null,
			x.options ? h('span.muted', {}, ' — ' + x.options.map((o) => o.label).join(' / ')) : null))))));
}

/* The questionnaire and the forms that extend it; onChange() reloads the page. */
export function designer(survey, locked, onChange) {
	const box = h('section.card.survey-designer', {'aria-labelledby': 'h-designer'},
		h('h2', {id: 'h-designer'}, t('designer.questionnaire')), questionList(survey));
	if (locked) {
		box.append(h('p.muted', {}, t('designer.locked')));
		return box;
	}
	const qform = h('form.question-form', {novalidate: true});
	const q = questionFields();
	const sec = h('select', {}, survey.sections.map((s, i) => h('option', {value: i + 1}, s.title)));
	sec.value = String(survey.sections.length);
	const qsubmit = h('button.primary', {type: 'submit'}, t('designer.add_question'));
	qform.append(formMessage(), field('section', t('designer.section'), sec), ...q.nodes, h('div.actions', {}, qsubmit));
	qform.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(qform);
		const body = q.body();
		if (body.message) {
			showError(qform, body.field, body.message);
			return;
		}
		body.section = Number(sec.value);
		setBusy(qsubmit, true);
		try {
			await api('POST', `/surveys/${survey.id}/questions`, {body});
			await onChange(t('designer.question_added'));
		} catch (e) {
			if (e.status !== 401)
				showError(qform, e.field, e.message);
			setBusy(qsubmit, false);
		}
	});
	const sform = h('form.section-form', {novalidate: true});
	const stitle = textInput('', {maxlength: 200});
	const demo = h('input', {type: 'checkbox'});
	const ssubmit = h('button.secondary', {type: 'submit'}, t('designer.add_section'));
	sform.append(formMessage(), field('title', t('designer.section_title'), stitle, {required: true}),
		field('demographic', t('designer.demographic'), demo, {check: true}), h('div.actions', {}, ssubmit));
	sform.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(sform);
		if (!checkRequired(sform, ['title']))
			return;
		setBusy(ssubmit, true);
		try {
			await api('POST', `/surveys/${survey.id}/sections`, {body: {title: stitle.value.trim(), demographic: demo.checked}});
			await onChange(t('designer.section_added'));
		} catch (e) {
			if (e.status !== 401)
				showError(sform, e.field, e.message);
			setBusy(ssubmit, false);
		}
	});
	box.append(h('details.add-question', {}, h('summary', {}, t('designer.add_question')), qform),
		h('details.add-section', {}, h('summary', {}, t('designer.add_section')), sform));
	return box;
}

/* Open a wave, close open ones, make links. */
export function waveTools(surveyId, waves, onChange) {
	const box = h('section.card.wave-tools', {'aria-labelledby': 'h-wave-tools'}, h('h2', {id: 'h-wave-tools'}, t('designer.waves')));
	const form = h('form.wave-form', {novalidate: true});
	const code = textInput('', {maxlength: 32, autocomplete: 'off', required: true});
	const name = textInput('', {maxlength: 200});
	const opens = h('input', {type: 'date'});
	const closes = h('input', {type: 'date'});
	const submit = h('button.primary', {type: 'submit'}, t('designer.open_wave'));
	form.append(formMessage(), h('div.grid-2', {}, field('code', t('designer.wave_code'), code, {required: true}),
		field('name', t('designer.wave_name'), name)),
		h('div.grid-2', {}, field('opens_on', t('surveys.opens'), opens), field('closes_on', t('surveys.closes'), closes)),
		h('p.muted', {}, t('designer.wave_help')), h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['code']))
			return;
		const body = {code: code.value.trim()};
		if (name.value.trim())
			body.name = name.value.trim();
		if (opens.value)
			body.opens_on = opens.value;
		if (closes.value)
			body.closes_on = closes.value;
		setBusy(submit, true);
		try {
			const w = await api('POST', `/surveys/${surveyId}/waves`, {body});
			await onChange(t('designer.wave_opened', {code: w.code}), w.id);
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
			setBusy(submit, false);
		}
	});
	const live = waves.filter((w) => w.state !== 'closed');
	for (const w of live) {
		const links = h('div.wave-links', {'aria-live': 'polite'});
		const count = h('input', {type: 'number', min: 1, max: 500, value: 1, step: 1});
		const lform = h('form.links-form', {novalidate: true});
		const make = h('button.secondary', {type: 'submit'}, t('designer.make_links'));
		const close = h('button.secondary.close-wave', {type: 'button'}, t('designer.close_wave'));
		lform.append(formMessage(), field('count', t('designer.link_count'), count), h('div.actions', {}, make, ' ', close));
		lform.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			clearErrors(lform);
			const n = Number(count.value);
			if (!Number.isInteger(n) || n < 1 || n > 500) {
				showError(lform, 'count', t('designer.bad_count'));
				return;
			}
			setBusy(make, true);
			try {
				const r = await api('POST', `/survey-waves/${w.id}/invitations`, {body: {count: n}});
				clear(links);
				links.append(h('p.muted', {}, t('designer.links_once')), h('ul.link-list', {}, r.items.map((x) => {
					const url = new URL(x.path, location.origin).href;
					return h('li', {}, h('input.public-link', {type: 'text', readonly: true, value: url, 'aria-label': t('designer.public_link')}),
						' ', h('a', {href: url, target: '_blank', rel: 'noopener'}, t('designer.open_link')));
				})));
			} catch (e) {
				if (e.status !== 401)
					showError(lform, e.field, e.message);
			} finally {
				setBusy(make, false);
			}
		});
		close.addEventListener('click', async () => {
			setBusy(close, true);
			try {
				await api('POST', `/survey-waves/${w.id}/close`);
				await onChange(t('designer.wave_closed', {code: w.code}));
			} catch (e) {
				if (e.status !== 401)
					formNotice(lform, e.message, 'error');
				setBusy(close, false);
			}
		});
		box.append(h('div.wave-live', {dataset: {wave: w.id}}, h('h3', {}, w.code, ' · ', t(`surveys.state.${w.state}`)), lform, links));
	}
	box.append(h('details.open-wave', {open: live.length ? null : true}, h('summary', {}, t('designer.open_wave')), form));
	return box;
}
