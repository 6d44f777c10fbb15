/*
 * extract_ooxml.c - docx, pptx and xlsx parts to text (see office.h).
 *
 * Every part goes through the XML tokenizer (xml.h) from a buffer that
 * office_zip_read() filled under the size and ratio limits. A part that
 * ends early (cut at a limit, or malformed) still gives the text before
 * the cut.
 */
#include "extract/office.h"
#include "extract/xml.h"

#include <stdlib.h>
#include <string.h>

#define XLSX_MAX_ROW 1048576u /* Excel's own limits */
#define XLSX_MAX_COL 16384u
#define XLSX_MAX_SHEETS 4096
#define XLSX_MAX_STRINGS 16000000u

/* The text of one part, as it comes: the text of <w:t> / <a:t> (and, in
 * Word, deleted text <w:delText>), '\n' at each paragraph's end and line
 * break, '\t' for a tab inside a run. mc:Fallback holds a second copy of
 * what mc:Choice says (text boxes), and w:instrText field codes, so both
 * are skipped. */
static size_t part_text(struct office_text *t, const char *data, size_t len, bool more)
{
	struct xml x;
	xml_resume(&x, data, len, t->depth, more);
	enum xml_tok tk = XML_EOF;
	while (!t->nomem) {
		if ((tk = xml_next(&x)) <= XML_EOF)
			break;
		if (tk == XML_TEXT) {
			if (t->in_text && xml_text(&x, &t->out))
				t->nomem = true;
		} else if (tk == XML_START) {
			if (xml_is(&x, "t") || (t->word && xml_is(&x, "delText"))) {
				t->in_text++;
			} else if (xml_is(&x, "Fallback") || xml_is(&x, "instrText")) {
				if (xml_skip(&x) != XML_END)
					goto skipped;
			} else if (xml_is(&x, "tabs")) {
				t->in_tabs++;
			} else if (xml_is(&x, "tab") && !t->in_tabs) {
				t->nomem = buf_addch(&t->out, '\t') != 0;
			} else if (xml_is(&x, "br") || xml_is(&x, "cr")) {
				t->nomem = buf_addch(&t->out, '\n') != 0;
			}
		} else if (tk == XML_END) {
			if (xml_is(&x, "t") || (t->word && xml_is(&x, "delText"))) {
				if (t->in_text)
					t->in_text--;
			} else if (xml_is(&x, "tabs")) {
				if (t->in_tabs)
					t->in_tabs--;
			} else if (xml_is(&x, "p")) {
				t->nomem = buf_addch(&t->out, '\n') != 0;
			}
		}
	}
	goto out;
skipped:
	if (x.need) {
		xml_back(&x); /* the element again, with more after it */
		tk = XML_EOF;
	}
out:
	return office_walked(t->z, &x, tk, data, &t->depth, &t->end);
}

static bool has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static bool has_suffix(const char *s, const char *x)
{
	size_t n = strlen(s), m = strlen(x);
	return n >= m && strcmp(s + n - m, x) == 0;
}

int office_docx(struct office_zip *z, struct office_text *t)
{
	long main = office_zip_find(z, "word/document.xml");
	t->walk = part_text;
	t->word = true;
	if (main < 0 || office_text_part(t, (size_t)main))
		return -1;
	static const char *const extra[] = {"word/header", "word/footer",
					    "word/footnotes", "word/endnotes",
					    "word/comments"};
	for (size_t k = 0; k < sizeof(extra) / sizeof(extra[0]); k++) {
		for (size_t i = 0; i < z->n; i++) {
			const char *n = z->names[i];
			if (has_prefix(n, extra[k]) && has_suffix(n, ".xml") &&
			    !strchr(n + strlen(extra[k]), '/') && office_text_part(t, i))
				return -1;
		}
	}
	return 0;
}

struct numbered {
	unsigned long num;
	size_t index;
};

static int num_cmp(const void *a, const void *b)
{
	const struct numbered *x = a, *y = b;
	return x->num < y->num ? -1 : x->num > y->num;
}

