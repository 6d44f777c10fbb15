/*
 * gate.c - byte-run gates (see gate.h).
 *
 * The pass reads 64 bytes at a time. Every byte value that some gate's
 * class holds falls in one "atom": a range of byte values that the same
 * classes hold. An atom is a range compare (AVX-512BW: two steps per 64
 * bytes; SSE2: three per 16), its result a 64-bit mask; a class is the OR
 * of its atoms' masks. A block with no byte of a condition's atoms, and
 * no run going on into it, is done. Otherwise each gate looks only at the
 * runs that hold a condition byte (or, for a long gate, a row of run
 * bytes that long): bit tricks find the run around it and count the
 * conditions' bytes in it. A run followed to the block's end is carried
 * into the next; one not followed there (no condition byte yet, too
 * short so far) is followed back from where it is found later.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#endif

#include "match/gate.h"

#define MAX_GATES 12
#define MAX_ATOMS 32

static void set_add(uint8_t *set, unsigned c)
{
	set[c >> 3] |= (uint8_t)(1u << (c & 7));
}

static bool set_has(const uint8_t *set, unsigned c)
{
	return set[c >> 3] >> (c & 7) & 1;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* One member of a bracket expression at *s: a byte, \xHH or \ and one of
 * \ ] - [. -1 when malformed. */
static int class_char(const char **s)
{
	const char *p = *s;
	int c = (unsigned char)*p;
	if (!c || c == ']')
		return -1;
	if (c == '\\') {
		if (p[1] == 'x' && hexval(p[2]) >= 0 && hexval(p[3]) >= 0) {
			*s = p + 4;
			return hexval(p[2]) * 16 + hexval(p[3]);
		}
		if (!p[1] || !strchr("\\]-[", p[1]))
			return -1;
		*s = p + 2;
		return (unsigned char)p[1];
	}
	*s = p + 1;
	return c;
}

static int parse_class(const char **s, uint8_t *set)
{
	const char *p = *s;
	memset(set, 0, 32);
	if (*p++ != '[' || *p == '^' || *p == ']')
		return -1;
	while (*p != ']') {
		int a = class_char(&p);
		if (a < 0)
			return -1;
		int b = a;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			p++;
			if ((b = class_char(&p)) < a)
				return -1;
		}
		for (int c = a; c <= b; c++)
			set_add(set, (unsigned)c);
	}
	if (set_has(set, 0))
		return -1;
	*s = p + 1;
	return 0;
}

static long parse_num(const char **s, long hi)
{
	const char *p = *s;
	long v = 0;
	if (*p < '0' || *p > '9')
		return -1;
	while (*p >= '0' && *p <= '9' && v <= hi)
		v = v * 10 + (*p++ - '0');
	*s = p;
	return v <= hi ? v : -1;
}

int trawl_gate_parse(const char *text, struct trawl_gate *g, char *err, size_t errlen)
{
	const char *p = text, *why = "a run class [..] first";
	memset(g, 0, sizeof(*g));
	while (*p == ' ')
		p++;
	if (parse_class(&p, g->run))
		goto bad;
	why = "the run class's shortest match {MIN,}, at least 3";
	long min;
	if (*p++ != '{' || (min = parse_num(&p, 8192)) < 3 || *p++ != ',' || *p++ != '}')
		goto bad;
	g->min_len = (unsigned)min;
	for (;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		why = "at most 4 conditions, each N[..] or N*[..] (N in a row)";
		if (g->ncond == TRAWL_GATE_CONDS)
			goto bad;
		struct trawl_gate_cond *c = &g->cond[g->ncond];
		long n = parse_num(&p, 255);
		if (n < 1)
			goto bad;
		if (*p == '*') {
			p++;
			c->row = 1;
			if (n > 8)
				goto bad;
		}
		c->n = (unsigned)n;
		if (parse_class(&p, c->set) || (*p && *p != ' '))
			goto bad;
		why = "a condition's class must lie inside the run class";
		for (unsigned b = 0; b < 256; b++)
			if (set_has(c->set, b) && !set_has(g->run, b))
				goto bad;
		g->ncond++;
	}
	why = "at least one condition";
	if (!g->ncond)
		goto bad;
	return 0;
bad:
	snprintf(err, errlen, "gate '%s': %s", text, why);
	return -1;
}

