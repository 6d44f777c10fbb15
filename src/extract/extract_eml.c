#include "extract/eml.h"
#include "util/chars.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16
#define MAX_PARTS 10000
#define MAX_HEADER (64u << 10) /* one unfolded header line */
#define PIECE 65536

struct mail {
	struct trawl_doc *doc;
	trawl_child_fn emit;
	trawl_member_fn member;   /* NULL: every child read whole */
	size_t stream_min;
	void *ud;
	unsigned parts;
	struct trawl_ex_result res;
	struct buf tmp;           /* decoded bodies */
};

static const char *memmem_ci(const char *h, size_t hn, const char *n)
{
	size_t nn = strlen(n);
	for (size_t i = 0; nn <= hn && i <= hn - nn; i++)
		if (!strncasecmp(h + i, n, nn))
			return h + i;
	return NULL;
}

bool trawl_looks_like_eml(const char *d, size_t len)
{
	static const char *const hdr[] = {"From:", "Received:", "Return-Path:",
					  "Message-ID:", "MIME-Version:", "Delivered-To:",
					  "Date:", "Subject:", "To:", "X-"};
	int seen = 0;
	size_t pos = 0;
	for (int line = 0; line < 20 && pos < len; line++) {
		const char *nl = memchr(d + pos, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - d) - pos : len - pos;
		if (l == 0 || (l == 1 && d[pos] == '\r'))
			break;
		for (size_t i = 0; i < sizeof(hdr) / sizeof(hdr[0]); i++)
			if (l >= strlen(hdr[i]) && !strncasecmp(d + pos, hdr[i], strlen(hdr[i])))
				seen++;
		if (d[pos] != ' ' && d[pos] != '\t' && !memchr(d + pos, ':', l))
			return false; /* not a header line */
		pos += l + 1;
	}
	return seen >= 2;
}

static int b64val(int c)
{
	if (c >= 'A' && c <= 'Z') return c - 'A';
	if (c >= 'a' && c <= 'z') return c - 'a' + 26;
	if (c >= '0' && c <= '9') return c - '0' + 52;
	if (c == '+' || c == '-') return 62;
	if (c == '/' || c == '_') return 63;
	return -1;
}

/* Base64, one character at a time: the byte it completes, or -1 (line
 * breaks, padding and junk are passed over). */
struct b64 {
	unsigned acc;
	int bits;
};

static int b64_put(struct b64 *b, unsigned char ch)
{
	int v = b64val(ch);
	if (v < 0)
		return -1;
	b->acc = b->acc << 6 | (unsigned)v;
	b->bits += 6;
	if (b->bits < 8)
		return -1;
	b->bits -= 8;
	return (int)(b->acc >> b->bits & 0xFF);
}

static int decode_b64(const char *s, size_t n, struct buf *out)
{
	struct b64 b = {0, 0};
	for (size_t i = 0; i < n; i++) {
		int c = b64_put(&b, (unsigned char)s[i]);
		if (c >= 0 && buf_addch(out, (char)c))
			return -1;
	}
	return 0;
}

/* Quoted-printable at s (n bytes at hand: at least 3 unless at the end);
 * in headers (q) '_' is a space. The bytes used, with *c the byte they
 * make, or -1 for a soft line break. */
static size_t qp_one(const char *s, size_t n, bool q, int *c)
{
	if (s[0] == '=' && n >= 2 && (s[1] == '\n' || s[1] == '\r')) {
		*c = -1;
		return s[1] == '\r' && n >= 3 && s[2] == '\n' ? 3 : 2;
	}
	if (s[0] == '=' && n >= 3 && trawl_hexval((unsigned char)s[1]) >= 0 &&
	    trawl_hexval((unsigned char)s[2]) >= 0) {
		*c = trawl_hexval((unsigned char)s[1]) << 4 | trawl_hexval((unsigned char)s[2]);
		return 3;
	}
	*c = q && s[0] == '_' ? ' ' : (unsigned char)s[0];
	return 1;
}

static int decode_qp(const char *s, size_t n, bool q, struct buf *out)
{
	int c;
	for (size_t i = 0; i < n;) {
		i += qp_one(s + i, n - i, q, &c);
		if (c >= 0 && buf_addch(out, (char)c))
			return -1;
	}
	return 0;
}

