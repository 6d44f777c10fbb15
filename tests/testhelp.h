/*
 * testhelp.h - a tiny assertion helper for trawl's C unit tests.
 *
 * Every check prints one TAP-style line, "ok - what" or "not ok - what";
 * tests/run counts those lines across all tests and prints the closing
 * "N passed, N failed" line. A unit test's main() ends with
 * `return t_done();`, which exits non-zero when any check failed.
 */
#ifndef TRAWL_TESTHELP_H
#define TRAWL_TESTHELP_H

#include <stdint.h>
#include <stdio.h>

static int t_failed_;
static int t_passed_;

#define T_CHECK(cond, ...)                                                   \
	do {                                                                 \
		if (cond) {                                                  \
			t_passed_++;                                         \
			printf("ok - ");                                     \
		} else {                                                     \
			t_failed_++;                                         \
			printf("not ok - %s:%d: ", __FILE__, __LINE__);      \
		}                                                            \
		printf(__VA_ARGS__);                                         \
		putchar('\n');                                               \
	} while (0)

/* A seeded xorshift generator for the tests' random passes: the same
 * numbers on every run, so a failure can be replayed. */
static uint64_t t_rng_ = 0x9E3779B97F4A7C15ull;
static inline unsigned rnd(unsigned n)
{
	t_rng_ ^= t_rng_ << 13;
	t_rng_ ^= t_rng_ >> 7;
	t_rng_ ^= t_rng_ << 17;
	return (unsigned)(t_rng_ % n);
}

static inline int t_done(void)
{
	fflush(stdout);
	return t_failed_ ? 1 : 0;
}

#endif
