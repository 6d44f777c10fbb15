/*
 * test_extract_office.c - office documents and PDFs to text: docx, xlsx,
 * pptx, odt, ods, odp, PDF pages, encryption, damage, limits; the XML
 * tokenizer underneath.
 *
 * The inputs are written by real producers (tests/fixtures/office_inputs.py).
 * Their directory is argv[1], or $TRAWL_OFFICE_FIXTURES; with neither, the
 * script is run into a temporary directory ($TRAWL_TOP or the current
 * directory is the repository), which is removed afterwards.
 */
#include "extract/office.h"
#include "extract/pdf.h"
#include "extract/xml.h"
#include "testhelp.h"
#include "util/chars.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *dir;

static char *slurp(const char *name, size_t *len)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "rb");
	*len = 0;
	if (!f)
		return NULL;
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (!b.data)
		buf_add(&b, "", 0);
	return buf_detach(&b, len);
}

static bool has(const struct trawl_doc *d, const char *s)
{
	return memmem(doc_text(d), doc_len(d), s, strlen(s)) != NULL;
}

static const struct trawl_segment *by_ref(const struct trawl_doc *d, const char *ref)
{
	for (size_t i = 0; i < d->nseg; i++)
		if (d->seg[i].cellref >= 0 && !strcmp(doc_str(d, d->seg[i].cellref), ref))
			return &d->seg[i];
	return NULL;
}

static bool seg_is(const struct trawl_doc *d, const struct trawl_segment *s,
		   const char *text)
{
	return s && s->end - s->start == strlen(text) &&
	       memcmp(doc_text(d) + s->start, text, s->end - s->start) == 0;
}

static bool str_is(const struct trawl_doc *d, long off, const char *s)
{
	return off >= 0 && !strcmp(doc_str(d, off), s);
}

/* Segments in order, without overlap, each followed by '\n'. */
static bool segs_sane(const struct trawl_doc *d)
{
	size_t prev = 0;
	for (size_t i = 0; i < d->nseg; i++) {
		const struct trawl_segment *s = &d->seg[i];
		if (s->start < prev || s->end < s->start || s->end >= doc_len(d) + 1 ||
		    doc_text(d)[s->end] != '\n')
			return false;
		prev = s->end;
	}
	return true;
}

static struct trawl_ex_result office(const char *name, struct trawl_doc *d,
				     const struct trawl_office_limits *lim)
{
	size_t len;
	char *data = slurp(name, &len);
	doc_reset(d);
	struct trawl_ex_result r = {TRAWL_EX_SKIPPED, "missing fixture"};
	if (data)
		r = trawl_extract_office(data, len, d, lim);
	free(data);
	return r;
}

static struct trawl_ex_result pdf(const char *name, struct trawl_doc *d,
				  const struct trawl_pdf_limits *lim)
{
	size_t len;
	char *data = slurp(name, &len);
	doc_reset(d);
	struct trawl_ex_result r = {TRAWL_EX_SKIPPED, "missing fixture"};
	if (data)
		r = trawl_extract_pdf(data, len, d, lim);
	free(data);
	return r;
}

static bool reason_is(struct trawl_ex_result r, enum trawl_ex_status st,
		      const char *reason)
{
	return r.status == st && ((!r.reason && !reason) ||
				  (r.reason && reason && !strcmp(r.reason, reason)));
}

