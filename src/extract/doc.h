/*
 * doc.h - what the extract stage hands to the match stage: one object's
 * content as flattened UTF-8 text plus a segment table saying where each
 * piece of text came from.
 *
 * The text is kept padded, as the scanner wants: text.data[0] is '\n', the
 * content starts at text.data + 1, and a '\n' follows it (doc_text() and
 * doc_len() give the content). Offsets in segments are content offsets.
 *
 * Segments cover parts of the text, in increasing order, without overlap;
 * text outside every segment (and all the text of a document with no
 * segments) is located by line and column. A segment says how an
 * occurrence inside it is reported (a CSV cell, a JSON value, a PDF page,
 * or lines with a line offset) and which keyword context it carries
 * (a column name, the elements of a JSON path): Macie's rule for
 * structured data is that a keyword counts when it is in the same value or
 * in the column name / key path, so inside a structured segment keywords
 * are looked for only within the segment and in its context.
 *
 * Strings (column names, JSON paths, cell references) live in one string
 * table, referred to by offset; -1 means none.
 */
#ifndef TRAWL_EXTRACT_DOC_H
#define TRAWL_EXTRACT_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <string.h>

#include "util/buf.h"

enum trawl_seg_kind {
	TRAWL_SEG_LINES,   /* lineRanges; line numbers start at .line */
	TRAWL_SEG_CELL,    /* cells {row, column, columnName, cellReference} */
	TRAWL_SEG_RECORD,  /* records {recordIndex, jsonPath} */
	TRAWL_SEG_PAGE     /* pages {pageNumber} */
};

/* Kept small (32 bytes): a spreadsheet has one per cell. Offsets are
 * 32-bit: a document's text is capped at 4 GiB (doc_reset() sets the cap;
 * past it extractors stop with FILE_EXCEEDS_SIZE_LIMIT).
 *
 * A run (run true) stands for nitems consecutive CELL or RECORD values of
 * one row or record, one per line: value k is the text after the run's
 * k-th '\n' (k = 0: from start) up to the next '\n' (an empty line is a
 * blank value), column (CELL) is column + k, and its name and context are
 * d->items[item + k]. CSV rows and JSON records are runs, so a value costs
 * its text, a '\n' and at most one 8-byte item rather than a segment;
 * doc_locate() gives any value as a segment of its own. */
struct trawl_segment {
	uint32_t start, end;     /* content offsets, end exclusive */
	union {                  /* by kind: a segment is one of these */
		uint32_t row;    /* CELL: 1-based, header row is 1 */
		uint32_t record; /* RECORD: recordIndex */
		uint32_t page;   /* PAGE: 1-based */
		uint32_t line;   /* LINES: the line number of the segment's
				  * first line */
	};
	uint32_t column;         /* CELL: 1-based (a run: its first value's) */
	union {
		struct {
			int32_t name;    /* CELL: column name; RECORD: jsonPath */
			int32_t cellref; /* CELL: "Sheet1!C5" (spreadsheets) */
			int32_t context; /* keyword context: column name, path
					  * elements separated by spaces */
		};
		struct {                 /* a run */
			uint32_t item, nitems;
		};
	};
	uint8_t kind;            /* enum trawl_seg_kind */
	bool structured;         /* keywords only within the segment + context */
	bool run;
};

/* A run's value's name and context (string table offsets, -1: none). */
struct trawl_item {
	int32_t name, context;
};

struct trawl_doc {
	struct buf text;         /* padded, see above */
	struct trawl_segment *seg;
	size_t nseg, aseg;
	struct trawl_item *items;
	size_t nitems, aitems;
	size_t nvalues;          /* values added (segments + run values) */
	size_t open_run;         /* 1 + the index of a run that may grow */
	struct buf strings;      /* NUL-terminated strings back to back */
	const char *mime;        /* static string */
};

/* What an extractor says about the object it read. With PARTIAL the text
 * so far is scanned; with SKIPPED nothing is. reason is Macie's code. */
enum trawl_ex_status {
	TRAWL_EX_COMPLETE,
	TRAWL_EX_PARTIAL,
	TRAWL_EX_SKIPPED
};

struct trawl_ex_result {
	enum trawl_ex_status status;
	const char *reason;      /* static string, NULL when COMPLETE */
};

/* An object found inside another (an archive member, a mail attachment),
 * handed to the engine, which scans it as a child with its own record.
 * Everything is borrowed for the call. mtime 0: unknown. A member that
 * could not be read comes with data NULL and reason set (Macie's code);
 * it still gets its record. A non-zero return stops the extractor (a
 * limit was reached: the container is then PARTIAL). */
typedef int (*trawl_child_fn)(void *ud, const char *name, const char *data,
			      size_t len, int64_t mtime, const char *reason);

