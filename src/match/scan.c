/*
 * scan.c - one Hyperscan pass over a text, window by window.
 *
 * Texts are scanned in windows of WINDOW bytes, each extended on both sides
 * by enough context that every candidate ending inside the window sees its
 * full span and every keyword that may qualify it. A window's candidates
 * and keyword hits are confirmed before the next window is scanned, so
 * memory stays bounded whatever the size of the text, and a window never
 * holds more than MAX_CANDIDATES candidates (a hostile text made of nothing
 * but digit runs stops there and the object is reported PARTIAL).
 *
 * The match callback only records; it does no validation work.
 */
#include <stdlib.h>
#include <string.h>

#include "confirm/confirm.h"
#include "match/catalog.h"
#include "util/buf.h"

#define WINDOW (4u << 20)
#define MAX_CANDIDATES (1u << 21)

struct trawl_scanner {
	const struct trawl_catalog *cat;
	hs_scratch_t *scratch;
	struct trawl_cand *cand;
	size_t ncand, acand;
	struct trawl_kwhit *kh;
	size_t nkh, akh;
	struct trawl_detvec det;
	struct buf pad;            /* padded copy for trawl_scanner_scan() */
	size_t reach;
	bool oom, overflow, partial;
	trawl_trace_fn trace;
	void *trace_ud;
	const struct trawl_doc *doc;
};

struct trawl_scanner *trawl_scanner_new(const struct trawl_catalog *cat,
					char *err, size_t errlen)
{
	struct trawl_scanner *sc = calloc(1, sizeof(*sc));
	if (!sc || !cat->compiled) {
		snprintf(err, errlen, "%s", sc ? "catalog not compiled" : "out of memory");
		free(sc);
		return NULL;
	}
	sc->cat = cat;
	if (hs_clone_scratch(cat->proto, &sc->scratch) != HS_SUCCESS) {
		snprintf(err, errlen, "cannot allocate Hyperscan scratch space");
		free(sc);
		return NULL;
	}
	sc->reach = trawl_confirm_reach(cat);
	return sc;
}

void trawl_scanner_free(struct trawl_scanner *sc)
{
	if (!sc)
		return;
	hs_free_scratch(sc->scratch);
	free(sc->cand);
	free(sc->kh);
	free(sc->det.v);
	buf_release(&sc->pad);
	free(sc);
}

void trawl_scanner_set_trace(struct trawl_scanner *sc, trawl_trace_fn fn, void *ud)
{
	sc->trace = fn;
	sc->trace_ud = ud;
}

void trawl_scanner_set_doc(struct trawl_scanner *sc, const struct trawl_doc *doc)
{
	sc->doc = doc;
}

bool trawl_scanner_partial(const struct trawl_scanner *sc)
{
	return sc->partial;
}

static int on_match(unsigned int id, unsigned long long from,
		    unsigned long long to, unsigned int flags, void *ud)
{
	(void)from;
	(void)flags;
	struct trawl_scanner *sc = ud;
	if (id >= TRAWL_KW_BASE) {
		if (VEC_RESERVE(sc->kh, sc->nkh, sc->akh, 1))
			return sc->oom = true;
		sc->kh[sc->nkh++] = (struct trawl_kwhit){id - TRAWL_KW_BASE, (size_t)to};
		return 0;
	}
	if (sc->ncand >= MAX_CANDIDATES)
		return sc->overflow = true;
	if (VEC_RESERVE(sc->cand, sc->ncand, sc->acand, 1))
		return sc->oom = true;
	sc->cand[sc->ncand++] = (struct trawl_cand){id, (size_t)to};
	return 0;
}

static int cmp_kw(const void *a, const void *b)
{
	const struct trawl_kwhit *x = a, *y = b;
	return x->end < y->end ? -1 : x->end > y->end;
}

/* Offsets inside the scan are in padded coordinates (the newline before
 * the text is offset 0); the user's trace hook sees text offsets. */
static void shift_trace(void *ud, const struct trawl_trace *t)
{
	struct trawl_scanner *sc = ud;
	struct trawl_trace u = *t;
	u.start = u.start ? u.start - 1 : 0;
	u.end = u.end ? u.end - 1 : 0;
	sc->trace(sc->trace_ud, &u);
}

/* Scans the padded text; keeps detections whose end (padded offset) is
 * in [want_lo, want_hi), resolving overlaps among them. */