static void test_xml(void)
{
	struct xml x;
	struct buf b = BUF_INIT;
	const char *s = "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY e \"boom\">]>"
			"<a k='v>1' x:y=\"2\"><b/>t&amp;&lt;&#65;&#x263A;&bogus;&#0;&e;"
			"<![CDATA[<raw&amp;>]]></a>";
	xml_init(&x, s, strlen(s));
	T_CHECK(xml_next(&x) == XML_START && xml_is(&x, "a"), "xml: first element after prolog and DOCTYPE");
	const char *v;
	size_t vl;
	T_CHECK(xml_attr(&x, "k", &v, &vl) && vl == 3 && !memcmp(v, "v>1", 3), "xml: quoted '>' in an attribute");
	T_CHECK(xml_attr(&x, "y", &v, &vl) && vl == 1 && *v == '2', "xml: attribute by local name");
	T_CHECK(xml_attr(&x, "x:y", &v, &vl) && !xml_attr(&x, "z", &v, &vl), "xml: qualified name, absent attribute");
	T_CHECK(xml_next(&x) == XML_START && x.empty && xml_next(&x) == XML_END && xml_is(&x, "b"), "xml: <b/> gives START and END");
	T_CHECK(xml_next(&x) == XML_TEXT && xml_text(&x, &b) == 0, "xml: text");
	T_CHECK(b.len == strlen("t&<A\xe2\x98\xba&bogus;\xef\xbf\xbd&e;") &&
		!memcmp(b.data, "t&<A\xe2\x98\xba&bogus;\xef\xbf\xbd&e;", b.len),
		"xml: predefined entities and character references decoded; others kept, never expanded");
	buf_reset(&b);
	T_CHECK(xml_next(&x) == XML_TEXT && x.cdata && xml_text(&x, &b) == 0 &&
		b.len == 10 && !memcmp(b.data, "<raw&amp;>", 10), "xml: CDATA is literal");
	T_CHECK(xml_next(&x) == XML_END && xml_next(&x) == XML_EOF, "xml: end of document");

	struct buf deep = BUF_INIT;
	for (int i = 0; i < XML_MAX_DEPTH + 10; i++)
		buf_addstr(&deep, "<d>");
	xml_init(&x, deep.data, deep.len);
	enum xml_tok t;
	int starts = 0;
	while ((t = xml_next(&x)) == XML_START)
		starts++;
	T_CHECK(t == XML_ERROR && starts == XML_MAX_DEPTH, "xml: nesting capped at %d", XML_MAX_DEPTH);
	buf_release(&deep);

	const char *cut = "<a><b>text</b><c attr=\"unterminated";
	xml_init(&x, cut, strlen(cut));
	int toks = 0;
	while ((t = xml_next(&x)) > XML_EOF)
		toks++;
	T_CHECK(t == XML_ERROR && toks == 4, "xml: a cut buffer gives its complete tokens, then an error");
	buf_release(&b);
}

static void test_cellref(void)
{
	struct buf b = BUF_INIT;
	office_cellref(&b, "Sheet1", 6, 5, 3);
	T_CHECK(!strcmp(b.data, "Sheet1!C5"), "cellref: plain name");
	buf_reset(&b);
	office_cellref(&b, "My Sheet", 8, 3, 2);
	T_CHECK(!strcmp(b.data, "'My Sheet'!B3"), "cellref: quoted when it has a space");
	buf_reset(&b);
	office_cellref(&b, "it's", 4, 10, 27);
	T_CHECK(!strcmp(b.data, "'it''s'!AA10"), "cellref: quote doubled, column AA");
	buf_reset(&b);
	office_cellref(&b, "2024", 4, 1, 703);
	T_CHECK(!strcmp(b.data, "'2024'!AAA1"), "cellref: leading digit quoted, column AAA");
	buf_release(&b);
}

static void test_docx(struct trawl_doc *d)
{
	size_t len;
	char *data = slurp("sample.docx", &len);
	const char *mime = NULL;
	T_CHECK(data && trawl_is_office(data, len, &mime) && mime &&
		strstr(mime, "wordprocessingml.document"), "docx: detected, MIME type");
	T_CHECK(data && !trawl_is_ole2(data, len), "docx: not OLE2");
	free(data);
	struct trawl_ex_result r = office("sample.docx", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL), "docx: COMPLETE");
	T_CHECK(has(d, "First paragraph of the docx.\n"), "docx: a paragraph and its newline");
	T_CHECK(has(d, "\nEmployee Jane Example & partners <ok>\n"), "docx: runs joined, entities decoded");
	T_CHECK(has(d, "\nName\nSSN\nJane Example\n536-90-4399\n"), "docx: table cells, one per line");
	T_CHECK(has(d, "\nLast paragraph.\n"), "docx: paragraph after the table");
	T_CHECK(has(d, "Header text here\n"), "docx: header part");
	T_CHECK(d->nseg == 0 && d->mime && strstr(d->mime, "wordprocessingml"), "docx: plain lines, no segments");
}

