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
	d->nseg = 0;
	d->mime = "text/plain";
}

void doc_release(struct trawl_doc *d)
{
	buf_release(&d->text);
	buf_release(&d->strings);
	free(d->seg);
	d->seg = NULL;
	d->nseg = d->aseg = 0;
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

const struct trawl_segment *doc_find(const struct trawl_doc *d, size_t off)
{
	size_t lo = 0, hi = d->nseg;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->seg[mid].end <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < d->nseg && d->seg[lo].start <= off)
		return &d->seg[lo];
	return NULL;
}
