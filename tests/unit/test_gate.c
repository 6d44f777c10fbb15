/*
 * test_gate.c - byte-run gates (src/match/gate.c): the syntax, and the
 * gate pass at every processor level this machine has, against the
 * byte-at-a-time reference over seeded random texts made of the bytes the
 * gates care about (runs across 64-byte blocks, rows across blocks, runs
 * that begin in a block with no condition byte, texts of every length).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match/gate.h"
#include "testhelp.h"

struct span { unsigned g; size_t lo, hi; };
struct spans { struct span v[4096]; size_t n; bool over; };

static int collect(void *ud, unsigned g, size_t lo, size_t hi)
{
	struct spans *s = ud;
	if (s->n == sizeof(s->v) / sizeof(*s->v)) {
		s->over = true;
		return 1;
	}
	s->v[s->n++] = (struct span){g, lo, hi};
	return 0;
}

/* Spans sorted by gate, then start: the pass and the reference send each
 * gate's in order but interleave gates differently. */
static int cmp_span(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	if (x->g != y->g)
		return x->g < y->g ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

static bool same(struct spans *a, struct spans *b)
{
	qsort(a->v, a->n, sizeof(*a->v), cmp_span);
	qsort(b->v, b->n, sizeof(*b->v), cmp_span);
	return !a->over && !b->over && a->n == b->n &&
	       !memcmp(a->v, b->v, a->n * sizeof(*a->v));
}


static bool parses(const char *text)
{
	struct trawl_gate g;
	char err[200];
	return trawl_gate_parse(text, &g, err, sizeof(err)) == 0;
}

static struct trawl_gateset *set_of(const char *const *texts, size_t n)
{
	struct trawl_gate g[12];
	char err[200];
	for (size_t i = 0; i < n; i++)
		if (trawl_gate_parse(texts[i], &g[i], err, sizeof(err))) {
			printf("# %s\n", err);
			return NULL;
		}
	return trawl_gateset_new(g, n, err, sizeof(err));
}

/* Random texts: each piece a run of one kind, so that long runs, rows
 * and block-crossing runs all come up. */
static size_t gen(char *t, size_t cap)
{
	static const char *kinds[] = {
		"0123456789", "0123456789 -", "0123456789abcdefABCDEF:", "0123456789.",
		"::..--", "abcdefghijklmnopqrstuvwxyz ", " ", "\n,;()xyzXYZ", "0123456789:.",
		"0123456789abcdef.-:",
	};
	size_t n = 0, len = rnd(4) ? rnd(700) : rnd(5000);
	if (len > cap)
		len = cap;
	while (n < len) {
		const char *k = kinds[rnd(sizeof(kinds) / sizeof(*kinds))];
		size_t kl = strlen(k), run = rnd(4) ? 1 + rnd(24) : 1 + rnd(200);
		for (size_t j = 0; j < run && n < len; j++)
			t[n++] = k[rnd((unsigned)kl)];
	}
	return n;
}

int main(void)
{
	/* ---- syntax ---------------------------------------------------------- */
	T_CHECK(parses("[0-9 -]{13,} 13[0-9]"), "a card number's gate parses");
	T_CHECK(parses("[0-9A-Fa-f:.]{3,} 3[.] 6[:] 2*[:]"), "an IP address's gate parses");
	T_CHECK(parses("[\\x30-\\x39\\-\\]]{5,} 1[\\]]"), "\\xHH, \\- and \\] in a class");
	T_CHECK(!parses("[0-9]{13,}"), "a gate needs a condition");
	T_CHECK(!parses("[0-9]{2,} 1[0-9]"), "a gate's shortest match is at least 3");
	T_CHECK(!parses("[0-9] 1[0-9]"), "a gate needs its {MIN,}");
	T_CHECK(!parses("[0-9]{5,} 1[a-z]"), "a condition's class must lie in the run class");
	T_CHECK(!parses("[^0-9]{5,} 1[0-9]"), "no negated classes");
	T_CHECK(!parses("[9-0]{5,} 1[0]"), "no backward ranges");
	T_CHECK(!parses("[0-9]{5,} 9*[0-9]"), "at most 8 in a row");
	T_CHECK(!parses("[0-9]{5,} 0[0-9]"), "a condition counts at least 1");
	T_CHECK(!parses("[0-9]{5,} 1[0-9] 1[0-9] 1[0-9] 1[0-9] 1[0-9]"), "at most 4 conditions");
	T_CHECK(!parses("[\\x00-\\x09]{5,} 1[\\x01]"), "no NUL byte in a class");
	T_CHECK(!parses("[0-9]{5,} 1[0-9]x"), "nothing glued after a condition");

	/* ---- the pass against the reference ------------------------------- */
	static const char *prod[] = {
		"[0-9 -]{13,} 13[0-9]",
		"[0-9A-Fa-f:.-]{16,} 2[:.-]",
		"[0-9A-Fa-f:.]{3,} 3[.] 6[:] 2*[:]",
	};
	static const char *more[] = {
		"[0-9 -]{13,} 13[0-9]",
		"[0-9A-Fa-f:.-]{16,} 2[:.-]",
		"[0-9A-Fa-f:.]{3,} 3[.] 6[:] 2*[:]",
		"[0-9]{3,} 3*[0-9]",
		"[a-z ]{40,} 8*[a-z]",
		"[0-9.:]{70,} 1[.] 1[:]",
		"[\\x0a,;()0-9]{4,} 2[\\x0a] 4*[,;]",
	};
	struct { const char *name; const char *const *g; size_t n; } sets[] = {
		{"the catalog's three gates", prod, 3},
		{"seven gates, rows up to 8, runs over 64 bytes", more, 7},
	};
	static char text[8192];
	static struct spans a, b;
	for (size_t s = 0; s < sizeof(sets) / sizeof(*sets); s++) {
		struct trawl_gateset *gs = set_of(sets[s].g, sets[s].n);
		T_CHECK(gs != NULL, "%s compile together", sets[s].name);
		if (!gs)
			continue;
		for (int level = 0; level <= trawl_gateset_level(); level++) {
			unsigned bad = 0, nonempty = 0;
			size_t total = 0;
			for (unsigned round = 0; round < 3000; round++) {
				size_t n = gen(text, sizeof(text));
				a.n = b.n = 0;
				a.over = b.over = false;
				trawl_gateset_spans_at(gs, text, n, collect, &a, level);
				trawl_gateset_spans_ref(gs, text, n, collect, &b);
				if (!same(&a, &b)) {
					if (!bad++)
						printf("# first difference: round %u, %zu bytes, "
						       "%zu spans against %zu\n", round, n, a.n, b.n);
				}
				nonempty += a.n > 0;
				total += a.n;
			}
			T_CHECK(bad == 0, "%s, level %d: the same spans as the reference in "
				"3000 random texts (%u differ)", sets[s].name, level, bad);
			T_CHECK(nonempty > 300 && total > 1000,
				"%s, level %d: the texts give spans (%u texts, %zu spans)",
				sets[s].name, level, nonempty, total);
		}
		/* The span of a known text, by hand. */
		if (s == 0) {
			const char *t = "xx 4539 1488 0343 6467 yy 3c:22:fb:91:0e:47 zz ::1 "
					"12:34:56 2026-11-28";
			a.n = 0;
			trawl_gateset_spans(gs, t, strlen(t), collect, &a);
			qsort(a.v, a.n, sizeof(*a.v), cmp_span);
			bool card = a.n == 3 && a.v[0].g == 0 && a.v[0].lo == 0 && a.v[0].hi == 25;
			bool mac = a.n == 3 && a.v[1].g == 1 && a.v[1].lo == 24 && a.v[1].hi == 45;
			bool ip = a.n == 3 && a.v[2].g == 2 && a.v[2].lo == 45 && a.v[2].hi == 52;
			T_CHECK(card && mac && ip, "a card number, a MAC address and '::1' give one "
				"span each, two bytes wider each side; a time and a date none "
				"(%zu spans)", a.n);
		}
		trawl_gateset_free(gs);
	}
	return t_done();
}
