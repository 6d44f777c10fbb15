/*
 * extract_office.c - the zip side of office documents: detection, reading
 * parts under the size and ratio limits, the result status, and the
 * dispatch to extract_ooxml.c and extract_odf.c.
 */
#include "extract/office.h"
#include "extract/xml.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>
#include <string.h>

#define RATIO_GRACE (1u << 20) /* parts below this are never "bombs" */
#define CHUNK 65536
#define CDIR_MAX ((size_t)64 << 20) /* a directory read from a source */

static const struct trawl_office_limits default_limits =
	TRAWL_OFFICE_LIMITS_DEFAULT;

static const char MIME_DOCX[] =
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document";
static const char MIME_XLSX[] =
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
static const char MIME_PPTX[] =
	"application/vnd.openxmlformats-officedocument.presentationml.presentation";
static const char MIME_ODT[] = "application/vnd.oasis.opendocument.text";
static const char MIME_ODS[] = "application/vnd.oasis.opendocument.spreadsheet";
static const char MIME_ODP[] = "application/vnd.oasis.opendocument.presentation";

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

bool trawl_is_ole2(const char *data, size_t len)
{
	static const unsigned char magic[8] = {0xD0, 0xCF, 0x11, 0xE0,
					       0xA1, 0xB1, 0x1A, 0xE1};
	return len >= 8 && memcmp(data, magic, 8) == 0;
}

/* OpenDocument puts an uncompressed member "mimetype" first (ODF 1.2 part
 * 3, 3.3), so its type can be read from the first local header. */
static const char *odf_mime(const char *data, size_t len)
{
	const unsigned char *p = (const unsigned char *)data;
	if (len < 38 || memcmp(p, "PK\3\4", 4) != 0)
		return NULL;
	uint16_t method = le16(p + 8);
	uint32_t csize = le32(p + 18);
	uint16_t nlen = le16(p + 26), xlen = le16(p + 28);
	if (method != 0 || nlen != 8 || memcmp(p + 30, "mimetype", 8) != 0)
		return NULL;
	size_t off = 30 + (size_t)nlen + xlen;
	if (csize > 128 || off > len || len - off < csize)
		return NULL;
	static const char *const types[] = {MIME_ODT, MIME_ODS, MIME_ODP};
	for (size_t i = 0; i < 3; i++) {
		size_t tl = strlen(types[i]);
		if (csize == tl && memcmp(p + off, types[i], tl) == 0)
			return types[i];
	}
	return NULL;
}

static const char *ooxml_mime(const struct office_zip *z)
{
	if (office_zip_find(z, "[Content_Types].xml") < 0)
		return NULL;
	if (office_zip_find(z, "word/document.xml") >= 0)
		return MIME_DOCX;
	if (office_zip_find(z, "xl/workbook.xml") >= 0)
		return MIME_XLSX;
	if (office_zip_find(z, "ppt/presentation.xml") >= 0)
		return MIME_PPTX;
	return NULL;
}

/* ---- the central directory: compressed sizes for the ratio check ---- */

struct cd_entry {
	const char *name; /* into the input, not NUL-terminated */
	size_t nlen;
	uint64_t csize;
};

static int cd_cmp(const void *a, const void *b)
{
	const struct cd_entry *x = a, *y = b;
	size_t n = x->nlen < y->nlen ? x->nlen : y->nlen;
	int c = memcmp(x->name, y->name, n);
	if (c)
		return c;
	return x->nlen < y->nlen ? -1 : x->nlen > y->nlen;
}

/* n bytes at off of the zip: in its data, or read from its source into
 * hold (NULL when they cannot be). */
static const unsigned char *bytes_at(const struct office_zip *z, uint64_t off, size_t n,
				     struct buf *hold)
{
	if (!z->src)
		return (const unsigned char *)z->data + off;
	buf_reset(hold);
	long got;
	if (buf_grow(hold, n + 1) ||
	    (got = trawl_source_read_at(z->src, off, hold->data, n)) < 0 || (size_t)got != n)
		return NULL;
	return (const unsigned char *)hold->data;
}

