/*
 * db_setup.h: making database connections ready for db.c. Every statement
 * of statements.c is prepared as mod_dbd makes each pooled connection (its
 * dbd post_connect hook), and PostgreSQL connections report the SQLSTATE
 * of every error; at start-up the labels are checked unique and one
 * connection prepares every statement, so a broken one stops Apache.
 */
#ifndef CARBON_DB_SETUP_H
#define CARBON_DB_SETUP_H

#include "httpd.h"
#include "apr_dbd.h"
#include "statements.h"

/* Registers the dbd post_connect hook (mod_dbd need not be loaded yet). */
void carbon_db_setup_register_hooks(apr_pool_t *p);

/* check_config: every label unique and short enough; otherwise logs the
 * label and returns an HTTP error status, which stops start-up. */
int carbon_db_check_labels(server_rec *s);

/* post_config: for every distinct DBDriver / DBDParams of the servers, opens
 * one connection, prepares every statement and closes it. A statement that
 * does not prepare is logged with its label and the driver's message and
 * stops start-up (returns an HTTP error status). A database that cannot be
 * reached is only logged: mod_dbd keeps trying, and the statements are
 * still prepared as its connections are made. */
int carbon_db_check_statements(apr_pool_t *ptemp, server_rec *s);
/* check_config (so `apache2 -t` too): the same connection, only to check
 * that the database exists and has every migration of this build
 * (CARBON_MIGRATIONS, from sql/ at build time) in schema_migrations;
 * otherwise logs the database and the missing migrations and returns an
 * HTTP error status. The statement check above does this first as well. */
int carbon_db_check_schema(apr_pool_t *ptemp, server_rec *s);

/* Prepares def on a connection under its PostgreSQL-safe name; returns the
 * driver's code (0 when prepared). */
int carbon_db_prepare(const apr_dbd_driver_t *driver, apr_pool_t *pool, apr_dbd_t *handle,
                      const carbon_statement *def, apr_dbd_prepared_t **stmt);

#endif
