#include "extract/xml.h"

#include <string.h>

void xml_init(struct xml *x, const char *data, size_t len)
{
	memset(x, 0, sizeof(*x));
	x->p = data;
	x->end = data + len;
}

void xml_resume(struct xml *x, const char *data, size_t len, unsigned depth, bool more)
{
	xml_init(x, data, len);
	x->depth = depth;
	x->more = more;
}

void xml_back(struct xml *x)
{
	x->p = x->tok_p;
	x->depth = x->tok_depth;
}

/* Finds the literal s (of length n) in [p, end); NULL when absent. */
static const char *find(const char *p, const char *end, const char *s, size_t n)
{
	if ((size_t)(end - p) < n)
		return NULL;
	const char *q = memmem(p, (size_t)(end - p), s, n);
	return q;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool is_name_end(char c)
{
	return is_space(c) || c == '>' || c == '/' || c == '=';
}

static enum xml_tok fail(struct xml *x, const char *why)
{
	x->err = why;
	x->p = x->end;
	return XML_ERROR;
}

/* The token at tok runs to the end of the input: an error, or, when more
 * follows, not read yet. */
static enum xml_tok short_of(struct xml *x, const char *tok, const char *why)
{
	if (!x->more)
		return fail(x, why);
	x->need = true;
	x->p = tok;
	return XML_EOF;
}

/* Skips <!DOCTYPE ...> or another <!...> declaration: up to the '>' that
 * closes it, outside quotes and the internal subset's brackets. */
static enum xml_tok skip_decl(struct xml *x)
{
	const char *p = x->p + 2;
	int brackets = 0;
	char quote = 0;
	for (; p < x->end; p++) {
		char c = *p;
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			if (++brackets > XML_MAX_DEPTH)
				return fail(x, "declaration nested too deeply");
		} else if (c == ']') {
			if (brackets)
				brackets--;
		} else if (c == '>' && !brackets) {
			x->p = p + 1;
			return XML_EOF; /* "nothing yet": the caller goes on */
		}
	}
	return short_of(x, x->p, "unterminated declaration");
}

enum xml_tok xml_next(struct xml *x)
{
	x->tok_p = x->p;
	x->tok_depth = x->depth;
	x->empty = false;
	x->cdata = false;
	if (x->pending_end) {
		x->pending_end = false;
		if (x->depth)
			x->depth--;
		return XML_END; /* name still set from the START */
	}
	while (x->p < x->end) {
		if (*x->p != '<') {
			const char *lt = memchr(x->p, '<', (size_t)(x->end - x->p));
			if (!lt && x->more)
				return short_of(x, x->p, NULL); /* the text may go on */
			const char *stop = lt ? lt : x->end;
			x->text = x->p;
			x->tlen = (size_t)(stop - x->p);
			x->p = stop;
			return XML_TEXT;
		}
		size_t left = (size_t)(x->end - x->p);
		if (left < 9 && x->more)
			return short_of(x, x->p, NULL); /* "<![CDATA[" is 9 */
		if (left >= 2 && x->p[1] == '?') {
			const char *q = find(x->p + 2, x->end, "?>", 2);
			if (!q)
				return short_of(x, x->p, "unterminated processing instruction");
			x->p = q + 2;
			continue;
		}
		if (left >= 4 && memcmp(x->p, "<!--", 4) == 0) {
			const char *q = find(x->p + 4, x->end, "-->", 3);
			if (!q)
				return short_of(x, x->p, "unterminated comment");
			x->p = q + 3;
			continue;
		}
		if (left >= 9 && memcmp(x->p, "<![CDATA[", 9) == 0) {
			const char *s = x->p + 9;
			const char *q = find(s, x->end, "]]>", 3);
			if (!q)
				return short_of(x, x->p, "unterminated CDATA section");
			x->text = s;
			x->tlen = (size_t)(q - s);
			x->cdata = true;
			x->p = q + 3;
			return XML_TEXT;
		}
		if (left >= 2 && x->p[1] == '!') {
			if (skip_decl(x) == XML_ERROR)
				return XML_ERROR;
			continue;
		}
		/* A start or end tag: find its '>' outside quoted values. */
		bool closing = left >= 2 && x->p[1] == '/';
		const char *n = x->p + (closing ? 2 : 1);
		const char *ne = n;
		while (ne < x->end && !is_name_end(*ne))
			ne++;
		if (ne == x->end)
			return short_of(x, x->p, "truncated tag");
		if (ne == n)
			return fail(x, "tag without a name");
		const char *q = ne;
		char quote = 0;
		for (; q < x->end; q++) {
			if (quote) {
				if (*q == quote)
					quote = 0;
			} else if (*q == '"' || *q == '\'') {
				quote = *q;
			} else if (*q == '>') {
				break;
			}
		}
		if (q >= x->end)
			return short_of(x, x->p, "truncated tag");
		x->name = n;
		x->nlen = (size_t)(ne - n);
		x->p = q + 1;
		if (closing) {
			if (!x->depth)
				return fail(x, "end tag without a start");
			x->depth--;
			return XML_END;
		}
		const char *ae = q;
		if (ae > ne && ae[-1] == '/') {
			ae--;
			x->empty = true;
		}
		x->attr = ne;
		x->alen = (size_t)(ae - ne);
		if (++x->depth > XML_MAX_DEPTH)
			return fail(x, "elements nested too deeply");
		x->pending_end = x->empty;
		return XML_START;
	}
	x->need = x->more; /* the end of what is at hand */
	return XML_EOF;
}

