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

static inline int t_done(void)
{
	fflush(stdout);
	return t_failed_ ? 1 : 0;
}

#endif
