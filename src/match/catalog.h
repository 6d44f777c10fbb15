/*
 * catalog.h - the identifier catalog inside the library: what the loader
 * fills, what the compiler adds, what scanners read. Read-only once
 * compiled; shared by every thread.
 */
#ifndef TRAWL_MATCH_CATALOG_H
#define TRAWL_MATCH_CATALOG_H

#include <hs.h>

#include "trawl/trawl.h"

/* Widest match whose start can be recovered exactly; a pattern that can
 * match more is recovered within this many bytes before its end. */
#define TRAWL_MAX_WIDTH 8192

/* Hyperscan expression ids: identifiers are 0..n-1, keywords start here. */
#define TRAWL_KW_BASE 0x100000u

struct trawl_cache; /* match/cache.h */
struct trawl_gateset; /* match/gate.h */

struct trawl_keyword {
	char *text;       /* lower-case ASCII where it has letters */
	unsigned len;
	unsigned bound_width; /* 0: no keyword-bound identifier owns it; else
			       * 1 + the widest match of those that do */
};

struct trawl_catalog {
	struct trawl_identifier *ids;
	size_t n, alloc;

	/* Filled by trawl_catalog_compile(). */
	struct trawl_keyword *kws;
	size_t nkw;
	unsigned max_kw_len;
	hs_database_t *db;      /* the selected managed identifiers + keywords */
	hs_database_t *custom_db; /* custom identifiers + their new keywords */
	hs_database_t *bound_db;  /* managed identifiers that need a keyword,
				   * scanned only where one can qualify them */
	unsigned bound_width;     /* their widest match */
	hs_database_t *gate_db;   /* managed identifiers with a gate, scanned
				   * only where it lets a match be */
	struct trawl_gateset *gates; /* theirs (match/gate.h) */
	/* By part (database.c: main, keyword-bound, custom, gated): the blocks that
	 * hold db, bound_db, custom_db and every som_db. The databases live
	 * inside them (mapped from the cache file or built in memory) and go
	 * with them: never hs_free_database() one. */
	struct trawl_cache *parts[4];
	hs_scratch_t *proto;    /* fits every database; cloned per thread */
	bool compiled;
	char *cache_dir;        /* NULL: compile every time */

	/* Allow lists (trawl_catalog_load_config). */
	char **allow_words;     /* lower-cased, sorted */
	size_t nallow_words, aallow_words;
	char **allow_regex;     /* each must match a detection entirely */
	char **allow_regex_name;
	size_t nallow_regex, aallow_regex;
	hs_database_t *allow_db; /* the regexes, anchored; with compile() */
};

/* Whether v[0..n) is on an allow list. scratch must fit allow_db (it is
 * cloned from proto, which does). */
bool trawl_catalog_allowed(const struct trawl_catalog *cat, hs_scratch_t *scratch,
			   const char *v, size_t n);

/* hs flags for an identifier's "flags" letters. */
unsigned trawl_hs_flags(const char *letters);

#endif
