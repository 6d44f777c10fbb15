/*
 * test_extract_structured.c - the text decoder and the structured
 * extractors (CSV/TSV, JSON/JSON Lines, HTML/XML): flattened text,
 * segments, statuses and reasons, edge cases, caps, and a seeded random
 * pass over each to check invariants (run it under ASan too).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "extract/structured.h"
#include "testhelp.h"

static struct trawl_doc D;

static void fresh(void)
{
	doc_reset(&D);
}

static bool text_is(const char *want)
{
	return doc_len(&D) == strlen(want) && !memcmp(doc_text(&D), want, strlen(want));
}

/* Every value as a segment of its own (runs expanded): V[0..NV). */
static struct trawl_segment *V;
static size_t NV, AV;
static void expand(void)
{
	NV = 0;
	size_t it[2] = {0, 0};
	struct trawl_segment g;
	while (doc_next_value(&D, it, &g)) {
		if (VEC_RESERVE(V, NV, AV, 1))
			abort();
		V[NV++] = g;
	}
}
#define NSEG (expand(), NV)
#define SEG (expand(), V)

static const char *str_or(long off, const char *none)
{
	return off < 0 ? none : doc_str(&D, off);
}

/* Segments as "text|row|col|name|ctx;" (CELL) or "text|rec|path|ctx;"
 * (RECORD); names and contexts -1 written as "-". */
static struct buf SB;
static const char *segs(void)
{
	struct buf *b = &SB;
	buf_reset(b);
	buf_addch(b, '\0');
	b->len = 0;
	expand();
	for (size_t i = 0; i < NV; i++) {
		const struct trawl_segment *g = &V[i];
		buf_add(b, doc_text(&D) + g->start, g->end - g->start);
		if (g->kind == TRAWL_SEG_CELL)
			buf_printf(b, "|%llu|%llu|%s|%s;", (unsigned long long)g->row,
				   (unsigned long long)g->column, str_or(g->name, "-"),
				   str_or(g->context, "-"));
		else
			buf_printf(b, "|%llu|%s|%s;", (unsigned long long)g->record,
				   str_or(g->name, "-"), str_or(g->context, "-"));
	}
	return b->data;
}

/* s with newlines written as \n, for messages (one line each). */
static const char *esc(const char *s)
{
	static char out[2048];
	size_t n = 0;
	for (; *s && n + 3 < sizeof(out); s++) {
		if (*s == '\n') {
			out[n++] = '\\';
			out[n++] = 'n';
		} else {
			out[n++] = *s;
		}
	}
	out[n] = '\0';
	return out;
}

/* Every segment is structured, in order, inside the text, followed by a
 * '\n' that it does not cover. */
static bool segs_sane(void)
{
	size_t prev = 0;
	expand();
	for (size_t i = 0; i < NV; i++) {
		const struct trawl_segment *g = &V[i];
		if (!g->structured || g->start < prev || g->end <= g->start ||
		    g->end >= doc_len(&D) + 1 || doc_text(&D)[g->end] != '\n')
			return false;
		prev = g->end;
	}
	return true;
}

/* doc_locate() agrees with the expanded values at every offset: inside a
 * value it gives that value (extent, row/record, column, name, context),
 * elsewhere NULL. */
static bool locate_agrees(void)
{
	expand();
	size_t v = 0;
	for (size_t off = 0; off < doc_len(&D); off++) {
		while (v < NV && V[v].end <= off)
			v++;
		struct trawl_segment tmp;
		const struct trawl_segment *g = doc_locate(&D, off, &tmp);
		bool in = v < NV && V[v].start <= off;
		if (!in) {
			if (g)
				return false;
			continue;
		}
		const struct trawl_segment *w = &V[v];
		if (!g || g->run || g->start != w->start || g->end != w->end ||
		    g->row != w->row || g->kind != w->kind || g->name != w->name ||
		    g->context != w->context ||
		    (g->kind == TRAWL_SEG_CELL && g->column != w->column))
			return false;
	}
	return true;
}

static bool res_is(struct trawl_ex_result r, enum trawl_ex_status st, const char *reason)
{
	if (r.status != st)
		return false;
	if (!reason)
		return r.reason == NULL;
	return r.reason && !strcmp(r.reason, reason);
}


static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t count_nl(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += s[i] == '\n';
	return c;
}

/* ---------------------------------------------------------------- CSV */

static void csv(const char *in, char sep)
{
	fresh();
	trawl_extract_csv(in, strlen(in), sep, &D);
}

