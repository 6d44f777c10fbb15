#include "extract/text.h"

#include <string.h>

#define SNIFF 8192 /* bytes looked at to tell text from binary */

static int put_utf8(struct buf *b, unsigned cp)
{
	char s[4];
	size_t n;
	if (cp < 0x80) {
		s[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | cp >> 6);
		s[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | cp >> 12);
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		s[0] = (char)(0xF0 | cp >> 18);
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return buf_add(b, s, n);
}

/* UTF-16 to UTF-8; an unpaired surrogate becomes U+FFFD, an odd trailing
 * byte is dropped. */
static enum trawl_text_status from_utf16(const unsigned char *p, size_t len,
					 bool be, struct buf *out)
{
	if (buf_grow(out, len + len / 2 + 4) || buf_addch(out, '\n'))
		return TRAWL_TEXT_NOMEM;
	for (size_t i = 0; i + 1 < len; i += 2) {
		unsigned u = be ? (unsigned)p[i] << 8 | p[i + 1]
				: (unsigned)p[i + 1] << 8 | p[i];
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
			unsigned l = be ? (unsigned)p[i + 2] << 8 | p[i + 3]
					: (unsigned)p[i + 3] << 8 | p[i + 2];
			if (l >= 0xDC00 && l < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
				i += 2;
			} else {
				u = 0xFFFD;
			}
		} else if (u >= 0xD800 && u < 0xE000) {
			u = 0xFFFD;
		}
		if (put_utf8(out, u))
			return TRAWL_TEXT_NOMEM;
	}
	return buf_addch(out, '\n') ? TRAWL_TEXT_NOMEM : TRAWL_TEXT_OK;
}

enum trawl_text_status trawl_extract_text(const char *data, size_t len,
					  struct trawl_text *t)
{
	const unsigned char *p = (const unsigned char *)data;
	t->text = data;
	t->len = len;
	t->mime = "text/plain";
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF))) {
		enum trawl_text_status s = from_utf16(p + 2, len - 2, p[0] == 0xFE, &t->owned);
		if (s != TRAWL_TEXT_OK)
			return s;
		t->text = t->owned.data + 1;
		t->len = t->owned.len - 2;
		return TRAWL_TEXT_OK;
	}
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		t->text = data + 3;
		t->len = len - 3;
	}
	if (memchr(t->text, 0, t->len < SNIFF ? t->len : SNIFF)) {
		t->mime = "application/octet-stream";
		return TRAWL_TEXT_BINARY;
	}
	return TRAWL_TEXT_OK;
}
