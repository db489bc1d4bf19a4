/* tests/unit/support/gc_gate.h: the gate job of the group-commit suites. */
#include "support/gc_gate.h"

static enum gx_err gate_run(struct gc_job *job, struct store *s, struct gx_error *err)
{
	(void)s;
	(void)err;
	struct gc_gate *g = (struct gc_gate *)job;
	pthread_mutex_lock(&g->mu);
	g->started = 1;
	pthread_cond_broadcast(&g->cv);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return GX_OK;
}

static void gate_done(struct gc_job *job, enum gx_err e, const struct gx_error *err)
{
	(void)e;
	(void)err;
	struct gc_gate *g = (struct gc_gate *)job;
	pthread_mutex_lock(&g->mu);
	g->done = 1;
	pthread_cond_broadcast(&g->cv);
	pthread_mutex_unlock(&g->mu);
}

void gc_gate_init(struct gc_gate *gate)
{
	*gate = (struct gc_gate){.job = {.run = gate_run, .done = gate_done}};
	pthread_mutex_init(&gate->mu, NULL);
	pthread_cond_init(&gate->cv, NULL);
}

void gc_gate_wait_started(struct gc_gate *gate)
{
	pthread_mutex_lock(&gate->mu);
	while (!gate->started)
		pthread_cond_wait(&gate->cv, &gate->mu);
	pthread_mutex_unlock(&gate->mu);
}

void gc_gate_open(struct gc_gate *gate)
{
	pthread_mutex_lock(&gate->mu);
	gate->open = 1;
	pthread_cond_broadcast(&gate->cv);
	pthread_mutex_unlock(&gate->mu);
}

void gc_gate_destroy(struct gc_gate *gate)
{
	pthread_cond_destroy(&gate->cv);
	pthread_mutex_destroy(&gate->mu);
}