struct trawl_gateset {
	struct trawl_gate *g;
	size_t n;
	unsigned natom, ntrig;          /* atoms [0, ntrig) are conditions' */
	unsigned char lo[MAX_ATOMS], hi[MAX_ATOMS];
	unsigned char atom_of[256];    /* 1 + atom, 0: none */
	/* By gate: the atoms of its run class and of each condition's. */
	struct gmask {
		uint32_t run, cond[TRAWL_GATE_CONDS];
		unsigned need[TRAWL_GATE_CONDS]; /* bytes (rows: row ends) */
	} *m;
	int level;                      /* trawl_gateset_level() */
};

static uint32_t atoms_of(const struct trawl_gateset *gs, const uint8_t *set)
{
	uint32_t m = 0;
	for (unsigned b = 0; b < 256; b++)
		if (set_has(set, b))
			m |= 1u << (gs->atom_of[b] - 1);
	return m;
}

struct trawl_gateset *trawl_gateset_new(const struct trawl_gate *g, size_t n,
					char *err, size_t errlen)
{
	if (n > MAX_GATES) {
		snprintf(err, errlen, "more than %d gated identifiers", MAX_GATES);
		return NULL;
	}
	struct trawl_gateset *gs = calloc(1, sizeof(*gs));
	if (!gs || !(gs->g = malloc((n + 1) * sizeof(*g))) ||
	    !(gs->m = calloc(n + 1, sizeof(*gs->m)))) {
		trawl_gateset_free(gs);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	memcpy(gs->g, g, n * sizeof(*g));
	gs->n = n;
	gs->level = trawl_gateset_level();
	/* Atoms: ranges of byte values that the same classes hold (a byte's
	 * signature, 5 bits per gate); those of the condition classes first. */
	uint64_t sig[256], conds = 0;
	for (size_t i = 0; i < n; i++)
		conds |= 0x1eull << (5 * i);
	for (unsigned b = 0; b < 256; b++) {
		sig[b] = 0;
		for (size_t i = 0; i < n; i++) {
			sig[b] |= (uint64_t)set_has(g[i].run, b) << (5 * i);
			for (unsigned k = 0; k < g[i].ncond; k++)
				sig[b] |= (uint64_t)set_has(g[i].cond[k].set, b) << (5 * i + 1 + k);
		}
	}
	for (unsigned pass = 0; pass < 2; pass++) {
		for (unsigned b = 0; b < 256; b++) {
			if (!sig[b] || (bool)(sig[b] & conds) == (bool)pass)
				continue;
			if (b && sig[b] == sig[b - 1] && gs->natom && gs->hi[gs->natom - 1] == b - 1) {
				gs->hi[gs->natom - 1] = (unsigned char)b;
			} else if (gs->natom == MAX_ATOMS) {
				snprintf(err, errlen, "gates use more than %d byte ranges", MAX_ATOMS);
				trawl_gateset_free(gs);
				return NULL;
			} else {
				gs->lo[gs->natom] = gs->hi[gs->natom] = (unsigned char)b;
				gs->natom++;
			}
			gs->atom_of[b] = (unsigned char)gs->natom;
		}
		if (!pass)
			gs->ntrig = gs->natom;
	}
	for (size_t i = 0; i < n; i++) {
		gs->m[i].run = atoms_of(gs, g[i].run);
		for (unsigned k = 0; k < g[i].ncond; k++) {
			gs->m[i].cond[k] = atoms_of(gs, g[i].cond[k].set);
			gs->m[i].need[k] = g[i].cond[k].row ? 1 : g[i].cond[k].n;
		}
	}
	return gs;
}

void trawl_gateset_free(struct trawl_gateset *gs)
{
	if (!gs)
		return;
	free(gs->g);
	free(gs->m);
	free(gs);
}

/* One gate's state along the text. */
struct gstate {
	bool active;                    /* a run reaches the position */
	size_t start;                   /* where it began */
	unsigned cnt[TRAWL_GATE_CONDS]; /* its condition bytes (rows: ends) */
	unsigned row[TRAWL_GATE_CONDS]; /* the reference: current row length */
	uint64_t prevc[TRAWL_GATE_CONDS]; /* the last block's condition bytes */
	uint64_t prevr;                 /* its run bytes (all: not looked at) */
	bool pending;                   /* a run not followed reached its end */
	bool have;                      /* a span waits to be merged or sent */
	size_t lo, hi;
};

/* Gate i's next span [lo, hi): merged with the one waiting, or that one
 * sent and this one kept. */
static int emit(unsigned i, struct gstate *st, size_t lo, size_t hi, trawl_gate_fn fn,
		void *ud)
{
	if (st->have && lo <= st->hi) {
		if (hi > st->hi)
			st->hi = hi;
		return 0;
	}
	int r = st->have ? fn(ud, i, st->lo, st->hi) : 0;
	st->have = true;
	st->lo = lo;
	st->hi = hi;
	return r;
}

/* The run [s, e) of gate i has ended: a span if it can hold a match. */
static int run_done(const struct trawl_gateset *gs, unsigned i, struct gstate *st,
		    size_t s, size_t e, size_t n, trawl_gate_fn fn, void *ud)
{
	const struct trawl_gate *g = &gs->g[i];
	bool ok = false;
	for (unsigned k = 0; k < g->ncond && !ok; k++)
		ok = st->cnt[k] >= gs->m[i].need[k];
	memset(st->cnt, 0, sizeof(st->cnt));
	memset(st->row, 0, sizeof(st->row));
	st->active = false;
	if (!ok || e - s + 2 < g->min_len)
		return 0;
	return emit(i, st, s > 2 ? s - 2 : 0, n - e > 2 ? e + 2 : n, fn, ud);
}

static int flush(const struct trawl_gateset *gs, struct gstate *st, size_t n,
		 trawl_gate_fn fn, void *ud)
{
	for (unsigned i = 0; i < gs->n; i++) {
		int r = 0;
		if (st[i].active)
			r = run_done(gs, i, &st[i], st[i].start, n, n, fn, ud);
		if (!r && st[i].have)
			r = fn(ud, i, st[i].lo, st[i].hi);
		if (r)
			return r;
	}
	return 0;
}

/* One run byte b: the condition counts (rows: row ends), row the
 * current row lengths. */
static void count_bytes(const struct trawl_gate *g, unsigned b, unsigned *row, unsigned *cnt)
{
	for (unsigned k = 0; k < g->ncond; k++) {
		const struct trawl_gate_cond *c = &g->cond[k];
		if (!set_has(c->set, b))
			row[k] = 0;
		else if (!c->row || ++row[k] >= c->n)
			cnt[k]++;
	}
}

int trawl_gateset_spans_ref(const struct trawl_gateset *gs, const char *p, size_t n,
			    trawl_gate_fn fn, void *ud)
{
	struct gstate st[MAX_GATES];
	memset(st, 0, sizeof(st));
	for (size_t j = 0; j < n; j++) {
		unsigned b = (unsigned char)p[j];
		for (unsigned i = 0; i < gs->n; i++) {
			const struct trawl_gate *g = &gs->g[i];
			struct gstate *s = &st[i];
			if (!set_has(g->run, b)) {
				int r = s->active ? run_done(gs, i, s, s->start, j, n, fn, ud) : 0;
				if (r)
					return r;
				continue;
			}
			if (!s->active) {
				s->active = true;
				s->start = j;
			}
			count_bytes(g, b, s->row, s->cnt);
		}
	}
	return flush(gs, st, n, fn, ud);
}

/* Atoms [a0, a1)'s bytes in b[0..64): bit j for b[j]. Returns their OR. */
static inline __attribute__((always_inline))
uint64_t block_atoms(const struct trawl_gateset *gs, const unsigned char *b, uint64_t *am,
		     unsigned a0, unsigned a1)
{
	uint64_t any = 0;
#ifdef __SSE2__
	__m128i v[4];
	for (unsigned k = 0; k < 4; k++)
		v[k] = _mm_loadu_si128((const __m128i *)(b + 16 * k));
	for (unsigned a = a0; a < a1; a++) {
		uint64_t m = 0;
		__m128i lo = _mm_set1_epi8((char)gs->lo[a]);
		if (gs->lo[a] == gs->hi[a]) {
			for (unsigned k = 0; k < 4; k++)
				m |= (uint64_t)(uint16_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v[k], lo))
				     << (16 * k);
		} else {
			__m128i w = _mm_set1_epi8((char)(gs->hi[a] - gs->lo[a]));
			for (unsigned k = 0; k < 4; k++) {
				__m128i t = _mm_sub_epi8(v[k], lo);
				t = _mm_cmpeq_epi8(_mm_min_epu8(t, w), t);
				m |= (uint64_t)(uint16_t)_mm_movemask_epi8(t) << (16 * k);
			}
		}
		am[a] = m;
		any |= m;
	}
#else
	for (unsigned a = a0; a < a1; a++)
		am[a] = 0;
	for (unsigned j = 0; j < 64; j++) {
		unsigned a = gs->atom_of[b[j]];
		if (a > a0 && a <= a1)
			am[a - 1] |= 1ull << j;
	}
	for (unsigned a = a0; a < a1; a++)
		any |= am[a];
#endif
	return any;
}