/* Reads the next bytes of an object into dst (at most max): returns how
 * many, 0 at its end, or -1 with *reason set (Macie's code). */
typedef long (*trawl_piece_fn)(void *ud, char *dst, size_t max, const char **reason);

/* Moves where the next read of an object starts to offset: 0, or -1. */
typedef int (*trawl_seek_fn)(void *ud, uint64_t offset);

/* An object found inside another (an archive member, a mail attachment)
 * larger than the caller's stream_min (its first bytes are in first) is
 * offered here before being read whole: return 1 after scanning it
 * (reading the rest with read(rd, ...)), 0 to have it read whole after
 * all (first as it was), -1 to stop (as trawl_child_fn). */
typedef int (*trawl_member_fn)(void *ud, const char *name, int64_t mtime, struct buf *first,
			       trawl_piece_fn read, void *rd);

/* A zeroed struct trawl_doc is ready for doc_reset(). */
void doc_reset(struct trawl_doc *d);   /* empty, padded, keeps memory */
void doc_release(struct trawl_doc *d);

static inline const char *doc_text(const struct trawl_doc *d)
{
	return d->text.data + 1;
}
static inline size_t doc_len(const struct trawl_doc *d)
{
	return d->text.len - 2;
}

/* Appends content (keeping the closing '\n' pad). -1: out of memory or
 * over the buffer's cap. Inline when there is room: extractors call it
 * once or twice per value. */
int doc_add_slow(struct trawl_doc *d, const char *s, size_t n);
static inline int doc_add(struct trawl_doc *d, const char *s, size_t n)
{
	struct buf *b = &d->text;
	if (b->len >= 2 && b->alloc - b->len > n + 1 && (!b->cap || b->len + n <= b->cap)) {
		char *p = b->data + b->len - 1; /* the closing pad */
		if (n)
			memcpy(p, s, n);
		p[n] = '\n';
		p[n + 1] = '\0';
		b->len += n;
		return 0;
	}
	return doc_add_slow(d, s, n);
}
static inline int doc_addch(struct trawl_doc *d, char c)
{
	return doc_add(d, &c, 1);
}
/* The current end of the content, for segment starts and ends. */
static inline size_t doc_pos(const struct trawl_doc *d)
{
	return d->text.len - 2;
}

/* Adds s[0..n) to the string table; returns its offset, or -1 (also when
 * the table would pass 2 GiB, the reach of a segment's offsets). */
long doc_string(struct trawl_doc *d, const char *s, size_t n);
static inline const char *doc_str(const struct trawl_doc *d, long off)
{
	return off < 0 ? NULL : d->strings.data + off;
}

/* Appends a segment (its start must not be before the previous end);
 * returns it for the caller to fill, or NULL when memory runs out. Inline:
 * a spreadsheet calls it once per value. */
struct trawl_segment *doc_segment_grow(struct trawl_doc *d);
static inline struct trawl_segment *doc_segment(struct trawl_doc *d,
						enum trawl_seg_kind kind,
						size_t start, size_t end)
{
	if (d->nseg == d->aseg && !doc_segment_grow(d))
		return NULL;
	d->open_run = 0;
	d->nvalues++;
	struct trawl_segment *s = &d->seg[d->nseg++];
	*s = (struct trawl_segment){.start = (uint32_t)start, .end = (uint32_t)end,
				    .kind = (uint8_t)kind, .name = -1, .cellref = -1,
				    .context = -1};
	return s;
}

/* Adds an item (a value's name and context); returns its index, or -1
 * when memory runs out. */
long doc_item(struct trawl_doc *d, long name, long context);

/*
 * A structured CELL or RECORD value: the text [start, end) just added,
 * which the caller follows with '\n' (blank values, start == end, too:
 * a run counts lines). It joins the open run when it is the run's next
 * line, of the same kind, row/record and with the next item (and the next
 * column); else it opens a run, or, when its text holds a '\n', becomes a
 * segment of its own. A blank value never opens a run. rowrec is the row
 * (CELL) or record (RECORD). 0, or -1 when memory runs out.
 */
int doc_value(struct trawl_doc *d, enum trawl_seg_kind kind, size_t start, size_t end,
	      uint32_t rowrec, uint32_t column, long item);

/* The value or segment holding content offset off, or NULL; a run's value
 * is written to *tmp as a segment of its own (never a run). */
const struct trawl_segment *doc_locate(const struct trawl_doc *d, size_t off,
				       struct trawl_segment *tmp);

/* Every value in order, a run's one by one (blank ones skipped): start
 * with it[0] = it[1] = 0; false at the end. */
bool doc_next_value(const struct trawl_doc *d, size_t it[2], struct trawl_segment *out);

#endif