/* Members named prefix<N>.xml, in the order of N. */
static size_t numbered_parts(const struct office_zip *z, const char *prefix,
			     struct numbered **out)
{
	size_t n = 0, alloc = 0;
	*out = NULL;
	size_t pl = strlen(prefix);
	for (size_t i = 0; i < z->n; i++) {
		const char *s = z->names[i];
		if (strncmp(s, prefix, pl) != 0)
			continue;
		char *end;
		const char *d = s + pl;
		if (*d < '0' || *d > '9')
			continue;
		unsigned long num = strtoul(d, &end, 10);
		if (strcmp(end, ".xml") != 0)
			continue;
		if (VEC_RESERVE(*out, n, alloc, 1))
			break;
		(*out)[n].num = num;
		(*out)[n].index = i;
		n++;
	}
	if (n)
		qsort(*out, n, sizeof(**out), num_cmp);
	return n;
}

int office_pptx(struct office_zip *z, struct office_text *t)
{
	static const char *const kinds[] = {"ppt/slides/slide",
					    "ppt/notesSlides/notesSlide"};
	t->walk = part_text;
	for (size_t k = 0; k < 2; k++) {
		struct numbered *parts;
		size_t n = numbered_parts(z, kinds[k], &parts);
		for (size_t i = 0; i < n; i++)
			if (office_text_part(t, parts[i].index))
				break;
		free(parts);
	}
	return 0;
}

/* ---- xlsx: cells ---- */

struct sheet {
	char *name;     /* decoded */
	char *rid;      /* raw r:id */
	char *path;     /* member name, from the relationships */
};

struct xlsx {
	struct office_zip *z;
	struct trawl_doc *doc;
	bool *nomem;
	struct sheet *sheets;
	size_t nsheets;
	struct buf ss;          /* shared strings, back to back */
	size_t *ss_off;         /* ss_off[i] .. ss_off[i + 1] */
	size_t nss;
	long *hdr;              /* column -> header string, or -1 */
	size_t *hoff;           /* ... its text in htext (the doc may be emptied) */
	struct buf htext;
	size_t nhdr;
	struct buf val;         /* the current cell's value */
	struct buf ref;         /* the current cell reference string */
	struct buf part;        /* a sheet, or a piece of one */
	bool stop;              /* the caller's flush said stop */
};

