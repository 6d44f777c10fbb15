/*
 * text.h - turning an object's bytes into text the match stage can scan.
 *
 * UTF-8 (a BOM is skipped) passes through untouched and borrowed. UTF-16
 * with a byte-order mark is converted to UTF-8 into t->owned, so lines and
 * characters stay the same; the converted text is padded with a newline
 * on either side (t->text[-1] and t->text[t->len]), as the scanner wants. Anything else with NUL bytes near its start is
 * binary: no supported text format.
 */
#ifndef TRAWL_EXTRACT_TEXT_H
#define TRAWL_EXTRACT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

enum trawl_text_status {
	TRAWL_TEXT_OK,
	TRAWL_TEXT_BINARY,     /* not text: UNSUPPORTED_FILE_TYPE_EXCEPTION */
	TRAWL_TEXT_MALFORMED,  /* claims UTF-16 but is not: MALFORMED_FILE */
	TRAWL_TEXT_NOMEM
};

struct trawl_text {
	const char *text;  /* borrowed from the input, or owned.data */
	size_t len;
	const char *mime;  /* static string */
	struct buf owned;  /* caller releases with buf_release() */
};

enum trawl_text_status trawl_extract_text(const char *data, size_t len,
					  struct trawl_text *t);

#endif
