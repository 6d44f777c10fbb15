/*
 * output_int.h - the report stage's renderers, for output.c and its
 * helpers (where.c, text.c, sarif.c, finding.c, baseline.c). Not API.
 */
#ifndef TRAWL_REPORT_OUTPUT_INT_H
#define TRAWL_REPORT_OUTPUT_INT_H

#include "report/output.h"

#define TRAWL_FINDING_OCCURRENCES 15  /* per type in a finding (Macie's) */
#define TRAWL_FP_LEN 32               /* a fingerprint, in bytes */

/* The outputs one object's frames go to. */
enum trawl_stream {
	TRAWL_S_MAIN,        /* -o: records, text, SARIF results, ASFF */
	TRAWL_S_FINDINGS,    /* --findings */
	TRAWL_S_BASELINE,    /* --write-baseline */
	TRAWL_S_NOTES,       /* SARIF notifications, written at the end */
	TRAWL_S_RECORDS,     /* JSON records for the tee (--report) when -o
			      * gets another format */
	TRAWL_S_COUNT
};

struct trawl_output {
	/* Read-only once trawl_output_new() returns. */
	enum trawl_format format;
	bool color;
	FILE *findings, *write_baseline;
	char *region, *account, *results_path;
	char created[32];              /* findings' createdAt, ISO 8601 */
	const struct trawl_catalog *cat;
	bool framed;                   /* see output.h */
	bool records;                  /* the tee wants JSON records */
	bool fingerprints;             /* a baseline, a baseline file, SARIF */
	struct buf key;                /* the fingerprint key (wiped at free) */
	uint8_t (*known)[TRAWL_FP_LEN]; /* the baseline, sorted */
	size_t nknown;
	int32_t *rule;                 /* SARIF: catalog index -> rule index */

	/* The writer's, touched only under its lock. */
	bool first[TRAWL_S_COUNT];     /* no array item written yet */
	FILE *notes;                   /* SARIF notifications (a temporary
					* file: they go after the results) */
};

/* One object as every renderer sees it, after the baseline's drop. */
struct trawl_view {
	const struct trawl_output *out;
	const struct trawl_catalog *cat;
	const struct trawl_object_info *o;
	const struct trawl_outcome *r;
	const struct trawl_tally *t;
	const struct trawl_loc *loc;          /* one per detection */
	const uint8_t (*fp)[TRAWL_FP_LEN];    /* one per detection, or NULL */
	const char *name;                     /* trawl_object_name() */
	const struct trawl_hide *hide;        /* names shown masked */
};

/* Frames: open one (its offset, or (size_t)-1 when memory runs out),
 * append its bytes to b, close it. */
size_t trawl_frame_open(struct buf *b, enum trawl_stream s);
int trawl_frame_close(struct buf *b, size_t at);

/* ---- where.c: names and locations, one form for every output --------- */

/* The object's name in text, SARIF and fingerprints: the path as scanned
 * (without leading "./"), s3://BUCKET/KEY for S3, and "!/MEMBER" for an
 * archive member. */
int trawl_object_name(const struct trawl_object_info *o, struct buf *b);
/* The top-level object as a URI reference: a relative path, file:///...
 * for an absolute one, s3://BUCKET/KEY; percent-encoded. */
int trawl_object_uri(const struct trawl_object_info *o, struct buf *b);
/* Texts of an object that hold a detected value (the cells and JSON
 * strings detections are in), so that a name that is one of them (a CSV
 * header cell, a JSON key: {"jo@example.org": {...}}) is masked where a
 * location shows it. Empty for a text without structure. */
struct trawl_hide {
	/* open addressing; p NULL: known by its hash only (n > 0) */
	struct { const char *p; size_t n; uint64_t h; } *slot;
	size_t cap;
};
int trawl_hide_init(struct trawl_hide *h, const struct trawl_outcome *r,
		    const struct trawl_loc *loc);
void trawl_hide_release(struct trawl_hide *h);
bool trawl_hide_has(const struct trawl_hide *h, const char *s, size_t n);
/* Appends a column name, or a JSON path key by key, masked where h has it. */
int trawl_hidden_name(struct buf *b, const char *s, size_t n, const struct trawl_hide *h);
int trawl_hidden_path(struct buf *b, const char *p, const struct trawl_hide *h);
/* A detection's location in its natural form: "12:5" (line:column),
 * "row 3:col email" (CSV; spreadsheets "Sheet1!C5:col email"),
 * "7:$.a.b" (JSON Lines: line and path), "$.a.b" (JSON), "page 2"; names
 * in h masked (h may be NULL). */
int trawl_loc_str(const struct trawl_outcome *r, const struct trawl_loc *l,
		  const struct trawl_hide *h, struct buf *b);
/* The line (and column, 0 unknown) of a location, when it has one: lines,
 * and JSON Lines records; else 0. */
uint64_t trawl_loc_line(const struct trawl_outcome *r, const struct trawl_loc *l,
			uint64_t *col);

/* ---- baseline.c -------------------------------------------------------- */

/* The fingerprint key: $TRAWL_BASELINE_KEY, else the key file
 * $XDG_CONFIG_HOME/trawl/baseline.key (~/.config/...), created on first
 * use with 32 random bytes (64 hex digits), mode 0600. The key is the
 * variable's or the file's text, surrounding white space trimmed. */
int trawl_baseline_key(struct buf *key, char *err, size_t errlen);
/* HMAC-SHA256 of a value under the key. */
void trawl_value_mac(const struct trawl_output *out, const char *v, size_t n,
		     uint8_t mac[32]);
/* SHA-256 of "trawl/v1", the object's name, the type, the location and
 * the value's keyed hash, each followed by a NUL. */
void trawl_fingerprint(const char *name, const char *type, const char *where,
		       const uint8_t mac[32], uint8_t fp[TRAWL_FP_LEN]);
/* Loads a baseline (written by --write-baseline, or a SARIF log with
 * partialFingerprints "trawl/v1") into out->known. */
int trawl_baseline_load(struct trawl_output *out, const char *path, char *err,
			size_t errlen);
bool trawl_baseline_has(const struct trawl_output *out, const uint8_t fp[TRAWL_FP_LEN]);
/* One fingerprint of --write-baseline, as a framed array item. */
int trawl_baseline_item(struct buf *b, const uint8_t fp[TRAWL_FP_LEN], const char *name,
			const char *type, const char *where);
/* A baseline file's head (with the key's digest) and tail. */
int trawl_baseline_head(const struct trawl_output *out, FILE *f);
extern const char trawl_baseline_tail[];
/* A short digest naming the key (16 hex digits), for baselines and SARIF. */
void trawl_baseline_key_id(const struct trawl_output *out, char id[17]);

/* ---- text.c, sarif.c, finding.c ---------------------------------------- */

int trawl_text_render(const struct trawl_view *v, struct buf *b);

int trawl_sarif_rules(struct trawl_output *out);
int trawl_sarif_head(const struct trawl_output *out, FILE *f);
int trawl_sarif_results(const struct trawl_view *v, struct buf *b);
int trawl_sarif_note(const struct trawl_view *v, struct buf *b);
int trawl_sarif_tail(struct trawl_output *out, FILE *f, bool ok);

int trawl_finding_macie(const struct trawl_view *v, struct buf *b);
int trawl_finding_asff(const struct trawl_view *v, struct buf *b);

#endif
