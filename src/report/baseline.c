/*
 * baseline.c - fingerprints of detections, and baselines of known ones.
 *
 * A fingerprint is the SHA-256 of the object's name, the type, the
 * location (where.c) and a keyed hash (HMAC-SHA256) of the value: the
 * value itself is never written, and without the key nobody can test a
 * guess against a fingerprint. The key is the user's (see
 * trawl_baseline_key()); a baseline made with one key matches nothing
 * under another, so a baseline names its key by a short digest of it.
 */
#include <cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/output_int.h"
#include "util/sha256.h"

#define KEY_MAX 4096                  /* bytes of a key file read */
#define BASELINE_MAX (1ull << 30)     /* a larger baseline is refused */

static int set_key(struct buf *key, const char *s, size_t n, const char *from,
		   char *err, size_t errlen)
{
	while (n && strchr(" \t\r\n", s[0])) {
		s++;
		n--;
	}
	while (n && strchr(" \t\r\n", s[n - 1]))
		n--;
	if (!n) {
		trawl_seterr(err, errlen, "the fingerprint key in %s is empty", from);
		return -1;
	}
	buf_reset(key);
	if (buf_add(key, s, n)) {
		trawl_seterr(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Creates path with a new random key, atomically: another trawl creating
 * it at the same time wins or loses as a whole. */
static int create_key(const char *dir, const char *path, char *err, size_t errlen)
{
	char tmp[PATH_MAX], hex[65];
	uint8_t raw[32];
	int rc = -1;
	if (snprintf(tmp, sizeof(tmp), "%s/.baseline.key.XXXXXX", dir) >= (int)sizeof(tmp) ||
	    getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw)) {
		trawl_seterr(err, errlen, "cannot make a fingerprint key");
		return -1;
	}
	trawl_hex(raw, sizeof(raw), hex);
	hex[64] = '\n';
	int fd = mkstemp(tmp);  /* mode 0600 */
	if (fd < 0) {
		trawl_seterr(err, errlen, "%s: %s", dir, strerror(errno));
		goto out;
	}
	bool ok = write(fd, hex, 65) == 65 && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	if (!ok || (link(tmp, path) && errno != EEXIST)) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	unlink(tmp);
	rc = 0;
out:
	explicit_bzero(raw, sizeof(raw));
	explicit_bzero(hex, sizeof(hex));
	return rc;
}

int trawl_baseline_key(struct buf *key, char *err, size_t errlen)
{
	const char *env = getenv("TRAWL_BASELINE_KEY");
	if (env && *env)
		return set_key(key, env, strlen(env), "TRAWL_BASELINE_KEY", err, errlen);

	char dir[PATH_MAX], path[PATH_MAX + 16], text[KEY_MAX];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/') {
		snprintf(dir, sizeof(dir), "%s/trawl", xdg);
		mkdir(xdg, 0700);
	} else if (home && *home) {
		snprintf(dir, sizeof(dir), "%s/.config", home);
		mkdir(dir, 0700);
		snprintf(dir, sizeof(dir), "%s/.config/trawl", home);
	} else {
		trawl_seterr(err, errlen, "no $HOME for the fingerprint key: set "
			     "TRAWL_BASELINE_KEY");
		return -1;
	}
	if (mkdir(dir, 0700) && errno != EEXIST) {
		trawl_seterr(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	snprintf(path, sizeof(path), "%s/baseline.key", dir);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	if (fd < 0 && errno == ENOENT) {
		if (create_key(dir, path, err, errlen))
			return -1;
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY);
	}
	if (fd < 0) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	struct stat st;
	ssize_t n = -1;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		trawl_seterr(err, errlen, "%s: not a regular file", path);
	} else if (st.st_uid != geteuid() || (st.st_mode & 077)) {
		/* as ssh does with private keys */
		trawl_seterr(err, errlen, "%s: must be the user's own and mode 0600 "
			     "(chmod 600 %s)", path, path);
	} else if ((n = read(fd, text, sizeof(text))) < 0) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
	}
	close(fd);
	int rc = n < 0 ? -1 : set_key(key, text, (size_t)n, path, err, errlen);
	explicit_bzero(text, sizeof(text));
	return rc;
}

