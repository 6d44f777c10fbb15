/*
 * sigv4.h - AWS Signature Version 4 (header signing, AWS4-HMAC-SHA256).
 *
 * Fill a struct trawl_sigv4_req with the request exactly as it will be
 * sent, then ask for the Authorization header's value. The canonical
 * request and string to sign are exposed for tests and for debugging a
 * SignatureDoesNotMatch (the server returns both); neither holds a secret.
 *
 * Everything in the request is borrowed for the call. Every function
 * appends to out and returns 0, or returns -1 when memory runs out, a
 * required field is NULL, or amz_date is shorter than its 8-digit date; on
 * -1 out is left as it was. The secret key is never copied into out or
 * anywhere that outlives the call; derived keys are wiped.
 *
 * Canonical form (what AWS's published test suite checks):
 *   - query: split on '&' (empty pieces dropped); a piece without '=' has an
 *     empty value; name and value are percent-decoded ('+' stays a literal
 *     '+') and re-encoded with trawl_uri_encode(), then sorted by encoded
 *     name, then encoded value.
 *   - headers: names lower-cased; values trimmed and each inner run of
 *     white space (space, tab, CR, LF) made one space; repeated names
 *     joined with ',' in the order given; sorted by name. Every header
 *     given is signed, so pass only the ones that will be sent (host,
 *     x-amz-date, and x-amz-content-sha256 / x-amz-security-token when used).
 *   - path: s3 true: used as given ("" means "/"), as S3 wants: the caller
 *     has encoded each key segment once. s3 false (every other service, and
 *     the test suite): dot segments removed (RFC 3986; a path that ended in
 *     '/', '.' or '..' keeps a trailing '/'), empty segments dropped, then
 *     each segment encoded again.
 */
#ifndef TRAWL_SOURCE_SIGV4_H
#define TRAWL_SOURCE_SIGV4_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

struct trawl_sigv4_header {
	const char *name, *value;
};

struct trawl_sigv4_req {
	const char *method;       /* "GET" */
	/* The request path exactly as sent on the wire, already URI-encoded,
	 * e.g. "/bucket/a%20b.txt". */
	const char *path;
	/* The raw query string as sent (no '?'); NULL or "" for none, e.g.
	 * "list-type=2&prefix=a%2Fb". */
	const char *query;
	/* Must include host and x-amz-date (and x-amz-content-sha256 /
	 * x-amz-security-token when those are sent). */
	const struct trawl_sigv4_header *headers;
	size_t nheaders;
	/* Lowercase hex SHA-256 of the body, or "UNSIGNED-PAYLOAD". */
	const char *payload_hash;
	const char *region, *service;
	const char *amz_date;     /* "20150830T123600Z" */
	const char *access_key, *secret_key;
	/* true: S3's rules (path used as given: no normalization, no second
	 * encoding); false: the generic rules of the AWS test suite. */
	bool s3;
};

/* The canonical request (method, URI, query, headers, signed headers and
 * payload hash, '\n'-separated). */
int trawl_sigv4_canonical_request(const struct trawl_sigv4_req *r,
				  struct buf *out);

/* "AWS4-HMAC-SHA256\n<amz_date>\n<date>/<region>/<service>/aws4_request\n"
 * followed by the hex SHA-256 of the canonical request. */
int trawl_sigv4_string_to_sign(const struct trawl_sigv4_req *r,
			       struct buf *out);

/* The Authorization header's value: "AWS4-HMAC-SHA256
 * Credential=<access key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=..., Signature=...". */
int trawl_sigv4_authorization(const struct trawl_sigv4_req *r,
			      struct buf *out);

/* URI-encodes s[0..n) per SigV4: the unreserved A-Z a-z 0-9 - . _ ~ are
 * kept, every other byte becomes %XX (uppercase hex), so UTF-8 is encoded
 * byte by byte; '/' is kept when keep_slash. Appends to out. */
int trawl_uri_encode(struct buf *out, const char *s, size_t n,
		     bool keep_slash);

#endif
