/*
 * decode.c - an object's bytes to UTF-8 text, keeping lines and character
 * columns: UTF-8 as it is, UTF-16 (with or without a BOM) converted, and
 * anything that is not valid UTF-8 read as Windows-1252, one character per
 * byte. See structured.h for the rules.
 */
#include "extract/structured.h"

#include <stdint.h>
#include <string.h>

#define SNIFF_BINARY 8192 /* a NUL in here (not UTF-16): binary */
#define SNIFF_UTF16 4096  /* bytes looked at to detect BOM-less UTF-16 */

static const struct trawl_ex_result TOO_BIG = {TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};

size_t trawl_utf8_put(unsigned cp, char *out)
{
	if ((cp >= 0xD800 && cp < 0xE000) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Windows-1252's 0x80-0x9F; the undefined five (81 8D 8F 90 9D) are the
 * C1 controls of the same value, as in WHATWG's index. */
static const uint16_t CP1252[32] = {
	0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
	0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Output staged in a small buffer, so a character costs no doc_add. */
struct out {
	struct trawl_doc *doc;
	size_t n;
	int err;
	char buf[16384];
};

static void out_flush(struct out *o)
{
	if (o->n && !o->err && doc_add(o->doc, o->buf, o->n))
		o->err = 1;
	o->n = 0;
}

static void out_cp(struct out *o, unsigned cp)
{
	if (o->n + 4 > sizeof(o->buf))
		out_flush(o);
	o->n += trawl_utf8_put(cp, o->buf + o->n);
}

static void out_bytes(struct out *o, const unsigned char *s, size_t n)
{
	while (n && !o->err) {
		size_t room = sizeof(o->buf) - o->n;
		size_t k = n < room ? n : room;
		memcpy(o->buf + o->n, s, k);
		o->n += k;
		s += k;
		n -= k;
		if (o->n == sizeof(o->buf))
			out_flush(o);
	}
}

/* Length of the longest valid UTF-8 prefix (no overlongs, surrogates or
 * code points past U+10FFFF). */
static size_t utf8_valid(const unsigned char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* ASCII runs 32 bytes at a time (most text is all ASCII) */
		while (i + 32 <= n) {
			uint64_t w[4];
			memcpy(w, p + i, 32);
			if ((w[0] | w[1] | w[2] | w[3]) & 0x8080808080808080ull)
				break;
			i += 32;
		}
		if (i == n)
			break;
		if (i + 8 <= n) {
			uint64_t w;
			memcpy(&w, p + i, 8);
			if (!(w & 0x8080808080808080ull)) {
				i += 8;
				continue;
			}
		}
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t k;
		unsigned lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			k = 1;
		else if (c >= 0xE0 && c <= 0xEF) {
			k = 2;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			k = 3;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else
			return i;
		if (n - i <= k)
			return i;
		if (p[i + 1] < lo || p[i + 1] > hi)
			return i;
		for (size_t j = 2; j <= k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return i;
		i += k + 1;
	}
	return i;
}

static bool texty(unsigned c)
{
	return c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       (c >= 0x20 && c != 0x7F);
}

/* BOM-less UTF-16: NUL bytes on one parity only. Among the first code
 * units, at least one in eight (and two) has a NUL high byte, nine in ten
 * of those a text low byte (ASCII or Latin-1: spaces, digits and line
 * ends are enough for Cyrillic or Greek text), and at most one in sixteen
 * has a NUL low byte. Binary data has NULs on both parities, or controls.
 * 0: no; 1: little-endian; 2: big-endian. */
static int sniff_utf16(const unsigned char *p, size_t len)
{
	size_t pairs = (len < SNIFF_UTF16 ? len : SNIFF_UTF16) / 2;
	size_t nul_hi[2] = {0, 0}, text[2] = {0, 0}; /* [0]: LE, [1]: BE */
	for (size_t i = 0; i < pairs; i++) {
		unsigned a = p[2 * i], b = p[2 * i + 1];
		if (!b) {
			nul_hi[0]++;
			text[0] += texty(a);
		}
		if (!a) {
			nul_hi[1]++;
			text[1] += texty(b);
		}
	}
	for (int e = 0; e < 2; e++) {
		size_t nul_lo = nul_hi[!e];
		if (nul_hi[e] >= 2 && nul_hi[e] * 8 >= pairs && nul_lo * 16 <= pairs &&
		    text[e] * 10 >= nul_hi[e] * 9)
			return e + 1;
	}
	return 0;
}

static void from_utf16(struct out *o, const unsigned char *p, size_t len, bool be)
{
	for (size_t i = 0; i + 1 < len && !o->err; i += 2) {
		unsigned u = be ? (unsigned)p[i] << 8 | p[i + 1]
				: (unsigned)p[i + 1] << 8 | p[i];
		if (u >= 0xD800 && u < 0xDC00 && i + 3 < len) {
			unsigned l = be ? (unsigned)p[i + 2] << 8 | p[i + 3]
					: (unsigned)p[i + 3] << 8 | p[i + 2];
			if (l >= 0xDC00 && l < 0xE000) {
				u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
				i += 2;
			}
		}
		out_cp(o, u); /* a lone surrogate comes out as U+FFFD */
	}
}

static void from_cp1252(struct out *o, const unsigned char *p, size_t len)
{
	size_t i = 0;
	while (i < len && !o->err) {
		size_t j = i;
		while (j < len && p[j] < 0x80)
			j++;
		out_bytes(o, p + i, j - i);
		if (j == len)
			break;
		unsigned c = p[j];
		out_cp(o, c < 0xA0 ? CP1252[c - 0x80] : c);
		i = j + 1;
	}
}

bool trawl_text_is_utf8(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	if (len >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
		return false;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return false;
	if (sniff_utf16(p, len) || memchr(p, 0, len < SNIFF_BINARY ? len : SNIFF_BINARY))
		return false;
	return utf8_valid(p, len) == len;
}

struct trawl_ex_result trawl_decode_text(const char *data, size_t len,
					 struct trawl_doc *doc)
{
	static const struct trawl_ex_result ok = {TRAWL_EX_COMPLETE, NULL};
	const unsigned char *p = (const unsigned char *)data;
	int u16 = 0;
	doc->mime = "text/plain";
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		u16 = 1;
	else if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		u16 = 2;
	if (u16) {
		p += 2;
		len -= 2;
	} else if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		p += 3;
		len -= 3;
	} else {
		u16 = sniff_utf16(p, len);
	}

	if (!u16 && memchr(p, 0, len < SNIFF_BINARY ? len : SNIFF_BINARY)) {
		doc->mime = "application/octet-stream";
		return (struct trawl_ex_result){TRAWL_EX_SKIPPED,
						"UNSUPPORTED_FILE_TYPE_EXCEPTION"};
	}
	if (!u16 && utf8_valid(p, len) == len)
		return doc_add(doc, (const char *)p, len) ? TOO_BIG : ok;

	/* Converted text is staged 16 KiB at a time. */
	struct out o;
	o.doc = doc;
	o.n = 0;
	o.err = 0;
	if (u16)
		from_utf16(&o, p, len, u16 == 2);
	else
		from_cp1252(&o, p, len);
	out_flush(&o);
	return o.err ? TOO_BIG : ok;
}
