/*
 * validate.h - check-digit and structure validators for data identifiers.
 *
 * An identifier file names its validator (`validator: iban`); the loader
 * looks the name up here once, at start-up. The confirm stage then calls the
 * function on each candidate span the pattern matched.
 *
 * Contract of every validator:
 *   - s/len is the matched span exactly as it stands in the text (borrowed
 *     for the call; not NUL-terminated). It may contain the separators the
 *     identifier's pattern allows (spaces, hyphens, dots, slashes); each
 *     validator documents which forms it accepts and skips those separators.
 *   - Returns true only when the value is a valid number of its kind: the
 *     check digit(s) agree and the structure (lengths, ranges, embedded
 *     dates) is possible.
 *   - Pure: no allocation, no globals, no I/O, thread-safe; never reads
 *     outside s[0..len). Values are copied at most into small stack buffers,
 *     which are wiped before returning.
 */
#ifndef TRAWL_VALIDATE_H
#define TRAWL_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

typedef bool (*trawl_validate_fn)(const char *s, size_t len);

struct trawl_validator {
	const char *name;        /* as written in identifier files */
	trawl_validate_fn fn;
	const char *description; /* one line, for `trawl identifiers list` */
};

/* The registry, in parts (one per validate_*.c group that has its own
 * table), each terminated by an entry whose name is NULL. */
extern const struct trawl_validator trawl_validators[];
extern const struct trawl_validator trawl_validators_europe[];   /* validate_europe.c */
extern const struct trawl_validator trawl_validators_macie[];    /* validate_macie.c */
extern const struct trawl_validator trawl_validators_world[];    /* validate_world.c */
extern const struct trawl_validator trawl_validators_names[];    /* validate_names.c */

/* Every part of the registry, NULL-terminated. */
extern const struct trawl_validator *const trawl_validator_tables[];

/* Returns the validator called name, or NULL when there is none. */
const struct trawl_validator *trawl_validator_find(const char *name);

#endif
