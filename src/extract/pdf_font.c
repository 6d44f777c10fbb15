/*
 * pdf_font.c - what a font says about its character codes: the text they
 * stand for (ToUnicode CMap, else a predefined Unicode CMap of a CID font,
 * else the simple font's encoding with its /Differences) and how wide
 * they are (/Widths, /W, or the standard 14 fonts' metrics). Fonts are
 * read once per document and cached in the context, up to PDF_MAX_FONTS.
 * Every table read from the file has a cap: ToUnicode ranges and the
 * units they map to, /W entries, /Differences entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/pdf_internal.h"

/* ---- ToUnicode CMaps ---- */

static void cmap_free(struct cmap *m)
{
	if (!m)
		return;
	free(m->r);
	free(m->u);
	free(m);
}

static int cmap_range_cmp(const void *a, const void *b)
{
	const struct cmap_range *x = a, *y = b;
	if (x->nbytes != y->nbytes)
		return x->nbytes < y->nbytes ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Adds a mapping; dst holds UTF-16BE bytes. */
static int cmap_add(struct cmap *m, uint32_t lo, uint32_t hi, size_t nbytes,
		    bool base, const char *dst, size_t dlen)
{
	if (m->n >= PDF_MAX_CMAP || nbytes == 0 || nbytes > 4 || lo > hi)
		return 0;
	size_t units = dlen / 2;
	if (units == 0 || units > 32 || m->nu + units > PDF_MAX_CMAP_UNITS)
		return 0;
	if (VEC_RESERVE(m->r, m->n, m->a, 1) || VEC_RESERVE(m->u, m->nu, m->au, units))
		return -1;
	struct cmap_range *r = &m->r[m->n++];
	r->lo = lo;
	r->hi = hi;
	r->nbytes = (uint8_t)nbytes;
	r->base = base;
	r->dst = (uint32_t)m->nu;
	r->dlen = (uint16_t)units;
	for (size_t i = 0; i < units; i++)
		m->u[m->nu++] = (uint16_t)((unsigned char)dst[2 * i] << 8 |
					   (unsigned char)dst[2 * i + 1]);
	return 0;
}

/* Reads a ToUnicode CMap: codespace ranges, bfchar and bfrange. Anything
 * else in it is skipped; usecmap is not followed. */
static struct cmap *cmap_parse(struct pdf_ctx *c, const struct buf *data)
{
	struct cmap *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	struct lex l = {(const unsigned char *)data->data,
			(const unsigned char *)data->data + data->len};
	struct buf pool = BUF_INIT;
	enum { NONE, CS, BFCHAR, BFRANGE } mode = NONE;
	struct ltok t, prev[3];
	int np = 0;
	bool in_array = false;
	uint32_t arr_code = 0;
	size_t arr_nb = 0;
	uint32_t arr_hi = 0;
	while (c->ops < c->lim->max_ops) {
		if (pool.len > (1u << 20)) {
			buf_reset(&pool);
			np = 0;
		}
		if (pdf_lex_next(&l, &pool, &t))
			break;
		c->ops++;
		if (t.kind == LK_EOF)
			break;
		if (t.kind == LK_OP) {
			if (pdf_op_is(&t, "begincodespacerange"))
				mode = CS;
			else if (pdf_op_is(&t, "beginbfchar"))
				mode = BFCHAR;
			else if (pdf_op_is(&t, "beginbfrange"))
				mode = BFRANGE;
			else
				mode = NONE;
			np = 0;
			buf_reset(&pool);
			continue;
		}
		if (mode == BFRANGE && t.kind == LK_AOPEN && np == 2) {
			in_array = true;
			arr_nb = prev[0].len;
			arr_code = pdf_be_code(pool.data + prev[0].off, prev[0].len);
			arr_hi = pdf_be_code(pool.data + prev[1].off, prev[1].len);
			continue;
		}
		if (in_array) {
			if (t.kind == LK_ACLOSE) {
				in_array = false;
				np = 0;
			} else if (t.kind == LK_STR && arr_code <= arr_hi) {
				if (cmap_add(m, arr_code, arr_code, arr_nb, false,
					     pool.data + t.off, t.len))
					goto fail;
				arr_code++;
			}
			continue;
		}
		if (t.kind != LK_STR || mode == NONE) {
			np = 0;
			continue;
		}
		prev[np++] = t;
		const char *p0 = pool.data + prev[0].off;
		if (mode == CS && np == 2) {
			if (m->ncs < 16 && prev[0].len >= 1 && prev[0].len <= 4 &&
			    prev[0].len == prev[1].len) {
				m->cs[m->ncs].lo = pdf_be_code(p0, prev[0].len);
				m->cs[m->ncs].hi = pdf_be_code(pool.data + prev[1].off, prev[1].len);
				m->cs[m->ncs].nbytes = (uint8_t)prev[0].len;
				m->ncs++;
			}
			np = 0;
		} else if (mode == BFCHAR && np == 2) {
			uint32_t code = pdf_be_code(p0, prev[0].len);
			if (cmap_add(m, code, code, prev[0].len, false,
				     pool.data + prev[1].off, prev[1].len))
				goto fail;
			np = 0;
		} else if (mode == BFRANGE && np == 3) {
			uint32_t lo = pdf_be_code(p0, prev[0].len);
			uint32_t hi = pdf_be_code(pool.data + prev[1].off, prev[1].len);
			if (hi - lo <= 0xFFFF &&
			    cmap_add(m, lo, hi, prev[0].len, true,
				     pool.data + prev[2].off, prev[2].len))
				goto fail;
			np = 0;
		}
	}
	buf_release(&pool);
	if (m->n)
		qsort(m->r, m->n, sizeof(*m->r), cmap_range_cmp);
	return m;
fail:
	buf_release(&pool);
	cmap_free(m);
	return NULL;
}

const struct cmap_range *pdf_cmap_find(const struct cmap *m, uint32_t code,
				       size_t nbytes)
{
	size_t lo = 0, hi = m->n;
	/* The last range starting at or before code, among those of nbytes. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cmap_range *r = &m->r[mid];
		if (r->nbytes < nbytes || (r->nbytes == nbytes && r->lo <= code))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Ranges may overlap: look back a little for one that holds code. */
	for (size_t k = 0; k < 8 && lo > 0; k++, lo--) {
		const struct cmap_range *r = &m->r[lo - 1];
		if (r->nbytes != nbytes)
			break;
		if (r->lo <= code && code <= r->hi)
			return r;
	}
	return NULL;
}

/* ---- fonts ---- */

static void set_enc(struct font *f, int code, const char *u, size_t n)
{
	memcpy(f->enc[code], u, n);
	f->enclen[code] = (uint8_t)n;
}

static void base_encoding(struct font *f, const uint16_t *table)
{
	for (int i = 0; i < 256; i++) {
		f->enclen[i] = 0;
		if (table[i])
			f->enclen[i] = (uint8_t)pdf_utf8_enc(table[i], f->enc[i]);
	}
}

static void read_differences(struct pdf_ctx *c, struct font *f, qpdf_oh diff)
{
	if (!diff || !qpdf_oh_is_array(c->q, diff))
		return;
	int n = qpdf_oh_get_array_n_items(c->q, diff);
	long code = 0;
	for (int i = 0; i < n && i < 1024; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(c->q, diff, i);
		double v;
		if (pdf_num_of(c, it, &v)) {
			code = v >= 0 && v < 256 ? (long)v : 256;
		} else if (qpdf_oh_is_name(c->q, it)) {
			const char *nm = pdf_name_of(c, it);
			if (code >= 0 && code < 256 && nm) {
				char u[4];
				char name[64];
				snprintf(name, sizeof(name), "%s", nm);
				size_t k = pdf_glyph_utf8(name, u);
				if (k)
					set_enc(f, (int)code, u, k);
				else
					f->enclen[code] = 0;
			}
			code++;
		}
		pdf_oh_free(c, it);
	}
}

static void read_cid_widths(struct pdf_ctx *c, struct font *f, qpdf_oh desc)
{
	double v;
	qpdf_oh dw = pdf_key(c, desc, "/DW");
	f->dw = pdf_num_of(c, dw, &v) && v >= 0 && v < 10000 ? (uint16_t)v : 1000;
	pdf_oh_free(c, dw);
	qpdf_oh w = pdf_key(c, desc, "/W");
	if (!w || !qpdf_oh_is_array(c->q, w)) {
		pdf_oh_free(c, w);
		return;
	}
	size_t alloc = 0;
	int n = qpdf_oh_get_array_n_items(c->q, w);
	/* c [w1 w2 ...]  or  cfirst clast w */
	for (int i = 0; i < n && f->ncw < PDF_MAX_CID_WIDTHS;) {
		qpdf_oh a = qpdf_oh_get_array_item(c->q, w, i);
		qpdf_oh b = i + 1 < n ? qpdf_oh_get_array_item(c->q, w, i + 1) : 0;
		double first, last, width;
		if (!pdf_num_of(c, a, &first) || first < 0 || first > 0xFFFFFF) {
			pdf_oh_free(c, a);
			pdf_oh_free(c, b);
			break;
		}
		if (b && qpdf_oh_is_array(c->q, b)) {
			int m = qpdf_oh_get_array_n_items(c->q, b);
			for (int k = 0; k < m && f->ncw < PDF_MAX_CID_WIDTHS; k++) {
				qpdf_oh e = qpdf_oh_get_array_item(c->q, b, k);
				if (pdf_num_of(c, e, &width) && width >= 0 && width < 10000) {
					if (VEC_RESERVE(f->cw, f->ncw, alloc, 1) == 0) {
						f->cw[f->ncw].lo = f->cw[f->ncw].hi = (uint32_t)first + (uint32_t)k;
						f->cw[f->ncw].w = (uint16_t)width;
						f->ncw++;
					}
				}
				pdf_oh_free(c, e);
			}
			i += 2;
		} else {
			qpdf_oh d = i + 2 < n ? qpdf_oh_get_array_item(c->q, w, i + 2) : 0;
			if (pdf_num_of(c, b, &last) && pdf_num_of(c, d, &width) && last >= first &&
			    last <= 0xFFFFFF && width >= 0 && width < 10000 &&
			    VEC_RESERVE(f->cw, f->ncw, alloc, 1) == 0) {
				f->cw[f->ncw].lo = (uint32_t)first;
				f->cw[f->ncw].hi = (uint32_t)last;
				f->cw[f->ncw].w = (uint16_t)width;
				f->ncw++;
			}
			pdf_oh_free(c, d);
			i += 3;
		}
		pdf_oh_free(c, a);
		pdf_oh_free(c, b);
	}
	pdf_oh_free(c, w);
}

void pdf_font_free(struct font *f)
{
	if (!f)
		return;
	cmap_free(f->tu);
	free(f->cw);
	free(f);
}

/* Reads a font dictionary into what text extraction needs. */
static struct font *font_load(struct pdf_ctx *c, qpdf_oh fd)
{
	struct font *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->objid = qpdf_oh_get_object_id(c->q, fd);
	f->gen = qpdf_oh_get_generation(c->q, fd);
	qpdf_oh st = pdf_key(c, fd, "/Subtype");
	const char *sub = pdf_name_of(c, st);
	f->type0 = sub && !strcmp(sub, "Type0");
	bool truetype = sub && !strcmp(sub, "TrueType");
	pdf_oh_free(c, st);
	qpdf_oh bf = pdf_key(c, fd, "/BaseFont");
	const char *base = pdf_name_of(c, bf);
	char basename[128] = "";
	if (base)
		snprintf(basename, sizeof(basename), "%s", base);
	pdf_oh_free(c, bf);
	qpdf_oh enc = pdf_key(c, fd, "/Encoding");
	if (f->type0) {
		const char *en = pdf_name_of(c, enc);
		if (en && !strncmp(en, "Uni", 3) && (strstr(en, "UCS2") || strstr(en, "UTF16")))
			f->utf16 = true;
		qpdf_oh df = pdf_key(c, fd, "/DescendantFonts");
		qpdf_oh desc = df && qpdf_oh_is_array(c->q, df) ? qpdf_oh_get_array_item(c->q, df, 0) : 0;
		read_cid_widths(c, f, desc);
		pdf_oh_free(c, desc);
		pdf_oh_free(c, df);
	} else {
		const uint16_t *table =
			pdf_encoding_named(truetype ? "WinAnsiEncoding" : "StandardEncoding");
		bool symbolic = strstr(basename, "Symbol") || strstr(basename, "Dingbats");
		const char *en = pdf_name_of(c, enc);
		const uint16_t *named = pdf_encoding_named(en);
		qpdf_oh be = 0;
		if (!named && enc && qpdf_oh_is_dictionary(c->q, enc)) {
			be = pdf_key(c, enc, "/BaseEncoding");
			named = pdf_encoding_named(pdf_name_of(c, be));
		}
		if (named)
			table = named;
		base_encoding(f, table);
		if (symbolic && !named) /* no text to speak of: keep ASCII */
			base_encoding(f, pdf_encoding_named("WinAnsiEncoding"));
		if (enc && qpdf_oh_is_dictionary(c->q, enc)) {
			qpdf_oh diff = pdf_key(c, enc, "/Differences");
			read_differences(c, f, diff);
			pdf_oh_free(c, diff);
		}
		pdf_oh_free(c, be);
		double first = 0, v;
		qpdf_oh fc = pdf_key(c, fd, "/FirstChar");
		qpdf_oh ws = pdf_key(c, fd, "/Widths");
		if (pdf_num_of(c, fc, &first) && first >= 0 && first < 256 && ws &&
		    qpdf_oh_is_array(c->q, ws)) {
			int n = qpdf_oh_get_array_n_items(c->q, ws);
			for (int i = 0; i < n && first + i < 256; i++) {
				qpdf_oh it = qpdf_oh_get_array_item(c->q, ws, i);
				if (pdf_num_of(c, it, &v) && v > 0 && v < 10000)
					f->w[(int)first + i] = (uint16_t)v;
				pdf_oh_free(c, it);
			}
		} else {
			f->stdw = pdf_std_widths(basename);
		}
		pdf_oh_free(c, fc);
		pdf_oh_free(c, ws);
	}
	pdf_oh_free(c, enc);
	qpdf_oh tu = pdf_key(c, fd, "/ToUnicode");
	if (tu && qpdf_oh_is_stream(c->q, tu)) {
		struct buf data = BUF_INIT;
		if (pdf_stream_data(c, tu, &data) == 0)
			f->tu = cmap_parse(c, &data);
		buf_release(&data);
	}
	pdf_oh_free(c, tu);
	return f;
}

/* The font a Tf names, from the resources: cached by object, so pages
 * sharing a font read it once. NULL when there is none. */
struct font *pdf_font_get(struct pdf_ctx *c, qpdf_oh res, const char *name)
{
	char k[160];
	snprintf(k, sizeof(k), "/%s", name);
	qpdf_oh fonts = pdf_key(c, res, "/Font");
	qpdf_oh fd = pdf_key(c, fonts, k);
	pdf_oh_free(c, fonts);
	if (!fd || !qpdf_oh_is_dictionary(c->q, fd)) {
		pdf_oh_free(c, fd);
		return NULL;
	}
	int id = qpdf_oh_get_object_id(c->q, fd), gen = qpdf_oh_get_generation(c->q, fd);
	if (id > 0) {
		for (size_t i = 0; i < c->nfonts; i++) {
			if (c->fonts[i]->objid == id && c->fonts[i]->gen == gen) {
				pdf_oh_free(c, fd);
				return c->fonts[i];
			}
		}
	}
	if (c->nfonts >= PDF_MAX_FONTS) {
		/* Full: emptied between pages (fonts in use stay valid). */
		pdf_oh_free(c, fd);
		c->flags |= F_SIZE;
		return NULL;
	}
	struct font *f = font_load(c, fd);
	pdf_oh_free(c, fd);
	if (!f || VEC_RESERVE(c->fonts, c->nfonts, c->afonts, 1)) {
		pdf_font_free(f);
		return NULL;
	}
	if (id <= 0)
		f->objid = -1 - (int)c->nfonts; /* never matches a lookup */
	c->fonts[c->nfonts++] = f;
	return f;
}

double pdf_glyph_width(const struct font *f, uint32_t code, size_t nb)
{
	if (!f)
		return 500;
	if (f->type0) {
		for (size_t i = 0; i < f->ncw; i++) /* short lists in practice */
			if (f->cw[i].lo <= code && code <= f->cw[i].hi)
				return f->cw[i].w;
		return f->dw;
	}
	if (nb != 1 || code > 255)
		return 500;
	if (f->w[code])
		return f->w[code];
	if (f->stdw && f->stdw[code])
		return f->stdw[code];
	return 500;
}
