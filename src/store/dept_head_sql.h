/* The department a user heads, as one SQL expression over a department id and a user id
 * (columns or parameters): the user's own department when they head it, else the lowest id
 * they head, NULL when none (DECISIONS.md "Managers"). Two index probes, no sort. Shared by
 * store_department_headed and the actor read with a token or session (auth_store.c), so that
 * the rule is written once. */
#ifndef GX_STORE_DEPT_HEAD_SQL_H
#define GX_STORE_DEPT_HEAD_SQL_H

#define STORE_DEPT_HEADED_SQL(dept, user)                                                        \
	"COALESCE((SELECT hd.id FROM departments hd WHERE hd.id = " dept " AND hd.head_user_id = " user \
	"), (SELECT MIN(hd.id) FROM departments hd WHERE hd.head_user_id = " user "))"

#endif
