/*
 * extract_json.c - JSON and JSON Lines into records: each string, number
 * and key is a TRAWL_SEG_RECORD value (in a run, doc.h) named by its
 * JSONPath. See
 * structured.h for the rules and caps.
 *
 * The parser is a loop over an explicit stack of open containers (no
 * recursion), capped at TRAWL_SX_MAX_DEPTH. The current JSONPath and the
 * keyword context (the path's keys) are kept in two buffers that each
 * container truncates back to its own length when it moves to its next
 * member, so building a value's path costs only its last step. With no
 * doc, the same parser only checks syntax (trawl_looks_like_json).
 */
#include "extract/structured.h"
#include "util/chars.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { J_OK, J_SYNTAX, J_DEEP, J_EOF, J_FULL };

/* Where the parser is: what it expects next. */
enum { ST_VALUE, ST_AFTER, ST_KEY, ST_OBJ_FIRST, ST_ARR_FIRST };

#define CTX_CACHE 256 /* paths and contexts repeat from record to record */

struct frame {
	char kind;          /* '{' or '[' */
	uint64_t index;     /* arrays: the current element */
	size_t path_len;    /* the container's own path and context */
	size_t ctx_len;
	long name, ctx;     /* the same in the string table, once needed */
};

struct jp {
	struct trawl_doc *doc; /* NULL: check syntax only */
	struct buf path, ctx;
	struct frame stack[TRAWL_SX_MAX_DEPTH];
	size_t depth;
	int st;                /* ST_*: where parse_run goes on */
	uint64_t record;
	size_t str_budget;     /* cap on doc->strings.len */
	struct {
		uint32_t hash;
		long off;
		size_t len;
	} cache[CTX_CACHE];
};

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static long add_string(struct jp *jp, const char *s, size_t n)
{
	if (jp->doc->strings.len + n + 1 > jp->str_budget)
		return -2;
	long off = doc_string(jp->doc, s, n);
	return off < 0 ? -2 : off;
}

/* b's text in the string table, interned (paths and contexts repeat from
 * record to record): -1 when empty and empty_none, -2 when out of room. */
static long intern(struct jp *jp, const struct buf *b, bool empty_none)
{
	if (!b->len && empty_none)
		return -1;
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < b->len; i++)
		h = (h ^ (unsigned char)b->data[i]) * 16777619u;
	unsigned slot = h % CTX_CACHE;
	if (jp->cache[slot].off >= 0 && jp->cache[slot].hash == h &&
	    jp->cache[slot].len == b->len &&
	    !memcmp(jp->doc->strings.data + jp->cache[slot].off, b->data, b->len))
		return jp->cache[slot].off;
	long off = add_string(jp, b->data ? b->data : "", b->len);
	if (off >= 0) {
		jp->cache[slot].hash = h;
		jp->cache[slot].off = off;
		jp->cache[slot].len = b->len;
	}
	return off;
}

static long context_off(struct jp *jp)
{
	return intern(jp, &jp->ctx, true);
}

/* Text [start, doc_pos) becomes a record value named name (-1: the
 * current path) with context ctx (-3: the current context), then '\n'.
 * Empty text adds nothing. */
static int emit(struct jp *jp, size_t start, long name, long ctx)
{
	struct trawl_doc *d = jp->doc;
	size_t end = doc_pos(d);
	if (end == start)
		return J_OK;
	if (d->nvalues >= TRAWL_SX_MAX_SEGMENTS)
		return J_FULL;
	if (name == -1)
		name = intern(jp, &jp->path, false);
	if (ctx == -3)
		ctx = context_off(jp);
	if (name == -2 || ctx == -2)
		return J_FULL;
	long item = doc_item(d, name, ctx);
	if (item < 0 || doc_value(d, TRAWL_SEG_RECORD, start, end, (uint32_t)jp->record, 0, item) ||
	    doc_addch(d, '\n'))
		return J_FULL;
	return J_OK;
}

static void truncate_to(struct buf *b, size_t n)
{
	b->len = n;
	if (b->data)
		b->data[n] = '\0';
}

