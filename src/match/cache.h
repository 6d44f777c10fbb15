/*
 * cache.h - compiled databases kept on disk, so start-up pays neither for
 * compiling the catalog again nor for analysing its patterns.
 *
 * One part of the catalog (database.c) compiles to a set of databases, the
 * big pass and each variable-width identifier's recovery database, and to
 * what the analysis learnt about each identifier (its match widths, whether
 * it has a recovery database). A struct trawl_cache holds all of it in one
 * block laid out as the cache file is: the databases are Hyperscan's
 * in-memory images (what hs_deserialize_database_at() writes), each at a
 * 64-byte aligned offset, so a file mapped with mmap() is used in place:
 * nothing is read into a buffer, deserialized or copied, and the pages are
 * the page cache's. A block built from freshly compiled databases has the
 * same layout in anonymous memory; either way it is read-only once made.
 *
 * A file's name is a hash of everything its contents were made from
 * (patterns, flags, ids, Hyperscan's version, the processor, trawl's cache
 * format), so a changed identifier file simply misses. Inside, the file
 * says it again: magic and format, the key, its size, its counts and a
 * checksum of everything after the header. A file that does not check out
 * in full (truncated, corrupt, another format or key) is not used; the
 * caller compiles and writes it again.
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

/* What the analysis learnt about one identifier of the part. */
struct trawl_cache_ident {
	uint32_t index;      /* in the catalog */
	uint32_t min_width, max_width;
	uint32_t recovery;   /* 1: has a recovery database, 0: fixed width */
};

struct trawl_cache {
	void *base;          /* the block: mmap()ed, file or anonymous */
	size_t size;
	const struct trawl_cache_ident *ident; /* inside the block */
	size_t nident;
	/* db[0] the big pass, then one recovery database per identifier with
	 * recovery, in ident order: inside the block, read-only, never to be
	 * given to hs_free_database(). */
	hs_database_t **db;
	size_t ndb;
};

/* The cache file named by key in dir, mapped, if it checks out and holds
 * nident identifiers; else NULL (no file is no error). Free with
 * trawl_cache_free(). */
struct trawl_cache *trawl_cache_load(const char *dir, const struct trawl_hash *key,
				     size_t nident);

/* A block made from freshly compiled databases (borrowed: the caller still
 * frees them): ident[nident], and db[ndb] with db[0] the big pass and the
 * recovery ones in ident order. NULL when out of memory or when Hyperscan
 * cannot serialize a database. Free with trawl_cache_free(). */
struct trawl_cache *trawl_cache_build(const struct trawl_hash *key,
				      const struct trawl_cache_ident *ident,
				      size_t nident, hs_database_t *const *db,
				      size_t ndb);

/* Writes c as the cache file of its key in dir (created 0700 if missing).
 * Best effort: a cache that cannot be written is no error. */
void trawl_cache_save(const struct trawl_cache *c, const char *dir);

/* Unmaps the block: every database in it goes with it. NULL is fine. */
void trawl_cache_free(struct trawl_cache *c);

#endif
