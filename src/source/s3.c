#include "source/s3.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/xml.h"
#include "source/sigv4.h"
#include "util/sha256.h"

#define EMPTY_SHA256 "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define BACKOFF_CAP_MS 5000u
#define MAX_ERROR_BODY (64u << 10)

/* ---- set-up ------------------------------------------------------------- */

int trawl_s3_init(struct trawl_s3 *s3, const struct trawl_aws_options *o,
		  enum trawl_s3_addressing addressing, FILE *log, char *err, size_t errlen)
{
	memset(s3, 0, sizeof(*s3));
	if (trawl_aws_resolve(&s3->aws, o, err, errlen))
		return -1;
	s3->addressing = addressing;
	s3->log = log;
	const char *b = getenv("TRAWL_S3_BACKOFF_MS"); /* tests shorten it */
	s3->backoff_ms = b && atoi(b) > 0 ? (unsigned)atoi(b) : 100;
	pthread_mutex_init(&s3->lock, NULL);
	return 0;
}

void trawl_s3_release(struct trawl_s3 *s3)
{
	for (size_t i = 0; i < s3->nbuckets; i++) {
		struct trawl_s3_bucket *b = s3->buckets[i];
		free(b->name);
		free(b->region);
		free(b->sse_type);
		free(b->sse_kms_key);
		free(b);
	}
	free(s3->buckets);
	trawl_aws_release(&s3->aws);
	pthread_mutex_destroy(&s3->lock);
}

bool trawl_s3_is_url(const char *arg)
{
	return !strncmp(arg, "s3://", 5);
}

static struct trawl_s3_bucket *bucket_get(struct trawl_s3 *s3, const char *name, size_t n)
{
	for (size_t i = 0; i < s3->nbuckets; i++)
		if (strlen(s3->buckets[i]->name) == n && !memcmp(s3->buckets[i]->name, name, n))
			return s3->buckets[i];
	struct trawl_s3_bucket *b = calloc(1, sizeof(*b));
	if (!b || VEC_RESERVE(s3->buckets, s3->nbuckets, s3->abuckets, 1)) {
		free(b);
		return NULL;
	}
	b->name = strndup(name, n);
	b->region = strdup(s3->aws.region);
	if (!b->name || !b->region) {
		free(b->name);
		free(b->region);
		free(b);
		return NULL;
	}
	b->info = (struct trawl_s3_bucket_info){b->name, NULL, NULL, -1, -1, -1, -1, -1, -1, -1};
	s3->buckets[s3->nbuckets++] = b;
	return b;
}

/* ---- one signed request ------------------------------------------------- */

struct call {
	const char *method;
	struct trawl_s3_bucket *b;
	const char *key;          /* NULL: the bucket itself */
	const char *query;        /* encoded, NULL for none */
	const char *range;        /* "bytes=..." or NULL */
	const char *if_match;     /* an ETag (no quotes) or NULL */
	struct buf *body;
	uint64_t max_body;
};

/* scheme://host[:port] and a base path of the endpoint. */
static void split_endpoint(const char *ep, const char **scheme_end, const char **host,
			   size_t *hlen, const char **base)
{
	const char *h = strstr(ep, "://");
	h = h ? h + 3 : ep;
	const char *slash = strchr(h, '/');
	*scheme_end = h;
	*host = h;
	*hlen = slash ? (size_t)(slash - h) : strlen(h);
	*base = slash ? slash : "";
}

static bool virtual_style(const struct trawl_s3 *s3, const char *bucket)
{
	if (s3->addressing == TRAWL_S3_PATH || strchr(bucket, '.'))
		return false; /* dotted names break TLS host matching */
	if (s3->addressing == TRAWL_S3_VIRTUAL)
		return true;
	return !s3->aws.endpoint;
}

