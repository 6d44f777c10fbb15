/*
 * sigv4.c - AWS Signature Version 4: canonical request, string to sign,
 * signing key and Authorization header.
 *
 * Checked against AWS's published test suite and the S3 documentation's
 * examples (tests/unit/test_sigv4.c). The canonical form is described in
 * sigv4.h; the comments here say why where AWS's rules are surprising.
 */
#include "source/sigv4.h"

#include "util/chars.h"
#include "util/sha256.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ALGORITHM "AWS4-HMAC-SHA256"

/* Puts out back to the length it had before a failed call. */
static void truncate_to(struct buf *b, size_t len)
{
	if (b->data) {
		b->len = len;
		b->data[len] = '\0';
	}
}

static bool unreserved(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~';
}

/* Writes one byte, encoded, at dst (room for 3); returns how many bytes. */
static size_t encode_byte(char *dst, unsigned char c, bool keep_slash)
{
	static const char hex[] = "0123456789ABCDEF";
	if (unreserved(c) || (keep_slash && c == '/')) {
		dst[0] = (char)c;
		return 1;
	}
	dst[0] = '%';
	dst[1] = hex[c >> 4];
	dst[2] = hex[c & 15];
	return 3;
}

/* The byte at s[*i], percent-decoded when decode is set (a '%' not
 * followed by two hex digits stays a literal '%'); advances *i past it. */
static unsigned char next_byte(const char *s, size_t n, size_t *i, bool decode)
{
	size_t k = *i;
	unsigned char c = (unsigned char)s[k];
	if (decode && c == '%' && k + 2 < n && trawl_hexval(s[k + 1]) >= 0 &&
	    trawl_hexval(s[k + 2]) >= 0) {
		c = (unsigned char)(trawl_hexval(s[k + 1]) << 4 |
				    trawl_hexval(s[k + 2]));
		k += 2;
	}
	*i = k + 1;
	return c;
}

/* Encodes s[0..n), first percent-decoding it when decode is set. Sizes
 * the result first, so a capped buffer fails only when the result itself
 * would not fit. */
static int encode(struct buf *out, const char *s, size_t n, bool keep_slash,
		  bool decode)
{
	char tmp[3];
	size_t need = 0;
	for (size_t i = 0; i < n;) {
		size_t w = encode_byte(tmp, next_byte(s, n, &i, decode), keep_slash);
		if (need > SIZE_MAX / 2 - w)
			return -1;
		need += w;
	}
	if (buf_grow(out, need))
		return -1;
	char *dst = out->data + out->len;
	for (size_t i = 0; i < n;)
		dst += encode_byte(dst, next_byte(s, n, &i, decode), keep_slash);
	out->len += need;
	out->data[out->len] = '\0';
	return 0;
}

int trawl_uri_encode(struct buf *out, const char *s, size_t n, bool keep_slash)
{
	return encode(out, s, n, keep_slash, false);
}

/* --- canonical URI --------------------------------------------------- */

struct span {
	const char *s;
	size_t n;
};

/*
 * The generic rules: "//" collapses, "." and ".." are resolved (".." above
 * the root stays at the root), and each remaining segment is encoded again,
 * so a wire path "/a%20b" signs as "/a%2520b". A trailing '/' survives,
 * as does the one RFC 3986 leaves after a final "." or "..".
 */