static char *dup_decoded(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	if (xml_decode(s, n, &b) || buf_addch(&b, '\0')) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int load_part(struct office_zip *z, const char *name, struct buf *out)
{
	long i = office_zip_find(z, name);
	if (i < 0)
		return -1;
	return office_zip_read(z, (size_t)i, out) < 0 ? -1 : 0;
}

static int read_workbook(struct xlsx *w)
{
	struct buf part = BUF_INIT;
	size_t alloc = 0;
	if (load_part(w->z, "xl/workbook.xml", &part)) {
		w->z->malformed = true;
		return -1;
	}
	struct xml x;
	xml_init(&x, part.data, part.len);
	enum xml_tok t;
	while ((t = xml_next(&x)) > XML_EOF && w->nsheets < XLSX_MAX_SHEETS) {
		if (t != XML_START || !xml_is(&x, "sheet"))
			continue;
		const char *nm, *rid;
		size_t nml, ridl;
		/* r:id, whatever the relationships namespace's prefix is */
		if (!xml_attr(&x, "name", &nm, &nml) ||
		    (!xml_attr(&x, "r:id", &rid, &ridl) && !xml_attr(&x, "id", &rid, &ridl)))
			continue;
		if (VEC_RESERVE(w->sheets, w->nsheets, alloc, 1)) {
			*w->nomem = true;
			break;
		}
		struct sheet *s = &w->sheets[w->nsheets];
		memset(s, 0, sizeof(*s));
		s->name = dup_decoded(nm, nml);
		s->rid = strndup(rid, ridl);
		w->nsheets++;
		if (!s->name || !s->rid) {
			*w->nomem = true;
			break;
		}
	}
	if (t == XML_ERROR && !w->z->limit)
		w->z->malformed = true;
	buf_release(&part);
	return 0;
}

/* Target="worksheets/sheet1.xml" is relative to xl/; "/xl/..." is from
 * the package root. "../" steps up (not above the root). */
static char *resolve_target(const char *t, size_t n)
{
	struct buf b = BUF_INIT;
	char *dec = dup_decoded(t, n);
	if (!dec)
		return NULL;
	const char *p = dec;
	if (*p == '/')
		p++;
	else if (buf_addstr(&b, "xl/"))
		goto fail;
	while (*p) {
		if (strncmp(p, "../", 3) == 0) {
			p += 3;
			if (b.len) {
				b.len--; /* drop the trailing '/' */
				while (b.len && b.data[b.len - 1] != '/')
					b.len--;
			}
			continue;
		}
		const char *slash = strchr(p, '/');
		size_t l = slash ? (size_t)(slash - p) + 1 : strlen(p);
		if (!(l == 2 && strncmp(p, "./", 2) == 0) && buf_add(&b, p, l))
			goto fail;
		p += l;
	}
	free(dec);
	if (buf_addch(&b, '\0'))
		goto fail2;
	return buf_detach(&b, NULL);
fail:
	free(dec);
fail2:
	buf_release(&b);
	return NULL;
}

static void read_rels(struct xlsx *w)
{
	struct buf part = BUF_INIT;
	if (load_part(w->z, "xl/_rels/workbook.xml.rels", &part)) {
		w->z->malformed = true;
		return;
	}
	struct xml x;
	xml_init(&x, part.data, part.len);
	enum xml_tok t;
	while ((t = xml_next(&x)) > XML_EOF) {
		if (t != XML_START || !xml_is(&x, "Relationship"))
			continue;
		const char *id, *tg;
		size_t idl, tgl;
		if (!xml_attr(&x, "Id", &id, &idl) || !xml_attr(&x, "Target", &tg, &tgl))
			continue;
		for (size_t i = 0; i < w->nsheets; i++) {
			struct sheet *s = &w->sheets[i];
			if (!s->path && strlen(s->rid) == idl && memcmp(s->rid, id, idl) == 0)
				s->path = resolve_target(tg, tgl);
		}
	}
	buf_release(&part);
}

/* <si> is one string: the text of its <t> elements (several in rich text
 * runs), leaving out phonetic guides (<rPh>). */
/* Where the shared strings' parse is, from piece to piece (pieces of
 * whole <si> items). */
struct ss_walk {
	int in_si, in_t, in_rph;
	size_t alloc;
	unsigned depth;
	bool done;
};

static size_t shared_strings(struct xlsx *w, struct ss_walk *k, const char *data, size_t len,
			     bool more)
{
	struct xml x;
	xml_resume(&x, data, len, k->depth, more);
	enum xml_tok t = XML_EOF;
	while ((t = xml_next(&x)) > XML_EOF && w->nss < XLSX_MAX_STRINGS) {
		if (t == XML_START) {
			if (xml_is(&x, "si"))
				k->in_si = 1;
			else if (xml_is(&x, "rPh"))
				k->in_rph++;
			else if (xml_is(&x, "t"))
				k->in_t++;
		} else if (t == XML_END) {
			if (xml_is(&x, "rPh") && k->in_rph)
				k->in_rph--;
			else if (xml_is(&x, "t") && k->in_t)
				k->in_t--;
			else if (xml_is(&x, "si") && k->in_si) {
				k->in_si = 0;
				if (VEC_RESERVE(w->ss_off, w->nss + 1, k->alloc, 1)) {
					*w->nomem = true;
					break;
				}
				w->ss_off[++w->nss] = w->ss.len;
			}
		} else if (k->in_si && k->in_t && !k->in_rph) {
			if (xml_text(&x, &w->ss)) {
				*w->nomem = true;
				break;
			}
		}
	}
	return office_walked(w->z, &x, t, data, &k->depth, &k->done);
}

/* The shared strings, read in pieces when the workbook is read in
 * pieces: only the strings are kept. */
static void read_shared_strings(struct xlsx *w)
{
	struct ss_walk k = {0};
	long m = office_zip_find(w->z, "xl/sharedStrings.xml");
	if (m < 0)
		return; /* optional */
	if (VEC_RESERVE(w->ss_off, 0, k.alloc, 1)) {
		*w->nomem = true;
		return;
	}
	w->ss_off[0] = 0;
	buf_reset(&w->part);
	if (office_zip_open_member(w->z, (size_t)m))
		return;
	while (!k.done && !*w->nomem) {
		office_zip_read_piece(w->z, &w->part);
		size_t used = shared_strings(w, &k, w->part.data, w->part.len, !w->z->cur_end);
		if (w->z->cur_end)
			break;
		memmove(w->part.data, w->part.data + used, w->part.len - used);
		w->part.len -= used;
	}
}

/* "C5" -> row 5, column 3. false when it is not a reference in Excel's
 * range. */
static bool parse_ref(const char *s, size_t n, uint64_t *row, uint64_t *col)
{
	size_t i = 0;
	uint64_t c = 0, r = 0;
	for (; i < n && i < 3; i++) {
		char ch = s[i];
		if (ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 'a' + 'A');
		if (ch < 'A' || ch > 'Z')
			break;
		c = c * 26 + (uint64_t)(ch - 'A' + 1);
	}
	if (i == 0 || i == n)
		return false;
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || r > XLSX_MAX_ROW)
			return false;
		r = r * 10 + (uint64_t)(s[i] - '0');
	}
	if (r == 0 || r > XLSX_MAX_ROW || c > XLSX_MAX_COL)
		return false;
	*row = r;
	*col = c;
	return true;
}

