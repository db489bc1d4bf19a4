/* The public survey page (survey.html, no login). The invitation token comes from the link's
 * #fragment; the questionnaire is loaded from GET /api/v1/public/survey and each question is
 * drawn by its type: pairs (importance/satisfaction, Kano with and without the feature,
 * SERVQUAL expectation/perception) as two answer rows, NPS 0–10, Likert scales, choices, text
 * and numbers. Answers are checked here for a quick hint (required, range) and again by the
 * server, whose message names the question; the page then marks that question. Every text from
 * the questionnaire goes into the page as text (dom.js h()), never as HTML. */
import {ApiError, api} from './api.js';
import {h, clear} from './dom.js';
import {detectLang, getLang, setLang, t} from './i18n.js';

const main = document.getElementById('main');
let form = null;        // the loaded questionnaire
let token = '';

const PAIR_PARTS = {
	imp_sat: ['survey.part.importance', 'survey.part.satisfaction'],
	kano: ['survey.part.functional', 'survey.part.dysfunctional'],
	servqual: ['survey.part.expectation', 'survey.part.perception'],
};

function anchors(q, part) {
	if (q.type === 'imp_sat')
		return part === 0 ? ['survey.anchor.imp_low', 'survey.anchor.imp_high'] : ['survey.anchor.sat_low', 'survey.anchor.sat_high'];
	if (q.type === 'servqual')
		return ['survey.anchor.disagree', 'survey.anchor.agree'];
	if (q.type === 'nps')
		return ['survey.anchor.nps_low', 'survey.anchor.nps_high'];
	return ['survey.anchor.low', 'survey.anchor.high'];
}

/* A row of radio buttons scale_min..scale_max named name, with the end labels below. */
function scale(q, name, part, labelKey) {
	const row = h('fieldset.sv-scale', {}, h('legend.visually-hidden', {}, t(labelKey)));
	for (let v = q.scale_min; v <= q.scale_max; v++)
		row.appendChild(h('label', {}, h('input', {type: 'radio', name, value: String(v)}), h('span', {}, String(v))));
	const [lo, hi] = anchors(q, part);
	return [row, h('div.sv-anchors', {'aria-hidden': 'true'},
	               h('span', {}, `${q.scale_min} = ${t(lo)}`), h('span', {}, `${q.scale_max} = ${t(hi)}`))];
}

function kanoOptions(name, labelKey) {
	const box = h('fieldset.sv-options.sv-scale', {}, h('legend.visually-hidden', {}, t(labelKey)));
	for (let v = 1; v <= 5; v++)
		box.appendChild(h('label', {}, h('input', {type: 'radio', name, value: String(v)}), h('span', {}, t(`survey.kano.${v}`))));
	return box;
}

function control(q) {
	const name = `q_${q.code}`;
	if (PAIR_PARTS[q.type]) {
		const out = [];
		PAIR_PARTS[q.type].forEach((key, part) => {
			out.push(h('p.sv-part', {}, t(key)));
			out.push(q.type === 'kano' ? kanoOptions(`${name}_${part}`, key) : scale(q, `${name}_${part}`, part, key));
		});
		return out;
	}
	switch (q.type) {
	case 'nps': case 'likert':
		return scale(q, name, 0, 'survey.part.answer');
	case 'single': case 'multiple':
		return h('div.sv-options', {}, (q.options || []).map((o) =>
			h('label', {}, h('input', {type: q.type === 'single' ? 'radio' : 'checkbox', name, value: o.key}),
			  h('span', {}, o.label))));
	case 'number':
		return h('input', {type: 'number', name, inputmode: 'numeric', min: q.scale_min, max: q.scale_max, step: 1,
		                   'aria-label': q.text});
	default:
		return h('textarea', {name, maxlength: 2000, 'aria-label': q.text});
	}
}

function questionBlock(q) {
	const text = q.type === 'kano' ? t('survey.kano.feature', {feature: q.text}) : q.text;
	return h('fieldset.sv-q', {id: `q-${q.code}`, dataset: {code: q.code}},
		h('legend', {}, text, q.required ? h('span.sv-req', {'aria-label': t('survey.required')}, '*') : null),
		control(q),
		h('p.sv-err', {hidden: true, role: 'alert'}));
}

function render() {
	clear(main);
	const s = form.survey;
	document.title = s.title;
	main.appendChild(h('h1', {}, s.title));
	if (s.description)
		main.appendChild(h('p.sv-muted', {}, s.description));
	main.appendChild(h('p.sv-muted', {}, t('survey.closes', {date: form.wave.closes_on})));
	const f = h('form', {novalidate: true, onsubmit: submit, onchange: clearMark});
	f.appendChild(h('div.sv-alert', {hidden: true, role: 'alert', id: 'sv-alert'}));
	for (const sec of s.sections) {
		if (!sec.questions.length)
			continue;
		f.appendChild(h('fieldset.sv-section', {}, h('legend', {}, sec.title), sec.questions.map(questionBlock)));
	}
	f.appendChild(h('button.sv-submit', {type: 'submit'}, t('survey.submit')));
	main.appendChild(f);
}

/* An answer given clears its question's mark. */
function clearMark(ev) {
	const block = ev.target.closest('.sv-q');
	if (!block || !block.classList.contains('sv-bad'))
		return;
	block.classList.remove('sv-bad');
	const p = block.querySelector('.sv-err');
	p.hidden = true;
	p.textContent = '';
}

