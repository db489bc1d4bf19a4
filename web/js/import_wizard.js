/* The import wizard (#/import; PRODUCT.md "Import"): 1. choose what to import and the file
 * (CSV in UTF-8 or GB18030, or .xlsx); 2. for a CSV, map its columns to fields — Chinese and
 * English headers are recognised as the server does; 3. check the file: a dry run on the server
 * (rolled back) lists every bad row with line, column and reason; 4. import it for real as a
 * background job, with a progress bar, a summary and the rejected rows to download. Each step is
 * a request of its own on the run the upload made (POST /imports?hold=1, PUT …/mapping, POST
 * …/preview, POST …/start, GET …/{id}, GET …/rejected): the server keeps the run in the
 * database, so every step may reach a different server behind a load balancer. */
import {api} from './api.js';
import {h, clear} from './dom.js';
import {t} from './i18n.js';
import {field, formMessage, clearErrors, showError, setBusy} from './forms.js';

const ENTITIES = ['customers', 'contacts', 'products', 'categories', 'orders', 'interactions', 'users', 'departments', 'teams'];
const IGNORE = '';

/* The cells of the first record of a CSV text (RFC 4180 quotes). */
export function csvHeader(text) {
	const cells = [];
	let cur = '';
	let q = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (q) {
			if (c === '"' && text[i + 1] === '"') {
				cur += '"';
				i++;
			} else if (c === '"') {
				q = false;
			} else {
				cur += c;
			}
		} else if (c === '"') {
			q = true;
		} else if (c === ',') {
			cells.push(cur);
			cur = '';
		} else if (c === '\n' || c === '\r') {
			return {cells: [...cells, cur], end: i};
		} else {
			cur += c;
		}
	}
	return {cells: [...cells, cur], end: text.length};
}

function decode(buf) {
	try {
		return new TextDecoder('utf-8', {fatal: true}).decode(buf);
	} catch (e) {
		return new TextDecoder('gb18030').decode(buf);
	}
}

function guess(fields, header) {
	const x = header.trim().toLowerCase();
	const f = fields.find((f) => f.name.toLowerCase() === x || (f.label_zh || '') === header.trim() ||
	                             (f.label_en || '').toLowerCase() === x);
	return f ? f.name : IGNORE;
}

