/*
 * confirm.h - turning the big pass's candidates into detections.
 *
 * The match stage hands over what its callback recorded and nothing else:
 * (identifier, end offset) candidates and (keyword, end offset) hits, both
 * for one window of text. Only this stage looks at the matched bytes.
 */
#ifndef TRAWL_CONFIRM_CONFIRM_H
#define TRAWL_CONFIRM_CONFIRM_H

#include <hs.h>

#include "extract/doc.h"
#include "match/catalog.h"

struct trawl_cand {
	uint32_t ident;
	size_t end;
};

struct trawl_kwhit {
	uint32_t kw;
	size_t end;
};

/* Detections accumulate here across windows; owned by the scanner. */
struct trawl_detvec {
	struct trawl_detection *v;
	size_t n, alloc;
};

/* What context_keyword found for (context, identifier): the first of the
 * identifier's keywords in that column name or key path, or none. */
#define TRAWL_KWMEMO 256
struct trawl_kwmemo {
	int32_t ctx;               /* string-table offset; -1: empty slot */
	uint32_t ident, kw;
};

struct trawl_confirm_ctx {
	const struct trawl_catalog *cat;
	hs_scratch_t *scratch;     /* fits every identifier's som_db */
	const char *text;          /* the whole text (borrowed) */
	size_t len;
	/* Segments, in content offsets: content offset = text offset - pad
	 * (the scanner scans a newline before the content). NULL: none. */
	const struct trawl_doc *doc;
	size_t pad;
	trawl_trace_fn trace;
	void *trace_ud;
	/* TRAWL_KWMEMO slots, owned by the caller, whose ctx are all -1
	 * whenever doc is a new document; NULL: none. */
	struct trawl_kwmemo *memo;
};

/* How far (bytes) around a match keywords may matter, for window overlap. */
size_t trawl_confirm_reach(const struct trawl_catalog *cat);

/* Whether a keyword of a keyword-bound identifier is in a structured
 * value's context (column name, key path), by the rules of the confirm
 * stage: its values must then meet those identifiers' patterns. */
bool trawl_context_bound(const struct trawl_catalog *cat, const char *ctx);

/* Confirms the candidates whose end lies in [own_lo, own_hi); keyword hits
 * must cover [own_lo - reach - max width, own_hi + reach). kh must be
 * sorted by end. Appends to out. Returns -1 only when memory runs out. */
int trawl_confirm(const struct trawl_confirm_ctx *c, const struct trawl_cand *cand,
		  size_t ncand, const struct trawl_kwhit *kh, size_t nkh,
		  size_t own_lo, size_t own_hi, struct trawl_detvec *out);

/* Sorts by start and drops detections that overlap a better one (see
 * confirm.c); trace reports the drops as TRAWL_V_OVERLAP. */
void trawl_resolve_overlaps(const struct trawl_confirm_ctx *c,
			    struct trawl_detvec *d);

/* Characters (UTF-8 code points; an invalid byte counts as one) in s. */
size_t trawl_u8_chars(const char *s, size_t len);

#endif
