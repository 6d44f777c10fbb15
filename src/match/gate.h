/*
 * gate.h - byte-run gates: where an identifier's pattern can match at all.
 *
 * A gate says what every match of an identifier's pattern (its prefilter,
 * when it has one) is made of: its bytes, except maybe its first and last,
 * are bytes of one class (the run class); it is at least so long; and it
 * holds at least N bytes of some class, or N of them in a row. A card
 * number: `[0-9 -]{13,} 13[0-9]`. The gate pass finds the maximal runs of
 * run-class bytes that could hold such a match, many bytes per step, and
 * the gated identifiers' database is scanned only there (scan.c).
 *
 * Syntax: RUN{MIN,} COND [COND...], a match meeting any one COND, where
 * RUN and each class are bracket expressions ([0-9A-Fa-f:.], ranges,
 * \xHH, \\, \], \-; no negation) and COND is N[class] (at least N such
 * bytes, 1-255) or N*[class] (N in a row, 1-8). A COND's class must lie
 * inside RUN, and MIN is at least 3.
 */
#ifndef TRAWL_MATCH_GATE_H
#define TRAWL_MATCH_GATE_H

#include <stddef.h>
#include <stdint.h>

#define TRAWL_GATE_CONDS 4

struct trawl_gate {
	uint8_t run[32];                /* bitset of the run class */
	unsigned min_len;               /* shortest match */
	unsigned ncond;
	struct trawl_gate_cond {
		uint8_t set[32];
		unsigned n;                 /* at least n bytes, or n in a row */
		int row;
	} cond[TRAWL_GATE_CONDS];
};

/* Parses a gate; -1 with err set when it is malformed. */
int trawl_gate_parse(const char *text, struct trawl_gate *g, char *err, size_t errlen);

/* Gates compiled together (at most 12, using at most 32 byte ranges
 * between them): the byte classes they use, cut into ranges that each
 * gate's classes are unions of; the processor level the pass uses. */
struct trawl_gateset;

struct trawl_gateset *trawl_gateset_new(const struct trawl_gate *g, size_t n,
					char *err, size_t errlen);
void trawl_gateset_free(struct trawl_gateset *gs);

/* Where gate g's matches can lie in p[0..n): each run that could hold one,
 * two bytes wider each side (clamped to [0, n)), overlapping ones merged,
 * in order. Calls fn(ud, g, lo, hi) for each; fn returns nonzero to stop
 * (returned). */
typedef int (*trawl_gate_fn)(void *ud, unsigned g, size_t lo, size_t hi);
int trawl_gateset_spans(const struct trawl_gateset *gs, const char *p, size_t n,
			trawl_gate_fn fn, void *ud);

/* The same with the processor's features up to level (0: SSE2 or none,
 * 1: POPCNT, 2: AVX-512BW); trawl_gateset_level() is what this one has,
 * which trawl_gateset_new() keeps for trawl_gateset_spans(). */
int trawl_gateset_level(void);
int trawl_gateset_spans_at(const struct trawl_gateset *gs, const char *p, size_t n,
			   trawl_gate_fn fn, void *ud, int level);

/* The same, one byte at a time: the reference the unit test holds the
 * gate pass to. */
int trawl_gateset_spans_ref(const struct trawl_gateset *gs, const char *p, size_t n,
			    trawl_gate_fn fn, void *ud);

#endif