static void test_xlsx(struct trawl_doc *d)
{
	struct trawl_ex_result r = office("sample.xlsx", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL), "xlsx: COMPLETE");
	T_CHECK(d->mime && strstr(d->mime, "spreadsheetml.sheet"), "xlsx: MIME type");
	T_CHECK(d->nseg == 14 && segs_sane(d), "xlsx: 14 cells, segments in order, each followed by a newline");
	const struct trawl_segment *s = by_ref(d, "Sheet1!B2");
	T_CHECK(seg_is(d, s, "jane@example.com") && s->row == 2 && s->column == 2 &&
		s->kind == TRAWL_SEG_CELL && s->structured, "xlsx: shared string cell B2, row 2 column 2");
	T_CHECK(s && str_is(d, s->name, "Email") && str_is(d, s->context, "Email"),
		"xlsx: column name and keyword context = the header in row 1");
	T_CHECK(seg_is(d, by_ref(d, "Sheet1!C2"), "12345") && seg_is(d, by_ref(d, "Sheet1!C3"), "3.5"),
		"xlsx: numbers as written");
	s = by_ref(d, "Sheet1!A1");
	T_CHECK(seg_is(d, s, "Name") && s->row == 1 && str_is(d, s->name, "Name"), "xlsx: the header row itself");
	s = by_ref(d, "'Sheet 2'!B3");
	T_CHECK(seg_is(d, s, "536-90-4399") && s->row == 3 && s->column == 2 && str_is(d, s->name, "ssn"),
		"xlsx: second sheet, quoted name 'Sheet 2'!B3, its own header");
	s = by_ref(d, "'Sheet 2'!C3");
	T_CHECK(seg_is(d, s, "TRUE") && s->name == -1, "xlsx: boolean as TRUE, no header for column C");
	T_CHECK(seg_is(d, by_ref(d, "'Sheet 2'!A3"), "7"), "xlsx: integer cell on the second sheet");

	r = office("inline.xlsx", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && d->nseg == 5, "xlsx inline strings: COMPLETE, 5 cells");
	s = by_ref(d, "Data!A2");
	T_CHECK(seg_is(d, s, "inline text") && str_is(d, s->name, "Label"), "xlsx: inline string with its header");
	T_CHECK(seg_is(d, by_ref(d, "Data!A3"), "rich bold tail"), "xlsx: rich text runs concatenated");
	T_CHECK(seg_is(d, by_ref(d, "Data!B2"), "42") && str_is(d, by_ref(d, "Data!B2")->name, "Value"),
		"xlsx: number next to inline strings");
}

