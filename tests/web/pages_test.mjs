// Browser test of the dashboard, public pool, credit and receivables pages and the customer
// file card, on the demo company that tests/integration/test_web_pages.sh makes: the figures
// shown must equal the ones the shell computed with SQL (EXPECT_*), a claim works and the
// second one meets the daily limit with the server's message next to the row, invoices open
// their payments, the file card prints without the header and navigation, loading and empty
// states show (API answers held back or replaced through request interception), every page
// fits 390 px, and no page logs a console error. Screenshots go to SHOT_DIR.
// Prints "web: N passed, N failed".
import {join} from 'node:path';
import {BASE, SHOTS, check, reached, step, launch, watch, shot, login, finish} from './harness.mjs';

const E = (k) => Number(process.env[k]);

/* The same formatting as web/js/dom.js formatFen, written again so that a change there shows. */
function fen(v) {
	const abs = Math.abs(v);
	return (v < 0 ? '-' : '') + '¥' + Math.floor(abs / 100).toLocaleString('en-US') + '.' + String(abs % 100).padStart(2, '0');
}

const browser = await launch();
const text = async (page, sel) => (await page.textContent(sel)).trim();

try {
	const ctx = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN'});
	const page = await ctx.newPage();
	watch(page, {name: '1280', expected: [401, 403]});

	await step('dashboard', async () => {
		// hold the aging report back a moment: its card shows the loading state meanwhile
		let release;
		const held = new Promise((r) => { release = r; });
		await page.route('**/api/v1/credit/aging', async (route) => {
			await held;
			await route.continue();
		});
		await login(page);
		await page.waitForSelector('.dashboard-page .kpi-customers .kpi-value');
		check(page.url().endsWith('#/dashboard'), 'login lands on the dashboard', page.url());
		check(await page.isVisible('.kpi-receivables .loading'), 'a card still loading says so');
		check((await page.getAttribute('.kpi-receivables', 'aria-busy')) === 'true', 'and is aria-busy');
		release();
		await page.waitForSelector('.kpi-receivables .kpi-value');
		await page.unroute('**/api/v1/credit/aging');
		await page.waitForSelector('.kpi-survey .kpi-value');
		const values = await page.locator('.kpi-value').allTextContents();
		check(values[0] === String(E('EXPECT_TOTAL')), 'customers in all', values[0]);
		check(values[1] === String(E('EXPECT_NEW')), 'new this month', values[1]);
		check(values[2] === String(E('EXPECT_POOL')), 'public pool', values[2]);
		check(values[3] === fen(E('EXPECT_OPEN')), 'open receivables', [values[3], fen(E('EXPECT_OPEN'))]);
		const aging = await page.evaluate(() => fetch('/api/v1/credit/aging').then((r) => r.json()));
		check(values[4] === fen(aging.total.total_fen - aging.total.current_fen), 'overdue = open less not yet due', values[4]);
		check((await text(page, '.kpi-receivables')).includes(`涉及 ${E('EXPECT_OWING')} 个客户`), 'customers owing');
		// the latest wave with results, as the surveys API has it
		const surveys = await page.evaluate(() => fetch('/api/v1/surveys').then((r) => r.json()));
		const waves = await page.evaluate((id) => fetch(`/api/v1/surveys/${id}/waves`).then((r) => r.json()), surveys.items[0].id);
		const last = waves.items.filter((w) => w.responses > 0).sort((a, b) => (a.closes_on < b.closes_on ? 1 : -1))[0];
		const res = await page.evaluate((id) => fetch(`/api/v1/survey-waves/${id}/results`).then((r) => r.json()), last.id);
		check(values[5] === res.index.value_100.toFixed(1), 'satisfaction index of the latest wave', [values[5], res.index.value_100]);
		check((await text(page, '.kpi-survey')).includes(res.index.level_label), 'with its level');
		check(await page.locator('.sidenav a[data-route=dashboard][aria-current]').count() === 1, 'the nav marks the dashboard');
		await shot(page, 'dashboard-1280', {width: 1280});
		// the survey figure leads to that wave's results
		await page.click('.kpi-survey a');
		await page.waitForSelector('.sv-index');
		check(page.url().includes(`wave=${last.id}`), 'the index links to its wave');
	});

	await step('dashboard empty states', async () => {
		// the same page on answers of an empty company
		const json = (body) => (route) => route.fulfill({status: 200, contentType: 'application/json', body: JSON.stringify(body)});
		await page.route('**/api/v1/dashboard', json({as_of: '2026-11-26', month_start: '2026-11-01',
			month_start_utc: '2026-10-31T16:00:00Z', customers: {total: 0, new_this_month: 0, pool: 0}}));
		await page.route('**/api/v1/credit/aging', json({as_of: '2026-11-26', customers: [], total: {current_fen: 0,
			days_1_30_fen: 0, days_31_60_fen: 0, days_61_90_fen: 0, over_90_fen: 0, total_fen: 0}}));
		await page.route('**/api/v1/surveys', json({items: []}));
		await page.goto(BASE + '/#/dashboard');
		await page.waitForSelector('.kpi-survey .empty');
		await page.waitForSelector('.kpi-receivables .empty');
		check((await text(page, '.kpi-customers')).includes('还没有客户'), 'no customers');
		check((await text(page, '.kpi-pool')).includes('公海目前为空'), 'empty pool');
		check((await text(page, '.kpi-receivables')).includes('没有未收的应收款'), 'no receivables');
		check((await text(page, '.kpi-survey')).includes('还没有调查结果'), 'no survey results');
		await shot(page, 'dashboard-empty-1280', {width: 1280});
		await page.unrouteAll();
	});

	await step('public pool', async () => {
		await page.goto(BASE + '/#/dashboard');
		await page.click('.sidenav a[data-route=pool]');
		await page.waitForSelector('table.pool-table tbody tr');
		check(await page.locator('table.pool-table tbody tr').count() === 25, 'a page of 25');
		check((await text(page, '.status-line')).includes(`共 ${E('EXPECT_POOL')} 个公海客户`), 'the pool count', await text(page, '.status-line'));
		await page.click('button.more');
		await reached('"more" loads the next page', page.waitForFunction(() => document.querySelectorAll('table.pool-table tbody tr').length > 25));
		// claim with the keyboard: focus the first button, Enter
		const first = page.locator('table.pool-table tbody tr').nth(0);
		const firstName = (await first.locator('td.wrap').textContent()).trim();
		await first.locator('button.claim').focus();
		await page.keyboard.press('Enter');
		await page.waitForSelector('.pool-page .notice.ok:not([hidden])');
		check((await text(page, '.pool-page .notice')).includes(`已领取 ${firstName}`), 'the claim is confirmed', await text(page, '.pool-page .notice'));
		check(await first.locator('.claimed').count() === 1, 'the row says claimed');
		// the second claim today is over the limit of one a day
		const second = page.locator('table.pool-table tbody tr').nth(1);
		await second.locator('button.claim').click();
		await page.waitForSelector('.pool-page .notice.error:not([hidden])');
		const rowMsg = (await second.locator('.row-error').textContent()).trim();
		check(/今天已领取 1 个客户（上限 1）/.test(rowMsg), 'the limit refusal next to the row, in Chinese', rowMsg);
		check((await text(page, '.pool-page .notice')).includes('未能领取'), 'and at the top');
		check(await second.locator('button.claim').isEnabled(), 'the button can be tried again');
		await shot(page, 'pool-1280', {width: 1280});
	});

	await step('credit and receivables', async () => {
		await page.click('.sidenav a[data-route=credit]');
		await page.waitForSelector('table.aging-total');
		const total = (await page.locator('table.aging-total tr[data-bucket=total_fen] td').first().textContent()).trim();
		check(total === fen(E('EXPECT_OPEN')), 'aging total = open receivables', total);
		check(await page.locator('svg.aging-chart rect.bar').count() === 5, 'a bar per bucket');
		const widths = await page.locator('svg.aging-chart rect.bar').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('width'))));
		const amounts = await page.locator('table.aging-total tbody tr td:first-of-type').allTextContents();
		const max = Math.max(...widths);
		const iMax = widths.indexOf(max);
		const asNum = (s) => Number(s.replace(/[¥,]/g, ''));
		check(amounts.slice(0, 5).every((a) => asNum(a) <= asNum(amounts[iMax])), 'the longest bar is the largest bucket', {widths, amounts});
		check(await page.locator('table.aging-customers tbody tr').count() === E('EXPECT_OWING'), 'a row per customer owing');
		await page.waitForSelector('table.invoices-table tbody tr');
		check((await text(page, '.invoices .status-line')).includes(`共 ${E('EXPECT_INVOICES')} 张发票`), 'the invoice count');
		await page.selectOption('#inv-status', 'open');
		await reached('filter by status', page.waitForFunction((n) => document.querySelector('.invoices .status-line')?.textContent.includes(`共 ${n} 张发票`), E('EXPECT_OPEN_INVOICES')));
		await page.selectOption('#inv-status', 'paid');
		await page.waitForSelector('table.invoices-table tbody tr .st-paid');
		const row = page.locator('table.invoices-table tbody tr').first();
		const amount = (await row.locator('td.num').first().textContent()).trim();
		await row.locator('button.pay-toggle').click();
		await page.waitForSelector('.payments-row .payment-list li');
		const paid = await page.locator('.payments-row .pay-amount').allTextContents();
		check(paid.reduce((a, s) => a + Math.round(asNum(s) * 100), 0) === Math.round(asNum(amount) * 100),
			'a paid invoice\'s payments add up to its amount', {amount, paid});
		check((await row.locator('button.pay-toggle').getAttribute('aria-expanded')) === 'true', 'the toggle says it is open');
		await shot(page, 'credit-1280', {width: 1280});
		await row.locator('button.pay-toggle').click();
		check(await page.locator('.payments-row').count() === 0, 'and closes again');
	});

	await step('customer 360 credit panel and file card', async () => {
		await page.goto(BASE + `/#/customers/${E('DEBTOR')}`);
		await page.waitForSelector('.credit-panel .credit-grade');
		const credit = await page.evaluate((id) => fetch(`/api/v1/customers/${id}/credit`).then((r) => r.json()), E('DEBTOR'));
		check((await text(page, '.credit-panel .credit-grade')) === (credit.assessed ? credit.grade : '尚未评估'), 'the grade', credit.grade);
		check((await text(page, '.credit-panel')).includes(fen(E('DEBTOR_OPEN'))), 'the open receivables', fen(E('DEBTOR_OPEN')));
		check(await page.locator('.credit-panel table.credit-aging tbody tr').count() >= 1, 'the customer\'s aging buckets');
		await shot(page, 'customer-credit-1280', {width: 1280});
		await page.click('a.card-link');
		await page.waitForSelector('.file-card');
		check((await text(page, '.file-card h1')) === '客户资料卡', 'the file card opens');
		const name = await page.evaluate((id) => fetch(`/api/v1/customers/${id}`).then((r) => r.json()).then((c) => c.name), E('DEBTOR'));
		check((await text(page, '.file-card-name')) === name, 'with the customer\'s name');
		check((await text(page, '.file-card')).includes(fen(E('DEBTOR_OPEN'))), 'and the credit position');
		check(await page.isVisible('.topbar') && await page.isVisible('button.print'), 'on screen: header and print button');
		await shot(page, 'card-1280', {width: 1280});
		await page.emulateMedia({media: 'print'});
		check(!(await page.isVisible('.topbar')) && !(await page.isVisible('.sidenav')) && !(await page.isVisible('button.print')),
			'printed: no header, navigation or buttons');
		await page.screenshot({path: join(SHOTS, 'card-print.png'), fullPage: true});
		const pdf = await page.pdf({format: 'A4'});
		check(pdf.length > 10000, 'the card prints to a PDF', pdf.length);
		await page.emulateMedia({media: 'screen'});
	});
	await ctx.close();

	// a phone, in English from the browser's language
	const phone = await browser.newContext({viewport: {width: 390, height: 844}, locale: 'en-US', isMobile: true, hasTouch: true});
	const p2 = await phone.newPage();
	watch(p2, {name: '390', expected: [401, 403]});
	await step('390 px, English', async () => {
		await login(p2);
		await p2.waitForSelector('.kpi-survey .kpi-value');
		await p2.waitForSelector('.kpi-receivables .kpi-value');
		check((await text(p2, '.dashboard-page h1')) === 'Dashboard', 'the English dashboard');
		check((await text(p2, '.kpi-customers .kpi-value')) === String(E('EXPECT_TOTAL')), 'the figures at 390 px');
		await shot(p2, 'dashboard-390', {width: 390});
		await p2.click('.nav-toggle');
		await p2.click('.sidenav a[data-route=pool]');
		await p2.waitForSelector('table.pool-table tbody tr');
		check((await text(p2, '.status-line')).includes(`of ${E('EXPECT_POOL') - 1} customers in the pool`), 'the pool less the claimed one');
		await shot(p2, 'pool-390', {width: 390});
		await p2.click('.nav-toggle');
		await p2.click('.sidenav a[data-route=credit]');
		await p2.waitForSelector('table.invoices-table tbody tr');
		await p2.waitForSelector('table.aging-total');
		check((await text(p2, 'table.aging-total tr[data-bucket=over_90_fen] th')) === 'Over 90 days overdue', 'English bucket names');
		await shot(p2, 'credit-390', {width: 390});
		await p2.goto(BASE + `/#/customers/${E('DEBTOR')}`);
		await p2.waitForSelector('.credit-panel .credit-grade');
		await p2.waitForSelector('table.orders-table, .customer-page .col-main .empty');
		await shot(p2, 'customer-credit-390', {width: 390});
		await p2.click('a.card-link');
		await p2.waitForSelector('.file-card');
		check((await text(p2, '.file-card h1')) === 'Customer file card', 'the English file card');
		await shot(p2, 'card-390', {width: 390});
	});
	await phone.close();
} finally {
	await finish(browser);
}