/* Reads the central directory's (name, compressed size) pairs, sorted by
 * name (the names in cdir). Any inconsistency just ends the list: the
 * sizes are only used to make the ratio check tighter (unknown sizes fall
 * back to the file's length). Zip64 directories are not read. */
static size_t cd_read(const struct office_zip *z, size_t max, struct cd_entry **out,
		      struct buf *cdir)
{
	*out = NULL;
	if (z->size < 22)
		return 0;
	/* the end of central directory record, in the last 64 KiB */
	size_t tl = z->size - 22 > 65535 ? 22 + 65535 : (size_t)z->size;
	uint64_t toff = z->size - tl;
	const unsigned char *t = bytes_at(z, toff, tl, cdir);
	size_t i = tl - 22 + 1;
	while (t && i-- > 0 && memcmp(t + i, "PK\5\6", 4) != 0)
		;
	if (!t || i == SIZE_MAX)
		return 0;
	uint64_t eocd = toff + i;
	uint32_t cdsize = le32(t + i + 12), cdoff = le32(t + i + 16);
	uint16_t count = le16(t + i + 10);
	const unsigned char *p;
	if (cdoff > eocd || cdsize > eocd - cdoff || count == 0xFFFF ||
	    (z->src && cdsize > CDIR_MAX) || !(p = bytes_at(z, cdoff, cdsize, cdir)))
		return 0;
	size_t n = count < max ? count : max;
	struct cd_entry *e = calloc(n ? n : 1, sizeof(*e));
	if (!e)
		return 0;
	size_t k = 0, off = 0, end = cdsize;
	while (k < n && off + 46 <= end && memcmp(p + off, "PK\1\2", 4) == 0) {
		uint32_t cs = le32(p + off + 20);
		size_t nl = le16(p + off + 28), xl = le16(p + off + 30),
		       cl = le16(p + off + 32);
		if (off + 46 + nl > end)
			break;
		e[k].name = (const char *)p + off + 46;
		e[k].nlen = nl;
		e[k].csize = cs == 0xFFFFFFFFu ? 0 : cs;
		k++;
		off += 46 + nl + xl + cl;
	}
	qsort(e, k, sizeof(*e), cd_cmp);
	*out = e;
	return k;
}

/* ---- reading the archive ---- */

static struct archive *zip_open_ar(struct office_zip *z)
{
	if (z->src)
		z->sc = (struct trawl_source_ctx){z->src, 0, 0, 0};
	return trawl_archive_zip_reader(z->data, z->len, z->src ? &z->sc : NULL);
}

int office_zip_open(struct office_zip *z, const char *data, size_t len,
		    struct trawl_archive_source *src, const struct trawl_office_limits *lim)
{
	memset(z, 0, sizeof(*z));
	z->data = data;
	z->len = len;
	z->src = src;
	z->size = src ? src->size : len;
	z->lim = lim ? *lim : default_limits;
	z->at = SIZE_MAX;
	const char *head = src ? src->head : data;
	if ((src ? src->nhead : len) < 4 || memcmp(head, "PK", 2) != 0)
		return -1;
	z->ar = zip_open_ar(z);
	if (!z->ar)
		return -1;
	struct buf cdir = BUF_INIT;
	struct cd_entry *cd = NULL;
	size_t ncd = cd_read(z, z->lim.max_members, &cd, &cdir);
	size_t alloc = 0;
	struct archive_entry *e;
	int rc;
	while (z->n < z->lim.max_members &&
	       (rc = archive_read_next_header(z->ar, &e)) != ARCHIVE_EOF) {
		if (rc < ARCHIVE_WARN) {
			z->malformed = true;
			break;
		}
		const char *name = archive_entry_pathname(e);
		if (!name)
			name = "";
		if (VEC_RESERVE(z->names, z->n, alloc, 1))
			goto nomem;
		uint64_t *cs = realloc(z->csize, alloc * sizeof(*cs));
		if (!cs)
			goto nomem;
		z->csize = cs;
		z->names[z->n] = strdup(name);
		if (!z->names[z->n])
			goto nomem;
		struct cd_entry key = {name, strlen(name), 0};
		struct cd_entry *hit = ncd ? bsearch(&key, cd, ncd, sizeof(*cd), cd_cmp)
					   : NULL;
		z->csize[z->n] = hit ? hit->csize : 0;
		z->n++;
		z->at = z->n - 1;
	}
	free(cd);
	buf_release(&cdir);
	if (z->n == 0) {
		office_zip_close(z);
		return -1;
	}
	return 0;
nomem:
	free(cd);
	buf_release(&cdir);
	office_zip_close(z);
	return -1;
}