/* Appends an array element's step "[i]" to the path. */
static void path_index(struct jp *jp)
{
	struct frame *f = &jp->stack[jp->depth - 1];
	char s[32];
	size_t n = sizeof(s);
	uint64_t v = f->index;
	s[--n] = ']';
	do
		s[--n] = (char)('0' + v % 10);
	while ((v /= 10));
	s[--n] = '[';
	truncate_to(&jp->path, f->path_len);
	truncate_to(&jp->ctx, f->ctx_len);
	if (f->path_len + sizeof(s) - n <= TRAWL_SX_MAX_PATH)
		buf_add(&jp->path, s + n, sizeof(s) - n); /* failing, the path stays short */
}

/* Appends a member's step to the path (".key" or "['key']") and the key
 * to the context. */
static void path_key(struct jp *jp, const char *k, size_t n)
{
	struct frame *f = &jp->stack[jp->depth - 1];
	char s[2 * TRAWL_SX_MAX_KEY + 8];
	size_t m = 0;
	if (n > TRAWL_SX_MAX_KEY) {
		n = TRAWL_SX_MAX_KEY;
		while (n && ((unsigned char)k[n] & 0xC0) == 0x80)
			n--;
	}
	bool plain = n > 0 && !(k[0] >= '0' && k[0] <= '9');
	for (size_t i = 0; i < n && plain; i++)
		plain = (k[i] >= 'a' && k[i] <= 'z') || (k[i] >= 'A' && k[i] <= 'Z') ||
			(k[i] >= '0' && k[i] <= '9') || k[i] == '_';
	if (plain) {
		s[m++] = '.';
		memcpy(s + m, k, n);
		m += n;
	} else {
		s[m++] = '[';
		s[m++] = '\'';
		for (size_t i = 0; i < n; i++) {
			if (k[i] == '\'' || k[i] == '\\')
				s[m++] = '\\';
			s[m++] = k[i];
		}
		s[m++] = '\'';
		s[m++] = ']';
	}
	truncate_to(&jp->path, f->path_len);
	truncate_to(&jp->ctx, f->ctx_len);
	if (f->path_len + m <= TRAWL_SX_MAX_PATH)
		buf_add(&jp->path, s, m);
	if (n && f->ctx_len + n + 1 <= TRAWL_SX_MAX_PATH) {
		if (f->ctx_len)
			buf_addch(&jp->ctx, ' ');
		buf_add(&jp->ctx, k, n);
	}
}

/* Four hex digits at p[i]: the value, -1 for a bad digit, -2 when the
 * input ends first. */
static long hex4(const char *p, size_t len, size_t i)
{
	if (len - i < 4)
		return -2;
	long v = 0;
	for (size_t k = 0; k < 4; k++) {
		int h = trawl_hexval(p[i + k]);
		if (h < 0)
			return -1;
		v = v << 4 | h;
	}
	return v;
}

/* The string opening at p[*pos] == '"', unescaped into the doc (when
 * there is one). Raw control characters are let through. */
static int parse_string(struct jp *jp, const char *p, size_t len, size_t *pos)
{
	struct trawl_doc *d = jp->doc;
	size_t i = *pos + 1;
	for (;;) {
		size_t r = i;
		while (i < len && p[i] != '"' && p[i] != '\\')
			i++;
		if (d && i > r && doc_add(d, p + r, i - r))
			return J_FULL;
		if (i >= len)
			return J_EOF;
		if (p[i++] == '"')
			break;
		if (i >= len)
			return J_EOF;
		char c = p[i++], out[4];
		size_t n = 1;
		unsigned cp;
		switch (c) {
		case '"': case '\\': case '/': out[0] = c; break;
		case 'b': out[0] = '\b'; break;
		case 'f': out[0] = '\f'; break;
		case 'n': out[0] = '\n'; break;
		case 'r': out[0] = '\r'; break;
		case 't': out[0] = '\t'; break;
		case 'u': {
			long v = hex4(p, len, i);
			if (v < 0)
				return v == -2 ? J_EOF : J_SYNTAX;
			i += 4;
			cp = (unsigned)v;
			if (cp >= 0xD800 && cp < 0xDC00 && len - i >= 6 && p[i] == '\\' &&
			    p[i + 1] == 'u') {
				long lo = hex4(p, len, i + 2);
				if (lo >= 0xDC00 && lo < 0xE000) {
					cp = 0x10000 + ((cp - 0xD800) << 10) + ((unsigned)lo - 0xDC00);
					i += 6;
				}
			}
			n = trawl_utf8_put(cp, out); /* lone surrogates: U+FFFD */
			break;
		}
		default:
			return J_SYNTAX;
		}
		if (d && doc_add(d, out, n))
			return J_FULL;
	}
	*pos = i;
	return J_OK;
}

