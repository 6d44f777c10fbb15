/*
 * pdf_filter.c - a stream's data, decoded by our own filters (Flate, LZW,
 * ASCII85, ASCIIHex, RunLength) from the raw bytes qpdf hands over.
 *
 * qpdf never decodes a stream for us: its memory use is not bounded (see
 * the README's PDF section), so every filter here writes through a sink that stops at the
 * per-stream cap (max_stream) or at what is left of the document's
 * (max_decoded), whichever is less. Predictors and image filters are not
 * decoded: they are not text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "extract/pdf_internal.h"
#include "util/chars.h"

/* ---- stream filters: each appends to out, never past cap ---- */

struct sink {
	struct buf *out;
	uint64_t cap;
	bool capped;
};

static int put(struct sink *s, const void *p, size_t n)
{
	if (s->out->len + n > s->cap) {
		n = s->cap > s->out->len ? (size_t)(s->cap - s->out->len) : 0;
		s->capped = true;
		if (n)
			buf_add(s->out, p, n);
		return -1;
	}
	return buf_add(s->out, p, n);
}

/* Returns 0, or 1 when the data ended early or was corrupt (what came out
 * before stays). */
static int dec_flate(const unsigned char *in, size_t n, struct sink *s)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* Some producers write raw deflate without the zlib header. */
	int wbits = 15;
	if (n >= 2 && ((in[0] & 0x0F) != 8 || ((in[0] << 8) | in[1]) % 31 != 0))
		wbits = -15;
	if (inflateInit2(&zs, wbits) != Z_OK)
		return 1;
	unsigned char chunk[65536];
	int ret = 0;
	size_t fed = 0;
	for (;;) {
		if (zs.avail_in == 0 && fed < n) {
			size_t k = n - fed > (1u << 30) ? (1u << 30) : n - fed;
			zs.next_in = (Bytef *)(uintptr_t)(in + fed);
			zs.avail_in = (uInt)k;
			fed += k;
		}
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		int rc = inflate(&zs, Z_NO_FLUSH);
		size_t got = sizeof(chunk) - zs.avail_out;
		if (got && put(s, chunk, got))
			break;
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK) {
			/* Input used up without the end marker (a missing
			 * checksum is common) is not damage; corrupt data is. */
			if (!(rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == n))
				ret = 1;
			break;
		}
	}
	inflateEnd(&zs);
	return ret;
}

/* LZW as PDF uses it (9 to 12 bit codes, 256 clear, 257 end). */
static int dec_lzw(const unsigned char *in, size_t n, struct sink *s, int early)
{
	static const int MAXC = 4096;
	uint16_t *prefix = malloc(MAXC * sizeof(uint16_t));
	uint8_t *suffix = malloc(MAXC), *first = malloc(MAXC);
	uint16_t *length = malloc(MAXC * sizeof(uint16_t));
	unsigned char stack[4096];
	int ret = 0;
	if (!prefix || !suffix || !first || !length) {
		ret = 1;
		goto out;
	}
	for (int c = 0; c < 256; c++) {
		prefix[c] = 0xFFFF;
		suffix[c] = (uint8_t)c;
		first[c] = (uint8_t)c;
		length[c] = 1;
	}
	int next = 258, bits = 9, prev = -1;
	uint32_t acc = 0;
	int nacc = 0;
	size_t i = 0;
	for (;;) {
		while (nacc < bits) {
			if (i >= n)
				goto out;
			acc = (acc << 8) | in[i++];
			nacc += 8;
		}
		int code = (int)((acc >> (nacc - bits)) & ((1u << bits) - 1));
		nacc -= bits;
		acc &= (1u << nacc) - 1;
		if (code == 256) {
			next = 258;
			bits = 9;
			prev = -1;
			continue;
		}
		if (code == 257)
			break;
		if (prev < 0) {
			if (code > 255) {
				ret = 1;
				break;
			}
			unsigned char b = (unsigned char)code;
			if (put(s, &b, 1))
				break;
			prev = code;
			continue;
		}
		if (code > next || (code == next && next >= MAXC)) {
			ret = 1;
			break;
		}
		if (next < MAXC) {
			prefix[next] = (uint16_t)prev;
			first[next] = first[prev];
			suffix[next] = code == next ? first[prev] : first[code];
			length[next] = (uint16_t)(length[prev] + 1);
			next++;
		}
		/* Write the string of code, walking its prefixes backwards. */
		int len = length[code];
		int c = code;
		for (int k = len - 1; k >= 0 && c != 0xFFFF; k--) {
			stack[k] = suffix[c];
			c = prefix[c];
		}
		if (put(s, stack, (size_t)len))
			break;
		prev = code;
		if (next + early >= (1 << bits) && bits < 12)
			bits++;
	}
out:
	free(prefix);
	free(suffix);
	free(first);
	free(length);
	return ret;
}