void office_zip_close(struct office_zip *z)
{
	if (z->ar)
		archive_read_free(z->ar);
	for (size_t i = 0; i < z->n; i++)
		free(z->names[i]);
	free(z->names);
	free(z->csize);
	z->ar = NULL;
	z->names = NULL;
	z->csize = NULL;
	z->n = 0;
}

long office_zip_find(const struct office_zip *z, const char *name)
{
	for (size_t i = 0; i < z->n; i++)
		if (strcmp(z->names[i], name) == 0)
			return (long)i;
	return -1;
}

/* Positions the handle on entry i: onward from where it is, or from a
 * fresh handle when i is behind. */
static int zip_seek(struct office_zip *z, size_t i)
{
	if (!z->ar || z->at == SIZE_MAX || z->at >= i) {
		if (z->ar)
			archive_read_free(z->ar);
		z->ar = zip_open_ar(z);
		z->at = SIZE_MAX;
		if (!z->ar)
			return -1;
	}
	struct archive_entry *e;
	while (z->at == SIZE_MAX || z->at < i) {
		int rc = archive_read_next_header(z->ar, &e);
		if (rc < ARCHIVE_WARN || rc == ARCHIVE_EOF)
			return -1;
		z->at = z->at == SIZE_MAX ? 0 : z->at + 1;
	}
	return 0;
}

int office_zip_open_member(struct office_zip *z, size_t i)
{
	z->cur = i;
	z->cur_len = 0;
	z->cur_end = z->cur_cut = true;
	if (i >= z->n)
		return -1;
	if (zip_seek(z, i)) {
		z->malformed = true;
		return -1;
	}
	z->cur_end = z->cur_cut = false;
	return 0;
}

size_t office_zip_read_some(struct office_zip *z, struct buf *out, size_t max)
{
	uint64_t csize = z->csize[z->cur] ? z->csize[z->cur] : z->size;
	char chunk[CHUNK];
	size_t added = 0;
	while (!z->cur_end && added < max) {
		/* whole chunks, as read whole: a damaged stream then gives
		 * the same bytes */
		la_ssize_t got = archive_read_data(z->ar, chunk, CHUNK);
		if (got == 0) {
			z->cur_end = true;
			break;
		}
		if (got < 0) {
			z->malformed = true;
			z->cur_end = z->cur_cut = true;
			break;
		}
		size_t n = (size_t)got;
		const char *why = NULL;
		if (z->cur_len + n > z->lim.max_part) {
			n = (size_t)(z->lim.max_part - z->cur_len);
			why = TRAWL_R_OOXML_SIZE;
		}
		if (z->total + n > z->lim.max_total) {
			n = (size_t)(z->lim.max_total - z->total);
			why = TRAWL_R_OOXML_SIZE;
		}
		uint64_t after = z->cur_len + n;
		if (after > RATIO_GRACE && z->lim.max_ratio &&
		    after / csize >= z->lim.max_ratio) {
			why = TRAWL_R_OOXML_RATIO;
		}
		if (n && buf_add(out, chunk, n)) {
			z->limit = z->limit ? z->limit : TRAWL_R_OOXML_SIZE;
			z->cur_end = z->cur_cut = true;
			break;
		}
		z->total += n;
		z->cur_len += n;
		added += n;
		if (why) {
			if (!z->limit)
				z->limit = why;
			z->at = SIZE_MAX; /* the handle is mid-entry: reopen */
			z->cur_end = z->cur_cut = true;
		}
	}
	return added;
}

void office_zip_read_piece(struct office_zip *z, struct buf *part)
{
	size_t piece = z->pc ? z->pc->piece : SIZE_MAX;
	office_zip_read_some(z, part, part->len > piece ? part->len : piece);
}

