/*
 * pdf_internal.h - what the files of the PDF reader share. Private to
 * them: not for other stages, which use pdf.h.
 *
 *   extract_pdf.c   the driver: qpdf access, pages and annotations, the
 *                   isolated child process, limits and statuses
 *   pdf_filter.c    stream decoding (Flate, LZW, ASCII85, ASCIIHex,
 *                   RunLength) under the per-stream and document caps
 *   pdf_lex.c       the lexer of content streams and CMaps
 *   pdf_fontdata.c  built-in tables: base encodings, glyph names, the
 *                   standard 14 fonts' widths; UTF-8
 *   pdf_font.c      fonts: encodings, /Differences, ToUnicode CMaps,
 *                   widths, the per-document font cache
 *   pdf_content.c   the content-stream interpreter that writes the text
 *
 * Everything runs on one struct pdf_ctx per document, in one thread (in
 * the child process unless in_process). Every qpdf_oh returned here is
 * owned by the caller (pdf_oh_free() it); qpdf_oh_release_all() after
 * each page frees what is left.
 */
#ifndef TRAWL_EXTRACT_PDF_INTERNAL_H
#define TRAWL_EXTRACT_PDF_INTERNAL_H

#include <qpdf/qpdf-c.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/pdf.h"
#include "util/buf.h"

/* Caps on what is read from the file (the rest are in pdf.h's limits). */
#define PDF_MAX_FORM_DEPTH 8
#define PDF_MAX_GSTACK 32
#define PDF_MAX_OPERANDS 64
#define PDF_MAX_ARRAY 8192        /* elements of one TJ array */
#define PDF_MAX_FILTERS 8
#define PDF_MAX_CONTENTS 4096     /* content streams of one page */
#define PDF_MAX_ANNOTS 2048       /* annotations of one page */
#define PDF_MAX_FONTS 1024        /* cached fonts per document */
#define PDF_MAX_CMAP 65536        /* ToUnicode ranges of one font */
#define PDF_MAX_CMAP_UNITS 262144 /* UTF-16 units they map to */
#define PDF_MAX_CID_WIDTHS 65536  /* /W entries of one CID font */
#define PDF_MAX_PARENTS 64        /* /Parent hops for inherited /Resources */

/* What ended or spoiled a run, as bits; the worst one names the status. */
enum {
	F_DAMAGED = 1,    /* a page or stream could not be read */
	F_SIZE = 2,       /* a decode cap was reached */
	F_TIME = 4,       /* the token budget ran out */
	F_PAGES = 8,      /* pages past max_pages */
	F_ENCRYPTED = 16, /* fatal: needs a password */
	F_UNREADABLE = 32 /* fatal: qpdf cannot open it */
};

/* ---- the lexer (pdf_lex.c) ---- */

enum lk {
	LK_EOF, LK_NUM, LK_STR, LK_NAME, LK_OP,
	LK_AOPEN, LK_ACLOSE, LK_DOPEN, LK_DCLOSE
};

struct lex {
	const unsigned char *p, *end;
};

struct ltok {
	enum lk kind;
	double num;
	const unsigned char *s; /* LK_OP: the keyword */
	size_t n;
	size_t off, len;        /* LK_STR, LK_NAME: decoded, in the pool */
};

/* PDF's white space (NUL included). */
bool pdf_space(unsigned char c);
/* The next token. Strings and names are decoded into pool (which the
 * caller resets between operators). -1: out of memory. */
int pdf_lex_next(struct lex *l, struct buf *pool, struct ltok *t);
/* Whether t is the operator op. */
bool pdf_op_is(const struct ltok *t, const char *op);

/* ---- built-in font data (pdf_fontdata.c) ---- */

/* cp as UTF-8 into out; U+FFFD for what is not a scalar value. Returns
 * the bytes written (1 to 4). */
size_t pdf_utf8_enc(unsigned long cp, char out[4]);
/* A glyph name's text: the standard names, uniXXXX and uXXXX[XX]. 0 when
 * the name is not known. */
size_t pdf_glyph_utf8(const char *name, char out[4]);
/* The base encoding (code -> Unicode) of that name (WinAnsiEncoding,
 * MacRomanEncoding, StandardEncoding, PDFDocEncoding), or NULL. Static. */
const uint16_t *pdf_encoding_named(const char *n);
/* The advance widths (1/1000 em, WinAnsi codes) of the standard font a
 * /BaseFont names (Courier, Times, Helvetica or Arial), or NULL. Static. */
const uint16_t *pdf_std_widths(const char *basefont);

/* ---- fonts (pdf_font.c) ---- */

struct cmap_range {
	uint32_t lo, hi;
	uint8_t nbytes;
	bool base;          /* bfrange <lo> <hi> <dst>: dst + (code - lo) */
	uint32_t dst;       /* into units */
	uint16_t dlen;
};

