/* The public pool (公海, #/pool): customers nobody owns (filter owner_id isnull), newest
 * contact first, with a "claim" button on each row (POST /api/v1/customers/ID/claim). A claim
 * the server refuses (the owned or daily limit, the cool-down after losing the customer, taken
 * by someone else first) shows the server's message on that row and at the top of the list;
 * a successful one turns the row into a link to the customer, now the user's. */
import {api} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t, tEnum} from './i18n.js';
import {setBusy} from './forms.js';

const PAGE = 25;
const COLS = ['code', 'name', 'kind', 'city', 'industry', 'last_touch_at'];

export async function render(main) {
	const status = h('p.status-line', {role: 'status', 'aria-live': 'polite'});
	const notice = h('div.notice', {role: 'alert', hidden: true});
	const results = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('customers.more'));
	main.append(h('section.page.pool-page', {},
		h('div.page-head', {}, h('div', {}, h('h1', {}, t('pool.title')), h('p.subtitle', {}, t('pool.subtitle')))),
		notice, status, results, more));
	let cursor = null;
	let shown = 0;

	function say(msg, kind) {
		notice.className = `notice ${kind}`;
		notice.textContent = msg;
		notice.hidden = !msg;
	}

	function row(c) {
		const msg = h('div.row-error', {role: 'alert'});
		const btn = h('button.primary.claim', {type: 'button', dataset: {id: c.id}}, t('pool.claim'));
		const tr = h('tr', {dataset: {id: c.id}},
			COLS.map((f) => {
				let v = c[f] ?? '';
				if (f === 'name')
					v = h('a', {href: `#/customers/${c.id}`}, c.name || c.code);
				else if (f === 'kind')
					v = tEnum('kind', c.kind);
				else if (f === 'last_touch_at')
					v = formatInstant(c.last_touch_at) || t('pool.never');
				return h('td', {class: f === 'name' ? 'wrap' : null, dataset: {label: t('field.customer.' + f)}}, v);
			}),
			h('td.actions-cell', {dataset: {label: t('pool.action')}}, btn, msg));
		btn.addEventListener('click', async () => {
			msg.textContent = '';
			setBusy(btn, true);
			try {
				const got = await api('POST', `/customers/${c.id}/claim`);
				btn.replaceWith(h('span.claimed', {}, t('pool.claimed')));
				say(t('pool.claimed_msg', {name: got.name || got.code}), 'ok');
			} catch (e) {
				if (e.status === 401)
					return;
				msg.textContent = e.message;
				say(t('pool.refused', {name: c.name || c.code, reason: e.message}), 'error');
				setBusy(btn, false);
				btn.focus();
			}
		});
		return tr;
	}

	async function load(append) {
		more.disabled = true;
		if (!append) {
			clear(results).append(h('p.loading', {role: 'status'}, t('common.loading')));
			shown = 0;
		}
		try {
			const page = await api('GET', '/customers', {query: {limit: PAGE, filter: 'owner_id isnull', sort: 'code',
				cursor: append ? cursor : null, fields: 'code,name,kind,city,industry,last_touch_at'}});
			cursor = page.next_cursor;
			if (!append)
				clear(results);
			if (!page.items.length && !append) {
				results.append(h('div.empty', {}, h('p', {}, t('pool.empty'))));
				status.textContent = '';
				more.hidden = true;
				return;
			}
			let tbody = results.querySelector('tbody');
			if (!tbody) {
				tbody = h('tbody');
				results.append(h('table.data.pool-table', {},
					h('thead', {}, h('tr', {}, COLS.map((f) => h('th', {scope: 'col'}, t('field.customer.' + f))),
						h('th', {scope: 'col'}, t('pool.action')))), tbody));
			}
			for (const c of page.items)
				tbody.append(row(c));
			shown += page.items.length;
			status.textContent = t('pool.count', {shown, total: page.total ?? '?'});
			more.hidden = !cursor;
		} catch (e) {
			if (e.status === 401)
				throw e;
			clear(results).append(h('div.notice.error', {role: 'alert'}, e.message));
		} finally {
			more.disabled = false;
		}
	}
	more.addEventListener('click', () => load(true));
	await load(false);
}
