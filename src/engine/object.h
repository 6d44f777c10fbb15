/*
 * object.h - one object, start to finish: tell its format by content,
 * extract (recursing into archive members), scan, confirm, and write its
 * result record and its members' records, in that order.
 */
#ifndef TRAWL_ENGINE_OBJECT_H
#define TRAWL_ENGINE_OBJECT_H

#include "extract/archive.h"
#include "extract/doc.h"
#include "report/record.h"
#include "trawl/trawl.h"

#define TRAWL_MAX_LEVELS 64 /* hard ceiling above any --max-depth */

struct trawl_level {          /* working memory of one nesting level */
	struct buf scratch;       /* a member's bytes */
	struct buf rec;           /* the records of this level's members */
	struct trawl_doc doc;
	struct trawl_doc tmp;
};

/* One per worker; owns its buffers, borrows the catalog and scanner. */
struct trawl_objscan {
	const struct trawl_catalog *cat;
	struct trawl_scanner *sc;
	struct trawl_archive_limits lim;
	const char *pdf_helper;       /* see trawl_run_options */
	FILE *log;
	const struct trawl_output *output; /* renderers; NULL: JSON records */
	size_t stream_min;            /* members larger are read in pieces... */
	size_t stream_chunk;          /* ... of this size */

	/* Per top-level object, reset by trawl_objscan_run(). */
	const struct trawl_object_info *top;
	const int *pdf_fd;                /* a PDF read by the child from here: */
	unsigned pdf_d;                   /* ... the object at this level, */
	uint64_t pdf_size;                /* ... of this size */
	struct trawl_archive_budget budget;
	struct trawl_record_summary sum;  /* over all its records */
	uint64_t bytes;                   /* classified, all records */
	bool unanalysed;                  /* some record not COMPLETE */
	enum trawl_severity fail_on;
	bool failing;                     /* some record at or above fail_on */

	struct trawl_level lv[TRAWL_MAX_LEVELS + 1];
	struct buf block;             /* an archive's source, read in pieces */
};

void trawl_objscan_release(struct trawl_objscan *s);

/* Scans data[0..len) (borrowed; data[-1] and data[len] must be readable)
 * as the top-level object top, appending its records to out. */
void trawl_objscan_run(struct trawl_objscan *s, const struct trawl_object_info *top,
		       const char *data, size_t len, struct buf *out);

/* Whether an object starting with head[0..n), named name, that comes
 * through a pipe is better written to a file first: read from a file, it
 * is read in pieces with seeks (zip, 7z) or by the PDF helper, instead of
 * whole. */
bool trawl_objscan_wants_file(const struct trawl_objscan *s, const char *name,
			      const char *head, size_t n);

/* Scans the top-level object top, a PDF of top->size bytes open as the
 * regular file fd, whose first bytes are head[0..n) (head[-1] and head[n]
 * readable): when s->pdf_helper is set, the PDF is read by the helper
 * from fd and never held here; false (nothing written) when it is not. */
bool trawl_objscan_pdf_file(struct trawl_objscan *s, const struct trawl_object_info *top,
			    int fd, const char *head, size_t n, struct buf *out);

/* Whether an object starting with head[0..n), named name, can be scanned
 * in pieces: text (UTF-8, UTF-16 or Windows-1252) that is plain, CSV/TSV,
 * JSON Lines, one JSON document, HTML or XML; a compressed stream or a
 * tar, and when it can be read with seeks (seekable) other archives (zip,
 * 7z, office documents); binary data and legacy Office files (known by
 * their first bytes, not read); anything else is read whole. */
bool trawl_objscan_streamable(const char *name, const char *head, size_t n, bool seekable);

/* Scans an object that trawl_objscan_streamable() accepts in pieces of
 * about chunk bytes, so that memory does not grow with the object: the
 * same records as a whole-object scan. piece holds '\n' and the object's
 * first bytes; read() gives the rest, seek() (NULL: none) moves in it
 * (top->size is its size). */
void trawl_objscan_stream(struct trawl_objscan *s, const struct trawl_object_info *top,
			  struct buf *piece, size_t chunk, trawl_piece_fn read, trawl_seek_fn seek,
			  void *ud, struct buf *out);

/* A trawl_piece_fn and a trawl_seek_fn over a file descriptor (ud: an
 * int *). */
long trawl_fd_piece(void *ud, char *dst, size_t max, const char **reason);
int trawl_fd_seek(void *ud, uint64_t off);

/* A file of no name in the temporary directory ($TMPDIR, else /tmp), to
 * which piece's content (after its '\n') and what read() gives after it
 * are written: its descriptor, with *size set and piece holding '\n' and
 * the file's first head bytes again, read from it; -1 with nothing
 * consumed when no such file can be made, or with *reason set when
 * reading or writing failed. */
int trawl_spool(struct buf *piece, size_t head, trawl_piece_fn read, void *ud, uint64_t *size,
		const char **reason);

/* The record of a top-level object that could not be read at all. */
void trawl_objscan_failed(struct trawl_objscan *s, const struct trawl_object_info *top,
			  const char *reason, struct buf *out);

#endif