static bool parse_uint(const char *s, size_t n, uint64_t max, uint64_t *v)
{
	uint64_t r = 0;
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		r = r * 10 + (uint64_t)(s[i] - '0');
		if (r > max)
			return false;
	}
	*v = r;
	return true;
}

enum cell_type { C_NUM, C_SHARED, C_INLINE, C_BOOL, C_OTHER };

typedef int (*cell_fn)(struct xlsx *w, const struct sheet *s, uint64_t row,
		       uint64_t col, const char *v, size_t n);

/* The value of a finished cell, as text, into w->val's place: returns the
 * bytes (borrowed) or NULL when empty. */
static const char *cell_value(struct xlsx *w, enum cell_type ty, size_t *n)
{
	const char *v = w->val.data;
	*n = w->val.len;
	if (ty == C_SHARED) {
		uint64_t idx;
		if (!parse_uint(v, *n, SIZE_MAX, &idx) || idx >= w->nss)
			return NULL;
		*n = w->ss_off[idx + 1] - w->ss_off[idx];
		return w->ss.data + w->ss_off[idx];
	}
	if (ty == C_BOOL && *n == 1) {
		v = v[0] == '1' ? "TRUE" : "FALSE";
		*n = strlen(v);
	}
	return *n ? v : NULL;
}

/* Where a sheet's walk is, from piece to piece (pieces of whole rows). */
struct walk {
	uint64_t row, col;
	bool in_c, in_v, in_is;
	int in_t, in_rph;
	enum cell_type ty;
	unsigned depth;         /* the XML's open elements */
	bool done;              /* an error, or fn said stop */
};

/* Walks the worksheet XML data[0..len) (all of it, or whole rows of it
 * from where k left off), calling fn for each non-empty cell. With
 * only_row1, rows whose r is not 1 are skipped unread. */
