/* The pipeline kanban (#/pipeline): one column per stage of the default pipeline (GET
 * /pipelines, /pipelines/ID/board for the counts and amounts), the open opportunities as cards
 * (GET /opportunities). A card moves to another stage by HTML5 drag and drop or, for keyboards
 * and phones, by its "move to…" select (POST /opportunities/ID/move); the won and lost stages
 * first ask for the reason. Under the board the weighted forecast by expected close month
 * (GET /sales/forecast, MODELS.md M24). */
import {api} from './api.js';
import {h, clear, formatFen} from './dom.js';
import {t} from './i18n.js';
import {ask} from './ask.js';
import {customerNames} from './names.js';

const MAX_CARDS = 1000;

async function openOpportunities(pipelineId) {
	const items = [];
	let cursor = null;
	do {
		const page = await api('GET', '/opportunities', {query: {limit: 500, cursor, sort: 'expected_close_date',
			filter: `status eq 'open' and pipeline_id eq ${Number(pipelineId)}`}});
		items.push(...page.items);
		cursor = page.next_cursor;
	} while (cursor && items.length < MAX_CARDS);
	return items;
}

function yuan(v) {
	return formatFen(Math.round(Number(v || 0) * 100));
}

function forecastTable(fc) {
	if (!fc.items.length)
		return h('p.empty', {}, t('pipeline.forecast_empty'));
	const max = Math.max(...fc.items.map((x) => x.weighted_yuan), 1);
	const heads = ['pipeline.month', 'pipeline.opps', 'pipeline.amount', 'pipeline.weighted'];
	const cell = (i, v, cls) => h(cls ? `td.${cls}` : 'td', {dataset: {label: t(heads[i])}}, v);
	const total = fc.items.reduce((a, x) => a + x.weighted_yuan, 0);
	return h('table.data.forecast', {},
		h('thead', {}, h('tr', {}, heads.map((k) => h('th', {scope: 'col'}, t(k))))),
		h('tbody', {}, fc.items.map((x) => h('tr', {},
			cell(0, x.month), cell(1, String(x.opportunities), 'num'), cell(2, formatFen(x.amount_fen), 'num'),
			cell(3, h('span.fc-cell', {}, h('span.fc-bar', {style: `width: ${Math.round(100 * x.weighted_yuan / max)}%`,
				'aria-hidden': 'true'}), h('span.fc-val', {}, yuan(x.weighted_yuan))), 'num')))),
		h('tfoot', {}, h('tr', {}, h('th', {scope: 'row', colspan: 3}, t('pipeline.total')), h('td.num', {}, yuan(total)))));
}

