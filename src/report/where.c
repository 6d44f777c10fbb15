/*
 * where.c - how an object and a location are named in text, SARIF and
 * fingerprints. One form for all three, so a baseline written from one
 * output matches the others.
 */
#include <stdlib.h>
#include <string.h>

#include "report/output_int.h"

/* The path without leading "./" (trawl scan . names files ./a/b). */
static const char *trim_dot(const char *p)
{
	while (p[0] == '.' && p[1] == '/' && p[2])
		p += 2;
	return p;
}

int trawl_object_name(const struct trawl_object_info *o, struct buf *b)
{
	int rc = o->s3 ? buf_printf(b, "s3://%s", o->path) : buf_addstr(b, trim_dot(o->path));
	if (!rc && o->embedded_path)
		rc = buf_printf(b, "!/%s", o->embedded_path);
	return rc;
}

/* RFC 3986: unreserved characters and '/' stay, the rest is %XX. */
static int add_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    strchr("-._~/", c)) {
			if (buf_addch(b, (char)c))
				return -1;
		} else if (buf_addch(b, '%') || buf_addch(b, hex[c >> 4]) ||
			   buf_addch(b, hex[c & 15])) {
			return -1;
		}
	}
	return 0;
}

int trawl_object_uri(const struct trawl_object_info *o, struct buf *b)
{
	if (o->s3)
		return buf_addstr(b, "s3://") || add_encoded(b, o->path);
	const char *p = trim_dot(o->path);
	if (p[0] == '/')
		return buf_addstr(b, "file://") || add_encoded(b, p);
	return add_encoded(b, p);
}

static bool ndjson(const struct trawl_outcome *r)
{
	return r->mime && !strcmp(r->mime, "application/x-ndjson");
}

uint64_t trawl_loc_line(const struct trawl_outcome *r, const struct trawl_loc *l,
			uint64_t *col)
{
	*col = 0;
	if (!l->has_seg) {
		*col = l->col;
		return l->line;
	}
	if (l->seg.kind == TRAWL_SEG_RECORD && ndjson(r))
		return (uint64_t)l->seg.record + 1; /* recordIndex counts from 0 */
	return 0;
}

/* ---- hiding values that are names -------------------------------------- */

uint64_t trawl_hide_hash(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h;
}

int trawl_hide_init(struct trawl_hide *h, const struct trawl_outcome *r,
		    const struct trawl_loc *loc)
{
	memset(h, 0, sizeof(*h));
	size_t n = 0;
	for (size_t i = 0; i < r->ndet; i++)
		n += loc[i].has_seg;
	bool by_hash = r->locs != NULL; /* the text is gone */
	if (!n || !r->doc || (r->vals && !by_hash))
		return 0;
	h->cap = 2;
	while (h->cap < 2 * n)
		h->cap *= 2;
	if (!(h->slot = calloc(h->cap, sizeof(*h->slot))))
		return -1;
	for (size_t i = 0; i < r->ndet; i++) {
		if (!loc[i].has_seg || loc[i].seg.start > loc[i].seg.end ||
		    (by_hash ? !loc[i].vhash : loc[i].seg.end > r->len))
			continue;
		const char *p = by_hash ? NULL : r->text + loc[i].seg.start;
		size_t len = loc[i].seg.end - loc[i].seg.start;
		uint64_t hv = by_hash ? loc[i].vhash : trawl_hide_hash(p, len);
		size_t k = hv & (h->cap - 1);
		for (; h->slot[k].n; k = (k + 1) & (h->cap - 1))
			if (h->slot[k].h == hv && h->slot[k].n == len &&
			    (!p || !h->slot[k].p || !memcmp(h->slot[k].p, p, len)))
				break;
		if (h->slot[k].n)
			continue; /* known already */
		h->slot[k].p = p;
		h->slot[k].n = len;
		h->slot[k].h = hv;
	}
	return 0;
}