static bool digit(const char *p, size_t len, size_t i)
{
	return i < len && p[i] >= '0' && p[i] <= '9';
}

/* A number as JSON writes it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static int parse_number(const char *p, size_t len, size_t *pos)
{
	size_t i = *pos;
	if (p[i] == '-')
		i++;
	if (i >= len)
		return J_EOF;
	if (p[i] == '0')
		i++;
	else if (digit(p, len, i))
		while (digit(p, len, i))
			i++;
	else
		return J_SYNTAX;
	if (i < len && p[i] == '.') {
		if (++i >= len)
			return J_EOF;
		if (!digit(p, len, i))
			return J_SYNTAX;
		while (digit(p, len, i))
			i++;
	}
	if (i < len && (p[i] == 'e' || p[i] == 'E')) {
		if (++i < len && (p[i] == '+' || p[i] == '-'))
			i++;
		if (i >= len)
			return J_EOF;
		if (!digit(p, len, i))
			return J_SYNTAX;
		while (digit(p, len, i))
			i++;
	}
	*pos = i;
	return J_OK;
}

static int parse_literal(const char *p, size_t len, size_t *pos)
{
	static const char *const lits[] = {"true", "false", "null"};
	for (int k = 0; k < 3; k++) {
		size_t n = strlen(lits[k]);
		if (p[*pos] != lits[k][0])
			continue;
		size_t have = len - *pos < n ? len - *pos : n;
		if (memcmp(p + *pos, lits[k], have))
			return J_SYNTAX;
		if (have < n)
			return J_EOF;
		*pos += n;
		return J_OK;
	}
	return J_SYNTAX;
}

/* The container on top of the stack is closed. */
static void pop(struct jp *jp)
{
	struct frame *f = &jp->stack[--jp->depth];
	if (jp->doc) {
		truncate_to(&jp->path, f->path_len);
		truncate_to(&jp->ctx, f->ctx_len);
	}
}

/* The key of an object member, opening at p[*pos]: its text is a segment
 * with the object's path and context; then it is the path's last step. */
static int member_key(struct jp *jp, const char *p, size_t len, size_t *pos)
{
	struct trawl_doc *d = jp->doc;
	size_t start = d ? doc_pos(d) : 0;
	int rc = parse_string(jp, p, len, pos);
	if (rc || !d)
		return rc;
	struct frame *f = &jp->stack[jp->depth - 1];
	if (doc_pos(d) > start && f->name == -1) {
		/* the object's own path and context, once for all its keys */
		struct buf own = jp->path;
		own.len = f->path_len;
		f->name = intern(jp, &own, false);
		size_t keep = jp->ctx.len;
		jp->ctx.len = f->ctx_len;
		f->ctx = context_off(jp);
		jp->ctx.len = keep;
		if (f->name == -2 || f->ctx == -2)
			return J_FULL;
	}
	path_key(jp, doc_text(d) + start, doc_pos(d) - start);
	return emit(jp, start, f->name, f->ctx);
}

/* A new value to parse: at the top level, path "$". */
static int parse_begin(struct jp *jp)
{
	jp->depth = 0;
	jp->st = ST_VALUE;
	if (jp->doc) {
		truncate_to(&jp->path, 0);
		truncate_to(&jp->ctx, 0);
		if (buf_addch(&jp->path, '$'))
			return J_FULL;
	}
	return J_OK;
}

/*
 * Parses the value begun (parse_begin) from p[*pos], up to len, and sets
 * *pos past it. Returns J_OK, or where it stopped and why; after J_EOF
 * between two tokens it goes on with the bytes that follow.
 */
