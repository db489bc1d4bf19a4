/* DOM building and display formatting shared by the pages. Every value from the API goes
 * into the page through textContent or an attribute, never as HTML, so a stored "<script>"
 * name shows as text. */

/* h('tag.class', {attr: v, onclick: fn}, child, …): children are nodes, strings (text) or
 * arrays of them; null and false are skipped. */
export function h(spec, attrs, ...children) {
	const [tag, ...classes] = spec.split('.');
	const el = document.createElement(tag || 'div');
	if (classes.length)
		el.className = classes.join(' ');
	for (const [k, v] of Object.entries(attrs || {})) {
		if (v === null || v === undefined || v === false)
			continue;
		if (k.startsWith('on') && typeof v === 'function')
			el.addEventListener(k.slice(2), v);
		else if (k === 'dataset')
			Object.assign(el.dataset, v);
		else if (k === 'value' || k === 'checked')
			el[k] = v;
		else
			el.setAttribute(k, v === true ? '' : String(v));
	}
	append(el, children);
	return el;
}

function append(el, children) {
	for (const c of children) {
		if (c === null || c === undefined || c === false)
			continue;
		if (Array.isArray(c))
			append(el, c);
		else if (c instanceof Node)
			el.appendChild(c);
		else
			el.appendChild(document.createTextNode(String(c)));
	}
}

export function clear(el) {
	while (el.firstChild)
		el.removeChild(el.firstChild);
	return el;
}

/* Integer fen to "¥1,234.50" (negative amounts as "-¥12.00"). */
export function formatFen(fen) {
	if (fen === null || fen === undefined)
		return '';
	const neg = fen < 0;
	const abs = Math.abs(Math.trunc(fen));
	const yuan = Math.floor(abs / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	const cents = String(abs % 100).padStart(2, '0');
	return (neg ? '-' : '') + '¥' + yuan + '.' + cents;
}

/* The company works in China time; instants from the API are UTC. */
export const COMPANY_TZ = 'Asia/Shanghai';

function parts(iso) {
	const d = new Date(iso);
	if (isNaN(d))
		return null;
	const f = new Intl.DateTimeFormat('en-GB', {
		timeZone: COMPANY_TZ, year: 'numeric', month: '2-digit', day: '2-digit',
		hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
	});
	const o = {};
	for (const p of f.formatToParts(d))
		o[p.type] = p.value;
	return o;
}

/* "2026-11-20T02:00:00Z" → "2026-11-20 10:00" (company time). */
export function formatInstant(iso) {
	if (!iso)
		return '';
	const p = parts(iso);
	return p ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}` : String(iso);
}

/* The value for an <input type="datetime-local"> showing now in company time. */
export function nowLocalInput() {
	const p = parts(new Date().toISOString());
	return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/* A list answer's total as text: the exact count, "1000+" when the server stopped counting
 * (total_capped, see docs/openapi.yaml List), or the items shown when no total was asked. */
export function listTotal(page) {
	if (page.total === undefined || page.total === null)
		return String(page.items ? page.items.length : 0);
	return page.total_capped ? `${page.total}+` : String(page.total);
}

/* A filter-expression string literal: quotes doubled (DECISIONS.md "Filters"). */
export function quoteFilter(s) {
	return "'" + String(s).replace(/'/g, "''") + "'";
}
