/* Admin: departments and teams (#/admin/org): the department tree (parent_id) with each
 * department's teams under it, and forms to add a department under a parent and a team in a
 * department. A parent that would make a cycle is refused by the server, next to its field. */
import {api} from './api.js';
import {h} from './dom.js';
import {t} from './i18n.js';
import {field, textInput, formMessage, clearErrors, showError, formNotice, checkRequired, setBusy} from './forms.js';
import {listAll, fill, section, empty} from './admin_common.js';

function options(items, label) {
	return [h('option', {value: ''}, t('common.none')), ...items.map((it) => h('option', {value: String(it.id)}, label(it)))];
}

export async function render(body) {
	const treeBox = h('div.org-tree');
	const deptForm = h('form.admin-form.dept-add', {novalidate: true},
		h('div.form-grid', {},
			field('code', t('admin.org.code'), textInput(''), {required: true}),
			field('name', t('admin.org.name'), textInput(''), {required: true}),
			field('parent_id', t('admin.org.parent'), h('select', {}))),
		formMessage(),
		h('div.actions', {}, h('button.primary', {type: 'submit'}, t('admin.org.add_department'))));
	const teamForm = h('form.admin-form.team-add', {novalidate: true},
		h('div.form-grid', {},
			field('code', t('admin.org.code'), textInput(''), {required: true}),
			field('name', t('admin.org.name'), textInput(''), {required: true}),
			field('department_id', t('admin.org.department'), h('select', {}))),
		formMessage(),
		h('div.actions', {}, h('button.primary', {type: 'submit'}, t('admin.org.add_team'))));
	body.append(section(t('admin.org.tree_title'), treeBox),
	            h('div.admin-columns', {}, section(t('admin.org.dept_title'), deptForm), section(t('admin.org.team_title'), teamForm)));

	async function load() {
		await fill(treeBox, async () => {
			const [depts, teams] = await Promise.all([listAll('/departments'), listAll('/teams')]);
			for (const [form, name] of [[deptForm, 'parent_id'], [teamForm, 'department_id']]) {
				const sel = form.querySelector(`[name="${name}"]`);
				sel.replaceChildren(...options(depts, (d) => d.name));
			}
			if (!depts.length && !teams.length)
				return empty(t('admin.org.empty'));
			const ids = new Set(depts.map((d) => d.id));
			const branch = (parent) => {
				const kids = depts.filter((d) => (parent ? d.parent_id === parent : !ids.has(d.parent_id)));
				if (!kids.length)
					return null;
				return h('ul', {}, kids.map((d) => h('li', {dataset: {code: d.code}},
					h('span.dept', {}, d.name), ' ', h('span.muted', {}, d.code),
					(() => {
						const ts = teams.filter((x) => x.department_id === d.id);
						return ts.length ? h('ul.teams', {}, ts.map((x) => h('li.team', {}, t('admin.org.team_label', {name: x.name}), ' ', h('span.muted', {}, x.code)))) : null;
					})(),
					branch(d.id))));
			};
			const loose = teams.filter((x) => !x.department_id);
			return [branch(null), loose.length ? h('ul.teams', {}, loose.map((x) => h('li.team', {}, t('admin.org.team_label', {name: x.name})))) : null].filter(Boolean);
		});
	}

	for (const [form, path, ref] of [[deptForm, '/departments', 'parent_id'], [teamForm, '/teams', 'department_id']]) {
		form.addEventListener('submit', async (ev) => {
			ev.preventDefault();
			clearErrors(form);
			if (!checkRequired(form, ['code', 'name']))
				return;
			const btn = form.querySelector('button[type=submit]');
			setBusy(btn, true);
			try {
				const v = form[ref].value;
				const r = await api('POST', path, {body: {code: form.code.value.trim(), name: form.name.value.trim(), [ref]: v ? Number(v) : null}});
				form.reset();
				await load();
				formNotice(form, t('admin.org.added', {name: r.name}), 'ok');
			} catch (e) {
				if (e.status !== 401)
					showError(form, e.field, e.message);
			} finally {
				setBusy(btn, false);
			}
		});
	}
	await load();
}