static int canonical_uri_generic(struct buf *out, const char *path)
{
	struct span *seg = NULL;
	size_t nseg = 0, alloc = 0, n = strlen(path), i = 0;
	bool last_dot = false, trailing;
	int ret = -1;

	while (i < n) {
		while (i < n && path[i] == '/')
			i++;
		if (i == n)
			break;
		size_t j = i;
		while (j < n && path[j] != '/')
			j++;
		size_t len = j - i;
		last_dot = (len == 1 && path[i] == '.') ||
			   (len == 2 && path[i] == '.' && path[i + 1] == '.');
		if (len == 2 && last_dot) {
			if (nseg)
				nseg--;
		} else if (!last_dot) {
			if (VEC_RESERVE(seg, nseg, alloc, 1))
				goto out;
			seg[nseg].s = path + i;
			seg[nseg].n = len;
			nseg++;
		}
		i = j;
	}
	trailing = last_dot || (n && path[n - 1] == '/');

	if (buf_addch(out, '/'))
		goto out;
	for (size_t k = 0; k < nseg; k++) {
		if (k && buf_addch(out, '/'))
			goto out;
		if (encode(out, seg[k].s, seg[k].n, false, false))
			goto out;
	}
	if (nseg && trailing && buf_addch(out, '/'))
		goto out;
	ret = 0;
out:
	free(seg);
	return ret;
}

static int canonical_uri(struct buf *out, const struct trawl_sigv4_req *r)
{
	const char *path = r->path && *r->path ? r->path : "/";
	if (r->s3)
		return buf_addstr(out, path);
	return canonical_uri_generic(out, path);
}

/* --- canonical query ------------------------------------------------- */

/* A name=value pair, encoded, as offsets into a pool (which may move while
 * it grows) and then as pointers once the pool is complete. */
struct pair {
	size_t no, nl, vo, vl, idx;
	const char *n, *v;
};

static int cmp_bytes(const char *a, size_t al, const char *b, size_t bl)
{
	size_t m = al < bl ? al : bl;
	int c = m ? memcmp(a, b, m) : 0;
	if (c)
		return c;
	return (al > bl) - (al < bl);
}

static int cmp_pair(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;
	int c = cmp_bytes(a->n, a->nl, b->n, b->nl);
	if (!c)
		c = cmp_bytes(a->v, a->vl, b->v, b->vl);
	if (!c)
		c = (a->idx > b->idx) - (a->idx < b->idx);
	return c;
}

static void resolve(struct pair *p, size_t np, const struct buf *pool)
{
	for (size_t i = 0; i < np; i++) {
		p[i].n = pool->data ? pool->data + p[i].no : "";
		p[i].v = pool->data ? pool->data + p[i].vo : "";
	}
}

static int canonical_query(struct buf *out, const char *q)
{
	struct buf pool = BUF_INIT;
	struct pair *p = NULL;
	size_t np = 0, alloc = 0;
	int ret = -1;

	while (q && *q) {
		size_t len = strcspn(q, "&");
		if (len) {
			const char *eq = memchr(q, '=', len);
			size_t nl = eq ? (size_t)(eq - q) : len;
			if (VEC_RESERVE(p, np, alloc, 1))
				goto out;
			struct pair *e = &p[np];
			e->idx = np;
			e->no = pool.len;
			if (encode(&pool, q, nl, false, true))
				goto out;
			e->nl = pool.len - e->no;
			e->vo = pool.len;
			if (eq && encode(&pool, eq + 1, len - nl - 1, false, true))
				goto out;
			e->vl = pool.len - e->vo;
			np++;
		}
		q += len;
		if (*q == '&')
			q++;
	}
	resolve(p, np, &pool);
	if (np > 1)
		qsort(p, np, sizeof(*p), cmp_pair);
	for (size_t i = 0; i < np; i++) {
		if ((i && buf_addch(out, '&')) || buf_add(out, p[i].n, p[i].nl) ||
		    buf_addch(out, '=') || buf_add(out, p[i].v, p[i].vl))
			goto out;
	}
	ret = 0;
out:
	free(p);
	buf_release(&pool);
	return ret;
}

/* --- canonical headers ----------------------------------------------- */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Appends s lower-cased (lower) or with white space trimmed and inner runs
 * made one space (value). Names are trimmed too, for a caller that split
 * "Name : value" loosely. */