static int dec_ahx(const unsigned char *in, size_t n, struct sink *s)
{
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '>')
			break;
		int v = trawl_hexval(in[i]);
		if (v < 0) {
			if (pdf_space(in[i]))
				continue;
			return 1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			unsigned char b = (unsigned char)(hi << 4 | v);
			if (put(s, &b, 1))
				return 0;
			hi = -1;
		}
	}
	if (hi >= 0) {
		unsigned char b = (unsigned char)(hi << 4);
		put(s, &b, 1);
	}
	return 0;
}

static int dec_a85(const unsigned char *in, size_t n, struct sink *s)
{
	uint64_t v = 0;
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];
		if (pdf_space(c))
			continue;
		if (c == '~')
			break;
		if (c == 'z' && k == 0) {
			static const unsigned char z[4];
			if (put(s, z, 4))
				return 0;
			continue;
		}
		if (c < '!' || c > 'u')
			return 1;
		v = v * 85 + (uint64_t)(c - '!');
		if (++k == 5) {
			if (v > 0xFFFFFFFFu)
				return 1;
			unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
					      (unsigned char)(v >> 8), (unsigned char)v};
			if (put(s, b, 4))
				return 0;
			v = 0;
			k = 0;
		}
	}
	if (k > 1) {
		for (int j = k; j < 5; j++)
			v = v * 85 + 84;
		if (v > 0xFFFFFFFFu)
			return 1;
		unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
				      (unsigned char)(v >> 8), (unsigned char)v};
		put(s, b, (size_t)(k - 1));
	}
	return 0;
}

static int dec_rl(const unsigned char *in, size_t n, struct sink *s)
{
	size_t i = 0;
	while (i < n) {
		unsigned len = in[i++];
		if (len == 128)
			return 0;
		if (len < 128) {
			size_t m = (size_t)len + 1;
			if (m > n - i)
				return 1;
			if (put(s, in + i, m))
				return 0;
			i += m;
		} else {
			if (i >= n)
				return 1;
			unsigned char run[128];
			memset(run, in[i++], sizeof(run));
			if (put(s, run, 257 - len))
				return 0;
		}
	}
	return 0;
}

/* ---- a stream, through its filters ---- */

/* Decodes a stream's data into out, under the per-stream cap and what is
 * left of the document's. -1 when nothing usable came out. */