/* The same 64 bytes at a time (AVX-512BW); elsewhere never called. */
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512bw")))
static inline uint64_t block_atoms_wide(const struct trawl_gateset *gs,
					const unsigned char *b, uint64_t *am,
					unsigned a0, unsigned a1)
{
	uint64_t any = 0;
	__m512i v = _mm512_loadu_si512((const void *)b);
	for (unsigned a = a0; a < a1; a++) {
		__m512i t = _mm512_sub_epi8(v, _mm512_set1_epi8((char)gs->lo[a]));
		uint64_t m = _mm512_cmple_epu8_mask(
			t, _mm512_set1_epi8((char)(gs->hi[a] - gs->lo[a])));
		am[a] = m;
		any |= m;
	}
	return any;
}
#else
#define block_atoms_wide block_atoms
#endif

static inline uint64_t class_mask(const uint64_t *am, uint32_t atoms)
{
	uint64_t m = 0;
	while (atoms) {
		m |= am[__builtin_ctz(atoms)];
		atoms &= atoms - 1;
	}
	return m;
}

/* Bits [s, e) of a 64-bit word, 0 <= s < e <= 64. */
static inline uint64_t bits(unsigned s, unsigned e)
{
	uint64_t hi = e == 64 ? ~0ull : (1ull << e) - 1;
	return hi & ~((1ull << s) - 1);
}