static void test_pptx_odf(struct trawl_doc *d)
{
	size_t len;
	char *data = slurp("sample.pptx", &len);
	if (data) {
		const char *mime = NULL;
		T_CHECK(trawl_is_office(data, len, &mime) && strstr(mime, "presentationml"), "pptx: detected");
		free(data);
		struct trawl_ex_result r = office("sample.pptx", d, NULL);
		const char *one = memmem(doc_text(d), doc_len(d), "Slide one text\n", 15);
		const char *two = memmem(doc_text(d), doc_len(d), "Slide two text\n", 15);
		T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && one && two && one < two && d->nseg == 0,
			"pptx: slide text in slide order, plain lines");
	} else {
		printf("# sample.pptx not generated (no soffice): pptx not checked\n");
	}

	struct trawl_ex_result r = office("sample.odt", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && d->mime &&
		!strcmp(d->mime, "application/vnd.oasis.opendocument.text"), "odt: COMPLETE, MIME type");
	T_CHECK(has(d, "ODT heading\n") && has(d, "\nSecond paragraph.\n"), "odt: heading and paragraphs");
	T_CHECK(has(d, "Plain span text   after spaces\ttabbed & done\n"), "odt: spans, <text:s c=3>, tab, entity");

	r = office("sample.odp", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && has(d, "Slide one text\nSlide two text\n"),
		"odp: text of both slides");

	data = slurp("sample.ods", &len);
	const char *mime = NULL;
	T_CHECK(data && trawl_is_office(data, len, &mime) && !strcmp(mime, "application/vnd.oasis.opendocument.spreadsheet"),
		"ods: detected from its mimetype member");
	free(data);
	r = office("sample.ods", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && d->nseg == 11 && segs_sane(d), "ods: COMPLETE, 11 cells");
	const struct trawl_segment *s = by_ref(d, "Sheet1!C2");
	T_CHECK(seg_is(d, s, "X1") && seg_is(d, by_ref(d, "Sheet1!B2"), "X1") && str_is(d, s->name, "Note"),
		"ods: number-columns-repeated=2 gives B2 and C2, with headers");
	T_CHECK(seg_is(d, by_ref(d, "Sheet1!A3"), "same") && seg_is(d, by_ref(d, "Sheet1!A4"), "same"),
		"ods: number-rows-repeated=2 gives rows 3 and 4");
	s = by_ref(d, "Sheet1!F5");
	T_CHECK(seg_is(d, s, "far right") && s->column == 6 && s->name == -1, "ods: empty repeated cells only move the column");
	s = by_ref(d, "Sheet1!A1000006");
	T_CHECK(seg_is(d, s, "after the gap") && s->row == 1000006 && str_is(d, s->name, "Name"),
		"ods: a million empty rows are counted, not expanded");
	T_CHECK(doc_len(d) < 200, "ods: the text stays small");
	s = by_ref(d, "'Other sheet'!A1");
	T_CHECK(seg_is(d, s, "other") && str_is(d, s->name, "other"), "ods: second table, quoted name, own header");
}

static void test_limits(struct trawl_doc *d)
{
	size_t len;
	char *data = slurp("bomb.docx", &len);
	T_CHECK(data && trawl_is_office(data, len, NULL), "bomb: still a docx by its names");
	free(data);
	struct trawl_ex_result r = office("bomb.docx", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_SKIPPED, TRAWL_R_OOXML_SIZE),
		"bomb: 200 MB document.xml passes the 100 MB part limit: SKIPPED %s", TRAWL_R_OOXML_SIZE);
	struct trawl_office_limits lim = TRAWL_OFFICE_LIMITS_DEFAULT;
	lim.max_ratio = 100;
	r = office("bomb.docx", d, &lim);
	T_CHECK(reason_is(r, TRAWL_EX_SKIPPED, TRAWL_R_OOXML_RATIO),
		"bomb: past 100:1 while inflating: SKIPPED %s", TRAWL_R_OOXML_RATIO);
	lim = (struct trawl_office_limits)TRAWL_OFFICE_LIMITS_DEFAULT;
	lim.max_total = 1500;
	r = office("sample.docx", d, &lim);
	T_CHECK(reason_is(r, TRAWL_EX_PARTIAL, TRAWL_R_OOXML_SIZE) && !has(d, "Last paragraph"),
		"total limit: 1500 bytes read of the parts: PARTIAL %s", TRAWL_R_OOXML_SIZE);

	data = slurp("sample.docx", &len);
	doc_reset(d);
	r = data ? trawl_extract_office(data, len / 2, d, NULL) : r;
	T_CHECK(data && r.status != TRAWL_EX_COMPLETE && r.reason, "docx cut in half: %s, no crash",
		r.reason ? r.reason : "-");
	free(data);
	doc_reset(d);
	r = trawl_extract_office("PK\3\4 not really", 16, d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_SKIPPED, TRAWL_R_MALFORMED), "not a zip: SKIPPED MALFORMED_FILE");
	T_CHECK(!trawl_is_office("hello", 5, NULL) && !trawl_is_ole2("hello", 5), "plain text is neither office nor OLE2");

	data = slurp("legacy.ppt", &len);
	T_CHECK(data && trawl_is_ole2(data, len) && !trawl_is_office(data, len, NULL),
		"legacy .ppt (OLE2): trawl_is_ole2, not office");
	free(data);
}