int office_zip_read(struct office_zip *z, size_t i, struct buf *out)
{
	buf_reset(out);
	if (office_zip_open_member(z, i))
		return -1;
	while (!z->cur_end)
		office_zip_read_some(z, out, SIZE_MAX);
	return !z->cur_cut ? 0 : out->len ? 1 : -1;
}

struct trawl_ex_result office_result(const struct office_zip *z, bool any, bool nomem)
{
	struct trawl_ex_result r = {TRAWL_EX_COMPLETE, NULL};
	const char *why = z->limit ? z->limit
			  : nomem ? TRAWL_R_OOXML_SIZE
			  : z->malformed ? TRAWL_R_MALFORMED : NULL;
	if (why) {
		r.status = any ? TRAWL_EX_PARTIAL : TRAWL_EX_SKIPPED;
		r.reason = why;
	}
	return r;
}

/* Excel quotes a sheet name in a reference unless it is a plain word
 * (letters, digits, '_' and '.', not starting with a digit or '.'). Non-
 * ASCII letters count as letters. */
static bool needs_quotes(const char *s, size_t n)
{
	if (n == 0 || (s[0] >= '0' && s[0] <= '9') || s[0] == '.')
		return true;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '_' || c == '.')
			continue;
		return true;
	}
	return false;
}

int office_cellref(struct buf *out, const char *sheet, size_t slen,
		   uint64_t row, uint64_t col)
{
	if (needs_quotes(sheet, slen)) {
		if (buf_addch(out, '\''))
			return -1;
		for (size_t i = 0; i < slen; i++) {
			if (sheet[i] == '\'' && buf_addch(out, '\''))
				return -1;
			if (buf_addch(out, sheet[i]))
				return -1;
		}
		if (buf_addch(out, '\''))
			return -1;
	} else if (buf_add(out, sheet, slen)) {
		return -1;
	}
	char letters[16];
	size_t k = sizeof(letters);
	for (uint64_t c = col; c > 0 && k > 0; c = (c - 1) / 26)
		letters[--k] = (char)('A' + (c - 1) % 26);
	if (buf_addch(out, '!') || buf_add(out, letters + k, sizeof(letters) - k))
		return -1;
	return buf_printf(out, "%llu", (unsigned long long)row);
}

int office_emit_cell(struct trawl_doc *doc, struct buf *ref, const char *sheet,
		     uint64_t row, uint64_t col, long header, const char *v,
		     size_t n)
{
	size_t start = doc_pos(doc);
	if (doc_add(doc, v, n))
		return -1;
	size_t end = doc_pos(doc);
	if (doc_addch(doc, '\n'))
		return -1;
	buf_reset(ref);
	if (office_cellref(ref, sheet, strlen(sheet), row, col))
		return -1;
	long off = doc_string(doc, ref->data, ref->len);
	struct trawl_segment *seg = doc_segment(doc, TRAWL_SEG_CELL, start, end);
	if (off < 0 || !seg)
		return -1;
	seg->row = row;
	seg->column = col;
	seg->cellref = off;
	seg->name = seg->context = header;
	seg->structured = true;
	return 0;
}

bool trawl_is_office(const char *data, size_t len, const char **mime)
{
	return trawl_is_office_at(data, len, NULL, mime);
}

bool trawl_is_office_at(const char *data, size_t len, struct trawl_archive_source *src,
			const char **mime)
{
	const char *m = src ? odf_mime(src->head, src->nhead) : odf_mime(data, len);
	if (!m) {
		struct trawl_office_limits lim = default_limits;
		struct office_zip z;
		if (office_zip_open(&z, data, len, src, &lim))
			return false;
		m = ooxml_mime(&z);
		office_zip_close(&z);
	}
	if (m && mime)
		*mime = m;
	return m != NULL;
}

/* ---- text documents, part after part ---- */

int office_text_part(struct office_text *t, size_t i)
{
	if (VEC_RESERVE(t->parts, t->nparts, t->aparts, 1)) {
		t->nomem = true;
		return -1;
	}
	t->parts[t->nparts++] = i;
	return 0;
}

