/* Notifications: #/notifications lists the caller's notifications (GET /api/v1/notifications),
 * unread ones first in weight, each with a read/unread toggle and a link to the record it is
 * about; "mark all read" clears the lot. updateBell() keeps the count of unread ones on the bell
 * in the header (one small request: limit=1 and the list's total). */
import {api, currentUser} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t} from './i18n.js';
import {setBusy} from './forms.js';

export async function updateBell() {
	const bell = document.querySelector('.bell');
	if (!bell)
		return;
	const count = bell.querySelector('.bell-count');
	if (!currentUser()) {
		count.hidden = true;
		return;
	}
	try {
		const r = await api('GET', '/notifications', {query: {unread: 'true', limit: 1}, noRedirect: true});
		const n = r.total ?? r.items.length;
		count.textContent = n > 99 ? '99+' : String(n);
		count.hidden = n === 0;
		bell.setAttribute('aria-label', t('notifications.bell', {n}));
	} catch (e) {
		count.hidden = true;
	}
}

function link(n) {
	const hrefs = {customer: '#/customers/', approval: '#/approvals?id=', task: '#/tasks?id=', ticket: '#/tickets/'};
	if (n.entity && n.entity_id && hrefs[n.entity])
		return h('a', {href: hrefs[n.entity] + n.entity_id}, t('notifications.open'));
	return null;
}

export async function render(main) {
	const list = h('div', {'aria-live': 'polite'}, h('p.loading', {role: 'status'}, t('common.loading')));
	const allBtn = h('button.secondary', {type: 'button'}, t('notifications.read_all'));
	const page = h('section.page.notifications-page', {},
		h('div.page-head', {}, h('h1', {}, t('notifications.title')), allBtn), list);
	async function load() {
		const r = await api('GET', '/notifications', {query: {sort: '-id', limit: 100}});
		clear(list);
		updateBell();
		if (!r.items.length) {
			list.append(h('p.empty', {}, t('notifications.none')));
			return;
		}
		list.append(h('ul.notification-list', {}, r.items.map((n) => {
			const unread = !n.read_at;
			const btn = h('button.small.secondary', {type: 'button'}, unread ? t('notifications.mark_read') : t('notifications.mark_unread'));
			btn.addEventListener('click', async () => {
				setBusy(btn, true);
				try {
					await api('POST', `/notifications/${n.id}/${unread ? 'read' : 'unread'}`);
				} catch (e) {
					/* 409: someone (another tab) changed it already; the redraw shows the state */
				}
				await load();
			});
			return h(`li.notification${unread ? '.unread' : ''}`, {dataset: {id: n.id}},
				h('div', {}, unread ? h('span.badge.st-open', {}, t('notifications.unread')) : null, ' ', h('span.n-text', {}, n.text)),
				h('div.muted', {}, formatInstant(n.created_at), ' ', link(n), ' ', btn));
		})));
	}
	allBtn.addEventListener('click', async () => {
		setBusy(allBtn, true);
		try {
			await api('POST', '/notifications/read-all');
			await load();
		} finally {
			setBusy(allBtn, false);
		}
	});
	main.append(page);
	await load();
}