function questions() {
	return form.survey.sections.flatMap((s) => s.questions);
}

function radioValue(f, name) {
	const el = f.querySelector(`input[name="${name}"]:checked`);
	return el ? Number(el.value) : null;
}

/* {code: answer} of the answered questions, and the first local problem per question. */
function collect(f) {
	const answers = {}, problems = {};
	for (const q of questions()) {
		const name = `q_${q.code}`;
		let v = null;
		if (PAIR_PARTS[q.type]) {
			const a = radioValue(f, `${name}_0`), b = radioValue(f, `${name}_1`);
			if (a !== null && b !== null)
				v = [a, b];
			else if (a !== null || b !== null)
				problems[q.code] = t('survey.error.both');
		} else if (q.type === 'nps' || q.type === 'likert') {
			v = radioValue(f, name);
		} else if (q.type === 'single') {
			const el = f.querySelector(`input[name="${name}"]:checked`);
			v = el ? el.value : null;
		} else if (q.type === 'multiple') {
			v = [...f.querySelectorAll(`input[name="${name}"]:checked`)].map((el) => el.value);
			if (!v.length)
				v = null;
		} else if (q.type === 'number') {
			const raw = f.elements[name].value.trim();
			if (raw !== '') {
				v = Number(raw);
				if (!Number.isInteger(v) || v < q.scale_min || v > q.scale_max)
					problems[q.code] = t('survey.error.range', {min: q.scale_min, max: q.scale_max});
			}
		} else {
			v = f.elements[name].value.trim() || null;
		}
		if (v === null && q.required && !problems[q.code])
			problems[q.code] = t('survey.error.required');
		if (v !== null)
			answers[q.code] = v;
	}
	return {answers, problems};
}

function showProblems(f, problems) {
	let first = null;
	for (const block of f.querySelectorAll('.sv-q')) {
		const msg = problems[block.dataset.code];
		const p = block.querySelector('.sv-err');
		block.classList.toggle('sv-bad', Boolean(msg));
		p.hidden = !msg;
		p.textContent = msg || '';
		if (msg && !first)
			first = block;
	}
	if (first) {
		first.scrollIntoView({block: 'center'});
		const input = first.querySelector('input, textarea');
		if (input)
			input.focus({preventScroll: true});
	}
}

async function submit(ev) {
	ev.preventDefault();
	const f = ev.currentTarget;
	const alert = f.querySelector('#sv-alert');
	alert.hidden = true;
	const {answers, problems} = collect(f);
	showProblems(f, problems);
	if (Object.keys(problems).length)
		return;
	const button = f.querySelector('.sv-submit');
	button.disabled = true;
	try {
		await api('POST', '/public/survey', {body: {token, answers}, noRedirect: true});
		clear(main);
		main.appendChild(h('div.sv-done', {}, h('h1', {}, t('survey.thanks.title')), h('p', {}, t('survey.thanks.text'))));
	} catch (e) {
		button.disabled = false;
		const msg = e instanceof ApiError ? e.message : t('error.generic');
		if (e instanceof ApiError && e.field && f.querySelector(`#q-${CSS.escape(e.field)}`))
			showProblems(f, {[e.field]: msg});
		else {
			alert.textContent = msg;
			alert.hidden = false;
			alert.scrollIntoView({block: 'center'});
		}
	}
}

function fatal(message) {
	clear(main);
	main.appendChild(h('div.sv-alert', {role: 'alert'}, message));
}

async function load() {
	token = decodeURIComponent(location.hash.replace(/^#/, ''));
	if (!/^[A-Za-z0-9_-]{43}$/.test(token)) {
		fatal(t('survey.error.link'));
		return;
	}
	try {
		form = await api('GET', '/public/survey', {query: {token}, noRedirect: true});
		render();
	} catch (e) {
		fatal(e instanceof ApiError ? e.message : t('error.generic'));
	}
}

async function start() {
	await setLang(detectLang(), false);
	const sw = document.getElementById('lang-switch');
	sw.value = getLang();
	sw.addEventListener('change', async () => {
		await setLang(sw.value, true);
		if (form) {
			const f = main.querySelector('form');
			const {answers} = f ? collect(f) : {answers: {}};
			render();
			restore(answers);
		} else {
			await load();
		}
	});
	/* a new link pasted into the same tab changes only the #fragment */
	window.addEventListener('hashchange', () => {
		form = null;
		load();
	});
	await load();
}

/* After a language switch the form is drawn again: put the answers back. */
function restore(answers) {
	const f = main.querySelector('form');
	for (const [code, v] of Object.entries(answers)) {
		const name = `q_${code}`;
		const set = (n, val) => {
			const el = f.querySelector(`input[name="${n}"][value="${CSS.escape(String(val))}"]`);
			if (el)
				el.checked = true;
		};
		if (Array.isArray(v) && PAIR_PARTS[questions().find((q) => q.code === code).type]) {
			set(`${name}_0`, v[0]);
			set(`${name}_1`, v[1]);
		} else if (Array.isArray(v)) {
			v.forEach((k) => set(name, k));
		} else if (f.elements[name] && (f.elements[name].tagName === 'TEXTAREA' || f.elements[name].type === 'number')) {
			f.elements[name].value = String(v);
		} else {
			set(name, v);
		}
	}
}

start();
