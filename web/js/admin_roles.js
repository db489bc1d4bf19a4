/* Admin: roles and the permission table (#/admin/roles; GET/PATCH /api/v1/permissions). Pick
 * a role: its row scope (own, team, department, all) and, per entity, a checkbox for each
 * action. A change is sent at once and the table redrawn from the answer; cells that differ
 * from the built-in defaults are marked, and "default" puts one back. The admin role is shown
 * but cannot be changed (the server refuses it: it would lock everybody out). */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t, tEnum} from './i18n.js';
import {fill, section} from './admin_common.js';

export async function render(body) {
	const box = h('div');
	body.append(box);
	await fill(box, async () => build(await api('GET', '/permissions')));
}

function build(doc) {
	const roleSel = h('select', {id: 'perm-role'}, doc.roles.map((r) => h('option', {value: r}, tEnum('user_role', r))));
	roleSel.value = 'sales';
	const scopeSel = h('select', {id: 'perm-scope'}, doc.scopes && Object.values(doc.scopes).length
		? ['own', 'team', 'department', 'all'].map((s) => h('option', {value: s}, t(`admin.roles.scope.${s}`))) : []);
	const msg = h('div.notice', {role: 'alert', hidden: true});
	const tableBox = h('div.results.perm-box');
	const head = h('div.form-grid', {},
		h('div.field', {}, h('label', {for: 'perm-role'}, t('admin.roles.role')), roleSel),
		h('div.field', {}, h('label', {for: 'perm-scope'}, t('admin.roles.scope')), scopeSel));

	function say(text, kind) {
		msg.className = `notice ${kind}`;
		msg.textContent = text;
		msg.hidden = !text;
	}

	async function change(body) {
		say('', 'ok');
		try {
			doc = await api('PATCH', '/permissions', {body});
			say(t('admin.roles.saved'), 'ok');
		} catch (e) {
			if (e.status !== 401)
				say(e.message, 'error');
		}
		draw();
	}

	function draw() {
		const role = roleSel.value;
		const fixed = role === 'admin';
		scopeSel.value = doc.scopes[role];
		scopeSel.disabled = fixed;
		const perms = doc.permissions[role] || {};
		const changed = new Set((doc.changed || []).filter((c) => c.role === role).map((c) => `${c.entity}/${c.action}`));
		clear(tableBox).append(h('table.data.perm-table', {},
			h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('admin.roles.entity')),
				doc.actions.map((a) => h('th', {scope: 'col'}, t(`admin.roles.action.${a}`))))),
			h('tbody', {}, doc.entities.map((ent) => h('tr', {dataset: {entity: ent}},
				h('th', {scope: 'row'}, ent),
				doc.actions.map((a) => {
					const on = (perms[ent] || []).includes(a);
					const key = `${ent}/${a}`;
					const box = h('input', {type: 'checkbox', checked: on, disabled: fixed, dataset: {action: a},
					                        'aria-label': t('admin.roles.cell', {role: tEnum('user_role', role), entity: ent, action: t(`admin.roles.action.${a}`)})});
					box.addEventListener('change', () => change({role, entity: ent, action: a, allowed: box.checked}));
					const reset = changed.has(key) ? h('button.link.small.reset', {type: 'button', title: t('admin.roles.reset')}, '↺') : null;
					if (reset)
						reset.addEventListener('click', () => change({role, entity: ent, action: a, allowed: null}));
					return h('td', {class: changed.has(key) ? 'changed' : null, dataset: {label: t(`admin.roles.action.${a}`)}}, box, reset);
				}))))));
	}

	roleSel.addEventListener('change', () => {
		say('', 'ok');
		draw();
	});
	scopeSel.addEventListener('change', () => change({role: roleSel.value, scope: scopeSel.value}));
	draw();
	return section(t('admin.roles.title'), h('p.hint', {}, t('admin.roles.intro')), head, msg, tableBox);
}
