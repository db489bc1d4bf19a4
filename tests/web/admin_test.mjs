// Browser test of the admin pages and the import wizard, on the demo company that
// tests/integration/test_web_admin.sh makes: the admin adds a user (a too short password is
// refused next to its field first), changes a permission and puts it back, changes a setting (a bad value refused next to the field
// by the page and another by the server), finds the audit entry of that change, adds a webhook
// and sees its secret once, sends it a test event; the import wizard maps a Chinese-headed CSV, previews its one bad
// row (line, column, reason), imports the rest with a progress bar and downloads the rejected
// rows; the new sales rep sees no admin link and no admin page. Every page also at 390 px;
// no console errors. Screenshots go to SHOT_DIR. Prints "web: N passed, N failed".
import {readFileSync} from 'node:fs';
import {BASE, PASS, check, step, launch, watch as watchPage, shot as pageShot, login as loginForm, finish} from './harness.mjs';

const browser = await launch();
/* The 401 of the session check before login and the 400 and 409 the forms are made to meet
 * are answers the UI shows on the page (checked there); the rep's own fetch of /settings is
 * the one 403 expected. Anything else counts. */
const watch = (page, name) => watchPage(page, {name, expected: [400, 401, 409],
	ignoreUrl: name === 'rep' ? /\/api\/v1\/settings$/ : null, ignoredStatus: 403});
// webhook event names (customer.created) are data on the webhook and audit pages
const shot = (page, name, width) => pageShot(page, name, {width, data: /^(customer|job|webhook)\.[a-z_*]+$/});
async function login(page, user, pass) {
	await loginForm(page, {user, pass});
	await page.waitForSelector('.dashboard-page');
}
const errorOf = (page, form, name) => page.textContent(`${form} .field-error[data-for="${name}"]`).then((s) => s.trim());
const CSV = '客户编号,客户名称,客户类型,城市\nIMP-1,杭州一号贸易,organization,杭州\nIMP-2,坏行,nonsense,上海\nIMP-3,苏州三号,person,苏州\n';