static size_t walk_sheet(struct xlsx *w, const struct sheet *s, struct walk *k,
			 const char *data, size_t len, bool more, bool only_row1, cell_fn fn)
{
	struct xml x;
	xml_resume(&x, data, len, k->depth, more);
	enum xml_tok t = XML_EOF;
	struct walk was;
	while (!k->done && !*w->nomem) {
		/* where to go back to if an element skipped goes on past
		 * the piece */
		was = *k;
		if ((t = xml_next(&x)) <= XML_EOF)
			break;
		if (t == XML_START) {
			const char *a;
			size_t al;
			if (xml_is(&x, "row")) {
				uint64_t r;
				if (xml_attr(&x, "r", &a, &al) && parse_uint(a, al, XLSX_MAX_ROW, &r) && r)
					k->row = r;
				else
					k->row++;
				k->col = 0;
				if (only_row1 && k->row != 1 && xml_skip(&x) != XML_END)
					goto skipped;
			} else if (xml_is(&x, "c")) {
				uint64_t r, c;
				if (xml_attr(&x, "r", &a, &al) && parse_ref(a, al, &r, &c)) {
					k->row = r;
					k->col = c;
				} else {
					k->col++;
				}
				k->ty = C_NUM;
				if (xml_attr(&x, "t", &a, &al)) {
					if (al == 1 && a[0] == 's')
						k->ty = C_SHARED;
					else if (al == 9 && memcmp(a, "inlineStr", 9) == 0)
						k->ty = C_INLINE;
					else if (al == 1 && a[0] == 'b')
						k->ty = C_BOOL;
					else if (!(al == 1 && a[0] == 'n'))
						k->ty = C_OTHER;
				}
				k->in_c = true;
				buf_reset(&w->val);
				if (x.empty)
					k->in_c = false; /* its END comes next, nothing to add */
			} else if (k->in_c && xml_is(&x, "v")) {
				k->in_v = true;
			} else if (k->in_c && xml_is(&x, "is")) {
				k->in_is = true;
			} else if (k->in_is && xml_is(&x, "rPh")) {
				k->in_rph++;
			} else if (k->in_is && xml_is(&x, "t")) {
				k->in_t++;
			} else if (k->in_c && xml_is(&x, "f")) {
				if (xml_skip(&x) != XML_END)
					goto skipped;
			}
		} else if (t == XML_END) {
			if (xml_is(&x, "v")) {
				k->in_v = false;
			} else if (xml_is(&x, "is")) {
				k->in_is = false;
			} else if (xml_is(&x, "rPh")) {
				if (k->in_rph)
					k->in_rph--;
			} else if (xml_is(&x, "t")) {
				if (k->in_t)
					k->in_t--;
			} else if (xml_is(&x, "c") && k->in_c) {
				k->in_c = false;
				size_t n;
				const char *v = cell_value(w, k->ty, &n);
				if (v && k->row && k->col && k->row <= XLSX_MAX_ROW &&
				    k->col <= XLSX_MAX_COL && (!only_row1 || k->row == 1) &&
				    fn(w, s, k->row, k->col, v, n))
					k->done = true;
			}
		} else if (k->in_c &&
			   ((k->in_v && k->ty != C_INLINE) || (k->in_is && k->in_t && !k->in_rph))) {
			if (xml_text(&x, &w->val)) {
				*w->nomem = true;
				break;
			}
		}
	}
	goto out;
skipped:
	if (x.need) {
		*k = was; /* the element again, with more after it */
		xml_back(&x);
		t = XML_EOF;
	}
out:
	return office_walked(w->z, &x, t, data, &k->depth, &k->done);
}

/* Walks sheet member m, inflated in pieces. */
static void walk_member(struct xlsx *w, const struct sheet *s, size_t m, bool only_row1,
			cell_fn fn)
{
	struct walk k = {0};
	buf_reset(&w->part);
	if (office_zip_open_member(w->z, m))
		return;
	while (!k.done && !*w->nomem) {
		office_zip_read_piece(w->z, &w->part);
		size_t used = walk_sheet(w, s, &k, w->part.data, w->part.len, !w->z->cur_end,
					 only_row1, fn);
		if (w->z->cur_end)
			break;
		memmove(w->part.data, w->part.data + used, w->part.len - used);
		w->part.len -= used;
	}
}