void trawl_value_mac(const struct trawl_output *out, const char *v, size_t n,
		     uint8_t mac[32])
{
	trawl_hmac_sha256(out->key.data, out->key.len, v, n, mac);
}

void trawl_fingerprint(const char *name, const char *type, const char *where,
		       const uint8_t mac[32], uint8_t fp[TRAWL_FP_LEN])
{
	struct trawl_sha256 c;
	trawl_sha256_init(&c);
	trawl_sha256_update(&c, "trawl/v1", 9);
	trawl_sha256_update(&c, name, strlen(name) + 1);
	trawl_sha256_update(&c, type, strlen(type) + 1);
	trawl_sha256_update(&c, where, strlen(where) + 1);
	trawl_sha256_update(&c, mac, 32);
	trawl_sha256_final(&c, fp);
}

/* ---- loading ------------------------------------------------------------ */

static int unhex(const char *s, uint8_t out[TRAWL_FP_LEN])
{
	if (!s || strlen(s) != 2 * TRAWL_FP_LEN)
		return -1;
	for (size_t i = 0; i < 2 * TRAWL_FP_LEN; i++) {
		char c = s[i];
		int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (v < 0)
			return -1;
		out[i / 2] = (uint8_t)(i % 2 ? out[i / 2] | v : v << 4);
	}
	return 0;
}

struct fps {
	uint8_t (*v)[TRAWL_FP_LEN];
	size_t n, alloc;
};

static int add_fp(struct fps *f, const char *hex)
{
	if (VEC_RESERVE(f->v, f->n, f->alloc, 1))
		return -1;
	if (unhex(hex, f->v[f->n]))
		return 1;
	f->n++;
	return 0;
}

static int cmp_fp(const void *a, const void *b)
{
	return memcmp(a, b, TRAWL_FP_LEN);
}

/* The key's name in a baseline: 8 bytes of a hash of it, in hex. */
static void key_id(const struct trawl_output *out, char id[17])
{
	uint8_t d[32];
	trawl_hmac_sha256(out->key.data, out->key.len, "trawl/key-id", 12, d);
	trawl_hex(d, 8, id);
}

static char *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	if (!f) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	b.cap = BASELINE_MAX;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (buf_add(&b, chunk, n)) {
			trawl_seterr(err, errlen, "%s: larger than 1 GiB", path);
			goto fail;
		}
	}
	if (ferror(f)) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	fclose(f);
	if (buf_addch(&b, '\0')) /* empty file: still a string */
		goto fail;
	return buf_detach(&b, len);
fail:
	fclose(f);
	buf_release(&b);
	return NULL;
}

