/*
 * object.c - one object through extract, match, confirm and report, with
 * archive members recursed into depth first. Each nesting level has its
 * own buffers (struct trawl_level), so a member's bytes, its text and its
 * members' records never overwrite its parent's.
 *
 * Record order: an object's own record first, then its members' records
 * in archive order (each followed by its own members'). A member's record
 * is only known after its members are scanned, so each level collects its
 * members' records in lv[d].rec and appends them after its own.
 */
#include "engine/object.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract/eml.h"
#include "extract/office.h"
#include "extract/pdf.h"
#include "extract/structured.h"
#include "match/catalog.h"
#include "report/output.h"
#include "util/chars.h"

struct child_ctx {
	struct trawl_objscan *s;
	unsigned depth;          /* the container's level */
	const char *path;        /* the container's embedded path, or NULL */
};

static void scan_one(struct trawl_objscan *s, unsigned d, const char *epath,
		     const char *name, const char *data, size_t len, int64_t mtime,
		     const char *pre_reason, struct buf *out);

static int on_child(void *ud, const char *name, const char *data, size_t len,
		    int64_t mtime, const char *reason)
{
	struct child_ctx *c = ud;
	struct buf path = BUF_INIT;
	int rc = 0;
	if (c->path ? buf_printf(&path, "%s!/%s", c->path, name) : buf_addstr(&path, name))
		rc = -1;
	else
		scan_one(c->s, c->depth + 1, path.data, name, data, len, mtime, reason,
			 &c->s->lv[c->depth].rec);
	buf_release(&path);
	return rc;
}

static const char *status_str(enum trawl_ex_status st)
{
	return st == TRAWL_EX_COMPLETE ? "COMPLETE" : st == TRAWL_EX_PARTIAL ? "PARTIAL"
									 : "SKIPPED";
}

static bool ext_is(const char *name, const char *const *exts)
{
	const char *ext = trawl_extension(name);
	for (; *ext && *exts; exts++)
		if (!strcasecmp(ext, *exts))
			return true;
	return false;
}

/* Combines two statuses: the worse one wins, with its reason. */
static struct trawl_ex_result worse(struct trawl_ex_result a, struct trawl_ex_result b)
{
	return b.status > a.status ? b : a;
}

/* The text of an object that is neither an archive nor a mail: decoded
 * (UTF-8, UTF-16, Windows-1252), then by name or content CSV/TSV, JSON or
 * JSON Lines, HTML or XML, or plain text, into L->doc. Plain UTF-8 text
 * (the common case) is not copied at all: *raw is then set, and the
 * caller scans data itself. */
enum text_kind { TK_PLAIN, TK_CSV, TK_TSV, TK_JSON, TK_HTML, TK_XML };

/* What a text is, by its name, else by its first bytes t[0..n). */
static enum text_kind text_kind(const char *name, const char *t, size_t n, bool *lines)
{
	static const char *const csv[] = {"csv", NULL}, *const tsv[] = {"tsv", "tab", NULL},
			  *const json[] = {"json", "jsonl", "ndjson", "geojson", NULL},
			  *const html[] = {"html", "htm", "xhtml", NULL},
			  *const xml[] = {"xml", "xsd", "svg", "rss", "atom", "plist", NULL};
	*lines = false;
	if (ext_is(name, csv))
		return TK_CSV;
	if (ext_is(name, tsv))
		return TK_TSV;
	if (ext_is(name, json) || trawl_looks_like_json(t, n, lines)) {
		if (ext_is(name, json))
			trawl_looks_like_json(t, n, lines);
		return TK_JSON;
	}
	if (ext_is(name, html) || trawl_starts_ci(t, n, "<!doctype html") ||
	    trawl_starts_ci(t, n, "<html"))
		return TK_HTML;
	if (ext_is(name, xml) || trawl_starts_ci(t, n, "<?xml"))
		return TK_XML;
	return TK_PLAIN;
}

static struct trawl_ex_result extract_text(struct trawl_level *L, const char *name,
					   const char *data, size_t len, bool *raw)
{
	struct trawl_ex_result r = {TRAWL_EX_COMPLETE, NULL};
	const char *t = data;
	size_t n = len;
	*raw = false;
	if (!trawl_text_is_utf8(data, len)) {
		doc_reset(&L->tmp);
		r = trawl_decode_text(data, len, &L->tmp);
		if (r.status == TRAWL_EX_SKIPPED) {
			L->doc.mime = L->tmp.mime;
			return r;
		}
		t = doc_text(&L->tmp);
		n = doc_len(&L->tmp);
	}
	bool lines;
	struct trawl_ex_result x;
	enum text_kind k = text_kind(name, t, n, &lines);
	if (k == TK_CSV || k == TK_TSV)
		x = trawl_extract_csv(t, n, k == TK_TSV ? '\t' : 0, &L->doc);
	else if (k == TK_JSON)
		x = trawl_extract_json(t, n, lines, &L->doc);
	else if (k == TK_HTML || k == TK_XML)
		x = trawl_extract_markup(t, n, k == TK_HTML, &L->doc);
	else if (t == data) {
		L->doc.mime = "text/plain";
		*raw = true;
		return r;
	} else {
		/* Plain text, decoded: the decoded document is the document. */
		struct trawl_doc swap = L->doc;
		L->doc = L->tmp;
		L->tmp = swap;
		return r;
	}
	return worse(r, x);
}

