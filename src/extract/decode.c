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

/* Length of the longest valid UTF-8 prefix (no overlongs, surrogates or
 * code points past U+10FFFF). */
size_t trawl_utf8_valid(const char *data, size_t n)
{
	const unsigned char *p = (const unsigned char *)data;
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

size_t trawl_utf8_open(const char *data, size_t n)
{
	const unsigned char *p = (const unsigned char *)data;
	for (size_t k = 1; k <= 3 && k <= n; k++) {
		unsigned c = p[n - k];
		if ((c & 0xC0) == 0x80)
			continue; /* a continuation byte: look further back */
		size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
		if (need <= k)
			return 0;
		/* open if some continuation makes it whole: the bytes
		 * missing filled in with 0x80 or, for E0 and F0, 0xA0 */
		for (int fill = 0x80; fill <= 0xA0; fill += 0x20) {
			char t[4];
			memcpy(t, data + n - k, k);
			memset(t + k, fill, need - k);
			if (trawl_utf8_valid(t, need) == need)
				return k;
		}
		return 0;
	}
	return 0;
}

/* What the first bytes alone decide: a byte-order mark or UTF-16 without
 * one, binary data; else TRAWL_ENC_UTF8 for "UTF-8 or Windows-1252", which
 * only a pass over all of it decides. */
static enum trawl_enc head_encoding(const char *data, size_t len, size_t *skip)
{
	const unsigned char *p = (const unsigned char *)data;
	*skip = 0;
	if (len >= 2 && p[0] == 0xFF && p[1] == 0xFE)
		return *skip = 2, TRAWL_ENC_UTF16LE;
	if (len >= 2 && p[0] == 0xFE && p[1] == 0xFF)
		return *skip = 2, TRAWL_ENC_UTF16BE;
	if (len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		*skip = 3;
	} else {
		int u16 = sniff_utf16(p, len);
		if (u16)
			return u16 == 1 ? TRAWL_ENC_UTF16LE : TRAWL_ENC_UTF16BE;
	}
	data += *skip;
	len -= *skip;
	if (memchr(data, 0, len < SNIFF_BINARY ? len : SNIFF_BINARY))
		return TRAWL_ENC_BINARY;
	return TRAWL_ENC_UTF8;
}

bool trawl_text_binary(const char *data, size_t len)
{
	size_t skip;
	return head_encoding(data, len, &skip) == TRAWL_ENC_BINARY;
}

enum trawl_enc trawl_text_encoding(const char *data, size_t len, bool complete, size_t *skip)
{
	enum trawl_enc e = head_encoding(data, len, skip);
	if (e != TRAWL_ENC_UTF8)
		return e;
	data += *skip;
	len -= *skip;
	size_t v = trawl_utf8_valid(data, len);
	if (v == len || (!complete && trawl_utf8_open(data, len) == len - v))
		return TRAWL_ENC_UTF8;
	return TRAWL_ENC_CP1252;
}

size_t trawl_decode_some(enum trawl_enc enc, const char *src, size_t len, bool final,
			 char *out, size_t *used)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t i = 0, o = 0;
	if (enc == TRAWL_ENC_CP1252) {
		while (i < len) {
			size_t j = i;
			while (j < len && p[j] < 0x80)
				j++;
			memcpy(out + o, p + i, j - i);
			o += j - i;
			if (j == len) {
				i = j;
				break;
			}
			unsigned c = p[j];
			o += trawl_utf8_put(c < 0xA0 ? CP1252[c - 0x80] : c, out + o);
			i = j + 1;
		}
		*used = i;
		return o;
	}
	bool be = enc == TRAWL_ENC_UTF16BE;
	for (; i + 1 < len; i += 2) {
		unsigned u = be ? (unsigned)p[i] << 8 | p[i + 1] : (unsigned)p[i + 1] << 8 | p[i];
		if (u >= 0xD800 && u < 0xDC00) {
			if (i + 3 >= len && !final)
				break; /* its pair may be in what follows */
			if (i + 3 < len) {
				unsigned l = be ? (unsigned)p[i + 2] << 8 | p[i + 3]
						: (unsigned)p[i + 3] << 8 | p[i + 2];
				if (l >= 0xDC00 && l < 0xE000) {
					u = 0x10000 + ((u - 0xD800) << 10) + (l - 0xDC00);
					i += 2;
				}
			}
		}
		o += trawl_utf8_put(u, out + o); /* a lone surrogate: U+FFFD */
	}
	*used = final ? len : i; /* an odd last byte is no character */
	return o;
}

bool trawl_text_is_utf8(const char *data, size_t len)
{
	size_t skip;
	return trawl_text_encoding(data, len, true, &skip) == TRAWL_ENC_UTF8 && !skip;
}

struct trawl_ex_result trawl_decode_text(const char *data, size_t len,
					 struct trawl_doc *doc)
{
	static const struct trawl_ex_result ok = {TRAWL_EX_COMPLETE, NULL};
	size_t skip;
	enum trawl_enc enc = trawl_text_encoding(data, len, true, &skip);
	doc->mime = "text/plain";
	if (enc == TRAWL_ENC_BINARY) {
		doc->mime = "application/octet-stream";
		return (struct trawl_ex_result){TRAWL_EX_SKIPPED,
						"UNSUPPORTED_FILE_TYPE_EXCEPTION"};
	}
	data += skip;
	len -= skip;
	if (enc == TRAWL_ENC_UTF8)
		return doc_add(doc, data, len) ? TOO_BIG : ok;
	/* converted 4 KiB at a time (a byte becomes at most 3) */
	char buf[3 * 4096];
	while (len) {
		size_t used, n = trawl_decode_some(enc, data, len < 4096 ? len : 4096,
						   len <= 4096, buf, &used);
		if (n && doc_add(doc, buf, n))
			return TOO_BIG;
		if (!used)
			break;
		data += used;
		len -= used;
	}
	return ok;
}
