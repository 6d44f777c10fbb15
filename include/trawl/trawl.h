/*
 * trawl.h - find personal data in files, archives, buckets and streams.
 *
 * The library in five steps, each owning what the next borrows:
 *
 *   1. trawl_catalog_load()      identifiers from the identifier files (YAML)
 *   2. trawl_catalog_select()    which of them this scan looks for
 *   3. trawl_catalog_compile()   one Hyperscan database of every selected
 *                                identifier and keyword; from here on the
 *                                catalog is read-only and shared by threads
 *   4. trawl_scanner_new()       per thread: Hyperscan scratch and buffers;
 *                                trawl_scanner_scan() turns one text into
 *                                confirmed detections (validated, keyword
 *                                proximity applied, overlaps resolved)
 *   5. trawl_run()               the whole pipeline: sources, N workers,
 *                                result records written in input order
 *
 * Errors: functions return 0 on success and -1 on failure, with a message
 * in the caller's err buffer. A failure on one scanned object never fails
 * the run: it becomes that object's result status.
 *
 * Matched values never leave the library except through the borrowed text
 * the caller passed in; nothing here logs or prints a value.
 */
#ifndef TRAWL_TRAWL_H
#define TRAWL_TRAWL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define TRAWL_VERSION "0.1.0"

enum trawl_category {
	TRAWL_CAT_CREDENTIALS,
	TRAWL_CAT_FINANCIAL,
	TRAWL_CAT_PERSONAL,
	TRAWL_CAT_CUSTOM,      /* custom data identifiers (--config) */
	TRAWL_CAT_COUNT
};

enum trawl_severity {
	TRAWL_SEV_NONE = 0,
	TRAWL_SEV_LOW = 1,
	TRAWL_SEV_MEDIUM = 2,
	TRAWL_SEV_HIGH = 3
};

/* One data identifier, as loaded from an identifier file. Read-only once
 * the catalog is compiled. All strings are owned by the catalog. */
struct trawl_identifier {
	char *id;                /* USA_SOCIAL_SECURITY_NUMBER */
	char *name;              /* human-readable, may be NULL */
	char *file;              /* the file it came from */
	enum trawl_category category;
	char **countries;        size_t ncountries;
	char *pattern;
	char *prefilter;         /* NULL, or a cheaper pattern for the big pass
				  * that matches wherever pattern does and ends
				  * where each of its matches ends (and maybe
				  * elsewhere): the confirm stage keeps only the
				  * ends where pattern itself matches. Only for
				  * identifiers that need no keyword. */
	char *gate;              /* NULL, or what every match (the prefilter's,
				  * if any) is made of (match/gate.h): the
				  * identifier is scanned only where a run of
				  * such bytes is. Only for managed identifiers
				  * that need no keyword. */
	int gate_no;             /* its index in the catalog's gates; -1 none
				  * (set by trawl_catalog_compile()) */
	char *flags;             /* "i", "s", "m" letters; may be "" */
	char *validator_name;    /* NULL: none */
	const void *validator;   /* struct trawl_validator * */
	char **keywords;         size_t nkeywords;
	char *reports_as;        /* NULL, or the identifier whose type its
				  * detections are reported as */
	uint32_t report;         /* that identifier's index (itself if none);
				  * set by trawl_catalog_compile() */
	char **keyword_exclusions; size_t nkeyword_exclusions; /* phrases in
				  * which a keyword is not one ("happy
				  * birthday") */
	bool keyword_required;
	int max_distance;        /* characters between keyword and match */
	enum trawl_severity severity[3]; /* 1 / 2-99 / >= 100 occurrences */
	bool recommended;
	bool delimited;          /* the pattern takes one delimiter character
				  * on each side; the value is between them */
	bool standalone;         /* a match inside a run of number groups (a
				  * hex dump, a table) or glued into a path or
				  * name is not one (no-keyword identifiers) */
	char **ignore_values;    size_t nignore_values;
	char **ignore_words;     size_t nignore_words;
	char **examples;         size_t nexamples;
	char **negative_examples; size_t nnegative_examples;

