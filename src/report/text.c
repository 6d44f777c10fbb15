/*
 * text.c - --format text: one line per detection for a terminal,
 *
 *   path:line:col TYPE ******4399
 *   archive.zip!/a.csv:row 3:col email EMAIL_ADDRESS ***************.org
 *
 * with the value masked (trawl_redact()), and a line for an object that
 * could not be analysed. Names and column names come from the scanned
 * data: control characters in them are shown as '?', so a file name
 * cannot drive the terminal.
 */
#include <stdlib.h>
#include <string.h>

#include "report/output_int.h"

#define C_PATH "\033[35m"
#define C_LOC "\033[32m"
#define C_HIGH "\033[1;31m"
#define C_MEDIUM "\033[33m"
#define C_LOW "\033[36m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/* s with C0 and C1 control characters (and DEL) as '?'. */
static int add_safe(struct buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			i++;
			c = '?';
		} else if (c < 0x20 || c == 0x7F) {
			c = '?';
		}
		if (buf_addch(b, (char)c))
			return -1;
	}
	return 0;
}

static int add_colored(struct buf *b, bool color, const char *code, const char *s, size_t n)
{
	return (color && buf_addstr(b, code)) || add_safe(b, s, n) ||
	       (color && buf_addstr(b, C_OFF));
}

static const char *sev_color(enum trawl_severity s)
{
	return s == TRAWL_SEV_HIGH ? C_HIGH : s == TRAWL_SEV_MEDIUM ? C_MEDIUM : C_LOW;
}

int trawl_text_render(const struct trawl_view *v, struct buf *b)
{
	const struct trawl_outcome *r = v->r;
	const struct trawl_catalog *cat = v->cat;
	bool color = v->out->color;
	size_t n = trawl_catalog_count(cat);
	uint64_t *shown = calloc(n ? n : 1, sizeof(*shown));
	struct buf where = BUF_INIT;
	size_t nlen = strlen(v->name);
	int rc = -1;
	size_t at = trawl_frame_open(b, TRAWL_S_MAIN);
	if (!shown || at == (size_t)-1)
		goto out;
	for (size_t i = 0; i < r->ndet; i++) {
		const struct trawl_detection *d = &r->det[i];
		uint32_t ty = trawl_catalog_get(cat, d->ident)->report;
		if (!v->t->count[ty] || shown[ty]++ >= TRAWL_MAX_OCCURRENCES)
			continue; /* not reported, or enough of it shown */
		const struct trawl_identifier *id = trawl_catalog_get(cat, ty);
		enum trawl_severity sev = trawl_type_severity(id, v->t->count[ty]);
		char mask[TRAWL_REDACT_MAX];
		if (r->vals)
			memcpy(mask, r->vals[i].mask, sizeof(mask));
		else
			trawl_redact(r->text + d->start, d->end - d->start, mask);
		buf_reset(&where);
		if (trawl_loc_str(r, &v->loc[i], v->hide, &where) ||
		    add_colored(b, color, C_PATH, v->name, nlen) || buf_addch(b, ':') ||
		    add_colored(b, color, C_LOC, where.data, where.len) || buf_addch(b, ' ') ||
		    add_colored(b, color, sev_color(sev), id->id, strlen(id->id)) ||
		    buf_printf(b, " %s\n", mask))
			goto out;
	}
	for (size_t k = 0; k < v->t->ntypes; k++) {
		uint32_t ty = v->t->types[k];
		if (v->t->count[ty] <= TRAWL_MAX_OCCURRENCES)
			continue;
		if (add_colored(b, color, C_PATH, v->name, nlen) ||
		    buf_printf(b, ": %llu more %s not shown\n",
			       (unsigned long long)(v->t->count[ty] - TRAWL_MAX_OCCURRENCES),
			       trawl_catalog_get(cat, ty)->id))
			goto out;
	}
	if (strcmp(r->status, "COMPLETE") &&
	    (add_colored(b, color, C_PATH, v->name, nlen) ||
	     add_colored(b, color, C_DIM, ": not analysed", 14) ||
	     buf_printf(b, " (%s%s%s)\n", r->status, r->reason ? " " : "",
			r->reason ? r->reason : "")))
		goto out;
	rc = trawl_frame_close(b, at);
out:
	buf_release(&where);
	free(shown);
	return rc;
}
