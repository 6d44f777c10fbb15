/*
 * extract_markup.c - HTML and XML to plain text with the source's lines:
 * markup goes, text and a few attribute values stay, entities are decoded,
 * and every '\n' of the source is written where it stood. See
 * structured.h for the rules.
 *
 * Linear time on any input: each search that fails (no "-->", no '>', no
 * closing quote after some offset) is remembered, so a later search from
 * further on fails at once instead of scanning to the end again.
 */
#include "extract/structured.h"
#include "util/chars.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NPOS SIZE_MAX

struct mk {
	const char *p;
	size_t len;
	bool html;
	bool quotes_broken;   /* a tag's quotes ran to the end: use plain '>' */
	bool more;            /* in pieces: the input may go on past len */
	bool need;            /* ... and what is at hand ends before it does */
	struct trawl_doc *doc;
	struct buf *ob;       /* in pieces: the text goes here instead */
	int err;
	char last;            /* the last byte written, 0 before any */
	/* a search for this from here on fails (NPOS: unknown) */
	size_t no_gt, no_dq, no_sq, no_comment, no_cdata, no_script, no_style, no_decl;
	size_t n;
	char buf[16384];      /* output staged before doc_add */
};

/* ---- output ---- */

static void flush(struct mk *m)
{
	if (m->n && !m->err && doc_add(m->doc, m->buf, m->n))
		m->err = 1;
	m->n = 0;
}

static void out(struct mk *m, const char *s, size_t n)
{
	if (!n)
		return;
	m->last = s[n - 1];
	if (m->ob) {
		if (buf_add(m->ob, s, n))
			m->err = 1;
		return;
	}
	if (m->n + n > sizeof(m->buf)) {
		flush(m);
		if (n > sizeof(m->buf)) {
			if (!m->err && doc_add(m->doc, s, n))
				m->err = 1;
			return;
		}
	}
	memcpy(m->buf + m->n, s, n);
	m->n += n;
}