static void test_csv(void)
{
	struct trawl_ex_result r;
	fresh();
	r = trawl_extract_csv("name,ssn\nJane,123\n", 18, ',', &D);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL), "csv: COMPLETE");
	T_CHECK(text_is("name\nssn\nJane\n123\n"), "csv: one cell a line");
	T_CHECK(!strcmp(segs(), "name|1|1|name|name;ssn|1|2|ssn|ssn;Jane|2|1|name|name;"
				"123|2|2|ssn|ssn;"),
		"csv: header row 1, data row 2, names and contexts (%s)", esc(segs()));
	T_CHECK(NSEG == 4 && SEG[2].start == 9 && SEG[2].end == 13 &&
			SEG[2].kind == TRAWL_SEG_CELL && segs_sane(),
		"csv: offsets, kind, structured");
	T_CHECK(!strcmp(D.mime, "text/csv"), "csv: mime text/csv");
	T_CHECK(D.nseg == 3 && !D.seg[1].run && D.seg[2].run && D.seg[2].nitems == 2 &&
			D.nitems == 2,
		"csv: header cells are segments, a data row is one run over the name items");
	csv("a,b\n1,,3\n\n,,\n", ',');
	T_CHECK(text_is("a\nb\n1\n\n3\n\n\n\n\n") && D.nseg == 4 && D.seg[2].nitems == 2 && !D.seg[3].run &&
			!strcmp(segs(), "a|1|1|a|a;b|1|2|b|b;1|2|1|a|a;3|2|3|-|-;") &&
			locate_agrees(),
		"csv: a blank cell is an empty line of the run, a column past the header a segment of its own; blank rows open none (%s)",
		esc(segs()));

	csv("id,note,city\r\n1,\"say \"\"hi\"\"\nthere\",\"a,b\"\r\n2,,x\r\n", ',');
	T_CHECK(!strcmp(segs(), "id|1|1|id|id;note|1|2|note|note;city|1|3|city|city;"
				"1|2|1|id|id;say \"hi\"\nthere|2|2|note|note;a,b|2|3|city|city;"
				"2|3|1|id|id;x|3|3|city|city;"),
		"csv: quotes, \"\" escapes, quoted newline and comma, CRLF, empty cell "
		"skipped (%s)",
		esc(segs()));

	csv("a;b\rc;d\r", 0);
	T_CHECK(!strcmp(segs(), "a|1|1|a|a;b|1|2|b|b;c|2|1|a|a;d|2|2|b|b;"),
		"csv: CR line ends, ';' detected (%s)", esc(segs()));

	fresh();
	r = trawl_extract_csv("\xEF\xBB\xBFh1\th2\nv1\tv 2\n", 17, '\t', &D);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
			!strcmp(segs(), "h1|1|1|h1|h1;h2|1|2|h2|h2;v1|2|1|h1|h1;v 2|2|2|h2|h2;"),
		"tsv: BOM skipped (%s)", esc(segs()));
	T_CHECK(!strcmp(D.mime, "text/tab-separated-values"), "tsv: mime");

	csv("a|b|c\n1|2|3\n", 0);
	T_CHECK(NSEG == 6 && SEG[5].column == 3, "csv: '|' detected");
	csv("a\tb\n1\t2\n", 0);
	T_CHECK(NSEG == 4 && SEG[3].column == 2, "csv: tab detected");

	csv(" Full Name ,x\n Jane Roe ,1\n", ',');
	T_CHECK(!strcmp(segs(), " Full Name |1|1|Full Name|Full Name;x|1|2|x|x;"
				" Jane Roe |2|1|Full Name|Full Name;1|2|2|x|x;"),
		"csv: column name trimmed, cell text as written (%s)", esc(segs()));

	csv("h\n\nv\n", ',');
	T_CHECK(!strcmp(segs(), "h|1|1|h|h;v|3|1|h|h;"), "csv: a blank line is a row (%s)",
		esc(segs()));

	csv("a\n1,2\n", ',');
	T_CHECK(!strcmp(segs(), "a|1|1|a|a;1|2|1|a|a;2|2|2|-|-;"),
		"csv: a column without a header has no name (%s)", esc(segs()));

	csv(",b\n1,2,\n  ,\t,3", ',');
	T_CHECK(!strcmp(segs(), "b|1|2|b|b;1|2|1|-|-;2|2|2|b|b;3|3|3|-|-;"),
		"csv: blank header, trailing separator, blank cells, no final newline "
		"(%s)",
		esc(segs()));

	fresh();
	r = trawl_extract_csv("h1,h2\n\"abc,def\nx,y\n", 20, ',', &D);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
			!strcmp(segs(), "h1|1|1|h1|h1;h2|1|2|h2|h2;\"abc|2|1|h1|h1;"
					"def|2|2|h2|h2;x|3|1|h1|h1;y|3|2|h2|h2;"),
		"csv: a quote never closed is an ordinary byte, rows go on (%s)", esc(segs()));

	csv("h\n\"a\"b\"c\n", ',');
	T_CHECK(!strcmp(segs(), "h|1|1|h|h;ab\"c|2|1|h|h;"),
		"csv: bytes after a closing quote are kept (%s)", esc(segs()));
	csv("h\n\"\"\"\"\n", ',');
	T_CHECK(!strcmp(segs(), "h|1|1|h|h;\"|2|1|h|h;"), "csv: a cell of one quote");

	fresh();
	r = trawl_extract_csv("", 0, 0, &D);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && NSEG == 0 && doc_len(&D) == 0,
		"csv: empty");

	T_CHECK(trawl_sniff_csv_separator("a,b,c\n1,2,3\n", 12) == ',', "sniff: ','");
	T_CHECK(trawl_sniff_csv_separator("a;b\n1;2\n", 8) == ';', "sniff: ';'");
	T_CHECK(trawl_sniff_csv_separator("a\tb\n1\t2\n", 8) == '\t', "sniff: tab");
	T_CHECK(trawl_sniff_csv_separator("a|b\n1|2\n", 8) == '|', "sniff: '|'");
	T_CHECK(trawl_sniff_csv_separator("\"a;b\",c\n\"d;e\",f\n", 16) == ',',
		"sniff: separators in quotes do not count");
	T_CHECK(trawl_sniff_csv_separator("a;b,c\n1;2,3;4\n", 14) == ',',
		"sniff: the consistent one wins");
	T_CHECK(trawl_sniff_csv_separator("Dear Jane, hello.\nSee you soon\n", 31) == 0,
		"sniff: prose is not CSV");
	T_CHECK(trawl_sniff_csv_separator("a,b,c\n", 6) == 0, "sniff: one record is not enough");
	T_CHECK(trawl_sniff_csv_separator("x\"\n", 3) == 0, "sniff: nothing");

	/* 100,001 columns: the last one is left out. */
	size_t n = 100001;
	char *wide = malloc(2 * n + 1);
	for (size_t i = 0; i < n; i++) {
		wide[2 * i] = 'a';
		wide[2 * i + 1] = ',';
	}
	wide[2 * n - 1] = '\n';
	fresh();
	r = trawl_extract_csv(wide, 2 * n, ',', &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT") && NSEG == 100000 &&
			SEG[99999].column == 100000,
		"csv: past 100,000 columns: PARTIAL, FILE_EXCEEDS_SIZE_LIMIT");
	free(wide);

	/* The value cap: 8,192 rows of 4,097 one-byte cells pass it. */
	size_t cols = 4097, rows = 8192;
	wide = malloc(2 * cols * rows);
	for (size_t i = 0; i < cols * rows; i++) {
		wide[2 * i] = 'a';
		wide[2 * i + 1] = (i + 1) % cols ? ',' : '\n';
	}
	fresh();
	r = trawl_extract_csv(wide, 2 * cols * rows, ',', &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT") &&
			D.nvalues == TRAWL_SX_MAX_SEGMENTS && D.nseg < D.nvalues / 200,
		"csv: past %u values: PARTIAL, FILE_EXCEEDS_SIZE_LIMIT; rows are runs (%zu segments)",
		TRAWL_SX_MAX_SEGMENTS, D.nseg);
	free(wide);

	/* A 50 MB field, quoted (with "" inside) and unquoted. */
	size_t big = 50u << 20;
	char *s = malloc(big + 64);
	memcpy(s, "h1,h2\n1,\"", 9);
	memset(s + 9, 'x', big);
	memcpy(s + 9 + big / 2, "\"\"", 2);
	memcpy(s + 9 + big, "\",2\n", 4);
	fresh();
	double t0 = now();
	r = trawl_extract_csv(s, big + 13, ',', &D);
	double dt = now() - t0;
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && NSEG == 5 &&
			SEG[3].end - SEG[3].start == big - 1 && SEG[3].row == 2 &&
			SEG[3].column == 2 && SEG[4].row == 2 && SEG[4].column == 3,
		"csv: a 50 MB quoted field is one cell");
	T_CHECK(dt < 1.0, "csv: 50 MB quoted field in %.3f s", dt);
	memset(s + 8, 'y', big + 1);
	memcpy(s + 9 + big, "\n", 1);
	fresh();
	t0 = now();
	r = trawl_extract_csv(s, big + 10, ',', &D);
	dt = now() - t0;
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && NSEG == 4 &&
			SEG[3].end - SEG[3].start == big + 1,
		"csv: a 50 MB unquoted field is one cell");
	T_CHECK(dt < 1.0, "csv: 50 MB unquoted field in %.3f s", dt);
	free(s);
}

