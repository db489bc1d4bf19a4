/* Admin: webhooks (#/admin/webhooks: list, add — the signing secret is shown once, right
 * after — switch on and off, send a test event, and the delivery log), the audit log (#/admin/audit: filters by
 * entity, user, record and time, newest first, paged by cursor) and the background job runs
 * (#/admin/jobs: kind, status, counts, times). */
import {api} from './api.js';
import {h, clear, formatInstant} from './dom.js';
import {t} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, formNotice, checkRequired, setBusy} from './forms.js';
import {listAll, table, fill, section, empty} from './admin_common.js';

export async function render(body, tab) {
	if (tab === 'audit')
		return renderAudit(body);
	if (tab === 'jobs')
		return renderJobs(body);
	return renderHooks(body);
}

function badge(status) {
	const ok = ['done', 'delivered', 'active'].includes(status);
	const bad = ['failed', 'disabled'].includes(status);
	return h('span', {class: `badge ${ok ? 'ok' : bad ? 'off' : ''}`}, t(`admin.status.${status}`));
}

async function renderHooks(body) {
	const listBox = h('div.results');
	const logBox = h('div.results');
	const secretBox = h('div.secret-box', {role: 'status', hidden: true});
	const form = h('form.admin-form.hook-add', {novalidate: true},
		h('div.form-grid', {},
			field('url', t('admin.hook.url'), h('input', {type: 'url', placeholder: 'https://', autocomplete: 'off'}), {required: true}),
			field('events', t('admin.hook.events'), textInput('', {placeholder: '*'})),
			field('description', t('admin.hook.description'), textInput(''))),
		h('p.hint', {}, t('admin.hook.events_hint')),
		formMessage(),
		h('div.actions', {}, h('button.primary', {type: 'submit'}, t('admin.hook.add'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		secretBox.hidden = true;
		if (!checkRequired(form, ['url']))
			return;
		const btn = form.querySelector('button[type=submit]');
		setBusy(btn, true);
		try {
			const r = await api('POST', '/webhooks', {body: {url: form.url.value.trim(), events: form.events.value.trim() || undefined,
			                                               description: form.description.value.trim() || undefined}});
			form.reset();
			clear(secretBox).append(h('p', {}, t('admin.hook.secret_once')), h('code.secret', {}, r.secret));
			secretBox.hidden = false;
			formNotice(form, t('admin.hook.added', {url: r.url}), 'ok');
			await load();
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(btn, false);
		}
	});
	body.append(section(t('admin.hook.add_title'), form, secretBox),
	            section(t('admin.hook.list_title'), listBox),
	            section(t('admin.hook.log_title'), logBox));

	async function load() {
		await fill(listBox, async () => {
			const {items} = await api('GET', '/webhooks');
			if (!items.length)
				return empty(t('admin.hook.empty'));
			return table([
				{label: t('admin.hook.url'), wrap: true, cell: (w) => w.url},
				{label: t('admin.hook.events'), cell: (w) => w.events},
				{label: t('admin.hook.description'), wrap: true, cell: (w) => w.description || ''},
				{label: t('admin.hook.state'), cell: (w) => badge(w.active ? 'active' : 'disabled')},
				{label: t('admin.hook.created'), cell: (w) => formatInstant(w.created_at)},
				{label: t('admin.actions'), cell: (w) => {
					const b = h('button.secondary.small.toggle', {type: 'button'}, t(w.active ? 'admin.hook.disable' : 'admin.hook.enable'));
					const test = h('button.secondary.small.test', {type: 'button', disabled: !w.active}, t('admin.hook.test'));
					const msg = h('div.row-error', {role: 'alert'});
					b.addEventListener('click', async () => {
						setBusy(b, true);
						try {
							await api('POST', `/webhooks/${w.id}/${w.active ? 'disable' : 'enable'}`);
							await load();
						} catch (e) {
							setBusy(b, false);
							msg.textContent = e.message;
						}
					});
					test.addEventListener('click', async () => {
						setBusy(test, true);
						try {
							await api('POST', `/webhooks/${w.id}/test`);
							await load();
							const note = h('div.notice.ok.test-queued', {role: 'status'}, t('admin.hook.test_queued', {url: w.url}));
							listBox.prepend(note);
						} catch (e) {
							setBusy(test, false);
							msg.textContent = e.message;
						}
					});
					return h('div.row-actions', {}, b, ' ', test, msg);
				}},
			], items, {cls: 'hooks-table'});
		});
		await fill(logBox, async () => {
			const {items} = await api('GET', '/webhooks/deliveries', {query: {limit: 50}});
			if (!items.length)
				return empty(t('admin.hook.log_empty'));
			return table([
				{label: t('admin.hook.event'), cell: (d) => d.type},
				{label: t('admin.hook.webhook'), num: true, cell: (d) => String(d.webhook_id)},
				{label: t('admin.status'), cell: (d) => badge(d.status)},
				{label: t('admin.hook.attempts'), num: true, cell: (d) => String(d.attempts)},
				{label: t('admin.hook.last'), wrap: true, cell: (d) => [d.last_status ? `HTTP ${d.last_status}` : '', d.last_error ? ` ${d.last_error}` : ''].join('')},
				{label: t('admin.hook.when'), cell: (d) => formatInstant(d.delivered_at || d.created_at)},
			], items);
		});
	}
	await load();
}

async function renderAudit(body) {
	const users = await listAll('/users').catch(() => []);
	const userName = (id) => {
		if (!id)
			return t('admin.audit.system');
		const u = users.find((x) => x.id === id);
		return u ? u.display_name || u.username : `#${id}`;
	};
	const userSel = h('select', {}, h('option', {value: ''}, t('admin.audit.anyone')), h('option', {value: 'system'}, t('admin.audit.system')),
	                  users.map((u) => h('option', {value: String(u.id)}, `${u.display_name} (${u.username})`)));
	const form = h('form.admin-form.audit-filter', {novalidate: true},
		h('div.form-grid', {},
			field('entity', t('admin.audit.entity'), textInput('', {placeholder: 'customer, setting, user…'})),
			field('user', t('admin.audit.user'), userSel),
			field('record', t('admin.audit.record'), textInput('', {inputmode: 'numeric'})),
			field('since', t('admin.audit.since'), h('input', {type: 'date'})),
			field('until', t('admin.audit.until'), h('input', {type: 'date'}))),
		formMessage(),
		h('div.actions', {}, h('button.primary', {type: 'submit'}, t('admin.audit.apply'))));
	const listBox = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('admin.audit.more'));
	body.append(section(t('admin.audit.title'), form, listBox, more));
	let cursor = null;
	let query = {};
	const cols = [
		{label: t('admin.audit.at'), cell: (a) => formatInstant(a.at)},
		{label: t('admin.audit.user'), cell: (a) => userName(a.user_id)},
		{label: t('admin.audit.action'), cell: (a) => a.action},
		{label: t('admin.audit.entity'), cell: (a) => a.entity},
		{label: t('admin.audit.record'), num: true, cell: (a) => (a.record_id ? String(a.record_id) : '')},
		{label: t('admin.audit.changes'), wrap: true, cell: (a) => describe(a.changes)},
	];
	async function page(first) {
		const r = await api('GET', '/audit', {query: {...query, limit: 50, cursor: first ? null : cursor}});
		cursor = r.next_cursor || null;
		more.hidden = !cursor;
		return r.items;
	}
	async function load() {
		cursor = null;
		await fill(listBox, async () => {
			const items = await page(true);
			return items.length ? table(cols, items, {cls: 'audit-table'}) : empty(t('admin.audit.empty'));
		});
	}
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		const rec = form.record.value.trim();
		if (rec && !/^[1-9][0-9]*$/.test(rec)) {
			showError(form, 'record', t('admin.audit.record_number'));
			return;
		}
		// dates are company days (China time, UTC+8): from the day's start to the next day's
		const day = (d, next) => {
			if (!d)
				return undefined;
			const ms = Date.parse(d + 'T00:00:00+08:00') + (next ? 86400000 : 0);
			return new Date(ms).toISOString().replace('.000Z', 'Z');
		};
		query = {entity: form.entity.value.trim() || undefined, user: form.user.value || undefined, record: rec || undefined,
		         since: day(form.since.value, false), until: day(form.until.value, true)};
		try {
			await load();
		} catch (e) {
			showError(form, e.field, e.message);
		}
	});
	more.addEventListener('click', async () => {
		setBusy(more, true);
		try {
			const items = await page(false);
			const tbody = listBox.querySelector('tbody');
			const extra = table(cols, items).querySelector('tbody');
			tbody.append(...extra.children);
		} catch (e) {
			listBox.append(h('div.notice.error', {role: 'alert'}, e.message));
		} finally {
			setBusy(more, false);
		}
	});
	await load();
}