static void test_pdf(struct trawl_doc *d)
{
	size_t len;
	char *data = slurp("pages.pdf", &len);
	T_CHECK(data && trawl_is_pdf(data, len), "pdf: detected");
	free(data);
	data = slurp("sample.docx", &len);
	T_CHECK(data && !trawl_is_pdf(data, len), "pdf: a docx is not one");
	free(data);

	struct trawl_ex_result r = pdf("pages.pdf", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && d->mime && !strcmp(d->mime, "application/pdf"),
		"pdf: COMPLETE (in a child process), application/pdf");
	T_CHECK(d->nseg == 3 && segs_sane(d) && d->seg[0].page == 1 && d->seg[1].page == 2 &&
		d->seg[2].page == 3 && d->seg[0].kind == TRAWL_SEG_PAGE, "pdf: one PAGE segment per page, 1-based");
	const struct trawl_segment *p1 = d->nseg == 3 ? &d->seg[0] : NULL;
	const struct trawl_segment *p3 = d->nseg == 3 ? &d->seg[2] : NULL;
	T_CHECK(seg_is(d, p1, "Page one first line\nSSN 536-90-4399 on page one"), "pdf: page 1 text, lines split");
	T_CHECK(seg_is(d, p3, "Page three says hello\nline A of page three\nline B of page three"),
		"pdf: page 3 text on page 3 (Times, textLines)");
	T_CHECK(d->nseg == 3 && seg_is(d, &d->seg[1], "Page two"), "pdf: page 2 (Courier)");
	struct buf child = BUF_INIT;
	buf_add(&child, doc_text(d), doc_len(d));

	struct trawl_pdf_limits lim = TRAWL_PDF_LIMITS_DEFAULT;
	lim.in_process = true;
	r = pdf("pages.pdf", d, &lim);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && doc_len(d) == child.len &&
		!memcmp(doc_text(d), child.data, child.len), "pdf: in-process gives the same text");

	r = pdf("owner_only.pdf", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && doc_len(d) == child.len &&
		!memcmp(doc_text(d), child.data, child.len), "pdf: owner password only: read, same text");
	buf_release(&child);

	r = pdf("encrypted.pdf", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_SKIPPED, TRAWL_R_PDF_ENCRYPTED) && doc_len(d) == 0,
		"pdf: user password: SKIPPED %s, no text", TRAWL_R_PDF_ENCRYPTED);

	r = pdf("cid.pdf", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && d->nseg == 1 && seg_is(d, &d->seg[0], "CID text 123"),
		"pdf: CID font with a Unicode CMap (2-byte codes)");

	r = pdf("truncated.pdf", d, NULL);
	T_CHECK(r.status != TRAWL_EX_COMPLETE && (r.status == TRAWL_EX_PARTIAL ||
						   !strcmp(r.reason, TRAWL_R_PDF_MALFORMED)),
		"pdf: cut at two thirds: %s %s, no crash", r.status == TRAWL_EX_PARTIAL ? "PARTIAL" : "SKIPPED",
		r.reason ? r.reason : "-");
	lim = (struct trawl_pdf_limits)TRAWL_PDF_LIMITS_DEFAULT;
	lim.in_process = true;
	r = pdf("truncated.pdf", d, &lim);
	T_CHECK(r.status != TRAWL_EX_COMPLETE, "pdf: cut, in-process: no crash either");

	lim = (struct trawl_pdf_limits)TRAWL_PDF_LIMITS_DEFAULT;
	lim.max_pages = 2;
	r = pdf("pages.pdf", d, &lim);
	T_CHECK(reason_is(r, TRAWL_EX_PARTIAL, TRAWL_R_PDF_PAGES) && d->nseg == 2,
		"pdf: page cap 2 of 3: PARTIAL %s, two pages", TRAWL_R_PDF_PAGES);
	lim = (struct trawl_pdf_limits)TRAWL_PDF_LIMITS_DEFAULT;
	lim.max_ops = 40;
	r = pdf("pages.pdf", d, &lim);
	T_CHECK(r.status != TRAWL_EX_COMPLETE && r.reason && !strcmp(r.reason, TRAWL_R_PDF_TIME),
		"pdf: operator budget spent: %s", TRAWL_R_PDF_TIME);
	lim = (struct trawl_pdf_limits)TRAWL_PDF_LIMITS_DEFAULT;
	lim.max_text = 30;
	r = pdf("pages.pdf", d, &lim);
	T_CHECK(reason_is(r, TRAWL_EX_PARTIAL, TRAWL_R_PDF_SIZE) && doc_len(d) <= 31,
		"pdf: text cap: PARTIAL %s", TRAWL_R_PDF_SIZE);
	r = pdf("long.pdf", d, NULL);
	T_CHECK(reason_is(r, TRAWL_EX_COMPLETE, NULL) && has(d, "line 39999 of the long page"),
		"pdf: a 40,000-line page, whole");
