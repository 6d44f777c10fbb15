/*
 * cache.h - compiled databases kept on disk, so start-up does not pay for
 * compiling the catalog again. A cache file holds the serialized databases
 * of one catalog selection; its name is a hash of everything they were
 * compiled from (patterns, flags, ids, Hyperscan's version, trawl's cache
 * format), so a changed identifier file simply misses. A file that does
 * not deserialize is ignored and rewritten.
 */
#ifndef TRAWL_MATCH_CACHE_H
#define TRAWL_MATCH_CACHE_H

#include <hs.h>
#include <stddef.h>
#include <stdint.h>

struct trawl_hash {
	uint64_t a, b;
};

void trawl_hash_init(struct trawl_hash *h);
void trawl_hash_add(struct trawl_hash *h, const void *p, size_t n);
void trawl_hash_str(struct trawl_hash *h, const char *s); /* with its NUL */

/* Loads n databases into dbs (all or none: on failure nothing is kept and
 * -1 is returned). */
int trawl_cache_load(const char *dir, const struct trawl_hash *key,
		     hs_database_t **dbs, size_t n);
/* Best effort: a cache that cannot be written is no error. */
void trawl_cache_save(const char *dir, const struct trawl_hash *key,
		      hs_database_t *const *dbs, size_t n);

#endif
