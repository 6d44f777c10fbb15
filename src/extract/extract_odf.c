/*
 * extract_odf.c - OpenDocument text, presentations and spreadsheets: the
 * text of content.xml (see office.h).
 */
#include "extract/office.h"
#include "extract/xml.h"

#include <stdlib.h>
#include <string.h>

#define ODF_MAX_SPACES 1000     /* <text:s text:c="N"/> */
#define ODS_MAX_ROW (1ull << 20) /* LibreOffice's limits, and then some */
#define ODS_MAX_COL (1ull << 14)

static uint64_t attr_count(const struct xml *x, const char *name, uint64_t max)
{
	const char *a;
	size_t al;
	uint64_t v = 0;
	if (!xml_attr(x, name, &a, &al) || al == 0)
		return 1;
	for (size_t i = 0; i < al; i++) {
		if (a[i] < '0' || a[i] > '9')
			return 1;
		v = v * 10 + (uint64_t)(a[i] - '0');
		if (v > max)
			return max;
	}
	return v ? v : 1;
}

/* Text-level markup inside a paragraph: spaces, tabs, line breaks. */
static int inline_mark(const struct xml *x, struct buf *out)
{
	if (xml_is(x, "s")) {
		uint64_t n = attr_count(x, "text:c", ODF_MAX_SPACES);
		for (uint64_t i = 0; i < n; i++)
			if (buf_addch(out, ' '))
				return -1;
	} else if (xml_is(x, "tab")) {
		return buf_addch(out, '\t');
	} else if (xml_is(x, "line-break")) {
		return buf_addch(out, '\n');
	}
	return 0;
}

/* content.xml's index, or -1 (the file is then malformed). */
static long content(struct office_zip *z)
{
	long i = office_zip_find(z, "content.xml");
	if (i < 0)
		z->malformed = true;
	return i;
}

/* The text of content.xml, as it comes: paragraphs and headings, '\n'
 * each. */
static size_t odf_walk(struct office_text *t, const char *data, size_t len, bool more)
{
	struct xml x;
	xml_resume(&x, data, len, t->depth, more);
	enum xml_tok tk = XML_EOF;
	while (!t->nomem && (tk = xml_next(&x)) > XML_EOF) {
		if (tk == XML_START) {
			if (xml_is(&x, "p") || xml_is(&x, "h"))
				t->in_text++;
			else if (t->in_text && inline_mark(&x, &t->out))
				t->nomem = true;
		} else if (tk == XML_END) {
			if ((xml_is(&x, "p") || xml_is(&x, "h")) && t->in_text) {
				t->in_text--;
				t->nomem = buf_addch(&t->out, '\n') != 0;
			}
		} else if (t->in_text && xml_text(&x, &t->out)) {
			t->nomem = true;
		}
	}
	return office_walked(t->z, &x, tk, data, &t->depth, &t->end);
}

int office_odf_text(struct office_zip *z, struct office_text *t)
{
	long i = content(z);
	t->walk = odf_walk;
	return i < 0 ? -1 : office_text_part(t, (size_t)i);
}

/* ---- ods ---- */

struct ods_cell {
	uint64_t col;     /* first column, 1-based */
	uint64_t repeat;  /* number-columns-repeated */
	size_t off, len;  /* text in the row's buffer */
};

struct ods {
	struct office_zip *z;
	struct trawl_doc *doc;
	bool *nomem;
	char *table;              /* current table's name, decoded */
	uint64_t row;             /* rows done in this table */
	uint64_t col;             /* columns done in this row */
	uint64_t rows_repeat;
	struct ods_cell *cells;   /* this row's non-empty cells */
	size_t ncells, acells;
	struct buf rowtext;
	long *hdr;                /* column -> header string, */
	size_t *hoff;             /* ... its text in htext (the doc may be
				   * handed over and emptied) */
	struct buf htext;
	size_t nhdr;
	struct buf ref;
	/* the walk, from piece to piece */
	struct buf part;          /* content.xml, or a piece of it */
	struct buf fallback;      /* the value attribute of this cell */
	unsigned depth;
	bool in_cell, in_row;
	int in_para;
	size_t cell_start;
	uint64_t cell_repeat;
	bool done;                /* an error, or the caller said stop */
};