int pdf_stream_data(struct pdf_ctx *c, qpdf_oh st, struct buf *out)
{
	buf_reset(out);
	if (!st || !qpdf_oh_is_stream(c->q, st))
		return -1;
	const struct trawl_pdf_limits *lim = c->lim;
	uint64_t left = lim->max_decoded > c->decoded ? lim->max_decoded - c->decoded : 0;
	uint64_t cap = lim->max_stream < left ? lim->max_stream : left;
	if (cap == 0) {
		c->flags |= F_SIZE;
		return -1;
	}
	/* The filters, outermost first, and their parameters. */
	char filters[PDF_MAX_FILTERS][32];
	int nf = 0;
	int early = 1;
	bool predictor = false;
	qpdf_oh dict = qpdf_oh_get_dict(c->q, st);
	qpdf_oh f = pdf_key(c, dict, "/Filter");
	qpdf_oh parms = pdf_key(c, dict, "/DecodeParms");
	if (f && qpdf_oh_is_array(c->q, f)) {
		int n = qpdf_oh_get_array_n_items(c->q, f);
		if (n > PDF_MAX_FILTERS) {
			c->flags |= F_DAMAGED;
			n = 0;
			nf = -1;
		}
		for (int i = 0; i < n; i++) {
			qpdf_oh it = qpdf_oh_get_array_item(c->q, f, i);
			const char *nm = pdf_name_of(c, it);
			snprintf(filters[nf++], sizeof(filters[0]), "%s", nm ? nm : "?");
			pdf_oh_free(c, it);
		}
	} else if (f) {
		const char *nm = pdf_name_of(c, f);
		snprintf(filters[nf++], sizeof(filters[0]), "%s", nm ? nm : "?");
	}
	/* Predictors are for images and cross-reference streams; content
	 * streams that use one are not decoded. */
	if (parms) {
		qpdf_oh p = parms;
		if (qpdf_oh_is_array(c->q, parms))
			p = qpdf_oh_get_array_item(c->q, parms, 0);
		double v;
		qpdf_oh pr = pdf_key(c, p, "/Predictor");
		if (pdf_num_of(c, pr, &v) && v > 1)
			predictor = true;
		qpdf_oh ec = pdf_key(c, p, "/EarlyChange");
		if (pdf_num_of(c, ec, &v) && v == 0)
			early = 0;
		pdf_oh_free(c, pr);
		pdf_oh_free(c, ec);
		if (p != parms)
			pdf_oh_free(c, p);
	}
	pdf_oh_free(c, f);
	pdf_oh_free(c, parms);
	pdf_oh_free(c, dict);
	if (nf < 0 || predictor) {
		c->flags |= F_DAMAGED;
		return -1;
	}
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	if (qpdf_oh_get_stream_data(c->q, st, qpdf_dl_none, NULL, &raw, &rawlen) & QPDF_ERRORS) {
		pdf_check_err(c);
		free(raw);
		return -1;
	}
	struct buf a = BUF_INIT, b = BUF_INIT;
	const unsigned char *in = raw;
	size_t inlen = rawlen;
	int rc = 0;
	for (int i = 0; i < nf && rc == 0; i++) {
		const char *nm = filters[i];
		struct buf *o = i == nf - 1 ? out : (i % 2) ? &b : &a;
		buf_reset(o);
		struct sink s = {o, cap, false};
		int r;
		if (!strcmp(nm, "FlateDecode") || !strcmp(nm, "Fl"))
			r = dec_flate(in, inlen, &s);
		else if (!strcmp(nm, "LZWDecode") || !strcmp(nm, "LZW"))
			r = dec_lzw(in, inlen, &s, early);
		else if (!strcmp(nm, "ASCII85Decode") || !strcmp(nm, "A85"))
			r = dec_a85(in, inlen, &s);
		else if (!strcmp(nm, "ASCIIHexDecode") || !strcmp(nm, "AHx"))
			r = dec_ahx(in, inlen, &s);
		else if (!strcmp(nm, "RunLengthDecode") || !strcmp(nm, "RL"))
			r = dec_rl(in, inlen, &s);
		else
			r = -1; /* an image filter, or Crypt: not text */
		if (r > 0)
			c->flags |= F_DAMAGED;
		if (s.capped || (r == 0 && !o->data && o->len == 0 && inlen))
			c->flags |= F_SIZE; /* capped, or no memory for any */
		if (r < 0) {
			c->flags |= F_DAMAGED;
			rc = -1;
			break;
		}
		in = (const unsigned char *)o->data;
		inlen = o->len;
	}
	if (rc == 0 && nf == 0) {
		if (inlen > cap) {
			inlen = (size_t)cap;
			c->flags |= F_SIZE;
		}
		if (buf_add(out, in ? (const char *)in : "", inlen)) {
			c->flags |= F_SIZE;
			rc = -1;
		}
	}
	if (rc == 0)
		c->decoded += out->len;
	free(raw);
	buf_release(&a);
	buf_release(&b);
	return rc;
}