/* --------------------------------------------------------------- JSON */

static struct trawl_ex_result json(const char *in, bool lines)
{
	fresh();
	return trawl_extract_json(in, strlen(in), lines, &D);
}

static char *deep(size_t n, const char *before, const char *after)
{
	size_t a = strlen(before), b = strlen(after);
	char *s = malloc(a + n + b + 1);
	memcpy(s, before, a);
	memset(s + a, '[', n);
	memcpy(s + a + n, after, b + 1);
	return s;
}

static void test_json(void)
{
	struct trawl_ex_result r;
	r = json("{\"customers\":[{\"name\":\"Jane\",\"identity\":{\"ssn\":\"123-45-6789\"}},"
		 "{\"odd key\":\"it's\",\"n\":-1.5e3,\"t\":true,\"z\":null,\"e\":\"\"}]}",
		 false);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL), "json: COMPLETE");
	T_CHECK(text_is("customers\nname\nJane\nidentity\nssn\n123-45-6789\nodd key\nit's\n"
			"n\n-1.5e3\nt\nz\ne\n"),
		"json: keys and values, one a line");
	T_CHECK(!strcmp(segs(),
			"customers|0|$|-;"
			"name|0|$.customers[0]|customers;"
			"Jane|0|$.customers[0].name|customers name;"
			"identity|0|$.customers[0]|customers;"
			"ssn|0|$.customers[0].identity|customers identity;"
			"123-45-6789|0|$.customers[0].identity.ssn|customers identity ssn;"
			"odd key|0|$.customers[1]|customers;"
			"it's|0|$.customers[1]['odd key']|customers odd key;"
			"n|0|$.customers[1]|customers;"
			"-1.5e3|0|$.customers[1].n|customers n;"
			"t|0|$.customers[1]|customers;"
			"z|0|$.customers[1]|customers;"
			"e|0|$.customers[1]|customers;"),
		"json: paths, contexts, keys with their object's path (%s)", esc(segs()));
	T_CHECK(segs_sane() && SEG[0].kind == TRAWL_SEG_RECORD, "json: segments sane");
	T_CHECK(!strcmp(D.mime, "application/json"), "json: mime");

	r = json("[\"a\\\"b\\\\c\\/d\\n\\t\",\"\\u00e9\\u20AC\",\"\\ud83d\\ude00\",\"\\ud800x\","
		 "\"\\udc00\",0,1e5,-0.25E-2]",
		 false);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
			text_is("a\"b\\c/d\n\t\n\xC3\xA9\xE2\x82\xAC\n\xF0\x9F\x98\x80\n"
				"\xEF\xBF\xBDx\n\xEF\xBF\xBD\n0\n1e5\n-0.25E-2\n"),
		"json: escapes, \\u, surrogate pair, lone surrogates, numbers as written");
	T_CHECK(NSEG == 8 && !strcmp(doc_str(&D, SEG[2].name), "$[2]") &&
			SEG[2].context == -1,
		"json: array paths, no context");

	json("{\"it's\\\\\":{\"1a\":{\"_ok9\":{\"\":{\"caf\\u00e9\":\"v\"}}}}}", false);
	T_CHECK(NSEG == 5 &&
			!strcmp(doc_str(&D, SEG[4].name),
				"$['it\\'s\\\\']['1a']._ok9['']['caf\xC3\xA9']") &&
			!strcmp(doc_str(&D, SEG[4].context), "it's\\ 1a _ok9 caf\xC3\xA9"),
		"json: odd keys bracketed and escaped (%s)", esc(segs()));

	r = json("\"abc\"", false);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && !strcmp(segs(), "abc|0|$|-;"),
		"json: a scalar document");
	r = json(" \n ", false);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && NSEG == 0, "json: only whitespace");

	/* nesting */
	char *s = deep(256, "", "1");
	size_t n = strlen(s);
	s = realloc(s, n + 257);
	memset(s + n, ']', 256);
	s[n + 256] = '\0';
	r = json(s, false);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && NSEG == 1, "json: 256 deep is fine");
	free(s);
	s = deep(257, "", "1");
	r = json(s, false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "JSON_NESTING_LEVEL_OVER_LIMIT"),
		"json: 257 deep is over");
	free(s);
	s = deep(10000, "{\"a\":\"x\",\"b\":", "");
	r = json(s, false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "JSON_NESTING_LEVEL_OVER_LIMIT") &&
			!strcmp(segs(), "a|0|$|-;x|0|$.a|a;b|0|$|-;"),
		"json: 10,000 deep: PARTIAL, what came before kept (%s)", esc(segs()));
	free(s);

	/* syntax errors */
	r = json("{\"a\":\"x\",\"b\":}", false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE") && NSEG == 3,
		"json: syntax error: PARTIAL MALFORMED_FILE, values kept");
	r = json("{\"a\":\"x", false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE"), "json: unterminated string");
	r = json("{} x", false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE"), "json: trailing bytes");
	r = json("[\"\\q\"]", false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE"), "json: bad escape");
	r = json("[\"\\u12\"]", false);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE"), "json: short \\u");
	const char *bad[] = {"[01]", "[1.]", "[-]", "[1e]", "[tru]", "[nul", "{\"a\" 1}",
			     "{1:2}", "[1,]", "[1 2]", "{\"a\":1,}", "]", "NaN"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		r = json(bad[i], false);
		T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE"), "json: %s malformed", bad[i]);
	}

	/* JSON Lines */
	s = deep(10000, "{\"a\":\"v0\"}\r\n\n", "\n{\"a\":\"v3\"}\n{bad\n  \n{\"a\":[\"v6\"]}");
	r = json(s, true);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "JSON_NESTING_LEVEL_OVER_LIMIT"),
		"jsonl: deep line: PARTIAL, first reason");
	T_CHECK(!strcmp(segs(), "a|0|$|-;v0|0|$.a|a;a|3|$|-;v3|3|$.a|a;a|6|$|-;v6|6|$.a[0]|a;"),
		"jsonl: deep and bad lines skipped, record = line index (%s)", esc(segs()));
	T_CHECK(!strcmp(D.mime, "application/x-ndjson"), "jsonl: mime");
	free(s);
	r = json("{\"a\":1}\n{\"a\":\n{\"a\":2}\n", true);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "MALFORMED_FILE") &&
			!strcmp(segs(), "a|0|$|-;1|0|$.a|a;a|1|$|-;a|2|$|-;2|2|$.a|a;"),
		"jsonl: a broken line: MALFORMED_FILE, next lines go on (%s)", esc(segs()));
	r = json("1\n\"x\"\n", true);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && !strcmp(segs(), "1|0|$|-;x|1|$|-;"),
		"jsonl: scalar lines");

	bool lines = true;
	T_CHECK(trawl_looks_like_json("{\"a\":1}", 7, &lines) && !lines, "sniff json: object");
	T_CHECK(trawl_looks_like_json("\xEF\xBB\xBF [1]\n", 7, &lines) && !lines,
		"sniff json: BOM, array");
	T_CHECK(trawl_looks_like_json("{\"a\":1}\r\n{\"a\":2}\n", 18, &lines) && lines,
		"sniff json: JSON Lines");
	T_CHECK(!trawl_looks_like_json("hello", 5, &lines), "sniff json: text");
	T_CHECK(!trawl_looks_like_json("{\"a\":}", 6, &lines), "sniff json: broken");
	T_CHECK(!trawl_looks_like_json("[1,2", 4, &lines), "sniff json: cut short");
	T_CHECK(!trawl_looks_like_json("{} x", 4, &lines), "sniff json: bytes after");
	T_CHECK(!trawl_looks_like_json("name,ssn\n", 9, NULL), "sniff json: CSV");
	n = 200000;
	s = malloc(n + 1);
	s[0] = '[';
	for (size_t i = 1; i < n; i += 2) {
		s[i] = '1';
		s[i + 1] = ',';
	}
	s[n] = '\0';
	T_CHECK(trawl_looks_like_json(s, n, &lines), "sniff json: cut by the window");
	free(s);

	/* In two pieces, cut after each ',' outside strings: the same
	 * values, paths and contexts as whole, and the same end */
	static const char *const docs[] = {
		"{\"a\":{\"k,\\\"}\":[1,[2,{\"ssn\":\"x,y\"}]],\"b\":\"\\\\\"},"
		"\"c\":[[],{},[3,4]],\"d\":null}",
		" [ {\"x\" : 1 , \"y\" : [ \"p,q\" , 2 ] } , 5 , \"z\" ] ",
		"{\"a\":[1,2,3],\"b\":4} x,y",
		"{\"a\":[1,2,{\"b\":3,\"c\":4}",
		"[1,2,oops,4]",
	};
	for (size_t k = 0; k < sizeof(docs) / sizeof(docs[0]); k++) {
		const char *in = docs[k];
		size_t len = strlen(in), cuts = 0, agree = 0;
		r = json(in, false);
		char *whole = strdup(segs());
		enum trawl_ex_status wst = r.status;
		for (size_t c = 1; c <= len; c++) {
			if (trawl_json_cut(in, c) != c)
				continue; /* not just after a ',' outside strings */
			cuts++;
			struct trawl_json_stream *js = trawl_json_stream_new();
			fresh();
			struct trawl_ex_result a = trawl_json_stream_piece(js, in, c, false, &D);
			struct buf both = BUF_INIT;
			buf_addstr(&both, segs());
			fresh();
			struct trawl_ex_result b = trawl_json_stream_piece(js, in + c, len - c, true, &D);
			buf_addstr(&both, segs());
			trawl_json_stream_free(js);
			agree += !strcmp(both.data ? both.data : "", whole) && b.status == wst &&
				 (a.status == TRAWL_EX_COMPLETE || a.status == wst);
			buf_release(&both);
		}
		T_CHECK(cuts > 1 && agree == cuts, "json in pieces: document %zu, %zu of %zu cuts agree",
			k, agree, cuts);
		free(whole);
	}
}

