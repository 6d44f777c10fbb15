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

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "extract/eml.h"
#include "extract/office.h"
#include "extract/pdf.h"
#include "extract/structured.h"
#include "match/catalog.h"
#include "report/output.h"
#include "util/chars.h"
#include "util/reason.h"

struct child_ctx {
	struct trawl_objscan *s;
	unsigned depth;          /* the container's level */
	const char *path;        /* the container's embedded path, or NULL */
};

static void scan_one(struct trawl_objscan *s, unsigned d, const char *epath,
		     const char *name, const char *data, size_t len, int64_t mtime,
		     const char *pre_reason, struct buf *out);
static bool office_pieces(struct trawl_objscan *s, unsigned d,
			  const struct trawl_object_info *oi, const char *data, size_t len,
			  struct trawl_archive_source *src, const char *pre_reason,
			  struct trawl_ex_result *ex, struct buf *out);

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

/* The MIME type of an object that is not read, as a whole read finds it
 * from its first bytes (legacy Office, binary data); NULL when it is read.
 * head is not an archive, an office document or a PDF. */
static const char *unread_mime(const char *head, size_t n)
{
	if (trawl_is_ole2(head, n))
		return "application/x-ole-storage";
	if (!trawl_looks_like_eml(head, n) && trawl_text_binary(head, n))
		return "application/octet-stream";
	return NULL;
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

/* A scanner error of the object (a member: epath), in the log. */
static void log_error(const struct trawl_objscan *s, const char *epath, const char *err)
{
	if (err[0] && s->log)
		fprintf(s->log, "trawl: %s%s%s: %s\n", s->top->path, epath ? "!/" : "",
			epath ? epath : "", err);
}

/* Renders one record into out and adds it to the object's totals. */
static void emit(struct trawl_objscan *s, const struct trawl_object_info *oi,
		 struct trawl_outcome *res, struct buf *out)
{
	struct trawl_record_summary sum = {0};
	if (trawl_output_render(s->output, s->cat, oi, res, out, &sum)) {
		struct trawl_outcome bare = {.status = "SKIPPED", .reason = "INTERNAL_ERROR",
					     .text = ""};
		trawl_output_render(s->output, s->cat, oi, &bare, out, &sum);
		res->status = "SKIPPED";
	}
	s->sum.detections += sum.detections;
	if (sum.severity > s->sum.severity)
		s->sum.severity = sum.severity;
	if (sum.detections && sum.severity >= s->fail_on)
		s->failing = true;
	if (strcmp(res->status, "COMPLETE"))
		s->unanalysed = true;
}

static int on_member(void *ud, const char *name, int64_t mtime, struct buf *first,
		     trawl_piece_fn read, void *rd);

/* The archive at level d (data[0..len), or src read in pieces): its
 * members are scanned and their records left in s->lv[d].rec. */
static struct trawl_ex_result unpack(struct trawl_objscan *s, unsigned d, const char *epath,
				     const char *name, const char *data, size_t len,
				     struct trawl_archive_source *src)
{
	struct child_ctx cc = {s, d, epath};
	struct trawl_archive_io io = {src, s->stream_min, on_member};
	return trawl_extract_archive(data, len, epath ? name : s->top->key, &s->lim,
				     &s->budget, &s->lv[d].scratch, on_child, &cc, &io);
}

/* Renders a record, then the records of its members (level L's). */
static void emit_with_members(struct trawl_objscan *s, const struct trawl_object_info *oi,
			      struct trawl_outcome *res, struct trawl_level *L, struct buf *out)
{
	emit(s, oi, res, out);
	if (L->rec.len)
		buf_add(out, L->rec.data, L->rec.len);
	buf_reset(&L->rec);
}

/* The record of an object at level d (res), then its members': the bytes
 * classified, of leaf objects (an archive's own bytes are its members'),
 * counted. */
static void record(struct trawl_objscan *s, unsigned d, const struct trawl_object_info *oi,
		   struct trawl_outcome *res, struct buf *out)
{
	if (res->text != NULL && res->len)
		s->bytes += res->size_classified;
	emit_with_members(s, oi, res, &s->lv[d], out);
}

/* Scans what the extraction (ex) of an object at level d of len bytes put
 * in its doc, or its bytes data themselves (raw), and writes its record. */
static void scan_doc(struct trawl_objscan *s, unsigned d, const struct trawl_object_info *oi,
		     struct trawl_outcome *res, struct trawl_ex_result ex, bool raw,
		     const char *data, size_t len, const char *pre_reason, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	res->mime = L->doc.mime;
	if (ex.status == TRAWL_EX_SKIPPED) {
		res->reason = ex.reason;
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
		s->sc, text, tlen, &res->det, &res->ndet, err, sizeof(err));
	trawl_scanner_set_doc(s->sc, NULL);
	if (rc) {
		log_error(s, oi->embedded_path, err);
		res->reason = "INTERNAL_ERROR";
		res->det = NULL;
		res->ndet = 0;
		goto record;
	}
	res->text = text;
	res->len = tlen;
	res->doc = raw ? NULL : &L->doc;
	res->size_classified = s->pdf_fd && d == s->pdf_d ? s->pdf_size : len;
	if (trawl_scanner_partial(s->sc)) {
		res->status = "PARTIAL";
		res->reason = "CANDIDATE_LIMIT_EXCEEDED";
	} else if (pre_reason || ex.status == TRAWL_EX_PARTIAL) {
		res->status = "PARTIAL";
		res->reason = pre_reason ? pre_reason : ex.reason;
	} else {
		res->status = "COMPLETE";
		res->reason = NULL;
	}
record:
	record(s, d, oi, res, out);
}

static void scan_one(struct trawl_objscan *s, unsigned d, const char *epath,
		     const char *name, const char *data, size_t len, int64_t mtime,
		     const char *pre_reason, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	struct trawl_object_info oi = *s->top;
	struct trawl_outcome res = {.status = "SKIPPED", .reason = pre_reason, .text = ""};
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
		struct trawl_ex_result ex = unpack(s, d, epath, name, data, len, NULL);
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
		if (office_pieces(s, d, &oi, data, len, NULL, pre_reason, &ex, out))
			return;
	} else if (trawl_is_pdf(data, len)) {
		struct trawl_pdf_limits pl = TRAWL_PDF_LIMITS_DEFAULT;
		pl.helper = s->pdf_helper;
		if (s->pdf_fd && d == s->pdf_d) {
			pl.fd = *s->pdf_fd; /* data is its first bytes */
			oi.embedded_size = s->pdf_size;
		}
		ex = trawl_extract_pdf(data, len, &L->doc, &pl);
	} else if ((res.mime = unread_mime(data, len))) {
		/* Legacy Office (OLE2 compound files), password-protected
		 * OOXML and binary data: not read. */
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
	scan_doc(s, d, &oi, &res, ex, raw, data, len, pre_reason, out);
	return;
record:
	record(s, d, &oi, &res, out);
}

static void begin(struct trawl_objscan *s, const struct trawl_object_info *top)
{
	s->top = top;
	s->pdf_fd = NULL;
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

/* What an object too large to hold is, by its first bytes: what can be
 * read front to back in pieces, and how. */
enum stream_kind { SK_NONE, SK_PLAIN, SK_CSV, SK_JSONL, SK_JSONDOC, SK_HTML, SK_XML,
		   SK_ARCHIVE, SK_SKIP, SK_EML };

/* What text of this kind is read as in pieces (SK_NONE: read whole). */
static enum stream_kind text_stream_kind(const char *name, const char *head, size_t n,
					 char *sep)
{
	bool lines;
	*sep = 0;
	switch (text_kind(name, head, n, &lines)) {
	case TK_PLAIN:
		return SK_PLAIN;
	case TK_TSV:
		*sep = '\t';
		/* fall through */
	case TK_CSV:
		return SK_CSV;
	case TK_JSON:
		return lines ? SK_JSONL : SK_JSONDOC;
	case TK_HTML:
		return SK_HTML;
	case TK_XML:
		return SK_XML;
	default:
		return SK_NONE;
	}
}

/* *enc and *skip: how its text is read (trawl_text_encoding of the head;
 * force, when not TRAWL_ENC_UTF8, says it is that instead). */
static enum stream_kind stream_kind(const char *name, const char *head, size_t n, char *sep,
				    bool seekable, enum trawl_enc force, enum trawl_enc *enc,
				    size_t *skip)
{
	/* archives: compressed streams and tar front to back, the others
	 * (zip, 7z) when the source can seek; an office document is one of
	 * these (stream_archive reads it as a document) */
	*enc = TRAWL_ENC_BINARY;
	*skip = 0;
	if (trawl_archive_sniff(head, n, NULL) != TRAWL_ARCHIVE_NONE)
		return trawl_archive_sequential(head, n) || seekable ? SK_ARCHIVE : SK_NONE;
	if (trawl_is_pdf(head, n))
		return SK_NONE;
	/* legacy Office and binary data: not read, its first bytes say so */
	if (unread_mime(head, n))
		return SK_SKIP;
	if (trawl_looks_like_eml(head, n))
		return SK_EML;
	/* text, as a whole read would decode it; what the sniffers look
	 * at converted when it is not UTF-8 */
	*enc = trawl_text_encoding(head, n, false, skip);
	if (force != TRAWL_ENC_UTF8 && *enc == TRAWL_ENC_UTF8)
		*enc = force;
	if (*enc == TRAWL_ENC_BINARY)
		return SK_NONE;
	head += *skip;
	n -= *skip;
	if (*enc == TRAWL_ENC_UTF8)
		return text_stream_kind(name, head, n, sep);
	size_t m = n < 2 * TRAWL_SX_SNIFF ? n : 2 * TRAWL_SX_SNIFF, used;
	char *t = malloc(3 * m + 1);
	if (!t)
		return SK_NONE;
	enum stream_kind k = text_stream_kind(
		name, t, trawl_decode_some(*enc, head, m, m == n, t, &used), sep);
	free(t);
	return k;
}

bool trawl_objscan_streamable(const char *name, const char *head, size_t n, bool seekable)
{
	char sep;
	enum trawl_enc enc;
	size_t skip;
	return stream_kind(name, head, n, &sep, seekable, TRAWL_ENC_UTF8, &enc, &skip) != SK_NONE;
}

/* The detections of an object read in pieces, with what the record needs
 * of each once its text is gone: its location and (for fingerprints and
 * masks) its value's hash and mask. Names and cell references are kept
 * once each, in names. */
struct acc {
	struct trawl_detection *det;
	struct trawl_loc *loc;
	struct trawl_value_info *vals;
	size_t n, adet, aloc, avals;
	bool want_vals;
	/* Records, findings, SARIF and text show the first
	 * TRAWL_MAX_OCCURRENCES of a type and count the rest: unless every
	 * detection is fingerprinted (a baseline), only those are kept, and
	 * the others counted in more[], so memory does not grow with them. */
	bool keep_all;
	const struct trawl_catalog *cat;
	uint64_t *kept;          /* by reported type */
	uint64_t *more;          /* by identifier */
	struct trawl_doc *names;
	long *slot;              /* names' strings by hash, -1: empty */
	size_t cap, used;
};

static int acc_init(struct acc *a, struct trawl_objscan *s, struct trawl_doc *names)
{
	size_t n = trawl_catalog_count(s->cat);
	*a = (struct acc){.want_vals = trawl_output_wants_values(s->output),
			  .keep_all = trawl_output_wants_all(s->output), .cat = s->cat,
			  .names = names, .kept = calloc(n + 1, sizeof(uint64_t)),
			  .more = calloc(n + 1, sizeof(uint64_t))};
	return a->kept && a->more ? 0 : -1;
}

/* Whether a detection of identifier ident is kept (else counted). */
static bool acc_keep(struct acc *a, uint32_t ident)
{
	if (a->keep_all)
		return true;
	uint32_t ty = trawl_catalog_get(a->cat, ident)->report;
	if (a->kept[ty] < TRAWL_MAX_OCCURRENCES) {
		a->kept[ty]++;
		return true;
	}
	a->more[ident]++;
	return false;
}

static void acc_free(struct acc *a)
{
	free(a->kept);
	free(a->more);
	free(a->det);
	free(a->loc);
	if (a->vals)
		explicit_bzero(a->vals, a->avals * sizeof(*a->vals));
	free(a->vals);
	free(a->slot);
}

/* Adds detection d (its value at v; offsets moved by off) at l; room
 * was made with acc_reserve(). */
static void acc_add(struct acc *a, const struct trawl_output *out,
		    const struct trawl_detection *d, const struct trawl_loc *l, const char *v,
		    uint64_t off)
{
	a->loc[a->n] = *l;
	if (a->want_vals)
		trawl_output_value(out, v, d->end - d->start, &a->vals[a->n]);
	a->det[a->n] = *d;
	a->det[a->n].start = (size_t)(off + d->start);
	a->det[a->n].end = (size_t)(off + d->end);
	a->n++;
}

/* Room for k more; -1 when memory runs out. */
static int acc_reserve(struct acc *a, size_t k)
{
	return VEC_RESERVE(a->det, a->n, a->adet, k) || VEC_RESERVE(a->loc, a->n, a->aloc, k) ||
	       (a->want_vals && VEC_RESERVE(a->vals, a->n, a->avals, k)) ? -1 : 0;
}

static uint64_t str_hash(const char *p)
{
	return trawl_hide_hash(p, strlen(p));
}

/* s's offset in a->names (added once), -1 for none or out of memory. */
static long intern(struct acc *a, const char *s)
{
	if (!s)
		return -1;
	if (2 * (a->used + 1) > a->cap) {
		size_t cap = a->cap ? 2 * a->cap : 64;
		long *slot = malloc(cap * sizeof(*slot));
		if (!slot)
			return -1;
		for (size_t k = 0; k < cap; k++)
			slot[k] = -1;
		for (size_t k = 0; k < a->cap; k++) {
			if (a->slot[k] < 0)
				continue;
			size_t j = str_hash(doc_str(a->names, a->slot[k])) & (cap - 1);
			while (slot[j] >= 0)
				j = (j + 1) & (cap - 1);
			slot[j] = a->slot[k];
		}
		free(a->slot);
		a->slot = slot;
		a->cap = cap;
	}
	size_t j = str_hash(s) & (a->cap - 1);
	for (; a->slot[j] >= 0; j = (j + 1) & (a->cap - 1))
		if (!strcmp(doc_str(a->names, a->slot[j]), s))
			return a->slot[j];
	long off = doc_string(a->names, s, strlen(s));
	if (off >= 0) {
		a->slot[j] = off;
		a->used++;
	}
	return off;
}

/* Fills the piece after its first piece->len - 1 bytes up to want bytes
 * (or the end: *eof), growing it FILL_STEP bytes at most at a time (want
 * may be more than can be held: the rest of the object). A read that
 * fails sets *reason and ends the object there, as if at its end. */
#define FILL_STEP ((size_t)64 << 20)

static void fill(struct buf *piece, size_t want, trawl_piece_fn read, void *ud, bool *eof,
		 const char **reason)
{
	size_t clen = piece->len - 1;
	while (!*eof && clen < want) {
		size_t step = want - clen < FILL_STEP ? want - clen : FILL_STEP;
		if (buf_grow(piece, step + 2)) {
			*reason = "FILE_EXCEEDS_SIZE_LIMIT";
			*eof = true;
			break;
		}
		long n = read(ud, piece->data + 1 + clen, step, reason);
		if (n <= 0) {
			*eof = true;
			break;
		}
		clen += (size_t)n;
		piece->len = clen + 1;
	}
}

long trawl_fd_piece(void *ud, char *dst, size_t max, const char **reason)
{
	int fd = *(int *)ud;
	for (;;) {
		ssize_t n = read(fd, dst, max);
		if (n >= 0)
			return (long)n;
		if (errno != EINTR) {
			*reason = trawl_errno_reason(errno);
			return -1;
		}
	}
}

int trawl_fd_seek(void *ud, uint64_t off)
{
	return lseek(*(int *)ud, (off_t)off, SEEK_SET) < 0 ? -1 : 0;
}

int trawl_spool(struct buf *piece, size_t head, trawl_piece_fn read, void *ud, uint64_t *size,
		const char **reason)
{
	const char *dir = getenv("TMPDIR");
	if (!dir || !*dir)
		dir = "/tmp";
	int t = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (t < 0) {
		char path[4096];
		if (snprintf(path, sizeof(path), "%s/trawl.XXXXXX", dir) >= (int)sizeof(path))
			return -1;
		t = mkostemp(path, O_CLOEXEC);
		if (t < 0)
			return -1;
		unlink(path);
	}
	const char *p = piece->data + 1;
	size_t n = piece->len - 1;
	uint64_t total = 0;
	for (;;) {
		while (n) {
			ssize_t k = write(t, p, n);
			if (k < 0 && errno == EINTR)
				continue;
			if (k < 0) {
				*reason = trawl_errno_reason(errno);
				close(t);
				return -1;
			}
			p += k;
			n -= (size_t)k;
			total += (uint64_t)k;
		}
		long k = read(ud, piece->data, piece->alloc, reason);
		if (k < 0) {
			close(t);
			return -1;
		}
		if (k == 0)
			break;
		p = piece->data;
		n = (size_t)k;
	}
	bool eof = false;
	piece->data[0] = '\n';
	piece->len = 1;
	if (lseek(t, 0, SEEK_SET) < 0) {
		*reason = trawl_errno_reason(errno);
		close(t);
		return -1;
	}
	fill(piece, head, trawl_fd_piece, &t, &eof, reason);
	if (*reason) {
		close(t);
		return -1;
	}
	*size = total;
	return t;
}

/* A reader between a source and the piece that transforms what it
 * reads: text converted from UTF-16 or Windows-1252, HTML or XML's text.
 * fn is given what is at hand (in[0..len); more follows unless eof; full
 * when no more can be held), appends what it makes of it to out and
 * returns the bytes it consumed (the rest comes again, with more after
 * it), -1 when out of memory. What is at hand grows, doubling, while fn
 * leaves most of it, up to cap. */
#define XF_SLICE ((size_t)1 << 20)

struct xform {
	trawl_piece_fn read;
	void *ud;
	long (*fn)(void *self, const char *in, size_t len, bool eof, bool full,
		   struct buf *out);
	void *self;
	size_t cap;
	uint64_t used;      /* bytes consumed */
	struct buf in;      /* read, not yet consumed: from pos */
	size_t pos;
	struct buf out;     /* made, not yet handed on: from opos */
	size_t opos;
	bool eof;
	bool stuck;         /* fn took nothing of what was at hand */
};

static long xf_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct xform *x = ud;
	for (;;) {
		if (x->opos < x->out.len) {
			size_t n = x->out.len - x->opos < max ? x->out.len - x->opos : max;
			memcpy(dst, x->out.data + x->opos, n);
			x->opos += n;
			return (long)n;
		}
		size_t left = x->in.len - x->pos;
		if (x->eof && !left)
			return 0;
		memmove(x->in.data, x->in.data + x->pos, left);
		x->in.len = left;
		x->pos = 0;
		/* a slice; or, when fn took nothing of it, as much again */
		size_t want = x->stuck && left ? left : left < XF_SLICE ? XF_SLICE - left : 0;
		if (want > x->cap - left)
			want = x->cap - left;
		while (!x->eof && x->in.len < left + want) {
			if (buf_grow(&x->in, left + want - x->in.len + 1)) {
				*reason = "FILE_EXCEEDS_SIZE_LIMIT";
				return -1;
			}
			long n = x->read(x->ud, x->in.data + x->in.len, left + want - x->in.len,
					 reason);
			if (n <= 0)
				x->eof = true;
			else
				x->in.len += (size_t)n;
		}
		buf_reset(&x->out);
		x->opos = 0;
		long c = x->fn(x->self, x->in.data, x->in.len, x->eof, x->in.len >= x->cap, &x->out);
		if (c < 0) {
			*reason = "FILE_EXCEEDS_SIZE_LIMIT";
			return -1;
		}
		x->pos = (size_t)c;
		x->used += (uint64_t)c;
		x->stuck = !c;
	}
}

/* Starts x on the piece's bytes after its first skip (then read by x). */
static int xf_start(struct xform *x, struct buf *piece, size_t skip)
{
	if (buf_add(&x->in, piece->data + 1 + skip, piece->len - 1 - skip))
		return -1;
	piece->len = 1;
	return 0;
}

static void xf_free(struct xform *x)
{
	buf_release(&x->in);
	buf_release(&x->out);
}

/* The reader of a text object in pieces, between the source and the
 * piece: text that is not UTF-8 (UTF-16, Windows-1252) is converted as it
 * is read, as trawl_decode_text converts it whole; UTF-8 from a source
 * that can seek is checked as it is read, so that an invalid byte past
 * the first piece, which makes a whole read take the object for
 * Windows-1252, can start it over as that. */
struct dec {
	trawl_piece_fn read;
	void *ud;
	enum trawl_enc enc;
	size_t skip;        /* the byte-order mark, not text */
	uint64_t used;      /* UTF-8: bytes after it checked */
	struct xform conv;  /* not UTF-8: the conversion */
	bool check;         /* UTF-8: checked */
	char tail[4];       /* UTF-8: a character begun, not yet whole */
	size_t ntail;
	bool invalid;       /* UTF-8: a byte that is not */
};

static size_t utf8_len(unsigned char c)
{
	return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* Is p[0..n), after what came before it, still UTF-8? */
static bool dec_check(struct dec *d, const char *p, size_t n)
{
	size_t i = 0;
	if (d->ntail) {
		size_t need = utf8_len((unsigned char)d->tail[0]);
		while (d->ntail < need && i < n)
			d->tail[d->ntail++] = p[i++];
		if (d->ntail < need)
			return true;
		if (trawl_utf8_valid(d->tail, need) != need)
			return false;
		d->ntail = 0;
	}
	size_t v = trawl_utf8_valid(p + i, n - i), open = trawl_utf8_open(p + i, n - i);
	if (v == n - i)
		return true;
	if (open != n - i - v)
		return false;
	memcpy(d->tail, p + i + v, open);
	d->ntail = open;
	return true;
}

static long convert(void *self, const char *in, size_t len, bool eof, bool full,
		    struct buf *out)
{
	(void)full;
	struct dec *d = self;
	size_t used;
	if (buf_grow(out, 3 * len + 1))
		return -1;
	out->len = trawl_decode_some(d->enc, in, len, eof, out->data, &used);
	return (long)used;
}

static long dec_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct dec *d = ud;
	if (d->enc != TRAWL_ENC_UTF8)
		return xf_read(&d->conv, dst, max, reason);
	if (d->invalid)
		return 0;
	long n = d->read(d->ud, dst, max, reason);
	if (d->check && (n > 0 ? !dec_check(d, dst, (size_t)n) : n == 0 && d->ntail)) {
		d->invalid = true; /* the piece ends here; not used */
		return 0;
	}
	if (n > 0)
		d->used += (uint64_t)n;
	return n;
}

/* Reads what follows the piece's first bytes (the head) through d: the
 * head converted from its first piece->len - 1 bytes, or (UTF-8, when
 * check) checked. */
static int dec_start(struct dec *d, enum trawl_enc enc, size_t skip, bool check,
		     struct buf *piece, trawl_piece_fn read, void *ud)
{
	*d = (struct dec){.read = read, .ud = ud, .enc = enc, .skip = skip, .check = check,
			  .conv = {.read = read, .ud = ud, .fn = convert, .self = d,
				   .cap = SIZE_MAX / 2}};
	if (enc != TRAWL_ENC_UTF8)
		return xf_start(&d->conv, piece, skip);
	d->used = piece->len - 1 - skip;
	return !check || dec_check(d, piece->data + 1 + skip, d->used) ? 0 : -1;
}

/* The object's bytes read through d. */
static uint64_t dec_used(const struct dec *d)
{
	return d->skip + (d->enc == TRAWL_ENC_UTF8 ? d->used : d->conv.used);
}

static void dec_free(struct dec *d)
{
	xf_free(&d->conv);
}

/* HTML or XML's text, as trawl_extract_markup gives it whole. */
static long markup_text(void *self, const char *in, size_t len, bool eof, bool full,
			struct buf *out)
{
	return trawl_markup_stream_feed(self, in, len, eof, full, out);
}

/* Plain text in pieces, each with what the scanner needs of context on
 * each side (trawl_scanner_context), owning the detections that end in
 * its middle; lines and columns carried from piece to piece. Returns the
 * bytes scanned. */
static uint64_t stream_plain(struct trawl_objscan *s, struct buf *piece, size_t chunk,
			     trawl_piece_fn read, void *ud, struct acc *a, bool *partial,
			     const char **reason, char *err, size_t errlen)
{
	size_t ctx = trawl_scanner_context(s->sc);
	struct trawl_line_cursor cur = {0, 1, 0};
	uint64_t base = 0, own_lo = 0;   /* piece->data + 1 is at offset base */
	bool eof = false;
	if (chunk < 4 * ctx)
		chunk = 4 * ctx;
	for (;;) {
		fill(piece, chunk, read, ud, &eof, reason);
		size_t clen = piece->len - 1;
		/* the scanner's padding after the piece */
		if (buf_addch(piece, '\n')) {
			*reason = "FILE_EXCEEDS_SIZE_LIMIT";
			return base;
		}
		piece->len--;
		uint64_t own_hi = eof ? base + clen : base + clen - ctx;
		const struct trawl_detection *d;
		size_t nd;
		if (trawl_scanner_scan_piece(s->sc, piece->data + 1, clen, own_lo - base,
					     own_hi - base + (eof ? 1 : 0), &d, &nd, err, errlen)) {
			*reason = "INTERNAL_ERROR";
			return base;
		}
		*partial |= trawl_scanner_partial(s->sc);
		if (acc_reserve(a, nd)) {
			*reason = "FILE_EXCEEDS_SIZE_LIMIT";
			return base;
		}
		const char *t = piece->data + 1;
		for (size_t i = 0; i < nd; i++) {
			if (!acc_keep(a, d[i].ident))
				continue;
			uint64_t st = base + d[i].start, en = base + d[i].end;
			if (st > cur.pos)
				trawl_cursor_advance(&cur, t + (cur.pos - base), (size_t)(st - cur.pos));
			struct trawl_line_cursor e = cur;
			trawl_cursor_advance(&e, t + (st - base), (size_t)(en - st));
			struct trawl_loc l = {.line = cur.line, .end_line = e.line, .col = cur.col + 1};
			acc_add(a, s->output, &d[i], &l, t + (st - base), base);
		}
		if (eof)
			return base + clen;
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
}

/* Scans doc, a piece of an object's text, and adds its detections to a,
 * their offsets moved by *doc_base (then moved past this doc). -1, with
 * *reason, when it cannot. */
static int scan_into(struct trawl_objscan *s, struct trawl_doc *doc, struct acc *a,
		     uint64_t *doc_base, struct trawl_outcome *res, const char **reason, char *err,
		     size_t errlen)
{
	const struct trawl_detection *d;
	size_t nd;
	trawl_scanner_set_doc(s->sc, doc);
	int rc = trawl_scanner_scan_padded(s->sc, doc_text(doc), doc_len(doc), &d, &nd, err,
					   errlen);
	trawl_scanner_set_doc(s->sc, NULL);
	if (rc) {
		*reason = "INTERNAL_ERROR";
		return -1;
	}
	if (trawl_scanner_partial(s->sc) && !res->reason) {
		res->status = "PARTIAL";
		res->reason = "CANDIDATE_LIMIT_EXCEEDED";
	}
	struct trawl_outcome here = {.text = doc_text(doc), .len = doc_len(doc), .det = d,
				     .ndet = nd, .doc = doc};
	struct trawl_loc *pl = nd ? trawl_locate(&here) : NULL;
	if ((nd && !pl) || acc_reserve(a, nd)) {
		free(pl);
		*reason = "FILE_EXCEEDS_SIZE_LIMIT";
		return -1;
	}
	for (size_t i = 0; i < nd; i++) {
		if (!acc_keep(a, d[i].ident))
			continue;
		struct trawl_loc l = pl[i];
		if (l.has_seg) {
			l.seg.name = (int32_t)intern(a, doc_str(doc, l.seg.name));
			l.seg.cellref = (int32_t)intern(a, doc_str(doc, l.seg.cellref));
			l.seg.context = -1;
			l.vhash = trawl_hide_hash(here.text + l.seg.start, l.seg.end - l.seg.start);
		}
		acc_add(a, s->output, &d[i], &l, here.text + d[i].start, *doc_base);
	}
	free(pl);
	*doc_base += doc_len(doc);
	return 0;
}

/* What a record says of detections kept in a (names in a->names). */
static void acc_outcome(struct acc *a, struct trawl_outcome *res)
{
	res->det = a->det;
	res->ndet = a->n;
	res->locs = a->loc;
	res->vals = a->vals;
	res->more = a->more;
	res->doc = a->names;
}

/* A spreadsheet whose cells are handed over in pieces (office.h): each
 * piece scanned as it comes, its detections kept as an object read in
 * pieces keeps them. */
struct office_run {
	struct trawl_objscan *s;
	struct trawl_level *L;
	struct acc a;
	bool used;          /* a piece was handed over */
	bool text;          /* a text document's text */
	uint64_t base;
	struct trawl_outcome res;
	const char *reason;
	char err[128];
};

/* The first piece handed over: what detections are kept in. */
static int office_start(struct office_run *o)
{
	if (o->used)
		return 0;
	o->used = true;
	doc_reset(&o->L->tmp);
	if (acc_init(&o->a, o->s, &o->L->tmp)) {
		o->reason = "INTERNAL_ERROR";
		return -1;
	}
	return 0;
}

static int office_flush(void *ud, struct trawl_doc *doc)
{
	struct office_run *o = ud;
	if (office_start(o))
		return -1;
	return scan_into(o->s, doc, &o->a, &o->base, &o->res, &o->reason, o->err,
			 sizeof(o->err));
}

/* A text document's text, scanned as plain text in pieces. */
static int office_text(void *ud, trawl_piece_fn read, void *rd)
{
	struct office_run *o = ud;
	struct buf piece = BUF_INIT;
	bool partial = false;
	o->text = true;
	if (office_start(o))
		return -1;
	if (buf_addch(&piece, '\n'))
		o->reason = "FILE_EXCEEDS_SIZE_LIMIT";
	else
		o->base = stream_plain(o->s, &piece, o->s->stream_chunk, read, rd, &o->a, &partial,
				       &o->reason, o->err, sizeof(o->err));
	if (partial && !o->res.reason) {
		o->res.status = "PARTIAL";
		o->res.reason = "CANDIDATE_LIMIT_EXCEEDED";
	}
	buf_release(&piece);
	return o->reason ? -1 : 0;
}

/* Extracts the office document data[0..len) (or, data NULL, of len bytes
 * read from src) at level d into its doc (*ex); when it was large enough
 * to be handed over in pieces, or is a text document (read in pieces),
 * its record is written here (true). */
static bool office_pieces(struct trawl_objscan *s, unsigned d,
			  const struct trawl_object_info *oi, const char *data, size_t len,
			  struct trawl_archive_source *src, const char *pre_reason,
			  struct trawl_ex_result *ex, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	struct office_run o = {.s = s, .L = L, .res = {.status = "COMPLETE", .text = ""}};
	struct trawl_office_pieces pc = {office_flush, office_text, &o, s->stream_chunk,
					 s->stream_chunk};
	*ex = trawl_extract_office_pieces(data, len, src, &L->doc, NULL,
					  s->stream_chunk ? &pc : NULL);
	if (!o.used || (o.text && ex->status == TRAWL_EX_SKIPPED)) {
		/* (no text at all: the record a whole read makes) */
		acc_free(&o.a);
		return false;
	}
	if (!o.reason && doc_len(&L->doc))
		scan_into(s, &L->doc, &o.a, &o.base, &o.res, &o.reason, o.err, sizeof(o.err));
	log_error(s, oi->embedded_path, o.err);
	if (o.reason) {
		o.res.status = "PARTIAL";
		o.res.reason = o.reason;
	} else if (!o.res.reason && (pre_reason || ex->status != TRAWL_EX_COMPLETE)) {
		/* (SKIPPED says the doc was empty at the end: it was not) */
		o.res.status = "PARTIAL";
		o.res.reason = pre_reason ? pre_reason : ex->reason;
	}
	o.res.mime = L->doc.mime;
	o.res.size_classified = len;
	o.res.len = (size_t)o.base;
	acc_outcome(&o.a, &o.res);
	record(s, d, oi, &o.res, out);
	acc_free(&o.a);
	return true;
}

/* A CSV quote still open this many bytes on is taken as an ordinary
 * byte, as one never closed is, so that a piece cannot grow without end
 * (a quoted cell longer than this would be read differently whole). */
#define QUOTED_MAX ((size_t)256 << 20)

/* CSV/TSV, JSON Lines or a JSON document (js) in pieces: a structured
 * value's keywords are in the value or its column name / key path, never
 * in another value, so pieces need no overlap. CSV rows and JSON lines
 * are not cut; a CSV's header stays at the front of every piece, naming
 * the columns, and rows and record indexes carry on from piece to piece.
 * A JSON document is cut after any ',' between two values, its parser
 * going on where it stopped. Returns the bytes scanned. */
static uint64_t stream_records(struct trawl_objscan *s, struct trawl_level *L,
			       enum stream_kind k, char sep, struct buf *piece, size_t chunk,
			       trawl_piece_fn read, void *ud, struct acc *a,
			       struct trawl_json_stream *js, struct trawl_outcome *res,
			       const char **reason, char *err, size_t errlen)
{
	bool csv = k == SK_CSV, jdoc = k == SK_JSONDOC;
	uint64_t done = 0;                 /* object bytes scanned */
	uint64_t next = csv ? 2 : 0;       /* the piece's first row / record */
	uint64_t doc_base = 0;             /* detections' offsets, piece to piece */
	size_t front = 0;                  /* bytes kept at the front: a CSV's header */
	size_t want = chunk > TRAWL_SX_SNIFF ? chunk : TRAWL_SX_SNIFF + 1;
	bool first = true, eof = false;
	for (;;) {
		fill(piece, want, read, ud, &eof, reason);
		if (csv && !sep) /* as trawl_extract_csv tells it */
			sep = trawl_csv_separator(piece->data + 1, piece->len - 1);
		char *t = piece->data + 1;
		size_t clen = piece->len - 1, body = first ? 0 : front, cut, head_end = 0;
		uint64_t nrec = 0;
		if (eof) {
			cut = clen;
		} else if (csv) {
			cut = body + trawl_csv_records_end(t + body, clen - body, sep,
							   clen - body >= QUOTED_MAX, &nrec,
							   &head_end);
			head_end += body;
		} else if (jdoc) {
			cut = trawl_json_cut(t, clen); /* after a ',' */
		} else {
			const char *nl = memrchr(t, '\n', clen);
			cut = nl ? (size_t)(nl - t) + 1 : 0;
			nrec = trawl_count_nl(t, cut);
		}
		if (cut <= body && !eof) {
			want = clen + chunk; /* no whole record yet: read more */
			continue;
		}
		doc_reset(&L->doc);
		struct trawl_ex_result x;
		if (csv) {
			x = trawl_extract_csv_piece(t, cut, &sep, next, first, &L->doc);
		} else if (jdoc) {
			x = trawl_json_stream_piece(js, t, cut, eof, &L->doc);
		} else {
			x = trawl_extract_json_lines(t, cut, next, &L->doc);
		}
		if (x.status != TRAWL_EX_COMPLETE && !res->reason) {
			res->status = "PARTIAL";
			res->reason = x.reason;
		}
		res->mime = L->doc.mime;
		if (scan_into(s, &L->doc, a, &doc_base, res, reason, err, errlen))
			return done;
		if (eof)
			return done + clen - body;
		done += cut - body;
		if (jdoc && x.status != TRAWL_EX_COMPLETE) {
			/* a document stops at its first error, as read whole:
			 * the rest is only counted */
			for (;;) {
				long n = read(ud, piece->data + 1, clen, reason);
				if (n <= 0)
					return done + clen - cut;
				done += (uint64_t)n;
			}
		}
		/* the next piece: what stays at the front, then what is left */
		if (csv && first) {
			front = head_end; /* the header, already there */
			next += nrec - 1;
		} else {
			next += nrec;
		}
		memmove(t + front, t + cut, clen - cut);
		piece->len = 1 + front + (clen - cut);
		want = front + chunk;
		first = false;
	}
}

/* A text object, the top level one or a member at level d, in pieces:
 * piece holds '\n' and its first bytes, read() gives the rest. */
static bool stream_text(struct trawl_objscan *s, unsigned d, struct trawl_object_info *oi,
			enum stream_kind k, char sep, struct buf *piece, size_t chunk,
			struct dec *dec, struct buf *out)
{
	trawl_piece_fn read = dec_read;
	void *ud = dec;
	struct trawl_level *L = &s->lv[d];
	struct trawl_outcome res = {.status = "COMPLETE", .mime = "text/plain", .text = ""};
	struct acc a = {0};
	const char *reason = NULL;
	bool partial = false, markup = k == SK_HTML || k == SK_XML;
	char err[128] = "";
	/* markup: its text, read as plain text, up to 16 pieces at hand */
	struct xform mk = {.read = dec_read, .ud = dec, .fn = markup_text, .cap = 16 * chunk};
	if (markup) {
		res.mime = k == SK_HTML ? "text/html" : "application/xml";
		if (xf_start(&mk, piece, 0))
			reason = "INTERNAL_ERROR";
		read = xf_read;
		ud = &mk;
	}
	/* a byte-order mark is not text (as when decoded whole) */
	size_t bom = piece->len > 3 && !memcmp(piece->data + 1, "\xEF\xBB\xBF", 3) ? 3 : 0;
	memmove(piece->data + 1, piece->data + 1 + bom, piece->len - 1 - bom);
	piece->len -= bom;
	doc_reset(&L->tmp);
	struct trawl_json_stream *js = NULL;
	uint64_t n = reason || acc_init(&a, s, &L->tmp) ||
				     (k == SK_JSONDOC && !(js = trawl_json_stream_new())) ||
				     (markup && !(mk.self = trawl_markup_stream_new(k == SK_HTML)))
			     ? (reason = "INTERNAL_ERROR", 0)
		     : k == SK_PLAIN || markup
			     ? stream_plain(s, piece, chunk, read, ud, &a, &partial, &reason, err,
					    sizeof(err))
			     : stream_records(s, L, k, sep, piece, chunk, read, ud, &a, js, &res,
					      &reason, err, sizeof(err));
	trawl_json_stream_free(js);
	trawl_markup_stream_free(mk.self);
	xf_free(&mk);
	if (dec->invalid) {
		acc_free(&a); /* not UTF-8 after all: to be read over */
		return false;
	}
	log_error(s, oi->embedded_path, err);
	if (reason) {
		/* what was read is reported; the rest could not be */
		res.status = n ? "PARTIAL" : "SKIPPED";
		res.reason = reason;
	} else if (partial) {
		res.status = "PARTIAL";
		res.reason = "CANDIDATE_LIMIT_EXCEEDED";
	}
	if (n) /* the object's bytes */
		n = dec->enc == TRAWL_ENC_UTF8 && !markup ? n + bom : dec_used(dec);
	res.size_classified = n;
	res.len = (size_t)n;
	acc_outcome(&a, &res);
	if (d)
		oi->embedded_size = n;
	else if (!oi->size)
		oi->size = n; /* stdin */
	emit(s, oi, &res, out);
	s->bytes += n;
	acc_free(&a);
	return true;
}

/* A text object in pieces (stream_text), read through a struct dec: over
 * again as Windows-1252, when seek allows, if it turns out not to be
 * UTF-8 past its first piece. */
static void stream_decoded(struct trawl_objscan *s, unsigned d, struct trawl_object_info *oi,
			   const char *name, enum stream_kind k, char sep, enum trawl_enc enc, size_t skip,
			   struct buf *piece, size_t chunk, trawl_piece_fn read,
			   trawl_seek_fn seek, void *ud, struct buf *out)
{
	struct dec dec;
	const char *reason = NULL;
	int e = dec_start(&dec, enc, skip, seek != NULL, piece, read, ud);
	if (e == 0 && stream_text(s, d, oi, k, sep, piece, chunk, &dec, out)) {
		dec_free(&dec);
		return;
	}
	/* an invalid byte: from the start, as Windows-1252 */
	dec_free(&dec);
	bool eof = false;
	piece->len = 1;
	if (!seek || seek(ud, 0))
		reason = "SOURCE_OBJECT_NO_LONGER_AVAILABLE";
	else
		fill(piece, chunk, read, ud, &eof, &reason);
	if (reason) {
		struct trawl_outcome res = {.status = "SKIPPED", .reason = reason, .text = ""};
		emit(s, oi, &res, out);
		return;
	}
	k = stream_kind(name, piece->data + 1, piece->len - 1, &sep, true, TRAWL_ENC_CP1252, &enc,
			&skip);
	if (enc != TRAWL_ENC_UTF16LE && enc != TRAWL_ENC_UTF16BE)
		enc = TRAWL_ENC_CP1252; /* (what it was read as at first) */
	if (dec_start(&dec, enc, skip, false, piece, read, ud) == 0)
		stream_text(s, d, oi, k == SK_NONE || k == SK_ARCHIVE ? SK_PLAIN : k, sep, piece,
			    chunk, &dec, out);
	dec_free(&dec);
}

/* Reads an object to its end through b (its bytes are lost): the bytes
 * read. */
static uint64_t drain(struct buf *b, size_t chunk, trawl_piece_fn read, void *ud,
		      const char **reason)
{
	uint64_t n = 0;
	long got;
	b->len = 0;
	while (!*reason && buf_grow(b, chunk) == 0 && (got = read(ud, b->data, chunk, reason)) > 0)
		n += (uint64_t)got;
	return n;
}

/* An object at level d whose first bytes (piece, after its '\n') say it
 * is not read: its record, as a whole read makes it, with its size read
 * to its end (through piece) when not known. */
static void stream_unread(struct trawl_objscan *s, unsigned d, struct trawl_object_info *oi,
			  struct buf *piece, size_t chunk, trawl_piece_fn read, void *ud,
			  struct buf *out)
{
	struct trawl_outcome res = {.status = "SKIPPED",
				    .reason = "UNSUPPORTED_FILE_TYPE_EXCEPTION",
				    .mime = unread_mime(piece->data + 1, piece->len - 1),
				    .text = ""};
	const char *reason = NULL;
	if (d || !oi->size) {
		uint64_t n = piece->len - 1 + drain(piece, chunk, read, ud, &reason);
		*(d ? &oi->embedded_size : &oi->size) = n;
	}
	emit(s, oi, &res, out);
}

/* A reader of an object's first piece (after its '\n'), then of read():
 * the bytes it gave counted, the reason a read failed kept. */
struct head_rd {
	const char *head;
	size_t nhead, at;
	trawl_piece_fn read;
	void *ud;
	uint64_t total;
	const char *reason;
};

static long head_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct head_rd *h = ud;
	long n;
	(void)reason;
	if (h->at < h->nhead) {
		n = (long)(h->nhead - h->at < max ? h->nhead - h->at : max);
		memcpy(dst, h->head + h->at, (size_t)n);
		h->at += (size_t)n;
	} else {
		n = h->reason ? 0 : h->read(h->ud, dst, max, &h->reason);
	}
	if (n > 0)
		h->total += (uint64_t)n;
	return n;
}

/* A mail too large to hold at level d, read front to back: its headers
 * and text parts are its text (held), its attachments scanned as they
 * come (in pieces when they are large); its record, then theirs. */
static void stream_eml(struct trawl_objscan *s, unsigned d, struct trawl_object_info *oi,
		       struct buf *piece, trawl_piece_fn read, void *ud, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	struct trawl_outcome res = {.status = "SKIPPED", .text = ""};
	struct head_rd h = {piece->data + 1, piece->len - 1, 0, read, ud, 0, NULL};
	struct trawl_ex_result ex = {TRAWL_EX_SKIPPED, NULL};
	struct buf sink = BUF_INIT;
	buf_reset(&L->rec);
	doc_reset(&L->doc);
	if (d < TRAWL_MAX_LEVELS) {
		struct child_ctx cc = {s, d, oi->embedded_path};
		ex = trawl_extract_eml_read(head_read, &h, &L->doc, on_child, on_member,
					    s->stream_min, &cc);
	}
	/* what the mail's end holds after its last part, for its size */
	const char *why = NULL;
	drain(&sink, 65536, head_read, &h, &why);
	buf_release(&sink);
	uint64_t size = h.total;
	if (d)
		oi->embedded_size = size;
	else if (!oi->size)
		oi->size = size; /* stdin */
	if (d >= TRAWL_MAX_LEVELS) {
		res.reason = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT";
		record(s, d, oi, &res, out);
		return;
	}
	if (h.reason) /* what was read is reported; the rest could not be */
		ex = worse(ex, (struct trawl_ex_result){TRAWL_EX_PARTIAL, h.reason});
	scan_doc(s, d, oi, &res, ex, false, NULL, (size_t)size, NULL, out);
}

/* An archive too large to hold at level d, read front to back (a
 * compressed stream, a tar) or with seeks (zip, 7z) through block: its
 * record, then its members'. A zip that holds an office document's parts
 * is read as that document. */
static void stream_archive(struct trawl_objscan *s, unsigned d, struct trawl_object_info *oi,
			   const char *name, struct buf *piece, size_t chunk, trawl_piece_fn read,
			   trawl_seek_fn seek, void *ud, struct buf *block, struct buf *out)
{
	struct trawl_level *L = &s->lv[d];
	struct trawl_outcome res = {.status = "SKIPPED", .text = ""};
	uint64_t *size = d ? &oi->embedded_size : &oi->size;
	trawl_archive_sniff(piece->data + 1, piece->len - 1, &res.mime);
	struct trawl_archive_source src = {.head = piece->data + 1, .nhead = piece->len - 1,
					   .read = read, .seek = seek, .size = *size,
					   .ud = ud, .block = block, .block_size = chunk,
					   .at = piece->len - 1};
	buf_reset(&L->rec);
	if (seek && !trawl_archive_sequential(src.head, src.nhead) && res.mime &&
	    !strcmp(res.mime, "application/zip") && trawl_archive_office_like(&src) &&
	    trawl_is_office_at(NULL, 0, &src, NULL)) {
		/* an office document, its parts read from the source */
		struct trawl_ex_result ex;
		doc_reset(&L->doc);
		if (!office_pieces(s, d, oi, NULL, *size, &src, NULL, &ex, out))
			scan_doc(s, d, oi, &res, ex, false, NULL, *size, NULL, out);
		return;
	}
	struct trawl_ex_result ex = {TRAWL_EX_SKIPPED, "ARCHIVE_NESTING_LEVEL_OVER_LIMIT"};
	if (d < s->lim.max_depth && d < TRAWL_MAX_LEVELS)
		ex = unpack(s, d, oi->embedded_path, name, NULL, 0, &src);
	if (!*size) /* stdin, a member: its size is what it held */
		*size = src.consumed + drain(block, chunk, read, ud, &src.reason);
	res.status = status_str(ex.status);
	res.reason = ex.reason;
	if (ex.status != TRAWL_EX_SKIPPED)
		res.size_classified = *size;
	emit_with_members(s, oi, &res, L, out);
}

/* A member found too large to hold: scanned in pieces when it is text
 * that can be, an archive, an office document or a mail; a PDF written to
 * a file for the PDF child; known by its first bytes when it is not read
 * (anything else is read whole, as the archive reader does when this
 * returns 0). */
static int on_member(void *ud, const char *name, int64_t mtime, struct buf *first,
		     trawl_piece_fn read, void *rd)
{
	struct child_ctx *c = ud;
	struct trawl_objscan *s = c->s;
	char sep;
	enum trawl_enc enc;
	size_t skip;
	enum stream_kind k = stream_kind(name, first->data, first->len, &sep, true,
					 TRAWL_ENC_UTF8, &enc, &skip);
	bool pdf = k == SK_NONE && s->pdf_helper && !s->pdf_fd &&
		   trawl_is_pdf(first->data, first->len);
	if ((k == SK_NONE && !pdf) || c->depth + 1 > TRAWL_MAX_LEVELS || buf_grow(first, 2))
		return 0;
	struct buf path = BUF_INIT;
	if (c->path ? buf_printf(&path, "%s!/%s", c->path, name) : buf_addstr(&path, name))
		return -1;
	/* the piece: '\n', then the member's first bytes */
	memmove(first->data + 1, first->data, first->len);
	first->data[0] = '\n';
	first->len++;
	struct trawl_object_info oi = *s->top;
	oi.embedded_path = path.data;
	oi.embedded_size = 0;
	oi.embedded_mtime = mtime;
	struct buf *out = &s->lv[c->depth].rec;
	trawl_seek_fn seek = NULL;
	const char *why = NULL;
	int fd = -1;
	if (pdf || (k == SK_ARCHIVE && !trawl_archive_sequential(first->data + 1, first->len - 1))) {
		/* a PDF, for the PDF child, or a zip, 7z or office document,
		 * read with seeks: written to a file first (read whole when
		 * no file can be made) */
		fd = trawl_spool(first, s->stream_chunk, read, rd, &oi.embedded_size, &why);
		if (fd < 0 && !why) {
			/* (nothing consumed: the piece as it was) */
			memmove(first->data, first->data + 1, --first->len);
			buf_release(&path);
			return 0;
		}
		read = trawl_fd_piece;
		seek = trawl_fd_seek;
		rd = &fd;
	}
	if (why) {
		struct trawl_outcome res = {.status = "SKIPPED", .reason = why, .text = ""};
		emit(s, &oi, &res, out);
	} else if (pdf) {
		s->pdf_fd = &fd;
		s->pdf_d = c->depth + 1;
		s->pdf_size = oi.embedded_size;
		scan_one(s, c->depth + 1, path.data, name, first->data + 1, first->len - 1, mtime,
			 NULL, out);
		s->pdf_fd = NULL;
	} else if (k == SK_ARCHIVE) {
		/* (a compressed stream or a tar: read front to back) */
		struct buf block = BUF_INIT;
		stream_archive(s, c->depth + 1, &oi, name, first, s->stream_chunk, read, seek, rd,
			       &block, out);
		buf_release(&block);
	} else if (k == SK_EML) {
		stream_eml(s, c->depth + 1, &oi, first, read, rd, out);
	} else if (k == SK_SKIP) {
		stream_unread(s, c->depth + 1, &oi, first, s->stream_chunk, read, rd, out);
	} else {
		stream_decoded(s, c->depth + 1, &oi, name, k, sep, enc, skip, first,
			       s->stream_chunk, read, NULL, rd, out);
	}
	if (fd >= 0)
		close(fd);
	buf_release(&path);
	return 1;
}

void trawl_objscan_stream(struct trawl_objscan *s, const struct trawl_object_info *top,
			  struct buf *piece, size_t chunk, trawl_piece_fn read, trawl_seek_fn seek,
			  void *ud, struct buf *out)
{
	begin(s, top);
	struct trawl_object_info oi = *top;
	char sep;
	enum trawl_enc enc;
	size_t skip;
	enum stream_kind k = stream_kind(top->key, piece->data + 1, piece->len - 1, &sep,
					 seek != NULL, TRAWL_ENC_UTF8, &enc, &skip);
	if (k == SK_ARCHIVE)
		stream_archive(s, 0, &oi, top->key, piece, chunk, read, seek, ud, &s->block, out);
	else if (k == SK_EML)
		stream_eml(s, 0, &oi, piece, read, ud, out);
	else if (k == SK_SKIP)
		stream_unread(s, 0, &oi, piece, chunk, read, ud, out);
	else
		stream_decoded(s, 0, &oi, top->key, k == SK_NONE ? SK_PLAIN : k, sep,
			       enc == TRAWL_ENC_BINARY ? TRAWL_ENC_UTF8 : enc, skip, piece, chunk,
			       read, seek, ud, out);
	for (size_t i = 0; i <= TRAWL_MAX_LEVELS; i++)
		trim(&s->lv[i]);
	if (s->block.alloc > KEEP_LEVEL)
		buf_release(&s->block);
}

/* A PDF by its first bytes, as a whole read tells it: "%PDF-" near its
 * start (a tar holding a PDF has it too: an archive first). */
static bool pdf_head(const char *head, size_t n)
{
	return trawl_archive_sniff(head, n, NULL) == TRAWL_ARCHIVE_NONE && trawl_is_pdf(head, n);
}

bool trawl_objscan_wants_file(const struct trawl_objscan *s, const char *name,
			      const char *head, size_t n)
{
	return (!trawl_objscan_streamable(name, head, n, false) &&
		trawl_objscan_streamable(name, head, n, true)) ||
	       (s->pdf_helper && pdf_head(head, n));
}

bool trawl_objscan_pdf_file(struct trawl_objscan *s, const struct trawl_object_info *top,
			    int fd, const char *head, size_t n, struct buf *out)
{
	if (!s->pdf_helper || !pdf_head(head, n))
		return false;
	begin(s, top);
	s->pdf_fd = &fd;
	s->pdf_d = 0;
	s->pdf_size = top->size;
	scan_one(s, 0, NULL, top->key, head, n, (int64_t)top->mtime, NULL, out);
	s->pdf_fd = NULL;
	for (size_t i = 0; i <= TRAWL_MAX_LEVELS; i++)
		trim(&s->lv[i]);
	return true;
}

void trawl_objscan_failed(struct trawl_objscan *s, const struct trawl_object_info *top,
			  const char *reason, struct buf *out)
{
	begin(s, top);
	scan_one(s, 0, NULL, top->key, NULL, 0, (int64_t)top->mtime, reason, out);
}

void trawl_objscan_release(struct trawl_objscan *s)
{
	buf_release(&s->block);
	for (size_t i = 0; i <= TRAWL_MAX_LEVELS; i++) {
		buf_release(&s->lv[i].scratch);
		buf_release(&s->lv[i].rec);
		doc_release(&s->lv[i].doc);
		doc_release(&s->lv[i].tmp);
	}
}