static int set_header(struct ods *o, uint64_t col, const char *v, size_t n)
{
	if (col >= o->nhdr) {
		size_t nn = (size_t)col + 1;
		long *h = realloc(o->hdr, nn * sizeof(*h));
		size_t *off = h ? realloc(o->hoff, nn * sizeof(*off)) : NULL;
		if (h)
			o->hdr = h;
		if (!off)
			return -1;
		o->hoff = off;
		for (size_t i = o->nhdr; i < nn; i++)
			h[i] = -1;
		o->nhdr = nn;
	}
	if (o->hdr[col] < 0) {
		o->hoff[col] = o->htext.len;
		if ((o->hdr[col] = doc_string(o->doc, v, n)) < 0 || buf_add(&o->htext, v, n) ||
		    buf_addch(&o->htext, '\0'))
			return -1;
	}
	return 0;
}

/* Once the doc holds a piece of text, it is handed over (office.h), then
 * the column names go into the emptied doc again. */
static int ods_flush(struct ods *o)
{
	const struct trawl_office_pieces *pc = o->z->pc;
	if (!pc || doc_len(o->doc) < pc->at)
		return 0;
	if (pc->flush(pc->ud, o->doc)) {
		o->done = true;
		return 0;
	}
	const char *mime = o->doc->mime;
	doc_reset(o->doc);
	o->doc->mime = mime;
	for (size_t c = 0; c < o->nhdr; c++)
		if (o->hdr[c] >= 0 && (o->hdr[c] = doc_string(o->doc, o->htext.data + o->hoff[c],
							      strlen(o->htext.data + o->hoff[c]))) < 0)
			return -1;
	return 0;
}

/* A finished row: its cells, the row and each cell repeated as the file
 * says, each repeat of a non-empty cell or row expanded at most
 * TRAWL_ODS_MAX_REPEAT times (empty ones only move the position). */
static int end_row(struct ods *o)
{
	uint64_t rr = o->rows_repeat;
	if (o->ncells) {
		uint64_t rows = rr < TRAWL_ODS_MAX_REPEAT ? rr : TRAWL_ODS_MAX_REPEAT;
		for (uint64_t r = 0; r < rows; r++) {
			uint64_t row = o->row + 1 + r;
			if (row > ODS_MAX_ROW)
				break;
			for (size_t i = 0; i < o->ncells; i++) {
				struct ods_cell *c = &o->cells[i];
				uint64_t cols = c->repeat < TRAWL_ODS_MAX_REPEAT
						? c->repeat : TRAWL_ODS_MAX_REPEAT;
				const char *v = o->rowtext.data + c->off;
				for (uint64_t k = 0; k < cols; k++) {
					uint64_t col = c->col + k;
					if (col > ODS_MAX_COL)
						break;
					if (row == 1 && set_header(o, col, v, c->len))
						return -1;
					long h = col < o->nhdr ? o->hdr[col] : -1;
					if (office_emit_cell(o->doc, &o->ref,
							     o->table ? o->table : "",
							     row, col, h, v, c->len))
						return -1;
				}
			}
		}
	}
	o->row = o->row + rr > ODS_MAX_ROW ? ODS_MAX_ROW + 1 : o->row + rr;
	o->ncells = 0;
	buf_reset(&o->rowtext);
	return 0;
}