/* Adds to cnt the condition bytes (rows: row ends) of p[start, end), the
 * beginning of a run that was not followed there. */
static void count_prefix(const struct trawl_gate *g, const char *p, size_t start,
			 size_t end, unsigned *cnt)
{
	unsigned row[TRAWL_GATE_CONDS] = {0};
	for (size_t j = start; j < end; j++)
		count_bytes(g, (unsigned char)p[j], row, cnt);
}

/* Gate i over the 64-byte block at base of p: run mask r, condition
 * masks c, trig their OR. Runs without a condition byte are not followed;
 * a run found from the block's first byte may have begun before it, and
 * is followed back there. */
static inline __attribute__((always_inline))
int gate_block(const struct trawl_gateset *gs, unsigned i, struct gstate *st, const char *p,
	       size_t base, uint64_t r, const uint64_t *c, uint64_t trig, size_t n,
	       trawl_gate_fn fn, void *ud)
{
	const struct trawl_gate *g = &gs->g[i];
	if (st->active) { /* the run carried in goes on to e */
		unsigned e = ~r ? (unsigned)__builtin_ctzll(~r) : 64;
		uint64_t m = e ? bits(0, e) : 0;
		for (unsigned k = 0; k < g->ncond; k++)
			st->cnt[k] += (unsigned)__builtin_popcountll(c[k] & m);
		if (e == 64)
			return 0;
		int rc = run_done(gs, i, st, st->start, base + e, n, fn, ud);
		if (rc)
			return rc;
		trig &= ~m;
	}
	while (trig) {
		unsigned b = (unsigned)__builtin_ctzll(trig);
		uint64_t below = ~r & ((1ull << b) - 1), above = ~r & (~0ull << b);
		unsigned s = below ? 64 - (unsigned)__builtin_clzll(below) : 0;
		unsigned e = above ? (unsigned)__builtin_ctzll(above) : 64;
		trig &= e == 64 ? 0 : ~0ull << e;
		size_t start = base + s;
		if (!s)
			while (start && set_has(g->run, (unsigned char)p[start - 1]))
				start--;
		/* Too short to hold a match: no need to count. */
		if (e < 64 && base + e - start + 2 < g->min_len)
			continue;
		uint64_t m = bits(s, e);
		unsigned cnt[TRAWL_GATE_CONDS];
		bool ok = false;
		for (unsigned k = 0; k < g->ncond; k++)
			cnt[k] = (unsigned)__builtin_popcountll(c[k] & m);
		if (start < base)
			count_prefix(g, p, start, base, cnt);
		if (e == 64) { /* followed into the next block */
			memcpy(st->cnt, cnt, sizeof(cnt));
			st->active = true;
			st->start = start;
			return 0;
		}
		for (unsigned k = 0; k < g->ncond; k++)
			ok |= cnt[k] >= gs->m[i].need[k];
		if (!ok)
			continue;
		int rc = emit(i, st, start > 2 ? start - 2 : 0, n - base - e > 2 ? base + e + 2 : n,
			      fn, ud);
		if (rc)
			return rc;
	}
	return 0;
}

