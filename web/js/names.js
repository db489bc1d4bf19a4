/* Customer names for the pages that list records holding only a customer_id (kanban cards,
 * the ticket queue): one GET /customers?filter=id in (…) per hundred ids instead of a request
 * per row. A failed look-up leaves the names out; the pages then show the id. */
import {api} from './api.js';

export async function customerNames(ids) {
	const uniq = [...new Set(ids.filter((x) => Number.isInteger(x) && x > 0))];
	const names = new Map();
	for (let i = 0; i < uniq.length; i += 100) {
		const chunk = uniq.slice(i, i + 100);
		try {
			const page = await api('GET', '/customers', {query: {filter: `id in (${chunk.join(', ')})`,
				fields: 'code,name', limit: 100}});
			for (const c of page.items)
				names.set(c.id, c.name || c.code);
		} catch (e) {
			if (e && e.status === 401)
				throw e;
		}
	}
	return names;
}