export async function render(main) {
	const status = h('p.status-line.loading', {role: 'status', 'aria-live': 'polite'}, t('common.loading'));
	const page = h('section.page.pipeline-page', {}, h('div.page-head', {}, h('h1', {}, t('pipeline.title'))), status);
	main.append(page);
	const pipes = await api('GET', '/pipelines', {query: {limit: 100}});
	const pipe = pipes.items.find((p) => p.is_default) || pipes.items[0];
	if (!pipe) {
		status.classList.remove('loading');
		status.textContent = '';
		page.append(h('p.empty', {}, t('pipeline.none')));
		return;
	}
	const boardEl = h('div.kanban', {role: 'list', 'aria-label': t('pipeline.board')});
	const flash = h('div.pipeline-flash', {'aria-live': 'polite'});
	const fcEl = h('div.card.forecast-card', {}, h('h2', {}, t('pipeline.forecast')), h('p.loading', {}, t('common.loading')));
	page.querySelector('h1').textContent = t('pipeline.title_of', {name: pipe.name});
	page.append(h('p.muted.kanban-hint', {}, t('pipeline.hint')), flash, boardEl, fcEl);

	let board = null;
	let names = new Map();

	function say(kind, msg) {
		clear(flash);
		if (msg)
			flash.append(h(`div.notice.${kind}`, {role: kind === 'error' ? 'alert' : 'status'}, msg));
	}

	async function move(opp, stage) {
		if (stage.id === opp.stage_id)
			return;
		const body = {stage: String(stage.id)};
		if (stage.kind === 'won' || stage.kind === 'lost') {
			const reason = await ask({title: t(`pipeline.reason_title.${stage.kind}`, {name: opp.name}),
				label: t('pipeline.reason'), okLabel: t('pipeline.move')});
			if (reason === null) {
				say('info', t('pipeline.move_cancelled'));
				return;
			}
			body.reason = reason;
		}
		try {
			await api('POST', `/opportunities/${opp.id}/move`, {body});
			await Promise.all([load(), loadForecast()]);
			say('info', t('pipeline.moved', {code: opp.code, stage: stage.name}));
		} catch (e) {
			say('error', e.message);
		}
	}

	function card(opp) {
		const sel = h('select', {'aria-label': t('pipeline.move_to_of', {name: opp.name})},
			h('option', {value: ''}, t('pipeline.move_to')),
			board.stages.filter((s) => s.id !== opp.stage_id).map((s) => h('option', {value: s.id}, s.name)));
		sel.addEventListener('change', () => {
			const st = board.stages.find((s) => String(s.id) === sel.value);
			sel.value = '';
			if (st)
				move(opp, st);
		});
		const el = h('li.opp-card', {draggable: 'true', dataset: {id: opp.id, code: opp.code}},
			h('div.opp-head', {}, h('span.opp-name', {}, opp.name), h('span.code', {}, opp.code)),
			h('div.opp-amount', {}, formatFen(opp.amount_fen)),
			h('div.opp-meta', {}, t('pipeline.closes', {date: opp.expected_close_date || '—'}), ' · ',
				h('a.opp-customer', {href: `#/customers/${opp.customer_id}`}, names.get(opp.customer_id) || t('pipeline.customer'))),
			h('label.opp-move', {}, sel));
		el.addEventListener('dragstart', (ev) => {
			ev.dataTransfer.setData('text/plain', String(opp.id));
			ev.dataTransfer.effectAllowed = 'move';
			el.classList.add('dragging');
		});
		el.addEventListener('dragend', () => el.classList.remove('dragging'));
		return el;
	}

	function column(stage, opps, byId) {
		const list = h('ul.kanban-cards', {}, opps.map(card));
		if (stage.kind === 'open' && !opps.length)
			list.append(h('li.empty', {}, t('pipeline.column_empty')));
		const col = h('section.kanban-col', {role: 'listitem', dataset: {stage: stage.id, kind: stage.kind},
			'aria-label': stage.name, class: `kanban-col stage-${stage.kind}`},
			h('header.kanban-head', {},
				h('h2', {}, stage.name, ' ', h('span.muted', {}, `${stage.probability}%`)),
				h('p.kanban-sum', {}, t('pipeline.stage_sum', {n: stage.opportunities, amount: formatFen(stage.amount_fen)}))),
			stage.kind === 'open' ? list : h('p.drop-hint', {}, t(`pipeline.drop_${stage.kind}`)));
		col.addEventListener('dragover', (ev) => {
			ev.preventDefault();
			ev.dataTransfer.dropEffect = 'move';
			col.classList.add('drop-target');
		});
		col.addEventListener('dragleave', (ev) => {
			if (!col.contains(ev.relatedTarget))
				col.classList.remove('drop-target');
		});
		col.addEventListener('drop', (ev) => {
			ev.preventDefault();
			col.classList.remove('drop-target');
			const opp = byId.get(Number(ev.dataTransfer.getData('text/plain')));
			if (opp)
				move(opp, stage);
		});
		return col;
	}

	async function load() {
		const [b, opps] = await Promise.all([api('GET', `/pipelines/${pipe.id}/board`), openOpportunities(pipe.id)]);
		board = b;
		names = await customerNames(opps.map((o) => o.customer_id));
		const byId = new Map(opps.map((o) => [o.id, o]));
		clear(boardEl);
		for (const st of board.stages)
			boardEl.append(column(st, opps.filter((o) => o.stage_id === st.id), byId));
		status.classList.remove('loading');
		status.textContent = t('pipeline.count', {n: opps.length});
	}

	async function loadForecast() {
		try {
			const fc = await api('GET', '/sales/forecast');
			clear(fcEl);
			fcEl.append(h('h2', {}, t('pipeline.forecast')),
				h('p.muted', {}, t('pipeline.forecast_note', {from: fc.from, to: fc.to})), forecastTable(fc));
		} catch (e) {
			clear(fcEl);
			fcEl.append(h('h2', {}, t('pipeline.forecast')), h('div.notice.error', {role: 'alert'}, e.message));
		}
	}

	await Promise.all([load(), loadForecast()]);
}
