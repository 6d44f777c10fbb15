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
#include "match/gate.h"
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
	struct span { size_t lo, hi; } *span;  /* where keyword-bound ids go */
	size_t nspan, aspan;
	/* The doc's contexts seen so far and whether each holds a keyword of
	 * a keyword-bound identifier: an open-addressed table by string
	 * offset (off -1: empty), at most half full, emptied by set_doc.
	 * Every context is looked up once per value, and finding the answer
	 * means trying every keyword. */
	struct ctxmemo { int32_t off; bool bound; } *cm;
	size_t ncm, acm;
	struct trawl_kwmemo kwmemo[TRAWL_KWMEMO]; /* the confirm stage's, by doc */
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
	for (size_t i = 0; i < TRAWL_KWMEMO; i++)
		sc->kwmemo[i].ctx = -1;
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
	free(sc->span);
	free(sc->cm);
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
	for (size_t i = 0; i < TRAWL_KWMEMO; i++)
		sc->kwmemo[i].ctx = -1;
	if (sc->ncm) {
		for (size_t i = 0; i < sc->acm; i++)
			sc->cm[i].off = -1;
		sc->ncm = 0;
	}
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

static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static int add_span(struct trawl_scanner *sc, size_t lo, size_t hi)
{
	if (VEC_RESERVE(sc->span, sc->nspan, sc->aspan, 1))
		return -1;
	sc->span[sc->nspan++] = (struct span){lo, hi};
	return 0;
}

/* Room for one more context in sc->cm: the table doubled (or emptied,
 * past CTX_MAX entries) when half full. -1: out of memory. */
#define CTX_MAX (1u << 16)
static int ctx_room(struct trawl_scanner *sc)
{
	if (2 * (sc->ncm + 1) <= sc->acm)
		return 0;
	size_t n = sc->acm ? 2 * sc->acm : 64;
	if (n > 2 * CTX_MAX) {
		for (size_t i = 0; i < sc->acm; i++)
			sc->cm[i].off = -1;
		sc->ncm = 0;
		return 0;
	}
	struct ctxmemo *t = malloc(n * sizeof(*t));
	if (!t)
		return -1;
	for (size_t i = 0; i < n; i++)
		t[i].off = -1;
	for (size_t i = 0; i < sc->acm; i++) {
		if (sc->cm[i].off < 0)
			continue;
		size_t j = ((uint32_t)sc->cm[i].off * 2654435761u) & (n - 1);
		while (t[j].off >= 0)
			j = (j + 1) & (n - 1);
		t[j] = sc->cm[i];
	}
	free(sc->cm);
	sc->cm = t;
	sc->acm = n;
	return 0;
}

/* Whether string-table context off holds a keyword-bound keyword. */
static bool context_bound(struct trawl_scanner *sc, int32_t off)
{
	if (off < 0)
		return false;
	if (ctx_room(sc)) /* no memory to remember it: work it out */
		return trawl_context_bound(sc->cat, doc_str(sc->doc, off));
	size_t mask = sc->acm - 1, i = ((uint32_t)off * 2654435761u) & mask;
	while (sc->cm[i].off >= 0 && sc->cm[i].off != off)
		i = (i + 1) & mask;
	if (sc->cm[i].off != off) {
		sc->cm[i].off = off;
		sc->cm[i].bound = trawl_context_bound(sc->cat, doc_str(sc->doc, off));
		sc->ncm++;
	}
	return sc->cm[i].bound;
}

/* Structured values in [ws, ws + wlen) (padded offsets) whose context
 * holds a keyword-bound keyword: a candidate whose value starts in one
 * may be qualified by the context alone. */
static int structured_spans(struct trawl_scanner *sc, size_t ws, size_t wlen, size_t wide)
{
	const struct trawl_doc *d = sc->doc;
	if (!d || !d->nseg)
		return 0;
	/* padded offset = content offset + 1 */
	size_t lo = 0, hi = d->nseg;
	while (lo < hi) { /* the first segment ending at or after ws */
		size_t mid = lo + (hi - lo) / 2;
		if ((size_t)d->seg[mid].end + 1 < ws)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The rows of a CSV share their items (one per column): the last
	 * run's answer holds for the next one with the same items. */
	uint32_t last_item = 0, last_n = 0;
	bool last_bound = false;
	for (size_t i = lo; i < d->nseg && (size_t)d->seg[i].start + 1 < ws + wlen; i++) {
		const struct trawl_segment *g = &d->seg[i];
		if (!g->structured)
			continue;
		bool bound = false;
		if (g->run && last_n && g->item == last_item && g->nitems == last_n) {
			bound = last_bound;
		} else if (g->run) {
			for (uint32_t k = 0; k < g->nitems && !bound; k++)
				bound = context_bound(sc, d->items[g->item + k].context);
			last_item = g->item;
			last_n = g->nitems;
			last_bound = bound;
		} else {
			bound = context_bound(sc, g->context);
		}
		if (!bound)
			continue;
		size_t a = (size_t)g->start + 1, b = (size_t)g->end + 1 + wide;
		a = a > ws + 2 ? a - ws - 2 : 0;
		b = b - ws < wlen ? b - ws : wlen;
		if (add_span(sc, a, b))
			return -1;
	}
	return 0;
}

/* Database db over p[lo, hi): its candidates' ends made offsets of p. */
static int scan_span(struct trawl_scanner *sc, const hs_database_t *db, const char *p,
		     size_t lo, size_t hi, char *err, size_t errlen)
{
	size_t n0 = sc->ncand;
	hs_error_t e = hs_scan(db, p + lo, (unsigned)(hi - lo), 0, sc->scratch, on_match, sc);
	if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
		snprintf(err, errlen, "Hyperscan scan failed (%d)", (int)e);
		return -1;
	}
	for (size_t j = n0; j < sc->ncand; j++)
		sc->cand[j].end += lo;
	return 0;
}