static int header_cell(struct xlsx *w, const struct sheet *s, uint64_t row,
		       uint64_t col, const char *v, size_t n)
{
	(void)s;
	(void)row;
	if (col >= w->nhdr) {
		size_t nn = (size_t)col + 1;
		long *h = realloc(w->hdr, nn * sizeof(*h));
		size_t *o = h ? realloc(w->hoff, nn * sizeof(*o)) : NULL;
		if (h)
			w->hdr = h;
		if (!o) {
			*w->nomem = true;
			return -1;
		}
		w->hoff = o;
		for (size_t i = w->nhdr; i < nn; i++)
			h[i] = -1;
		w->nhdr = nn;
	}
	if (w->hdr[col] < 0) {
		w->hdr[col] = doc_string(w->doc, v, n);
		w->hoff[col] = w->htext.len;
		if (buf_add(&w->htext, v, n) || buf_addch(&w->htext, '\0')) {
			*w->nomem = true;
			return -1;
		}
	}
	return 0;
}

static int emit_cell(struct xlsx *w, const struct sheet *s, uint64_t row,
		     uint64_t col, const char *v, size_t n)
{
	long h = col < w->nhdr ? w->hdr[col] : -1;
	if (office_emit_cell(w->doc, &w->ref, s->name, row, col, h, v, n)) {
		*w->nomem = true;
		return -1;
	}
	const struct trawl_office_pieces *pc = w->z->pc;
	if (pc && doc_len(w->doc) >= pc->at) {
		/* handed over; then the column names again */
		if (pc->flush(pc->ud, w->doc)) {
			w->stop = true;
			return -1;
		}
		const char *mime = w->doc->mime;
		doc_reset(w->doc);
		w->doc->mime = mime;
		for (size_t c = 0; c < w->nhdr; c++)
			if (w->hdr[c] >= 0)
				w->hdr[c] = doc_string(w->doc, w->htext.data + w->hoff[c],
						       strlen(w->htext.data + w->hoff[c]));
	}
	return 0;
}

int office_xlsx(struct office_zip *z, struct trawl_doc *doc, bool *nomem)
{
	struct xlsx w;
	memset(&w, 0, sizeof(w));
	w.z = z;
	w.doc = doc;
	w.nomem = nomem;
	w.val.cap = (size_t)z->lim.max_part;
	if (read_workbook(&w) == 0) {
		read_rels(&w);
		read_shared_strings(&w);
	}
	for (size_t i = 0; i < w.nsheets && !*nomem && !z->limit && !w.stop; i++) {
		struct sheet *s = &w.sheets[i];
		long m = s->path ? office_zip_find(z, s->path) : -1;
		if (m < 0) {
			z->malformed = true;
			continue;
		}
		/* Row 1 first, wherever it is stored: it names the columns. */
		for (size_t c = 0; c < w.nhdr; c++)
			w.hdr[c] = -1;
		buf_reset(&w.htext);
		if (z->pc) {
			/* inflated twice, in pieces */
			walk_member(&w, s, (size_t)m, true, header_cell);
			walk_member(&w, s, (size_t)m, false, emit_cell);
			continue;
		}
		if (office_zip_read(z, (size_t)m, &w.part) < 0)
			continue;
		struct walk k1 = {0}, k2 = {0};
		walk_sheet(&w, s, &k1, w.part.data, w.part.len, false, true, header_cell);
		walk_sheet(&w, s, &k2, w.part.data, w.part.len, false, false, emit_cell);
	}
	buf_release(&w.part);
	buf_release(&w.htext);
	free(w.hoff);
	for (size_t i = 0; i < w.nsheets; i++) {
		free(w.sheets[i].name);
		free(w.sheets[i].rid);
		free(w.sheets[i].path);
	}
	free(w.sheets);
	buf_release(&w.ss);
	free(w.ss_off);
	free(w.hdr);
	buf_release(&w.val);
	buf_release(&w.ref);
	return 0;
}
