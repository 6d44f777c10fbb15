#include "source/aws.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "source/http.h"
#include "util/buf.h"

static char *dup_or_null(const char *s)
{
	return s && *s ? strdup(s) : NULL;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* ---- shared config files (INI) ----------------------------------------- */

struct ini_hit {
	char *access_key, *secret_key, *session_token, *region, *endpoint;
	bool found;  /* the section exists */
};

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

static void set(char **dst, const char *v)
{
	if (!*dst && *v)
		*dst = strdup(v);
}

/* Reads section `want` of file path into h (keys already set win). */
static void ini_read(const char *path, const char *want, struct ini_hit *h)
{
	FILE *f = path ? fopen(path, "re") : NULL;
	if (!f)
		return;
	char line[4096];
	bool in = false;
	while (fgets(line, sizeof(line), f)) {
		char *s = trim(line);
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			char *e = strchr(s, ']');
			if (e)
				*e = '\0';
			in = !strcmp(trim(s + 1), want);
			h->found |= in;
			continue;
		}
		char *eq = strchr(s, '=');
		if (!in || !eq)
			continue;
		*eq = '\0';
		char *k = trim(s), *v = trim(eq + 1);
		if (!strcmp(k, "aws_access_key_id"))
			set(&h->access_key, v);
		else if (!strcmp(k, "aws_secret_access_key"))
			set(&h->secret_key, v);
		else if (!strcmp(k, "aws_session_token"))
			set(&h->session_token, v);
		else if (!strcmp(k, "region"))
			set(&h->region, v);
		else if (!strcmp(k, "endpoint_url"))
			set(&h->endpoint, v);
	}
	explicit_bzero(line, sizeof(line));
	fclose(f);
}

/* Frees a string that may hold a secret, wiping it first. */
static void free_secret(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

static void ini_free(struct ini_hit *h)
{
	free_secret(h->secret_key);
	free_secret(h->session_token);
	free(h->access_key);
	free(h->region);
	free(h->endpoint);
}

static char *home_file(const char *rel)
{
	const char *home = env("HOME");
	if (!home)
		return NULL;
	size_t n = strlen(home) + strlen(rel) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", home, rel);
	return p;
}

/* ---- credential endpoints ---------------------------------------------- */

static time_t parse_time(const char *s)
{
	struct tm tm = {0};
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%S", &tm))
		return 0;
	return timegm(&tm);
}

/* Credentials from a JSON document of the container endpoint or IMDS. */
static int take_json(struct trawl_aws *a, const struct buf *b)
{
	cJSON *j = cJSON_ParseWithLength(b->data ? b->data : "", b->len);
	const char *ak = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "AccessKeyId"));
	const char *sk = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "SecretAccessKey"));
	const char *tk = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "Token"));
	const char *ex = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "Expiration"));
	int rc = -1;
	if (ak && sk && *ak && *sk) {
		a->access_key = strdup(ak);
		a->secret_key = strdup(sk);
		a->session_token = dup_or_null(tk);
		a->expiration = parse_time(ex);
		rc = a->access_key && a->secret_key ? 0 : -1;
	}
	if (sk)
		explicit_bzero((char *)sk, strlen(sk));
	cJSON_Delete(j);
	return rc;
}

static int get(struct trawl_http *h, const char *method, const char *url,
	       const char *const *hdrs, size_t nh, struct buf *body)
{
	struct trawl_http_resp rs;
	buf_reset(body);
	struct trawl_http_req rq = {method, url, hdrs, nh, body, 1 << 20, 3000};
	if (trawl_http_do(h, &rq, &rs) || rs.status != 200)
		return -1;
	return 0;
}

static int from_container(struct trawl_aws *a, struct trawl_http *h, struct buf *body)
{
	const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	if (!rel && !full)
		return 1;
	char url[2048], auth[4200];
	snprintf(url, sizeof(url), "%s%s", rel ? "http://169.254.170.2" : "", rel ? rel : full);
	const char *hdrs[1];
	size_t nh = 0;
	const char *tok = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	char tokbuf[4096];
	const char *tokfile = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	if (!tok && tokfile) {
		FILE *f = fopen(tokfile, "re");
		if (f) {
			if (fgets(tokbuf, sizeof(tokbuf), f))
				tok = trim(tokbuf);
			fclose(f);
		}
	}
	if (tok) {
		snprintf(auth, sizeof(auth), "Authorization: %s", tok);
		hdrs[nh++] = auth;
	}
	int rc = get(h, "GET", url, hdrs, nh, body) ? -1 : take_json(a, body);
	explicit_bzero(auth, sizeof(auth));
	explicit_bzero(tokbuf, sizeof(tokbuf));
	return rc;
}

