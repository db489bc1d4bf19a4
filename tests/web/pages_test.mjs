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
		await page.waitForFunction(() => document.querySelectorAll('.trend-grid canvas').length === 5);
		const values = (sel) => page.locator(`${sel} .kpi-value`).allTextContents();
		const cust = await values('.kpi-customers');
		check(cust[0] === String(E('EXPECT_TOTAL')), 'customers in all', cust[0]);
		check(cust[1] === String(E('EXPECT_NEW')), 'new this month', cust[1]);
		check((await values('.kpi-pool'))[0] === String(E('EXPECT_POOL')), 'public pool');
		const recv = await values('.kpi-receivables');
		check(recv[0] === fen(E('EXPECT_OPEN')), 'open receivables', [recv[0], fen(E('EXPECT_OPEN'))]);
		const aging = await page.evaluate(() => fetch('/api/v1/credit/aging').then((r) => r.json()));
		check(recv[1] === fen(aging.total.total_fen - aging.total.current_fen), 'overdue = open less not yet due', recv[1]);
		check((await text(page, '.kpi-receivables')).includes(`涉及 ${E('EXPECT_OWING')} 个客户`), 'customers owing');
		// the other KPI cards show the API's figures (checked by hand in test_dashboard.sh)
		const d = await page.evaluate(() => fetch('/api/v1/dashboard').then((r) => r.json()));
		const c = d.customers;
		check(JSON.stringify(await values('.kpi-lifecycle')) === JSON.stringify([c.active, c.retained, c.churned, c.loyal].map(String)),
			'active, retained, churned, loyal', await values('.kpi-lifecycle'));
		check(c.active > 0 && c.retained > 0 && c.loyal > 0, 'the demo has active, retained and loyal customers', c);
		check(JSON.stringify(await values('.kpi-service')) === JSON.stringify([d.service.open_complaints, d.service.overdue_tickets].map(String)),
			'open complaints and overdue tickets', await values('.kpi-service'));
		check(JSON.stringify(await values('.kpi-pipeline')) === JSON.stringify([fen(d.pipeline.open_fen), fen(d.pipeline.weighted_fen)]),
			'open and weighted pipeline', await values('.kpi-pipeline'));
		check(JSON.stringify(await values('.kpi-revenue')) === JSON.stringify([fen(d.revenue.month_fen), fen(d.revenue.year_fen)]),
			'revenue this month and this year', await values('.kpi-revenue'));
		const all = await page.locator('.kpi-value').allTextContents();
		check(all.length === 16 && all.every((v) => /^[¥\-]?[0-9][0-9,.]*$/.test(v)), 'every KPI card shows a number', all);
		check(await page.locator('.kpi-service a[href="#/tickets"]').count() === 2 &&
			await page.locator('.kpi-pipeline a[href="#/pipeline"]').count() === 2, 'service and pipeline figures link to their lists');
		// each trend chart holds the API's 12 monthly points
		const charts = await page.evaluate(() => [...document.querySelectorAll('.trend-grid .trend')].map((el) => {
			const ch = window.Chart.getChart(el.querySelector('canvas'));
			return {cls: el.className, labels: ch.data.labels, data: ch.data.datasets[0].data};
		}));
		const keys = ['revenue_fen', 'new_customers', 'active_customers', 'complaints_opened', 'deals_won'];
		check(charts.length === 5, 'five trend charts', charts.length);
		keys.forEach((k, i) => {
			const want = k === 'revenue_fen' ? d.trends[k].map((v) => v / 100) : d.trends[k];
			check(charts[i] && JSON.stringify(charts[i].data) === JSON.stringify(want) && charts[i].data.length === 12 &&
				JSON.stringify(charts[i].labels) === JSON.stringify(d.trends.months), `trend ${k}: 12 points as the API has them`,
				charts[i] && charts[i].data);
		});
		check(d.trends.revenue_fen.some((v) => v > 0) && d.trends.deals_won.some((v) => v > 0), 'the demo trends are not all zero');
		// the latest wave with results, as the surveys API has it
		const surveys = await page.evaluate(() => fetch('/api/v1/surveys').then((r) => r.json()));
		const waves = await page.evaluate((id) => fetch(`/api/v1/surveys/${id}/waves`).then((r) => r.json()), surveys.items[0].id);
		const last = waves.items.filter((w) => w.responses > 0).sort((a, b) => (a.closes_on < b.closes_on ? 1 : -1))[0];
		const res = await page.evaluate((id) => fetch(`/api/v1/survey-waves/${id}/results`).then((r) => r.json()), last.id);
		check((await values('.kpi-survey'))[0] === res.index.value_100.toFixed(1), 'satisfaction index of the latest wave', res.index.value_100);
		check(d.csi.wave_id === last.id && d.csi.value_100 === res.index.value_100, 'the API\'s CSI is that wave\'s index', d.csi);
		check((await text(page, '.kpi-survey')).includes(res.index.level_label), 'with its level');
		await page.click('.dashboard-basis summary');
		check((await text(page, '.dashboard-basis')).includes(d.windows.active_from), 'the definitions name the windows');
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
		const zero = Array(12).fill(0);
		await page.route('**/api/v1/dashboard', json({as_of: '2026-11-26', month_start: '2026-11-01',
			month_start_utc: '2026-10-31T16:00:00Z', scope: 'all', basis: '',
			customers: {total: 0, new_this_month: 0, pool: 0, active: 0, retained: 0, churned: 0, loyal: 0},
			windows: {active_from: '2025-11-27', active_to: '2026-11-26', prior_from: '2024-11-27', prior_to: '2025-11-26',
				loyal_months: ['2026-08', '2026-09', '2026-10']},
			service: {open_complaints: 0, overdue_tickets: 0, now: '2026-11-26T00:00:00Z'},
			pipeline: {open_deals: 0, open_fen: 0, weighted_fen: 0},
			revenue: {month_fen: 0, year_fen: 0, year_start: '2026-01-01'}, csi: null,
			trends: {months: ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07',
				'2026-08', '2026-09', '2026-10', '2026-11'], revenue_fen: zero, new_customers: zero, active_customers: zero,
			complaints_opened: zero, deals_won: zero}}));
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
		check((await text(page, '.kpi-pipeline')).includes('没有进行中的商机'), 'no open opportunities');
		await page.waitForFunction(() => document.querySelectorAll('.trend-grid .trend .empty').length === 5);
		check(true, 'every empty trend says so');
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
