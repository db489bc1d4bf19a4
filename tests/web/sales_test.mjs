// Browser test of the sales and service pages (web/js/leads.js, pipeline.js, tickets.js):
// Debian's Chromium, headless, against a running `guanxi serve` (BASE_URL) on the demo data
// plus what tests/integration/test_web_sales.sh added (a lead whose phone is a customer's, an
// opportunity OPP_CODE to drag, a ticket TICKET_CODE). Logs in as GX_USER; adds a lead in the
// page, claims and converts it (customer and opportunity shown), meets the duplicate refusal;
// drags OPP_CODE to the won column, gives the reason in the dialog, reads the stage history
// through the API; moves the converted lead's opportunity with the "move to…" select; takes
// the ticket through assign → start → reply → close; then the three pages on a 390 px phone.
// Any console error fails. Screenshots go to SHOT_DIR. Prints "web: N passed, N failed".
import {BASE, USER, PASS, check, reached, step, launch, watch, shot as pageShot, finish} from './harness.mjs';

const OPP = process.env.OPP_CODE;
const TICKET = process.env.TICKET_CODE;
const DUP_LEAD = process.env.DUP_LEAD;
const CUST2 = process.env.CUST2;
const OVERDUE = process.env.OVERDUE_CODE;
const LATE = process.env.LATE_CODE;
const CUST3 = process.env.CUST3;
const browser = await launch();
// the duplicate refusal the test provokes on purpose (409) is an expected answer
const watchPage = (p) => watch(p, {expected: [401, 409], timeout: 10000});
const ctx = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN'});
const page = await ctx.newPage();
watchPage(page);
const shot = (p, name) => pageShot(p, `sales-${name}`);

async function apiGet(path) {
	const r = await ctx.request.get(BASE + '/api/v1' + path);
	return r.json();
}

await step('login', async () => {
	await page.goto(BASE + '/#/leads');
	await page.waitForSelector('form.login-card');
	await page.fill('input[name=username]', USER);
	await page.fill('input[name=password]', PASS);
	await page.press('input[name=password]', 'Enter');
	await page.waitForSelector('.leads-page table.lead-list tbody tr');
	check((await page.textContent('h1')) === '销售线索', 'after the login the leads page in Chinese');
	check(await page.locator('.sidenav a[aria-current]', {hasText: '线索'}).count() === 1, 'the nav marks the leads page');
});

let leadCode = '';
await step('add a lead to the pool, claim it', async () => {
	const ownerCells = await page.locator('table.lead-list tbody td[data-label=负责人]').allTextContents();
	check(ownerCells.length > 0 && ownerCells.every((c) => c === '在线索池'), 'the pool shows only leads without owner', ownerCells.slice(0, 3));
	check(!(await page.isVisible('.lead-form')), 'the new-lead form starts folded');
	await page.click('.lead-new summary');
	await page.click('.lead-form button[type=submit]');
	check((await page.textContent('.lead-form .field-error[data-for=name]')) === '必填', 'the name is required');
	await page.fill('.lead-form input[name=name]', '浏览器<b>线索</b>');
	await page.fill('.lead-form input[name=company]', '杭州测试贸易有限公司');
	await page.fill('.lead-form input[name=phone]', '13700007777');
	await page.fill('.lead-form input[name=source]', '展会');
	await page.fill('.lead-form input[name=expected_amount]', '12,000.50');
	await page.click('.lead-form button[type=submit]');
	await page.waitForSelector('.lead-form .form-message.info:not([hidden])');
	leadCode = (await page.textContent('.lead-form .form-message')).match(/L\d+/)[0];
	const row = page.locator(`table.lead-list tr[data-code="${leadCode}"]`);
	await row.waitFor();
	check((await row.textContent()).includes('浏览器<b>线索</b>'), 'the new lead is in the pool, its name as text');
	check((await row.locator('td.num').textContent()) === '¥12,000.50', 'the amount went in as fen', await row.locator('td.num').textContent());
	await row.locator('button.claim').click();
	await page.waitForSelector('.lead-flash .notice.info');
	check(await page.locator(`table.lead-list tr[data-code="${leadCode}"]`).count() === 0, 'a claimed lead leaves the pool');
	await page.selectOption('#ld-scope', 'mine');
	await page.locator(`table.lead-list tr[data-code="${leadCode}"]`).waitFor();
	check((await page.locator(`table.lead-list tr[data-code="${leadCode}"] td[data-label=负责人]`).textContent()) === '我', 'it is mine now');
});

