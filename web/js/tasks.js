/* Tasks: #/tasks shows the caller's agenda (GET /api/v1/agenda: overdue, due today, the next
 * days; care tasks such as birthdays carry their occasion), lets them complete a task in place
 * and add one. recordTasks() is the same list and form for one record (the customer 360 page),
 * so a task made there links back to the customer. Every value goes in as text. */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, enumSelect, formMessage, clearErrors, showError, checkRequired, setBusy, formNotice} from './forms.js';
import {updateBell} from './notifications.js';

const PRIORITIES = ['low', 'normal', 'high'];

function today() {
	const p = new Intl.DateTimeFormat('en-CA', {timeZone: 'Asia/Shanghai'}).format(new Date());
	return p;
}

function recordLink(task) {
	if (task.entity === 'customer' && task.entity_id)
		return h('a', {href: `#/customers/${task.entity_id}`}, t('tasks.linked_customer', {id: task.entity_id}));
	if (task.entity && task.entity_id)
		return h('span.muted', {}, `${task.entity} #${task.entity_id}`);
	return null;
}

/* One task as a list item with its complete button; onDone() redraws the list it belongs to. */
function taskItem(task, onDone) {
	const status = h('span.task-status');
	const btn = task.status === 'open'
		? h('button.small', {type: 'button', dataset: {task: task.id}, onclick: async () => {
			setBusy(btn, true);
			try {
				await api('POST', `/tasks/${task.id}/complete`);
				await onDone();
			} catch (e) {
				if (e.status === 401)
					return;
				status.textContent = e.message;
				status.className = 'task-status field-error';
				setBusy(btn, false);
			}
		}}, t('tasks.complete'))
		: h('span.badge', {}, tEnum('task_status', task.status));
	return h('li.task-item', {dataset: {id: task.id}},
		h('div.task-main', {},
			h('span.task-title', {}, task.title),
			' ',
			task.kind && task.kind !== 'todo' ? h('span.chip', {}, tEnum('task_kind', task.kind)) : null,
			task.care_kind ? h('span.chip.tag', {}, tEnum('care_kind', task.care_kind)) : null,
			task.priority === 'high' ? h('span.badge.key', {}, tEnum('priority', 'high')) : null),
		h('div.muted', {}, t('tasks.due', {date: task.due_date || ''}), ' ', recordLink(task)),
		h('div.task-actions', {}, btn, status));
}

/* The form that adds a task; link = {entity, entity_id} when it belongs to a record. */
export function taskForm(link, onCreated) {
	const form = h('form.task-form', {novalidate: true});
	const title = textInput('', {maxlength: 200, required: true});
	const due = h('input', {type: 'date', value: today(), required: true});
	const prio = enumSelect('priority', PRIORITIES, 'normal', true);
	const notes = h('textarea', {rows: 2, maxlength: 4000});
	const submit = h('button.primary', {type: 'submit'}, t('tasks.add'));
	form.append(formMessage(),
		field('title', t('field.task.title'), title, {required: true}),
		h('div.grid-2', {}, field('due_date', t('field.task.due_date'), due, {required: true}),
		  field('priority', t('field.task.priority'), prio)),
		field('notes', t('field.task.notes'), notes),
		h('div.actions', {}, submit));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['title', 'due_date']))
			return;
		const body = {title: title.value.trim(), due_date: due.value, priority: prio.value};
		if (notes.value.trim())
			body.notes = notes.value.trim();
		if (link)
			Object.assign(body, link);
		setBusy(submit, true);
		try {
			await api('POST', '/tasks', {body});
			form.reset();
			due.value = today();
			prio.value = 'normal';
			formNotice(form, t('tasks.added'), 'info');
			await onCreated();
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(submit, false);
		}
	});
	return form;
}

function group(title, tasks, onDone, cls) {
	return h(`section.card.agenda-${cls}`, {},
		h('h2', {}, title, ' ', h('span.count', {}, `(${tasks.length})`)),
		tasks.length ? h('ul.task-list', {}, tasks.map((x) => taskItem(x, onDone)))
			: h('p.empty', {}, t('tasks.none')));
}

export async function render(main) {
	const page = h('section.page.tasks-page', {}, h('div.page-head', {}, h('h1', {}, t('tasks.title')),
		h('a.button.secondary', {href: '#/approvals'}, t('nav.approvals'))));
	const body = h('div.agenda', {'aria-live': 'polite'}, h('p.loading', {role: 'status'}, t('common.loading')));
	async function load() {
		const ag = await api('GET', '/agenda', {query: {days: 14}});
		clear(body);
		const none = !ag.overdue.length && !ag.today_tasks.length && !ag.upcoming.length;
		body.append(
			none ? h('p.empty.agenda-empty', {}, t('tasks.agenda_empty')) : null,
			group(t('tasks.overdue'), ag.overdue, load, 'overdue'),
			group(t('tasks.today', {date: ag.today}), ag.today_tasks, load, 'today'),
			group(t('tasks.upcoming', {days: ag.days}), ag.upcoming, load, 'upcoming'));
		updateBell();
	}
	page.append(h('div.cols', {},
		h('div.col-main', {}, body),
		h('div.col-side', {}, h('section.card', {'aria-labelledby': 'h-new-task'},
			h('h2', {id: 'h-new-task'}, t('tasks.new')), taskForm(null, load)))));
	main.append(page);
	await load();
}

/* The tasks of one record with a form to add one (customer 360). */
export function recordTasks(entity, id) {
	const list = h('div', {}, h('p.loading', {role: 'status'}, t('common.loading')));
	async function load() {
		try {
			const r = await api('GET', '/tasks', {query: {all: 'true', filter: `entity eq '${entity}' and entity_id eq ${Number(id)}`,
				sort: 'due_date', limit: 50}});
			clear(list);
			list.append(r.items.length ? h('ul.task-list', {}, r.items.map((x) => taskItem(x, load)))
				: h('p.empty', {}, t('tasks.none')));
		} catch (e) {
			clear(list);
			if (e.status !== 401)
				list.append(h('div.notice.error', {role: 'alert'}, e.message));
		}
	}
	load();
	return h('section.card.record-tasks', {'aria-labelledby': 'h-record-tasks'},
		h('h2', {id: 'h-record-tasks'}, t('tasks.of_record')), list,
		h('details', {}, h('summary', {}, t('tasks.new')), taskForm({entity, entity_id: Number(id)}, load)));
}
