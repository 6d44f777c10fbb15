#include "match/cache.h"

#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/buf.h"

#define MAGIC "TRAWLDB1"
#define MAX_BLOB (1ull << 31) /* no database of ours comes near this */
#define MAX_DBS 100000

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

static int path_of(const char *dir, const struct trawl_hash *k, struct buf *p)
{
	return buf_printf(p, "%s/%016llx%016llx.hsdb", dir, (unsigned long long)k->a,
			  (unsigned long long)k->b);
}

int trawl_cache_load(const char *dir, const struct trawl_hash *key,
		     hs_database_t **dbs, size_t n)
{
	struct buf p = BUF_INIT;
	FILE *f = NULL;
	char *blob = NULL;
	size_t got = 0;
	int rc = -1;
	if (!dir || path_of(dir, key, &p) || !(f = fopen(p.data, "rb")))
		goto out;
	char magic[8];
	uint64_t count;
	if (fread(magic, 1, 8, f) != 8 || memcmp(magic, MAGIC, 8) ||
	    fread(&count, sizeof(count), 1, f) != 1 || count != n)
		goto out;
	for (; got < n; got++) {
		uint64_t len;
		if (fread(&len, sizeof(len), 1, f) != 1 || len == 0 || len > MAX_BLOB)
			goto out;
		if (!(blob = malloc(len)) || fread(blob, 1, len, f) != len)
			goto out;
		if (hs_deserialize_database(blob, len, &dbs[got]) != HS_SUCCESS)
			goto out;
		free(blob);
		blob = NULL;
	}
	rc = 0;
out:
	if (rc)
		for (size_t i = 0; i < got; i++) {
			hs_free_database(dbs[i]);
			dbs[i] = NULL;
		}
	free(blob);
	if (f)
		fclose(f);
	buf_release(&p);
	return rc;
}

void trawl_cache_save(const char *dir, const struct trawl_hash *key,
		      hs_database_t *const *dbs, size_t n)
{
	struct buf p = BUF_INIT, tmp = BUF_INIT;
	FILE *f = NULL;
	bool ok = false;
	if (!dir || n > MAX_DBS)
		return;
	/* The cache directory is private: databases are code for the matcher. */
	if (mkdir(dir, 0700) && errno != EEXIST)
		return;
	if (path_of(dir, key, &p) || buf_printf(&tmp, "%s.%ld.tmp", p.data, (long)getpid()))
		goto out;
	int fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 || !(f = fdopen(fd, "wb"))) {
		if (fd >= 0)
			close(fd);
		goto out;
	}
	uint64_t count = n;
	if (fwrite(MAGIC, 1, 8, f) != 8 || fwrite(&count, sizeof(count), 1, f) != 1)
		goto out;
	for (size_t i = 0; i < n; i++) {
		char *blob = NULL;
		size_t len = 0;
		if (hs_serialize_database(dbs[i], &blob, &len) != HS_SUCCESS)
			goto out;
		uint64_t l = len;
		bool w = fwrite(&l, sizeof(l), 1, f) == 1 && fwrite(blob, 1, len, f) == len;
		free(blob);
		if (!w)
			goto out;
	}
	ok = fflush(f) == 0;
out:
	if (f && fclose(f))
		ok = false;
	if (tmp.data) {
		if (ok && rename(tmp.data, p.data) == 0)
			ok = true;
		else
			unlink(tmp.data);
	}
	buf_release(&p);
	buf_release(&tmp);
}
