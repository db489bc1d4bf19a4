/* Admin: users (#/admin/users). The list with each user's role, department, team and state;
 * a form to add one (with a first password); per user a panel to change the role, team and
 * department, set a new password, and disable the user handing their customers to the public
 * pool or to a named successor (POST /users/ID/disable). Every server message shows next to
 * the field it names. */
import {api} from './api.js';
import {h} from './dom.js';
import {t, tEnum} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, formNotice, checkRequired, setBusy} from './forms.js';
import {listAll, table, fill, section, empty} from './admin_common.js';

export const ROLES = ['admin', 'manager', 'sales', 'service', 'marketing', 'analyst', 'readonly'];

function roleSelect(value) {
	const sel = h('select', {});
	for (const r of ROLES)
		sel.append(h('option', {value: r}, tEnum('user_role', r)));
	sel.value = value || 'sales';
	return sel;
}

function refSelect(items, value, label) {
	const sel = h('select', {}, h('option', {value: ''}, t('common.none')));
	for (const it of items)
		sel.append(h('option', {value: String(it.id)}, label(it)));
	sel.value = value ? String(value) : '';
	return sel;
}

const refValue = (v) => (v ? Number(v) : null);

export async function render(body) {
	const listBox = h('div.results');
	const [depts, teams] = await Promise.all([listAll('/departments'), listAll('/teams')]);
	const deptName = (id) => (depts.find((d) => d.id === id) || {}).name || '';
	const teamName = (id) => (teams.find((x) => x.id === id) || {}).name || '';

	const form = h('form.admin-form.user-add', {novalidate: true},
		h('div.form-grid', {},
			field('username', t('admin.user.username'), textInput('', {autocomplete: 'off'}), {required: true}),
			field('display_name', t('admin.user.display_name'), textInput(''), {required: true}),
			field('role', t('admin.user.role'), roleSelect('sales'), {required: true}),
			field('department_id', t('admin.user.department'), refSelect(depts, null, (d) => d.name)),
			field('team_id', t('admin.user.team'), refSelect(teams, null, (x) => x.name)),
			field('email', t('admin.user.email'), h('input', {type: 'email', autocomplete: 'off'})),
			field('password', t('admin.user.password'), h('input', {type: 'password', autocomplete: 'new-password'}))),
		h('p.hint', {}, t('admin.user.password_hint')),
		formMessage(),
		h('div.actions', {}, h('button.primary', {type: 'submit'}, t('admin.user.add'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		clearErrors(form);
		if (!checkRequired(form, ['username', 'display_name']))
			return;
		const pw = form.password.value;
		if (pw && pw.length < 8) {
			showError(form, 'password', t('admin.user.password_short'));
			return;
		}
		const btn = form.querySelector('button[type=submit]');
		setBusy(btn, true);
		try {
			const u = await api('POST', '/users', {body: {
				username: form.username.value.trim(), display_name: form.display_name.value.trim(),
				role: form.role.value, department_id: refValue(form.department_id.value),
				team_id: refValue(form.team_id.value), email: form.email.value.trim() || null,
				password: pw || undefined,
			}});
			form.reset();
			formNotice(form, t('admin.user.added', {name: u.username}), 'ok');
			await loadList();
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			setBusy(btn, false);
		}
	});

	body.append(section(t('admin.users.add_title'), form), section(t('admin.users.list_title'), listBox));

	let users = [];
	async function loadList() {
		await fill(listBox, async () => {
			users = await listAll('/users', {sort: 'username'});
			if (!users.length)
				return empty(t('admin.users.empty'));
			return table([
				{label: t('admin.user.username'), cell: (u) => u.username},
				{label: t('admin.user.display_name'), wrap: true, cell: (u) => u.display_name},
				{label: t('admin.user.role'), cell: (u) => tEnum('user_role', u.role)},
				{label: t('admin.user.department'), cell: (u) => deptName(u.department_id)},
				{label: t('admin.user.team'), cell: (u) => teamName(u.team_id)},
				{label: t('admin.user.state'), cell: (u) => h('span', {class: u.active ? 'badge ok' : 'badge off'},
				                                              t(u.active ? 'admin.user.active' : 'admin.user.disabled'))},
				{label: t('admin.actions'), cell: (u) => manageButton(u)},
			], users, {cls: 'users-table'});
		});
	}

	function manageButton(u) {
		const btn = h('button.secondary.small.manage', {type: 'button', 'aria-expanded': 'false'}, t('admin.user.manage'));
		btn.addEventListener('click', () => {
			const tr = btn.closest('tr');
			const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains('manage-row');
			if (open) {
				tr.nextElementSibling.remove();
				btn.setAttribute('aria-expanded', 'false');
				return;
			}
			const td = h('td', {colspan: 7}, managePanel(u));
			tr.after(h('tr.manage-row', {}, td));
			btn.setAttribute('aria-expanded', 'true');
			td.querySelector('select, input').focus();
		});
		return btn;
	}

	function managePanel(u) {
		const edit = h('form.admin-form.user-edit', {novalidate: true},
			h('h3', {}, t('admin.user.edit_title', {name: u.username})),
			h('div.form-grid', {},
				field('role', t('admin.user.role'), roleSelect(u.role)),
				field('department_id', t('admin.user.department'), refSelect(depts, u.department_id, (d) => d.name)),
				field('team_id', t('admin.user.team'), refSelect(teams, u.team_id, (x) => x.name))),
			formMessage(),
			h('div.actions', {}, h('button.primary', {type: 'submit'}, t('common.save'))));
		edit.addEventListener('submit', (ev) => submit(ev, edit, () => api('PATCH', `/users/${u.id}`, {body: {
			role: edit.role.value, department_id: refValue(edit.department_id.value), team_id: refValue(edit.team_id.value),
		}}), t('admin.user.saved'), true));

		const pw = h('form.admin-form.user-password', {novalidate: true},
			h('h3', {}, t('admin.user.password_title')),
			field('password', t('admin.user.new_password'), h('input', {type: 'password', autocomplete: 'new-password'}), {required: true}),
			formMessage(),
			h('div.actions', {}, h('button.secondary', {type: 'submit'}, t('admin.user.set_password'))));
		pw.addEventListener('submit', (ev) => {
			if (pw.password.value.length < 8) {
				ev.preventDefault();
				clearErrors(pw);
				showError(pw, 'password', t('admin.user.password_short'));
				return;
			}
			submit(ev, pw, () => api('POST', `/users/${u.id}/password`, {body: {password: pw.password.value}}),
			       t('admin.user.password_set'), false);
		});

		const others = users.filter((x) => x.id !== u.id && x.active);
		const succ = h('select', {}, h('option', {value: ''}, t('admin.user.to_pool')),
		               others.map((x) => h('option', {value: String(x.id)}, `${x.display_name} (${x.username})`)));
		const dis = h('form.admin-form.user-disable', {novalidate: true},
			h('h3', {}, t('admin.user.disable_title')),
			h('p.hint', {}, t('admin.user.disable_hint')),
			field('successor_id', t('admin.user.successor'), succ),
			formMessage(),
			h('div.actions', {}, h('button.danger', {type: 'submit', disabled: !u.active}, t('admin.user.disable'))));
		dis.addEventListener('submit', (ev) => submit(ev, dis, async () => {
			const r = await api('POST', `/users/${u.id}/disable`, {body: {successor_id: refValue(dis.successor_id.value)}});
			return r;
		}, null, true, (r) => t('admin.user.disabled_msg', {n: r.customers_moved})));
		return h('div.manage-panel', {}, edit, pw, dis);
	}

	async function submit(ev, form, call, okMsg, reload, msgOf) {
		ev.preventDefault();
		clearErrors(form);
		const btn = form.querySelector('button[type=submit]');
		setBusy(btn, true);
		try {
			const r = await call();
			if (reload) {
				await loadList();
				const note = listBox.querySelector('.list-note') || h('div.notice.ok.list-note', {role: 'status'});
				note.textContent = msgOf ? msgOf(r) : okMsg;
				listBox.prepend(note);
			} else {
				form.reset();
				formNotice(form, okMsg, 'ok');
			}
		} catch (e) {
			if (e.status !== 401)
				showError(form, e.field, e.message);
		} finally {
			if (btn.isConnected)
				setBusy(btn, false);
		}
	}

	await loadList();
}