export async function render(main) {
	const entitySel = h('select', {}, ENTITIES.map((e) => h('option', {value: e}, t(`import.entity.${e}`))));
	const fileInput = h('input', {type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'});
	const form = h('form.admin-form.import-file', {novalidate: true},
		h('div.form-grid', {},
			field('entity', t('import.what'), entitySel),
			field('file', t('import.file'), fileInput, {required: true})),
		h('p.hint', {}, t('import.file_hint')),
		formMessage());
	const mapBox = h('div.import-map');
	const checkBtn = h('button.primary.check', {type: 'button', disabled: true}, t('import.check'));
	const runBtn = h('button.primary.run', {type: 'button', disabled: true}, t('import.run'));
	const progress = h('progress', {max: 100, value: 0, 'aria-label': t('import.progress')});
	const progressText = h('span.progress-text', {role: 'status', 'aria-live': 'polite'});
	const progressBox = h('div.import-progress', {hidden: true}, progress, progressText);
	const resultBox = h('div.import-result', {'aria-live': 'polite'});
	main.append(h('section.page.import-page', {},
		h('div.page-head', {}, h('div', {}, h('h1', {}, t('import.title')), h('p.subtitle', {}, t('import.subtitle')))),
		h('section.card.admin-card', {}, h('h2', {}, t('import.step1')), form),
		h('section.card.admin-card', {}, h('h2', {}, t('import.step2')), mapBox),
		h('section.card.admin-card', {}, h('h2', {}, t('import.step3')),
			h('div.actions', {}, checkBtn, runBtn), progressBox, resultBox)));

	let fields = [];
	let file = null;           // {buf, xlsx, text, header: {cells, end}, name}
	let checked = false;
	let run = null;            // the server's run of this file: {id, entity, mapping, imported}

	async function loadFields() {
		fields = (await api('GET', '/imports/fields', {query: {entity: entitySel.value}})).items;
	}

	function drawMapping() {
		clear(mapBox);
		if (!file) {
			mapBox.append(h('p.empty', {}, t('import.map_none')));
			return;
		}
		if (file.xlsx) {
			mapBox.append(h('p.hint', {}, t('import.map_xlsx')));
			return;
		}
		const rows = file.header.cells.map((c, i) => {
			const sel = h('select', {dataset: {col: i}, 'aria-label': t('import.map_for', {col: c})},
				h('option', {value: IGNORE}, t('import.ignore')),
				fields.map((f) => h('option', {value: f.name}, `${f.label_zh || f.name} · ${f.label_en || f.name}${f.required ? ' *' : ''}`)));
			sel.value = guess(fields, c);
			sel.addEventListener('change', () => {
				checked = false;
				runBtn.disabled = true;
				checkMapping();
			});
			return h('tr', {}, h('td', {dataset: {label: t('import.column')}}, `${i + 1}. ${c}`),
			         h('td', {dataset: {label: t('import.field')}}, sel, h('div.field-error', {role: 'alert', dataset: {for: `col${i}`}})));
		});
		mapBox.append(h('table.data.map-table', {},
			h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, t('import.column')), h('th', {scope: 'col'}, t('import.field')))),
			h('tbody', {}, rows)), h('div.map-message', {role: 'alert'}));
		checkMapping();
	}

	/* Two columns on one field (refused), required fields without a column (warned); true when
 * the mapping can be sent. */
	function checkMapping() {
		if (!file || file.xlsx)
			return true;
		const sels = [...mapBox.querySelectorAll('select')];
		let ok = true;
		const seen = new Map();
		for (const s of sels) {
			const err = mapBox.querySelector(`.field-error[data-for="col${s.dataset.col}"]`);
			err.textContent = '';
			s.removeAttribute('aria-invalid');
			if (s.value && seen.has(s.value)) {
				err.textContent = t('import.map_twice', {col: Number(seen.get(s.value)) + 1});
				s.setAttribute('aria-invalid', 'true');
				ok = false;
			}
			if (s.value)
				seen.set(s.value, s.dataset.col);
		}
		// a warning only: the server fills some required fields itself (codes, defaults)
		const missing = fields.filter((f) => f.required && !seen.has(f.name));
		const msg = mapBox.querySelector('.map-message');
		msg.className = 'map-message' + (missing.length ? ' notice warn' : '');
		msg.textContent = missing.length ? t('import.map_missing', {fields: missing.map((f) => f.label_zh || f.name).join('、')}) : '';
		return ok;
	}

	/* The field of each CSV column ("" to ignore it), as the mapping step shows it. */
	function mapping() {
		return [...mapBox.querySelectorAll('select')].map((s) => s.value || '');
	}

	async function onFile() {
		clearErrors(form);
		checked = false;
		runBtn.disabled = true;
		clear(resultBox);
		progressBox.hidden = true;
		const f = fileInput.files[0];
		if (!f) {
			file = null;
			checkBtn.disabled = true;
			drawMapping();
			return;
		}
		const buf = await f.arrayBuffer();
		const bytes = new Uint8Array(buf.slice(0, 4));
		const xlsx = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;
		if (!xlsx && !/\.csv$/i.test(f.name) && !/^text\//.test(f.type)) {
			showError(form, 'file', t('import.bad_type'));
			file = null;
			checkBtn.disabled = true;
			drawMapping();
			return;
		}
		run = null;
		file = {buf, xlsx, name: f.name};
		if (!xlsx) {
			file.text = decode(buf);
			file.header = csvHeader(file.text.replace(/^\uFEFF/, ''));
		}
		checkBtn.disabled = false;
		drawMapping();
	}

	fileInput.addEventListener('change', onFile);
	entitySel.addEventListener('change', async () => {
		run = null;
		await loadFields();
		checked = false;
		runBtn.disabled = true;
		drawMapping();
	});

	function colName(n) {
		return file && !file.xlsx && file.header.cells[n - 1] !== undefined ? `${n}. ${file.header.cells[n - 1]}` : String(n);
	}

	async function start(dry) {
		clearErrors(form);
		if (!file) {
			showError(form, 'file', t('validation.required'));
			return null;
		}
		if (!checkMapping())
			return null;
		progressBox.hidden = false;
		progress.value = 0;
		progressText.textContent = t('import.uploading');
		// a run imports its file once: a new import (or another entity) uploads the file again
		if (!run || run.imported || run.entity !== entitySel.value) {
			const type = file.xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
			const r = await api('POST', '/imports', {raw: new Blob([file.buf]), contentType: type,
			                                         query: {entity: entitySel.value, hold: 1}});
			run = {id: r.id, entity: entitySel.value, mapping: null, imported: false};
		}
		if (!file.xlsx) {
			const columns = mapping();
			if (JSON.stringify(columns) !== run.mapping) {
				await api('PUT', `/imports/${run.id}/mapping`, {body: {columns}});
				run.mapping = JSON.stringify(columns);
			}
		}
		await api('POST', `/imports/${run.id}/${dry ? 'preview' : 'start'}`);
		if (!dry)
			run.imported = true;
		for (;;) {
			const r = await api('GET', `/imports/${run.id}`);
			const pct = r.lines_total ? Math.round(100 * r.lines_done / r.lines_total) : 0;
			const busy = r.status === 'queued' || r.status === 'running';
			progress.value = busy ? pct : 100;
			progressText.textContent = t('import.progress_text', {rows: r.rows, pct: progress.value});
			if (!busy)
				return r;
			await new Promise((res) => setTimeout(res, 300));
		}
	}

	function showResult(r, dry) {
		clear(resultBox);
		if (r.status === 'failed') {
			const e = r.error || {};
			resultBox.append(h('div.notice.error', {role: 'alert'}, e.message || t('error.generic')));
			return;
		}
		const good = r.rows - r.rejected;
		const summary = dry ? t('import.preview_summary', {rows: r.rows, good, bad: r.rejected})
		                    : t('import.done_summary', {created: r.created, updated: r.updated, bad: r.rejected});
		resultBox.append(h(`div.notice.${r.rejected ? 'warn' : 'ok'}.import-summary`, {role: 'status'}, summary));
		if (r.ignored_columns)
			resultBox.append(h('p.hint', {}, t('import.ignored', {cols: r.ignored_columns})));
		if (r.errors.length) {
			resultBox.append(h('h3', {}, t('import.errors_title')),
				h('table.data.errors-table', {},
					h('thead', {}, h('tr', {}, [t('import.line'), t('import.column'), t('import.reason')].map((x) => h('th', {scope: 'col'}, x)))),
					h('tbody', {}, r.errors.map((e) => h('tr', {},
						h('td.num', {dataset: {label: t('import.line')}}, String(e.line)),
						h('td', {dataset: {label: t('import.column')}}, colName(e.column)),
						h('td.wrap', {dataset: {label: t('import.reason')}}, e.reason))))));
			if (r.rejected > r.errors.length)
				resultBox.append(h('p.hint', {}, t('import.errors_more', {n: r.rejected - r.errors.length})));
		}
		if (r.rejected && !dry)
			resultBox.append(h('p', {}, h('a.button.secondary.download-rejected', {href: `/api/v1/imports/${r.id}/rejected`, download: `rejected-${r.id}.csv`},
			                                t('import.download_rejected'))));
		if (!dry && r.job_id)
			resultBox.append(h('p.hint', {}, t('import.job', {id: r.job_id})));
	}

	for (const [btn, dry] of [[checkBtn, true], [runBtn, false]]) {
		btn.addEventListener('click', async () => {
			setBusy(btn, true);
			clear(resultBox);
			try {
				const r = await start(dry);
				if (r) {
					showResult(r, dry);
					checked = dry && r.status === 'done';
					if (!dry) {
						checked = false;
						runBtn.disabled = true;
					}
				}
			} catch (e) {
				if (e.status !== 401)
					showError(form, e.field === 'entity' ? 'entity' : 'file', e.message);
				progressBox.hidden = true;
			} finally {
				setBusy(btn, false);
				runBtn.disabled = !checked;
			}
		});
	}

	await loadFields();
	drawMapping();
}
