#include "source/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>

/* Seconds without a byte before a transfer is abandoned (and retried);
 * TRAWL_HTTP_STALL_SECONDS overrides, for tests. */
#define STALL_SECONDS 30L

int trawl_http_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

struct sink {
	struct buf *body;
	uint64_t max;
	bool too_big;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct sink *s = ud;
	size_t len = size * n;
	if (!s->body)
		return len;
	if (s->max && s->body->len + len > s->max) {
		s->too_big = true;
		return 0; /* stops the transfer */
	}
	return buf_add(s->body, p, len) ? 0 : len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct trawl_http *c = ud;
	size_t len = size * n;
	if (len >= 5 && !memcmp(p, "HTTP/", 5)) {
		buf_reset(&c->hdrs); /* a new response (after 100 or a redirect) */
		return len;
	}
	const char *colon = memchr(p, ':', len);
	if (!colon)
		return len;
	size_t nl = (size_t)(colon - p);
	const char *v = colon + 1, *e = p + len;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	for (size_t i = 0; i < nl; i++)
		if (buf_addch(&c->hdrs, (char)tolower((unsigned char)p[i])))
			return 0;
	if (buf_add(&c->hdrs, ": ", 2) || buf_add(&c->hdrs, v, (size_t)(e - v)) ||
	    buf_addch(&c->hdrs, '\n'))
		return 0;
	return len;
}

int trawl_http_init(struct trawl_http *c)
{
	memset(c, 0, sizeof(*c));
	c->curl = curl_easy_init();
	return c->curl ? 0 : -1;
}

void trawl_http_release(struct trawl_http *c)
{
	if (c->curl)
		curl_easy_cleanup(c->curl);
	c->curl = NULL;
	buf_release(&c->hdrs);
}

int trawl_http_do(struct trawl_http *c, const struct trawl_http_req *rq,
		  struct trawl_http_resp *rs)
{
	CURL *h = c->curl;
	struct sink sink = {rq->body, rq->max_body, false};
	struct curl_slist *list = NULL;
	memset(rs, 0, sizeof(*rs));
	buf_reset(&c->hdrs);
	for (size_t i = 0; i < rq->nheaders; i++) {
		struct curl_slist *l = curl_slist_append(list, rq->headers[i]);
		if (!l) {
			curl_slist_free_all(list);
			rs->curl_code = CURLE_OUT_OF_MEMORY;
			return -1;
		}
		list = l;
	}
	/* No "Expect: 100-continue" and no Accept header of libcurl's own:
	 * the signed headers are exactly the ones given. */
	struct curl_slist *l = curl_slist_append(list, "Expect:");
	if (l)
		list = l;
	static long stall = -1;
	if (stall < 0) {
		const char *e = getenv("TRAWL_HTTP_STALL_SECONDS");
		long v = e ? atol(e) : 0;
		stall = v > 0 ? v : STALL_SECONDS;
	}

	curl_easy_reset(h); /* keeps the connection cache */
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, c);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->errbuf);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, stall);
	curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	if (rq->timeout_ms)
		curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	if (!strcmp(rq->method, "HEAD"))
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	else if (strcmp(rq->method, "GET"))
		curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, rq->method);
	c->errbuf[0] = '\0';
	CURLcode rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &rs->status);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(list);
	rs->curl_code = (int)rc;
	rs->too_big = sink.too_big;
	return rc == CURLE_OK ? 0 : -1;
}

bool trawl_http_header(const struct trawl_http *c, const char *name, char *out,
		       size_t outlen)
{
	size_t n = strlen(name);
	const char *p = c->hdrs.data, *end = p ? p + c->hdrs.len : NULL;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		if ((size_t)(nl - p) > n + 1 && !memcmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 2;
			size_t vn = (size_t)(nl - v);
			if (vn >= outlen)
				vn = outlen - 1;
			memcpy(out, v, vn);
			out[vn] = '\0';
			return true;
		}
		p = nl + 1;
	}
	return false;
}

bool trawl_http_transient(int code)
{
	switch (code) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_PARTIAL_FILE:
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_COULDNT_RESOLVE_HOST:
		return true;
	default:
		return false;
	}
}
