/* The UI's entry point: loads the catalogue, restores the session, and routes by the URL's
 * hash (#/login, #/dashboard (the landing page), #/customers, #/customers/new, #/customers/ID,
 * #/customers/ID/card, #/pool, #/credit, #/search?q=…, #/surveys, #/tasks, #/approvals,
 * #/analytics/NAME, #/admin/TAB, #/import, …) to the page
 * modules, each of which renders into <main>. Also runs the header: menu toggle on narrow
 * screens, the global search box, the language switch and logout. */
import {api, setSession, currentUser} from './api.js';
import {detectLang, getLang, setLang, t} from './i18n.js';
import {h, clear} from './dom.js';
import * as login from './login.js';
import * as customers from './customers.js';
import * as customer from './customer.js';
import * as customerNew from './customer_new.js';
import * as search from './search.js';
import * as surveys from './surveys.js';
import * as dashboard from './dashboard.js';
import * as pool from './pool.js';
import * as credit from './credit.js';
import * as card from './card.js';
import * as leads from './leads.js';
import * as pipeline from './pipeline.js';
import * as tickets from './tickets.js';
import * as tasks from './tasks.js';
import * as notifications from './notifications.js';
import * as approvals from './approvals.js';
import * as segments from './segments.js';
import * as campaigns from './campaigns.js';
import * as loyalty from './loyalty.js';
import * as admin from './admin.js';
import * as importWizard from './import_wizard.js';
import * as analytics from './analytics.js';

const main = document.getElementById('main');
let sessionChecked = false;

export function go(hash) {
	if (location.hash === hash)
		route();
	else
		location.hash = hash;
}