try {
	const ctx = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN', acceptDownloads: true});
	const page = await ctx.newPage();
	watch(page, 'admin');
	await login(page, 'admin', PASS);

	await step('users', async () => {
		check(await page.isVisible('.sidenav a[data-route=admin]'), 'the admin sees the admin link');
		await page.click('.sidenav a[data-route=admin]');
		await page.waitForSelector('.users-table');
		await page.fill('form.user-add input[name=username]', 'web.rep1');
		await page.fill('form.user-add input[name=display_name]', '何静');
		await page.selectOption('form.user-add select[name=role]', 'sales');
		await page.fill('form.user-add input[name=password]', 'short');
		await page.click('form.user-add button[type=submit]');
		check((await errorOf(page, 'form.user-add', 'password')) === '密码至少需要 8 个字符。', 'a short password: message next to the field');
		await page.fill('form.user-add input[name=password]', 'web-rep1-pass-1');
		await page.click('form.user-add button[type=submit]');
		await page.waitForSelector('form.user-add .form-message.ok');
		await page.waitForSelector('.users-table tr:has-text("web.rep1")');
		const row = await page.textContent('.users-table tr:has-text("web.rep1")');
		check(row.includes('何静') && row.includes('销售') && row.includes('启用'), 'the new user is listed as an active sales rep', row);
		// a duplicate username: the server's message next to the field
		await page.fill('form.user-add input[name=username]', 'web.rep1');
		await page.fill('form.user-add input[name=display_name]', '何静二');
		await page.click('form.user-add button[type=submit]');
		await page.waitForFunction(() => document.querySelector('form.user-add .field-error[data-for="username"]').textContent.length > 0);
		check(true, 'a duplicate username is refused next to the field');
		await page.fill('form.user-add input[name=username]', '');
		await page.fill('form.user-add input[name=display_name]', '');
		await shot(page, 'admin-users-1280', 1280);
	});

	await step('settings', async () => {
		await page.click('.admin-tabs a[data-tab=settings]');
		await page.waitForSelector('form.settings-form');
		const form = 'form.settings-form';
		const s0 = await page.evaluate(() => fetch('/api/v1/settings').then((r) => r.json()));
		const v0 = s0.items.find((x) => x.key === 'pool_max_owned').value;
		check((await page.inputValue(`${form} input[name=pool_max_owned]`)) === v0, 'the pool limit shows its value', v0);
		await page.fill(`${form} input[name=pool_max_owned]`, '12x');
		await page.click(`${form} button[type=submit]`);
		check((await errorOf(page, form, 'pool_max_owned')) === '请输入整数。', 'not a number: message next to the field');
		await page.fill(`${form} input[name=pool_max_owned]`, '0');
		await page.click(`${form} button[type=submit]`);
		await page.waitForFunction(() => document.querySelector('.field-error[data-for="pool_max_owned"]').textContent.includes('1000000'));
		check((await page.getAttribute(`${form} input[name=pool_max_owned]`, 'aria-invalid')) === 'true', 'the server refuses 0 next to the field');
		await page.fill(`${form} input[name=pool_max_owned]`, '150');
		await page.fill(`${form} input[name=sla_hours_high]`, '2.5');
		await page.click(`${form} button[type=submit]`);
		await page.waitForSelector(`${form} .form-message.ok`);
		check((await page.textContent(`${form} .form-message`)).includes('2'), 'two settings saved');
		const s = await page.evaluate(() => fetch('/api/v1/settings').then((r) => r.json()));
		check(s.items.find((x) => x.key === 'pool_max_owned').value === '150', 'the pool limit is stored');
		await shot(page, 'admin-settings-1280', 1280);
	});

	await step('model settings', async () => {
		const form = 'form.settings-form';
		check((await page.textContent(`${form} fieldset[data-group=abc] legend`)) === '帕累托 / ABC（M17）', 'the ABC group has its Chinese label');
		for (const g of ['score', 'rfm', 'abc', 'lifecycle', 'loyalty', 'clv', 'assoc'])
			check(await page.locator(`${form} fieldset[data-group=${g}]`).count() === 1, `model group ${g} shown`);
		check((await page.textContent(`${form} .setting-range[data-for=abc_a_pct]`)).includes('默认 80'), 'the A cut-off shows its default');
		await page.fill(`${form} input[name=abc_a_pct]`, '100');
		await page.click(`${form} button[type=submit]`);
		check((await errorOf(page, form, 'abc_a_pct')) === '请输入大于0且小于100的数。', 'out of range: the allowed range next to the field');
		await page.fill(`${form} input[name=abc_a_pct]`, '96');
		await page.click(`${form} button[type=submit]`);
		await page.waitForFunction(() => document.querySelector('.field-error[data-for="abc_a_pct"]').textContent.includes('abc_b_pct'));
		check((await page.getAttribute(`${form} input[name=abc_a_pct]`, 'aria-invalid')) === 'true', 'the server refuses A ≥ B next to the field');
		await page.fill(`${form} input[name=abc_a_pct]`, '75');
		await page.selectOption(`${form} select[name=rfm_monetary]`, 'total');
		const [patch] = await Promise.all([
			page.waitForResponse((r) => r.url().endsWith('/api/v1/settings') && r.request().method() === 'PATCH'),
			page.click(`${form} button[type=submit]`)]);
		check(patch.status() === 200, 'saved', patch.status());
		const s = await page.evaluate(() => fetch('/api/v1/settings').then((r) => r.json()));
		const val = (k) => s.items.find((x) => x.key === k).value;
		check(val('abc_a_pct') === '75' && val('rfm_monetary') === 'total', 'the model settings are stored', `${val('abc_a_pct')} ${val('rfm_monetary')}`);
		const p = await page.evaluate(() => fetch('/api/v1/analytics/pareto').then((r) => r.json()));
		check(p.params.a_share === 0.75, 'the Pareto answer uses the new cut-off', p.params.a_share);
		await shot(page, 'admin-settings-models-1280', 1280);
	});

	await step('audit', async () => {
		await page.click('.admin-tabs a[data-tab=audit]');
		await page.waitForSelector('form.audit-filter');
		await page.fill('form.audit-filter input[name=entity]', 'setting');
		await page.click('form.audit-filter button[type=submit]');
		await page.waitForSelector('.audit-table tr:has-text("pool_max_owned")');
		const row = await page.textContent('.audit-table tr:has-text("pool_max_owned")');
		check(row.includes('150') && row.includes('系统管理员'), 'the audit entry of the change, with who made it', row);
		check((await page.locator('.audit-table tbody tr').count()) === 4, 'four setting changes in the log (two of them model settings)');
		await shot(page, 'admin-audit-1280', 1280);
	});

	await step('webhooks', async () => {
		await page.click('.admin-tabs a[data-tab=webhooks]');
		await page.waitForSelector('form.hook-add');
		await page.fill('form.hook-add input[name=url]', 'http://127.0.0.1:9/hook');
		await page.fill('form.hook-add input[name=events]', 'customer.created');
		await page.click('form.hook-add button[type=submit]');
		await page.waitForSelector('.secret-box:not([hidden]) code');
		const secret = (await page.textContent('.secret-box code')).trim();
		check(secret.length >= 32, 'the secret is shown once', secret.length);
		await page.waitForSelector('.hooks-table tr:has-text("127.0.0.1:9/hook")');
		check((await page.textContent('.hooks-table')).includes('customer.created'), 'the webhook is listed with its events');
		await page.click('.hooks-table button.test');
		await page.waitForSelector('.test-queued');
		await page.waitForSelector('.results table.data:not(.hooks-table) tr:has-text("webhook.test")');
		check((await page.textContent('.results table.data:not(.hooks-table) tr:has-text("webhook.test")')).includes('待投递'), 'the test event waits in the delivery log');
		await shot(page, 'admin-webhooks-1280', 1280);
		await page.reload();
		await page.waitForSelector('.hooks-table');
		check(!(await page.textContent('main')).includes(secret), 'the secret is not shown again');
	});

	await step('roles and permissions', async () => {
		await page.click('.admin-tabs a[data-tab=roles]');
		await page.waitForSelector('.perm-table');
		await page.selectOption('#perm-role', 'sales');
		const box = '.perm-table tr[data-entity=product] input[data-action=create]';
		check(!(await page.isChecked(box)), 'sales may not create products by default');
		await page.check(box);
		await page.waitForSelector('.perm-table tr[data-entity=product] td.changed');
		const doc = await page.evaluate(() => fetch('/api/v1/permissions').then((r) => r.json()));
		check(doc.permissions.sales.product.includes('create'), 'the change is stored');
		await page.click('.perm-table tr[data-entity=product] td.changed button.reset');
		await page.waitForFunction(() => !document.querySelector('.perm-table tr[data-entity=product] td.changed'));
		check(!(await page.isChecked(box)), 'and put back to the default');
		await page.selectOption('#perm-role', 'admin');
		check(await page.isDisabled('.perm-table tr[data-entity=customer] input[data-action=read]'), 'the admin role cannot be changed');
		await shot(page, 'admin-roles-1280', 1280);
	});

	await step('org and jobs', async () => {
		await page.click('.admin-tabs a[data-tab=org]');
		await page.waitForSelector('.org-tree > ul');
		check((await page.locator('.org-tree li').count()) > 1, 'the department tree');
		await shot(page, 'admin-org-1280', 1280);
		await page.click('.admin-tabs a[data-tab=jobs]');
		await page.waitForSelector('.jobs-table, .admin-body .empty');
		await shot(page, 'admin-jobs-1280', 1280);
	});

	await step('import wizard', async () => {
		await page.click('.sidenav a[data-route=import]');
		await page.waitForSelector('form.import-file');
		await page.selectOption('form.import-file select[name=entity]', 'customers');
		await page.setInputFiles('form.import-file input[type=file]', {name: '客户.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV)});
		await page.waitForSelector('.map-table select');
		const mapped = await page.$$eval('.map-table select', (s) => s.map((x) => x.value));
		check(mapped.join(',') === 'code,name,kind,city', 'Chinese headers are recognised', mapped);
		await page.click('button.check');
		await page.waitForSelector('.errors-table tbody tr');
		const errs = await page.$$eval('.errors-table tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent)));
		check(errs.length === 1 && errs[0][0] === '3' && errs[0][1] === '3. 客户类型' && errs[0][2].includes('nonsense'), 'the preview names line, column and reason', errs);
		check((await page.textContent('.import-summary')).includes('2 行可以导入'), 'the preview counts the good rows');
		const before = await page.evaluate(() => fetch('/api/v1/customers?filter=' + encodeURIComponent("code eq 'IMP-1'")).then((r) => r.json()));
		check(before.items.length === 0, 'the preview saved nothing');
		await shot(page, 'import-preview-1280', 1280);
		await page.click('button.run');
		await page.waitForSelector('.download-rejected');
		check((await page.getAttribute('.import-progress progress', 'value')) === '100', 'the progress bar ends full');
		check((await page.textContent('.import-summary')).includes('新增 2 条') , 'the summary', await page.textContent('.import-summary'));
		const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.download-rejected')]);
		const body = readFileSync(await dl.path(), 'utf8');
		check(body.includes('IMP-2') && !body.includes('IMP-1'), 'the rejected-rows file holds the bad row only', body);
		const after = await page.evaluate(() => fetch('/api/v1/customers?filter=' + encodeURIComponent("code eq 'IMP-1'")).then((r) => r.json()));
		check(after.items.length === 1 && after.items[0].name === '杭州一号贸易', 'the good rows are imported');
		await shot(page, 'import-done-1280', 1280);
	});

	await step('390 px', async () => {
		await page.setViewportSize({width: 390, height: 844});
		for (const tab of ['users', 'roles', 'org', 'settings', 'webhooks', 'audit', 'jobs']) {
			await page.goto(`${BASE}/#/admin/${tab}`);
			await page.waitForSelector(`.admin-page[data-tab=${tab}] .admin-card`);
			await page.waitForFunction(() => !document.querySelector('main .loading'));
			await shot(page, `admin-${tab}-390`, 390);
		}
		await page.goto(`${BASE}/#/import`);
		await page.waitForSelector('form.import-file');
		await page.setInputFiles('form.import-file input[type=file]', {name: 'c.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV)});
		await page.click('button.check');
		await page.waitForSelector('.errors-table tbody tr');
		await shot(page, 'import-390', 390);
		// keyboard: the file step's fields are reachable with Tab
		await page.focus('form.import-file select[name=entity]');
		await page.keyboard.press('Tab');
		check(await page.evaluate(() => document.activeElement.type === 'file'), 'Tab moves from the entity to the file');
	});
	await ctx.close();

	await step('a sales rep', async () => {
		const c2 = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN'});
		const p2 = await c2.newPage();
		watch(p2, 'rep');
		await login(p2, 'web.rep1', 'web-rep1-pass-1');
		check(!(await p2.isVisible('.sidenav a[data-route=admin]')), 'no admin link for a sales rep');
		await p2.goto(`${BASE}/#/admin/settings`);
		await p2.waitForSelector('main .notice.error');
		check((await p2.textContent('main')).includes('只有系统管理员'), 'the admin page says it is for admins');
		check(!(await p2.locator('form.settings-form').count()), 'and shows no settings');
		const code = await p2.evaluate(() => fetch('/api/v1/settings').then((r) => r.status));
		check(code === 403, 'the API refuses the settings', code);
		await shot(p2, 'admin-forbidden-1280', 1280);
		await c2.close();
	});
} finally {
	await finish(browser);
}
