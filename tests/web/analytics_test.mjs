// Browser test of the analytics pages (#/analytics/NAME, web/js/analytics*.js) on the demo
// company that tests/integration/test_web_analytics.sh makes (with a `guanxi score` run): every
// page's chart has data (a Chart.js instance with non-empty datasets, or SVG cells), its figures
// agree with the API (EXPECT_* from the shell for the Pareto page), it names its model and links
// to docs/models.md, the pivot drills down and exports CSV, every page fits 390 px, and no page
// logs a console error. Screenshots at 1280 and 390 px go to SHOT_DIR.
// Prints "web: N passed, N failed".
import {readFileSync} from 'node:fs';
import {BASE, check, step, launch, watch as watchPage, shot as pageShot, login as loginForm, finish} from './harness.mjs';

const browser = await launch();
const watch = (page, name) => watchPage(page, {name, timeout: 20000});
const shot = (page, name, width) => pageShot(page, name, {width});
async function login(page) {
	await loginForm(page);
	await page.waitForSelector('.dashboard-page');
}

/* What the page's chart holds: Chart.js datasets' point counts and SVG cells. */
async function chartData(page) {
	return page.evaluate(() => {
		const out = {canvases: 0, points: 0, svgCells: 0, svgPaths: 0};
		for (const c of document.querySelectorAll('.analytics-body canvas')) {
			const ch = window.Chart && window.Chart.getChart(c);
			if (!ch)
				continue;
			out.canvases++;
			for (const d of ch.data.datasets)
				out.points += d.data.filter((v) => v !== null && v !== undefined && (typeof v !== 'number' || Number.isFinite(v))).length;
		}
		out.svgCells = document.querySelectorAll('.analytics-body svg rect.cell').length;
		out.svgPaths = document.querySelectorAll('.analytics-body svg line.path').length;
		out.rules = document.querySelectorAll('.analytics-body table.assoc-rules tbody tr').length;
		return out;
	});
}

const PAGES = {
	pareto: (d) => d.canvases === 1 && d.points === 101,
	rfm: (d) => d.svgCells >= 20,
	clv: (d) => d.canvases === 1 && d.points >= 5,
	palive: (d) => d.svgCells >= 10,
	lifecycle: (d) => d.canvases === 1 && d.points >= 4,
	cohorts: (d) => d.svgCells >= 12,
	satisfaction: (d) => d.canvases === 1 && d.points >= 17,
	kano: (d) => d.canvases === 1 && d.points >= 3,
	servqual: (d) => d.canvases === 1 && d.points === 5,
	pls: (d) => d.svgPaths >= 8,
	satloy: (d) => d.canvases === 1 && d.points >= 10,
	pivot: (d) => d.canvases === 1 && d.points >= 5,
	association: (d) => d.rules > 0,   // text only: the rules table (M23)
};

