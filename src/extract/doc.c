#include "extract/doc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void doc_reset(struct trawl_doc *d)
{
	if (!d->text.cap || d->text.cap > UINT32_MAX - 2)
		d->text.cap = UINT32_MAX - 2; /* segment offsets are 32-bit */
	buf_reset(&d->text);
	buf_add(&d->text, "\n\n", 2);
	buf_reset(&d->strings);
	d->nseg = d->nitems = d->nvalues = d->open_run = 0;
	d->mime = "text/plain";
}

void doc_release(struct trawl_doc *d)
{
	buf_release(&d->text);
	buf_release(&d->strings);
	free(d->seg);
	free(d->items);
	d->seg = NULL;
	d->items = NULL;
	d->nseg = d->aseg = d->nitems = d->aitems = d->nvalues = d->open_run = 0;
}

int doc_add_slow(struct trawl_doc *d, const char *s, size_t n)
{
	if (d->text.len < 2 && buf_add(&d->text, "\n\n", 2))
		return -1;
	d->text.len--; /* drop the closing pad, add, put it back */
	if (buf_add(&d->text, s, n)) {
		d->text.len++;
		return -1;
	}
	return buf_addch(&d->text, '\n');
}


long doc_string(struct trawl_doc *d, const char *s, size_t n)
{
	long off = (long)d->strings.len;
	if (d->strings.len + n + 1 > INT32_MAX || buf_add(&d->strings, s, n) ||
	    buf_addch(&d->strings, '\0'))
		return -1;
	return off;
}

/* Room for more segments: doubling, from 4,096. */
struct trawl_segment *doc_segment_grow(struct trawl_doc *d)
{
	if (d->nseg < d->aseg)
		return d->seg;
	if (VEC_RESERVE(d->seg, d->nseg, d->aseg, d->aseg ? d->aseg : 4096))
		return NULL;
	return d->seg;
}

long doc_item(struct trawl_doc *d, long name, long context)
{
	if (d->nitems >= INT32_MAX || VEC_RESERVE(d->items, d->nitems, d->aitems, 1))
		return -1;
	d->items[d->nitems] = (struct trawl_item){(int32_t)name, (int32_t)context};
	return (long)d->nitems++;
}

/* Values per run: a lookup counts the run's lines up to the value. */
#define RUN_MAX 256

int doc_value(struct trawl_doc *d, enum trawl_seg_kind kind, size_t start, size_t end,
	      uint32_t rowrec, uint32_t column, long item)
{
	const char *t = doc_text(d);
	struct trawl_segment *r = d->open_run ? &d->seg[d->open_run - 1] : NULL;
	if (r && r->kind == kind && r->row == rowrec && r->nitems < RUN_MAX &&
	    start == (size_t)r->end + 1 && t[r->end] == '\n' &&
	    item == (long)(r->item + r->nitems) &&
	    (kind != TRAWL_SEG_CELL || column == r->column + r->nitems) &&
	    !memchr(t + start, '\n', end - start)) {
		r->end = (uint32_t)end;
		r->nitems++;
		d->nvalues += end > start;
		return 0;
	}
	if (end == start)
		return 0;
	bool single = item < 0 || memchr(t + start, '\n', end - start) != NULL;
	struct trawl_segment *g = doc_segment(d, kind, start, end);
	if (!g)
		return -1;
	g->structured = true;
	g->row = rowrec;
	g->column = column;
	if (single) {
		g->name = item >= 0 ? d->items[item].name : -1;
		g->context = item >= 0 ? d->items[item].context : -1;
	} else {
		g->run = true;
		g->item = (uint32_t)item;
		g->nitems = 1;
		d->open_run = d->nseg;
	}
	return 0;
}

/* Value k of run r, whose text starts at s and ends at e, as a segment. */
static const struct trawl_segment *run_value(const struct trawl_doc *d,
					     const struct trawl_segment *r, size_t k,
					     size_t s, size_t e, struct trawl_segment *out)
{
	const struct trawl_item *it = &d->items[r->item + k];
	*out = (struct trawl_segment){.start = (uint32_t)s, .end = (uint32_t)e,
				      .row = r->row, .kind = r->kind,
				      .structured = r->structured, .name = it->name,
				      .cellref = -1, .context = it->context};
	out->column = r->kind == TRAWL_SEG_CELL ? r->column + (uint32_t)k : 0;
	return out;
}

static size_t find_seg(const struct trawl_doc *d, size_t off)
{
	size_t lo = 0, hi = d->nseg;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->seg[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct trawl_segment *doc_locate(const struct trawl_doc *d, size_t off,
				       struct trawl_segment *tmp)
{
	size_t i = find_seg(d, off);
	if (i >= d->nseg || d->seg[i].start > off)
		return NULL;
	const struct trawl_segment *g = &d->seg[i];
	if (!g->run)
		return g;
	const char *t = doc_text(d);
	size_t k = 0, s = g->start;
	for (const char *nl; (nl = memchr(t + s, '\n', off - s)); s = (size_t)(nl - t) + 1)
		k++;
	if (t[off] == '\n' || k >= g->nitems)
		return NULL; /* between two values */
	const char *nl = memchr(t + off, '\n', g->end - off);
	return run_value(d, g, k, s, nl ? (size_t)(nl - t) : g->end, tmp);
}

bool doc_next_value(const struct trawl_doc *d, size_t it[2], struct trawl_segment *out)
{
	const char *t = doc_text(d);
	for (; it[0] < d->nseg; it[0]++, it[1] = 0) {
		const struct trawl_segment *g = &d->seg[it[0]];
		if (!g->run) {
			if (it[1]++)
				continue;
			*out = *g;
			return true;
		}
		/* it[1]: the next value's start offset from the run's start */
		while (it[1] <= (size_t)(g->end - g->start)) {
			size_t s = g->start + it[1];
			const char *nl = memchr(t + s, '\n', g->end - s);
			size_t e = nl ? (size_t)(nl - t) : g->end;
			size_t k = 0;
			for (size_t p = g->start; p < s; p++)
				k += t[p] == '\n';
			it[1] = e - g->start + 1;
			if (e > s) {
				run_value(d, g, k, s, e, out);
				return true;
			}
		}
	}
	return false;
}
