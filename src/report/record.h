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
};

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
};

struct trawl_record_summary {
	enum trawl_severity severity;
	uint64_t detections;
};

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
