/*
 * record.h - one sensitive data discovery result (ARCHITECTURE.md, "Result
 * records"), as a JSON line.
 *
 * The record names types, counts and locations; it never holds a matched
 * value. Occurrences are located here, lazily, only for detections.
 */
#ifndef TRAWL_REPORT_RECORD_H
#define TRAWL_REPORT_RECORD_H

#include <stdint.h>
#include <time.h>

#include "extract/doc.h"
#include "trawl/trawl.h"
#include "util/buf.h"

#define TRAWL_MAX_OCCURRENCES 1000 /* per type, then additionalOccurrences */

/* An S3 bucket's exposure, read once per bucket. Tri-states: -1 unknown
 * (the server does not support the call, or the credentials may not read
 * it), 0 false, 1 true. */
struct trawl_s3_bucket_info {
	const char *name;
	const char *sse_type;        /* "AES256", "aws:kms", "NONE"; NULL unknown */
	const char *sse_kms_key;     /* NULL: none or unknown */
	int8_t block_public_acls, ignore_public_acls, block_public_policy,
	       restrict_public_buckets;   /* the bucket's public access block */
	int8_t policy_public;        /* GetBucketPolicyStatus IsPublic */
	int8_t acl_public_read, acl_public_write; /* grants to everyone */
};

struct trawl_s3_object_info {
	const struct trawl_s3_bucket_info *bucket;
	const char *etag;            /* as listed, quotes removed */
	const char *storage_class;
	const char *version_id;      /* NULL: unknown */
	const char *sse_type;        /* from the GET response; NULL unknown */
	const char *sse_kms_key;
};

struct trawl_object_info {
	const char *key;
	const char *path;
	uint64_t size;
	time_t mtime;      /* 0: unknown */
	bool stream;       /* stdin or a pipe: no extension, no date */
	/* An archive member: its path inside the top-level object, nested
	 * levels joined with "!/" (NULL for the object itself). */
	const char *embedded_path;
	uint64_t embedded_size;
	int64_t embedded_mtime;   /* 0: unknown */
	const struct trawl_s3_object_info *s3; /* NULL: not from S3 */
};


/* A line-and-column cursor over a text read in order (see record.c). */
struct trawl_line_cursor {
	uint64_t pos;            /* absolute offset reached */
	uint64_t line;           /* line number at pos */
	uint64_t col;            /* characters from the line's start to pos */
};

/* Moves c forward over text[0..n), the bytes at absolute offsets
 * [c->pos, c->pos + n). */
void trawl_cursor_advance(struct trawl_line_cursor *c, const char *text, size_t n);

struct trawl_outcome {
	const char *status;      /* COMPLETE | PARTIAL | SKIPPED */
	const char *reason;      /* Macie's reason code, or NULL */
	const char *mime;        /* NULL: unknown */
	uint64_t size_classified;
	const char *text;        /* what the offsets below refer to */
	size_t len;
	const struct trawl_detection *det; /* sorted by start */
	size_t ndet;
	const struct trawl_doc *doc;       /* segments for locations, or NULL */
	/* Locations found already (an object scanned in pieces, whose text
	 * is gone by now; names and cell references are doc's strings): one
	 * per detection, or NULL. */
	const struct trawl_loc *locs;
	/* Detections counted but not in det, by identifier (an object
	 * scanned in pieces keeps only those shown), or NULL. */
	const uint64_t *more;
	/* The same object's values as keyed hashes and masks (report/output.h),
	 * one per detection, or NULL: taken from text when needed. */
	const struct trawl_value_info *vals;
};

struct trawl_record_summary {
	enum trawl_severity severity;
	uint64_t detections;
};

/* Where a detection is, as its record says: a segment's (a cell, a JSON
 * value, a page) or lines and a 1-based character column. */
struct trawl_loc {
	struct trawl_segment seg;        /* has_seg false: lineRanges */
	bool has_seg;
	uint64_t line, end_line, col;
	/* A segment's text by hash (trawl_hide_hash) when the text itself is
	 * gone (scanned in pieces); 0: none. */
	uint64_t vhash;
};

/* The hash a value is known by once its text is gone. */
uint64_t trawl_hide_hash(const char *s, size_t n);

/* The locations of r's detections, one each (malloc'd: free() it), or
 * NULL when memory runs out. */
struct trawl_loc *trawl_locate(const struct trawl_outcome *r);

/* What an object's detections add up to, Macie's way: counts by the type
 * detections are reported as, the types reported (a custom identifier
 * below its lowest severity level is not: its count is 0 here), the
 * object's severity (the highest of its types') and finding type. Every
 * renderer (records, findings, SARIF, text) reads this one. */
struct trawl_tally {
	const struct trawl_catalog *cat;
	uint64_t *count;         /* by catalog index; 0: not reported */
	uint32_t *types;         /* reported types, by category then ID */
	size_t ntypes, nmanaged; /* managed types first, custom ones last */
	uint64_t reported;       /* detections of the reported types */
	enum trawl_severity severity;
	unsigned cats;           /* a bit per category reported */
	bool additional;         /* some type past TRAWL_MAX_OCCURRENCES */
};

/* -1 when memory runs out; release with trawl_tally_release() either way. */
int trawl_tally_init(struct trawl_tally *t, const struct trawl_catalog *cat,
		     const struct trawl_outcome *r);
void trawl_tally_release(struct trawl_tally *t);

/* Macie's finding type for a set of categories (struct trawl_tally.cats):
 * SensitiveData:S3Object/Personal, /Financial, /Credentials,
 * /CustomIdentifier, or /Multiple. */
const char *trawl_finding_type(unsigned cats);

/* Pieces of a record, shared with the findings (cJSON objects). */
struct cJSON;
/* {s3Bucket, s3Object} of a record; the caller owns it. */
struct cJSON *trawl_resources_json(const struct trawl_object_info *o);
/* "type" and "severity" (null and null when nothing is reported). */
void trawl_add_severity(struct cJSON *obj, const struct trawl_tally *t);
/* status {code, reason}, sizeClassified, mimeType. */
void trawl_add_status(struct cJSON *res, const struct trawl_outcome *r);
/* sensitiveData and customDataIdentifiers, with at most maxocc
 * occurrences per type (1000 in records, 15 in findings). */
void trawl_add_detections(struct cJSON *res, const struct trawl_outcome *r,
			  const struct trawl_tally *t, const struct trawl_loc *loc,
			  size_t maxocc);
/* Appends the record of o, from its tally and locations, as a JSON line. */
int trawl_record_emit(const struct trawl_object_info *o, const struct trawl_outcome *r,
		      const struct trawl_tally *t, const struct trawl_loc *loc,
		      struct buf *out);

/* Appends one JSON line to out. Returns -1 when memory runs out. */
int trawl_record_write(const struct trawl_catalog *cat,
		       const struct trawl_object_info *o,
		       const struct trawl_outcome *r, struct buf *out,
		       struct trawl_record_summary *sum);

/* Severity of an identifier type with count occurrences. */
enum trawl_severity trawl_type_severity(const struct trawl_identifier *id,
					uint64_t count);
const char *trawl_severity_str(enum trawl_severity s);
const char *trawl_category_str(enum trawl_category c);

#endif
