/*
 * todo.h: งานที่ต้องดำเนินการ, the to-do list of the signed-in user: every
 * record that waits for this user to act (a consent, an upload, a receipt,
 * a confirmation), with how long it has waited and a link straight to the
 * step. An item disappears once the user (or someone of the same office)
 * has done it.
 *
 * The list is a table of tasks (todo.c): each row names the task, the
 * record kind ("sale" | "spending"), the role it is for, one scoped
 * statement that finds its records (bounded by LIMIT, one query per task,
 * no per-row queries) with the row's parameters (trade kind, step, line
 * roles, consents, document kind), and the link. A new kind of work (the
 * group sale's steps, spending) is new rows, not new code.
 *
 * An item (the JSON of GET api/v1/me/todo, FIXED-POINTS "To-do list"):
 * {task, record, id, url, waiting_since (ISO timestamp: when the record
 * last moved), task_th, title (the order number), kind, waited_th
 * ("3 วัน")}, oldest first.
 */
#ifndef CARBON_TODO_H
#define CARBON_TODO_H

#include "carbon.h"
#include "db.h"

/* At most this many items per task (a task with more shows its latest
 * ones; its own page, e.g. DLA's queue, lists them all), and in all. */
#define CARBON_TODO_PER_TASK 50
#define CARBON_TODO_MAX 200

/* The user's to-do list: *items pool-owned (not to be changed), oldest
 * wait first, computed once per request (the home page's list and the
 * menu's count share it). OK or an HTTP status. */
int carbon_todo_list(carbon_req *cr, carbon_db *db, json_t **items);

#endif