static bool local_eq(const char *name, size_t nlen, const char *local)
{
	const char *c = memchr(name, ':', nlen);
	if (c) {
		nlen -= (size_t)(c + 1 - name);
		name = c + 1;
	}
	size_t l = strlen(local);
	return l == nlen && memcmp(name, local, l) == 0;
}

bool xml_is(const struct xml *x, const char *local)
{
	return local_eq(x->name, x->nlen, local);
}

bool xml_attr(const struct xml *x, const char *name, const char **val,
	      size_t *vlen)
{
	bool qualified = strchr(name, ':') != NULL;
	size_t want = strlen(name);
	const char *p = x->attr, *end = x->attr + x->alen;
	while (p < end) {
		while (p < end && is_space(*p))
			p++;
		const char *n = p;
		while (p < end && !is_space(*p) && *p != '=')
			p++;
		size_t nl = (size_t)(p - n);
		while (p < end && is_space(*p))
			p++;
		if (p >= end || *p != '=')
			return false; /* malformed: stop looking */
		p++;
		while (p < end && is_space(*p))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return false;
		char quote = *p++;
		const char *v = p;
		const char *ve = memchr(p, quote, (size_t)(end - p));
		if (!ve)
			return false;
		p = ve + 1;
		bool match = qualified ? (nl == want && memcmp(n, name, nl) == 0)
				       : local_eq(n, nl, name);
		if (match && nl) {
			*val = v;
			*vlen = (size_t)(ve - v);
			return true;
		}
	}
	return false;
}

int xml_put_utf8(struct buf *out, unsigned long cp)
{
	unsigned char b[4];
	size_t n;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6));
		b[1] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12));
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[2] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xF0 | (cp >> 18));
		b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return buf_add(out, b, n);
}

/* Decodes the reference at s[0] == '&' (at most 12 bytes up to ';').
 * Returns the bytes consumed, or 0 when it is not a reference we know. */
static size_t decode_ref(const char *s, size_t n, struct buf *out, int *rc)
{
	size_t lim = n < 12 ? n : 12;
	const char *semi = memchr(s, ';', lim);
	if (!semi)
		return 0;
	size_t len = (size_t)(semi - s) + 1;
	const char *body = s + 1;
	size_t blen = len - 2;
	static const struct { const char *name; char c; } pre[] = {
		{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
	};
	for (size_t i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		if (strlen(pre[i].name) == blen && memcmp(body, pre[i].name, blen) == 0) {
			*rc = buf_addch(out, pre[i].c);
			return len;
		}
	}
	if (blen < 2 || body[0] != '#')
		return 0;
	unsigned long cp = 0;
	size_t i = 1;
	bool hex = body[1] == 'x' || body[1] == 'X';
	if (hex)
		i++;
	if (i >= blen)
		return 0;
	for (; i < blen; i++) {
		char c = body[i];
		unsigned d;
		if (c >= '0' && c <= '9')
			d = (unsigned)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else if (hex && c >= 'A' && c <= 'F')
			d = (unsigned)(c - 'A' + 10);
		else
			return 0;
		cp = cp * (hex ? 16 : 10) + d;
		if (cp > 0x10FFFF)
			cp = 0x110000; /* stays invalid, no overflow */
	}
	if (cp == 0)
		cp = 0xFFFD;
	*rc = xml_put_utf8(out, cp);
	return len;
}

int xml_decode(const char *s, size_t n, struct buf *out)
{
	const char *end = s + n;
	while (s < end) {
		const char *amp = memchr(s, '&', (size_t)(end - s));
		const char *stop = amp ? amp : end;
		if (stop > s && buf_add(out, s, (size_t)(stop - s)))
			return -1;
		if (!amp)
			break;
		int rc = 0;
		size_t used = decode_ref(amp, (size_t)(end - amp), out, &rc);
		if (rc)
			return -1;
		if (!used) {
			if (buf_addch(out, '&'))
				return -1;
			used = 1;
		}
		s = amp + used;
	}
	return 0;
}

int xml_text(const struct xml *x, struct buf *out)
{
	if (x->cdata)
		return buf_add(out, x->text, x->tlen);
	return xml_decode(x->text, x->tlen, out);
}

enum xml_tok xml_skip(struct xml *x)
{
	unsigned target = x->depth - 1;
	const char *tok_p = x->tok_p; /* (the START's, for xml_back) */
	unsigned tok_depth = x->tok_depth;
	enum xml_tok t;
	while ((t = xml_next(x)) > XML_EOF && !(t == XML_END && x->depth == target))
		;
	x->tok_p = tok_p;
	x->tok_depth = tok_depth;
	return t;
}
