/* The UI's language: catalogues web/i18n/zh-CN.json and web/i18n/en.json, chosen from the
 * browser's language on the first visit and remembered in localStorage afterwards. Every
 * visible string of the UI comes from t(); elements with data-i18n (static ones in
 * index.html) are refreshed by applyStatic() when the language changes. */

export const LANGS = ['zh-CN', 'en'];
const KEY = 'guanxi.lang';
let lang = 'zh-CN';
let messages = {};
let fallback = {};

export function detectLang() {
	let saved = null;
	try {
		saved = localStorage.getItem(KEY);
	} catch (e) {
		saved = null;
	}
	if (LANGS.includes(saved))
		return saved;
	const nav = (navigator.languages && navigator.languages[0]) || navigator.language || '';
	return nav.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

async function load(l) {
	const r = await fetch(`i18n/${l}.json`, {cache: 'no-cache'});
	if (!r.ok)
		throw new Error(`catalogue ${l}: ${r.status}`);
	return r.json();
}

export async function setLang(l, remember) {
	if (!LANGS.includes(l))
		l = 'en';
	messages = await load(l);
	if (l !== 'en' && !Object.keys(fallback).length)
		fallback = await load('en');
	lang = l;
	if (remember) {
		try {
			localStorage.setItem(KEY, l);
		} catch (e) {
			/* private mode: the choice lasts for this page only */
		}
	}
	document.documentElement.lang = l;
	applyStatic();
}

export function getLang() {
	return lang;
}

/* t('key', {n: 3}) → the message with {n} replaced; a missing key shows as the key itself so
 * the gap is visible (and found by the catalogue test). */
export function t(key, params) {
	let s = messages[key] ?? fallback[key] ?? key;
	if (params)
		s = s.replace(/\{(\w+)\}/g, (m, k) => (k in params ? String(params[k]) : m));
	return s;
}

/* The label of an enum value, e.g. tEnum('channel', 'phone'); unknown values show as they are. */
export function tEnum(kind, value) {
	if (value === null || value === undefined || value === '')
		return '';
	const k = `enum.${kind}.${value}`;
	const s = t(k);
	return s === k ? String(value) : s;
}

export function applyStatic(root = document) {
	for (const el of root.querySelectorAll('[data-i18n]'))
		el.textContent = t(el.dataset.i18n);
	for (const el of root.querySelectorAll('[data-i18n-label]'))
		el.setAttribute('aria-label', t(el.dataset.i18nLabel));
	for (const el of root.querySelectorAll('[data-i18n-placeholder]'))
		el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
	document.title = t('app.title');
}
