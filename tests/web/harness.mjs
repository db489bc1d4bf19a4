// What every browser test of the web UI shares (tests/web/*_test.mjs): counting checks, the
// headless Chromium of ARCHITECTURE.md, the console/response watch that fails a test on any
// unexpected error, the login form, and screenshots that also check a page shows no catalogue
// key, raw JSON or stack trace. Each test imports what it needs and ends with finish().
import {chromium} from 'playwright-core';
import {mkdirSync, readFileSync} from 'node:fs';
import {join, dirname} from 'node:path';
import {fileURLToPath} from 'node:url';

export const BASE = process.env.BASE_URL;
export const USER = process.env.GX_USER || 'admin';
export const PASS = process.env.GX_PASS;
export const SHOTS = process.env.SHOT_DIR || 'tests/web/screenshots';
mkdirSync(SHOTS, {recursive: true});

let passed = 0;
let failed = 0;

/* One assertion; detail is printed when it fails. */
export function check(ok, what, detail) {
	if (ok) {
		passed++;
	} else {
		failed++;
		console.log(`FAILED: ${what}${detail !== undefined ? ` (got ${JSON.stringify(detail)})` : ''}`);
	}
}

/* A step whose assertion is that it ran through: a selector that never appears or a thrown
 * error fails it (and the test), the steps after it still run. */
export async function step(what, fn) {
	try {
		await fn();
	} catch (e) {
		failed++;
		console.log(`FAILED: ${what}: ${e.message.split('\n')[0]}`);
	}
}

/* A condition the page must reach (the promise of a waitFor…): one passed check when it is
 * reached; otherwise the error, named, fails the enclosing step. */
export async function reached(what, promise) {
	try {
		await promise;
	} catch (e) {
		e.message = `${what}: ${e.message}`;
		throw e;
	}
	passed++;
}

export function launch() {
	return chromium.launch({
		executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
		       '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'],
		timeout: 30000,
	});
}

export const consoleErrors = [];

/* Records console errors, page errors and error responses of page. Chromium logs every
 * non-2xx fetch as a console error; the statuses in `expected` are answers the test provokes on
 * purpose (and checks on the page), so they do not count; `ignoreUrl` (a RegExp) names requests
 * whose failure is part of the test, and `ignoredStatus` the status they get (the console line
 * has no URL, so it is let through and the response check, which has one, decides). */
export function watch(page, {name = '', expected = [401], ignoreUrl = null, ignoredStatus = 404, timeout = 15000} = {}) {
	const tag = name ? `${name}: ` : '';
	const quiet = ignoreUrl ? [...expected, ignoredStatus] : expected;
	const statusRe = new RegExp(`^Failed to load resource: .* status of (${quiet.join('|') || '0'}) `);
	page.on('console', (m) => {
		if (m.type() === 'error' && !statusRe.test(m.text()))
			consoleErrors.push(tag + m.text());
	});
	page.on('response', (r) => {
		if (r.status() >= 400 && !expected.includes(r.status()) && !(ignoreUrl && ignoreUrl.test(r.url())))
			consoleErrors.push(`${tag}${r.status()} ${r.url()}`);
	});
	page.on('pageerror', (e) => consoleErrors.push(tag + String(e)));
	page.setDefaultTimeout(timeout);
}

/* A catalogue key shown as text means a missing translation: the namespaces are read from the
 * English catalogue, so a page of a new module is covered as soon as it has keys. */
const here = dirname(fileURLToPath(import.meta.url));
const namespaces = [...new Set(Object.keys(JSON.parse(readFileSync(join(here, '../../web/i18n/en.json'), 'utf8')))
	.map((k) => k.split('.')[0]))];
const KEY_RE = new RegExp(`\\b(${namespaces.join('|')})\\.[a-z_][a-z0-9_-]*`);

/* Screenshot NAME.png of page, after checking its text: every text from the catalogue, no raw
 * JSON or stack trace, nothing still loading, and with width no horizontal scrolling. `data`
 * (a RegExp) names texts that look like catalogue keys but are data the page shows, such as
 * webhook event names (customer.created). */
export async function shot(page, name, {width = 0, data = null} = {}) {
	const text = await page.evaluate(() => document.body.innerText);
	const key = [...text.matchAll(new RegExp(KEY_RE, 'g'))].map((m) => m[0]).find((k) => !(data && data.test(k)));
	check(!key, `${name}: every text from the catalogue`, key);
	check(!/[{[]\s*"[a-z_]+"\s*:/.test(text) && !/\bat \S+\.js:\d+/.test(text), `${name}: no raw JSON or stack trace`);
	check(!(await page.locator('main .loading').count()), `${name}: nothing left loading`);
	if (width) {
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		check(w <= width, `${name}: fits ${width} px`, w);
	}
	await page.evaluate(() => window.scrollTo(0, 0));
	await page.screenshot({path: join(SHOTS, name + '.png'), fullPage: true});
}

/* Logs in through the form (keyboard only) at path; the caller waits for its landing page. */
export async function login(page, {user = USER, pass = PASS, path = '/'} = {}) {
	await page.goto(BASE + path);
	await page.waitForSelector('form.login-card');
	await page.fill('input[name=username]', user);
	await page.focus('input[name=password]');
	await page.keyboard.type(pass);
	await page.keyboard.press('Enter');
}

/* The last check (no console errors), the summary line the shell script reads, the exit code. */
export async function finish(browser) {
	check(consoleErrors.length === 0, 'no console errors', consoleErrors);
	await browser.close().catch(() => {});   // closing twice (a finally of the test) is harmless
	console.log(`web: ${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
