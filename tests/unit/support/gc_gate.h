/* A group-commit job that holds the writer thread until the test opens it (tests of
 * store/group_commit.c): whatever is submitted meanwhile queues, and joins the gate's group.
 * Use: gc_gate_init, group_commit_submit(g, &gate.job), gc_gate_wait_started, submit the
 * jobs of the group, gc_gate_open; gc_gate_destroy once the engine answered it (done). */
#ifndef GX_TEST_GC_GATE_H
#define GX_TEST_GC_GATE_H

#include <pthread.h>

#include "guanxi/group_commit.h"

struct gc_gate {
	struct gc_job job;   /* first: the callbacks cast back */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int open, started, done;
};

void gc_gate_init(struct gc_gate *gate);
void gc_gate_wait_started(struct gc_gate *gate);
void gc_gate_open(struct gc_gate *gate);
void gc_gate_destroy(struct gc_gate *gate);

#endif