/* A header value with RFC 2047 encoded words decoded (charsets other than
 * UTF-8 are passed through as bytes). */
static int add_header(struct mail *m, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		const char *ew = i + 1 < n ? memmem(s + i, n - i, "=?", 2) : NULL;
		if (!ew)
			return doc_add(m->doc, s + i, n - i);
		if (doc_add(m->doc, s + i, (size_t)(ew - (s + i))))
			return -1;
		const char *q1 = memchr(ew + 2, '?', (size_t)(s + n - ew - 2));
		const char *q2 = q1 && q1 + 2 < s + n && q1[2] == '?' ? q1 + 2 : NULL;
		const char *end = q2 ? memmem(q2 + 1, (size_t)(s + n - q2 - 1), "?=", 2) : NULL;
		if (!end) {
			if (doc_add(m->doc, ew, 2))
				return -1;
			i = (size_t)(ew - s) + 2;
			continue;
		}
		buf_reset(&m->tmp);
		int r = (q1[1] | 0x20) == 'b' ? decode_b64(q2 + 1, (size_t)(end - q2 - 1), &m->tmp)
					       : decode_qp(q2 + 1, (size_t)(end - q2 - 1), true, &m->tmp);
		if (r || doc_add(m->doc, m->tmp.data ? m->tmp.data : "", m->tmp.len))
			return -1;
		i = (size_t)(end - s) + 2;
	}
	return 0;
}

/* The value of parameter name in a header value (boundary, filename). */
static size_t param(const char *v, size_t n, const char *name, char *out, size_t outlen)
{
	const char *p = v, *e = v + n;
	size_t nl = strlen(name);
	while ((p = memmem_ci(p, (size_t)(e - p), name))) {
		bool start = p == v || p[-1] == ';' || p[-1] == ' ' || p[-1] == '\t';
		const char *q = p + nl;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		if (!start || q >= e || *q != '=') {
			p += nl;
			continue;
		}
		q++;
		while (q < e && (*q == ' ' || *q == '\t'))
			q++;
		size_t o = 0;
		if (q < e && *q == '"') {
			for (q++; q < e && *q != '"' && o + 1 < outlen; q++)
				out[o++] = *q == '\\' && q + 1 < e ? *++q : *q;
		} else {
			for (; q < e && *q != ';' && *q != ' ' && *q != '\r' && o + 1 < outlen; q++)
				out[o++] = *q;
		}
		out[o] = '\0';
		return o;
	}
	out[0] = '\0';
	return 0;
}

struct part_hdr {
	const char *ctype; size_t ctype_len;
	const char *cte; size_t cte_len;
	const char *disp; size_t disp_len;
};

/* Reads the header block d[0..len); with top set, the headers go to the
 * document as they stand (folded lines stay folded, so a message's lines
 * are the source's). Returns the body offset. */
static size_t headers(struct mail *m, const char *d, size_t len, bool top,
		      struct part_hdr *h)
{
	size_t pos = 0;
	memset(h, 0, sizeof(*h));
	while (pos < len) {
		const char *nl = memchr(d + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - d) : len;
		size_t l = end - pos;
		if (l && d[end - 1] == '\r')
			l--;
		if (l == 0) {
			/* The blank line too: the text keeps the source's lines. */
			if (top && doc_addch(m->doc, '\n'))
				m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL,
								  "FILE_EXCEEDS_SIZE_LIMIT"};
			return nl ? end + 1 : len;
		}
		/* The header runs on while the next lines start with blanks. */
		size_t hend = end;
		while (hend + 1 < len && (d[hend + 1] == ' ' || d[hend + 1] == '\t') &&
		       hend - pos < MAX_HEADER) {
			const char *n2 = memchr(d + hend + 1, '\n', len - hend - 1);
			hend = n2 ? (size_t)(n2 - d) : len;
		}
		const char *v = memchr(d + pos, ':', hend - pos);
		if (v) {
			size_t nlen = (size_t)(v - (d + pos));
			const char *val = v + 1;
			size_t vlen = (size_t)(d + hend - val);
			if (!strncasecmp(d + pos, "Content-Type", nlen) && nlen == 12)
				h->ctype = val, h->ctype_len = vlen;
			else if (!strncasecmp(d + pos, "Content-Transfer-Encoding", nlen) && nlen == 25)
				h->cte = val, h->cte_len = vlen;
			else if (!strncasecmp(d + pos, "Content-Disposition", nlen) && nlen == 19)
				h->disp = val, h->disp_len = vlen;
		}
		if (top && (add_header(m, d + pos, hend - pos) || doc_addch(m->doc, '\n')))
			m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
		pos = hend < len ? hend + 1 : len;
	}
	return len;
}

