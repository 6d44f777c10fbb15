/*
 * pdf_content.c - the content-stream interpreter: text operators only
 * (BT/ET, Tf, Td/TD/Tm/T*, Tj/TJ/'/", Tc/Tw/Tz/TL/Ts, q/Q/cm, Do for Form
 * XObjects; inline images skipped). It writes the text into the page,
 * telling lines and word gaps from where the text lands: a new line when
 * the baseline moves by more than half the larger font size, a space when
 * the text starts more than 0.2 em past where the last ended (or goes
 * back by more than an em).
 *
 * Every token counts against the document's budget (max_ops), forms nest
 * at most PDF_MAX_FORM_DEPTH deep and a form that draws itself is drawn
 * once; the graphics-state stack, operands and TJ arrays have caps.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "extract/pdf_internal.h"

struct gstate {
	double ctm[6];
	struct font *font;
	double fs, tc, tw, th, tl, rise;
};

struct opd {
	enum lk kind;      /* LK_NUM, LK_STR, LK_NAME, LK_AOPEN (an array) */
	double num;
	size_t off, len;   /* string / name in the pool */
	size_t first, n;   /* array: elements in interp.arr */
};

struct interp {
	struct pdf_ctx *c;
	qpdf_oh res;
	int depth;
	struct gstate gs;
	struct gstate stack[PDF_MAX_GSTACK];
	int nstack, overflow;
	double tm[6], tlm[6];
	struct opd opd[PDF_MAX_OPERANDS];
	int nopd;
	struct opd *arr;
	size_t narr, aarr;
	struct buf pool;
	/* name -> font for this resource dictionary */
	struct {
		char name[64];
		struct font *f;
	} fcache[32];
	int nfcache;
};

static void mat_mul(const double a[6], const double b[6], double r[6])
{
	double t[6];
	t[0] = a[0] * b[0] + a[1] * b[2];
	t[1] = a[0] * b[1] + a[1] * b[3];
	t[2] = a[2] * b[0] + a[3] * b[2];
	t[3] = a[2] * b[1] + a[3] * b[3];
	t[4] = a[4] * b[0] + a[5] * b[2] + b[4];
	t[5] = a[4] * b[1] + a[5] * b[3] + b[5];
	memcpy(r, t, sizeof(t));
}

const double pdf_identity[6] = {1, 0, 0, 1, 0, 0};

int pdf_page_add(struct pdf_ctx *c, const char *s, size_t n)
{
	if (c->text + n > c->lim->max_text) {
		c->flags |= F_SIZE;
		return -1;
	}
	if (buf_add(&c->page, s, n))
		return -1;
	c->text += n;
	return 0;
}

static void put_cp(struct pdf_ctx *c, unsigned long cp)
{
	if (cp < 0x20 || cp == 0x7F || cp == 0xAD || cp == 0xFEFF)
		return; /* controls, soft hyphens, BOMs */
	if (cp == 0xA0)
		cp = ' ';
	char u[4];
	pdf_page_add(c, u, pdf_utf8_enc(cp, u));
}

static void put_units(struct pdf_ctx *c, const uint16_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned long cp = u[i];
		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 &&
		    u[i + 1] < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		}
		put_cp(c, cp);
	}
}

void pdf_separate(struct pdf_ctx *c, char sep)
{
	size_t n = c->page.len;
	if (n == 0)
		return;
	char last = c->page.data[n - 1];
	if (last == '\n' || (sep == ' ' && last == ' '))
		return;
	if (sep == '\n' && last == ' ')
		c->page.len--; /* no trailing space on a line */
	pdf_page_add(c, &sep, 1);
}

/* Where text space point (x, 0) lands in device space. */
static void text_point(const struct interp *in, double tx, double *x, double *y)
{
	double m[6];
	mat_mul(in->tm, in->gs.ctm, m);
	double ty = in->gs.rise;
	*x = tx * m[0] + ty * m[2] + m[4];
	*y = tx * m[1] + ty * m[3] + m[5];
}

static double text_size(const struct interp *in)
{
	double m[6];
	mat_mul(in->tm, in->gs.ctm, m);
	double s = fabs(in->gs.fs) * sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
	return isfinite(s) && s > 0.01 ? s : 1;
}

/* Shows a string: its text into the page, with a newline or a space
 * before it when its position says so, and moves the text matrix on. */