void trawl_hide_release(struct trawl_hide *h)
{
	free(h->slot);
	memset(h, 0, sizeof(*h));
}

bool trawl_hide_has(const struct trawl_hide *h, const char *s, size_t n)
{
	if (!h || !h->cap || !n)
		return false;
	uint64_t hv = trawl_hide_hash(s, n);
	/* known by hash only: a collision masks a name that is not a value,
	 * never the other way round */
	for (size_t k = hv & (h->cap - 1); h->slot[k].n; k = (k + 1) & (h->cap - 1))
		if (h->slot[k].h == hv && h->slot[k].n == n &&
		    (!h->slot[k].p || !memcmp(h->slot[k].p, s, n)))
			return true;
	return false;
}

/* A name (a column name, a JSON key) that holds a detected value is shown
 * masked. */
int trawl_hidden_name(struct buf *b, const char *s, size_t n, const struct trawl_hide *h)
{
	char m[TRAWL_REDACT_MAX];
	if (!trawl_hide_has(h, s, n))
		return buf_add(b, s, n);
	trawl_redact(s, n, m);
	return buf_addstr(b, m);
}

/* A JSON path with its keys checked one by one: ".key", "['key']" (with
 * \' and \\ escapes), "[N]". */
int trawl_hidden_path(struct buf *b, const char *p, const struct trawl_hide *h)
{
	struct buf key = BUF_INIT;
	int rc = 0;
	if (!h || !h->cap)
		return buf_addstr(b, p);
	while (*p && !rc) {
		if (p[0] == '[' && p[1] == '\'') {
			const char *q = p + 2;
			buf_reset(&key);
			for (; *q && *q != '\''; q++) {
				if (*q == '\\' && q[1])
					q++;
				rc |= buf_addch(&key, *q);
			}
			if (!*q) /* not ours: as it is */
				return buf_addstr(b, p);
			rc |= buf_addstr(b, "['");
			if (trawl_hide_has(h, key.data ? key.data : "", key.len))
				rc |= trawl_hidden_name(b, key.data, key.len, h);
			else
				rc |= buf_add(b, p + 2, (size_t)(q - p - 2));
			rc |= buf_addstr(b, "']");
			p = q + (q[1] == ']' ? 2 : 1);
		} else if (p[0] == '.') {
			size_t n = 1 + strcspn(p + 1, ".[");
			rc |= buf_addch(b, '.') || trawl_hidden_name(b, p + 1, n - 1, h);
			p += n;
		} else {
			size_t n = 1 + strcspn(p + 1, ".[");
			rc |= buf_add(b, p, n);
			p += n;
		}
	}
	buf_release(&key);
	return rc ? -1 : 0;
}

int trawl_loc_str(const struct trawl_outcome *r, const struct trawl_loc *l,
		  const struct trawl_hide *h, struct buf *b)
{
	const struct trawl_segment *g = &l->seg;
	if (!l->has_seg)
		return buf_printf(b, "%llu:%llu", (unsigned long long)l->line,
				  (unsigned long long)l->col);
	const char *name = doc_str(r->doc, g->name);
	switch (g->kind) {
	case TRAWL_SEG_CELL: {
		const char *ref = doc_str(r->doc, g->cellref);
		int rc = ref ? buf_printf(b, "%s:", ref)
			     : buf_printf(b, "row %u:", (unsigned)g->row);
		if (rc)
			return rc;
		return name ? buf_addstr(b, "col ") || trawl_hidden_name(b, name, strlen(name), h)
			    : buf_printf(b, "col %u", (unsigned)g->column);
	}
	case TRAWL_SEG_RECORD:
		if (ndjson(r) && buf_printf(b, "%llu:", (unsigned long long)g->record + 1))
			return -1;
		return trawl_hidden_path(b, name ? name : "$", h);
	default:
		return buf_printf(b, "page %u", (unsigned)g->page);
	}
}
