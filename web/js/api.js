/* The REST API client of the UI: JSON in and out, the CSRF token from the login (or from GET
 * /api/v1/session after a reload) sent on every write, the UI language sent as
 * Accept-Language so the server's messages match, and errors thrown as ApiError objects
 * {status, code, message, field, body}. A 401 on anything but the login itself sends the
 * browser to the login page. */
import {getLang, t} from './i18n.js';

let csrf = null;
let user = null;

export class ApiError extends Error {
	constructor(status, code, message, field, body) {
		super(message);
		this.status = status;
		this.code = code;
		this.field = field || null;
		this.body = body || null;
	}
}

export function setSession(s) {
	csrf = s ? s.csrf_token : null;
	user = s ? s.user : null;
}

export function currentUser() {
	return user;
}

/* api('GET', '/customers', {query: {limit: 20}}) → the parsed JSON body (null for 204).
 * {raw: blob, contentType} sends a file instead of JSON. */
export async function api(method, path, opts = {}) {
	const url = new URL('/api/v1' + path, location.origin);
	for (const [k, v] of Object.entries(opts.query || {}))
		if (v !== undefined && v !== null && v !== '')
			url.searchParams.set(k, v);
	const headers = {'Accept': 'application/json', 'Accept-Language': getLang()};
	if (opts.body !== undefined)
		headers['Content-Type'] = 'application/json';
	if (opts.raw !== undefined)   /* a file as it is (the import wizard's upload) */
		headers['Content-Type'] = opts.contentType || 'application/octet-stream';
	if (method !== 'GET' && method !== 'HEAD' && csrf)
		headers['X-CSRF-Token'] = csrf;
	Object.assign(headers, opts.headers || {});
	let r;
	try {
		r = await fetch(url, {
			method, headers, credentials: 'same-origin',
			body: opts.raw !== undefined ? opts.raw : opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
		});
	} catch (e) {
		throw new ApiError(0, 'network', t('error.network'), null, null);
	}
	let body = null;
	const text = await r.text();
	if (text) {
		try {
			body = JSON.parse(text);
		} catch (e) {
			body = null;
		}
	}
	if (r.ok) {
		if (opts.withHeaders)
			return {body, headers: r.headers};
		return body;
	}
	const e = body && body.error ? body.error : {};
	const err = new ApiError(r.status, e.code || 'http_' + r.status,
	                         e.message || t('error.http', {status: r.status}), e.field, e);
	if (r.status === 401 && !opts.noRedirect) {
		setSession(null);
		window.dispatchEvent(new CustomEvent('guanxi:unauthenticated'));
	}
	throw err;
}