/* The bytes j of block r ending a row of at least len run bytes (cut to
 * 64; prev: the block before): E(a + b) = E(a) & E(b) << a. */
static inline uint64_t long_rows(uint64_t prev, uint64_t r, unsigned len)
{
	unsigned __int128 pw = (unsigned __int128)r << 64 | prev, e = ~(unsigned __int128)0;
	unsigned k = 0, plen = 1;
	for (len = len > 64 ? 64 : len; len; len >>= 1) {
		if (len & 1) {
			e &= pw << k;
			k += plen;
		}
		pw &= pw << plen;
		plen *= 2;
	}
	return (uint64_t)(e >> 64);
}

/* The condition classes' atoms first: a block holding none of them, with
 * no run carried in, is passed over without the rest. */
static inline __attribute__((always_inline))
int spans(const struct trawl_gateset *gs, const char *p, size_t n, trawl_gate_fn fn,
	  void *ud, bool wide)
{
	struct gstate st[MAX_GATES];
	memset(st, 0, sizeof(st));
	uint64_t am[MAX_ATOMS];
	unsigned char tail[64];
	unsigned nactive = 0;
	for (size_t base = 0; base < n; base += 64) {
		const unsigned char *b = (const unsigned char *)p + base;
		uint64_t valid = ~0ull;
		if (n - base < 64) {
			memset(tail, 0, sizeof(tail));
			memcpy(tail, b, n - base);
			b = tail;
			valid = (1ull << (n - base)) - 1;
		}
		uint64_t any = (wide ? block_atoms_wide(gs, b, am, 0, gs->ntrig)
				     : block_atoms(gs, b, am, 0, gs->ntrig)) & valid;
		if (!any && !nactive) {
			for (unsigned i = 0; i < gs->n; i++) {
				memset(st[i].prevc, 0, sizeof(st[i].prevc));
				st[i].prevr = ~0ull;
			}
			continue;
		}
		if (wide)
			block_atoms_wide(gs, b, am, gs->ntrig, gs->natom);
		else
			block_atoms(gs, b, am, gs->ntrig, gs->natom);
		nactive = 0;
		for (unsigned i = 0; i < gs->n; i++) {
			const struct trawl_gate *g = &gs->g[i];
			uint64_t c[TRAWL_GATE_CONDS], trig = 0;
			for (unsigned k = 0; k < g->ncond; k++) {
				uint64_t x = class_mask(am, gs->m[i].cond[k]) & valid, y = x;
				/* n in a row: the bytes where such a row ends */
				for (unsigned d = 1; d < g->cond[k].row * g->cond[k].n; d++)
					y &= x << d | st[i].prevc[k] >> (64 - d);
				st[i].prevc[k] = x;
				c[k] = y;
				trig |= y;
			}
			/* No run is followed here, and none can meet a condition
			 * with this block's bytes alone: one that goes on into
			 * the next block is followed back from there (which is
			 * then not passed over if this one had condition bytes). */
			bool can = false;
			for (unsigned k = 0; k < g->ncond; k++)
				can |= (unsigned)__builtin_popcountll(c[k]) >= gs->m[i].need[k];
			if (!can && !st[i].active && !st[i].pending) {
				unsigned last = n - base < 64 ? (unsigned)(n - base - 1) : 63;
				st[i].prevr = ~0ull;
				st[i].pending = trig && set_has(g->run, b[last]);
				nactive += st[i].pending;
				continue;
			}
			uint64_t r = class_mask(am, gs->m[i].run) & valid;
			/* A long gate's runs are found from their long rows:
			 * far fewer than their condition bytes. */
			if (g->min_len >= 10)
				trig = long_rows(st[i].prevr, r, g->min_len - 2);
			st[i].prevr = r;
			int rc = gate_block(gs, i, &st[i], p, base, r, c, trig, n, fn, ud);
			if (rc)
				return rc;
			/* Its long row, and so its end, may come in the next block. */
			st[i].pending = !st[i].active && r >> 63;
			nactive += st[i].active || st[i].pending;
		}
	}
	return flush(gs, st, n, fn, ud);
}

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx512bw,popcnt,bmi,lzcnt")))
static int spans_wide(const struct trawl_gateset *gs, const char *p, size_t n,
		      trawl_gate_fn fn, void *ud)
{
	return spans(gs, p, n, fn, ud, true);
}

__attribute__((target("popcnt")))
static int spans_popcnt(const struct trawl_gateset *gs, const char *p, size_t n,
			trawl_gate_fn fn, void *ud)
{
	return spans(gs, p, n, fn, ud, false);
}
#endif

int trawl_gateset_level(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512bw") ? 2 : __builtin_cpu_supports("popcnt") ? 1 : 0;
#else
	return 0;
#endif
}

int trawl_gateset_spans_at(const struct trawl_gateset *gs, const char *p, size_t n,
			   trawl_gate_fn fn, void *ud, int level)
{
	if (level > gs->level)
		level = gs->level;
#if defined(__x86_64__) && defined(__GNUC__)
	if (level == 2)
		return spans_wide(gs, p, n, fn, ud);
	if (level == 1)
		return spans_popcnt(gs, p, n, fn, ud);
#endif
	return spans(gs, p, n, fn, ud, false);
}

int trawl_gateset_spans(const struct trawl_gateset *gs, const char *p, size_t n,
			trawl_gate_fn fn, void *ud)
{
	return trawl_gateset_spans_at(gs, p, n, fn, ud, gs->level);
}