static int s3_once(struct trawl_s3 *s3, struct trawl_http *h, const struct call *c,
		   struct trawl_http_resp *rs)
{
	char region[64], date[20], aws_ep[128], quoted[140];
	pthread_mutex_lock(&s3->lock);
	snprintf(region, sizeof(region), "%s", c->b->region);
	pthread_mutex_unlock(&s3->lock);
	snprintf(aws_ep, sizeof(aws_ep), "https://s3.%s.amazonaws.com", region);
	const char *ep = s3->aws.endpoint ? s3->aws.endpoint : aws_ep;
	const char *scheme_end, *host, *base;
	size_t hlen;
	split_endpoint(ep, &scheme_end, &host, &hlen, &base);
	bool virt = virtual_style(s3, c->b->name);

	struct buf path = {0}, url = {0}, hosthdr = {0}, auth = {0};
	int rc = -1;
	char hdr[8][600];
	const char *lines[10];
	size_t nl = 0;
	struct trawl_sigv4_header sh[8];
	size_t ns = 0;

	if (buf_add(&path, base, strlen(base)))
		goto out;
	if (!virt && (buf_addch(&path, '/') || trawl_uri_encode(&path, c->b->name,
								strlen(c->b->name), false)))
		goto out;
	if (c->key) {
		if (buf_addch(&path, '/') ||
		    trawl_uri_encode(&path, c->key, strlen(c->key), true))
			goto out;
	} else if (virt && buf_addch(&path, '/')) {
		goto out;
	}
	if (virt && (buf_add(&hosthdr, c->b->name, strlen(c->b->name)) ||
		     buf_addch(&hosthdr, '.')))
		goto out;
	if (buf_add(&hosthdr, host, hlen))
		goto out;
	if (buf_add(&url, ep, (size_t)(scheme_end - ep)) ||
	    buf_add(&url, hosthdr.data, hosthdr.len) || buf_add(&url, path.data, path.len) ||
	    (c->query && (buf_addch(&url, '?') || buf_add(&url, c->query, strlen(c->query)))))
		goto out;

	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "%Y%m%dT%H%M%SZ", &tm);

#define HDR(n, v)                                                            \
	do {                                                                 \
		snprintf(hdr[nl], sizeof(hdr[nl]), "%s: %s", n, v);          \
		lines[nl] = hdr[nl];                                         \
		nl++;                                                        \
		sh[ns++] = (struct trawl_sigv4_header){n, v};                \
	} while (0)
	HDR("host", hosthdr.data);
	if (c->range)
		HDR("range", c->range);
	if (c->if_match) {
		snprintf(quoted, sizeof(quoted), "\"%s\"", c->if_match);
		HDR("if-match", quoted);
	}
	if (!s3->aws.no_sign) {
		HDR("x-amz-date", date);
		HDR("x-amz-content-sha256", EMPTY_SHA256);
		struct trawl_sigv4_req sr = {
			c->method, path.len ? path.data : "/", c->query, sh, ns, EMPTY_SHA256,
			region, "s3", date, s3->aws.access_key, s3->aws.secret_key, true,
		};
		/* the token is long: a header line of its own, signed */
		struct buf tok = {0};
		if (s3->aws.session_token) {
			sh[ns++] = (struct trawl_sigv4_header){"x-amz-security-token",
							       s3->aws.session_token};
			sr.nheaders = ns;
			if (buf_printf(&tok, "x-amz-security-token: %s", s3->aws.session_token))
				goto out;
			lines[nl++] = tok.data;
		}
		if (buf_add(&auth, "Authorization: ", 15) || trawl_sigv4_authorization(&sr, &auth)) {
			buf_release(&tok);
			goto out;
		}
		lines[nl++] = auth.data;
		struct trawl_http_req rq = {c->method, url.data, lines, nl, c->body, c->max_body, 0};
		trawl_http_do(h, &rq, rs);
		if (tok.data)
			explicit_bzero(tok.data, tok.alloc);
		buf_release(&tok);
	} else {
		struct trawl_http_req rq = {c->method, url.data, lines, nl, c->body, c->max_body, 0};
		trawl_http_do(h, &rq, rs);
	}
#undef HDR
	rc = 0;
out:
	buf_release(&path);
	buf_release(&url);
	buf_release(&hosthdr);
	buf_release(&auth);
	return rc;
}