/* ------------------------------------------------------------- markup */

static bool markup_is(const char *in, bool html, const char *want)
{
	fresh();
	struct trawl_ex_result r = trawl_extract_markup(in, strlen(in), html, &D);
	bool ok = res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is(want) && NSEG == 0;
	if (!ok)
		printf("# got [%.*s]\n", (int)doc_len(&D), doc_text(&D));
	return ok;
}

/* The 1-based line of the first occurrence of needle in the output. */
static size_t line_of(const char *needle)
{
	const char *t = doc_text(&D);
	const char *at = memmem(t, doc_len(&D), needle, strlen(needle));
	return at ? 1 + count_nl(t, (size_t)(at - t)) : 0;
}

static void test_markup(void)
{
	T_CHECK(markup_is("<p>Tom &amp; Jerry</p>", true, "Tom & Jerry "), "html: tags, &amp;");
	T_CHECK(markup_is("a<b>c</b>d<span>e</span>", true, "acde"),
		"html: inline tags do not split words");
	T_CHECK(markup_is("a<br>b<td>1</td><td>2</td>", true, "a b 1 2 "),
		"html: other tags leave one space");
	T_CHECK(markup_is("&lt;&gt;&quot;&apos;&#65;&#x42;&#X43&eacute;&nbsp;x&bogus;&#;&;"
			  "&#99999999;&#0;&hellip;&euro;",
			  true, "<>\"'ABC\xC3\xA9 x&bogus;&#;&;\xEF\xBF\xBD\xEF\xBF\xBD"
				"\xE2\x80\xA6\xE2\x82\xAC"),
		"html: entities: XML's, numeric (out of range: U+FFFD), named, nbsp as "
		"space, unknown kept");
	T_CHECK(markup_is("a&#10;b&#13;c", true, "a b c"), "html: decoded newlines are spaces");
	T_CHECK(markup_is("&eacute;&amp;", false, "&eacute;&"), "xml: only XML's named entities");
	T_CHECK(markup_is("a<script type=x>\nvar s='<p>';\n</script>b<style>p{}</style>c", true,
			  "a \n\nb c"),
		"html: script and style contents removed, lines kept");
	T_CHECK(markup_is("<SCRIPT>x</ScRiPt>y", true, "y"), "html: tag names in any case");
	T_CHECK(markup_is("x<!--a\nb-->y<!---->z", true, "x\nyz"), "html: comments removed");
	T_CHECK(markup_is("<p><![CDATA[a <b>\nc]]></p>", true, "a <b>\nc "), "CDATA kept");
	T_CHECK(markup_is("<img alt=\"Jane &amp; Roe\" src=x.png><a href=\"mailto:j@example.com\""
			  " class=c>mail</a><a href=\"http://x\">w</a><input value='v1'/>"
			  "<meta name=author content=Joe>",
			  true, "Jane & Roe mailto:j@example.com mailw v1 Joe "),
		"html: alt, mailto href, value, content kept; others not");
	T_CHECK(markup_is("<img\nalt=\"a\nb\"\nsrc=\"x\ny\">z", true, "\na\nb \n\nz"),
		"html: newlines inside a tag kept");
	T_CHECK(markup_is("<a title='x>y'>t</a>", true, "x>y t"),
		"html: '>' in a quoted value");
	T_CHECK(markup_is("a < b > c", true, "a < b > c"), "html: a lone '<' is text");
	T_CHECK(markup_is("x <!-- y", true, "x <!-- y"), "html: unterminated comment is text");
	T_CHECK(markup_is("x <b title=\"y", true, "x <b title=\"y"),
		"html: unterminated tag is text");
	T_CHECK(markup_is("a<script>b", true, "a b"), "html: unclosed script: text goes on");
	T_CHECK(markup_is("<!DOCTYPE html [<!ENTITY x \"y\">]>\nt", true, "\nt"),
		"html: doctype with an internal subset");
	T_CHECK(markup_is("<?xml version=\"1.0\"?>\n<person ssn=\"123\">\n <name>Jo &amp; Al"
			  "</name><x xmlns:a=\"u\" xmlns=\"v\" xsi:t=\"w\"/>\n</person>",
			  false, "\nperson ssn 123 \n name Jo & Al x \n"),
		"xml: element names as words, attributes as name value, xmlns/xsi left "
		"out");
	T_CHECK(markup_is("\xEF\xBB\xBF<a>\xC3\xA9</a>", false, "a \xC3\xA9 "), "xml: BOM skipped");

	const char *page =
		"<!DOCTYPE html>\n"                           /* 1 */
		"<html><head><title>T</title>\n"              /* 2 */
		"<style>\n"                                   /* 3 */
		"p { color: red }\n"                          /* 4 */
		"</style>\n"                                  /* 5 */
		"<script>\n"                                  /* 6 */
		"var ssn = 'SCRIPTVALUE';\n"                  /* 7 */
		"</script></head>\n"                          /* 8 */
		"<body><!-- a\n"                              /* 9 */
		"comment\n"                                   /* 10 */
		"--><p class=\"x\"\n"                         /* 11 */
		"   id=\"y\">Line twelve &amp; MARK12</p>\n"  /* 12 */
		"<table><tr><td>A</td><td>MARK13</td></tr>\n" /* 13 */
		"</table><p title=\"MARK14\n"                 /* 14 */
		"\">MARK15</p></body></html>\n";              /* 15 */
	fresh();
	struct trawl_ex_result r = trawl_extract_markup(page, strlen(page), true, &D);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && !strcmp(D.mime, "text/html"),
		"html page: COMPLETE, text/html");
	T_CHECK(count_nl(doc_text(&D), doc_len(&D)) == count_nl(page, strlen(page)),
		"html page: as many newlines as the source");
	T_CHECK(line_of("MARK12") == 12 && line_of("MARK13") == 13 && line_of("MARK14") == 14 &&
			line_of("MARK15") == 15 && line_of("T") == 2,
		"html page: text stays on its source line");
	T_CHECK(!line_of("SCRIPTVALUE") && !line_of("color") && !line_of("comment") &&
			!line_of("class"),
		"html page: script, style, comments, attributes gone");
}