static void scan_one(struct trawl_objscan *s, unsigned d, const char *epath,
		     const char *name, const char *data, size_t len, int64_t mtime,
		     const char *pre_reason, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	struct trawl_object_info oi = *s->top;
	struct trawl_outcome res = {"SKIPPED", pre_reason, NULL, 0, "", 0, NULL, 0, NULL, NULL, NULL};
	struct trawl_record_summary sum = {0};
	oi.embedded_path = epath;
	oi.embedded_size = len;
	oi.embedded_mtime = mtime;
	buf_reset(&L->rec);

	if (!data)
		goto record;
	const char *mime = NULL;
	enum trawl_archive_kind ak = trawl_archive_sniff(data, len, &mime);
	bool office = ak == TRAWL_ARCHIVE_MULTI && trawl_is_office(data, len, &mime);
	if (ak != TRAWL_ARCHIVE_NONE && !office) {
		res.mime = mime;
		if (d >= s->lim.max_depth || d >= TRAWL_MAX_LEVELS) {
			res.reason = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT";
			goto record;
		}
		struct child_ctx cc = {s, d, epath};
		struct trawl_ex_result ex = trawl_extract_archive(
			data, len, epath ? name : s->top->key, &s->lim, &s->budget,
			&L->scratch, on_child, &cc);
		res.status = status_str(ex.status);
		res.reason = ex.reason;
		if (ex.status != TRAWL_EX_SKIPPED)
			res.size_classified = len;
		goto record;
	}

	doc_reset(&L->doc);
	struct trawl_ex_result ex;
	bool raw = false;
	if (office) {
		ex = trawl_extract_office(data, len, &L->doc, NULL);
	} else if (trawl_is_pdf(data, len)) {
		struct trawl_pdf_limits pl = TRAWL_PDF_LIMITS_DEFAULT;
		pl.helper = s->pdf_helper;
		ex = trawl_extract_pdf(data, len, &L->doc, &pl);
	} else if (trawl_is_ole2(data, len)) {
		/* Legacy Office (OLE2 compound files) and password-protected
		 * OOXML: not read yet. */
		res.mime = "application/x-ole-storage";
		res.reason = "UNSUPPORTED_FILE_TYPE_EXCEPTION";
		goto record;
	} else if (trawl_looks_like_eml(data, len)) {
		if (d >= TRAWL_MAX_LEVELS) {
			res.reason = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT";
			goto record;
		}
		struct child_ctx cc = {s, d, epath};
		ex = trawl_extract_eml(data, len, &L->doc, on_child, &cc);
	} else {
		ex = extract_text(L, name, data, len, &raw);
	}
	res.mime = L->doc.mime;
	if (ex.status == TRAWL_EX_SKIPPED) {
		res.reason = ex.reason;
		goto record;
	}
	char err[128];
	/* Raw text: the top level's read buffer is padded with newlines (the
	 * scanner's padded form); a member's bytes are not, and are copied by
	 * the scanner. */
	const char *text = raw ? data : doc_text(&L->doc);
	size_t tlen = raw ? len : doc_len(&L->doc);
	trawl_scanner_set_doc(s->sc, raw ? NULL : &L->doc);
	int rc = (raw && d > 0 ? trawl_scanner_scan : trawl_scanner_scan_padded)(
		s->sc, text, tlen, &res.det, &res.ndet, err, sizeof(err));
	trawl_scanner_set_doc(s->sc, NULL);
	if (rc) {
		if (s->log)
			fprintf(s->log, "trawl: %s%s%s: %s\n", s->top->path, epath ? "!/" : "",
				epath ? epath : "", err);
		res.reason = "INTERNAL_ERROR";
		res.det = NULL;
		res.ndet = 0;
		goto record;
	}
	res.text = text;
	res.len = tlen;
	res.doc = raw ? NULL : &L->doc;
	res.size_classified = len;
	if (trawl_scanner_partial(s->sc)) {
		res.status = "PARTIAL";
		res.reason = "CANDIDATE_LIMIT_EXCEEDED";
	} else if (pre_reason || ex.status == TRAWL_EX_PARTIAL) {
		res.status = "PARTIAL";
		res.reason = pre_reason ? pre_reason : ex.reason;
	} else {
		res.status = "COMPLETE";
		res.reason = NULL;
	}
record:
	if (trawl_output_render(s->output, s->cat, &oi, &res, out, &sum)) {
		struct trawl_outcome bare = {"SKIPPED", "INTERNAL_ERROR", NULL, 0, "", 0,
					     NULL, 0, NULL, NULL, NULL};
		trawl_output_render(s->output, s->cat, &oi, &bare, out, &sum);
		res.status = "SKIPPED";
	}
	s->sum.detections += sum.detections;
	if (sum.severity > s->sum.severity)
		s->sum.severity = sum.severity;
	if (sum.detections && sum.severity >= s->fail_on)
		s->failing = true;
	if (strcmp(res.status, "COMPLETE"))
		s->unanalysed = true;
	/* Bytes classified: the text of leaf objects (an archive's own bytes
	 * are its members'). */
	if (res.text != NULL && res.len)
		s->bytes += res.size_classified;
	if (L->rec.len)
		buf_add(out, L->rec.data, L->rec.len);
	buf_reset(&L->rec);
}

