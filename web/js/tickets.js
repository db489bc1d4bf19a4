/* The ticket queue (#/tickets) and a ticket's page (#/tickets/ID). The queue filters by status
 * and shows each ticket's SLA badge, computed here from due_at against the clock: "breached"
 * when the server marked the SLA broken, "overdue" when an unanswered ticket is past its due
 * time, "due" (with the time) otherwise. The ticket page offers only the moves its status
 * allows (received → assigned → processing → replied → closed, reopen from replied or
 * closed); reply, close and reopen ask for their text, assign for the assignee; and it lists
 * the ticket's events oldest first. */
import {api, currentUser} from './api.js';
import {h, clear, formatInstant, quoteFilter} from './dom.js';
import {t, tEnum} from './i18n.js';
import {ask} from './ask.js';
import {customerNames} from './names.js';

const STATUSES = ['received', 'assigned', 'processing', 'replied', 'closed'];
const OPEN = ['received', 'assigned', 'processing'];
const PAGE = 25;
const state = {status: 'open'};

/* What each move needs and from which statuses the server allows it (openapi.yaml). */
const MOVES = [
	{action: 'assign', from: ['received', 'assigned', 'processing'], field: 'assignee_id'},
	{action: 'start', from: ['assigned']},
	{action: 'reply', from: ['processing'], field: 'reply'},
	{action: 'close', from: ['replied'], field: 'summary'},
	{action: 'reopen', from: ['replied', 'closed'], field: 'reason'},
];

export function slaState(tk, now = Date.now()) {
	if (tk.sla_breached)
		return 'breached';
	if (!OPEN.includes(tk.status) || !tk.due_at)
		return tk.status === 'closed' || tk.status === 'replied' ? 'met' : 'none';
	return Date.parse(tk.due_at) < now ? 'overdue' : 'due';
}

function slaBadge(tk) {
	const s = slaState(tk);
	if (s === 'none')
		return '';
	const text = s === 'due' ? t('tickets.sla.due_at', {time: formatInstant(tk.due_at)}) : t('tickets.sla.' + s);
	return h(`span.badge.sla.sla-${s}`, {title: tk.due_at ? formatInstant(tk.due_at) : null}, text);
}

function filterExpression() {
	if (state.status === 'open')
		return `status in (${OPEN.map(quoteFilter).join(', ')})`;
	return state.status ? `status eq ${quoteFilter(state.status)}` : '';
}

async function list(main) {
	const status = h('select', {id: 'tk-status'},
		h('option', {value: 'open'}, t('tickets.status_open')), h('option', {value: ''}, t('tickets.status_any')),
		STATUSES.map((s) => h('option', {value: s}, tEnum('ticket_status', s))));
	status.value = state.status;
	const line = h('p.status-line', {role: 'status', 'aria-live': 'polite'});
	const results = h('div.results');
	const more = h('button.secondary.more', {type: 'button', hidden: true}, t('customers.more'));
	const toolbar = h('form.toolbar', {},
		h('div.tool', {}, h('label', {for: 'tk-status'}, t('tickets.status')), status),
		h('div.tool.tool-btn', {}, h('button.primary', {type: 'submit'}, t('customers.apply'))));
	main.append(h('section.page.tickets-page', {}, h('div.page-head', {}, h('h1', {}, t('tickets.title'))),
		toolbar, line, results, more));
	const heads = ['tickets.code', 'tickets.subject', 'tickets.customer', 'tickets.kind', 'tickets.severity', 'tickets.status', 'tickets.sla'];
	let cursor = null;
	let token = 0;

	async function load(append) {
		const my = ++token;
		more.hidden = true;
		if (!append) {
			clear(results);
			line.textContent = t('common.loading');
			line.classList.add('loading');
		}
		try {
			const page = await api('GET', '/tickets', {query: {limit: PAGE, sort: 'due_at', filter: filterExpression(),
				cursor: append ? cursor : null}});
			if (my !== token)
				return;
			line.classList.remove('loading');
			cursor = page.next_cursor;
			if (!page.items.length && !append) {
				line.textContent = '';
				results.append(h('p.empty', {}, t('tickets.empty')));
				return;
			}
			let tbody = results.querySelector('tbody');
			if (!tbody) {
				tbody = h('tbody');
				results.append(h('table.data.ticket-list', {},
					h('thead', {}, h('tr', {}, heads.map((k) => h('th', {scope: 'col'}, t(k))))), tbody));
			}
			const names = await customerNames(page.items.map((x) => x.customer_id));
			if (my !== token)
				return;
			for (const tk of page.items) {
				const vals = [h('a', {href: `#/tickets/${tk.id}`}, tk.code), tk.subject,
					h('a', {href: `#/customers/${tk.customer_id}`}, names.get(tk.customer_id) || '#' + tk.customer_id),
					tEnum('ticket_kind', tk.kind),
					tEnum('severity', tk.severity), tEnum('ticket_status', tk.status), slaBadge(tk)];
				tbody.append(h('tr', {dataset: {id: tk.id}}, vals.map((v, i) => h('td', {dataset: {label: t(heads[i])}}, v))));
			}
			line.textContent = t('tickets.count', {shown: tbody.children.length, total: page.total ?? '?'});
			more.hidden = !cursor;
		} catch (e) {
			if (my !== token)
				return;
			line.classList.remove('loading');
			line.textContent = '';
			results.append(h('div.notice.error', {role: 'alert'}, e.message));
		}
	}
	toolbar.addEventListener('submit', (ev) => {
		ev.preventDefault();
		state.status = status.value;
		load(false);
	});
	status.addEventListener('change', () => toolbar.requestSubmit());
	more.addEventListener('click', () => load(true));
	await load(false);
}