/* ---- reading in pieces ----
 *
 * A message is read front to back, never whole: each part reads its own
 * input (struct in) from the part around it, which ends its bytes at the
 * next delimiter of its multipart (struct part_rd); a body is decoded as
 * it is read (struct dec_rd). A whole message in memory is read the same
 * way. */

/* Input read in pieces, with what is at hand from pos on. */
struct in {
	trawl_piece_fn read;
	void *ud;
	struct buf b;
	size_t pos;
	bool eof;
	bool nomem;
};

/* At least want bytes at hand from pos, unless the input ends first: how
 * many are at hand. */
static size_t in_have(struct in *in, size_t want)
{
	while (!in->eof && in->b.len - in->pos < want) {
		if (in->pos) {
			memmove(in->b.data, in->b.data + in->pos, in->b.len - in->pos);
			in->b.len -= in->pos;
			in->pos = 0;
		}
		size_t get = want - in->b.len < PIECE ? PIECE : want - in->b.len;
		const char *why = NULL;
		long n = -1;
		if (buf_grow(&in->b, get))
			in->nomem = true;
		else
			n = in->read(in->ud, in->b.data + in->b.len, get, &why);
		if (n <= 0)
			in->eof = true;
		else
			in->b.len += (size_t)n;
	}
	return in->b.len - in->pos;
}

/* Hands on n bytes at hand (a trawl_piece_fn's end). */
static long in_take(struct in *in, char *dst, size_t n)
{
	memcpy(dst, in->b.data + in->pos, n);
	in->pos += n;
	return (long)n;
}

/* The rest of the input (a trawl_piece_fn). */
static long in_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct in *in = ud;
	size_t n = in_have(in, 1);
	(void)reason;
	return in_take(in, dst, n < max ? n : max);
}

/* Past the next occurrence of delim (at it), or the end: false. */
static bool skip_to(struct in *in, const char *delim, size_t dl)
{
	for (;;) {
		size_t have = in_have(in, dl);
		const char *b = in->b.data + in->pos;
		const char *q = have >= dl ? memmem(b, have, delim, dl) : NULL;
		if (q) {
			in->pos += (size_t)(q - b);
			return true;
		}
		if (in->eof) {
			in->pos += have;
			return false;
		}
		in->pos += have - (dl - 1);
	}
}

/* Past the next '\n', or the end: false. */
static bool skip_line(struct in *in)
{
	size_t have;
	while ((have = in_have(in, 1))) {
		const char *b = in->b.data + in->pos;
		const char *nl = memchr(b, '\n', have);
		in->pos += nl ? (size_t)(nl - b) + 1 : have;
		if (nl)
			return true;
	}
	return false;
}

/* Reads to the end (a trawl_piece_fn's). */
static void drain(trawl_piece_fn read, void *ud)
{
	char sink[4096];
	const char *why = NULL;
	while (read(ud, sink, sizeof(sink), &why) > 0)
		;
}

/* One part of a multipart: the bytes of in up to the next delimiter (in
 * is then at it: found) or in's end, without the line break before that
 * ("\n", "\r\n" or "\r"). */
struct part_rd {
	struct in *in;
	const char *delim;
	size_t dl;
	bool done, found;
};

