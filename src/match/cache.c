#include "match/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"

/* Format 2: the block of cache.h. Format 1 (serialized databases one
 * after the other) had magic TRAWLDB1; its files are named by other keys
 * and would fail this magic anyway. */
#define MAGIC "TRAWLDB2"
#define ALIGN 64                 /* Hyperscan aligns bytecode to 64 bytes */
#define MAX_FILE (1ull << 32)    /* no catalog of ours comes near this */
#define MAX_IDENT (1u << 20)

/* The file, and the block in memory:
 *   struct head
 *   struct trawl_cache_ident [nident]
 *   struct dbent [ndb]
 *   each database image at its 64-byte aligned offset
 * Host byte order: the key holds the processor, so a file never meets
 * another kind of machine. */
struct head {
	char magic[8];
	uint64_t key[2];
	uint64_t size;       /* of the whole file */
	uint64_t sum;        /* checksum() of every byte after the head */
	uint32_t nident, ndb;
	uint32_t reserved[4];
};
_Static_assert(sizeof(struct head) == ALIGN, "the head keeps what follows aligned");
_Static_assert(sizeof(struct trawl_cache_ident) == 16, "no padding in the file");

struct dbent {
	uint64_t off, len;   /* from the start of the block */
};

void trawl_hash_init(struct trawl_hash *h)
{
	h->a = 0xcbf29ce484222325ull;
	h->b = 0x84222325cbf29ce4ull;
}

/* Two FNV-1a lanes with different bases: 128 bits of name. */
void trawl_hash_add(struct trawl_hash *h, const void *p, size_t n)
{
	const unsigned char *s = p;
	for (size_t i = 0; i < n; i++) {
		h->a = (h->a ^ s[i]) * 0x100000001b3ull;
		h->b = (h->b ^ (unsigned char)(s[i] + 0x5b)) * 0x100000001b3ull;
	}
}

void trawl_hash_str(struct trawl_hash *h, const char *s)
{
	trawl_hash_add(h, s, strlen(s) + 1);
}

/* One step is a bijection of the lane for a fixed word and of the word for
 * a fixed lane, so a change confined to one word always changes the sum. */
static uint64_t mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * 0x9e3779b97f4a7c15ull;
	return h ^ (h >> 32);
}

/* Not cryptographic: it catches damage, not an attacker (who could write
 * the private cache directory could write anything). Four lanes, so the
 * multiplies overlap: a 10 MB catalog sums in about a millisecond. */
static uint64_t checksum(const unsigned char *p, size_t n)
{
	uint64_t h[4] = {0x243f6a8885a308d3ull, 0x13198a2e03707344ull,
			 0xa4093822299f31d0ull, 0x082efa98ec4e6c89ull};
	size_t i = 0;
	for (; i + 32 <= n; i += 32)
		for (int l = 0; l < 4; l++) {
			uint64_t w;
			memcpy(&w, p + i + 8 * l, 8);
			h[l] = mix(h[l], w);
		}
	for (; i < n; i++)
		h[0] = mix(h[0], p[i]);
	uint64_t r = n;
	for (int l = 0; l < 4; l++)
		r = mix(r, h[l]);
	return r;
}

static size_t align_up(size_t n)
{
	return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1);
}

/* Where the first database image may start. */
static size_t images_at(size_t nident, size_t ndb)
{
	return align_up(sizeof(struct head) + nident * sizeof(struct trawl_cache_ident) +
			ndb * sizeof(struct dbent));
}

static int path_of(const char *dir, uint64_t a, uint64_t b, struct buf *p)
{
	return buf_printf(p, "%s/%016llx%016llx.hsdb", dir, (unsigned long long)a,
			  (unsigned long long)b);
}

/* Checks c's block in full (head, sum, counts, every offset, every
 * database's own header) and points c's fields into it: 0, or -1 with
 * nothing to use. */
static int resolve(struct trawl_cache *c, const struct trawl_hash *key, size_t nident)
{
	const struct head *h = c->base;
	if (c->size < sizeof(*h) || memcmp(h->magic, MAGIC, 8) || h->key[0] != key->a ||
	    h->key[1] != key->b || h->size != c->size || h->nident != nident ||
	    h->nident > MAX_IDENT || h->ndb == 0 || h->ndb > (uint64_t)h->nident + 1)
		return -1;
	size_t at = images_at(h->nident, h->ndb);
	if (at > c->size ||
	    checksum((const unsigned char *)c->base + sizeof(*h), c->size - sizeof(*h)) != h->sum)
		return -1;
	const struct trawl_cache_ident *id = (const void *)(h + 1);
	size_t nrec = 0;
	for (size_t i = 0; i < h->nident; i++) {
		if (id[i].recovery > 1)
			return -1;
		nrec += id[i].recovery;
	}
	if (h->ndb != nrec + 1)
		return -1;
	const struct dbent *e = (const void *)(id + h->nident);
	if (!(c->db = calloc(h->ndb, sizeof(*c->db))))
		return -1;
	for (size_t i = 0; i < h->ndb; i++) {
		size_t sz;
		if (e[i].off < at || e[i].off % ALIGN || e[i].off > c->size ||
		    e[i].len < ALIGN || e[i].len > c->size - e[i].off)
			return -1;
		hs_database_t *db = (hs_database_t *)((char *)c->base + e[i].off);
		if (hs_database_size(db, &sz) != HS_SUCCESS || sz != e[i].len)
			return -1;
		c->db[i] = db;
	}
	c->ident = id;
	c->nident = h->nident;
	c->ndb = h->ndb;
	return 0;
}

