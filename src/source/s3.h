/*
 * s3.h - the S3 source: s3://BUCKET[/PREFIX] arguments listed with
 * ListObjectsV2 (every page), objects read with GetObject, on AWS or any
 * S3-compatible store, signed with SigV4 (or not: --no-sign-request).
 *
 * One struct trawl_s3 per run, shared by the producer (which lists) and
 * the workers (which read); each thread has its own struct trawl_http, so
 * connections are kept alive per thread.
 *
 * Reliability: a request that fails on the way (connection refused or
 * reset, timeout, a body cut short) or is answered 500, 502, 503 (SlowDown),
 * 504, 429 or 400 RequestTimeout is retried up to TRAWL_S3_ATTEMPTS times
 * with capped exponential backoff and full jitter; a GET cut short resumes
 * with Range from the last byte received, pinned to the object's ETag with
 * If-Match. What still fails becomes the object's reason (Macie's codes):
 * 403 PERMISSION_DENIED, 404 SOURCE_OBJECT_NO_LONGER_AVAILABLE, the object
 * changed while read OBJECT_VERSION_MISMATCH, archived (GLACIER,
 * DEEP_ARCHIVE) INVALID_OBJECT_STATE without a request, retries exhausted
 * INTERNAL_ERROR.
 */
#ifndef TRAWL_SOURCE_S3_H
#define TRAWL_SOURCE_S3_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "report/record.h"
#include "source/aws.h"
#include "source/http.h"
#include "source/source.h"
#include "util/buf.h"

#define TRAWL_S3_ATTEMPTS 8

enum trawl_s3_addressing {
	TRAWL_S3_AUTO,       /* path-style with a custom endpoint, else virtual */
	TRAWL_S3_PATH,
	TRAWL_S3_VIRTUAL
};

struct trawl_s3_bucket {
	struct trawl_s3_bucket_info info;   /* name and exposure */
	char *name;
	char *region;                       /* learnt from its responses */
	char *sse_type, *sse_kms_key;       /* storage behind info's */
	bool exposure_read;
};

struct trawl_s3 {
	struct trawl_aws aws;
	enum trawl_s3_addressing addressing;
	unsigned backoff_ms;                /* first retry's cap; doubles */
	pthread_mutex_t lock;               /* guards buckets[].region */
	struct trawl_s3_bucket **buckets;
	size_t nbuckets, abuckets;
	FILE *log;
};

/* An object as listed, handed to emit() in trawl_job_desc.s3. */
struct trawl_s3_listed {
	struct trawl_s3_bucket *bucket;
	const char *key;
	const char *etag;                   /* quotes removed */
	const char *storage_class;
	uint64_t size;
	int64_t mtime;
};

/* What a GET learnt about the object. */
struct trawl_s3_got {
	char etag[128];
	char sse_type[32];                  /* "NONE" when the header is absent */
	char sse_kms_key[256];
	char version_id[256];
	uint64_t size;
	int64_t mtime;
};

int trawl_s3_init(struct trawl_s3 *s3, const struct trawl_aws_options *o,
		  enum trawl_s3_addressing addressing, FILE *log, char *err, size_t errlen);
void trawl_s3_release(struct trawl_s3 *s3);

/* Whether arg is an s3:// URL. */
bool trawl_s3_is_url(const char *arg);

/* Lists s3://BUCKET[/PREFIX] (reading the bucket's exposure first) and
 * hands every object to emit, in key order. Returns 0; -1 when the bucket
 * cannot be listed (message on s3->log, never a secret); the value emit
 * returned when it stopped the walk. */
int trawl_s3_walk(struct trawl_s3 *s3, struct trawl_http *h, const char *arg,
		  trawl_emit_fn emit, void *ud);

/* Reads the object's bytes [offset, offset + length) (length 0: to its
 * end) into out, after what out holds; fewer at the object's end, none
 * past it. pin_etag (or NULL): the object must still have this ETag (a
 * later piece of an object read in pieces). Returns NULL, or Macie's
 * reason. max_size: past it, FILE_EXCEEDS_SIZE_LIMIT (0: no limit). */
const char *trawl_s3_get(struct trawl_s3 *s3, struct trawl_http *h,
			 struct trawl_s3_bucket *b, const char *key, const char *pin_etag,
			 uint64_t offset, uint64_t length, uint64_t max_size, struct buf *out,
			 struct trawl_s3_got *got);

#endif