static long part_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct part_rd *p = ud;
	struct in *in = p->in;
	(void)reason;
	while (!p->done) {
		size_t have = in_have(in, p->dl + 2);
		const char *b = in->b.data + in->pos;
		const char *q = have >= p->dl ? memmem(b, have, p->delim, p->dl) : NULL;
		if (q || in->eof) {
			size_t end = q ? (size_t)(q - b) : have, e = end;
			if (e && b[e - 1] == '\n')
				e--;
			if (e && b[e - 1] == '\r')
				e--;
			if (e)
				return in_take(in, dst, e < max ? e : max);
			in->pos += end;
			p->done = true;
			p->found = q != NULL;
			break;
		}
		/* what cannot be a delimiter's start or the break before it */
		size_t keep = p->dl + 1;
		if (have > keep)
			return in_take(in, dst, have - keep < max ? have - keep : max);
		in_have(in, have + 1);
	}
	return 0;
}

/* A body decoded as it is read: base64, quoted-printable or as it is. */
enum cte { CTE_RAW, CTE_B64, CTE_QP };

struct dec_rd {
	struct in *in;
	enum cte cte;
	struct b64 b64;
};

static long dec_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct dec_rd *d = ud;
	struct in *in = d->in;
	if (d->cte == CTE_RAW)
		return in_read(in, dst, max, reason);
	size_t o = 0, have;
	int c;
	/* 3 bytes at hand, unless at the end, for quoted-printable */
	while (o < max && (have = in_have(in, 3))) {
		const char *b = in->b.data + in->pos;
		if (d->cte == CTE_B64) {
			size_t i = 0;
			while (i < have && o < max)
				if ((c = b64_put(&d->b64, (unsigned char)b[i++])) >= 0)
					dst[o++] = (char)c;
			in->pos += i;
			continue;
		}
		in->pos += qp_one(b, have, false, &c);
		if (c >= 0)
			dst[o++] = (char)c;
	}
	return (long)o;
}

static void part(struct mail *m, trawl_piece_fn read, void *ud, unsigned depth, bool top);

/* The parts of a multipart body (in) between delimiters: the preamble
 * before the first and what follows the closing one are not read. */
static void multipart(struct mail *m, struct in *in, const char *delim, size_t dl,
		      unsigned depth)
{
	if (!skip_to(in, delim, dl))
		return;
	while (m->parts < MAX_PARTS) {
		size_t have = in_have(in, dl + 2);
		const char *s = in->b.data + in->pos + dl;
		if (have >= dl + 2 && s[0] == '-' && s[1] == '-')
			break; /* closing delimiter */
		in->pos += dl;
		if (!skip_line(in))
			break;
		struct part_rd p = {in, delim, dl, false, false};
		m->parts++;
		part(m, part_read, &p, depth + 1, false);
		drain(part_read, &p);
		if (!p.found)
			break;
	}
}

