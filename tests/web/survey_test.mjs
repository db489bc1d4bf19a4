// Browser test of the public survey page (web/survey.html): Debian's Chromium, headless, with a
// phone viewport (390 × 844, touch), against a running `guanxi serve` (BASE_URL) and the
// invitation tokens tests/integration/test_survey_web.sh made (TOKENS, comma-separated). Opens
// an incomplete link (message), then a good one: the questionnaire in Chinese, nothing wider
// than the screen, the local "required" hint, a server refusal shown on the question it names
// is not reachable from the page's own checks so the test posts an out-of-scale answer itself
// and checks the page's wording of the API message; fills every required answer with taps,
// submits, sees the thanks; reopens the link (already used); switches to English on a second
// link. Any console error fails. Screenshots go to SHOT_DIR. Prints "web: N passed, N failed".
import {join} from 'node:path';
import {BASE, SHOTS, check, step, launch, watch, login, finish} from './harness.mjs';

const TOKENS = (process.env.TOKENS || '').split(',');
const browser = await launch();
const context = await browser.newContext({viewport: {width: 390, height: 844}, hasTouch: true, isMobile: true,
                                          locale: 'zh-CN'});
const page = await context.newPage();
// the refusals the test provokes (bad answer 400, unknown link 404, used link 409) are expected
watch(page, {expected: [400, 404, 409], timeout: 10000});

await step('an incomplete link says so', async () => {
	await page.goto(`${BASE}/survey.html#abc`);
	await page.waitForSelector('.sv-alert');
	check((await page.textContent('.sv-alert')).includes('链接不完整'), 'the incomplete-link message in Chinese');
});

await step('the questionnaire opens on a phone', async () => {
	await page.goto(`${BASE}/survey.html#${TOKENS[0]}`);
	await page.waitForSelector('form .sv-q');
	check((await page.textContent('h1')).includes('客户满意度调查问卷'), 'the survey title');
	check(await page.isVisible('text=价格合理'), 'the first item');
	const wide = await page.evaluate(() => document.documentElement.scrollWidth);
	check(wide <= 390, 'nothing wider than the phone', wide);
	await page.screenshot({path: join(SHOTS, 'survey-phone.png'), fullPage: false});
});

await step('submitting empty marks the required questions', async () => {
	await page.click('.sv-submit');
	await page.waitForSelector('.sv-q.sv-bad');
	check((await page.textContent('#q-q1 .sv-err')).includes('此题必须回答'), 'q1 says it needs an answer');
	check(await page.evaluate(() => document.activeElement && document.activeElement.name === 'q_q1_0'),
	      'the focus moves to the first unanswered question');
});

await step('a half-answered pair is caught', async () => {
	await page.locator('#q-q1 input[name="q_q1_0"][value="5"]').check({force: true});
	await page.click('.sv-submit');
	check((await page.textContent('#q-q1 .sv-err')).includes('两个部分'), 'q1 asks for both parts');
});

await step('every required answer by tapping, then submit', async () => {
	for (let i = 1; i <= 17; i++) {
		await page.locator(`#q-q${i} label:has(input[name="q_q${i}_0"][value="5"])`).tap();
		await page.locator(`#q-q${i} label:has(input[name="q_q${i}_1"][value="${i === 3 ? 2 : 4}"])`).tap();
	}
	await page.locator('#q-nps label:has(input[value="9"])').tap();
	await page.locator('#q-gender label:has(input[value="female"])').tap();
	await page.fill('#q-income input', '6000');
	await page.fill('#q-worst textarea', '<b>排队</b>太长');
	await page.screenshot({path: join(SHOTS, 'survey-filled.png'), fullPage: true});
	await page.click('.sv-submit');
	await page.waitForSelector('.sv-done');
	check((await page.textContent('.sv-done')).includes('感谢您的配合'), 'the thanks');
	await page.screenshot({path: join(SHOTS, 'survey-done.png')});
});

await step('the used link cannot be filled again', async () => {
	await page.goto(`${BASE}/survey.html#${TOKENS[0]}`);
	await page.reload();
	await page.waitForSelector('.sv-alert');
	check((await page.textContent('.sv-alert')).length > 5, 'a message instead of the form');
});

await step('English on the second link, and the server names a refused question', async () => {
	await page.goto(`${BASE}/survey.html#${TOKENS[1]}`);
	await page.waitForSelector('form .sv-q');
	await page.selectOption('#lang-switch', 'en');
	await page.waitForSelector('text=Send my answers');
	check(await page.isVisible('text=Importance'), 'the pair parts in English');
	// The page never sends an off-scale answer; post one to see the API's message.
	const r = await page.evaluate(async (token) => {
		const res = await fetch('/api/v1/public/survey', {method: 'POST', headers: {'Content-Type': 'application/json',
			'Accept-Language': 'en'}, body: JSON.stringify({token, answers: {q1: [5, 9]}})});
		return {status: res.status, body: await res.json()};
	}, TOKENS[1]);
	check(r.status === 400 && r.body.error.field === 'q1' && r.body.error.message.includes('outside the scale 1–5'),
	      'the API refuses q1 = 9 naming q1', r);
	await page.screenshot({path: join(SHOTS, 'survey-en.png')});
});

// The staff side: the results page of the wave the browser just filled, on a desktop screen.
await step('results page with the importance–performance chart', async () => {
	const staff = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN'});
	const p = await staff.newPage();
	watch(p, {name: 'results', timeout: 10000});
	await login(p, {path: '/#/login'});
	await p.waitForSelector('table.customers-table, .page');
	await p.goto(`${BASE}/#/surveys`);
	await p.waitForSelector('table.sv-list');
	await p.locator('table.sv-list a', {hasText: 'SM'}).click();
	await p.waitForSelector('svg.sv-ipa');
	check(await p.locator('svg.sv-ipa g.sv-pt').count() === 17, 'one point per attribute',
	      await p.locator('svg.sv-ipa g.sv-pt').count());
	check(await p.locator('svg.sv-ipa g.sv-urgent').count() === 1, 'q3 (satisfaction 2) is the urgent one');
	check((await p.textContent('.sv-index')).includes('3.882'), 'the index of the one response (66/17)',
	      await p.textContent('.sv-index'));
	await p.screenshot({path: join(SHOTS, 'survey-results.png'), fullPage: true});
	// the ECSI wave (EC_WAVE, made by the shell script with 30 respondents, 20 of them linked to
	// customers with known complaint tickets): the option "complaints from tickets"
	await p.goto(`${BASE}/#/surveys/${process.env.EC_SURVEY}?wave=${process.env.EC_WAVE}`);
	await p.waitForSelector('form.sv-comp-form');
	check(await p.locator('.sv-complaints').count() === 0, 'by default the complaints come from the survey');
	await p.check('input.sv-comp-tickets');
	await p.click('form.sv-comp-form button');
	await p.waitForSelector('.sv-complaints');
	const info = await p.textContent('.sv-complaints');
	check(info.includes('10 份') && info.includes('comp'), 'the dropped responses and the block are named', info);
	check(p.url().includes('complaints=tickets'), 'the option is in the address', p.url());
	check(await p.locator('table.sv-pls td', {hasText: 'comp'}).count() >= 2, 'the paths through comp are listed');
	await p.screenshot({path: join(SHOTS, 'survey-results-complaints.png'), fullPage: true});
	await staff.close();
});

await finish(browser);
