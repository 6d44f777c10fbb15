/*
 * office.h - text out of Office Open XML (docx, xlsx, pptx) and
 * OpenDocument (odt, ods, odp) files, read from memory or from a source
 * that can seek.
 *
 * Both are zip archives of XML parts. The archive is read with libarchive
 * (zip only), from the object's bytes; each part we need is inflated into
 * memory under three limits checked as it inflates:
 *
 *   max_part   uncompressed bytes of one part        (default 100 MB)
 *   max_total  uncompressed bytes of all parts read  (default 1 GB)
 *   max_ratio  uncompressed : compressed, per part   (default 1000:1; the
 *              compressed size is the one the central directory states,
 *              and the ratio is checked once a part passes 1 MiB)
 *
 * Passing one gives Macie's OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT or
 * OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT (used for OpenDocument too: it is
 * the same situation): PARTIAL when some text was extracted (the part's
 * text up to the limit is kept), SKIPPED when none was. At most
 * max_members members are looked at (default 10,000).
 *
 * What comes out (doc_reset() first; the caller owns doc):
 *   docx  word/document.xml, then headers, footers, footnotes, endnotes
 *         and comments: <w:t> text, '\n' per paragraph (table cells are
 *         paragraphs), '\t' for <w:tab/>; plain lines, no segments.
 *   pptx  slides in slide-number order, then notes: <a:t> text, '\n' per
 *         paragraph; plain lines.
 *   xlsx  every non-empty cell of every sheet, in workbook order: its text
 *         then '\n', one TRAWL_SEG_CELL segment each (row, column from the
 *         cell reference; cellref "Sheet1!C5", quoted as Excel does when
 *         the sheet name needs it: 'My Sheet'!C5; name and context = the
 *         text of row 1 in that column; structured). Shared and inline
 *         strings, numbers as written, booleans TRUE / FALSE.
 *   odt / odp  content.xml paragraphs and headings, '\n' each; plain.
 *   ods   content.xml tables like xlsx (repeated rows and columns expanded
 *         up to TRAWL_ODS_MAX_REPEAT times when they hold text; empty ones
 *         only advance the position).
 * A malformed part gives MALFORMED_FILE (PARTIAL when text was found).
 */
#ifndef TRAWL_EXTRACT_OFFICE_H
#define TRAWL_EXTRACT_OFFICE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/archive.h"
#include "extract/doc.h"

struct archive;
struct xml;

struct trawl_office_limits {
	uint64_t max_part;      /* bytes, one part uncompressed */
	uint64_t max_total;     /* bytes, all parts read, uncompressed */
	uint32_t max_ratio;     /* uncompressed / compressed, per part */
	uint32_t max_members;   /* archive members looked at */
};

#define TRAWL_OFFICE_LIMITS_DEFAULT                                          \
	{ 100ull * 1000 * 1000, 1000ull * 1000 * 1000, 1000, 10000 }

#define TRAWL_ODS_MAX_REPEAT 1000

/* Macie's reason codes used here. */
#define TRAWL_R_OOXML_SIZE  "OOXML_UNCOMPRESSED_SIZE_EXCEEDS_LIMIT"
#define TRAWL_R_OOXML_RATIO "OOXML_UNCOMPRESSED_RATIO_EXCEEDS_LIMIT"
#define TRAWL_R_MALFORMED   "MALFORMED_FILE"
#define TRAWL_R_UNSUPPORTED "UNSUPPORTED_FILE_TYPE_EXCEPTION"

/* Whether data is an OOXML or OpenDocument file we extract, told from the
 * zip's member names ([Content_Types].xml with word/document.xml,
 * xl/workbook.xml or ppt/presentation.xml) or, for OpenDocument, a first
 * member "mimetype" holding application/vnd.oasis.opendocument.text,
 * .spreadsheet or .presentation. *mime (may be NULL) gets the MIME type to
 * report, a static string. Reads at most 10,000 member names. */
bool trawl_is_office(const char *data, size_t len, const char **mime);
/* The same of data[0..len) or, when src is not NULL, of src (which can
 * seek). */
bool trawl_is_office_at(const char *data, size_t len, struct trawl_archive_source *src,
			const char **mime);

/* Whether data starts with the OLE2 compound file magic (D0 CF 11 E0 A1 B1
 * 1A E1): legacy .doc/.xls/.ppt, and password-protected OOXML, which is an
 * OLE2 file holding the encrypted package. Not extracted here. */
bool trawl_is_ole2(const char *data, size_t len);

/* Extracts the text of an office file (see above) into doc, which the
 * caller has doc_reset(). lim NULL: the defaults. Sets doc->mime. Never
 * fails on content: every problem becomes the returned status; text
 * extracted before it stays in doc. */
struct trawl_ex_result trawl_extract_office(const char *data, size_t len,
					    struct trawl_doc *doc,
					    const struct trawl_office_limits *lim);

/* The same in pieces, from data[0..len) or, when data is NULL, from src
 * (which can seek: the zip is then not held, each part is read from it).
 * A spreadsheet's (xlsx, ods) cells are handed over in pieces: its
 * sheets are inflated piece bytes at a time and walked row by row, and
 * once the doc holds at least `at` bytes of text, flush is called with it
 * (the caller scans it) and the doc emptied; the column names stay the
 * same in the next. A text document's (docx, pptx, odt, odp) text is not
 * put in the doc: text is called once, to read it all as plain text
 * through read(rd, ...), each part inflated piece bytes at a time and
 * walked as it comes. A non-zero flush or text stops the extraction. */