/* The <Code> of an S3 error body, or "". */
static void error_code(const char *body, size_t len, char *out, size_t outlen)
{
	out[0] = '\0';
	struct xml x;
	xml_init(&x, body, len);
	bool in = false;
	for (enum xml_tok t; (t = xml_next(&x)) > XML_EOF;) {
		if (t == XML_START)
			in = xml_is(&x, "Code");
		else if (t == XML_END)
			in = false;
		else if (in) {
			size_t n = x.tlen < outlen - 1 ? x.tlen : outlen - 1;
			memcpy(out, x.text, n);
			out[n] = '\0';
			return;
		}
	}
}

static void backoff(const struct trawl_s3 *s3, unsigned attempt, unsigned *seed)
{
	unsigned cap = s3->backoff_ms;
	for (unsigned i = 0; i < attempt && cap < BACKOFF_CAP_MS; i++)
		cap *= 2;
	if (cap > BACKOFF_CAP_MS)
		cap = BACKOFF_CAP_MS;
	unsigned ms = (unsigned)rand_r(seed) % (cap + 1);
	nanosleep(&(struct timespec){ms / 1000, (long)(ms % 1000) * 1000000L}, NULL);
}

static bool retryable_status(long st, const char *code)
{
	return st == 500 || st == 502 || st == 503 || st == 504 || st == 429 ||
	       (st == 400 && !strcmp(code, "RequestTimeout"));
}

/* A redirect to the bucket's own region (AWS answers 301 or 400 with the
 * region in x-amz-bucket-region): true when the region changed. */
static bool learn_region(struct trawl_s3 *s3, struct trawl_http *h, struct trawl_s3_bucket *b,
			 long st)
{
	char r[64];
	if ((st != 301 && st != 400 && st != 307) ||
	    !trawl_http_header(h, "x-amz-bucket-region", r, sizeof(r)) || !*r)
		return false;
	bool changed = false;
	pthread_mutex_lock(&s3->lock);
	if (strcmp(r, b->region)) {
		char *n = strdup(r);
		if (n) {
			free(b->region);
			b->region = n;
			changed = true;
		}
	}
	pthread_mutex_unlock(&s3->lock);
	return changed;
}

/* A bucket-level call (or a small GET) with retries; the body replaces
 * *c->body. Returns the final HTTP status (0: no response) and the error
 * code in code. */
static long call_retry(struct trawl_s3 *s3, struct trawl_http *h, struct call *c, char *code,
		       size_t codelen)
{
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)h;
	struct trawl_http_resp rs = {0};
	code[0] = '\0';
	for (unsigned attempt = 0, redirects = 0; attempt < TRAWL_S3_ATTEMPTS; attempt++) {
		buf_reset(c->body);
		if (s3_once(s3, h, c, &rs))
			return 0;
		code[0] = '\0';
		if (rs.curl_code) {
			if (!trawl_http_transient(rs.curl_code))
				return 0;
		} else {
			if (rs.status >= 300)
				error_code(c->body->data, c->body->len, code, codelen);
			if (learn_region(s3, h, c->b, rs.status) && redirects++ < 2) {
				attempt--;
				continue;
			}
			if (!retryable_status(rs.status, code))
				return rs.status;
		}
		if (attempt + 1 < TRAWL_S3_ATTEMPTS)
			backoff(s3, attempt, &seed);
	}
	return rs.curl_code ? 0 : rs.status;
}

/* ---- GetObject ---------------------------------------------------------- */

static void strip_quotes(char *s)
{
	size_t n = strlen(s);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		memmove(s, s + 1, n - 2);
		s[n - 2] = '\0';
	}
}