	/* A custom data identifier (category TRAWL_CAT_CUSTOM, from a config
	 * file): keyword distance counts from the end of the keyword to the
	 * end of the match; severity by levels, sorted by threshold (below the
	 * lowest, the type is not reported); none: MEDIUM from 1. */
	bool custom;
	struct trawl_severity_level {
		uint64_t threshold;
		enum trawl_severity severity;
	} levels[3];
	size_t nlevels;

	/* Filled by trawl_catalog_compile(). */
	bool selected;
	unsigned min_width, max_width; /* of a match, in bytes */
	uint32_t *kw;            size_t nkw; /* indices into the keyword table */
	void *som_db;            /* hs_database_t: span recovery */
};

struct trawl_catalog;

/* Loads every *.yaml file of dir (sorted by name), and appends them to
 * *cat (allocated when *cat is NULL). An identifier id defined twice, an
 * unknown field or validator, a missing pattern: -1 and err names the file
 * and the identifier. Free with trawl_catalog_free(). */
int trawl_catalog_load_dir(struct trawl_catalog **cat, const char *dir,
			   char *err, size_t errlen);
void trawl_catalog_free(struct trawl_catalog *cat);

/* Loads a configuration file (YAML, the fields of Macie's
 * CreateCustomDataIdentifier and CreateAllowList):
 *
 *   customDataIdentifiers:
 *     - name: EMPLOYEE_ID            # letters, digits, '_', '-', '.'
 *       regex: 'EMP-\d{6}'           # <= 512 characters
 *       keywords: [employee id]      # <= 50, 3-90 characters each
 *       ignoreWords: [EMP-000000]    # <= 10, 4-90 characters, case-sensitive
 *       maximumMatchDistance: 50     # 1-300, keyword end to match end
 *       severityLevels:              # <= 3; none: MEDIUM from 1
 *         - {occurrencesThreshold: 1, severity: LOW}
 *   allowLists:
 *     - name: test-data
 *       wordsFile: allowed.txt       # one entry a line, <= 100,000;
 *                                    # relative to the config file
 *     - name: internal
 *       regex: '.*@corp\.example'    # must match a detection entirely
 *
 * Custom identifiers join the catalog (always selected unless excluded by
 * name); allow lists drop every detection, managed or custom, whose text
 * is a listed word (case-insensitive) or matches a regex entirely. */
int trawl_catalog_load_config(struct trawl_catalog *cat, const char *path,
			      char *err, size_t errlen);

size_t trawl_catalog_count(const struct trawl_catalog *cat);
const struct trawl_identifier *trawl_catalog_get(const struct trawl_catalog *cat,
						 size_t i);
/* Index of the identifier called id, or -1. */
long trawl_catalog_find(const struct trawl_catalog *cat, const char *id);

/* Selects what the scan looks for. include: "ALL", "RECOMMENDED", "NONE" or
 * a comma-separated list of ids (which may also name ALL or RECOMMENDED);
 * exclude: NULL or a comma-separated list of ids. Unknown ids are an
 * error. At least one identifier must remain. */
int trawl_catalog_select(struct trawl_catalog *cat, const char *include,
			 const char *exclude, char *err, size_t errlen);

/* Where compiled databases are cached (a directory, created 0700 when
 * missing), or NULL for none (the default). Call before compiling. */
void trawl_catalog_set_cache_dir(struct trawl_catalog *cat, const char *dir);

/* Compiles the selected identifiers and their keywords into one Hyperscan
 * database (plus a small per-identifier database for span recovery). A
 * pattern Hyperscan rejects: -1, err names the identifier. */
int trawl_catalog_compile(struct trawl_catalog *cat, char *err, size_t errlen);

/* Writes the compiled database's expressions, one per line:
 * "ID<TAB>FLAGS<TAB>PATTERN" (keywords as "keyword:TEXT"). For baselines. */
void trawl_catalog_dump_patterns(const struct trawl_catalog *cat, FILE *out);

/* Number of keywords in the compiled database, and one as text. */
size_t trawl_catalog_keyword_count(const struct trawl_catalog *cat);
const char *trawl_catalog_keyword(const struct trawl_catalog *cat, size_t k);

/* ---- scanning one text ------------------------------------------------ */