static int add_normalized(struct buf *pool, const char *s, bool lower)
{
	size_t n = strlen(s);
	while (n && is_ws(s[n - 1]))
		n--;
	while (n && is_ws(*s))
		s++, n--;
	if (buf_grow(pool, n))
		return -1;
	char *dst = pool->data + pool->len;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (is_ws(c)) {
			while (i + 1 < n && is_ws(s[i + 1]))
				i++;
			c = ' ';
		} else if (lower && c >= 'A' && c <= 'Z') {
			c = (char)(c - 'A' + 'a');
		}
		*dst++ = c;
	}
	pool->len = (size_t)(dst - pool->data);
	pool->data[pool->len] = '\0';
	return 0;
}

static int cmp_header(const void *pa, const void *pb)
{
	const struct pair *a = pa, *b = pb;
	int c = cmp_bytes(a->n, a->nl, b->n, b->nl);
	/* Same name: keep the order given, as AWS joins them in that order. */
	return c ? c : (a->idx > b->idx) - (a->idx < b->idx);
}

/* Appends "name:v1,v2\n" per distinct name to block and "a;b;c" to
 * names. */
static int canonical_headers(const struct trawl_sigv4_req *r, struct buf *block,
			     struct buf *names)
{
	struct buf pool = BUF_INIT;
	struct pair *h = NULL;
	size_t nh = r->nheaders;
	int ret = -1;

	if (nh && !(h = calloc(nh, sizeof(*h))))
		goto out;
	for (size_t i = 0; i < nh; i++) {
		const struct trawl_sigv4_header *src = &r->headers[i];
		if (!src->name || !src->value)
			goto out;
		h[i].idx = i;
		h[i].no = pool.len;
		if (add_normalized(&pool, src->name, true))
			goto out;
		h[i].nl = pool.len - h[i].no;
		h[i].vo = pool.len;
		if (add_normalized(&pool, src->value, false))
			goto out;
		h[i].vl = pool.len - h[i].vo;
	}
	resolve(h, nh, &pool);
	if (nh > 1)
		qsort(h, nh, sizeof(*h), cmp_header);
	for (size_t i = 0; i < nh; i++) {
		bool first = !i || cmp_bytes(h[i].n, h[i].nl, h[i - 1].n,
					     h[i - 1].nl);
		if (first) {
			if (i && (buf_addch(block, '\n') || buf_addch(names, ';')))
				goto out;
			if (buf_add(block, h[i].n, h[i].nl) ||
			    buf_addch(block, ':') ||
			    buf_add(names, h[i].n, h[i].nl))
				goto out;
		} else if (buf_addch(block, ',')) {
			goto out;
		}
		if (buf_add(block, h[i].v, h[i].vl))
			goto out;
	}
	if (nh && buf_addch(block, '\n'))
		goto out;
	ret = 0;
out:
	free(h);
	buf_release(&pool);
	return ret;
}

/* --- the request ----------------------------------------------------- */

static bool valid(const struct trawl_sigv4_req *r)
{
	return r && r->method && r->payload_hash && r->region && r->service &&
	       r->amz_date && strlen(r->amz_date) >= 8 &&
	       (r->headers || !r->nheaders);
}

/* Appends the canonical request to creq and, when names is not NULL, the
 * signed-headers list to names. */
static int canonical(const struct trawl_sigv4_req *r, struct buf *creq,
		     struct buf *names)
{
	struct buf block = BUF_INIT, list = BUF_INIT;
	int ret = -1;

	if (!valid(r))
		goto out;
	if (buf_addstr(creq, r->method) || buf_addch(creq, '\n') ||
	    canonical_uri(creq, r) || buf_addch(creq, '\n') ||
	    canonical_query(creq, r->query) || buf_addch(creq, '\n'))
		goto out;
	if (canonical_headers(r, &block, &list))
		goto out;
	/* The header block ends in '\n' and is followed by the blank line. */
	if (buf_add(creq, block.data, block.len) || buf_addch(creq, '\n') ||
	    buf_add(creq, list.data, list.len) || buf_addch(creq, '\n') ||
	    buf_addstr(creq, r->payload_hash))
		goto out;
	if (names && buf_add(names, list.data, list.len))
		goto out;
	ret = 0;
out:
	buf_release(&block);
	buf_release(&list);
	return ret;
}