size_t office_walked(struct office_zip *z, const struct xml *x, int tk, const char *data,
		     unsigned *depth, bool *done)
{
	if (tk == XML_ERROR && !z->limit)
		z->malformed = true;
	if (tk != XML_EOF)
		*done = true;
	*depth = x->depth;
	return (size_t)(x->p - data);
}

/* Makes the next text in t->out (emptied first): false when there is no
 * more. A part that cannot be opened is passed over; none is opened once
 * a limit is met. */
static bool text_more(struct office_text *t)
{
	struct office_zip *z = t->z;
	buf_reset(&t->out);
	t->opos = 0;
	while (!t->out.len && !t->nomem) {
		if (!t->open) {
			if (t->k == t->nparts || z->limit)
				break;
			buf_reset(&t->part);
			t->depth = 0;
			t->in_text = t->in_tabs = 0;
			t->end = false;
			if (office_zip_open_member(z, t->parts[t->k])) {
				t->k++;
				continue;
			}
			t->open = true;
		}
		office_zip_read_piece(z, &t->part);
		size_t used = t->walk(t, t->part.data, t->part.len, !z->cur_end);
		if (z->cur_end || t->end) {
			t->open = false;
			t->k++;
		} else {
			memmove(t->part.data, t->part.data + used, t->part.len - used);
			t->part.len -= used;
		}
	}
	t->made += t->out.len;
	return t->out.len > 0;
}

/* The text, as plain text (a trawl_piece_fn). */
static long text_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct office_text *t = ud;
	(void)reason;
	if (t->opos == t->out.len && !text_more(t))
		return 0;
	size_t n = t->out.len - t->opos < max ? t->out.len - t->opos : max;
	memcpy(dst, t->out.data + t->opos, n);
	t->opos += n;
	return (long)n;
}

/* A text document's text: to the caller's pc->text, or into doc. */
static void office_text(struct office_zip *z, const char *m, struct trawl_doc *doc,
			const struct trawl_office_pieces *pc, bool *any, bool *nomem)
{
	struct office_text t = {.z = z};
	(m == MIME_DOCX ? office_docx : m == MIME_PPTX ? office_pptx : office_odf_text)(z, &t);
	if (pc && pc->text) {
		pc->text(pc->ud, text_read, &t);
	} else {
		while (text_more(&t))
			if (doc_add(doc, t.out.data, t.out.len)) {
				t.nomem = true;
				break;
			}
	}
	*any = t.made > 0;
	*nomem = t.nomem;
	free(t.parts);
	buf_release(&t.part);
	buf_release(&t.out);
}

struct trawl_ex_result trawl_extract_office(const char *data, size_t len,
					    struct trawl_doc *doc,
					    const struct trawl_office_limits *lim)
{
	return trawl_extract_office_pieces(data, len, NULL, doc, lim, NULL);
}

struct trawl_ex_result trawl_extract_office_pieces(const char *data, size_t len,
						   struct trawl_archive_source *src,
						   struct trawl_doc *doc,
						   const struct trawl_office_limits *lim,
						   const struct trawl_office_pieces *pc)
{
	struct trawl_ex_result r = {TRAWL_EX_SKIPPED, TRAWL_R_MALFORMED};
	struct office_zip z;
	if (office_zip_open(&z, data, len, src, lim))
		return r;
	z.pc = pc;
	const char *m = src ? odf_mime(src->head, src->nhead) : odf_mime(data, len);
	if (!m)
		m = ooxml_mime(&z);
	if (!m) {
		office_zip_close(&z);
		r.reason = TRAWL_R_UNSUPPORTED;
		return r;
	}
	doc->mime = m;
	bool nomem = false, any = false;
	if (m == MIME_XLSX)
		office_xlsx(&z, doc, &nomem);
	else if (m == MIME_ODS)
		office_ods(&z, doc, &nomem);
	else
		office_text(&z, m, doc, pc, &any, &nomem);
	r = office_result(&z, any || doc_len(doc), nomem);
	office_zip_close(&z);
	return r;
}