function kv(label, value) {
	return h('div.kv', {}, h('dt', {}, label), h('dd', {}, value ?? ''));
}

async function detail(main, id) {
	const page = h('section.page.ticket-page', {});
	main.append(page);
	const flash = h('div.ticket-flash', {'aria-live': 'polite'});

	async function draw() {
		const [tk, ev] = await Promise.all([api('GET', `/tickets/${id}`), api('GET', `/tickets/${id}/events`)]);
		let cust = null;
		try {
			cust = await api('GET', `/customers/${tk.customer_id}`, {query: {fields: 'code,name'}});
		} catch (e) {
			cust = null;
		}
		const buttons = MOVES.filter((m) => m.from.includes(tk.status)).map((m) =>
			h(`button.${m.action === 'close' || m.action === 'reply' ? 'primary' : 'secondary'}.tk-${m.action}`,
				{type: 'button', onclick: () => doMove(tk, m)}, t('tickets.action.' + m.action)));
		clear(page);
		page.append(
			h('div.page-head', {}, h('h1', {}, tk.subject), h('span.code', {}, tk.code)),
			h('p', {}, h('a', {href: '#/tickets'}, t('tickets.back'))),
			flash,
			h('div.cols', {},
				h('div.col-main', {},
					h('div.card', {}, h('h2', {}, t('tickets.details')), h('dl.kv-list', {},
						kv(t('tickets.status'), h('span.tk-status', {}, tEnum('ticket_status', tk.status))),
						kv(t('tickets.sla'), slaBadge(tk)),
						kv(t('tickets.due'), formatInstant(tk.due_at)),
						kv(t('tickets.customer'), cust ? h('a', {href: `#/customers/${tk.customer_id}`}, `${cust.name} (${cust.code})`)
							: '#' + tk.customer_id),
						kv(t('tickets.kind'), tEnum('ticket_kind', tk.kind)),
						kv(t('tickets.severity'), tEnum('severity', tk.severity)),
						kv(t('tickets.channel'), tEnum('channel', tk.channel)),
						kv(t('tickets.owner'), !tk.owner_id ? t('common.none')
							: currentUser() && currentUser().id === tk.owner_id ? t('leads.me') : '#' + tk.owner_id),
						kv(t('tickets.received'), formatInstant(tk.received_at)),
						tk.description ? kv(t('tickets.description'), tk.description) : null,
						tk.reply ? kv(t('tickets.reply'), h('span.tk-reply', {}, tk.reply)) : null,
						tk.summary ? kv(t('tickets.summary'), h('span.tk-summary', {}, tk.summary)) : null)),
					h('div.card', {}, h('h2', {}, t('tickets.actions')),
						buttons.length ? h('div.actions.tk-actions', {}, buttons) : h('p.muted', {}, t('tickets.no_actions')))),
				h('div.col-side', {},
					h('div.card', {}, h('h2', {}, t('tickets.history')),
						ev.items.length ? h('ol.timeline.tk-events', {}, ev.items.map((e) => h('li.timeline-item', {},
							h('div.when', {}, formatInstant(e.at)),
							h('div', {}, h('strong', {}, t('tickets.event.' + e.action)),
								e.from_status || e.to_status ? ` ${tEnum('ticket_status', e.from_status) || '—'} → ${tEnum('ticket_status', e.to_status)}` : '',
								e.user_id ? ` · #${e.user_id}` : '',
								e.note ? h('div.muted.tk-note', {}, e.note) : null))))
							: h('p.empty', {}, t('tickets.no_events'))))));
	}

	async function doMove(tk, m) {
		const body = {};
		if (m.field === 'assignee_id') {
			const me = currentUser();
			const v = await ask({title: t('tickets.ask.assign'), label: t('tickets.ask.assignee'), multiline: false,
				inputType: 'number', value: me ? String(me.id) : '', okLabel: t('tickets.action.assign')});
			if (v === null)
				return;
			if (!/^[1-9][0-9]{0,17}$/.test(v)) {
				say('error', t('tickets.bad_user'));
				return;
			}
			body.assignee_id = Number(v);
		} else if (m.field) {
			const v = await ask({title: t('tickets.ask.' + m.action), label: t('tickets.ask.' + m.field),
				okLabel: t('tickets.action.' + m.action)});
			if (v === null)
				return;
			body[m.field] = v;
		}
		try {
			await api('POST', `/tickets/${tk.id}/${m.action}`, {body, headers: {'If-Match': `"${tk.version}"`}});
			await draw();
			say('info', t('tickets.done.' + m.action));
		} catch (e) {
			say('error', e.message);
		}
	}

	function say(kind, msg) {
		clear(flash);
		flash.append(h(`div.notice.${kind}`, {role: kind === 'error' ? 'alert' : 'status'}, msg));
	}

	page.append(h('p.loading', {role: 'status'}, t('common.loading')));
	await draw();
}

export async function render(main, {id}) {
	return id ? detail(main, id) : list(main);
}