static void got_headers(struct trawl_http *h, struct trawl_s3_got *g, bool first)
{
	char v[64];
	if (first) {
		if (trawl_http_header(h, "etag", g->etag, sizeof(g->etag)))
			strip_quotes(g->etag);
		if (!trawl_http_header(h, "x-amz-server-side-encryption", g->sse_type,
				       sizeof(g->sse_type)))
			snprintf(g->sse_type, sizeof(g->sse_type), "NONE");
		trawl_http_header(h, "x-amz-server-side-encryption-aws-kms-key-id", g->sse_kms_key,
				  sizeof(g->sse_kms_key));
		trawl_http_header(h, "x-amz-version-id", g->version_id, sizeof(g->version_id));
	}
	/* the object's size: after the '/' of Content-Range, else the length */
	if (trawl_http_header(h, "content-range", v, sizeof(v)) && strchr(v, '/'))
		g->size = strtoull(strchr(v, '/') + 1, NULL, 10);
	else if (trawl_http_header(h, "content-length", v, sizeof(v)))
		g->size = strtoull(v, NULL, 10);
}

const char *trawl_s3_get(struct trawl_s3 *s3, struct trawl_http *h,
			 struct trawl_s3_bucket *b, const char *key, const char *pin_etag,
			 uint64_t offset, uint64_t length, uint64_t max_size, struct buf *out,
			 struct trawl_s3_got *got)
{
	unsigned seed = (unsigned)time(NULL) ^ (unsigned)(uintptr_t)out;
	size_t base = out->len;
	uint64_t have = 0;     /* bytes of the object received so far */
	char range[64], code[64];
	memset(got, 0, sizeof(*got));
	if (pin_etag)
		snprintf(got->etag, sizeof(got->etag), "%s", pin_etag);
	for (unsigned attempt = 0, redirects = 0; attempt < TRAWL_S3_ATTEMPTS; attempt++) {
		out->len = base + have;
		const char *rg = NULL;
		if (length) {
			if (have >= length)
				return NULL;
			snprintf(range, sizeof(range), "bytes=%llu-%llu",
				 (unsigned long long)(offset + have),
				 (unsigned long long)(offset + length - 1));
			rg = range;
		} else if (offset + have) {
			snprintf(range, sizeof(range), "bytes=%llu-",
				 (unsigned long long)(offset + have));
			rg = range;
		}
		/* a resume, or a later piece, reads the same object as before */
		const char *pin = (have || pin_etag) && got->etag[0] ? got->etag : NULL;
		struct call c = {"GET", b, key, NULL, rg, pin, out,
				 max_size && !length ? base + max_size + 1 : 0};
		struct trawl_http_resp rs;
		size_t before = out->len;
		if (s3_once(s3, h, &c, &rs))
			return "FILE_EXCEEDS_SIZE_LIMIT"; /* out of memory */
		long st = rs.status;
		if (rs.too_big)
			return "FILE_EXCEEDS_SIZE_LIMIT";
		if (st == 200 || st == 206) {
			if (st == 200 && rg) {
				/* the whole object (a server that ignored Range):
				 * keep the part asked for, in place of any earlier
				 * bytes */
				size_t n = out->len - before;
				uint64_t lo = offset < n ? offset : n;
				uint64_t hi = length && offset + length < n ? offset + length : n;
				memmove(out->data + base, out->data + before + lo, (size_t)(hi - lo));
				out->len = base + (size_t)(hi - lo);
			}
			got_headers(h, got, (have == 0 && !pin_etag) || st == 200);
			have = out->len - base;
			if (!rs.curl_code) {
				if (max_size && have > max_size)
					return "FILE_EXCEEDS_SIZE_LIMIT";
				return NULL;
			}
			if (!trawl_http_transient(rs.curl_code))
				return "INTERNAL_ERROR";
		} else if (rs.curl_code && !st) {
			out->len = base + have;
			if (!trawl_http_transient(rs.curl_code))
				return "INTERNAL_ERROR";
		} else {
			error_code(out->data + before, out->len - before, code, sizeof(code));
			out->len = base + have;
			if (learn_region(s3, h, b, st) && redirects++ < 2) {
				attempt--;
				continue;
			}
			if (st == 416 && (length || (have && have == got->size)))
				return NULL; /* nothing (more) to read there */
			if (st == 404)
				return "SOURCE_OBJECT_NO_LONGER_AVAILABLE";
			if (st == 412)
				return "OBJECT_VERSION_MISMATCH";
			if (!strcmp(code, "InvalidObjectState"))
				return "INVALID_OBJECT_STATE";
			if (st == 403)
				return "PERMISSION_DENIED";
			if (!retryable_status(st, code))
				return "INTERNAL_ERROR";
		}
		if (attempt + 1 < TRAWL_S3_ATTEMPTS)
			backoff(s3, attempt, &seed);
	}
	out->len = base;
	return "INTERNAL_ERROR";
}