static void begin(struct trawl_objscan *s, const struct trawl_object_info *top)
{
	s->top = top;
	s->budget = (struct trawl_archive_budget){0, 0, top->size};
	s->sum = (struct trawl_record_summary){0};
	s->bytes = 0;
	s->unanalysed = false;
	s->failing = false;
}

/* Working memory a level keeps for the next object; larger buffers are let
 * go, so two workers do not each sit on the peak of their last large
 * object (peak memory is what bounds the machine). */
#define KEEP_LEVEL (64u << 20)

static void trim(struct trawl_level *L)
{
	if (L->scratch.alloc > KEEP_LEVEL)
		buf_release(&L->scratch);
	if (L->rec.alloc > KEEP_LEVEL)
		buf_release(&L->rec);
	struct trawl_doc *docs[] = {&L->doc, &L->tmp};
	for (int i = 0; i < 2; i++)
		if (docs[i]->text.alloc > KEEP_LEVEL || docs[i]->strings.alloc > KEEP_LEVEL ||
		    docs[i]->aseg * sizeof(struct trawl_segment) > KEEP_LEVEL)
			doc_release(docs[i]);
}

void trawl_objscan_run(struct trawl_objscan *s, const struct trawl_object_info *top,
		       const char *data, size_t len, struct buf *out)
{
	begin(s, top);
	scan_one(s, 0, NULL, top->key, data, len, (int64_t)top->mtime, NULL, out);
	for (size_t i = 0; i <= TRAWL_MAX_LEVELS; i++)
		trim(&s->lv[i]);
}

/* ---- objects read in pieces --------------------------------------------- */

bool trawl_objscan_streamable(const char *name, const char *head, size_t n)
{
	if (trawl_archive_sniff(head, n, NULL) != TRAWL_ARCHIVE_NONE || trawl_is_pdf(head, n) ||
	    trawl_is_ole2(head, n) || trawl_looks_like_eml(head, n))
		return false;
	/* UTF-8 (the head may end inside a character) without a NUL */
	size_t m = n;
	for (int k = 0; k < 3 && m && ((unsigned char)head[m - 1] & 0x80); k++)
		m--;
	if (!trawl_text_is_utf8(head, m) || memchr(head, '\0', n))
		return false;
	bool lines;
	return text_kind(name, head, n, &lines) == TK_PLAIN;
}

void trawl_objscan_stream(struct trawl_objscan *s, const struct trawl_object_info *top,
			  struct buf *piece, size_t chunk, trawl_piece_fn read, void *ud,
			  struct buf *out)
{
	begin(s, top);
	struct trawl_object_info oi = *top;
	struct trawl_outcome res = {"COMPLETE", NULL, "text/plain", 0, "", 0, NULL, 0, NULL, NULL,
				    NULL};
	struct trawl_record_summary sum = {0};
	struct trawl_detection *det = NULL;
	struct trawl_line_loc *loc = NULL;
	struct trawl_value_info *vals = NULL; /* the text is gone at the end */
	bool want_vals = trawl_output_wants_values(s->output);
	size_t ndet = 0, adet = 0, aloc = 0, avals = 0;
	size_t ctx = trawl_scanner_context(s->sc);
	struct trawl_line_cursor cur = {0, 1, 0};
	uint64_t base = 0, own_lo = 0;   /* piece->data + 1 is at offset base */
	const char *reason = NULL;
	bool eof = false, partial = false;
	char err[128];
	if (chunk < 4 * ctx)
		chunk = 4 * ctx;