static int parse_run(struct jp *jp, const char *p, size_t len, size_t *pos)
{
	int st = jp->st;
	size_t i = *pos;
	int rc = J_OK;
	for (;;) {
		while (i < len && is_ws(p[i]))
			i++;
		if (i >= len) {
			rc = J_EOF;
			break;
		}
		char c = p[i];
		if (st == ST_OBJ_FIRST || st == ST_ARR_FIRST) {
			bool obj = st == ST_OBJ_FIRST;
			if (c == (obj ? '}' : ']')) {
				i++;
				pop(jp);
				goto value_done;
			}
			if (!obj && jp->doc)
				path_index(jp);
			st = obj ? ST_KEY : ST_VALUE;
		}
		if (st == ST_KEY) {
			if (c != '"') {
				rc = J_SYNTAX;
				break;
			}
			if ((rc = member_key(jp, p, len, &i)))
				break;
			while (i < len && is_ws(p[i]))
				i++;
			if (i >= len || p[i] != ':') {
				rc = i >= len ? J_EOF : J_SYNTAX;
				break;
			}
			i++;
			st = ST_VALUE;
			continue;
		}
		if (st == ST_AFTER) {
			struct frame *f = &jp->stack[jp->depth - 1];
			if (c == ',') {
				i++;
				if (f->kind == '[') {
					f->index++;
					if (jp->doc)
						path_index(jp);
					st = ST_VALUE;
				} else {
					st = ST_KEY;
				}
				continue;
			}
			if (c != (f->kind == '[' ? ']' : '}')) {
				rc = J_SYNTAX;
				break;
			}
			i++;
			pop(jp);
			goto value_done;
		}
		/* ST_VALUE */
		if (c == '{' || c == '[') {
			if (jp->depth >= TRAWL_SX_MAX_DEPTH) {
				rc = J_DEEP;
				break;
			}
			struct frame *f = &jp->stack[jp->depth++];
			f->kind = c;
			f->index = 0;
			f->path_len = jp->path.len;
			f->ctx_len = jp->ctx.len;
			f->name = f->ctx = -1;
			i++;
			st = c == '{' ? ST_OBJ_FIRST : ST_ARR_FIRST;
			continue;
		}
		size_t start = jp->doc ? doc_pos(jp->doc) : 0;
		if (c == '"') {
			rc = parse_string(jp, p, len, &i);
		} else if (c == '-' || (c >= '0' && c <= '9')) {
			size_t s = i;
			rc = parse_number(p, len, &i);
			if (!rc && jp->doc && doc_add(jp->doc, p + s, i - s))
				rc = J_FULL;
		} else {
			rc = parse_literal(p, len, &i);
		}
		if (!rc && jp->doc)
			rc = emit(jp, start, -1, -3);
		if (rc)
			break;
	value_done:
		if (!jp->depth)
			break;
		st = ST_AFTER;
	}
	jp->st = st;
	*pos = i;
	return rc;
}

static int parse(struct jp *jp, const char *p, size_t len, size_t *pos)
{
	int rc = parse_begin(jp);
	return rc ? rc : parse_run(jp, p, len, pos);
}