/* ---- XML answers -------------------------------------------------------- */

/* Walks an XML body calling leaf(ud, element, text) for every element
 * holding text and end(ud, element) at every element's end. */
static int xml_walk(const char *body, size_t len,
		    void (*leaf)(void *ud, const char *el, const char *text),
		    int (*end)(void *ud, const char *el), void *ud)
{
	struct xml x;
	char el[64] = "";
	struct buf text = {0};
	int rc = 0;
	xml_init(&x, body, len);
	for (enum xml_tok t; !rc && (t = xml_next(&x)) > XML_EOF;) {
		if (t == XML_START) {
			const char *colon = memchr(x.name, ':', x.nlen);
			const char *n = colon ? colon + 1 : x.name;
			size_t nn = (size_t)(x.name + x.nlen - n);
			snprintf(el, sizeof(el), "%.*s", (int)nn, n);
			buf_reset(&text);
		} else if (t == XML_TEXT) {
			xml_text(&x, &text);
		} else {
			const char *colon = memchr(x.name, ':', x.nlen);
			const char *n = colon ? colon + 1 : x.name;
			size_t nn = (size_t)(x.name + x.nlen - n);
			char name[64];
			snprintf(name, sizeof(name), "%.*s", (int)nn, n);
			if (text.len && !strcmp(name, el) && !buf_addch(&text, '\0'))
				leaf(ud, name, text.data);
			buf_reset(&text);
			el[0] = '\0';
			if (end)
				rc = end(ud, name);
		}
	}
	buf_release(&text);
	return rc;
}

static int8_t xbool(const char *t)
{
	return !strcasecmp(t, "true");
}

/* -- bucket exposure -- */

struct sse_parse {
	char type[32], kms[256];
};
static void sse_leaf(void *ud, const char *el, const char *t)
{
	struct sse_parse *p = ud;
	if (!strcmp(el, "SSEAlgorithm") && !p->type[0])
		snprintf(p->type, sizeof(p->type), "%s", t);
	else if (!strcmp(el, "KMSMasterKeyID") && !p->kms[0])
		snprintf(p->kms, sizeof(p->kms), "%s", t);
}

static void pab_leaf(void *ud, const char *el, const char *t)
{
	struct trawl_s3_bucket_info *i = ud;
	if (!strcmp(el, "BlockPublicAcls"))
		i->block_public_acls = xbool(t);
	else if (!strcmp(el, "IgnorePublicAcls"))
		i->ignore_public_acls = xbool(t);
	else if (!strcmp(el, "BlockPublicPolicy"))
		i->block_public_policy = xbool(t);
	else if (!strcmp(el, "RestrictPublicBuckets"))
		i->restrict_public_buckets = xbool(t);
	else if (!strcmp(el, "IsPublic"))
		i->policy_public = xbool(t);
}

struct acl_parse {
	bool everyone;        /* the current grant's grantee */
	char perm[32];
	int8_t read, write;
};
static void acl_leaf(void *ud, const char *el, const char *t)
{
	struct acl_parse *p = ud;
	if (!strcmp(el, "URI"))
		p->everyone = strstr(t, "/global/AllUsers") || strstr(t, "/global/AuthenticatedUsers");
	else if (!strcmp(el, "Permission"))
		snprintf(p->perm, sizeof(p->perm), "%s", t);
}
static int acl_end(void *ud, const char *el)
{
	struct acl_parse *p = ud;
	if (strcmp(el, "Grant"))
		return 0;
	if (p->everyone) {
		bool full = !strcmp(p->perm, "FULL_CONTROL");
		p->read |= full || !strcmp(p->perm, "READ") || !strcmp(p->perm, "READ_ACP");
		p->write |= full || !strcmp(p->perm, "WRITE") || !strcmp(p->perm, "WRITE_ACP");
	}
	p->everyone = false;
	p->perm[0] = '\0';
	return 0;
}

