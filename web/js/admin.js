/* The admin pages (#/admin/users, /roles, /org, /settings, /webhooks, /audit, /jobs; PRODUCT.md
 * "Administration"): only admins get them — the navigation hides the link for everyone else
 * and this page says so instead of drawing anything (the API refuses them with 403 anyway). */
import {currentUser} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {adminShell, TABS} from './admin_common.js';
import * as users from './admin_users.js';
import * as roles from './admin_roles.js';
import * as org from './admin_org.js';
import * as settings from './admin_settings.js';
import * as hooks from './admin_hooks.js';

const PAGES = {users, roles, org, settings, webhooks: hooks, audit: hooks, jobs: hooks};

export async function render(main, {tab}) {
	const u = currentUser();
	if (!u || u.role !== 'admin') {
		main.append(h('section.page', {}, h('h1', {}, t('admin.title')),
		              h('div.notice.error', {role: 'alert'}, t('admin.forbidden'))));
		return;
	}
	const current = TABS.includes(tab) ? tab : 'users';
	const body = adminShell(main, current);
	await PAGES[current].render(body, current);
}