#ifndef TRAWL_UNDER_ASAN
	lim = (struct trawl_pdf_limits)TRAWL_PDF_LIMITS_DEFAULT;
	lim.max_memory = 256 * 1024;
	r = pdf("long.pdf", d, &lim);
	T_CHECK(r.status != TRAWL_EX_COMPLETE && r.reason && !strcmp(r.reason, TRAWL_R_PDF_SIZE),
		"pdf: the child runs out of its memory budget, alone: %s", TRAWL_R_PDF_SIZE);
#endif
	static const char junk[] = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\n"
				   "trailer << /Root 1 0 R >>\n%%EOF\n";
	doc_reset(d);
	r = trawl_extract_pdf(junk, sizeof(junk) - 1, d, NULL);
	T_CHECK(r.status == TRAWL_EX_SKIPPED && r.reason && !strcmp(r.reason, TRAWL_R_PDF_MALFORMED),
		"pdf: no page tree: SKIPPED %s", TRAWL_R_PDF_MALFORMED);
}

/* A temporary directory with the fixtures, made by the generator. */
static char *generate(void)
{
	static char tmp[] = "/tmp/trawl-office-XXXXXX";
	if (!mkdtemp(tmp))
		return NULL;
	const char *top = getenv("TRAWL_TOP");
	char cmd[8192];
	snprintf(cmd, sizeof(cmd), "/usr/bin/python3 '%s/tests/fixtures/office_inputs.py' '%s' >&2",
		 top ? top : ".", tmp);
	if (system(cmd) != 0) {
		fprintf(stderr, "office_inputs.py failed\n");
		return NULL;
	}
	return tmp;
}

int main(int argc, char **argv)
{
	char *made = NULL;
	dir = argc > 1 ? argv[1] : getenv("TRAWL_OFFICE_FIXTURES");
	if (!dir)
		dir = made = generate();
	T_CHECK(dir != NULL, "fixtures in %s", dir ? dir : "(none)");
	test_xml();
	test_cellref();
	if (dir) {
		struct trawl_doc d;
		memset(&d, 0, sizeof(d));
		doc_reset(&d);
		test_docx(&d);
		test_xlsx(&d);
		test_pptx_odf(&d);
		test_limits(&d);
		test_pdf(&d);
		doc_release(&d);
	}
	if (made) {
		char cmd[4096];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", made);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", made);
	}
	return t_done();
}
