/* SVG elements for the charts drawn by the pages (aging bars and the like): attributes and
 * text nodes only, so values from the API never become markup. */
const NS = 'http://www.w3.org/2000/svg';

export function svg(tag, attrs, ...children) {
	const el = document.createElementNS(NS, tag);
	for (const [k, v] of Object.entries(attrs || {}))
		el.setAttribute(k, String(v));
	for (const c of children)
		el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
	return el;
}