struct trawl_office_pieces {
	int (*flush)(void *ud, struct trawl_doc *doc);
	int (*text)(void *ud, trawl_piece_fn read, void *rd);
	void *ud;
	size_t at;
	size_t piece;
};
struct trawl_ex_result trawl_extract_office_pieces(const char *data, size_t len,
						   struct trawl_archive_source *src,
						   struct trawl_doc *doc,
						   const struct trawl_office_limits *lim,
						   const struct trawl_office_pieces *pc);

/* ---- Internal: shared by extract_office.c, extract_ooxml.c and
 * extract_odf.c; not for other stages. ---- */

/* A zip read from memory or from a source that can seek, with the limits
 * above applied to every part. */
struct office_zip {
	const char *data;
	size_t len;
	struct trawl_archive_source *src; /* NULL: data[0..len) */
	struct trawl_source_ctx sc;       /* the reader's, on src */
	uint64_t size;                    /* the zip's */
	struct trawl_office_limits lim;
	struct archive *ar;      /* open handle, positioned after entry `at` */
	size_t at;               /* index of the entry last read, or SIZE_MAX */
	char **names;            /* member names (owned), in archive order */
	uint64_t *csize;         /* compressed sizes from the central
				  * directory (0: unknown) */
	size_t n;
	uint64_t total;          /* bytes inflated so far */
	const char *limit;       /* the first limit reason met, or NULL */
	bool malformed;          /* a part or the archive was damaged */
	const struct trawl_office_pieces *pc; /* NULL: whole */
	size_t cur;              /* the member being read */
	uint64_t cur_len;        /* ... its bytes so far */
	bool cur_end, cur_cut;   /* ... at its end; cut short (a limit, damage) */
};

/* Opens the zip (data[0..len), or src when it is not NULL) and lists its
 * members (up to lim->max_members). -1: not a zip libarchive reads, or out
 * of memory. */
int office_zip_open(struct office_zip *z, const char *data, size_t len,
		    struct trawl_archive_source *src, const struct trawl_office_limits *lim);
void office_zip_close(struct office_zip *z);
/* The index of member `name`, or -1. */
long office_zip_find(const struct office_zip *z, const char *name);
/* Inflates member i into out (reset first) under the limits. 0: whole;
 * 1: cut at a limit (z->limit says which) or damaged (z->malformed) but
 * out holds what was read; -1: nothing could be read. */
int office_zip_read(struct office_zip *z, size_t i, struct buf *out);
/* The same in pieces: opens member i (-1: cannot), then each call
 * inflates at least max more bytes (whole chunks of 64 KiB) onto out, or
 * what is left, and returns how many; z->cur_end
 * says when it is at its end (z->cur_cut: cut short, as above). */
int office_zip_open_member(struct office_zip *z, size_t i);
size_t office_zip_read_some(struct office_zip *z, struct buf *out, size_t max);
/* The next piece of the open member onto part, after what is left there:
 * a piece (z->pc's; without pieces, all of it), or (when little was left)
 * as much again as is left, so that a token longer than a piece is read
 * again only a few times. */
void office_zip_read_piece(struct office_zip *z, struct buf *part);
/* The end of a walk in pieces over data that stopped at token tk of x:
 * an XML error makes the file malformed (unless a limit cut it), any
 * other stop than the piece's end sets *done; *depth is kept for the next
 * piece. The bytes used. */
size_t office_walked(struct office_zip *z, const struct xml *x, int tk, const char *data,
		     unsigned *depth, bool *done);

/* Sets the status for what happened while extracting (any: text was
 * found). */
struct trawl_ex_result office_result(const struct office_zip *z, bool any, bool nomem);

/* The sheet name in a cell reference: as it is, or 'quoted' (with ''
 * for ') when Excel would quote it. Then "!" and the column letters and
 * row number. Appends to out. */
int office_cellref(struct buf *out, const char *sheet, size_t slen,
		   uint64_t row, uint64_t col);

/* Appends one spreadsheet cell: its text, then '\n', and a structured
 * TRAWL_SEG_CELL segment with row, column, the cell reference (built in
 * ref, a scratch buffer) and name = context = header (-1: none).
 * -1: out of memory or the doc's cap. */
int office_emit_cell(struct trawl_doc *doc, struct buf *ref, const char *sheet,
		     uint64_t row, uint64_t col, long header, const char *v,
		     size_t n);

/* The text of a text document (docx, pptx, odt, odp), part after part,
 * each inflated piece bytes at a time and walked as it comes, the walk's
 * state kept from piece to piece. */
struct office_text {
	struct office_zip *z;
	size_t *parts;          /* members, in the order their text comes */
	size_t nparts, aparts, k; /* ... the one being read */
	bool open;              /* parts[k] is open */
	bool end;               /* ... its walk has ended (an error) */
	/* walks data[0..len) (more: the part goes on past it), appending
	 * text to out: the bytes it used (the rest comes again, with more
	 * after it); ends with office_walked() */
	size_t (*walk)(struct office_text *t, const char *data, size_t len, bool more);
	unsigned depth;         /* the walk's state: open elements, */
	int in_text, in_tabs;   /* ... text (OOXML) or paragraph (ODF) and
				 * tab stops open */
	bool word;              /* docx: <w:delText> is text too */
	struct buf part;        /* inflated, not yet walked */
	struct buf out;         /* text made, not yet handed on */
	size_t opos;
	uint64_t made;          /* text bytes made */
	bool nomem;
};

/* Adds member i to t's parts; -1 when out of memory. */
int office_text_part(struct office_text *t, size_t i);

/* The parts and walk of each kind of text document. */
int office_docx(struct office_zip *z, struct office_text *t);
int office_pptx(struct office_zip *z, struct office_text *t);
int office_odf_text(struct office_zip *z, struct office_text *t);

int office_xlsx(struct office_zip *z, struct trawl_doc *doc, bool *nomem);
int office_ods(struct office_zip *z, struct trawl_doc *doc, bool *nomem);

#endif