struct trawl_detection {
	uint32_t ident;        /* catalog index */
	uint32_t keyword;      /* keyword index that qualified it, or UINT32_MAX */
	size_t start, end;     /* byte span in the scanned text */
};

/* Why a candidate was kept or dropped; reported to a trace hook. */
enum trawl_verdict {
	TRAWL_V_DETECTED,
	TRAWL_V_NO_SPAN,          /* the exact span could not be recovered */
	TRAWL_V_CHECKSUM,         /* the validator rejected it */
	TRAWL_V_NO_KEYWORD,       /* keyword required, none close enough */
	TRAWL_V_EXAMPLE_VALUE,    /* a known example/test value */
	TRAWL_V_IGNORE_WORD,      /* contains an ignore word */
	TRAWL_V_OVERLAP,          /* inside a longer detection */
	TRAWL_V_ALLOW_LIST,       /* the text is on an allow list */
	TRAWL_V_NOT_ALONE         /* standalone identifier inside a run */
};
const char *trawl_verdict_str(enum trawl_verdict v);

struct trawl_trace {
	uint32_t ident;
	size_t start, end;        /* span (start == end when not recovered) */
	enum trawl_verdict verdict;
	uint32_t keyword;         /* when one qualified it, else UINT32_MAX */
	size_t keyword_gap;       /* characters between keyword and value */
};
typedef void (*trawl_trace_fn)(void *ud, const struct trawl_trace *t);

struct trawl_scanner;

/* A scanner borrows cat, which must outlive it; one per thread. */
struct trawl_scanner *trawl_scanner_new(const struct trawl_catalog *cat,
					char *err, size_t errlen);
void trawl_scanner_free(struct trawl_scanner *sc);
/* Every candidate's verdict goes to fn (for `identifiers test`). */
void trawl_scanner_set_trace(struct trawl_scanner *sc, trawl_trace_fn fn,
			     void *ud);

/* Scans text[0..len) (borrowed for the call). The text is seen as if a
 * newline stood before and after it, so a delimited value at either end
 * is found. On success *dets points to the detections sorted by start,
 * valid until the next call or free. Returns -1 only when Hyperscan fails
 * or memory runs out (err set). */
int trawl_scanner_scan(struct trawl_scanner *sc, const char *text, size_t len,
		       const struct trawl_detection **dets, size_t *ndets,
		       char *err, size_t errlen);
/* The same without a copy: text[-1] and text[len] must be '\n'. */
int trawl_scanner_scan_padded(struct trawl_scanner *sc, const char *text,
			      size_t len, const struct trawl_detection **dets,
			      size_t *ndets, char *err, size_t errlen);

/* A piece of a larger text (an object read in chunks): text[0..len) with
 * text[-1] and text[len] readable as for scan_padded, of which only
 * detections whose last byte is in [own_lo, own_hi) are reported; the
 * piece must reach trawl_scanner_context() bytes beyond each end of the
 * owned range (except at the whole text's own ends) for the result to be
 * the same as scanning the whole text. */
int trawl_scanner_scan_piece(struct trawl_scanner *sc, const char *text, size_t len,
			     size_t own_lo, size_t own_hi,
			     const struct trawl_detection **dets, size_t *ndets,
			     char *err, size_t errlen);
size_t trawl_scanner_context(const struct trawl_scanner *sc);

/* The segments of the next texts scanned (CSV cells, JSON values ...):
 * inside a structured segment a keyword counts only within the segment or
 * in its context (column name, key path), as in Macie. NULL: plain text.
 * Borrowed until the next call. */
struct trawl_doc;
void trawl_scanner_set_doc(struct trawl_scanner *sc, const struct trawl_doc *doc);

/* True when the last scan stopped early in some window (a hostile text
 * with more candidates than a window may hold): the object is PARTIAL. */
bool trawl_scanner_partial(const struct trawl_scanner *sc);

/* ---- the pipeline ----------------------------------------------------- */

struct trawl_stats {
	uint64_t objects;      /* result records written */
	uint64_t bytes;        /* bytes classified */
	uint64_t detections;
	uint64_t with_findings;/* objects with at least one detection */
	uint64_t unanalysed;   /* objects SKIPPED or PARTIAL */
	uint64_t sources_failed; /* arguments that could not be listed (an S3
				  * bucket): exit status 2 */
	enum trawl_severity max_severity;
};

