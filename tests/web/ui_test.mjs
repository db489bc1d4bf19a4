// Browser test of the web UI: Debian's Chromium driven headless by playwright-core against a
// running `guanxi serve` (BASE_URL), with the user and customers that
// tests/integration/test_web.sh creates. Logs in with the keyboard, lists, searches 张伟,
// opens the customer, checks the order amounts, logs an interaction (with a validation
// message first), edits a field and meets a 409 after someone else's change, creates a
// duplicate and then "anyway", shows a stored <script> name as text, switches to English
// (remembered after a reload) and checks the 390 px layout. Any console error fails.
// Screenshots go to SHOT_DIR. Prints "web: N passed, N failed".
import {BASE, USER, PASS, check, reached, step, launch, watch as watchPage, shot, finish} from './harness.mjs';

const browser = await launch();
// The 401s (session check before login, wrong password), 400s (validation) and 409s (conflict,
// duplicate) are answers the UI expects, checked on the page; so is the 404 of the missing
// customer the test opens on purpose.
const watch = (page) => watchPage(page, {expected: [400, 401, 409], ignoreUrl: /\/api\/v1\/customers\/999999$/, timeout: 10000});

try {
	// playwright gives each context a fresh profile of its own (the fresh --user-data-dir).
	const ctx = await browser.newContext({viewport: {width: 1280, height: 800}, locale: 'zh-CN'});
	const page = await ctx.newPage();
	watch(page);

	await step('login page', async () => {
		await page.goto(BASE + '/');
		await page.waitForSelector('form.login-card');
		check((await page.textContent('h1')) === '登录', 'the browser language zh-CN gives the Chinese login page');
		// an empty submit gives the message next to the field
		await page.click('form.login-card button[type=submit]');
		check((await page.textContent('.field-error[data-for=username]')) === '必填', 'empty username: message next to the field');
		await page.fill('input[name=username]', USER);
		await page.fill('input[name=password]', 'wrong-password');
		await page.press('input[name=password]', 'Enter');
		await page.waitForSelector('.form-message.error:not([hidden])');
		check((await page.textContent('.form-message')).includes('用户名或密码错误'), 'a wrong password says so');
		await shot(page, 'login-1280');
		// keyboard only: focus the username, Tab to the password, Enter
		await page.focus('input[name=username]');
		await page.keyboard.press('Tab');
		await page.keyboard.type(PASS);
		await page.keyboard.press('Enter');
		// the landing page is the dashboard; with no invoices and no surveys it shows empty states
		await page.waitForSelector('.dashboard-page .kpi-customers .kpi-value');
		check((await page.textContent('.kpi-customers .kpi-value')) === '36', 'the dashboard counts the 36 customers');
		await page.waitForSelector('.kpi-receivables .empty');
		check((await page.textContent('.kpi-receivables')).includes('没有未收的应收款'), 'dashboard: empty receivables');
		await page.waitForSelector('.kpi-survey .empty');
		check((await page.textContent('.kpi-survey')).includes('还没有调查结果'), 'dashboard: no survey results yet');
		await shot(page, 'dashboard-empty-1280');
		await page.click('.sidenav a[data-route=customers]');
		await page.waitForSelector('table.customers-table tbody tr');
	});

	await step('customer list', async () => {
		const rows = () => page.locator('table.customers-table tbody tr').count();
		check(await rows() === 25, 'the first page has 25 of the 36 customers', await rows());
		check((await page.textContent('.status-line')).includes('显示 25 / 共 36 个客户'), 'the count line');
		await page.click('button.more');
		await page.waitForFunction(() => document.querySelectorAll('table.customers-table tbody tr').length === 36);
		check(!(await page.isVisible('button.more')), '"more" gives the rest and then hides');
		const names = await page.locator('table.customers-table tbody td.wrap').allTextContents();
		check(new Set(names).size === 36, 'no customer twice across pages');
		check(await page.locator('th', {hasText: '城市'}).count() === 1, 'column labels from the catalogue');
		await shot(page, 'customers-1280');
		// filter: key accounts in 上海
		await page.fill('#cl-city', '上海');
		await page.check('#cl-key');
		await page.waitForFunction(() => document.querySelectorAll('table.customers-table tbody tr').length === 1);
		check((await page.textContent('table.customers-table tbody')).includes('张伟'), 'filter city and key account');
		await page.fill('#cl-city', '拉萨');
		await page.click('.toolbar button[type=submit]');
		await page.waitForSelector('.results .empty');
		check((await page.textContent('.results .empty')).includes('没有符合筛选条件的客户'), 'empty state for filters');
		await page.fill('#cl-city', '');
		await page.uncheck('#cl-key');
		await page.selectOption('#cl-sort', 'code');
		await reached('sort by code', page.waitForFunction(() => document.querySelector('table.customers-table tbody td')?.textContent === 'B01'));
		await page.selectOption('#cl-sort', 'name');
		await page.locator('table.customers-table tbody tr:first-child a', {hasText: '<script>'}).waitFor();
	});

	await step('stored script shown as text', async () => {
		const cell = page.locator('table.customers-table a', {hasText: '<script>'});
		check(await cell.count() === 1, 'the hostile name is shown literally');
		check(await page.locator('table.customers-table img').count() === 0, 'no element made from a name');
		check(await page.evaluate(() => window.__xss === undefined), 'no script of a name ran');
	});

	await step('search 张伟', async () => {
		await page.fill('#cl-q', '张伟');
		await page.waitForSelector('.results .hit-list');
		const hits = await page.locator('.hit-list li a').allTextContents();
		check(hits.includes('张伟') && hits.includes('张伟明'), 'search 张伟 finds 张伟 and 张伟明', hits);
		check(!hits.includes('李娜'), 'and not 李娜', hits);
		await shot(page, 'search-1280');
		await page.click('.hit-list li a >> text="张伟"');
		await page.waitForSelector('.customer-page h1');
	});

	await step('customer 360', async () => {
		check((await page.textContent('.customer-page h1')) === '张伟', 'the customer page opens');
		await page.waitForSelector('table.orders-table');
		const amounts = await page.locator('table.orders-table tbody td.num').allTextContents();
		check(amounts.includes('¥2,868.00') && amounts.includes('¥1,197.00'), 'order amounts formatted from fen', amounts);
		check((await page.textContent('table.orders-table tfoot td.num')) === '¥4,065.00', 'order total', await page.textContent('table.orders-table tfoot td.num'));
		check((await page.textContent('.profile')).includes('客户资料') && (await page.textContent('dd[data-field=city]')) === '上海', 'profile with labels');
		check(await page.locator('.chip.role', {hasText: '最终用户'}).count() === 1, 'roles shown with their labels');
		check(await page.locator('.chip.tag', {hasText: 'VIP'}).count() === 1, 'tags shown');
		check((await page.textContent('.timeline')).includes('询问龙井价格'), 'the timeline shows the earlier interaction');
		check((await page.textContent('.contact-list')).includes('王秘书'), 'contacts shown');
		await shot(page, 'customer-1280');
	});

	await step('log an interaction', async () => {
		await page.click('.ix-details summary');
		await page.fill('input[name=occurred_at]', '');
		await page.click('.ix-form button[type=submit]');
		check((await page.textContent('.ix-form .field-error[data-for=occurred_at]')) === '必填', 'missing time: message next to the field');
		await page.fill('input[name=occurred_at]', '2026-11-25T15:30');
		await page.selectOption('select[name=channel]', 'wechat');
		await page.selectOption('select[name=type]', 'return_visit');
		await page.selectOption('select[name=contact_id]', {label: '王秘书（助理）'});
		await page.fill('input[name=subject]', '回访：龙井口感满意');
		await page.fill('textarea[name=content]', '客户说 <b>很好</b>');
		await page.click('.ix-form button[type=submit]');
		await page.waitForSelector('.timeline-item >> text=回访：龙井口感满意');
		const first = await page.textContent('.timeline-item');
		check(first.includes('2026-11-25 15:30') && first.includes('微信') && first.includes('回访'), 'the new interaction heads the timeline in company time', first);
		check(first.includes('<b>很好</b>'), 'its content shown as text');
		check(first.includes('联系人: 王秘书'), 'with the contact chosen', first);
		await shot(page, 'customer-interaction-1280');
	});

	await step('edit a field', async () => {
		await page.click('.head-actions button');
		// the server's validation message shows next to the field it names, in Chinese
		await page.fill('.edit-form input[name=email]', 'not-an-email');
		await page.click('.edit-form button[type=submit]');
		await page.waitForSelector('.edit-form .field-error[data-for=email]:not(:empty)');
		const emailMsg = await page.textContent('.edit-form .field-error[data-for=email]');
		check(/[\u4e00-\u9fff]/.test(emailMsg) && (await page.getAttribute('.edit-form input[name=email]', 'aria-invalid')) === 'true',
		      'a bad e-mail: the server message next to the field', emailMsg);
		await shot(page, 'customer-edit-invalid-1280');
		await page.fill('.edit-form input[name=email]', '');
		await page.fill('.edit-form input[name=city]', '苏州');
		await page.click('.edit-form button[type=submit]');
		await reached('PATCH saved the city', page.waitForFunction(() => document.querySelector('dd[data-field=city]')?.textContent === '苏州'));
		// someone else saves in between: the next save is a 409 with a clear message
		await page.click('.head-actions button');
		const s = await (await ctx.request.get(BASE + '/api/v1/session')).json();
		const other = await ctx.request.patch(BASE + '/api/v1/customers/1', {
			headers: {'X-CSRF-Token': s.csrf_token, 'If-Match': '"2"', 'Content-Type': 'application/json'},
			data: {industry: '茶叶零售'}});
		check(other.status() === 200, 'the other change went through', other.status());
		await page.fill('.edit-form input[name=city]', '无锡');
		await page.click('.edit-form button[type=submit]');
		await page.waitForSelector('.edit-form .form-message.error:not([hidden])');
		check((await page.textContent('.edit-form .form-message')).includes('已被他人修改'), '409: someone else changed it');
		await shot(page, 'customer-conflict-1280');
		await page.click('.edit-form .form-message button');
		await page.waitForFunction(() => document.querySelector('dd[data-field=industry]')?.textContent === '茶叶零售');
		check((await page.textContent('dd[data-field=city]')) === '苏州', 'reload shows the stored values');
	});

	await step('unknown customer and unknown page', async () => {
		await page.goto(BASE + '/#/customers/999999');
		await page.waitForSelector('main .notice.error');
		const msg = await page.textContent('main .notice.error');
		check(/[\u4e00-\u9fff]/.test(msg) && !msg.includes('{'), 'a missing customer gives a message, not JSON', msg);
		await shot(page, 'customer-missing-1280');
		await page.goto(BASE + '/#/nowhere');
		await page.waitForSelector('main h1');
		check((await page.textContent('main h1')) === '页面不存在', 'an unknown route says so');
	});

	await step('search a contact from the header', async () => {
		await page.fill('.global-search input', '王秘书');
		await page.press('.global-search input', 'Enter');
		await page.waitForSelector('.hit-list');
		check((await page.textContent('.results h2')) === '联系人', 'contact hits under their heading');
		await page.click('.hit-list a >> text="王秘书"');
		await page.waitForSelector('.customer-page h1');
		check((await page.textContent('.customer-page h1')) === '张伟', "a contact hit opens the contact's customer");
		check((await page.inputValue('.global-search input')) === '', 'the header box is cleared off the search page');
	});

	await step('create customer with a duplicate phone', async () => {
		await page.click('.sidenav a[data-route=customer-new]');
		await page.waitForSelector('form.new-form');
		await page.click('form.new-form button[type=submit]');
		check((await page.textContent('.field-error[data-for=name]')) === '必填', 'name required');
		await page.fill('input[name=name]', '王小明');
		await page.fill('input[name=mobile]', '139 1234 5678');
		await page.click('form.new-form button[type=submit]');
		await page.waitForSelector('.form-message.warning:not([hidden])');
		const msg = await page.textContent('.form-message');
		check(msg.includes('可能重复') && msg.includes('张伟') && msg.includes('电话相同'), 'the duplicate is named', msg);
		check(await page.locator('.form-message a[href="#/customers/1"]').count() === 1, 'with a link to it');
		await shot(page, 'customer-new-duplicate-1280');
		await page.click('.form-message button.force');
		await page.waitForSelector('.customer-page h1');
		check((await page.textContent('.customer-page h1')) === '王小明', 'create anyway opens the new customer');
	});

	await step('switch to English', async () => {
		await page.goto(BASE + '/#/customers/1');
		await page.waitForSelector('.profile dt');
		await page.selectOption('#lang-switch', 'en');
		await page.waitForFunction(() => document.querySelector('#h-profile')?.textContent === 'Profile');
		check((await page.textContent('.sidenav a[data-route=customers]')) === 'Customers', 'navigation in English');
		check(await page.locator('.profile dt', {hasText: 'City'}).count() === 1, 'field labels in English');
		await page.waitForSelector('.timeline-item');
		check((await page.textContent('.timeline')).includes('WeChat'), 'enum labels in English');
		await page.reload();
		await page.waitForSelector('.profile dt');
		check((await page.getAttribute('html', 'lang')) === 'en' && (await page.textContent('#h-profile')) === 'Profile', 'the choice is remembered');
		await shot(page, 'customer-en-1280');
		await page.selectOption('#lang-switch', 'zh-CN');
		await reached('and back to Chinese', page.waitForFunction(() => document.querySelector('#h-profile')?.textContent === '客户资料'));
	});
	await ctx.close();

	// a phone: 390 px wide, English from the browser's language
	const phone = await browser.newContext({viewport: {width: 390, height: 844}, locale: 'en-US', isMobile: true, hasTouch: true});
	const p2 = await phone.newPage();
	watch(p2);
	await step('390 px', async () => {
		await p2.goto(BASE + '/');
		await p2.waitForSelector('form.login-card');
		check((await p2.textContent('h1')) === 'Sign in', 'an English browser gets English');
		await shot(p2, 'login-390');
		await p2.fill('input[name=username]', USER);
		await p2.fill('input[name=password]', PASS);
		await p2.press('input[name=password]', 'Enter');
		await p2.waitForSelector('.dashboard-page .kpi-customers .kpi-value');
		await p2.evaluate(() => { location.hash = '#/customers'; });
		await p2.waitForSelector('table.customers-table tbody tr');
		const overflow = () => p2.evaluate(() => document.documentElement.scrollWidth);
		check(await overflow() <= 390, 'the list fits 390 px', await overflow());
		check(!(await p2.isVisible('.sidenav')), 'navigation collapsed');
		await shot(p2, 'customers-390');
		await p2.click('.nav-toggle');
		check(await p2.isVisible('.sidenav a[data-route=customer-new]'), 'the menu button opens it');
		await shot(p2, 'nav-open-390');
		await p2.click('.sidenav a[data-route=customers]');
		check(!(await p2.isVisible('.sidenav')), 'a link in the menu closes it');
		// the header's search box leads to the search page
		await p2.fill('.global-search input', '张伟');
		await p2.press('.global-search input', 'Enter');
		await p2.waitForSelector('.hit-list');
		check(await overflow() <= 390, 'the search page fits 390 px', await overflow());
		await shot(p2, 'search-390');
		await p2.click('.hit-list a >> text="张伟"');
		await p2.waitForSelector('table.orders-table');
		check(await overflow() <= 390, 'the customer page fits 390 px', await overflow());
		await shot(p2, 'customer-390');
		await p2.goto(BASE + '/#/customers/new');
		await p2.waitForSelector('form.new-form');
		check(await overflow() <= 390, 'the new-customer form fits 390 px', await overflow());
		await shot(p2, 'customer-new-390');
	});
	await step('session end', async () => {
		// the session ends elsewhere: the next API call (401) leads to the login page, and
		// logging in again returns to the page that was asked for
		const s = await (await phone.request.get(BASE + '/api/v1/session')).json();
		await phone.request.post(BASE + '/api/v1/logout', {headers: {'X-CSRF-Token': s.csrf_token}});
		await p2.goto(BASE + '/#/customers/1');
		await p2.waitForSelector('form.login-card');
		await p2.fill('input[name=username]', USER);
		await p2.fill('input[name=password]', PASS);
		await p2.press('input[name=password]', 'Enter');
		await p2.waitForSelector('.customer-page h1');
		check(p2.url().endsWith('#/customers/1') && (await p2.textContent('.customer-page h1')) === '张伟', 'after login the asked-for page opens');
		await p2.click('.logout');
		await p2.waitForSelector('form.login-card');
		check(!(await p2.isVisible('.sidenav')) && !(await p2.isVisible('.global-search')), 'sign out shows the login page without the navigation');
	});
	await phone.close();
} finally {
	await finish(browser);
}