static char *decoded_attr(const struct xml *x, const char *name)
{
	const char *a;
	size_t al;
	struct buf b = BUF_INIT;
	if (!xml_attr(x, name, &a, &al))
		return strdup("");
	if (xml_decode(a, al, &b) || buf_addch(&b, '\0')) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* A cell's value when it has no paragraph: one of its value attributes. */
static int value_attr(const struct xml *x, struct buf *out)
{
	static const char *const names[] = {"office:string-value", "office:value",
					    "office:date-value", "office:time-value",
					    "office:boolean-value"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		const char *a;
		size_t al;
		if (xml_attr(x, names[i], &a, &al))
			return xml_decode(a, al, out);
	}
	return 0;
}

/* Walks content.xml's data[0..len) (more: it goes on past it) from where
 * the walk stopped: the bytes used. */
static size_t ods_walk(struct ods *o, const char *data, size_t len, bool more)
{
	struct xml x;
	xml_resume(&x, data, len, o->depth, more);
	enum xml_tok t = XML_EOF;
	while (!o->done) {
		if ((t = xml_next(&x)) <= XML_EOF)
			break;
		if (t == XML_START) {
			if (xml_is(&x, "table") && !o->in_row) {
				free(o->table);
				o->table = decoded_attr(&x, "table:name");
				if (!o->table)
					goto nomem;
				o->row = 0;
				for (size_t i = 0; i < o->nhdr; i++)
					o->hdr[i] = -1;
				buf_reset(&o->htext);
			} else if (xml_is(&x, "table-row") && !o->in_row) {
				o->in_row = true;
				o->col = 0;
				o->ncells = 0;
				o->rows_repeat = attr_count(&x, "table:number-rows-repeated", ODS_MAX_ROW);
			} else if (o->in_row && !o->in_cell &&
				   (xml_is(&x, "table-cell") || xml_is(&x, "covered-table-cell"))) {
				o->cell_repeat = attr_count(&x, "table:number-columns-repeated",
							    ODS_MAX_COL);
				o->in_cell = true;
				o->cell_start = o->rowtext.len;
				buf_reset(&o->fallback);
				if (value_attr(&x, &o->fallback))
					goto nomem;
			} else if (o->in_cell && xml_is(&x, "annotation")) {
				if (xml_skip(&x) != XML_END)
					goto skipped;
			} else if (o->in_cell && (xml_is(&x, "p") || xml_is(&x, "h"))) {
				if (o->in_para == 0 && o->rowtext.len > o->cell_start &&
				    buf_addch(&o->rowtext, '\n'))
					goto nomem;
				o->in_para++;
			} else if (o->in_cell && o->in_para && inline_mark(&x, &o->rowtext)) {
				goto nomem;
			}
		} else if (t == XML_END) {
			if (o->in_cell && (xml_is(&x, "p") || xml_is(&x, "h"))) {
				if (o->in_para)
					o->in_para--;
			} else if (o->in_cell && (xml_is(&x, "table-cell") ||
						  xml_is(&x, "covered-table-cell"))) {
				o->in_cell = false;
				o->in_para = 0;
				if (o->rowtext.len == o->cell_start && o->fallback.len &&
				    buf_add(&o->rowtext, o->fallback.data, o->fallback.len))
					goto nomem;
				if (o->rowtext.len > o->cell_start) {
					if (VEC_RESERVE(o->cells, o->ncells, o->acells, 1))
						goto nomem;
					struct ods_cell *c = &o->cells[o->ncells++];
					c->col = o->col + 1;
					c->repeat = o->cell_repeat;
					c->off = o->cell_start;
					c->len = o->rowtext.len - o->cell_start;
				}
				o->col += o->cell_repeat;
				if (o->col > ODS_MAX_COL)
					o->col = ODS_MAX_COL;
			} else if (o->in_row && !o->in_cell && xml_is(&x, "table-row")) {
				o->in_row = false;
				if (end_row(o) || ods_flush(o))
					goto nomem;
			}
		} else if (o->in_cell && o->in_para) {
			if (xml_text(&x, &o->rowtext))
				goto nomem;
		}
	}
	goto out;
skipped:
	if (x.need) {
		xml_back(&x); /* the annotation again, with more after it */
		t = XML_EOF;
	}
	goto out;
nomem:
	*o->nomem = true;
	t = XML_EOF;
	o->done = true;
out:
	return office_walked(o->z, &x, t, data, &o->depth, &o->done);
}

int office_ods(struct office_zip *z, struct trawl_doc *doc, bool *nomem)
{
	long i = content(z);
	if (i < 0 || office_zip_open_member(z, (size_t)i))
		return -1;
	struct ods o;
	memset(&o, 0, sizeof(o));
	o.z = z;
	o.doc = doc;
	o.nomem = nomem;
	o.rows_repeat = 1;
	o.cell_repeat = 1;
	while (!o.done) {
		office_zip_read_piece(z, &o.part);
		size_t used = ods_walk(&o, o.part.data, o.part.len, !z->cur_end);
		if (z->cur_end)
			break;
		memmove(o.part.data, o.part.data + used, o.part.len - used);
		o.part.len -= used;
	}
	buf_release(&o.part);
	buf_release(&o.fallback);
	buf_release(&o.rowtext);
	buf_release(&o.ref);
	buf_release(&o.htext);
	free(o.cells);
	free(o.hdr);
	free(o.hoff);
	free(o.table);
	return 0;
}