/* ------------------------------------------------------------- decode */

static struct trawl_ex_result decode(const char *in, size_t n)
{
	fresh();
	return trawl_decode_text(in, n, &D);
}

/* UTF-16 of an ASCII string, little or big endian. */
static size_t utf16(const char *s, bool be, char *out)
{
	size_t n = 0;
	for (; *s; s++) {
		out[n++] = be ? 0 : *s;
		out[n++] = be ? *s : 0;
	}
	return n;
}

static size_t u8chars(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

static void test_decode(void)
{
	struct trawl_ex_result r;
	r = decode("\xEF\xBB\xBFh\xC3\xA9llo\n", 10);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is("h\xC3\xA9llo\n") &&
			!strcmp(D.mime, "text/plain"),
		"decode: UTF-8, BOM skipped");
	r = decode("", 0);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && doc_len(&D) == 0, "decode: empty");

	char b[256];
	const char *txt = "Name: Jane Roe\nSSN: 000-00-0000\n";
	size_t n;
	b[0] = '\xFF';
	b[1] = '\xFE';
	n = 2 + utf16(txt, false, b + 2);
	r = decode(b, n);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is(txt), "decode: UTF-16LE with BOM");
	b[0] = '\xFE';
	b[1] = '\xFF';
	n = 2 + utf16(txt, true, b + 2);
	r = decode(b, n);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is(txt), "decode: UTF-16BE with BOM");
	n = utf16(txt, false, b);
	memcpy(b + n, "\xE9\x00\x3D\xD8\x00\xDE\x00\xDC", 8); /* é, U+1F600, lone low */
	r = decode(b, n + 8);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL), "decode: UTF-16LE without BOM");
	T_CHECK(doc_len(&D) == strlen(txt) + 9 && !memcmp(doc_text(&D), txt, strlen(txt)) &&
			!memcmp(doc_text(&D) + strlen(txt), "\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD", 9),
		"decode: UTF-16LE without BOM: text, surrogate pair, lone surrogate");
	n = utf16(txt, true, b);
	r = decode(b, n + 1); /* an odd last byte is dropped */
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is(txt),
		"decode: UTF-16BE without BOM");
	r = decode("A\0B\0", 4);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && text_is("AB"), "decode: two UTF-16 units");
	/* "Имя: Иван\n" in UTF-16LE, no BOM: spaces and line ends are enough */
	r = decode("\x18\x04\x3C\x04\x4F\x04:\0 \0\x18\x04\x32\x04\x30\x04\x3D\x04\n\0", 20);
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
			text_is("\xD0\x98\xD0\xBC\xD1\x8F: \xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD\n"),
		"decode: Cyrillic UTF-16LE without BOM");
	r = decode("abc\0", 4);
	T_CHECK(res_is(r, TRAWL_EX_SKIPPED, "UNSUPPORTED_FILE_TYPE_EXCEPTION"),
		"decode: one NUL is not UTF-16");

	r = decode("abc\0def", 7);
	T_CHECK(res_is(r, TRAWL_EX_SKIPPED, "UNSUPPORTED_FILE_TYPE_EXCEPTION") &&
			!strcmp(D.mime, "application/octet-stream") && doc_len(&D) == 0,
		"decode: NUL bytes: binary, SKIPPED");
	r = decode("\0\0\0\x01\x02\x03\0\0\x7F\x45\x4C\x46", 12);
	T_CHECK(res_is(r, TRAWL_EX_SKIPPED, "UNSUPPORTED_FILE_TYPE_EXCEPTION"),
		"decode: NULs on both parities: binary");
	r = decode("\x01\0\x02\0\x03\0\x04\0", 8);
	T_CHECK(res_is(r, TRAWL_EX_SKIPPED, "UNSUPPORTED_FILE_TYPE_EXCEPTION"),
		"decode: small 16-bit integers are not UTF-16 text");

	const char *cp = "a\x80 b\x93q\x94\nx\x81y\xE9";
	r = decode(cp, strlen(cp));
	T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
			text_is("a\xE2\x82\xAC b\xE2\x80\x9Cq\xE2\x80\x9D\nx\xC2\x81y\xC3\xA9"),
		"decode: invalid UTF-8 read as cp1252: 0x80 0x93 0x94 to euro and quotes");
	const char *nl = memchr(doc_text(&D), '\n', doc_len(&D));
	T_CHECK(nl && u8chars(doc_text(&D), (size_t)(nl - doc_text(&D))) == 7 &&
			u8chars(nl + 1, doc_len(&D) - (size_t)(nl - doc_text(&D)) - 1) == 4,
		"decode: cp1252: one character per byte, columns kept");
	const char *inval[] = {"\xC0\x80", "\xED\xA0\x80", "ok\xE2\x82", "\xF4\x90\x80\x80",
			       "\xE0\x9F\xBF", "\xF8"};
	for (size_t i = 0; i < sizeof(inval) / sizeof(*inval); i++) {
		r = decode(inval[i], strlen(inval[i]));
		T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
				u8chars(doc_text(&D), doc_len(&D)) == strlen(inval[i]),
			"decode: invalid UTF-8 #%zu as cp1252", i);
	}
	const char *valid = "\xF0\x9F\x98\x80 \xE2\x82\xAC \xEF\xBF\xBF \xF4\x8F\xBF\xBF";
	r = decode(valid, strlen(valid));
	T_CHECK(text_is(valid), "decode: valid 4-byte and edge code points untouched");
	/* ASCII is checked 32 and 8 bytes at a time: runs of those lengths
	 * after a multi-byte character, to the very end or before a bad byte */
	char run[80];
	for (size_t k = 0; k <= 64; k += 8) {
		memcpy(run, "\xC3\xA9", 2);
		memset(run + 2, 'a', k);
		r = decode(run, k + 2);
		T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) && doc_len(&D) == k + 2 &&
				!memcmp(doc_text(&D), run, k + 2),
			"decode: UTF-8 then %zu ASCII bytes to the end: untouched", k);
		run[k + 2] = '\xFF';
		r = decode(run, k + 3);
		T_CHECK(res_is(r, TRAWL_EX_COMPLETE, NULL) &&
				u8chars(doc_text(&D), doc_len(&D)) == k + 3,
			"decode: UTF-8, %zu ASCII bytes, a bad byte: cp1252", k);
	}
}