struct trawl_cache *trawl_cache_load(const char *dir, const struct trawl_hash *key,
				     size_t nident)
{
	struct buf p = BUF_INIT;
	struct trawl_cache *c = NULL;
	struct stat st;
	int fd = -1;
	if (!dir || path_of(dir, key->a, key->b, &p) ||
	    (fd = open(p.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0 || fstat(fd, &st) ||
	    !S_ISREG(st.st_mode) || (uint64_t)st.st_size < sizeof(struct head) ||
	    (uint64_t)st.st_size > MAX_FILE || !(c = calloc(1, sizeof(*c))))
		goto fail;
	/* Read-only and private: the databases are used in place. Our own
	 * saves replace a file by rename(), never write into it, so a
	 * mapping never sees another run's rewrite. MAP_POPULATE: every page
	 * is read by the checksum anyway, better in one go than a fault
	 * each. */
	c->size = (size_t)st.st_size;
	c->base = mmap(NULL, c->size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	if (c->base == MAP_FAILED) {
		c->base = NULL;
		goto fail;
	}
	if (resolve(c, key, nident))
		goto fail;
	/* A file in use is kept fresh (once a day at most): evict() drops
	 * the ones no run has used for a while. */
	if (st.st_mtime < time(NULL) - 86400)
		futimens(fd, NULL);
	close(fd);
	buf_release(&p);
	return c;
fail:
	trawl_cache_free(c);
	if (fd >= 0)
		close(fd);
	buf_release(&p);
	return NULL;
}

struct trawl_cache *trawl_cache_build(const struct trawl_hash *key,
				      const struct trawl_cache_ident *ident,
				      size_t nident, hs_database_t *const *db,
				      size_t ndb)
{
	struct trawl_cache *c = NULL;
	size_t *len = NULL;
	char *blob = NULL;
	if (!ndb || nident > MAX_IDENT || ndb > nident + 1 ||
	    !(len = calloc(ndb, sizeof(*len))) || !(c = calloc(1, sizeof(*c))))
		goto fail;
	size_t size = images_at(nident, ndb);
	for (size_t i = 0; i < ndb; i++) {
		if (hs_database_size(db[i], &len[i]) != HS_SUCCESS)
			goto fail;
		size = align_up(size) + len[i];
	}
	if (size > MAX_FILE)
		goto fail;
	c->size = size;
	c->base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (c->base == MAP_FAILED) {
		c->base = NULL;
		goto fail;
	}
	struct head *h = c->base;
	memcpy(h->magic, MAGIC, 8);
	h->key[0] = key->a;
	h->key[1] = key->b;
	h->size = size;
	h->nident = (uint32_t)nident;
	h->ndb = (uint32_t)ndb;
	if (nident)
		memcpy(h + 1, ident, nident * sizeof(*ident));
	struct dbent *e = (struct dbent *)((struct trawl_cache_ident *)(h + 1) + nident);
	size_t off = images_at(nident, ndb);
	for (size_t i = 0; i < ndb; i++) {
		size_t blen;
		/* The image hs_deserialize_database_at() makes at a 64-byte
		 * aligned address is valid at any other such address. */
		if (hs_serialize_database(db[i], &blob, &blen) != HS_SUCCESS ||
		    hs_deserialize_database_at(blob, blen, (hs_database_t *)((char *)c->base + off))
		    != HS_SUCCESS)
			goto fail;
		free(blob);
		blob = NULL;
		e[i].off = off;
		e[i].len = len[i];
		off = align_up(off + len[i]);
	}
	h->sum = checksum((const unsigned char *)c->base + sizeof(*h), size - sizeof(*h));
	if (mprotect(c->base, size, PROT_READ) || resolve(c, key, nident))
		goto fail;
	free(len);
	return c;
fail:
	free(blob);
	free(len);
	trawl_cache_free(c);
	return NULL;
}

/* Cache files not used for this long are removed when a new one is
 * written: other catalogs, selections and formats leave theirs behind. */
#define EVICT_AFTER (30 * 86400)

static void evict(const char *dir, const char *keep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	time_t old = time(NULL) - EVICT_AFTER;
	if (!d)
		return;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		struct stat st;
		if (n < 6 || strcmp(e->d_name + n - 5, ".hsdb") || strstr(keep, e->d_name) ||
		    fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) ||
		    !S_ISREG(st.st_mode) || st.st_mtime >= old)
			continue;
		unlinkat(dirfd(d), e->d_name, 0);
	}
	closedir(d);
}

void trawl_cache_save(const struct trawl_cache *c, const char *dir)
{
	struct buf p = BUF_INIT, tmp = BUF_INIT;
	const struct head *h = c ? c->base : NULL;
	int fd = -1;
	bool ok = false;
	if (!dir || !h)
		return;
	/* The cache directory is private: databases are code for the matcher. */
	if (mkdir(dir, 0700) && errno != EEXIST)
		return;
	if (path_of(dir, h->key[0], h->key[1], &p) ||
	    buf_printf(&tmp, "%s.%ld.tmp", p.data, (long)getpid()))
		goto out;
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		goto out;
	for (size_t done = 0; done < c->size;) {
		ssize_t w = write(fd, (const char *)c->base + done, c->size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			goto out;
		done += (size_t)w;
	}
	ok = true;
out:
	if (fd >= 0 && close(fd))
		ok = false;
	if (fd >= 0 && !(ok && rename(tmp.data, p.data) == 0))
		unlink(tmp.data);
	else if (fd >= 0)
		evict(dir, p.data);
	buf_release(&p);
	buf_release(&tmp);
}

void trawl_cache_free(struct trawl_cache *c)
{
	if (!c)
		return;
	if (c->base)
		munmap(c->base, c->size);
	free(c->db);
	free(c);
}