/* A body (the rest of in), by its part's headers h. */
static void body(struct mail *m, struct in *in, const struct part_hdr *h, unsigned depth)
{
	char boundary[256], fname[256];
	if (h->ctype && trawl_starts_ci(h->ctype, h->ctype_len, "multipart/") &&
	    param(h->ctype, h->ctype_len, "boundary", boundary, sizeof(boundary))) {
		char delim[300];
		int dl = snprintf(delim, sizeof(delim), "--%s", boundary);
		multipart(m, in, delim, (size_t)dl, depth);
		return;
	}
	struct dec_rd dec = {in, CTE_RAW, {0, 0}};
	if (h->cte && trawl_starts_ci(h->cte, h->cte_len, "base64"))
		dec.cte = CTE_B64;
	else if (h->cte && trawl_starts_ci(h->cte, h->cte_len, "quoted-printable"))
		dec.cte = CTE_QP;
	bool text = !h->ctype || trawl_starts_ci(h->ctype, h->ctype_len, "text/");
	bool rfc822 = h->ctype && trawl_starts_ci(h->ctype, h->ctype_len, "message/rfc822");
	size_t fl = 0;
	if (h->disp)
		fl = param(h->disp, h->disp_len, "filename", fname, sizeof(fname));
	if (!fl && h->ctype)
		fl = param(h->ctype, h->ctype_len, "name", fname, sizeof(fname));
	bool attachment = fl || (h->disp && trawl_starts_ci(h->disp, h->disp_len, "attachment"));
	if (!fl)
		snprintf(fname, sizeof(fname), "part-%u", m->parts);
	/* (h points into in's buffer: not used past here) */

	if (rfc822 && !attachment) {
		part(m, dec_read, &dec, depth + 1, true);
		return;
	}
	const char *why = NULL;
	long n;
	if (text && !attachment) {
		char t[4096]; /* (a frame of a recursion 16 parts deep) */
		while ((n = dec_read(&dec, t, sizeof(t), &why)) > 0)
			if (doc_add(m->doc, t, (size_t)n))
				break;
		if (n > 0 || doc_addch(m->doc, '\n'))
			m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
		return;
	}
	/* A child object: its first bytes (more than stream_min, and never
	 * fewer than a piece: what tells its kind), then (when it is large)
	 * offered to be read in pieces, else read whole. The child's scan
	 * does not touch this buffer (it has its own level's). */
	struct buf child = BUF_INIT;
	size_t first = !m->member || !m->stream_min ? SIZE_MAX
		       : m->stream_min < PIECE ? PIECE : m->stream_min + 1;
	int taken = 0;
	for (;;) {
		size_t want = first - child.len < PIECE ? first - child.len : PIECE;
		if (!want && !taken) {
			taken = m->member(m->ud, fname, 0, &child, dec_read, &dec);
			if (taken)
				break;
			first = SIZE_MAX; /* whole after all */
			continue;
		}
		if (buf_grow(&child, want)) {
			m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
			break;
		}
		if ((n = dec_read(&dec, child.data + child.len, want, &why)) <= 0)
			break;
		child.len += (size_t)n;
	}
	if (!taken)
		m->emit(m->ud, fname, child.data ? child.data : "", child.len, 0, NULL);
	buf_release(&child);
}

/* A part (or the message, top) read through read(ud, ...). */
static void part(struct mail *m, trawl_piece_fn read, void *ud, unsigned depth, bool top)
{
	if (depth > MAX_DEPTH) {
		m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "MALFORMED_FILE"};
		return;
	}
	struct in in = {.read = read, .ud = ud};
	/* its header block, to the blank line (or the end), all at hand */
	size_t from = 0, have;
	for (;;) {
		have = in_have(&in, from + 1);
		const char *b = in.b.data + in.pos;
		const char *nl = have > from ? memchr(b + from, '\n', have - from) : NULL;
		if (!nl && in.eof)
			break;
		if (!nl) {
			in_have(&in, have + 1);
			continue;
		}
		size_t end = (size_t)(nl - b), l = end - from;
		if (l && b[end - 1] == '\r')
			l--;
		from = end + 1;
		if (l == 0) {
			have = from;
			break;
		}
	}
	struct part_hdr h;
	size_t off = headers(m, in.b.data + in.pos, have, top, &h);
	in.pos += off;
	body(m, &in, &h, depth);
	if (in.nomem)
		m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
	buf_release(&in.b);
}

struct mem_rd {
	const char *p;
	size_t n;
};

static long mem_read(void *ud, char *dst, size_t max, const char **reason)
{
	struct mem_rd *r = ud;
	size_t n = r->n < max ? r->n : max;
	(void)reason;
	memcpy(dst, r->p, n);
	r->p += n;
	r->n -= n;
	return (long)n;
}

struct trawl_ex_result trawl_extract_eml(const char *data, size_t len,
					 struct trawl_doc *doc, trawl_child_fn emit,
					 void *ud)
{
	struct mem_rd r = {data, len};
	return trawl_extract_eml_read(mem_read, &r, doc, emit, NULL, 0, ud);
}

struct trawl_ex_result trawl_extract_eml_read(trawl_piece_fn read, void *rd,
					      struct trawl_doc *doc, trawl_child_fn emit,
					      trawl_member_fn member, size_t stream_min,
					      void *ud)
{
	struct mail m = {doc, emit, member, stream_min, ud, 0, {TRAWL_EX_COMPLETE, NULL},
			 BUF_INIT};
	doc->mime = "message/rfc822";
	part(&m, read, rd, 0, true);
	buf_release(&m.tmp);
	return m.res;
}