/* A doc whose text is capped: each stops with PARTIAL, what fit kept. */
static void test_full(void)
{
	char in[4096];
	size_t n = 0;
	n += (size_t)sprintf(in, "[");
	for (int i = 0; i < 200; i++)
		n += (size_t)sprintf(in + n, "%s\"value %03d\"", i ? "," : "", i);
	n += (size_t)sprintf(in + n, "]");
	D.text.cap = 256;
	fresh();
	struct trawl_ex_result r = trawl_extract_json(in, n, false, &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT") && NSEG > 0 &&
			segs_sane(),
		"full doc: json PARTIAL, FILE_EXCEEDS_SIZE_LIMIT, segments kept sane");
	fresh();
	r = trawl_extract_csv(in, n, ',', &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT") && NSEG > 0 &&
			segs_sane(),
		"full doc: csv PARTIAL");
	fresh();
	r = trawl_extract_markup(in, n, true, &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"), "full doc: markup PARTIAL");
	fresh();
	r = trawl_decode_text(in, n, &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"), "full doc: decode PARTIAL");
	in[5] = '\x93'; /* cp1252: staged output */
	fresh();
	r = trawl_decode_text(in, n, &D);
	T_CHECK(res_is(r, TRAWL_EX_PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT"),
		"full doc: decode cp1252 PARTIAL");
	D.text.cap = 0;
}

/* ------------------------------------------------------------- random */

/* Seeded random inputs of markup-, JSON- and CSV-ish bytes: nothing
 * crashes (ASan), segments stay sane, markup keeps every line. */
static void test_random(void)
{
	static const char alpha[] = "<>/!-[]CDATA\"'=&#;x1 \n\r\t,;|{}:\\u0e9aptsclr\x80\xC3\xEF";
	char in[512];
	bool seg_ok = true, lines_ok = true;
	for (int it = 0; it < 3000; it++) {
		size_t n = rnd(sizeof(in));
		for (size_t i = 0; i < n; i++)
			in[i] = alpha[rnd(sizeof(alpha) - 1)];
		fresh();
		trawl_extract_csv(in, n, it % 2 ? 0 : ',', &D);
		seg_ok &= segs_sane() && locate_agrees();
		fresh();
		trawl_extract_json(in, n, it % 2, &D);
		seg_ok &= segs_sane() && locate_agrees();
		fresh();
		trawl_extract_markup(in, n, it % 2, &D);
		lines_ok &= count_nl(doc_text(&D), doc_len(&D)) == count_nl(in, n);
		fresh();
		trawl_decode_text(in, n, &D);
		bool lt;
		trawl_looks_like_json(in, n, &lt);
		trawl_sniff_csv_separator(in, n);
	}
	T_CHECK(seg_ok, "random: CSV and JSON segments sane, located at every offset");
	T_CHECK(lines_ok, "random: markup keeps every newline");

	/* Well-formed tables and JSON Lines with blank, quoted, multi-line
	 * and wide rows: every value is found where the expansion says. */
	static const char *cells[] = {"", " ", "a", "bb c", "\"q,\"\"x\"", "\"l1\nl2\"",
				      "\"\r\n\"", "99"};
	/* each cell's text, and its text as a column name ("" for none) */
	static const char *texts[] = {"", "", "a", "bb c", "q,\"x", "l1\nl2", "\r\n", "99"};
	static const char *names[] = {"", "", "a", "bb c", "q,\"x", "l1\nl2", "", "99"};
	struct buf want = {0};
	unsigned head[600];
	static const char *vals[] = {"\"a\"", "\"l1\\nl2\"", "12", "\"\"", "true",
				     "{\"k\":\"v\",\"n\":[1,\"x\\ny\"]}", "[]", "\"x y\""};
	struct buf in2 = {0};
	bool ok = true;
	for (int it = 0; it < 400; it++) {
		buf_reset(&in2);
		unsigned rows = 1 + rnd(6), width = 1 + rnd(it % 10 ? 8 : 600);
		buf_reset(&want);
		buf_addch(&want, '\0');
		want.len = 0;
		unsigned hw = 0;
		for (unsigned r = 0; r < rows; r++) {
			unsigned w = r && rnd(4) ? width : 1 + rnd(width);
			for (unsigned c = 0; c < w; c++) {
				unsigned k = rnd(8);
				if (c)
					buf_addch(&in2, ',');
				buf_printf(&in2, "%s", cells[k]);
				if (!r)
					head[hw++] = k;
				const char *nm = c < hw && *names[head[c]] ? names[head[c]] : "-";
				if (*texts[k])
					buf_printf(&want, "%s|%u|%u|%s|%s;", texts[k], r + 1, c + 1, nm, nm);
			}
			buf_printf(&in2, "%s", rnd(3) ? "\n" : "\r\n");
		}
		fresh();
		trawl_extract_csv(in2.data, in2.len, ',', &D);
		ok &= segs_sane() && locate_agrees() && !strcmp(segs(), want.data);
		buf_reset(&in2);
		for (unsigned r = 0; r < rows; r++) {
			buf_addch(&in2, '{');
			for (unsigned c = 0; c < width; c++)
				buf_printf(&in2, "%s\"k%u\":%s", c ? "," : "", c % 5, vals[rnd(8)]);
			buf_printf(&in2, "}\n");
		}
		fresh();
		trawl_extract_json(in2.data, in2.len, true, &D);
		ok &= segs_sane() && locate_agrees();
	}
	buf_release(&in2);
	buf_release(&want);
	T_CHECK(ok, "random tables and JSON Lines: values in runs located at every offset");
}

int main(void)
{
	doc_reset(&D);
	test_csv();
	test_json();
	test_markup();
	test_decode();
	test_full();
	test_random();
	doc_release(&D);
	buf_release(&SB);
	return t_done();
}