/* Reads the bucket's default encryption and public-access posture. What
 * the server does not support or the credentials may not read stays
 * unknown. */
static void exposure(struct trawl_s3 *s3, struct trawl_http *h, struct trawl_s3_bucket *b)
{
	struct buf body = {0};
	char code[64];
	struct call c = {"GET", b, NULL, "encryption", NULL, NULL, &body, MAX_ERROR_BODY};
	long st = call_retry(s3, h, &c, code, sizeof(code));
	if (st == 200) {
		struct sse_parse p = {0};
		xml_walk(body.data, body.len, sse_leaf, NULL, &p);
		b->sse_type = p.type[0] ? strdup(p.type) : NULL;
		b->sse_kms_key = p.kms[0] ? strdup(p.kms) : NULL;
	} else if (st == 404 && !strcmp(code, "ServerSideEncryptionConfigurationNotFoundError")) {
		b->sse_type = strdup("NONE");
	}
	b->info.sse_type = b->sse_type;
	b->info.sse_kms_key = b->sse_kms_key;

	c.query = "publicAccessBlock";
	st = call_retry(s3, h, &c, code, sizeof(code));
	struct trawl_s3_bucket_info *i = &b->info;
	if (st == 200) {
		i->block_public_acls = i->ignore_public_acls = i->block_public_policy =
			i->restrict_public_buckets = 0;
		xml_walk(body.data, body.len, pab_leaf, NULL, i);
	} else if (st == 404 && !strcmp(code, "NoSuchPublicAccessBlockConfiguration")) {
		i->block_public_acls = i->ignore_public_acls = i->block_public_policy =
			i->restrict_public_buckets = 0;
	}

	c.query = "policyStatus";
	st = call_retry(s3, h, &c, code, sizeof(code));
	if (st == 200) {
		i->policy_public = 0;
		xml_walk(body.data, body.len, pab_leaf, NULL, i);
	} else if (st == 404 && !strcmp(code, "NoSuchBucketPolicy")) {
		i->policy_public = 0;
	}

	c.query = "acl";
	st = call_retry(s3, h, &c, code, sizeof(code));
	if (st == 200) {
		struct acl_parse p = {0};
		xml_walk(body.data, body.len, acl_leaf, acl_end, &p);
		i->acl_public_read = p.read;
		i->acl_public_write = p.write;
	}
	buf_release(&body);
}

/* -- ListObjectsV2 -- */

struct list_parse {
	struct trawl_s3 *s3;
	struct trawl_s3_bucket *b;
	trawl_emit_fn emit;
	void *ud;
	bool url_encoded;
	bool truncated;
	struct buf key, path;
	char etag[130], sclass[40], modified[40], size[24];
	struct buf token;
	int rc;
};

static void url_decode(const char *s, struct buf *out)
{
	buf_reset(out);
	for (; *s; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) && isxdigit((unsigned char)s[2])) {
			char hx[3] = {s[1], s[2], 0};
			buf_addch(out, (char)strtol(hx, NULL, 16));
			s += 2;
		} else {
			buf_addch(out, *s == '+' ? ' ' : *s);
		}
	}
	buf_addch(out, '\0');
	out->len--;
}

static void list_leaf(void *ud, const char *el, const char *t)
{
	struct list_parse *p = ud;
	if (!strcmp(el, "Key")) {
		buf_reset(&p->key);
		buf_add(&p->key, t, strlen(t) + 1);
		p->key.len--;
	} else if (!strcmp(el, "ETag")) {
		snprintf(p->etag, sizeof(p->etag), "%s", t);
		strip_quotes(p->etag);
	} else if (!strcmp(el, "StorageClass")) {
		snprintf(p->sclass, sizeof(p->sclass), "%s", t);
	} else if (!strcmp(el, "LastModified")) {
		snprintf(p->modified, sizeof(p->modified), "%s", t);
	} else if (!strcmp(el, "Size")) {
		snprintf(p->size, sizeof(p->size), "%s", t);
	} else if (!strcmp(el, "IsTruncated")) {
		p->truncated = xbool(t);
	} else if (!strcmp(el, "NextContinuationToken")) {
		buf_reset(&p->token);
		buf_add(&p->token, t, strlen(t) + 1);
		p->token.len--;
	} else if (!strcmp(el, "EncodingType")) {
		p->url_encoded = !strcmp(t, "url");
	}
}