int trawl_sigv4_canonical_request(const struct trawl_sigv4_req *r,
				  struct buf *out)
{
	size_t len = out->len;
	if (canonical(r, out, NULL)) {
		truncate_to(out, len);
		return -1;
	}
	return 0;
}

/* Appends the string to sign to out and, when names is not NULL, the
 * signed-headers list to names. */
static int string_to_sign(const struct trawl_sigv4_req *r, struct buf *out,
			  struct buf *names)
{
	struct buf creq = BUF_INIT;
	uint8_t digest[TRAWL_SHA256_LEN];
	char hex[2 * TRAWL_SHA256_LEN + 1];
	int ret = -1;

	if (canonical(r, &creq, names))
		goto out;
	trawl_sha256(creq.data, creq.len, digest);
	trawl_hex(digest, sizeof(digest), hex);
	if (buf_printf(out, ALGORITHM "\n%s\n%.8s/%s/%s/aws4_request\n%s",
		       r->amz_date, r->amz_date, r->region, r->service, hex))
		goto out;
	ret = 0;
out:
	buf_release(&creq);
	return ret;
}

int trawl_sigv4_string_to_sign(const struct trawl_sigv4_req *r,
			       struct buf *out)
{
	size_t len = out->len;
	if (string_to_sign(r, out, NULL)) {
		truncate_to(out, len);
		return -1;
	}
	return 0;
}

/*
 * The signing key: HMAC chain from "AWS4" + secret over the date, region,
 * service and "aws4_request"; then the signature over the string to sign.
 * Every intermediate key is wiped.
 */
static int sign(const struct trawl_sigv4_req *r, const char *sts, size_t n,
		char sig[2 * TRAWL_SHA256_LEN + 1])
{
	size_t slen = strlen(r->secret_key);
	uint8_t k[TRAWL_SHA256_LEN], mac[TRAWL_SHA256_LEN];
	char *seed;

	if (slen > SIZE_MAX - 4 || !(seed = malloc(slen + 4)))
		return -1;
	memcpy(seed, "AWS4", 4);
	memcpy(seed + 4, r->secret_key, slen);
	trawl_hmac_sha256(seed, slen + 4, r->amz_date, 8, k);
	explicit_bzero(seed, slen + 4);
	free(seed);
	trawl_hmac_sha256(k, sizeof(k), r->region, strlen(r->region), k);
	trawl_hmac_sha256(k, sizeof(k), r->service, strlen(r->service), k);
	trawl_hmac_sha256(k, sizeof(k), "aws4_request", 12, k);
	trawl_hmac_sha256(k, sizeof(k), sts, n, mac);
	trawl_hex(mac, sizeof(mac), sig);
	explicit_bzero(k, sizeof(k));
	explicit_bzero(mac, sizeof(mac));
	return 0;
}

int trawl_sigv4_authorization(const struct trawl_sigv4_req *r,
			      struct buf *out)
{
	struct buf sts = BUF_INIT, names = BUF_INIT;
	char sig[2 * TRAWL_SHA256_LEN + 1];
	size_t len = out->len;
	int ret = -1;

	if (!valid(r) || !r->access_key || !r->secret_key)
		goto out;
	if (string_to_sign(r, &sts, &names))
		goto out;
	if (sign(r, sts.data, sts.len, sig))
		goto out;
	if (buf_printf(out,
		       ALGORITHM " Credential=%s/%.8s/%s/%s/aws4_request, "
		       "SignedHeaders=%s, Signature=%s",
		       r->access_key, r->amz_date, r->region, r->service,
		       names.data ? names.data : "", sig))
		goto out;
	ret = 0;
out:
	if (ret)
		truncate_to(out, len);
	buf_release(&sts);
	buf_release(&names);
	return ret;
}