/* Limits on archives, per top-level object across all nesting levels;
 * TRAWL_ARCHIVE_LIMITS_DEFAULT has Macie's. Past one, the object is
 * PARTIAL or SKIPPED with Macie's reason and what was found is kept. */
struct trawl_archive_limits {
	unsigned max_depth;          /* nesting levels (10) */
	uint64_t max_members;        /* members (1,000,000) */
	uint64_t max_total_bytes;    /* bytes extracted (10 GB) */
	uint64_t max_member_bytes;   /* one member (3 GB) */
	uint64_t max_ratio;          /* extracted bytes per byte of the object,
				      * past 64 MiB (zip bombs; 200) */
};

#define TRAWL_ARCHIVE_LIMITS_DEFAULT                                          \
	{10, 1000000, 10000000000ull, 3000000000ull, 200}

struct trawl_run_options {
	const struct trawl_catalog *cat;
	const char *const *paths;  size_t npaths; /* "-" is stdin */
	const char *const *include_globs; size_t ninclude;
	const char *const *exclude_globs; size_t nexclude;
	uint64_t max_size;         /* 0: no limit */
	bool follow_symlinks;
	unsigned threads;          /* 0: online CPUs */
	FILE *out;                 /* result records */
	FILE *log;                 /* warnings about paths; may be NULL */
	FILE *tee;                 /* a copy of the result records, whatever
				    * out gets (scan --report); may be NULL */
	/* What out gets instead of (or besides) records: text, SARIF, ASFF,
	 * findings, a baseline (report/output.h); NULL: records only. */
	struct trawl_output *output;
	/* Fail-on threshold: an object at or above it counts as a finding. */
	enum trawl_severity fail_on;
	struct trawl_archive_limits archive_limits;
	/* An executable that runs the PDF child when called as
	 * "EXE __pdf-child ..." (the trawl command: /proc/self/exe); NULL:
	 * PDF children are forked without exec. */
	const char *pdf_helper;

	/* Scope, like a Macie job's, for files and S3 objects alike (not for
	 * stdin): an object left out gets no record. Extensions are compared
	 * without case and without the dot ("csv"); an object without one
	 * matches "". */
	const char *const *include_ext; size_t ninclude_ext;
	const char *const *exclude_ext; size_t nexclude_ext;
	uint64_t min_size;           /* 0: none */
	int64_t modified_after;      /* Unix time; 0: none (exclusive) */
	int64_t modified_before;     /* 0: none (exclusive) */
	double sample_percent;       /* 0 or 100: all; else a deterministic
				      * pseudo-random share, by seed and path */
	uint64_t seed;
	uint64_t max_objects;        /* objects in scope; 0: no limit */

	/* S3 (s3:// arguments): credentials, region and endpoint, resolved
	 * like the AWS CLI; addressing 0 auto, 1 path-style, 2 virtual. */
	const char *aws_profile, *aws_region, *endpoint_url;
	bool no_sign_request;
	int s3_addressing;
};

struct trawl_run;

/* Starts the scan in background threads; trawl_run_wait() joins them.
 * Progress can be read meanwhile with trawl_run_stats(). */
int trawl_run_start(struct trawl_run **run, const struct trawl_run_options *o,
		    char *err, size_t errlen);
void trawl_run_stats(struct trawl_run *run, struct trawl_stats *st);
/* Waits up to ms milliseconds for the run to finish; true when it has. */
bool trawl_run_poll(struct trawl_run *run, unsigned ms);
/* Joins, fills *st, frees the run. Returns the exit status of the
 * contract: 0 nothing found, 1 found (at or above fail_on), 3 nothing found
 * but some objects could not be analysed. */
int trawl_run_wait(struct trawl_run *run, struct trawl_stats *st);

/* Masks a value for display: every letter and digit but the last four
 * becomes '*'. Writes at most outlen-1 bytes, NUL-terminated. */
void trawl_mask(const char *s, size_t len, char *out, size_t outlen);

#endif
