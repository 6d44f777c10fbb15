#include "match/reverse.h"

#include <stdlib.h>
#include <string.h>

struct rp {
	const char *p;
	const char *err;
	int depth;
};

/* A reversed sequence is built as a list of pieces (atom + quantifier),
 * emitted last to first. */
struct piece {
	struct buf s;
};

static int parse_alt(struct rp *r, struct buf *out);

static int copy_class(struct rp *r, struct buf *out)
{
	const char *s = r->p++; /* '[' */
	if (*r->p == '^')
		r->p++;
	if (*r->p == ']')
		r->p++;
	while (*r->p && *r->p != ']') {
		if (*r->p == '\\' && r->p[1])
			r->p += 2;
		else if (*r->p == '[' && r->p[1] == ':') {
			const char *e = strstr(r->p + 2, ":]");
			if (!e) {
				r->err = "unterminated POSIX class";
				return -1;
			}
			r->p = e + 2;
		} else
			r->p++;
	}
	if (*r->p != ']') {
		r->err = "unterminated character class";
		return -1;
	}
	r->p++;
	return buf_add(out, s, (size_t)(r->p - s));
}

static int copy_escape(struct rp *r, struct buf *out)
{
	const char *s = r->p; /* '\' */
	char c = s[1];
	if (!c) {
		r->err = "trailing backslash";
		return -1;
	}
	if ((c >= '1' && c <= '9') || c == 'g' || c == 'k') {
		r->err = "backreferences cannot be reversed";
		return -1;
	}
	if (c == 'Q' || c == 'E' || c == 'G' || c == 'K') {
		r->err = "\\Q, \\E, \\G and \\K are not supported";
		return -1;
	}
	if (c == 'A' || c == 'z' || c == 'Z') {
		r->err = "buffer anchors are not supported";
		return -1;
	}
	r->p += 2;
	if (c == 'x' && *r->p == '{') {
		const char *e = strchr(r->p, '}');
		if (!e) {
			r->err = "unterminated \\x{";
			return -1;
		}
		r->p = e + 1;
	} else if (c == 'x') {
		for (int i = 0; i < 2 && strchr("0123456789abcdefABCDEF", *r->p) && *r->p; i++)
			r->p++;
	} else if ((c == 'p' || c == 'P') && *r->p == '{') {
		const char *e = strchr(r->p, '}');
		if (!e) {
			r->err = "unterminated \\p{";
			return -1;
		}
		r->p = e + 1;
	} else if (c == 'c' && *r->p) {
		r->p++;
	} else if (c == '0') {
		for (int i = 0; i < 2 && *r->p >= '0' && *r->p <= '7'; i++)
			r->p++;
	}
	return buf_add(out, s, (size_t)(r->p - s));
}

static int parse_atom(struct rp *r, struct buf *out)
{
	char c = *r->p;
	if (c == '(') {
		const char *s = r->p++;
		if (*r->p == '?') {
			r->p++;
			/* (?:  (?i:  (?i-s:  and (?<name> / (?P<name> groups */
			if (*r->p == '=' || *r->p == '!' ||
			    (*r->p == '<' && (r->p[1] == '=' || r->p[1] == '!'))) {
				r->err = "lookaround cannot be reversed";
				return -1;
			}
			if (*r->p == 'P' && r->p[1] == '<')
				r->p++;
			if (*r->p == '<') {
				const char *e = strchr(r->p, '>');
				if (!e) {
					r->err = "unterminated group name";
					return -1;
				}
				r->p = e + 1;
			} else {
				while (*r->p && strchr("imsx-", *r->p))
					r->p++;
				if (*r->p == ')') {
					r->err = "inline flags inside the pattern are not supported";
					return -1;
				}
				if (*r->p != ':') {
					r->err = "unsupported group";
					return -1;
				}
				r->p++;
			}
		}
		if (buf_add(out, s, (size_t)(r->p - s)))
			return -1;
		if (++r->depth > 200) {
			r->err = "groups nest too deep";
			return -1;
		}
		if (parse_alt(r, out))
			return -1;
		r->depth--;
		if (*r->p != ')') {
			r->err = "unbalanced parenthesis";
			return -1;
		}
		r->p++;
		return buf_addch(out, ')');
	}
	if (c == '[')
		return copy_class(r, out);
	if (c == '\\')
		return copy_escape(r, out);
	if (c == '^' || c == '$') {
		/* The confirm stage sees a window of the text, not its ends. */
		r->err = "anchors ^ and $ are not supported: use \\b or a delimiter class";
		return -1;
	}
	r->p++;
	return buf_addch(out, c);
}

static int parse_quant(struct rp *r, struct buf *out)
{
	const char *s = r->p;
	if (*r->p == '*' || *r->p == '+' || *r->p == '?') {
		r->p++;
	} else if (*r->p == '{' && strchr("0123456789", r->p[1]) && r->p[1]) {
		const char *e = strchr(r->p, '}');
		if (!e) {
			r->err = "unterminated repeat";
			return -1;
		}
		r->p = e + 1;
	} else {
		return 0;
	}
	if (*r->p == '?') /* lazy: same set of matches */
		r->p++;
	else if (*r->p == '+') {
		r->err = "possessive quantifiers are not supported";
		return -1;
	}
	return buf_add(out, s, (size_t)(r->p - s));
}

static int parse_concat(struct rp *r, struct buf *out)
{
	struct piece *pc = NULL;
	size_t n = 0, alloc = 0;
	int rc = -1;
	while (*r->p && *r->p != '|' && *r->p != ')') {
		if (VEC_RESERVE(pc, n, alloc, 1))
			goto out;
		memset(&pc[n], 0, sizeof(pc[n]));
		n++;
		if (parse_atom(r, &pc[n - 1].s) || parse_quant(r, &pc[n - 1].s))
			goto out;
	}
	for (size_t i = n; i-- > 0;)
		if (pc[i].s.len && buf_add(out, pc[i].s.data, pc[i].s.len))
			goto out;
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		buf_release(&pc[i].s);
	free(pc);
	return rc;
}

static int parse_alt(struct rp *r, struct buf *out)
{
	if (parse_concat(r, out))
		return -1;
	while (*r->p == '|') {
		r->p++;
		if (buf_addch(out, '|') || parse_concat(r, out))
			return -1;
	}
	return 0;
}

int trawl_regex_reverse(const char *re, struct buf *out, const char **err)
{
	struct rp r = {re, NULL, 0};
	buf_reset(out);
	/* A leading (?i) applies to the whole pattern: keep it in front. */
	if (re[0] == '(' && re[1] == '?') {
		const char *q = re + 2;
		while (*q && strchr("imsx-", *q))
			q++;
		if (*q == ')' && q > re + 2) {
			if (buf_add(out, re, (size_t)(q + 1 - re)))
				goto nomem;
			r.p = q + 1;
		}
	}
	if (parse_alt(&r, out)) {
		*err = r.err ? r.err : "out of memory";
		return -1;
	}
	if (*r.p) {
		*err = "unbalanced parenthesis";
		return -1;
	}
	return 0;
nomem:
	*err = "out of memory";
	return -1;
}