static void out_ch(struct mk *m, char c)
{
	out(m, &c, 1);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* One space between two pieces of text, unless there is one already. */
static void space(struct mk *m)
{
	if (m->last && !is_space(m->last))
		out_ch(m, ' ');
}

/* The newlines of p[from, to): what removed markup leaves behind. */
static void newlines(struct mk *m, size_t from, size_t to)
{
	const char *p = m->p + from, *e = m->p + to;
	while (p < e && (p = memchr(p, '\n', (size_t)(e - p)))) {
		out_ch(m, '\n');
		p++;
	}
}

/* ---- entities ---- */

struct entity {
	const char *name;
	uint16_t cp;
};

/* HTML's frequent named entities: Latin-1, typography, a few symbols. */
static const struct entity HTML_ENTITIES[] = {
	{"nbsp", 0xA0}, {"iexcl", 0xA1}, {"cent", 0xA2}, {"pound", 0xA3},
	{"curren", 0xA4}, {"yen", 0xA5}, {"brvbar", 0xA6}, {"sect", 0xA7},
	{"uml", 0xA8}, {"copy", 0xA9}, {"ordf", 0xAA}, {"laquo", 0xAB},
	{"not", 0xAC}, {"shy", 0xAD}, {"reg", 0xAE}, {"macr", 0xAF},
	{"deg", 0xB0}, {"plusmn", 0xB1}, {"sup2", 0xB2}, {"sup3", 0xB3},
	{"acute", 0xB4}, {"micro", 0xB5}, {"para", 0xB6}, {"middot", 0xB7},
	{"cedil", 0xB8}, {"sup1", 0xB9}, {"ordm", 0xBA}, {"raquo", 0xBB},
	{"frac14", 0xBC}, {"frac12", 0xBD}, {"frac34", 0xBE}, {"iquest", 0xBF},
	{"Agrave", 0xC0}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Atilde", 0xC3},
	{"Auml", 0xC4}, {"Aring", 0xC5}, {"AElig", 0xC6}, {"Ccedil", 0xC7},
	{"Egrave", 0xC8}, {"Eacute", 0xC9}, {"Ecirc", 0xCA}, {"Euml", 0xCB},
	{"Igrave", 0xCC}, {"Iacute", 0xCD}, {"Icirc", 0xCE}, {"Iuml", 0xCF},
	{"ETH", 0xD0}, {"Ntilde", 0xD1}, {"Ograve", 0xD2}, {"Oacute", 0xD3},
	{"Ocirc", 0xD4}, {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"times", 0xD7},
	{"Oslash", 0xD8}, {"Ugrave", 0xD9}, {"Uacute", 0xDA}, {"Ucirc", 0xDB},
	{"Uuml", 0xDC}, {"Yacute", 0xDD}, {"THORN", 0xDE}, {"szlig", 0xDF},
	{"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2}, {"atilde", 0xE3},
	{"auml", 0xE4}, {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7},
	{"egrave", 0xE8}, {"eacute", 0xE9}, {"ecirc", 0xEA}, {"euml", 0xEB},
	{"igrave", 0xEC}, {"iacute", 0xED}, {"icirc", 0xEE}, {"iuml", 0xEF},
	{"eth", 0xF0}, {"ntilde", 0xF1}, {"ograve", 0xF2}, {"oacute", 0xF3},
	{"ocirc", 0xF4}, {"otilde", 0xF5}, {"ouml", 0xF6}, {"divide", 0xF7},
	{"oslash", 0xF8}, {"ugrave", 0xF9}, {"uacute", 0xFA}, {"ucirc", 0xFB},
	{"uuml", 0xFC}, {"yacute", 0xFD}, {"thorn", 0xFE}, {"yuml", 0xFF},
	{"OElig", 0x152}, {"oelig", 0x153}, {"Scaron", 0x160}, {"scaron", 0x161},
	{"Yuml", 0x178}, {"fnof", 0x192}, {"circ", 0x2C6}, {"tilde", 0x2DC},
	{"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009}, {"zwnj", 0x200C},
	{"zwj", 0x200D}, {"lrm", 0x200E}, {"rlm", 0x200F}, {"ndash", 0x2013},
	{"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
	{"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E}, {"dagger", 0x2020},
	{"Dagger", 0x2021}, {"bull", 0x2022}, {"hellip", 0x2026}, {"permil", 0x2030},
	{"prime", 0x2032}, {"Prime", 0x2033}, {"lsaquo", 0x2039}, {"rsaquo", 0x203A},
	{"euro", 0x20AC}, {"trade", 0x2122}, {"larr", 0x2190}, {"uarr", 0x2191},
	{"rarr", 0x2192}, {"darr", 0x2193}, {"minus", 0x2212}, {"hearts", 0x2665},
};

static const struct entity XML_ENTITIES[] = {
	{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
};

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static long lookup(const struct entity *t, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].name[0] == s[0] && !strncmp(t[i].name, s, len) && !t[i].name[len])
			return t[i].cp;
	return -1;
}

/*
 * The entity at p[i] == '&', up to end: writes it and returns its length,
 * or 0 when it is none (the '&' is then text). Numeric references may
 * leave out the ';' (browsers accept it); named ones need it.
 */
static size_t entity(struct mk *m, size_t i, size_t end)
{
	const char *p = m->p;
	size_t j = i + 1;
	long cp = -1;
	if (j < end && p[j] == '#') {
		bool hex = ++j < end && (p[j] == 'x' || p[j] == 'X');
		j += hex;
		size_t ds = j;
		unsigned long v = 0;
		while (j < end && j - ds < 8 && (hex ? trawl_hexval(p[j]) >= 0 : is_digit(p[j])))
			v = v * (hex ? 16 : 10) + (unsigned long)trawl_hexval(p[j++]);
		if (j == ds || (j < end && (hex ? trawl_hexval(p[j]) >= 0 : is_digit(p[j]))))
			return 0; /* no digits, or too many */
		cp = v == 0 || v > 0x10FFFF ? 0xFFFD : (long)v;
		if (j < end && p[j] == ';')
			j++;
	} else {
		size_t ns = j;
		while (j < end && j - ns < 32 && (is_alpha(p[j]) || is_digit(p[j])))
			j++;
		if (j == ns || j >= end || p[j] != ';')
			return 0;
		cp = lookup(XML_ENTITIES, sizeof(XML_ENTITIES) / sizeof(*XML_ENTITIES),
			    p + ns, j - ns);
		if (cp < 0 && m->html)
			cp = lookup(HTML_ENTITIES,
				    sizeof(HTML_ENTITIES) / sizeof(*HTML_ENTITIES), p + ns,
				    j - ns);
		if (cp < 0)
			return 0;
		j++;
	}
	if (cp == '\n' || cp == '\r' || cp == 0xA0)
		cp = ' '; /* a decoded newline would move lines */
	char s[4];
	out(m, s, trawl_utf8_put((unsigned)cp, s));
	return j - i;
}

/* Text p[from, to) with its entities decoded. */
static void text(struct mk *m, size_t from, size_t to)
{
	while (from < to) {
		const char *a = memchr(m->p + from, '&', to - from);
		size_t k = a ? (size_t)(a - m->p) : to;
		out(m, m->p + from, k - from);
		if (k == to)
			break;
		size_t n = entity(m, k, to);
		if (!n) {
			out_ch(m, '&');
			n = 1;
		}
		from = k + n;
	}
}

/* ---- searches, remembered when they fail ---- */

/* A search from from failed: remembered, or, in pieces when more may
 * follow, what is at hand is not enough (m->need). NPOS. */
static size_t failed(struct mk *m, size_t from, size_t *memo)
{
	if (m->more)
		m->need = true;
	else
		*memo = from;
	return NPOS;
}

static size_t find_ch(struct mk *m, size_t from, char c, size_t *memo)
{
	if (from >= *memo)
		return NPOS;
	const char *q = from < m->len ? memchr(m->p + from, c, m->len - from) : NULL;
	return q ? (size_t)(q - m->p) : failed(m, from, memo);
}

static size_t find_str(struct mk *m, size_t from, const char *s, size_t *memo)
{
	if (from >= *memo)
		return NPOS;
	const char *q = from < m->len ? memmem(m->p + from, m->len - from, s, strlen(s)) : NULL;
	return q ? (size_t)(q - m->p) : failed(m, from, memo);
}

static bool ieq(const char *s, size_t n, const char *lit)
{
	size_t i = 0;
	for (; i < n && lit[i]; i++) {
		char c = s[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != lit[i])
			return false;
	}
	return i == n && !lit[i];
}

/* "</name" (any case) at or after from: its offset, or NPOS. */
static size_t find_end_tag(struct mk *m, size_t from, const char *name, size_t *memo)
{
	size_t n = strlen(name);
	if (from >= *memo)
		return NPOS;
	for (size_t k = from; k < m->len; k++) {
		const char *q = memchr(m->p + k, '<', m->len - k);
		if (!q)
			break;
		k = (size_t)(q - m->p);
		if (m->len - k > n + 1 && m->p[k + 1] == '/' && ieq(m->p + k + 2, n, name))
			return k;
	}
	return failed(m, from, memo);
}

/* The '>' closing a declaration "<!...>" (with an internal subset in
 * brackets) or a processing instruction "<?...>". */
static size_t decl_end(struct mk *m, size_t k)
{
	if (m->p[k + 1] == '!' && k >= m->no_decl)
		return find_ch(m, k + 2, '>', &m->no_gt);
	int depth = 0;
	for (size_t j = k + 2; m->p[k + 1] == '!' && j < m->len; j++) {
		char c = m->p[j];
		if (c == '[')
			depth++;
		else if (c == ']' && depth)
			depth--;
		else if (c == '>' && !depth)
			return j;
	}
	if (m->p[k + 1] == '!') {
		failed(m, k, &m->no_decl);
		if (m->need)
			return NPOS;
	}
	return find_ch(m, k + 2, '>', &m->no_gt);
}

/* The '>' closing the tag at p[k], skipping quoted attribute values;
 * when those run to the end, the first '>' after all. */
static size_t tag_end(struct mk *m, size_t k)
{
	bool eq = false;
	size_t lim = m->no_gt < m->len ? m->no_gt : m->len;
	for (size_t j = k + 1; !m->quotes_broken && j < lim; j++) {
		char c = m->p[j];
		if (c == '>')
			return j;
		if ((c == '"' || c == '\'') && eq) {
			size_t q = find_ch(m, j + 1, c, c == '"' ? &m->no_dq : &m->no_sq);
			if (q == NPOS && m->need)
				return NPOS;
			if (q == NPOS)
				break;
			j = q;
			eq = false;
		} else if (c == '=') {
			eq = true;
		} else if (!is_space(c)) {
			eq = false;
		}
	}
	if (!m->quotes_broken && m->more) {
		m->need = true; /* no '>' yet */
		return NPOS;
	}
	m->quotes_broken = true; /* from now on, tags end at the first '>' */
	return find_ch(m, k + 1, '>', &m->no_gt);
}

/* ---- tags ---- */

static bool html_inline(const char *s, size_t n)
{
	if (n == 0 || n > 6)
		return false; /* the longest below is 6 */
	char c = s[0] >= 'A' && s[0] <= 'Z' ? (char)(s[0] - 'A' + 'a') : s[0];
	static const char *const names[] = {
		"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn",
		"em", "font", "i", "ins", "kbd", "label", "mark", "nobr", "q", "s",
		"samp", "small", "span", "strike", "strong", "sub", "sup", "time",
		"tt", "u", "var", "wbr",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (names[i][0] == c && ieq(s, n, names[i]))
			return true;
	return false;
}

static bool keep_attr(const struct mk *m, const char *a, size_t an, const char *v,
		      size_t vn)
{
	if (!m->html)
		return !ieq(a, an, "xmlns") && !(an > 6 && ieq(a, 6, "xmlns:")) &&
		       !(an > 4 && ieq(a, 4, "xsi:"));
	static const char *const names[] = {
		"title", "alt", "value", "content", "placeholder", "label", "aria-label",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
		if (ieq(a, an, names[i]))
			return true;
	if (ieq(a, an, "href") || ieq(a, an, "src")) {
		while (vn && is_space(*v)) {
			v++;
			vn--;
		}
		return (vn > 7 && ieq(v, 7, "mailto:")) || (vn > 4 && ieq(v, 4, "tel:"));
	}
	return false;
}

static bool name_char(char c)
{
	return is_alpha(c) || is_digit(c) || c == ':' || c == '_' || c == '-' || c == '.';
}

/* The tag p[k..e] (p[e] == '>'): its newlines, kept attribute values and
 * (XML) its name. Returns where the text goes on. */
static size_t tag(struct mk *m, size_t k, size_t e)
{
	const char *p = m->p;
	bool end = p[k + 1] == '/';
	size_t ns = k + 1 + end, ne = ns;
	while (ne < e && name_char(p[ne]))
		ne++;
	bool sp = !(m->html && html_inline(p + ns, ne - ns));
	if (sp)
		space(m);
	if (!m->html && !end) {
		space(m);
		out(m, p + ns, ne - ns);
		space(m);
	}
	size_t j = ne;
	while (j < e) {
		char c = p[j];
		if (is_space(c) || c == '/' || c == '=') {
			if (c == '\n')
				out_ch(m, '\n');
			j++;
			continue;
		}
		size_t as = j;
		while (j < e && !is_space(p[j]) && p[j] != '=' && p[j] != '/')
			j++;
		size_t ae = j, t = j;
		while (t < e && is_space(p[t]))
			t++;
		if (t >= e || p[t] != '=')
			continue; /* no value; the loop writes the newlines */
		newlines(m, j, t + 1);
		j = t + 1;
		while (j < e && is_space(p[j]))
			if (p[j++] == '\n')
				out_ch(m, '\n');
		size_t vs = j, ve;
		if (j < e && (p[j] == '"' || p[j] == '\'')) {
			const char *q = memchr(p + j + 1, p[j], e - j - 1);
			vs = j + 1;
			ve = q ? (size_t)(q - p) : e;
			j = q ? ve + 1 : e;
		} else {
			while (j < e && !is_space(p[j]))
				j++;
			ve = j;
		}
		if (ve > vs && keep_attr(m, p + as, ae - as, p + vs, ve - vs)) {
			space(m);
			if (!m->html) {
				out(m, p + as, ae - as);
				out_ch(m, ' ');
			}
			text(m, vs, ve);
			space(m);
		} else {
			newlines(m, vs, ve);
		}
	}
	if (sp)
		space(m);
	if (m->html && !end && (ieq(p + ns, ne - ns, "script") || ieq(p + ns, ne - ns, "style"))) {
		bool script = ieq(p + ns, ne - ns, "script");
		size_t c = find_end_tag(m, e + 1, script ? "script" : "style",
					script ? &m->no_script : &m->no_style);
		if (m->need)
			return NPOS;
		if (c != NPOS) {
			newlines(m, e + 1, c);
			return c;
		} /* never closed: the rest is text */
	}
	return e + 1;
}

/* The markup at p[k] == '<': removed, leaving its newlines. Returns where
 * the text goes on. A '<' that opens nothing, or nothing that ends, is
 * text. */
static size_t markup(struct mk *m, size_t k)
{
	const char *p = m->p;
	size_t rest = m->len - k, e;
	if (m->more && rest < 16) {
		m->need = true; /* too little to tell what it opens */
		return NPOS;
	}
	if (rest >= 4 && !memcmp(p + k, "<!--", 4)) {
		e = find_str(m, k + 4, "-->", &m->no_comment);
		if (m->need)
			return NPOS;
		if (e != NPOS) {
			newlines(m, k, e);
			return e + 3;
		}
	} else if (rest >= 9 && !memcmp(p + k, "<![CDATA[", 9)) {
		e = find_str(m, k + 9, "]]>", &m->no_cdata);
		if (m->need)
			return NPOS;
		if (e != NPOS) {
			out(m, p + k + 9, e - k - 9);
			return e + 3;
		}
	} else if (rest >= 2 && (p[k + 1] == '!' || p[k + 1] == '?')) {
		e = decl_end(m, k);
		if (m->need)
			return NPOS;
		if (e != NPOS) {
			space(m);
			newlines(m, k, e);
			space(m);
			return e + 1;
		}
	} else if ((rest >= 2 && is_alpha(p[k + 1])) ||
		   (rest >= 3 && p[k + 1] == '/' && is_alpha(p[k + 2]))) {
		e = tag_end(m, k);
		if (m->need)
			return NPOS;
		if (e != NPOS)
			return tag(m, k, e); /* NPOS (m->need) for a script not closed yet */
	}
	out_ch(m, '<');
	return k + 1;
}

static void mk_init(struct mk *m, const char *data, size_t len, bool html)
{
	m->p = data;
	m->len = len;
	m->html = html;
	m->no_gt = m->no_dq = m->no_sq = m->no_comment = m->no_cdata = NPOS;
	m->no_script = m->no_style = m->no_decl = NPOS;
}

static size_t skip_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

struct trawl_ex_result trawl_extract_markup(const char *data, size_t len, bool html,
					    struct trawl_doc *doc)
{
	struct mk *m = &(struct mk){0};
	mk_init(m, data, len, html);
	m->doc = doc;
	doc->mime = html ? "text/html" : "application/xml";
	size_t i = skip_bom(data, len);
	while (i < len && !m->err) {
		const char *lt = memchr(data + i, '<', len - i);
		size_t k = lt ? (size_t)(lt - data) : len;
		text(m, i, k);
		if (k == len)
			break;
		i = markup(m, k);
	}
	flush(m);
	if (m->err)
		return (struct trawl_ex_result){TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"};
	return (struct trawl_ex_result){TRAWL_EX_COMPLETE, NULL};
}

struct trawl_markup_stream {
	struct mk m;
	bool begun;
};

struct trawl_markup_stream *trawl_markup_stream_new(bool html)
{
	struct trawl_markup_stream *ms = calloc(1, sizeof(*ms));
	if (ms)
		ms->m.html = html;
	return ms;
}

void trawl_markup_stream_free(struct trawl_markup_stream *ms)
{
	free(ms);
}

long trawl_markup_stream_feed(struct trawl_markup_stream *ms, const char *data, size_t len,
			      bool final, bool full, struct buf *ob)
{
	struct mk *m = &ms->m;
	bool qb = m->quotes_broken;
	mk_init(m, data, len, m->html);
	m->quotes_broken = qb;
	m->more = !final && !full;
	m->ob = ob;
	m->err = 0;
	/* full: what starts in the first half is read as if the input
	 * ended here, the rest is left for the next call */
	size_t i = ms->begun ? 0 : skip_bom(data, len), stop = full && !final ? len / 2 : len;
	ms->begun = true;
	while (i < len && i < stop && !m->err) {
		const char *lt = memchr(data + i, '<', len - i);
		size_t k = lt ? (size_t)(lt - data) : len;
		if (k == len && !final) {
			/* text to the end of what is at hand: not into an
			 * entity that may go on (the longest is 35 bytes) */
			const char *amp = NULL;
			for (size_t j = len; j > i && j + 40 > len && !amp; j--)
				if (data[j - 1] == '&')
					amp = data + j - 1;
			k = amp ? (size_t)(amp - data) : len;
			text(m, i, k);
			i = k;
			break;
		}
		text(m, i, k);
		if (k == len) {
			i = len;
			break;
		}
		size_t at = ob->len;
		char last = m->last;
		m->need = false;
		size_t e = markup(m, k);
		if (m->need) {
			ob->len = at; /* the markup again, with more after it */
			m->last = last;
			i = k;
			break;
		}
		i = e;
	}
	return m->err ? -1 : (long)i;
}
