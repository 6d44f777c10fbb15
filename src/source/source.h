/*
 * source.h - enumerating objects. Sources never read content: they name
 * objects (with what stat() said) and hand each to emit(), in a stable
 * order (directory entries sorted by name), so output order is the same on
 * every run. Every object handed over gets exactly one result record.
 */
#ifndef TRAWL_SOURCE_SOURCE_H
#define TRAWL_SOURCE_SOURCE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/stat.h>

enum trawl_job_kind {
	TRAWL_JOB_FILE,
	TRAWL_JOB_STREAM,  /* stdin ("-") or a named pipe given as argument */
	TRAWL_JOB_FAILED,  /* enumerated, but cannot be analysed: reason set */
	TRAWL_JOB_S3       /* an S3 object: s3 set */
};

struct trawl_s3_listed;

/* Everything emit() receives is borrowed for the call. */
struct trawl_job_desc {
	enum trawl_job_kind kind;
	const char *path;        /* as opened */
	const char *key;         /* relative to the argument it came from */
	const struct stat *st;   /* NULL for stdin */
	const char *reason;      /* TRAWL_JOB_FAILED: Macie's reason code */
	bool nofollow;           /* open with O_NOFOLLOW */
	const struct trawl_s3_listed *s3; /* TRAWL_JOB_S3 */
};

typedef int (*trawl_emit_fn)(void *ud, const struct trawl_job_desc *j);

struct trawl_walk_options {
	const char *const *include; size_t ninclude;
	const char *const *exclude; size_t nexclude;
	bool follow_symlinks;
	FILE *log;               /* warnings (paths only), may be NULL */
};

/* Enumerates one command-line argument: a file, a directory (recursively),
 * a named pipe, or "-" for stdin. Returns non-zero only when emit() did. */
int trawl_walk(const char *arg, const struct trawl_walk_options *o,
	       trawl_emit_fn emit, void *ud);

/* fnmatch-style glob test used for --include/--exclude: a glob with a '/'
 * is matched against the relative path, otherwise against the base name. */
bool trawl_glob_match(const char *glob, const char *relpath);

#endif
