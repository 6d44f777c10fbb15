/*
 * pdf_lex.c - the lexer of PDF content streams and CMaps: numbers,
 * strings (literal and hex), names, arrays and dictionaries as brackets,
 * and operators. Strings and names are decoded into a pool the caller
 * owns; the lexer itself allocates nothing else and reads nothing past
 * its end. Counting tokens against the budget is the caller's business.
 */
#include <string.h>

#include "extract/pdf_internal.h"
#include "util/chars.h"

bool pdf_space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static bool pdf_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	       c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

/* A number as PDF writes one ([+-]digits[.digits]); false otherwise. No
 * locale, no exponent. */
static bool parse_num(const unsigned char *s, size_t n, double *v)
{
	size_t i = 0;
	bool neg = false, digits = false, dot = false;
	double r = 0, scale = 1;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits = true;
			if (dot) {
				scale /= 10;
				r += (s[i] - '0') * scale;
			} else if (r < 1e300) {
				r = r * 10 + (s[i] - '0');
			}
		} else if (s[i] == '.' && !dot) {
			dot = true;
		} else {
			return false;
		}
	}
	if (!digits)
		return false;
	*v = neg ? -r : r;
	return true;
}

static int lex_string(struct lex *l, struct buf *pool)
{
	int depth = 1;
	while (l->p < l->end) {
		unsigned char c = *l->p++;
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return 0;
		} else if (c == '\\') {
			if (l->p >= l->end)
				break;
			c = *l->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (l->p < l->end && *l->p == '\n')
					l->p++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					unsigned v = (unsigned)(c - '0');
					for (int k = 0; k < 2 && l->p < l->end &&
					     *l->p >= '0' && *l->p <= '7'; k++)
						v = v * 8 + (unsigned)(*l->p++ - '0');
					c = (unsigned char)v;
				}
			}
		}
		if (buf_addch(pool, (char)c))
			return -1;
	}
	return 0; /* unterminated: what there is */
}

static int lex_hex(struct lex *l, struct buf *pool)
{
	int hi = -1;
	while (l->p < l->end) {
		unsigned char c = *l->p++;
		if (c == '>')
			break;
		int v = trawl_hexval(c);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (buf_addch(pool, (char)(hi << 4 | v)))
				return -1;
			hi = -1;
		}
	}
	if (hi >= 0 && buf_addch(pool, (char)(hi << 4)))
		return -1;
	return 0;
}

/* The next token. Strings and names are decoded into pool (which the
 * caller resets between operators). -1: out of memory. */
int pdf_lex_next(struct lex *l, struct buf *pool, struct ltok *t)
{
	for (;;) {
		while (l->p < l->end && pdf_space(*l->p))
			l->p++;
		if (l->p >= l->end) {
			t->kind = LK_EOF;
			return 0;
		}
		if (*l->p != '%')
			break;
		while (l->p < l->end && *l->p != '\n' && *l->p != '\r')
			l->p++;
	}
	unsigned char c = *l->p;
	t->off = pool->len;
	if (c == '(') {
		l->p++;
		t->kind = LK_STR;
		if (lex_string(l, pool))
			return -1;
	} else if (c == '<' && l->p + 1 < l->end && l->p[1] == '<') {
		l->p += 2;
		t->kind = LK_DOPEN;
	} else if (c == '>' && l->p + 1 < l->end && l->p[1] == '>') {
		l->p += 2;
		t->kind = LK_DCLOSE;
	} else if (c == '<') {
		l->p++;
		t->kind = LK_STR;
		if (lex_hex(l, pool))
			return -1;
	} else if (c == '[') {
		l->p++;
		t->kind = LK_AOPEN;
	} else if (c == ']') {
		l->p++;
		t->kind = LK_ACLOSE;
	} else if (c == '/') {
		l->p++;
		t->kind = LK_NAME;
		while (l->p < l->end && !pdf_space(*l->p) && !pdf_delim(*l->p)) {
			unsigned char ch = *l->p++;
			if (ch == '#' && l->end - l->p >= 2 && trawl_hexval(l->p[0]) >= 0 &&
			    trawl_hexval(l->p[1]) >= 0) {
				ch = (unsigned char)(trawl_hexval(l->p[0]) << 4 | trawl_hexval(l->p[1]));
				l->p += 2;
			}
			if (buf_addch(pool, (char)ch))
				return -1;
		}
	} else if (pdf_delim(c)) {
		l->p++; /* a stray ')', '>', '{' or '}': an empty operator */
		t->kind = LK_OP;
		t->s = l->p - 1;
		t->n = 0;
	} else {
		const unsigned char *s = l->p;
		while (l->p < l->end && !pdf_space(*l->p) && !pdf_delim(*l->p))
			l->p++;
		t->s = s;
		t->n = (size_t)(l->p - s);
		t->kind = parse_num(s, t->n, &t->num) ? LK_NUM : LK_OP;
	}
	t->len = pool->len - t->off;
	return 0;
}

bool pdf_op_is(const struct ltok *t, const char *op)
{
	size_t n = strlen(op);
	return t->kind == LK_OP && t->n == n && memcmp(t->s, op, n) == 0;
}
