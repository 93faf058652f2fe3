/*
 * news.h: news and announcements (ข่าวสาร/ประชาสัมพันธ์) DLA writes for the
 * public dashboard. Title and body are plain text: pages escape them and
 * keep the body's line breaks (CSS white-space), never render markup.
 * Only published news reach the public page (carbon_news_latest).
 */
#ifndef CARBON_NEWS_H
#define CARBON_NEWS_H

#include "carbon.h"
#include "db.h"

/* Every news item, newest first (page, per_page from the query):
 * *result = {items, total, paging}. */
int carbon_news_search(carbon_req *cr, apr_table_t *query, json_t **result);

/* The latest published news for the public page (at most six, newest
 * first: id, title_th, body_th, published_on); pool-owned. */
int carbon_news_latest(carbon_req *cr, json_t **items);

/* One news item by id (decimal text); *item NULL when there is none. */
int carbon_news_find(carbon_req *cr, const char *id, json_t **item);

/* Creates (id NULL) or changes a news item. Input: title_th, body_th
 * (line breaks kept), published_on (ISO or Thai BE date; today when
 * absent), published (boolean, or "1"/"0" from a form; a new item is
 * published unless it says otherwise, a changed one keeps its state).
 * OK with *saved; HTTP_NOT_FOUND; HTTP_UNPROCESSABLE_ENTITY with Thai
 * messages per field; or another HTTP status. Audited. */
int carbon_news_save(carbon_req *cr, const char *id, json_t *input, json_t *errors, json_t **saved);

/* Shows (1) or hides (0) a news item on the public page. */
int carbon_news_set_published(carbon_req *cr, const char *id, int published, json_t **saved);

/* Deletes a news item; OK, HTTP_NOT_FOUND or another status. Audited. */
int carbon_news_delete(carbon_req *cr, const char *id);

#endif