static int from_imds(struct trawl_aws *a, struct trawl_http *h, struct buf *body)
{
	const char *off = env("AWS_EC2_METADATA_DISABLED");
	if (off && !strcasecmp(off, "true"))
		return 1;
	const char *base = env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
	if (!base)
		base = "http://169.254.169.254";
	size_t bl = strlen(base);
	while (bl && base[bl - 1] == '/')
		bl--;
	char url[1024], tokhdr[1200], role[256];
	const char *ttl = "X-aws-ec2-metadata-token-ttl-seconds: 21600";
	snprintf(url, sizeof(url), "%.*s/latest/api/token", (int)bl, base);
	if (get(h, "PUT", url, &ttl, 1, body) || !body->len || body->len > 1000)
		return 1;
	snprintf(tokhdr, sizeof(tokhdr), "X-aws-ec2-metadata-token: %.*s", (int)body->len,
		 body->data);
	const char *hdrs[1] = {tokhdr};
	snprintf(url, sizeof(url), "%.*s/latest/meta-data/iam/security-credentials/", (int)bl,
		 base);
	int rc = -1;
	if (!get(h, "GET", url, hdrs, 1, body) && body->len && body->len < sizeof(role)) {
		memcpy(role, body->data, body->len);
		role[body->len] = '\0';
		char *nl = strchr(role, '\n');
		if (nl)
			*nl = '\0';
		snprintf(url, sizeof(url), "%.*s/latest/meta-data/iam/security-credentials/%s",
			 (int)bl, base, trim(role));
		if (!get(h, "GET", url, hdrs, 1, body))
			rc = take_json(a, body);
	}
	explicit_bzero(tokhdr, sizeof(tokhdr));
	return rc;
}

/* ---- the chain ---------------------------------------------------------- */

int trawl_aws_resolve(struct trawl_aws *a, const struct trawl_aws_options *o,
		      char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	a->no_sign = o->no_sign;
	const char *profile = o->profile ? o->profile : env("AWS_PROFILE");
	bool named = profile != NULL;
	if (!profile)
		profile = "default";

	/* the profile, read once: keys, region, endpoint */
	struct ini_hit cred = {0}, conf = {0};
	char *cf = env("AWS_SHARED_CREDENTIALS_FILE") ? strdup(env("AWS_SHARED_CREDENTIALS_FILE"))
						       : home_file(".aws/credentials");
	char *kf = env("AWS_CONFIG_FILE") ? strdup(env("AWS_CONFIG_FILE"))
					   : home_file(".aws/config");
	char section[512];
	snprintf(section, sizeof(section), "%s%s", strcmp(profile, "default") ? "profile " : "",
		 profile);
	ini_read(cf, profile, &cred);
	ini_read(kf, section, &conf);
	free(cf);
	free(kf);

	int rc = -1;
	a->region = dup_or_null(o->region ? o->region
				 : env("AWS_REGION") ? env("AWS_REGION")
				 : env("AWS_DEFAULT_REGION") ? env("AWS_DEFAULT_REGION")
				 : conf.region ? conf.region : "us-east-1");
	const char *ep = o->endpoint_url ? o->endpoint_url
			 : env("AWS_ENDPOINT_URL_S3") ? env("AWS_ENDPOINT_URL_S3")
			 : env("AWS_ENDPOINT_URL") ? env("AWS_ENDPOINT_URL") : conf.endpoint;
	if (ep) {
		size_t n = strlen(ep);
		while (n && ep[n - 1] == '/')
			n--;
		if (strncmp(ep, "http://", 7) && strncmp(ep, "https://", 8)) {
			snprintf(err, errlen, "endpoint URL must start with http:// or https://");
			goto out;
		}
		a->endpoint = strndup(ep, n);
	}
	if (!a->region || (ep && !a->endpoint)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (o->no_sign) {
		a->source = "none";
		rc = 0;
		goto out;
	}

	if (env("AWS_ACCESS_KEY_ID") && env("AWS_SECRET_ACCESS_KEY")) {
		a->access_key = strdup(env("AWS_ACCESS_KEY_ID"));
		a->secret_key = strdup(env("AWS_SECRET_ACCESS_KEY"));
		a->session_token = dup_or_null(env("AWS_SESSION_TOKEN"));
		a->source = "environment";
	} else if (cred.access_key && cred.secret_key) {
		a->access_key = strdup(cred.access_key);
		a->secret_key = strdup(cred.secret_key);
		a->session_token = dup_or_null(cred.session_token);
		a->source = "shared-credentials-file";
	} else if (conf.access_key && conf.secret_key) {
		a->access_key = strdup(conf.access_key);
		a->secret_key = strdup(conf.secret_key);
		a->session_token = dup_or_null(conf.session_token);
		a->source = "config-file";
	} else if (named && !cred.found && !conf.found) {
		snprintf(err, errlen, "profile '%s' not found in the shared credentials "
			 "or config file", profile);
		goto out;
	} else {
		struct trawl_http h;
		struct buf body = {0};
		int r = 1;
		if (!trawl_http_init(&h)) {
			r = from_container(a, &h, &body);
			if (!r)
				a->source = "container";
			else if (r > 0 && !(r = from_imds(a, &h, &body)))
				a->source = "imds";
			trawl_http_release(&h);
		}
		if (body.data)
			explicit_bzero(body.data, body.alloc);
		buf_release(&body);
		if (r) {
			snprintf(err, errlen, r < 0 ? "the credential endpoint gave no usable "
				 "credentials" : "no AWS credentials found (environment, "
				 "profile '%s', container or instance role); "
				 "--no-sign-request for public buckets", profile);
			goto out;
		}
	}
	if (!a->access_key || !a->secret_key) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	ini_free(&cred);
	ini_free(&conf);
	if (rc)
		trawl_aws_release(a);
	return rc;
}

void trawl_aws_release(struct trawl_aws *a)
{
	free_secret(a->secret_key);
	free_secret(a->session_token);
	free(a->access_key);
	free(a->region);
	free(a->endpoint);
	memset(a, 0, sizeof(*a));
}