static void show(struct interp *in, const char *s, size_t n)
{
	struct pdf_ctx *c = in->c;
	struct font *f = in->gs.font;
	double x, y, size = text_size(in);
	text_point(in, 0, &x, &y);
	if (c->have_text) {
		double big = size > c->last_size ? size : c->last_size;
		if (fabs(y - c->last_y) > 0.5 * big)
			pdf_separate(c, '\n');
		else if (x - c->last_x > 0.2 * size || c->last_x - x > big)
			pdf_separate(c, ' ');
	}
	size_t nb_default = f && f->type0 ? 2 : 1;
	for (size_t i = 0; i < n;) {
		size_t nb = nb_default;
		const struct cmap *tu = f ? f->tu : NULL;
		if (tu && tu->ncs) {
			for (size_t len = 1; len <= 4 && i + len <= n; len++) {
				uint32_t code = pdf_be_code(s + i, len);
				bool hit = false;
				for (int k = 0; k < tu->ncs; k++)
					if (tu->cs[k].nbytes == len && tu->cs[k].lo <= code &&
					    code <= tu->cs[k].hi)
						hit = true;
				if (hit) {
					nb = len;
					break;
				}
			}
		}
		if (i + nb > n)
			break;
		uint32_t code = pdf_be_code(s + i, nb);
		i += nb;
		const struct cmap_range *r = tu ? pdf_cmap_find(tu, code, nb) : NULL;
		if (r) {
			if (r->base) {
				uint16_t u[32];
				memcpy(u, tu->u + r->dst, r->dlen * sizeof(u[0]));
				u[r->dlen - 1] = (uint16_t)(u[r->dlen - 1] + (code - r->lo));
				put_units(c, u, r->dlen);
			} else {
				put_units(c, tu->u + r->dst, r->dlen);
			}
		} else if (f && f->utf16) {
			uint16_t u = (uint16_t)code;
			put_units(c, &u, 1);
		} else if (!f || !f->type0) {
			if (f && code < 256 && f->enclen[code])
				pdf_page_add(c, f->enc[code], f->enclen[code]);
			else if (!f)
				put_cp(c, code);
			/* else: a code the font does not map: lost */
		}
		double w = pdf_glyph_width(f, code, nb) / 1000.0;
		double tx = (w * in->gs.fs + in->gs.tc +
			     (nb == 1 && code == 32 ? in->gs.tw : 0)) * in->gs.th;
		if (isfinite(tx)) {
			in->tm[4] += tx * in->tm[0];
			in->tm[5] += tx * in->tm[1];
		}
	}
	text_point(in, 0, &c->last_x, &c->last_y);
	c->last_y = y; /* the baseline the text started on */
	c->last_size = size;
	c->have_text = true;
}

static void td(struct interp *in, double tx, double ty)
{
	in->tlm[4] += tx * in->tlm[0] + ty * in->tlm[2];
	in->tlm[5] += tx * in->tlm[1] + ty * in->tlm[3];
	memcpy(in->tm, in->tlm, sizeof(in->tm));
}

static bool nums(const struct interp *in, int n, double *v)
{
	if (in->nopd < n)
		return false;
	for (int i = 0; i < n; i++) {
		const struct opd *o = &in->opd[in->nopd - n + i];
		if (o->kind != LK_NUM)
			return false;
		v[i] = o->num;
	}
	return true;
}

static const struct opd *last_opd(const struct interp *in, enum lk kind)
{
	if (in->nopd == 0 || in->opd[in->nopd - 1].kind != kind)
		return NULL;
	return &in->opd[in->nopd - 1];
}

