/* The login page: username and password to POST /api/v1/login; the answer's CSRF token is
 * kept by api.js for the session's writes. Wrong credentials and the lockout (429) show as a
 * message above the form. */
import {api, setSession} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {field, formMessage, clearErrors, checkRequired, formNotice, setBusy} from './forms.js';

export async function render(main) {
	const user = h('input', {type: 'text', autocomplete: 'username', autocapitalize: 'none', spellcheck: 'false'});
	const pass = h('input', {type: 'password', autocomplete: 'current-password'});
	const submit = h('button.primary', {type: 'submit'}, t('login.submit'));
	const form = h('form.card.login-card', {novalidate: true},
		h('h1', {}, t('login.title')),
		h('p.muted', {}, t('login.intro')),
		formMessage(),
		field('username', t('login.username'), user, {required: true}),
		field('password', t('login.password'), pass, {required: true}),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['username', 'password']))
			return;
		setBusy(submit, true);
		try {
			const s = await api('POST', '/login', {body: {username: user.value.trim(), password: pass.value}, noRedirect: true});
			setSession(s);
			const next = sessionStorage.getItem('guanxi.after_login');
			sessionStorage.removeItem('guanxi.after_login');
			location.hash = next && next !== '#/login' ? next : '#/dashboard';
		} catch (e) {
			pass.value = '';
			formNotice(form, e.status === 401 ? t('login.failed') : e.message, 'error');
			pass.focus();
		} finally {
			setBusy(submit, false);
		}
	});
	main.append(h('section.page.login-page', {}, form));
	user.focus();
}
