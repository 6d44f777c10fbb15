/*
 * xml.h - a small pull tokenizer for the XML inside office documents.
 *
 * It walks a buffer the caller owns and hands back one token at a time:
 * an element's start (with its raw attributes), its end, or a run of text.
 * It is made for extracting text from untrusted files, not for validating
 * them:
 *
 *   - nothing is allocated; every pointer it returns points into the
 *     caller's buffer and is valid while that buffer is;
 *   - names are compared by their local part (after the prefix), since
 *     office producers use fixed prefixes and text extraction does not need
 *     namespaces (xml_is(x, "t") matches <w:t>, <a:t> and <t>);
 *   - the DOCTYPE is skipped and no entity it declares is ever expanded (no
 *     "billion laughs"); only the five predefined entities and character
 *     references are decoded, by xml_decode();
 *   - nesting deeper than XML_MAX_DEPTH is an error; a buffer that ends in
 *     the middle of a tag (a part cut at a size limit) ends the walk with
 *     XML_ERROR, after every complete token before it.
 *
 * Usage:
 *
 *	struct xml x;
 *	xml_init(&x, data, len);
 *	for (enum xml_tok t; (t = xml_next(&x)) > XML_EOF; )
 *		...
 *	if (t == XML_ERROR) ... x.err says why (a static string, no content)
 *
 * An empty element <a/> gives XML_START (x.empty set) then XML_END.
 */
#ifndef TRAWL_EXTRACT_XML_H
#define TRAWL_EXTRACT_XML_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

#define XML_MAX_DEPTH 256

enum xml_tok {
	XML_ERROR = -1,
	XML_EOF = 0,
	XML_START,   /* name, attributes */
	XML_END,     /* name */
	XML_TEXT     /* text (raw: decode with xml_text()) */
};

struct xml {
	const char *p, *end;      /* what is left of the buffer */
	unsigned depth;           /* open elements */
	bool pending_end;         /* an <a/> still owes its XML_END */

	/* The current token. */
	const char *name;         /* START / END: qualified name */
	size_t nlen;
	const char *attr;         /* START: the raw attribute text */
	size_t alen;
	bool empty;               /* START: written as <a/> */
	const char *text;         /* TEXT: raw text */
	size_t tlen;
	bool cdata;               /* TEXT: from a CDATA section (literal) */

	const char *err;          /* XML_ERROR: a static string */

	/* Input in pieces: more says the input goes on past end; a token
	 * that does, or may, is then not read: xml_next returns XML_EOF
	 * with need set and p at the token's start. */
	bool more;
	bool need;
	const char *tok_p;        /* where the current token starts, */
	unsigned tok_depth;       /* ... and the depth before it */
};

void xml_init(struct xml *x, const char *data, size_t len);
enum xml_tok xml_next(struct xml *x);

/* A walk in pieces: data[0..len) read on from depth (the depth where the
 * last piece left off), more saying the input goes on past it. */
void xml_resume(struct xml *x, const char *data, size_t len, unsigned depth, bool more);
/* Back to where the current token starts, as before it was read: an
 * element being skipped that goes on past the piece is read again with
 * more after it. */
void xml_back(struct xml *x);

/* Whether the current START / END element's local name is `local`. */
bool xml_is(const struct xml *x, const char *local);

/* The raw value of the current START element's attribute named `name`:
 * either a qualified name ("table:name") matched exactly, or, when `name`
 * has no ':', matched against each attribute's local part. Returns false
 * when absent. The value still holds entity references (xml_decode). */
bool xml_attr(const struct xml *x, const char *name, const char **val,
	      size_t *vlen);

/* Appends s[0..n) to out with the predefined entities and character
 * references decoded (an unknown or malformed reference is kept as it is;
 * a reference to an invalid code point becomes U+FFFD). -1: out's cap or
 * memory ran out. */
int xml_decode(const char *s, size_t n, struct buf *out);

/* Appends the current TEXT token's text, decoded, to out. */
int xml_text(const struct xml *x, struct buf *out);

/* Skips to the END of the element whose START is the current token
 * (depth-bounded like everything else). XML_END, or XML_EOF / XML_ERROR
 * when the buffer ends first; xml_back() then goes back to the START. */
enum xml_tok xml_skip(struct xml *x);

/* Appends code point cp as UTF-8 (U+FFFD when it is not a valid scalar
 * value). */
int xml_put_utf8(struct buf *out, unsigned long cp);

#endif
