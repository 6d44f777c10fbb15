/*
 * http.h - one HTTP connection (a libcurl easy handle, reused so that
 * keep-alive connections are too) for the S3 source and the credential
 * endpoints. TLS verification is libcurl's default and is never turned
 * off. Nothing here prints a header or a body: requests carry credentials
 * and responses carry object content.
 */
#ifndef TRAWL_SOURCE_HTTP_H
#define TRAWL_SOURCE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"

struct trawl_http {
	void *curl;              /* CURL * */
	struct buf hdrs;         /* response headers: "name: value\n", names
				  * lowercased, of the last response only */
	char errbuf[256];        /* libcurl's message (no credentials) */
};

struct trawl_http_req {
	const char *method;      /* "GET", "PUT", "HEAD" */
	const char *url;
	const char *const *headers; /* "Name: value" lines */
	size_t nheaders;
	struct buf *body;        /* the response body is appended here */
	uint64_t max_body;       /* 0: no limit; past it the transfer stops */
	long timeout_ms;         /* whole request; 0: none (stalls still end it) */
};

struct trawl_http_resp {
	long status;             /* HTTP status, 0 when none came */
	int curl_code;           /* CURLcode: 0 when the transfer completed */
	bool too_big;            /* stopped at max_body */
};

/* curl_global_init; call once, before any thread starts. */
int trawl_http_global_init(void);

int trawl_http_init(struct trawl_http *c);
void trawl_http_release(struct trawl_http *c);

/* One request. Returns 0 when a response (any status) was read in full,
 * -1 otherwise (connection refused or reset, timeout, truncated body,
 * too_big): see resp. */
int trawl_http_do(struct trawl_http *c, const struct trawl_http_req *rq,
		  struct trawl_http_resp *rs);

/* The value of response header name (lowercase), NUL-terminated into out;
 * false when absent. */
bool trawl_http_header(const struct trawl_http *c, const char *name, char *out,
		       size_t outlen);

/* Whether a failed transfer is worth retrying (reset, timeout, truncated
 * body, nothing received). */
bool trawl_http_transient(int curl_code);

#endif