struct cmap {
	struct cmap_range *r;
	size_t n, a;
	uint16_t *u;        /* UTF-16 units the ranges map to */
	size_t nu, au;
	struct {
		uint32_t lo, hi;
		uint8_t nbytes;
	} cs[16];           /* codespace ranges */
	int ncs;
};

struct cid_w {
	uint32_t lo, hi;
	uint16_t w;
};

struct font {
	int objid, gen;     /* 0: a direct object, not cached across uses */
	bool type0;         /* 2-byte codes (unless a codespace says so) */
	bool utf16;         /* Type0 with a predefined Uni...-UCS2/UTF16 CMap */
	struct cmap *tu;    /* ToUnicode, or NULL */
	char enc[256][4];   /* simple fonts: code -> UTF-8 (up to 4 bytes) */
	uint8_t enclen[256];
	uint16_t w[256];    /* simple fonts: widths, 1/1000 em; 0 unknown */
	const uint16_t *stdw; /* standard 14 widths, when no /Widths */
	struct cid_w *cw;   /* CID fonts: /W */
	size_t ncw;
	uint16_t dw;        /* CID fonts: /DW */
};

struct pdf_ctx;

/* A big-endian character code of n bytes. */
static inline uint32_t pdf_be_code(const char *s, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | (unsigned char)s[i];
	return v;
}

/* The ToUnicode range of nbytes that holds code, or NULL. */
const struct cmap_range *pdf_cmap_find(const struct cmap *m, uint32_t code,
				       size_t nbytes);
/* The font a Tf names, from the resources: cached in c by object, so
 * pages sharing a font read it once. NULL when there is none. The font
 * is owned by c (c->fonts): valid until pdf_font_free(). */
struct font *pdf_font_get(struct pdf_ctx *c, qpdf_oh res, const char *name);
/* Frees a font and its tables; NULL is fine. */
void pdf_font_free(struct font *f);
/* A glyph's advance width in 1/1000 em (500 when unknown). f may be
 * NULL. */
double pdf_glyph_width(const struct font *f, uint32_t code, size_t nb);

/* ---- the document being read (extract_pdf.c) ---- */

struct pdf_ctx {
	qpdf_data q;
	const struct trawl_pdf_limits *lim;
	unsigned flags;
	uint64_t decoded;   /* stream bytes decoded so far */
	uint64_t ops;       /* tokens so far */
	uint64_t text;      /* text bytes so far */
	struct font **fonts;
	size_t nfonts, afonts;
	struct buf page;    /* the current page's text */
	int forms[PDF_MAX_FORM_DEPTH]; /* the forms being drawn (object ids) */
	/* Where the last shown text ended, in device space. */
	bool have_text;
	double last_x, last_y, last_size;
};

/* Releases h; 0 is fine. */
void pdf_oh_free(struct pdf_ctx *c, qpdf_oh h);
/* Notes a qpdf error on the handle in c->flags (F_SIZE or F_DAMAGED). */
void pdf_check_err(struct pdf_ctx *c);
/* dict's value for k (with its '/'), or 0 when dict is not a dictionary
 * or the value is absent or null. */
qpdf_oh pdf_key(struct pdf_ctx *c, qpdf_oh dict, const char *k);
/* Whether h is a finite number; its value into *v. */
bool pdf_num_of(struct pdf_ctx *c, qpdf_oh h, double *v);
/* A name object's text without its '/', or NULL. Valid until the next
 * qpdf call: copy it. */
const char *pdf_name_of(struct pdf_ctx *c, qpdf_oh h);

/* ---- stream filters (pdf_filter.c) ---- */

/* Decodes a stream's data into out (reset first), under the per-stream
 * cap and what is left of the document's; counts it in c->decoded. -1
 * when nothing usable came out. Problems go to c->flags. */
int pdf_stream_data(struct pdf_ctx *c, qpdf_oh st, struct buf *out);

/* ---- the content interpreter (pdf_content.c) ---- */

extern const double pdf_identity[6];

/* Appends text to the page, under max_text (-1 and F_SIZE past it). */
int pdf_page_add(struct pdf_ctx *c, const char *s, size_t n);
/* Separates what comes next from the page's text so far with sep ('\n'
 * or ' '): nothing on an empty page or after a '\n' (or a ' ' for a ' '),
 * and a line's trailing space gives way to the '\n'. */
void pdf_separate(struct pdf_ctx *c, char sep);
/* Interprets content (borrowed) with resources res and matrix ctm at
 * form depth depth, adding its text to c->page. -1: out of memory. */
int pdf_run_content(struct pdf_ctx *c, const struct buf *content,
		    qpdf_oh res, const double ctm[6], int depth);

#endif
