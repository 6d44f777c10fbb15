/*
 * vtest.h - the harness shared by the validator unit tests
 * (tests/unit/test_validators*.c), on top of testhelp.h.
 *
 *   vt_run()         one validator on an exact-size heap copy of a span
 *   vt_check()       one named verdict, printed as one check line
 *   vt_check_cases() a table of struct vcase
 *   vt_count()       how many valid and invalid cases a validator has
 *   vt_garbage()     every validator of a table rejects junk
 *   vt_random()      every validator of a table survives random input
 *
 * Everything is static: each test is one translation unit.
 */
#ifndef TRAWL_VTEST_H
#define TRAWL_VTEST_H

#include "confirm/validate.h"
#include "testhelp.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct vcase {
	const char *name;
	const char *value;
	int valid;
};

/* Runs validator `name` on an exact-size heap copy of value (no NUL after
 * it), so an ASan build catches any read past the span. Returns 1 (valid),
 * 0 (invalid), or -1 when no validator has that name or malloc fails. */
static inline int vt_run(const char *name, const char *value, size_t len)
{
	const struct trawl_validator *v = trawl_validator_find(name);
	if (!v)
		return -1;
	char *copy = malloc(len ? len : 1);
	if (!copy)
		return -1;
	memcpy(copy, value, len);
	int r = v->fn(copy, len) ? 1 : 0;
	free(copy);
	return r;
}

/* Checks that validator `name` finds the NUL-terminated value valid (1)
 * or invalid (0). The check line shows the value with each newline as '|':
 * one line per check. */
static inline void vt_check(const char *name, const char *value, int valid)
{
	size_t n = strlen(value);
	int got = vt_run(name, value, n);
	char *shown = malloc(n + 1);

	for (size_t k = 0; shown && k <= n; k++)
		shown[k] = value[k] == '\n' ? '|' : value[k];
	T_CHECK(got == valid, "%s(\"%s\") is %s", name, shown ? shown : value,
		valid ? "valid" : "invalid");
	free(shown);
}

static inline void vt_check_cases(const struct vcase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		vt_check(cases[i].name, cases[i].value, cases[i].valid);
}

/* Counts the cases of validator `name` into *valid and *invalid. */
static inline void vt_count(const struct vcase *cases, size_t n,
			    const char *name, int *valid, int *invalid)
{
	*valid = *invalid = 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(cases[i].name, name) == 0)
			cases[i].valid ? (*valid)++ : (*invalid)++;
}

/* Every validator of `table` rejects each of the njunk strings, 4096
 * bytes of `fill` (the check line calls them `what`), and a zero-length
 * span whose pointer it must not look at. */
static inline void vt_garbage(const struct trawl_validator *table,
			      const char *const *junk, size_t njunk, char fill,
			      const char *what)
{
	char big[4096];

	memset(big, fill, sizeof big);
	for (const struct trawl_validator *v = table; v->name; v++) {
		bool ok = true;
		for (size_t i = 0; i < njunk; i++)
			if (vt_run(v->name, junk[i], strlen(junk[i])) != 0)
				ok = false;
		T_CHECK(ok, "%s rejects empty input and garbage", v->name);
		T_CHECK(vt_run(v->name, big, sizeof big) == 0,
			"%s rejects 4096 %s", v->name, what);
		T_CHECK(v->fn("4111111111111111", 0) == false,
			"%s rejects a zero-length span", v->name);
	}
}

/* Every validator of `table` gets 20000 random inputs of up to maxatoms-1
 * atoms (strings) each, at most 128 bytes: no crash, no read past the span
 * (see vt_run()), and the same answer twice. *x is the generator's state,
 * carried over from table to table. */
static inline void vt_random(const struct trawl_validator *table,
			     const char *const *atoms, size_t natoms,
			     size_t maxatoms, uint32_t *x)
{
	char buf[128];

	for (const struct trawl_validator *v = table; v->name; v++) {
		bool stable = true;
		for (int i = 0; i < 20000; i++) {
			*x = *x * 1103515245u + 12345u;
			size_t want = (*x >> 16) % maxatoms, len = 0;
			for (size_t k = 0; k < want; k++) {
				*x = *x * 1103515245u + 12345u;
				const char *a = atoms[(*x >> 16) % natoms];
				size_t al = strlen(a);
				if (len + al > sizeof buf)
					break;
				memcpy(buf + len, a, al);
				len += al;
			}
			if (vt_run(v->name, buf, len) != vt_run(v->name, buf, len))
				stable = false;
		}
		T_CHECK(stable, "%s survives 20000 random inputs", v->name);
	}
}

#endif