	for (;;) {
		size_t clen = piece->len - 1;
		while (!eof && clen < chunk) {
			if (buf_grow(piece, chunk - clen + 2)) {
				reason = "FILE_EXCEEDS_SIZE_LIMIT";
				break;
			}
			long n = read(ud, piece->data + 1 + clen, chunk - clen, &reason);
			if (n < 0)
				break;
			eof = n == 0;
			clen += (size_t)n;
			piece->len = clen + 1;
		}
		if (reason)
			break;
		/* the scanner's padding after the piece */
		if (buf_addch(piece, '\n')) {
			reason = "FILE_EXCEEDS_SIZE_LIMIT";
			break;
		}
		piece->len--;
		uint64_t own_hi = eof ? base + clen : base + clen - ctx;
		const struct trawl_detection *d;
		size_t nd;
		if (trawl_scanner_scan_piece(s->sc, piece->data + 1, clen, own_lo - base,
					     own_hi - base + (eof ? 1 : 0), &d, &nd, err,
					     sizeof(err))) {
			if (s->log)
				fprintf(s->log, "trawl: %s: %s\n", top->path, err);
			reason = "INTERNAL_ERROR";
			break;
		}
		partial |= trawl_scanner_partial(s->sc);
		if (VEC_RESERVE(det, ndet, adet, nd) || VEC_RESERVE(loc, ndet, aloc, nd) ||
		    (want_vals && VEC_RESERVE(vals, ndet, avals, nd))) {
			reason = "FILE_EXCEEDS_SIZE_LIMIT";
			break;
		}
		const char *t = piece->data + 1;
		for (size_t i = 0; i < nd; i++) {
			uint64_t st = base + d[i].start, en = base + d[i].end;
			if (st > cur.pos)
				trawl_cursor_advance(&cur, t + (cur.pos - base), (size_t)(st - cur.pos));
			struct trawl_line_cursor e = cur;
			trawl_cursor_advance(&e, t + (st - base), (size_t)(en - st));
			loc[ndet] = (struct trawl_line_loc){cur.line, e.line, cur.col + 1};
			if (want_vals)
				trawl_output_value(s->output, t + (st - base), (size_t)(en - st),
						   &vals[ndet]);
			det[ndet] = d[i];
			det[ndet].start = (size_t)st;
			det[ndet].end = (size_t)en;
			ndet++;
		}
		if (eof) {
			res.size_classified = base + clen;
			break;
		}
		/* The next piece: detections it owns start at most a match
		 * width before own_hi; it begins ctx bytes before that. */
		uint64_t keep_from = own_hi - ctx;
		if (own_hi - TRAWL_MAX_WIDTH > cur.pos)
			trawl_cursor_advance(&cur, t + (cur.pos - base),
					     (size_t)(own_hi - TRAWL_MAX_WIDTH - cur.pos));
		size_t drop = (size_t)(keep_from - base);
		memmove(piece->data + 1, piece->data + 1 + drop, clen - drop);
		piece->len = 1 + clen - drop;
		base = keep_from;
		own_lo = own_hi;
	}
	if (reason) {
		/* what was read is reported; the rest could not be */
		res.status = ndet || base ? "PARTIAL" : "SKIPPED";
		res.reason = reason;
		res.size_classified = base;
	} else if (partial) {
		res.status = "PARTIAL";
		res.reason = "CANDIDATE_LIMIT_EXCEEDED";
	}
	res.det = det;
	res.ndet = ndet;
	res.lines = loc;
	res.vals = vals;
	res.len = (size_t)res.size_classified;
	oi.size = top->size;
	if (trawl_output_render(s->output, s->cat, &oi, &res, out, &sum)) {
		struct trawl_outcome bare = {"SKIPPED", "INTERNAL_ERROR", NULL, 0, "", 0,
					     NULL, 0, NULL, NULL, NULL};
		trawl_output_render(s->output, s->cat, &oi, &bare, out, &sum);
		res.status = "SKIPPED";
	}
	s->sum = sum;
	s->failing = sum.detections && sum.severity >= s->fail_on;
	s->unanalysed = strcmp(res.status, "COMPLETE") != 0;
	s->bytes = res.size_classified;
	free(det);
	free(loc);
	if (vals)
		explicit_bzero(vals, avals * sizeof(*vals));
	free(vals);
}

void trawl_objscan_failed(struct trawl_objscan *s, const struct trawl_object_info *top,
			  const char *reason, struct buf *out)
{
	begin(s, top);
	scan_one(s, 0, NULL, top->key, NULL, 0, (int64_t)top->mtime, reason, out);
}

void trawl_objscan_release(struct trawl_objscan *s)
{
	for (size_t i = 0; i <= TRAWL_MAX_LEVELS; i++) {
		buf_release(&s->lv[i].scratch);
		buf_release(&s->lv[i].rec);
		doc_release(&s->lv[i].doc);
		doc_release(&s->lv[i].tmp);
	}
}
