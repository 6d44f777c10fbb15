/*
 * output.h - what a scan writes besides, or instead of, JSON result
 * records: the --format renderers (json records, text, SARIF, ASFF),
 * Macie-style findings (--findings) and the baseline (--baseline,
 * --write-baseline). README.md, "CI screening and findings".
 *
 * Lifecycle:
 *
 *   1. trawl_output_new()     at start-up: loads the baseline and the
 *                             fingerprint key; read-only afterwards
 *   2. trawl_output_render()  in a worker, once per object (and archive
 *                             member): drops baselined detections, then
 *                             renders what each output wants
 *   3. trawl_output_begin(), trawl_output_write() per object in input
 *      order, trawl_output_end(): the ordered writer, under its lock
 *   4. trawl_output_free()
 *
 * One object's outputs travel together in the worker's buffer as frames
 * (a stream byte, a 32-bit length, the bytes), so that archive members keep
 * their order in every output; the writer sends each frame to its file,
 * with the commas a JSON array needs. With JSON records only (no findings,
 * no baseline file written) there are no frames: the buffer is the records.
 *
 * Matched values reach no output: records, findings, SARIF and baselines
 * carry types, counts, locations and keyed hashes; text shows values
 * masked (all but the last 4 characters; 8 or fewer: all).
 */
#ifndef TRAWL_REPORT_OUTPUT_H
#define TRAWL_REPORT_OUTPUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "report/record.h"
#include "trawl/trawl.h"
#include "util/buf.h"

enum trawl_format {
	TRAWL_FORMAT_JSON,     /* result records, JSON Lines (the default) */
	TRAWL_FORMAT_TEXT,     /* path:line:col TYPE masked-value */
	TRAWL_FORMAT_SARIF,    /* SARIF 2.1.0, one document */
	TRAWL_FORMAT_ASFF      /* findings as ASFF, one JSON array */
};

/* "json", "text", "sarif", "asff"; -1 for anything else. */
int trawl_format_parse(const char *s);

struct trawl_output_options {
	enum trawl_format format;
	bool color;                /* text: ANSI colours (a terminal) */
	FILE *findings;            /* Macie findings, JSON Lines; or NULL */
	FILE *write_baseline;      /* every detection's fingerprint; or NULL */
	const char *baseline;      /* a baseline or SARIF file; or NULL */
	const char *region;        /* findings, ASFF (NULL: us-east-1) */
	const char *account;       /* findings, ASFF (NULL: 000000000000) */
	const char *results_path;  /* the records' file, for findings'
				    * detailedResultsLocation; or NULL */
	time_t now;                /* findings' createdAt (0: now) */
	bool records;              /* JSON records go to a tee too (see
				    * trawl_output_write()) */
};

struct trawl_output;

/* Everything is copied but the FILEs, which stay the caller's (open until
 * trawl_output_free(), closed by the caller). The fingerprint key is
 * loaded when fingerprints are needed (a baseline, --write-baseline,
 * SARIF): see trawl_baseline_key(). NULL on failure, err set. */
struct trawl_output *trawl_output_new(const struct trawl_output_options *o,
				      const struct trawl_catalog *cat,
				      char *err, size_t errlen);
void trawl_output_free(struct trawl_output *out);

/* What a renderer knows of one value when the text is gone (an object
 * read in pieces): its keyed hash and its masked form. */
#define TRAWL_REDACT_MAX 24
struct trawl_value_info {
	uint8_t mac[32];           /* HMAC-SHA256 under the fingerprint key */
	char mask[TRAWL_REDACT_MAX];
};

/* Whether renderers need each value (masked or hashed): callers that
 * cannot keep the text fill a struct trawl_value_info per detection. */
bool trawl_output_wants_values(const struct trawl_output *out);
/* Whether renderers need every detection (a baseline drops or writes
 * each one's fingerprint); else the first TRAWL_MAX_OCCURRENCES of each
 * type are all they show, and the rest may be counted only
 * (trawl_outcome.more). */
bool trawl_output_wants_all(const struct trawl_output *out);
void trawl_output_value(const struct trawl_output *out, const char *v, size_t n,
			struct trawl_value_info *vi);

/* Renders object o (its outcome r) into buf: the record, or its text
 * lines, SARIF results, findings and fingerprints, after dropping the
 * detections the baseline holds. sum is the object's after that drop.
 * out NULL: the JSON record alone (trawl_record_write()). -1 when memory
 * runs out (nothing appended). */
int trawl_output_render(const struct trawl_output *out, const struct trawl_catalog *cat,
			const struct trawl_object_info *o, const struct trawl_outcome *r,
			struct buf *buf, struct trawl_record_summary *sum);

/* The writer's side, under its lock. main is where records go (-o). A
 * SARIF document's or ASFF array's head and tail; a baseline file's. ok:
 * the run succeeded (SARIF's executionSuccessful). -1: a write failed. */
int trawl_output_begin(struct trawl_output *out, FILE *main);
/* out NULL: data is records, written to main and to tee (when not NULL);
 * else each frame to its file, records (the JSON format's, or their copy)
 * to tee as well. */
int trawl_output_write(struct trawl_output *out, FILE *main, FILE *tee, const char *data,
		       size_t len);
int trawl_output_end(struct trawl_output *out, FILE *main, bool ok);

/* Masks a value for display: every character but the last 4 becomes '*'
 * (at most TRAWL_REDACT_MAX - 5 of them), a value of 8 characters or fewer
 * is all '*'; control and non-ASCII characters among the last 4 show as
 * '?'. out holds TRAWL_REDACT_MAX bytes. */
void trawl_redact(const char *s, size_t len, char out[TRAWL_REDACT_MAX]);

#endif