int trawl_baseline_load(struct trawl_output *out, const char *path, char *err, size_t errlen)
{
	size_t len = 0;
	char *text = slurp(path, &len, err, errlen);
	cJSON *root = text ? cJSON_ParseWithLength(text, len) : NULL;
	struct fps f = {0};
	const char *key = NULL;
	size_t bad = 0, entries = 0;
	int rc = -1;
	if (!text)
		return -1;
	if (!root) {
		trawl_seterr(err, errlen, "%s: not JSON (a baseline from --write-baseline "
			     "or a SARIF log from --format sarif)", path);
		goto out;
	}
	cJSON *runs = cJSON_GetObjectItemCaseSensitive(root, "runs");
	cJSON *list = cJSON_IsArray(root) ? root
		      : cJSON_GetObjectItemCaseSensitive(root, "fingerprints");
	if (cJSON_IsArray(runs)) {
		/* SARIF: partialFingerprints "trawl/v1" of every result */
		cJSON *run, *res;
		cJSON_ArrayForEach(run, runs) {
			cJSON *props = cJSON_GetObjectItemCaseSensitive(run, "properties");
			cJSON *k = cJSON_GetObjectItemCaseSensitive(props, "trawl/keyId");
			if (cJSON_IsString(k))
				key = k->valuestring;
			cJSON_ArrayForEach(res, cJSON_GetObjectItemCaseSensitive(run, "results")) {
				cJSON *pf = cJSON_GetObjectItemCaseSensitive(res, "partialFingerprints");
				cJSON *v = cJSON_GetObjectItemCaseSensitive(pf, "trawl/v1");
				if (!v)
					continue;
				entries++;
				int e = add_fp(&f, cJSON_GetStringValue(v));
				if (e < 0)
					goto oom;
				bad += e;
			}
		}
	} else if (cJSON_IsArray(list)) {
		cJSON *k = cJSON_GetObjectItemCaseSensitive(root, "key");
		if (cJSON_IsString(k))
			key = k->valuestring;
		cJSON *it;
		cJSON_ArrayForEach(it, list) {
			cJSON *v = cJSON_IsString(it) ? it
				   : cJSON_GetObjectItemCaseSensitive(it, "fingerprint");
			entries++;
			int e = add_fp(&f, cJSON_GetStringValue(v));
			if (e < 0)
				goto oom;
			bad += e;
		}
	} else {
		trawl_seterr(err, errlen, "%s: neither a baseline (\"fingerprints\") nor a "
			     "SARIF log (\"runs\")", path);
		goto out;
	}
	if (bad) {
		trawl_seterr(err, errlen, "%s: %zu of %zu entries are not fingerprints", path,
			     bad, entries);
		goto out;
	}
	char mine[17];
	key_id(out, mine);
	if (key && strcmp(key, mine)) {
		trawl_seterr(err, errlen, "%s: made with another fingerprint key (%s, this one "
			     "is %s): set TRAWL_BASELINE_KEY to the key it was made with", path,
			     key, mine);
		goto out;
	}
	qsort(f.v, f.n, TRAWL_FP_LEN, cmp_fp);
	size_t k = 0;
	for (size_t i = 0; i < f.n; i++)
		if (!k || memcmp(f.v[k - 1], f.v[i], TRAWL_FP_LEN))
			memmove(f.v[k++], f.v[i], TRAWL_FP_LEN);
	out->known = f.v;
	out->nknown = k;
	f.v = NULL;
	rc = 0;
	goto out;
oom:
	trawl_seterr(err, errlen, "out of memory");
out:
	free(f.v);
	cJSON_Delete(root);
	free(text);
	return rc;
}

bool trawl_baseline_has(const struct trawl_output *out, const uint8_t fp[TRAWL_FP_LEN])
{
	return out->nknown && bsearch(fp, out->known, out->nknown, TRAWL_FP_LEN, cmp_fp);
}

/* ---- writing ------------------------------------------------------------ */

int trawl_baseline_head(const struct trawl_output *out, FILE *f)
{
	char id[17];
	key_id(out, id);
	return fprintf(f, "{\"version\":\"trawl-baseline/1\",\"key\":\"%s\",\"fingerprints\":[\n",
		       id) < 0 ? -1 : 0;
}

const char trawl_baseline_tail[] = "\n]}\n";

void trawl_baseline_key_id(const struct trawl_output *out, char id[17])
{
	key_id(out, id);
}

int trawl_baseline_item(struct buf *b, const uint8_t fp[TRAWL_FP_LEN], const char *name,
			const char *type, const char *where)
{
	char hex[2 * TRAWL_FP_LEN + 1];
	cJSON *o = cJSON_CreateObject();
	char *s = NULL;
	int rc = -1;
	trawl_hex(fp, TRAWL_FP_LEN, hex);
	cJSON_AddStringToObject(o, "fingerprint", hex);
	cJSON_AddStringToObject(o, "object", name);
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "location", where);
	s = cJSON_PrintUnformatted(o);
	size_t at = trawl_frame_open(b, TRAWL_S_BASELINE);
	if (s && at != (size_t)-1 && !buf_addstr(b, s) && !trawl_frame_close(b, at))
		rc = 0;
	cJSON_free(s);
	cJSON_Delete(o);
	return rc;
}