static struct trawl_ex_result status_of(int rc)
{
	switch (rc) {
	case J_OK:
		return (struct trawl_ex_result){TRAWL_EX_COMPLETE, NULL};
	case J_DEEP:
		return (struct trawl_ex_result){TRAWL_EX_PARTIAL, "JSON_NESTING_LEVEL_OVER_LIMIT"};
	case J_FULL:
		return (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
	default:
		return (struct trawl_ex_result){TRAWL_EX_PARTIAL, "MALFORMED_FILE"};
	}
}

static size_t skip_ws(const char *p, size_t len, size_t i)
{
	while (i < len && is_ws(p[i]))
		i++;
	return i;
}

/* One document (a whole .json, or one line) in p[i..len): J_OK or why
 * it stopped; trailing bytes other than whitespace are a syntax error. */
static int document(struct jp *jp, const char *p, size_t len, size_t i)
{
	i = skip_ws(p, len, i);
	if (i == len)
		return J_OK; /* empty: nothing to say */
	int rc = parse(jp, p, len, &i);
	if (!rc && skip_ws(p, len, i) != len)
		rc = J_SYNTAX;
	return rc;
}

/* jp set to write into doc, for len bytes of input. */
static void jp_to(struct jp *jp, struct trawl_doc *doc, size_t len)
{
	jp->doc = doc;
	jp->str_budget = doc->strings.len + ((size_t)64 << 20) +
			 (len < SIZE_MAX / 32 ? len * 16 : SIZE_MAX / 2);
	for (int k = 0; k < CTX_CACHE; k++)
		jp->cache[k].off = -1;
	for (size_t k = 0; k < jp->depth; k++)
		jp->stack[k].name = jp->stack[k].ctx = -1; /* in the doc before */
}

static size_t skip_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

static struct trawl_ex_result extract(const char *data, size_t len, bool lines,
				      uint64_t first_line, struct trawl_doc *doc)
{
	struct jp *jp = &(struct jp){0};
	jp_to(jp, doc, len);
	doc->mime = lines ? "application/x-ndjson" : "application/json";
	size_t i = !first_line ? skip_bom(data, len) : 0;
	int first = J_OK;

	if (!lines) {
		first = document(jp, data, len, i);
	} else {
		for (uint64_t line = first_line; i < len; line++) {
			const char *nl = memchr(data + i, '\n', len - i);
			size_t end = nl ? (size_t)(nl - data) : len;
			jp->record = line;
			int rc = document(jp, data, end, i);
			if (rc && !first)
				first = rc;
			if (rc == J_FULL)
				break;
			i = end + 1;
		}
	}
	buf_release(&jp->path);
	buf_release(&jp->ctx);
	return status_of(first);
}

struct trawl_ex_result trawl_extract_json(const char *data, size_t len, bool lines,
					  struct trawl_doc *doc)
{
	return extract(data, len, lines, 0, doc);
}

struct trawl_ex_result trawl_extract_json_lines(const char *data, size_t len,
						uint64_t first, struct trawl_doc *doc)
{
	return extract(data, len, true, first, doc);
}

struct trawl_json_stream {
	struct jp jp;
	int phase;  /* 0: before the value, 1: in it, 2: after it */
	int rc;     /* where it stopped, for good */
	bool begun; /* past the first piece */
};

struct trawl_json_stream *trawl_json_stream_new(void)
{
	return calloc(1, sizeof(struct trawl_json_stream));
}

void trawl_json_stream_free(struct trawl_json_stream *js)
{
	if (!js)
		return;
	buf_release(&js->jp.path);
	buf_release(&js->jp.ctx);
	free(js);
}

struct trawl_ex_result trawl_json_stream_piece(struct trawl_json_stream *js, const char *data,
					       size_t len, bool final, struct trawl_doc *doc)
{
	struct jp *jp = &js->jp;
	jp_to(jp, doc, len);
	doc->mime = "application/json";
	size_t i = js->begun ? 0 : skip_bom(data, len);
	js->begun = true;
	if (!js->rc && !js->phase) {
		i = skip_ws(data, len, i);
		if (i == len)
			return status_of(J_OK); /* nothing yet (or empty) */
		js->rc = parse_begin(jp);
		js->phase = 1;
	}
	if (!js->rc && js->phase == 1) {
		int rc = parse_run(jp, data, len, &i);
		if (rc == J_EOF && !final)
			return status_of(J_OK); /* on in the next piece */
		js->rc = rc;
		js->phase = 2;
	}
	/* after the value, only white space */
	if (!js->rc && skip_ws(data, len, i) != len)
		js->rc = J_SYNTAX;
	return status_of(js->rc);
}

size_t trawl_json_cut(const char *p, size_t len)
{
	size_t last = 0;
	bool str = false, esc = false;
	for (size_t i = 0; i < len; i++) {
		char c = p[i];
		if (str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				str = false;
		} else if (c == '"') {
			str = true;
		} else if (c == ',') {
			last = i + 1;
		}
	}
	return last;
}

bool trawl_looks_like_json(const char *data, size_t len, bool *lines)
{
	struct jp *jp = &(struct jp){0};
	size_t n = len < TRAWL_SX_SNIFF ? len : TRAWL_SX_SNIFF;
	size_t i = n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
	if (lines)
		*lines = false;
	i = skip_ws(data, n, i);
	if (i >= n || (data[i] != '{' && data[i] != '['))
		return false;
	int rc = parse(jp, data, n, &i);
	if (rc == J_EOF)
		return n < len; /* cut by the window: fine so far */
	if (rc == J_DEEP)
		return true;
	if (rc)
		return false;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r'))
		i++;
	if (i == n)
		return true;
	if (data[i] != '\n')
		return false; /* something else after the value on its line */
	i = skip_ws(data, n, i);
	if (lines && i < n && (data[i] == '{' || data[i] == '['))
		*lines = true;
	return true;
}