/*
 * The keyword-bound identifiers (needing a keyword) over the window
 * p[0..wlen) (at padded offset ws): only where one can be confirmed.
 * The confirm stage drops a candidate ending at e unless one of its
 * keywords' hits ends within [e - width - reach, e + reach], or its value
 * is a structured one (whose context may hold the keyword). So around
 * each hit h of a keyword such an identifier owns, the span
 * [h - reach - width - 4, h + reach + width + 4] holds every candidate it
 * can qualify, with a byte of context before each one's start and after
 * its end: Hyperscan reports the same ends there as over the whole text.
 * Overlapping spans are merged, so a candidate never comes twice, and
 * one that lies near a span's edge is one no keyword can qualify (it
 * would lie inside that keyword's span). With a trace hook (identifiers
 * test) the whole window is scanned, to show every candidate.
 */
static int scan_bound(struct trawl_scanner *sc, const char *p, size_t wlen, size_t ws,
		      char *err, size_t errlen)
{
	const struct trawl_catalog *cat = sc->cat;
	sc->nspan = 0;
	if (sc->trace) {
		if (add_span(sc, 0, wlen))
			goto oom;
	} else {
		for (size_t i = 0; i < sc->nkh; i++) {
			size_t w = cat->kws[sc->kh[i].kw].bound_width;
			if (!w)
				continue;
			size_t e = sc->kh[i].end, r = sc->reach + w + 4;
			if (add_span(sc, e > r ? e - r : 0, e + r < wlen ? e + r : wlen))
				goto oom;
		}
		if (structured_spans(sc, ws, wlen, cat->bound_width + 2))
			goto oom;
		if (sc->nspan > 1)
			qsort(sc->span, sc->nspan, sizeof(*sc->span), cmp_span);
	}
	size_t k = 0;
	for (size_t i = 0; i < sc->nspan; i++) {
		if (k && sc->span[i].lo <= sc->span[k - 1].hi) {
			if (sc->span[i].hi > sc->span[k - 1].hi)
				sc->span[k - 1].hi = sc->span[i].hi;
		} else {
			sc->span[k++] = sc->span[i];
		}
	}
	for (size_t i = 0; i < k && !sc->oom && !sc->overflow; i++)
		if (scan_span(sc, cat->bound_db, p, sc->span[i].lo, sc->span[i].hi, err, errlen))
			return -1;
	return 0;
oom:
	snprintf(err, errlen, "out of memory");
	return -1;
}

/*
 * The gated identifiers over the window p[0..wlen): only around the runs
 * of bytes their gates let a match be made of. A match, but for its first
 * and last byte, lies inside such a run, and a span is the run and two
 * bytes each side: the match's context byte each side is there, so
 * Hyperscan reports the same ends as over the whole text. What the span
 * finds of the identifiers of other gates is dropped: their own spans
 * find it (or it is no match). With a trace hook the whole window is
 * scanned.
 */
struct gate_scan {
	struct trawl_scanner *sc;
	const char *p;
	char *err;
	size_t errlen;
};

static int gate_span(void *ud, unsigned g, size_t lo, size_t hi)
{
	struct gate_scan *u = ud;
	struct trawl_scanner *sc = u->sc;
	const struct trawl_catalog *cat = sc->cat;
	size_t n0 = sc->ncand, k = n0;
	if (scan_span(sc, cat->gate_db, u->p, lo, hi, u->err, u->errlen))
		return -1;
	for (size_t j = n0; j < sc->ncand; j++)
		if (sc->trace || cat->ids[sc->cand[j].ident].gate_no == (int)g)
			sc->cand[k++] = sc->cand[j];
	sc->ncand = k;
	return sc->oom || sc->overflow;
}

static int scan_gated(struct trawl_scanner *sc, const char *p, size_t wlen,
		      char *err, size_t errlen)
{
	struct gate_scan u = {sc, p, err, errlen};
	int r = sc->trace ? gate_span(&u, 0, 0, wlen)
			  : trawl_gateset_spans(sc->cat->gates, p, wlen, gate_span, &u);
	return r < 0 ? -1 : 0;
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
				      sc->trace ? shift_trace : NULL, sc, sc->kwmemo};
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
		if (cat->gate_db && !sc->oom && !sc->overflow &&
		    scan_gated(sc, p + ws, we - ws, err, errlen))
			return -1;
		if (cat->bound_db && !sc->oom && !sc->overflow &&
		    scan_bound(sc, p + ws, we - ws, ws, err, errlen))
			return -1;
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