try {
	const ctx = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'zh-CN', acceptDownloads: true});
	const page = await ctx.newPage();
	watch(page, '1280');
	await step('login', () => login(page));

	await step('hub', async () => {
		await page.click('.sidenav a[data-route=analytics]');
		await page.waitForSelector('.analytics-hub');
		check(await page.locator('.analytics-hub a').count() === Object.keys(PAGES).length, 'the hub lists every page');
		await shot(page, 'analytics-hub-1280', 1280);
	});

	for (const [name, ok] of Object.entries(PAGES)) {
		await step(`page ${name}`, async () => {
			await page.goto(`${BASE}/#/analytics/${name}`);
			await page.waitForSelector(`.analytics-page[data-analytics=${name}][data-ready="1"]`);
			const d = await chartData(page);
			check(ok(d), `${name}: the chart has data`, d);
			check(await page.locator('.analytics-body .model-note a[href="/docs/models.md"]').count() === 1,
				`${name}: names its model and links to docs/models.md`);
			check(!(await page.locator('.analytics-body .empty').count()), `${name}: no empty state on the demo data`);
			await shot(page, `analytics-${name}-1280`, 1280);
		});
	}

	await step('the model reference is served', async () => {
		const r = await page.evaluate(() => fetch('/docs/models.md').then(async (x) => [x.status, (await x.text()).slice(0, 200)]));
		check(r[0] === 200 && r[1].includes('Analytics models'), 'docs/models.md', r[0]);
	});

	await step('association rules and the suggested products', async () => {
		const api = await page.evaluate(() => fetch('/api/v1/analytics/association?limit=200').then((r) => r.json()));
		await page.goto(`${BASE}/#/analytics/association`);
		await page.waitForSelector('.analytics-page[data-ready="1"] table.assoc-rules');
		check(await page.locator('table.assoc-rules tbody tr').count() === api.items.length, 'a row per stored rule', api.items.length);
		const note = await page.textContent('.analytics-body .model-note');
		check(note.includes('M23') && note.includes(String(api.run.params.min_lift)), 'names the model and the thresholds used', note);
		await page.goto(`${BASE}/#/customers/${process.env.SUGGEST_ID}`);
		await page.waitForSelector('.suggestions-card li');
		const sug = await page.evaluate((id) => fetch(`/api/v1/customers/${id}/recommendations`).then((r) => r.json()), process.env.SUGGEST_ID);
		const first = await page.textContent('.suggestions-card li .suggestion-rule');
		check(sug.items.length > 0 && await page.locator('.suggestions-card li').count() === sug.items.length, 'a line per suggestion', sug.items.length);
		check(first.includes('→') && first.includes('置信度') && first.includes(sug.items[0].consequent_name), 'says the rule in Chinese', first);
		await shot(page, 'customer-suggestions-1280', 1280);
	});

	await step('pareto figures', async () => {
		await page.goto(`${BASE}/#/analytics/pareto`);
		await page.waitForSelector('.analytics-page[data-ready="1"]');
		const rows = await page.locator('.analytics-body tbody tr').allTextContents();
		check(rows.length === 3 && rows[0].startsWith('A' + process.env.EXPECT_A), 'class A count as the scores have it', rows[0]);
		// profit over all time: the page reloads with the new parameters
		await page.selectOption('select[name=measure]', 'profit');
		await page.waitForFunction(() => location.hash.includes('measure=profit'));
		await page.waitForSelector('.analytics-page[data-ready="1"] .model-note');
		check((await page.textContent('.model-note')).includes('利润'), 'the note names the measure');
	});

	await step('pivot drill-down and export', async () => {
		await page.goto(`${BASE}/#/analytics/pivot?rows=region`);
		await page.waitForSelector('.analytics-page[data-ready="1"] .pivot-table');
		const api = await page.evaluate(() => fetch('/api/v1/analytics/pivot?by=region&limit=200').then((r) => r.json()));
		const first = await page.locator('.pivot-table tbody tr').first().locator('td').allTextContents();
		check(first[0] === api.cells[0].labels[0], 'the largest region first', [first[0], api.cells[0].labels[0]]);
		await page.locator('.pivot-table tbody tr a').first().click();
		await page.waitForFunction(() => location.hash.includes('region='));
		await page.waitForSelector('.analytics-page[data-ready="1"] .pivot-trail');
		const sub = await page.evaluate((r) => fetch('/api/v1/analytics/pivot?by=customer&limit=200&region=' + encodeURIComponent(r))
			.then((x) => x.json()), api.cells[0].keys[0]);
		check(await page.locator('.pivot-table tbody tr').count() === sub.cells.length, 'drilled into the region by customer', sub.cells.length);
		const all = await page.evaluate((r) => fetch('/api/v1/analytics/pivot?by=customer&limit=1000&region=' + encodeURIComponent(r))
			.then((x) => x.json()), api.cells[0].keys[0]);
		check(!all.truncated, 'every customer of the region in one answer', all.groups);
		const sum = all.cells.reduce((a, c) => a + c.revenue_fen, 0);
		check(sum === api.cells[0].revenue_fen, 'the region\'s customers add up to the region', [sum, api.cells[0].revenue_fen]);
		const [dl] = await Promise.all([page.waitForEvent('download'), page.click('.analytics-controls button')]);
		const csv = readFileSync(await dl.path(), 'utf8');
		check(csv.split('\r\n').filter(Boolean).length === sub.cells.length + 1, 'the CSV has a header and a row per group');
		await shot(page, 'analytics-pivot-drill-1280', 1280);
	});

	await step('english', async () => {
		await page.goto(`${BASE}/#/analytics/kano`);
		await page.waitForSelector('.analytics-page[data-ready="1"]');
		await page.selectOption('#lang-switch', 'en');
		await page.waitForFunction(() => document.documentElement.lang === 'en');
		await page.waitForSelector('.analytics-page[data-ready="1"]');
		check((await page.textContent('.analytics-page h1')).includes('Kano'), 'the page in English');
		await shot(page, 'analytics-kano-en-1280', 1280);
		await page.selectOption('#lang-switch', 'zh-CN');
		await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
	});

	const phone = await browser.newContext({viewport: {width: 390, height: 844}, locale: 'zh-CN', isMobile: true, hasTouch: true});
	const p2 = await phone.newPage();
	watch(p2, '390');
	await step('login 390', () => login(p2));
	for (const [name, ok] of Object.entries(PAGES)) {
		await step(`page ${name} 390`, async () => {
			await p2.goto(`${BASE}/#/analytics/${name}`);
			await p2.waitForSelector(`.analytics-page[data-analytics=${name}][data-ready="1"]`);
			check(ok(await chartData(p2)), `${name} 390: the chart has data`);
			await shot(p2, `analytics-${name}-390`, 390);
		});
	}
} finally {
	await finish(browser);
}
