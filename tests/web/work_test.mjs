// Browser test of the tasks, notifications, approvals, survey designer, segments, campaigns and
// loyalty pages and the customer 360 additions, on the demo company that
// tests/integration/test_web_work.sh makes. Three users in their own browser contexts: the sales
// rep li.qiang (REP) creates and completes a task, adds a task on a customer's 360 page and asks
// for that customer's transfer; the manager wang.fang (MGR) finds it in the approvals inbox and
// approves it (a rejection without a reason is refused next to the field first); the admin
// designs a survey, opens a wave and makes a public link that a fourth context (a phone, no
// login) fills in, then sees the response in the wave results; builds a segment, counts it,
// saves it and launches a campaign on it; adjusts a loyalty member's points. The rep cannot see
// another department's customer (absent from the list and the search, its URL a not-found
// page); a stored "<script>" name is shown as text; every page fits 390 px and no page logs a
// console error. Expected figures come from the shell (SQL). Prints "web: N passed, N failed".
import {join} from 'node:path';
import {BASE, SHOTS, check, step, launch, consoleErrors, login as loginForm, finish} from './harness.mjs';

const PASS = {admin: process.env.ADMIN_PASS, rep: process.env.REP_PASS, mgr: process.env.MGR_PASS};
const XSS_ID = Number(process.env.XSS_ID);
const FOREIGN_ID = Number(process.env.FOREIGN_ID);
const FOREIGN_NAME = process.env.FOREIGN_NAME;
const SH_COUNT = Number(process.env.SH_COUNT);
const MEMBER = Number(process.env.CLUB_MEMBER);
const MEMBER_BALANCE = Number(process.env.CLUB_MEMBER_BALANCE);
const browser = await launch();
// This test keeps its own watch: it counts the one 400 it provokes and any dialog.
const dialogs = [];
let seen400 = 0;
let expected400 = 0;
function watch(page, name) {
	// Chromium logs every non-2xx fetch as a console error. Expected here: the 401 of the
	// session check before login, and the 404 of the foreign customer's URL (checked on the
	// page); anything else counts.
	page.on('console', (m) => {
		if (m.type() === 'error' && /^Failed to load resource: .* status of 400 /.test(m.text()))
			seen400++;
		else if (m.type() === 'error' && !/^Failed to load resource: .* status of (401|404) /.test(m.text()))
			consoleErrors.push(`${name}: ${m.text()}`);
	});
	page.on('response', (r) => {
		if (r.status() === 400 && r.url().includes('/api/v1/segments/count'))
			expected400++;
		else if (r.status() >= 400 && ![401, 404].includes(r.status()))
			consoleErrors.push(`${name}: ${r.status()} ${r.url()}`);
		if (r.status() === 404 && !r.url().endsWith(`/customers/${FOREIGN_ID}`))
			consoleErrors.push(`${name}: 404 ${r.url()}`);
	});
	page.on('pageerror', (e) => consoleErrors.push(`${name}: ${e}`));
	page.on('dialog', async (d) => {
		dialogs.push(d.message());
		await d.dismiss();
	});
	page.setDefaultTimeout(15000);
}
const KEY_RE = /\b(app|nav|error|common|validation|tasks|notifications|approvals|segments|campaigns|loyalty|scores|designer|field|enum|surveys)\.[a-z_]+\.?[a-z_]*/;
async function shot(page, name, width) {
	await page.waitForFunction(() => !document.querySelector('main .loading'), null, {timeout: 15000}).catch(() => {});
	const text = await page.evaluate(() => document.querySelector('main').innerText);
	const key = text.match(KEY_RE);
	check(!key, `${name}: every text from the catalogue`, key && key[0]);
	check(!/[{[]\s*"[a-z_]+"\s*:/.test(text) && !/\bat \S+\.js:\d+/.test(text), `${name}: no raw JSON or stack trace`);
	check(!(await page.locator('main .loading').count()), `${name}: nothing left loading`);
	if (width) {
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		check(w <= width, `${name}: fits ${width} px`, w);
	}
	await page.screenshot({path: join(SHOTS, `work-${name}.png`), fullPage: true});
}
async function login(page, user, pass) {
	await loginForm(page, {user, pass, path: '/#/login'});
	await page.waitForSelector('.dashboard-page, body:not(.signed-out) main .page');
}
async function open(page, hash, selector) {
	await page.goto(BASE + '/' + hash);
	await page.waitForSelector(selector);
}

async function newContext(width, name) {
	const ctx = await browser.newContext({viewport: {width, height: 900}, locale: 'zh-CN'});
	const page = await ctx.newPage();
	watch(page, name);
	return {ctx, page};
}

try {
	const rep = await newContext(1280, 'rep');
	const mgr = await newContext(1280, 'manager');
	const adm = await newContext(1280, 'admin');

	await step('rep: the agenda, a task created and completed', async () => {
		const p = rep.page;
		// hold the agenda back a moment: the page shows its loading state meanwhile
		let release;
		const held = new Promise((r) => { release = r; });
		await p.route('**/api/v1/agenda*', async (route) => { await held; await route.continue(); });
		await login(p, 'li.qiang', PASS.rep);
		await p.goto(BASE + '/#/tasks');
		await p.waitForSelector('.tasks-page .agenda .loading');
		check(true, 'the agenda shows it is loading');
		release();
		await p.waitForSelector('.agenda .agenda-today');
		await p.unroute('**/api/v1/agenda*');
		// an empty title is refused next to the field
		await p.click('.task-form button[type=submit]');
		await p.waitForSelector('.task-form .field-error[data-for="title"]:not(:empty)');
		check((await p.textContent('.task-form .field-error[data-for="title"]')).trim() === '必填', 'required next to the title');
		await p.fill('.task-form input[name=title]', '给王总寄样品');
		await p.selectOption('.task-form select[name=priority]', 'high');
		await p.press('.task-form input[name=title]', 'Enter');
		const item = p.locator('.agenda-today .task-item', {hasText: '给王总寄样品'});
		await item.waitFor();
		check(await item.locator('.badge.key').count() === 1, 'the high priority shows');
		await shot(p, 'tasks-1280', 1280);
		await item.locator('button', {hasText: '完成'}).click();
		await p.locator('.agenda-today .task-item', {hasText: '给王总寄样品'}).waitFor({state: 'detached'});
		check(true, 'the completed task leaves the agenda');
	});

	await step('rep: a stored <script> name is text; scores, loyalty and a task on the 360 page', async () => {
		const p = rep.page;
		await open(p, `#/customers/${XSS_ID}`, '.customer-page h1');
		check((await p.textContent('.customer-page h1')) === '<script>alert(1)</script>', 'the name shown as typed');
		check(await p.locator('main script').count() === 0, 'no script element made from it');
		await p.waitForSelector('.scores-list .score-row[data-score="rfm"], #h-scores ~ div .empty');
		await p.waitForSelector('.record-tasks .empty, .record-tasks .task-list');
		await p.click('.record-tasks summary');
		await p.fill('.record-tasks input[name=title]', '电话回访');
		await p.press('.record-tasks input[name=title]', 'Enter');
		await p.locator('.record-tasks .task-item', {hasText: '电话回访'}).waitFor();
		check(true, 'the task appears under the customer');
		// the transfer request: a required field first, then sent
		await p.click('.transfer-card summary');
		await p.click('.transfer-form button[type=submit]');
		await p.waitForSelector('.transfer-form .field-error[data-for="to_user"]:not(:empty)');
		await p.fill('.transfer-form input[name=to_user]', 'zhang.wei');
		await p.fill('.transfer-form textarea[name=reason]', '客户搬到张伟负责的片区');
		await p.click('.transfer-form button[type=submit]');
		await p.waitForSelector('.transfer-form .form-message.info');
		await shot(p, 'customer360-rep-1280', 1280);
		check(dialogs.length === 0, 'no alert ran', dialogs);
	});

	await step('rep: my requests lists the pending transfer', async () => {
		const p = rep.page;
		await open(p, '#/approvals?box=mine', '.approvals-page .approval-list, .approvals-page .empty');
		const it = p.locator('.approval-item[data-status="pending"]');
		check(await it.count() === 1, 'one pending request', await it.count());
		check((await it.first().textContent()).includes('客户搬到张伟负责的片区'), 'with its reason');
	});

	await step('rep cannot see another department\'s customer', async () => {
		const p = rep.page;
		await open(p, '#/customers', 'table.customers-table tbody tr');
		check(!(await p.textContent('main')).includes(FOREIGN_NAME), 'absent from the list');
		await p.fill('.global-search input', FOREIGN_NAME);
		await p.press('.global-search input', 'Enter');
		await p.waitForSelector('main .results .empty, main .results .hit-list');
		const hits = await p.locator('main .results .hit-list').allTextContents();
		check(!hits.join(' ').includes(FOREIGN_NAME), 'absent from the search', hits);
		await open(p, `#/customers/${FOREIGN_ID}`, 'main .not-found');
		check((await p.textContent('main h1')).trim() === '页面不存在' || (await p.textContent('main h1')).length > 0, 'a not-found page');
		check(!(await p.textContent('main')).includes(FOREIGN_NAME), 'and nothing of the customer');
		await shot(p, 'foreign-404-1280', 1280);
	});

	await step('manager: the bell, the inbox, a reason required to reject, then approve', async () => {
		const p = mgr.page;
		await login(p, 'wang.fang', PASS.mgr);
		await p.waitForSelector('.bell .bell-count:not([hidden])');
		check(Number(await p.textContent('.bell .bell-count')) >= 1, 'the bell counts the unread notification');
		await open(p, '#/approvals', '.approval-item[data-status="pending"]');
		const it = p.locator('.approval-item', {hasText: '客户搬到张伟负责的片区'});
		await it.locator('button[data-act="reject"]').click();
		await it.locator('.field-error[data-for="decision_reason"]:not(:empty)').waitFor();
		check(true, 'reject without a reason is refused next to the field');
		await it.locator('textarea[name=decision_reason]').fill('同意，片区调整');
		await shot(p, 'approvals-1280', 1280);
		await it.locator('button[data-act="approve"]').click();
		await p.waitForSelector('.approvals-page .flash:not([hidden])');
		await p.locator('.approval-item[data-status="approved"]', {hasText: '客户搬到张伟负责的片区'}).waitFor();
		check(await it.locator('.decision-form').count() === 0, 'the decided request has no buttons left');
		await open(p, '#/notifications', '.notifications-page .notification-list, .notifications-page .empty');
		await shot(p, 'notifications-1280', 1280);
		const before = await p.locator('.notification.unread').count();
		if (before) {
			await p.click('.notifications-page .page-head button');
			await p.waitForFunction(() => !document.querySelector('.notification.unread'));
			await p.waitForSelector('.bell .bell-count[hidden]', {state: 'attached'});
			check(true, 'mark all read clears the bell');
		}
	});

	await step('rep: the request shows approved', async () => {
		const p = rep.page;
		await open(p, '#/approvals?box=mine', '.approval-item');
		check(await p.locator('.approval-item[data-status="approved"]').count() === 1, 'approved');
		check((await p.textContent('.approval-item .ap-decision')).includes('片区调整'), 'with the manager\'s reason');
	});

	let link = '';
	await step('admin: design a survey from scratch, add a question, open a wave, make a link', async () => {
		const p = adm.page;
		await login(p, 'admin', PASS.admin);
		await open(p, '#/surveys', '.new-survey');
		await p.click('.new-survey');
		await p.waitForSelector('form.survey-new-form');
		await p.check('input[name=mode][value=scratch]');
		await p.click('.survey-new-form button[type=submit]');
		await p.waitForSelector('.survey-new-form .field-error[data-for="code"]:not(:empty)');
		await p.fill('.survey-new-form input[name=code]', 'WEBW');
		await p.fill('.survey-new-form input[name=title]', '门店服务调查');
		await p.fill('.survey-new-form input[name=section]', '服务');
		await p.fill('.survey-new-form input[name=q_code]', 'Bad Code');
		await p.fill('.survey-new-form input[name=q_text]', '结账速度');
		await p.click('.survey-new-form button[type=submit]');
		await p.waitForSelector('.survey-new-form .field-error[data-for="q_code"]:not(:empty)');
		check(true, 'a bad question code is caught next to its field');
		await p.fill('.survey-new-form input[name=q_code]', 'speed');
		await shot(p, 'survey-new-1280', 1280);
		await p.click('.survey-new-form button[type=submit]');
		await p.waitForSelector('.survey-designer');
		await p.click('.add-question summary');
		await p.fill('.question-form input[name=code]', 'nps');
		await p.selectOption('.question-form select[name=type]', 'nps');
		await p.fill('.question-form input[name=text]', '您会向朋友推荐我们吗？');
		await p.click('.question-form button[type=submit]');
		await p.waitForSelector('.survey-questions li[data-code="nps"]');
		check(await p.locator('.survey-questions li').count() === 2, 'two questions');
		await p.fill('.wave-form input[name=code]', 'WEBW-1');
		await p.click('.wave-form button[type=submit]');
		await p.waitForSelector('.wave-live');
		await p.click('.links-form button[type=submit]');
		await p.waitForSelector('input.public-link');
		link = await p.inputValue('input.public-link');
		check(/\/survey\.html#[A-Za-z0-9_-]{43}$/.test(link), 'a public link', link);
		await shot(p, 'survey-design-1280', 1280);
	});

	await step('a respondent fills the survey through the public link (phone, no login)', async () => {
		const ctx = await browser.newContext({viewport: {width: 390, height: 844}, hasTouch: true, isMobile: true, locale: 'zh-CN'});
		const p = await ctx.newPage();
		watch(p, 'respondent');
		await p.goto(link);
		await p.waitForSelector('form .sv-q');
		await p.locator('#q-speed label:has(input[name="q_speed_0"][value="5"])').tap();
		await p.locator('#q-speed label:has(input[name="q_speed_1"][value="3"])').tap();
		await p.locator('#q-nps label:has(input[value="9"])').tap();
		await p.click('.sv-submit');
		await p.waitForSelector('.sv-done');
		check(true, 'the thanks');
		await ctx.close();
	});

	await step('admin: the wave results show the response', async () => {
		const p = adm.page;
		await p.reload();
		await p.waitForSelector('.sv-index');
		check((await p.textContent('.kv-list')).includes('1'), 'one response');
		check((await p.textContent('.sv-index')).startsWith('3.000'), 'the index of the one answer (satisfaction 3)', await p.textContent('.sv-index'));
		check(await p.locator('.survey-designer .question-form').count() === 0, 'the questionnaire is locked now');
		await shot(p, 'survey-results-1280', 1280);
	});

	await step('admin: build a segment, count it, save it, start a campaign', async () => {
		const p = adm.page;
		await open(p, '#/segments', '.segment-form');
		await p.selectOption('.cond-row .cond-field', 'city');
		await p.selectOption('.cond-row .cond-op', 'eq');
		await p.fill('.cond-row .cond-value', '上海市');
		check((await p.inputValue('textarea.filter-expr')) === "city eq '上海市'", 'the filter written from the row');
		await p.click('.segment-form button:has-text("统计客户数")');
		await p.waitForFunction(() => /\d/.test(document.querySelector('.segment-count').textContent));
		check((await p.textContent('.segment-count')).includes(String(SH_COUNT)), 'the count preview', await p.textContent('.segment-count'));
		// a broken filter: the server's message next to the field
		await p.fill('textarea.filter-expr', "city eq '上海市' and");
		await p.click('.segment-form button:has-text("统计客户数")');
		await p.waitForSelector('.segment-form .field-error[data-for="filter"]:not(:empty)');
		check(true, 'a broken filter is refused next to it');
		await p.fill('textarea.filter-expr', "city eq '上海市'");
		await p.fill('.segment-form input[name=code]', 'WEB-SH');
		await p.fill('.segment-form input[name=name]', '上海客户（网页）');
		await shot(p, 'segments-1280', 1280);
		await p.click('.segment-form button[type=submit]');
		await p.waitForSelector('.segment-page .segment-members-count');
		check((await p.textContent('.segment-members-count')).trim() === String(SH_COUNT), 'the saved segment counts the same');
		await p.click('.segment-page .page-head a.button');
		await p.waitForSelector('.campaign-form');
		await p.fill('.campaign-form input[name=code]', 'WEB-C1');
		await p.fill('.campaign-form input[name=name]', '上海秋季回馈');
		await p.fill('.campaign-form input[name=budget_fen]', '12,000');
		await p.click('.campaign-form button[type=submit]');
		await p.waitForSelector('.campaign-form .field-error[data-for="budget_fen"]:not(:empty)');
		await p.fill('.campaign-form input[name=budget_fen]', '12000');
		await p.click('.campaign-form button[type=submit]');
		await p.waitForSelector('.campaign-page button.launch');
		check((await p.textContent('.campaign-status')).includes('草稿'), 'a draft');
		await p.click('button.launch');
		await p.waitForSelector('.campaign-members');
		check((await p.textContent('.campaign-status')).includes('进行中'), 'launched');
		check((await p.textContent('[data-stat="members"]')).trim() === String(SH_COUNT), 'members frozen from the segment',
		      await p.textContent('[data-stat="members"]'));
		await p.click('.response-form button[type=submit]');
		await p.waitForFunction(() => document.querySelector('[data-stat="responses"]')?.textContent === '1');
		check(true, 'a recorded response counts');
		await shot(p, 'campaign-1280', 1280);
	});

	await step('admin: a loyalty member\'s points, adjusted', async () => {
		const p = adm.page;
		await open(p, '#/loyalty', '.club-list a');
		await p.click('.club-list a');
		await p.waitForSelector('.member-table');
		await p.click(`.member-table a[href$="customer=${MEMBER}"]`);
		await p.waitForSelector('.member-balance');
		check((await p.textContent('.member-balance')).trim() === String(MEMBER_BALANCE), 'the balance');
		await p.fill('.adjust-form input[name=points]', '0');
		await p.fill('.adjust-form input[name=reason]', '补录线下消费');
		await p.click('.adjust-form button[type=submit]');
		await p.waitForSelector('.adjust-form .field-error[data-for="points"]:not(:empty)');
		await p.fill('.adjust-form input[name=points]', '150');
		await p.click('.adjust-form button[type=submit]');
		await p.waitForFunction((b) => document.querySelector('.member-balance')?.textContent === String(b), MEMBER_BALANCE + 150);
		check((await p.textContent('.points-ledger tbody tr:first-child')).includes('补录线下消费'), 'the adjustment heads the history');
		await shot(p, 'loyalty-1280', 1280);
	});

	await step('admin: the customer list by segment, columns, export and bulk assign', async () => {
		const p = adm.page;
		await open(p, '#/customers', 'table.customers-table tbody tr');
		await p.waitForSelector('#cl-segment option:nth-child(2)', {state: 'attached'});
		const seg = await p.locator('#cl-segment option', {hasText: /^上海客户$/}).getAttribute('value');
		await p.selectOption('#cl-segment', seg);
		await p.waitForFunction((n) => document.querySelector('main p.status-line').textContent.includes(String(n)), SH_COUNT);
		check(true, 'the segment filters the list to its customers');
		const cities = await p.locator('table.customers-table tbody td[data-label="城市"]').allTextContents();
		check(cities.length > 0 && cities.every((c) => c === '上海市'), 'only Shanghai on the page', cities.slice(0, 3));
		// the export follows the filter
		const href = await p.getAttribute('a.export-csv', 'href');
		const rows = await p.evaluate(async (u) => (await fetch(u)).headers.get('X-Export-Rows'), href);
		check(rows === String(SH_COUNT), 'the CSV export has the segment\'s rows', [href, rows]);
		check((await p.getAttribute('a.export-xlsx', 'href')).includes('format=xlsx'), 'and an Excel link');
		// columns: drop 行业, add 省份
		await p.click('.column-chooser summary');
		await p.uncheck('.column-chooser input[value=industry]');
		await p.check('.column-chooser input[value=province]');
		await p.waitForFunction(() => [...document.querySelectorAll('table.customers-table th')].some((th) => th.textContent === '省份'));
		const heads = await p.locator('table.customers-table th').allTextContents();
		check(!heads.includes('行业') && heads.includes('省份'), 'the chosen columns', heads);
		// bulk assign: nothing ticked is refused, then two customers to liu.yang
		await p.fill('#cl-assign', 'liu.yang');
		await p.click('.bulk-assign button');
		await p.waitForSelector('#cl-assign-err:not(:empty)');
		const picks = p.locator('table.customers-table tbody input.pick');
		const codes = [];
		for (const i of [0, 1]) {
			await picks.nth(i).check();
			codes.push((await p.locator('table.customers-table tbody tr').nth(i).locator('td').first().textContent()).trim());
		}
		await p.click('.bulk-assign button');
		await p.waitForFunction(() => document.querySelector('.assign-result').textContent.includes('2'));
		check(true, 'two customers assigned');
		console.log(`ASSIGNED ${codes.join(',')}`);
		await shot(p, 'customers-segment-1280', 1280);
	});

	await step('admin: the 360 page explains every score', async () => {
		const p = adm.page;
		await open(p, `#/customers/${MEMBER}`, '.scores-list');
		for (const k of ['rfm', 'p_alive', 'clv', 'lifecycle', 'abc', 'loyalty_type', 'sat_loyalty'])
			check((await p.locator(`.score-row[data-score="${k}"] .score-explain`).textContent()).length > 4, `${k} explained`);
		await p.waitForSelector('.loyalty-balance');
		check((await p.textContent('.loyalty-balance')).trim() === String(MEMBER_BALANCE + 150), 'the loyalty card shows the balance');
		await shot(p, 'customer360-admin-1280', 1280);
	});

	// every page at 390 px, as the admin and the rep
	const pages = ['#/customers', '#/tasks', '#/notifications', '#/approvals', '#/approvals?box=mine', '#/segments', '#/campaigns', '#/loyalty',
		'#/surveys/new'];
	for (const [who, user, pass, extra] of [['admin', 'admin', PASS.admin, [`#/customers/${MEMBER}`, '#/loyalty/1', `#/loyalty/1?customer=${MEMBER}`]],
		['rep', 'li.qiang', PASS.rep, []]]) {
		await step(`${who} at 390 px`, async () => {
			const {ctx, page} = await newContext(390, `${who}-390`);
			await login(page, user, pass);
			for (const hsh of [...pages, ...extra]) {
				await page.goto(BASE + '/' + hsh);
				await page.waitForSelector('main .page');
				await shot(page, `${who}-${hsh.replace(/[#/?=]+/g, '-').replace(/^-|-$/g, '')}-390`, 390);
			}
			// the menu reaches the new pages on a phone
			await page.click('.nav-toggle');
			await page.click('.sidenav a[data-route="campaigns"]');
			await page.waitForSelector('.campaigns-page');
			check(true, `${who}: the menu opens the campaigns page`);
			await ctx.close();
		});
	}
	await step('segments and campaigns at 390 px have their data', async () => {
		const {ctx, page} = await newContext(390, 'admin-390b');
		await login(page, 'admin', PASS.admin);
		await open(page, '#/campaigns', '.campaign-list');
		await page.click('.campaign-list a:has-text("上海秋季回馈")');
		await page.waitForSelector('.campaign-stats');
		await shot(page, 'campaign-detail-390', 390);
		await ctx.close();
	});
} finally {
	check(seen400 === expected400 && expected400 === 1, 'the one 400 logged is the refused filter', [seen400, expected400]);
	check(dialogs.length === 0, 'no dialog opened', dialogs);
	await finish(browser);
}
