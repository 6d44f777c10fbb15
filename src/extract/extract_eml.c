#include "extract/eml.h"
#include "util/chars.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define MAX_DEPTH 16
#define MAX_PARTS 10000
#define MAX_HEADER (64u << 10) /* one unfolded header line */

struct mail {
	struct trawl_doc *doc;
	trawl_child_fn emit;
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

static int decode_b64(const char *s, size_t n, struct buf *out)
{
	unsigned acc = 0;
	int bits = 0;
	for (size_t i = 0; i < n; i++) {
		int v = b64val((unsigned char)s[i]);
		if (v < 0)
			continue; /* line breaks, padding, junk */
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (buf_addch(out, (char)(acc >> bits & 0xFF)))
				return -1;
		}
	}
	return 0;
}

/* Quoted-printable; in headers (q) '_' is a space. */
static int decode_qp(const char *s, size_t n, bool q, struct buf *out)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '=' && i + 1 < n && (s[i + 1] == '\n' || s[i + 1] == '\r')) {
			i++; /* soft line break */
			if (s[i] == '\r' && i + 1 < n && s[i + 1] == '\n')
				i++;
			continue;
		}
		if (c == '=' && i + 2 < n && trawl_hexval((unsigned char)s[i + 1]) >= 0 &&
		    trawl_hexval((unsigned char)s[i + 2]) >= 0) {
			c = (char)(trawl_hexval((unsigned char)s[i + 1]) << 4 |
				   trawl_hexval((unsigned char)s[i + 2]));
			i += 2;
		} else if (q && c == '_') {
			c = ' ';
		}
		if (buf_addch(out, c))
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

/* Reads the header block of data; with top set, the headers go to the
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

static void part(struct mail *m, const char *d, size_t len, unsigned depth, bool top);

static void body(struct mail *m, const char *d, size_t len, const struct part_hdr *h,
		 unsigned depth)
{
	char boundary[256], fname[256];
	if (h->ctype && trawl_starts_ci(h->ctype, h->ctype_len, "multipart/") &&
	    param(h->ctype, h->ctype_len, "boundary", boundary, sizeof(boundary))) {
		char delim[300];
		int dl = snprintf(delim, sizeof(delim), "--%s", boundary);
		const char *p = memmem(d, len, delim, (size_t)dl);
		while (p && m->parts < MAX_PARTS) {
			const char *s = p + dl;
			if ((size_t)(d + len - s) >= 2 && s[0] == '-' && s[1] == '-')
				break; /* closing delimiter */
			const char *nl = memchr(s, '\n', (size_t)(d + len - s));
			if (!nl)
				break;
			s = nl + 1;
			const char *q = memmem(s, (size_t)(d + len - s), delim, (size_t)dl);
			const char *e = q ? q : d + len;
			if (e > s && e[-1] == '\n')
				e--;
			if (e > s && e[-1] == '\r')
				e--;
			m->parts++;
			part(m, s, (size_t)(e - s), depth + 1, false);
			p = q;
		}
		return;
	}
	bool b64 = h->cte && trawl_starts_ci(h->cte, h->cte_len, "base64");
	bool qp = h->cte && trawl_starts_ci(h->cte, h->cte_len, "quoted-printable");
	bool text = !h->ctype || trawl_starts_ci(h->ctype, h->ctype_len, "text/");
	bool rfc822 = h->ctype && trawl_starts_ci(h->ctype, h->ctype_len, "message/rfc822");
	size_t fl = 0;
	if (h->disp)
		fl = param(h->disp, h->disp_len, "filename", fname, sizeof(fname));
	if (!fl && h->ctype)
		fl = param(h->ctype, h->ctype_len, "name", fname, sizeof(fname));
	bool attachment = fl || (h->disp && trawl_starts_ci(h->disp, h->disp_len, "attachment"));

	buf_reset(&m->tmp);
	int r = b64 ? decode_b64(d, len, &m->tmp) : qp ? decode_qp(d, len, false, &m->tmp)
						       : buf_add(&m->tmp, d, len);
	if (r) {
		m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
		return;
	}
	if (rfc822 && !attachment) {
		struct buf inner = m->tmp;
		m->tmp = (struct buf)BUF_INIT;
		part(m, inner.data ? inner.data : "", inner.len, depth + 1, true);
		buf_release(&inner);
		return;
	}
	if (text && !attachment) {
		if (doc_add(m->doc, m->tmp.data ? m->tmp.data : "", m->tmp.len) ||
		    doc_addch(m->doc, '\n'))
			m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
		return;
	}
	if (!fl)
		snprintf(fname, sizeof(fname), "part-%u", m->parts);
	/* The child's bytes are in m->tmp, which the child's scan does not
	 * touch (it has its own level's buffers). */
	struct buf child = m->tmp;
	m->tmp = (struct buf)BUF_INIT;
	m->emit(m->ud, fname, child.data ? child.data : "", child.len, 0, NULL);
	buf_release(&child);
}

static void part(struct mail *m, const char *d, size_t len, unsigned depth, bool top)
{
	if (depth > MAX_DEPTH) {
		m->res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "MALFORMED_FILE"};
		return;
	}
	struct part_hdr h;
	size_t off = headers(m, d, len, top, &h);
	body(m, d + off, len - off, &h, depth);
}

struct trawl_ex_result trawl_extract_eml(const char *data, size_t len,
					 struct trawl_doc *doc, trawl_child_fn emit,
					 void *ud)
{
	struct mail m = {doc, emit, ud, 0, {TRAWL_EX_COMPLETE, NULL}, BUF_INIT};
	doc->mime = "message/rfc822";
	part(&m, data, len, 0, true);
	buf_release(&m.tmp);
	return m.res;
}