static int64_t parse_iso(const char *s)
{
	struct tm tm = {0};
	if (!*s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return (int64_t)timegm(&tm);
}

static int list_end(void *ud, const char *el)
{
	struct list_parse *p = ud;
	if (strcmp(el, "Contents"))
		return 0;
	struct buf dec = {0};
	const char *key = p->key.data ? p->key.data : "";
	if (p->url_encoded) {
		url_decode(key, &dec);
		key = dec.data ? dec.data : "";
	}
	buf_reset(&p->path);
	buf_printf(&p->path, "%s/%s", p->b->name, key);
	struct trawl_s3_listed o = {p->b, key, p->etag, p->sclass[0] ? p->sclass : "STANDARD",
				    strtoull(p->size, NULL, 10), parse_iso(p->modified)};
	struct trawl_job_desc d = {TRAWL_JOB_S3, p->path.data, key, NULL, NULL, false, &o};
	int rc = p->emit(p->ud, &d);
	buf_release(&dec);
	buf_reset(&p->key);
	p->etag[0] = p->sclass[0] = p->modified[0] = p->size[0] = '\0';
	p->rc = rc;
	return rc;
}

int trawl_s3_walk(struct trawl_s3 *s3, struct trawl_http *h, const char *arg,
		  trawl_emit_fn emit, void *ud)
{
	const char *name = arg + 5, *slash = strchr(name, '/');
	size_t nlen = slash ? (size_t)(slash - name) : strlen(name);
	const char *prefix = slash ? slash + 1 : "";
	if (!nlen) {
		if (s3->log)
			fprintf(s3->log, "trawl: %s: no bucket name\n", arg);
		return -1;
	}
	struct trawl_s3_bucket *b = bucket_get(s3, name, nlen);
	if (!b)
		return -1;
	if (!b->exposure_read) {
		exposure(s3, h, b);
		b->exposure_read = true;
	}

	struct list_parse p = {s3, b, emit, ud, false, false, {0}, {0}, "", "", "", "", {0}, 0};
	struct buf body = {0}, query = {0};
	int rc = 0;
	for (;;) {
		buf_reset(&query);
		if (p.token.len) {
			buf_add(&query, "continuation-token=", 19);
			trawl_uri_encode(&query, p.token.data, p.token.len, false);
			buf_addch(&query, '&');
		}
		buf_add(&query, "encoding-type=url&list-type=2&prefix=", 37);
		trawl_uri_encode(&query, prefix, strlen(prefix), false);
		buf_addch(&query, '\0');
		char code[64];
		struct call c = {"GET", b, NULL, query.data, NULL, NULL, &body, 256u << 20};
		long st = call_retry(s3, h, &c, code, sizeof(code));
		if (st != 200) {
			if (s3->log) {
				char why[300];
				if (*code)
					snprintf(why, sizeof(why), "%s (HTTP %ld)", code, st);
				else if (st)
					snprintf(why, sizeof(why), "HTTP %ld", st);
				else
					snprintf(why, sizeof(why), "%s",
						 h->errbuf[0] ? h->errbuf : "no response");
				fprintf(s3->log, "trawl: %s: cannot list the bucket: %s\n", arg, why);
			}
			rc = -1;
			break;
		}
		p.truncated = false;
		buf_reset(&p.token);
		xml_walk(body.data, body.len, list_leaf, list_end, &p);
		if (p.rc) {
			rc = p.rc;
			break;
		}
		if (!p.truncated || !p.token.len)
			break;
	}
	buf_release(&body);
	buf_release(&query);
	buf_release(&p.key);
	buf_release(&p.path);
	buf_release(&p.token);
	return rc;
}