/* Do: a Form XObject draws its own content (images are skipped). */
static void do_xobject(struct interp *in, const char *name)
{
	struct pdf_ctx *c = in->c;
	if (in->depth + 1 >= PDF_MAX_FORM_DEPTH)
		return;
	char k[160];
	snprintf(k, sizeof(k), "/%s", name);
	qpdf_oh xs = pdf_key(c, in->res, "/XObject");
	qpdf_oh x = pdf_key(c, xs, k);
	pdf_oh_free(c, xs);
	if (!x || !qpdf_oh_is_stream(c->q, x)) {
		pdf_oh_free(c, x);
		return;
	}
	qpdf_oh d = qpdf_oh_get_dict(c->q, x);
	qpdf_oh st = pdf_key(c, d, "/Subtype");
	const char *sub = pdf_name_of(c, st);
	bool form = sub && !strcmp(sub, "Form");
	pdf_oh_free(c, st);
	int id = qpdf_oh_get_object_id(c->q, x);
	for (int i = 0; form && id > 0 && i < in->depth; i++)
		if (c->forms[i] == id) {
			form = false; /* draws itself: once is enough */
			c->flags |= F_DAMAGED;
		}
	if (form) {
		double m[6], ctm[6];
		c->forms[in->depth] = id;
		memcpy(m, pdf_identity, sizeof(m));
		qpdf_oh mo = pdf_key(c, d, "/Matrix");
		if (mo && qpdf_oh_is_array(c->q, mo) && qpdf_oh_get_array_n_items(c->q, mo) == 6) {
			for (int i = 0; i < 6; i++) {
				qpdf_oh e = qpdf_oh_get_array_item(c->q, mo, i);
				double v;
				if (pdf_num_of(c, e, &v))
					m[i] = v;
				pdf_oh_free(c, e);
			}
		}
		pdf_oh_free(c, mo);
		mat_mul(m, in->gs.ctm, ctm);
		qpdf_oh fres = pdf_key(c, d, "/Resources");
		struct buf content = BUF_INIT;
		if (pdf_stream_data(c, x, &content) == 0)
			pdf_run_content(c, &content, fres ? fres : in->res, ctm, in->depth + 1);
		buf_release(&content);
		pdf_oh_free(c, fres);
	}
	pdf_oh_free(c, d);
	pdf_oh_free(c, x);
}

static struct font *font_named(struct interp *in, const char *name)
{
	for (int i = 0; i < in->nfcache; i++)
		if (!strcmp(in->fcache[i].name, name))
			return in->fcache[i].f;
	struct font *f = pdf_font_get(in->c, in->res, name);
	if (in->nfcache < 32 && strlen(name) < sizeof(in->fcache[0].name)) {
		strcpy(in->fcache[in->nfcache].name, name);
		in->fcache[in->nfcache].f = f;
		in->nfcache++;
	}
	return f;
}

/* After BI ... ID: skips the image data up to EI (between white space). */
static void skip_inline_image(struct lex *l)
{
	if (l->p < l->end)
		l->p++; /* the one white-space byte after ID */
	const unsigned char *p = l->p;
	while (p + 2 <= l->end) {
		const unsigned char *e = memmem(p, (size_t)(l->end - p), "EI", 2);
		if (!e)
			break;
		if ((e == l->p || pdf_space(e[-1])) && (e + 2 == l->end || pdf_space(e[2]))) {
			l->p = e + 2;
			return;
		}
		p = e + 1;
	}
	l->p = l->end;
}

static void operator(struct interp *in, const struct ltok *t, struct lex *l)
{
	double v[6];
	const char *op = (const char *)t->s;
	size_t n = t->n;
#define OP(s) (n == sizeof(s) - 1 && memcmp(op, s, n) == 0)
	if (OP("BT")) {
		memcpy(in->tm, pdf_identity, sizeof(in->tm));
		memcpy(in->tlm, pdf_identity, sizeof(in->tlm));
	} else if (OP("Tf")) {
		if (nums(in, 1, v) && in->nopd >= 2 && in->opd[in->nopd - 2].kind == LK_NAME) {
			const struct opd *o = &in->opd[in->nopd - 2];
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)(o->len < 127 ? o->len : 127),
				 in->pool.data + o->off);
			in->gs.font = font_named(in, name);
			in->gs.fs = v[0];
		}
	} else if (OP("Td")) {
		if (nums(in, 2, v))
			td(in, v[0], v[1]);
	} else if (OP("TD")) {
		if (nums(in, 2, v)) {
			in->gs.tl = -v[1];
			td(in, v[0], v[1]);
		}
	} else if (OP("Tm")) {
		if (nums(in, 6, v)) {
			memcpy(in->tm, v, sizeof(in->tm));
			memcpy(in->tlm, v, sizeof(in->tlm));
		}
	} else if (OP("T*")) {
		td(in, 0, -in->gs.tl);
	} else if (OP("TL")) {
		if (nums(in, 1, v))
			in->gs.tl = v[0];
	} else if (OP("Tc")) {
		if (nums(in, 1, v))
			in->gs.tc = v[0];
	} else if (OP("Tw")) {
		if (nums(in, 1, v))
			in->gs.tw = v[0];
	} else if (OP("Tz")) {
		if (nums(in, 1, v))
			in->gs.th = v[0] / 100;
	} else if (OP("Ts")) {
		if (nums(in, 1, v))
			in->gs.rise = v[0];
	} else if (OP("Tj") || OP("'") || OP("\"")) {
		const struct opd *s = last_opd(in, LK_STR);
		if (OP("\"") && in->nopd >= 3 && in->opd[in->nopd - 3].kind == LK_NUM &&
		    in->opd[in->nopd - 2].kind == LK_NUM) {
			in->gs.tw = in->opd[in->nopd - 3].num;
			in->gs.tc = in->opd[in->nopd - 2].num;
		}
		if (!OP("Tj"))
			td(in, 0, -in->gs.tl);
		if (s)
			show(in, in->pool.data + s->off, s->len);
	} else if (OP("TJ")) {
		const struct opd *a = last_opd(in, LK_AOPEN);
		for (size_t i = 0; a && i < a->n; i++) {
			const struct opd *e = &in->arr[a->first + i];
			if (e->kind == LK_STR) {
				show(in, in->pool.data + e->off, e->len);
			} else if (e->kind == LK_NUM) {
				double tx = -e->num / 1000.0 * in->gs.fs * in->gs.th;
				if (isfinite(tx)) {
					in->tm[4] += tx * in->tm[0];
					in->tm[5] += tx * in->tm[1];
				}
			}
		}
	} else if (OP("q")) {
		if (in->nstack < PDF_MAX_GSTACK)
			in->stack[in->nstack++] = in->gs;
		else
			in->overflow++;
	} else if (OP("Q")) {
		if (in->overflow)
			in->overflow--;
		else if (in->nstack)
			in->gs = in->stack[--in->nstack];
	} else if (OP("cm")) {
		if (nums(in, 6, v))
			mat_mul(v, in->gs.ctm, in->gs.ctm);
	} else if (OP("Do")) {
		const struct opd *o = last_opd(in, LK_NAME);
		if (o) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)(o->len < 127 ? o->len : 127),
				 in->pool.data + o->off);
			do_xobject(in, name);
		}
	} else if (OP("ID")) {
		skip_inline_image(l);
	}