let convertedOpp = '';
await step('convert the lead', async () => {
	await page.locator(`table.lead-list tr[data-code="${leadCode}"] button.convert`).click();
	await page.waitForSelector('.lead-flash .notice.success');
	const txt = await page.textContent('.lead-flash');
	check(txt.includes(`线索 ${leadCode} 已转化`), 'the conversion is announced', txt);
	const links = await page.locator('.convert-result a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
	check(/^#\/customers\/\d+$/.test(links[0] || ''), 'a link to the new customer', links);
	convertedOpp = (txt.match(/O\d{8}/) || [''])[0];
	check(convertedOpp !== '' && txt.includes('¥12,000.50'), 'the opportunity with the lead\'s amount', txt);
	await shot(page, 'lead-converted-1280');
	const l = (await apiGet(`/leads?filter=${encodeURIComponent(`code eq '${leadCode}'`)}`)).items[0];
	check(l.status === 'converted' && l.customer_id && l.opportunity_id, 'the API has the lead converted', l && l.status);
});

await step('the duplicate refusal', async () => {
	await page.selectOption('#ld-scope', 'pool');
	const row = page.locator(`table.lead-list tr[data-code="${DUP_LEAD}"]`);
	await row.waitFor();
	await row.locator('button.convert').click();
	await page.waitForSelector('.lead-flash .notice.warning');
	const txt = await page.textContent('.lead-flash');
	check(txt.includes('未转化') && txt.includes('电话相同'), 'the refusal says why, in Chinese', txt);
	check(await page.locator('.lead-flash a[href="#/customers/1"]').count() === 1, 'the matching customer linked');
	check(await page.locator('.lead-flash button.force').count() === 1, 'with a "convert anyway" button');
	await shot(page, 'lead-duplicate-1280');
	const l = (await apiGet(`/leads?filter=${encodeURIComponent(`code eq '${DUP_LEAD}'`)}`)).items[0];
	check(l.status !== 'converted', 'the duplicate lead stays unconverted', l.status);
});

let oppId = 0;
await step('pipeline: drag to won', async () => {
	await page.click('.sidenav a[data-route=pipeline]');
	await page.waitForSelector(`.opp-card[data-code="${OPP}"]`);
	const cols = await page.locator('.kanban-col h2').allTextContents();
	check(cols.length === 6 && cols[0].startsWith('线索确认') && cols[4].startsWith('赢单'), 'a column per stage', cols);
	await page.waitForSelector('table.forecast tbody tr');
	check(await page.locator('table.forecast tbody tr').count() >= 1, 'the forecast table under the board');
	await shot(page, 'pipeline-1280');
	check((await page.textContent(`.opp-card[data-code="${OPP}"] .opp-customer`)) === CUST2, 'the card names its customer');
	oppId = Number(await page.getAttribute(`.opp-card[data-code="${OPP}"]`, 'data-id'));
	const before = await page.textContent('.kanban-col[data-kind=won] .kanban-sum');
	await page.dragAndDrop(`.opp-card[data-code="${OPP}"]`, '.kanban-col[data-kind=won]');
	await page.waitForSelector('dialog.ask[open]');
	check((await page.textContent('dialog.ask h2')).includes('赢单的原因'), 'won asks for the reason');
	await page.click('dialog.ask button[type=submit]');
	check((await page.textContent('dialog.ask .field-error')) === '必填', 'the reason is required');
	await page.fill('dialog.ask textarea', '价格合适，交付快');
	await page.click('dialog.ask button[type=submit]');
	await page.waitForSelector(`.opp-card[data-code="${OPP}"]`, {state: 'detached'});
	await page.waitForSelector('.pipeline-flash .notice.info');
	check((await page.textContent('.pipeline-flash')).includes(`${OPP} 已移至 赢单`), 'the move announced');
	check((await page.textContent('.kanban-col[data-kind=won] .kanban-sum')) !== before, 'the won column counts it', before);
	const hist = await apiGet(`/opportunities/${oppId}/history`);
	const last = hist.items[hist.items.length - 1];
	const o = await apiGet(`/opportunities/${oppId}`);
	check(o.status === 'won' && last.to_stage_id === 5 && last.reason === '价格合适，交付快', 'the stage history has the won move with its reason', last);
});

await step('pipeline: the "move to…" select, and cancel', async () => {
	const card = page.locator(`.opp-card[data-code="${convertedOpp}"]`);
	await card.waitFor();
	await card.locator('select').selectOption({label: '需求分析'});
	await page.waitForSelector('.pipeline-flash >> text=已移至 需求分析');
	const col = await page.locator(`.opp-card[data-code="${convertedOpp}"]`).evaluate((el) => el.closest('.kanban-col').dataset.stage);
	check(col === '2', 'the card is in the second column', col);
	// Escape on the reason dialog keeps the card where it was
	await page.locator(`.opp-card[data-code="${convertedOpp}"] select`).selectOption({label: '输单'});
	await page.waitForSelector('dialog.ask[open]');
	await page.keyboard.press('Escape');
	await page.waitForSelector('.pipeline-flash >> text=未移动');
	const o = (await apiGet(`/opportunities?filter=${encodeURIComponent(`code eq '${convertedOpp}'`)}`)).items[0];
	check(o.status === 'open' && o.stage_id === 2, 'a cancelled loss changes nothing', o);
});

await step('ticket queue and the moves', async () => {
	await page.click('.sidenav a[data-route=tickets]');
	await page.waitForSelector('table.ticket-list tbody tr');
	const badges = await page.locator('table.ticket-list .badge.sla').allTextContents();
	check(badges.length > 0 && badges.every((b) => /到期|已超时|已违约/.test(b)), 'open tickets carry an SLA badge', badges.slice(0, 3));
	const row = page.locator('table.ticket-list tr', {hasText: TICKET});
	check((await row.locator('.badge.sla').textContent()).includes('到期'), 'the new ticket is due, not overdue');
	check((await row.locator('td[data-label=客户]').textContent()) === CUST3, 'the queue names the customer');
	check((await page.textContent(`table.ticket-list tr:has(a:text-is("${OVERDUE}")) .badge.sla`)) === '已超时',
	      'a ticket past its due time is overdue');
	check(await page.locator(`table.ticket-list a:text-is("${LATE}")`).count() === 0, 'a replied ticket is not in the open queue');
	await shot(page, 'tickets-1280');
	await page.selectOption('#tk-status', 'replied');
	await page.waitForSelector(`table.ticket-list a:text-is("${LATE}")`);
	check((await page.textContent(`table.ticket-list tr:has(a:text-is("${LATE}")) .badge.sla`)) === '已违约',
	      'a ticket answered late shows the breach');
	check((await page.locator('table.ticket-list td[data-label=状态]').allTextContents()).every((x) => x === '已答复'),
	      'the status filter');
	await page.selectOption('#tk-status', 'open');
	await row.locator('a[href^="#/tickets/"]').waitFor();
	await row.locator('a[href^="#/tickets/"]').click();
	await page.waitForSelector('.ticket-page .tk-actions');
	const names = async () => page.locator('.tk-actions button').allTextContents();
	check(JSON.stringify(await names()) === JSON.stringify(['分派']), 'a received ticket can only be assigned', await names());
	await page.click('button.tk-assign');
	await page.waitForSelector('dialog.ask[open]');
	check((await page.inputValue('dialog.ask input')) !== '', 'the assignee defaults to me');
	await page.click('dialog.ask button[type=submit]');
	await page.waitForSelector('.ticket-flash >> text=已分派');
	check(JSON.stringify(await names()) === JSON.stringify(['分派', '开始处理']), 'assigned: reassign or start', await names());
	await page.click('button.tk-start');
	await page.waitForSelector('.ticket-flash >> text=已开始处理');
	await page.click('button.tk-reply');
	await page.fill('dialog.ask textarea', '已为您补发，<i>请查收</i>');
	await page.click('dialog.ask button[type=submit]');
	await page.waitForSelector('.ticket-flash >> text=已答复');
	check((await page.textContent('.tk-reply')) === '已为您补发，<i>请查收</i>', 'the reply shown as text');
	await page.click('button.tk-close');
	await page.fill('dialog.ask textarea', '客户确认收到');
	await page.click('dialog.ask button[type=submit]');
	await page.waitForSelector('.ticket-flash >> text=工单已关闭');
	check((await page.textContent('.tk-status')) === '已关闭', 'closed');
	check(JSON.stringify(await names()) === JSON.stringify(['重新打开']), 'a closed ticket can only be reopened', await names());
	const ev = await page.locator('.tk-events li strong').allTextContents();
	check(JSON.stringify(ev) === JSON.stringify(['受理', '分派', '开始处理', '答复', '关闭']), 'the history in order', ev);
	await shot(page, 'ticket-closed-1280');
});

const phone = await browser.newContext({viewport: {width: 390, height: 844}, hasTouch: true, isMobile: true, locale: 'zh-CN',
                                        storageState: await ctx.storageState()});
const pp = await phone.newPage();
watchPage(pp);
for (const [route, sel] of [['leads', 'table.lead-list'], ['pipeline', '.opp-card'], ['tickets', 'table.ticket-list']]) {
	await step(`${route} at 390 px`, async () => {
		await pp.goto(`${BASE}/#/${route}`);
		await pp.waitForSelector(sel);
		const wide = await pp.evaluate(() => document.documentElement.scrollWidth);
		check(wide <= 390, `${route}: nothing wider than the phone`, wide);
		await pageShot(pp, `sales-${route}-390`, {width: 390});
	});
}
await step('the move select works on the phone', async () => {
	await pp.goto(`${BASE}/#/pipeline`);
	const card = pp.locator(`.opp-card[data-code="${convertedOpp}"]`);
	await card.waitFor();
	await card.locator('select').selectOption({label: '方案报价'});
	await reached('moved with the select at 390 px', pp.waitForSelector('.pipeline-flash >> text=已移至 方案报价'));
});

await step('the pages in English', async () => {
	await pp.goto(`${BASE}/#/tickets`);
	await pp.waitForSelector('table.ticket-list');
	await pp.selectOption('#lang-switch', 'en');
	await pp.waitForFunction(() => document.querySelector('h1')?.textContent === 'Ticket queue');
	await reached('the count line in English', pp.waitForFunction(() => / of \d+ tickets$/.test(document.querySelector('.status-line')?.textContent || '')));
	await pp.goto(`${BASE}/#/pipeline`);
	await pp.waitForSelector('table.forecast');
	check((await pp.textContent('.forecast-card h2')) === 'Weighted forecast by month', 'the forecast heading in English');
	check((await pp.locator('.opp-card select').first().locator('option').first().textContent()) === 'Move to…', 'the move select in English');
});

await finish(browser);