/* {"field": [before, after]} or job counts as short text. */
function describe(c) {
	if (c === null || c === undefined)
		return '';
	if (typeof c !== 'object')
		return String(c);
	return Object.entries(c).map(([k, v]) => {
		if (Array.isArray(v) && v.length === 2)
			return `${k}: ${fmt(v[0])} → ${fmt(v[1])}`;
		return `${k}: ${fmt(v)}`;
	}).join('; ');
}

function fmt(v) {
	if (v === null || v === undefined)
		return '∅';
	return typeof v === 'object' ? JSON.stringify(v).replace(/[{}"]/g, '') : String(v);
}

async function renderJobs(body) {
	const box = h('div.results');
	body.append(section(t('admin.jobs.title'), box));
	await fill(box, async () => {
		const {items} = await api('GET', '/jobs', {query: {limit: 100}});
		if (!items.length)
			return empty(t('admin.jobs.empty'));
		return table([
			{label: t('admin.jobs.id'), num: true, cell: (j) => String(j.id)},
			{label: t('admin.jobs.kind'), cell: (j) => j.kind},
			{label: t('admin.status'), cell: (j) => badge(j.status)},
			{label: t('admin.jobs.counts'), wrap: true, cell: (j) => describe(j.counts) + (j.message ? ` ${j.message}` : '')},
			{label: t('admin.jobs.started'), cell: (j) => formatInstant(j.started_at)},
			{label: t('admin.jobs.finished'), cell: (j) => formatInstant(j.finished_at)},
		], items, {cls: 'jobs-table'});
	});
}