#undef OP
}

int pdf_run_content(struct pdf_ctx *c, const struct buf *content,
		    qpdf_oh res, const double ctm[6], int depth)
{
	struct interp *in = calloc(1, sizeof(*in));
	if (!in)
		return -1;
	in->c = c;
	in->res = res;
	in->depth = depth;
	memcpy(in->gs.ctm, ctm, sizeof(in->gs.ctm));
	in->gs.th = 1;
	memcpy(in->tm, pdf_identity, sizeof(in->tm));
	memcpy(in->tlm, pdf_identity, sizeof(in->tlm));
	struct lex l = {(const unsigned char *)content->data,
			(const unsigned char *)content->data + content->len};
	int array = 0;       /* [ nesting; elements go to in->arr at depth 1 */
	int dict = 0;        /* << nesting: skipped */
	size_t afirst = 0;
	struct ltok t;
	for (;;) {
		if (++c->ops > c->lim->max_ops) {
			c->flags |= F_TIME;
			break;
		}
		if (pdf_lex_next(&l, &in->pool, &t))
			break;
		if (t.kind == LK_EOF)
			break;
		if (t.kind == LK_DOPEN) {
			dict++;
			continue;
		}
		if (t.kind == LK_DCLOSE) {
			if (dict)
				dict--;
			continue;
		}
		if (dict)
			continue;
		if (t.kind == LK_AOPEN) {
			if (array++ == 0)
				afirst = in->narr;
			continue;
		}
		if (t.kind == LK_ACLOSE) {
			if (array && --array == 0 && in->nopd < PDF_MAX_OPERANDS) {
				struct opd *o = &in->opd[in->nopd++];
				o->kind = LK_AOPEN;
				o->first = afirst;
				o->n = in->narr - afirst;
			}
			continue;
		}
		if (array) {
			if (array == 1 && (t.kind == LK_STR || t.kind == LK_NUM) &&
			    in->narr - afirst < PDF_MAX_ARRAY &&
			    VEC_RESERVE(in->arr, in->narr, in->aarr, 1) == 0) {
				struct opd *e = &in->arr[in->narr++];
				e->kind = t.kind;
				e->num = t.num;
				e->off = t.off;
				e->len = t.len;
			}
			continue;
		}
		if (t.kind == LK_OP) {
			operator(in, &t, &l);
			in->nopd = 0;
			in->narr = 0;
			buf_reset(&in->pool);
			continue;
		}
		if (in->nopd == PDF_MAX_OPERANDS) /* garbage: keep the newest */
			in->nopd = 0;
		struct opd *o = &in->opd[in->nopd++];
		o->kind = t.kind;
		o->num = t.num;
		o->off = t.off;
		o->len = t.len;
	}
	buf_release(&in->pool);
	free(in->arr);
	free(in);
	return 0;
}