function parseHash() {
	const raw = location.hash.replace(/^#/, '') || '/dashboard';
	const [path, qs] = raw.split('?');
	return {path, params: new URLSearchParams(qs || '')};
}

function match(path) {
	if (path === '/login')
		return {page: login, name: 'login'};
	if (path === '/dashboard')
		return {page: dashboard, name: 'dashboard'};
	if (path === '/pool')
		return {page: pool, name: 'pool'};
	if (path === '/credit')
		return {page: credit, name: 'credit'};
	if (path === '/customers')
		return {page: customers, name: 'customers'};
	if (path === '/customers/new')
		return {page: customerNew, name: 'customer-new'};
	let m = path.match(/^\/customers\/([1-9][0-9]{0,17})$/);
	if (m)
		return {page: customer, name: 'customers', id: Number(m[1])};
	m = path.match(/^\/customers\/([1-9][0-9]{0,17})\/card$/);
	if (m)
		return {page: card, name: 'customers', id: Number(m[1])};
	if (path === '/search')
		return {page: search, name: 'search'};
	m = path.match(/^\/surveys(?:\/([1-9][0-9]{0,17}))?$/);
	if (m)
		return {page: surveys, name: 'surveys', id: m[1] ? Number(m[1]) : 0};
	// sales and service pages: #/leads, #/pipeline, #/tickets, #/tickets/ID
	if (path === '/leads')
		return {page: leads, name: 'leads'};
	if (path === '/pipeline')
		return {page: pipeline, name: 'pipeline'};
	m = path.match(/^\/tickets(?:\/([1-9][0-9]{0,17}))?$/);
	if (m)
		return {page: tickets, name: 'tickets', id: m[1] ? Number(m[1]) : 0};
	// workflow and marketing pages: #/tasks, #/notifications, #/approvals, #/segments[/ID],
	// #/campaigns[/ID], #/loyalty[/ID], and the survey designer at #/surveys/new
	if (path === '/tasks')
		return {page: tasks, name: 'tasks'};
	if (path === '/notifications')
		return {page: notifications, name: 'notifications'};
	if (path === '/approvals')
		return {page: approvals, name: 'approvals'};
	if (path === '/surveys/new')
		return {page: surveys, name: 'surveys', id: 'new'};
	for (const [name, page] of [['segments', segments], ['campaigns', campaigns], ['loyalty', loyalty]]) {
		m = path.match(new RegExp(`^/${name}(?:/([1-9][0-9]{0,17}))?$`));
		if (m)
			return {page, name, id: m[1] ? Number(m[1]) : 0};
	}
	// admin pages (#/admin/users, /roles, /org, /settings, /webhooks, /audit, /jobs) and the import wizard
	m = path.match(/^\/admin(?:\/([a-z]+))?$/);
	if (m)
		return {page: admin, name: 'admin', tab: m[1] || 'users'};
	if (path === '/import')
		return {page: importWizard, name: 'import'};
	// analytics pages: #/analytics, #/analytics/NAME (analytics.js)
	m = path.match(/^\/analytics(?:\/([a-z]+))?$/);
	if (m)
		return {page: analytics, name: 'analytics', sub: m[1] || ''};
	return null;
}

function showUser() {
	const u = currentUser();
	document.body.classList.toggle('signed-out', !u);
	document.querySelector('.user-name').textContent = u ? (u.display_name || u.username) : '';
	for (const el of document.querySelectorAll('.admin-only'))
		el.hidden = !u || u.role !== 'admin';
}

async function route() {
	const {path, params} = parseHash();
	if (!sessionChecked) {
		sessionChecked = true;
		try {
			setSession(await api('GET', '/session', {noRedirect: true}));
		} catch (e) {
			setSession(null);
		}
	}
	showUser();
	closeNav();
	const r = match(path);
	if (!currentUser() && path !== '/login') {
		sessionStorage.setItem('guanxi.after_login', location.hash || '#/dashboard');
		location.hash = '#/login';
		return;
	}
	for (const a of document.querySelectorAll('.sidenav a'))
		a.toggleAttribute('aria-current', r && a.dataset.route === r.name);
	if (!r || r.name !== 'search')
		document.querySelector('.global-search input').value = '';
	clear(main);
	if (!r) {
		main.append(h('section.page', {}, h('h1', {}, t('error.not_found_title')),
		              h('p', {}, t('error.not_found_page')),
		              h('a', {href: '#/dashboard'}, t('nav.dashboard'))));
		return;
	}
	notifications.updateBell();
	try {
		await r.page.render(main, {id: r.id, params, tab: r.tab, sub: r.sub});
	} catch (e) {
		if (e && e.status === 401)
			return;
		clear(main);
		// a record that does not exist or is outside the caller's scope: the not-found page
		if (e && e.status === 404) {
			main.append(h('section.page.not-found', {}, h('h1', {}, t('error.not_found_title')),
			              h('div.notice.error', {role: 'alert'}, e.message || t('error.not_found_page')),
			              h('p', {}, h('a', {href: '#/dashboard'}, t('nav.dashboard')))));
			return;
		}
		main.append(h('section.page', {}, h('div.notice.error', {role: 'alert'},
		              e && e.message ? e.message : t('error.generic'))));
		console.warn(e);
	}
}

function closeNav() {
	document.body.classList.remove('nav-open');
	document.querySelector('.nav-toggle').setAttribute('aria-expanded', 'false');
}

function setupHeader() {
	const toggle = document.querySelector('.nav-toggle');
	toggle.addEventListener('click', () => {
		const open = !document.body.classList.contains('nav-open');
		document.body.classList.toggle('nav-open', open);
		toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
	});
	// a link to the page already shown changes no hash, so the menu closes on any click in it
	document.getElementById('nav').addEventListener('click', (ev) => {
		if (ev.target.closest('a'))
			closeNav();
	});
	document.addEventListener('keydown', (ev) => {
		if (ev.key === 'Escape' && document.body.classList.contains('nav-open')) {
			closeNav();
			toggle.focus();
		}
	});
	const sw = document.getElementById('lang-switch');
	sw.value = getLang();
	sw.addEventListener('change', async () => {
		await setLang(sw.value, true);
		route();
	});
	document.querySelector('.global-search').addEventListener('submit', (ev) => {
		ev.preventDefault();
		const q = ev.target.q.value.trim();
		go('#/search?q=' + encodeURIComponent(q));
	});
	document.querySelector('.logout').addEventListener('click', async () => {
		try {
			await api('POST', '/logout', {noRedirect: true});
		} catch (e) {
			/* the session is gone either way */
		}
		setSession(null);
		go('#/login');
	});
	window.addEventListener('guanxi:unauthenticated', () => {
		showUser();
		if (parseHash().path !== '/login') {
			sessionStorage.setItem('guanxi.after_login', location.hash || '#/dashboard');
			location.hash = '#/login';
		}
	});
}

async function start() {
	await setLang(detectLang(), false);
	document.getElementById('lang-switch').value = getLang();
	setupHeader();
	window.addEventListener('hashchange', route);
	window.addEventListener('guanxi:reroute', route);
	await route();
	document.body.dataset.ready = '1';
}

start();