static int scan_range(struct trawl_scanner *sc, const char *text, size_t tlen,
		      size_t want_lo, size_t want_hi, char *err, size_t errlen)
{
	const struct trawl_catalog *cat = sc->cat;
	const char *p = text - 1;
	size_t len = tlen + 2;
	size_t left = sc->reach + TRAWL_MAX_WIDTH + 2, right = sc->reach + 2;
	struct trawl_confirm_ctx c = {cat, sc->scratch, p, len, sc->doc, 1,
				      sc->trace ? shift_trace : NULL, sc};
	sc->det.n = 0;
	sc->partial = false;
	for (size_t lo = want_lo - want_lo % WINDOW; lo < len && lo < want_hi; lo += WINDOW) {
		size_t hi = len - lo > WINDOW ? lo + WINDOW : len;
		size_t ws = lo > left ? lo - left : 0;
		size_t we = len - hi > right ? hi + right : len;
		sc->ncand = sc->nkh = 0;
		sc->oom = sc->overflow = false;
		/* The managed database, then the custom one: candidates are
		 * confirmed one by one, and keyword hits are sorted below. */
		hs_database_t *dbs[] = {cat->db, cat->custom_db};
		for (size_t d = 0; d < 2; d++) {
			if (!dbs[d])
				continue;
			hs_error_t e = hs_scan(dbs[d], p + ws, (unsigned)(we - ws), 0,
					       sc->scratch, on_match, sc);
			if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
				snprintf(err, errlen, "Hyperscan scan failed (%d)", (int)e);
				return -1;
			}
		}
		if (sc->oom) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		if (sc->overflow)
			sc->partial = true;
		/* Offsets are relative to the window; make them absolute. */
		for (size_t i = 0; i < sc->ncand; i++)
			sc->cand[i].end += ws;
		bool sorted = true;
		for (size_t i = 0; i < sc->nkh; i++) {
			sc->kh[i].end += ws;
			if (i && sc->kh[i].end < sc->kh[i - 1].end)
				sorted = false;
		}
		if (!sorted)
			qsort(sc->kh, sc->nkh, sizeof(*sc->kh), cmp_kw);
		/* The last window owns the end of the text itself. */
		size_t own_hi = hi == len ? len + 1 : hi;
		size_t own_lo = lo > want_lo ? lo : want_lo;
		own_hi = own_hi < want_hi ? own_hi : want_hi;
		if (trawl_confirm(&c, sc->cand, sc->ncand, sc->kh, sc->nkh, own_lo, own_hi,
				  &sc->det)) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	trawl_resolve_overlaps(&c, &sc->det);
	/* Back to text offsets; a span reaching into a virtual newline is cut. */
	for (size_t i = 0; i < sc->det.n; i++) {
		struct trawl_detection *d = &sc->det.v[i];
		d->start = d->start ? d->start - 1 : 0;
		d->end = d->end > tlen + 1 ? tlen : d->end - 1;
	}
	return 0;
}

int trawl_scanner_scan_padded(struct trawl_scanner *sc, const char *text,
			      size_t tlen, const struct trawl_detection **dets,
			      size_t *ndets, char *err, size_t errlen)
{
	if (scan_range(sc, text, tlen, 0, tlen + 3, err, errlen))
		return -1;
	*dets = sc->det.v;
	*ndets = sc->det.n;
	return 0;
}

size_t trawl_scanner_context(const struct trawl_scanner *sc)
{
	return sc->reach + 2 * TRAWL_MAX_WIDTH + 4;
}

int trawl_scanner_scan_piece(struct trawl_scanner *sc, const char *text, size_t tlen,
			     size_t own_lo, size_t own_hi,
			     const struct trawl_detection **dets, size_t *ndets,
			     char *err, size_t errlen)
{
	/* Detections ending up to a match width either side of the owned
	 * range are confirmed too, so that overlaps across the range's ends
	 * are resolved the same way from both pieces; then only the owned
	 * ones are kept. */
	size_t w = TRAWL_MAX_WIDTH;
	size_t lo = own_lo > w ? own_lo - w : 0, hi = own_hi + w;
	if (scan_range(sc, text, tlen, lo + 1, hi + 1, err, errlen))
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < sc->det.n; i++) {
		const struct trawl_detection *d = &sc->det.v[i];
		size_t last = d->end ? d->end - 1 : 0; /* the last byte */
		if (last >= own_lo && last < own_hi)
			sc->det.v[k++] = *d;
	}
	sc->det.n = k;
	*dets = sc->det.v;
	*ndets = k;
	return 0;
}

int trawl_scanner_scan(struct trawl_scanner *sc, const char *text, size_t len,
		       const struct trawl_detection **dets, size_t *ndets,
		       char *err, size_t errlen)
{
	buf_reset(&sc->pad);
	if (buf_addch(&sc->pad, '\n') || buf_add(&sc->pad, text, len) ||
	    buf_addch(&sc->pad, '\n')) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = trawl_scanner_scan_padded(sc, sc->pad.data + 1, len, dets, ndets, err,
					   errlen);
	/* The copy held the text: wipe it, and let a large one go. */
	explicit_bzero(sc->pad.data, sc->pad.len);
	if (sc->pad.alloc > (64u << 20))
		buf_release(&sc->pad);
	return rc;
}
