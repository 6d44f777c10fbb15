/*
 * test_engine.c - unit tests of the match and confirm stages through the
 * library API: regex reversal, span recovery, keyword proximity, overlap
 * resolution, windows, masking.
 */
#include <hs.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/object.h"
#include "extract/structured.h"
#include "match/reverse.h"
#include "testhelp.h"
#include "trawl/trawl.h"

static void rev(const char *re, const char *want)
{
	struct buf b = BUF_INIT;
	const char *err = NULL;
	int rc = trawl_regex_reverse(re, &b, &err);
	if (want)
		T_CHECK(rc == 0 && !strcmp(b.data, want), "reverse %s -> %s (got %s)", re,
			want, rc ? err : b.data);
	else
		T_CHECK(rc == -1 && err, "reverse %s refused (%s)", re, err ? err : "-");
	buf_release(&b);
}

static struct trawl_catalog *catalog(const char *yaml, const char *select)
{
	char dir[] = "/tmp/trawl-unit-XXXXXX";
	char path[64], err[256];
	if (!mkdtemp(dir))
		return NULL;
	snprintf(path, sizeof(path), "%s/t.yaml", dir);
	FILE *f = fopen(path, "w");
	fputs(yaml, f);
	fclose(f);
	struct trawl_catalog *cat = NULL;
	int rc = trawl_catalog_load_dir(&cat, dir, err, sizeof(err));
	if (!rc)
		rc = trawl_catalog_select(cat, select, NULL, err, sizeof(err));
	if (!rc)
		rc = trawl_catalog_compile(cat, err, sizeof(err));
	unlink(path);
	rmdir(dir);
	if (rc) {
		printf("# catalog: %s\n", err);
		trawl_catalog_free(cat);
		return NULL;
	}
	return cat;
}

/* Detections of text as "ID@start-end " pairs. */
static const char *scan(struct trawl_scanner *sc, const struct trawl_catalog *cat,
			const char *text, size_t len)
{
	static char out[4096];
	const struct trawl_detection *d;
	size_t n;
	char err[128];
	out[0] = '\0';
	if (trawl_scanner_scan(sc, text, len, &d, &n, err, sizeof(err)))
		return "error";
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(out);
		snprintf(out + l, sizeof(out) - l, "%s@%zu-%zu ",
			 trawl_catalog_get(cat, d[i].ident)->id, d[i].start, d[i].end);
	}
	return out;
}

static const char *YAML =
	"- id: NUM\n"
	"  category: PERSONAL_INFORMATION\n"
	"  pattern: '\\b\\d{3}[- ]?\\d{2}[- ]?\\d{4}\\b'\n"
	"  keywords: [num, 'ref no']\n"
	"  keyword_required: true\n"
	"- id: MAIL\n"
	"  category: PERSONAL_INFORMATION\n"
	"  pattern: '\\b[a-z0-9.]{1,64}@[a-z0-9-]{1,63}(?:\\.[a-z0-9-]{1,63}){0,4}\\.[a-z]{2,10}\\b'\n"
	"  flags: i\n"
	"  ignore_words: [noreply]\n"
	"- id: LONGNUM\n"
	"  category: FINANCIAL_INFORMATION\n"
	"  pattern: '\\b\\d{3}[- ]?\\d{2}[- ]?\\d{4}[- ]?\\d{3}\\b'\n"
	"  ignore_values: ['999-99-9999-999']\n";

int main(void)
{
	rev("abc", "cba");
	rev("a(bc|de)f", "f(cb|ed)a");
	rev("\\bx\\d{2,3}[a-z]+?y\\b", "\\by[a-z]+?\\d{2,3}x\\b");
	rev("(?i)ab(?:c|d)*", "(?i)(?:c|d)*ba");
	rev("[]a-]\\x41\\.", "\\.\\x41[]a-]");
	rev("^ab", NULL);
	rev("ab$", NULL);
	rev("(a)\\1", NULL);
	rev("a(?=b)", NULL);
	rev("a(?i)b", NULL);
	rev("a(b", NULL);

	struct trawl_catalog *cat = catalog(YAML, "ALL");
	T_CHECK(cat != NULL, "test catalog compiles");
	if (!cat)
		return t_done();
	char err[128];
	struct trawl_scanner *sc = trawl_scanner_new(cat, err, sizeof(err));
	T_CHECK(sc != NULL, "scanner created");

	const char *t1 = "num 123-45-6789";
	T_CHECK(!strcmp(scan(sc, cat, t1, strlen(t1)), "NUM@4-15 "),
		"keyword before, span recovered with separators: %s", scan(sc, cat, t1, strlen(t1)));
	const char *t2 = "123456789 is my ref-no";
	T_CHECK(!strcmp(scan(sc, cat, t2, strlen(t2)), "NUM@0-9 "),
		"keyword after, 'ref no' matches 'ref-no'");
	const char *t3 = "123456789 numb";
	T_CHECK(!strcmp(scan(sc, cat, t3, strlen(t3)), ""), "'numb' is not the keyword 'num'");
	const char *t4 = "Write to Jo.Doe@Mail.Example.COM today";
	T_CHECK(!strcmp(scan(sc, cat, t4, strlen(t4)), "MAIL@9-32 "),
		"caseless e-mail: the longest span, recovered by the reversed pattern: %s",
		scan(sc, cat, t4, strlen(t4)));
	const char *t5 = "noreply@example.com";
	T_CHECK(!strcmp(scan(sc, cat, t5, strlen(t5)), ""), "ignore word drops the match");
	const char *t6 = "num 123-45-6789-012";
	T_CHECK(!strcmp(scan(sc, cat, t6, strlen(t6)), "LONGNUM@4-19 "),
		"a longer detection hides the shorter one inside it: %s",
		scan(sc, cat, t6, strlen(t6)));
	const char *t7 = "999-99-9999-999";
	T_CHECK(!strcmp(scan(sc, cat, t7, strlen(t7)), ""), "a known example value is dropped");

	/* A value across a window boundary (windows are 4 MiB). */
	size_t big = (4u << 20) + 64;
	char *b = malloc(big + 1);
	memset(b, 'x', big);
	b[big] = '\0';
	memcpy(b + (4u << 20) - 12, " num 123456789 ", 15);
	const char *r = scan(sc, cat, b, big);
	char want[64];
	snprintf(want, sizeof(want), "NUM@%u-%u ", (4u << 20) - 7, (4u << 20) + 2);
	T_CHECK(!strcmp(r, want), "a value across a window boundary is found once: %s", r);
	free(b);

	char m[64];
	trawl_mask("536-90-4399", 11, m, sizeof(m));
	T_CHECK(!strcmp(m, "***-**-4399"), "mask keeps the last four characters: %s", m);

	trawl_scanner_free(sc);
	trawl_catalog_free(cat);

	T_CHECK(catalog(YAML, "NUM,NO_SUCH") == NULL, "selecting an unknown identifier fails");

	/* A large object's first piece may end inside a character: it is
	 * still text to read in pieces (3-byte characters back to back,
	 * cut 1 and 2 bytes into the last one; a 4-byte one cut 3 in). */
	static const char *const heads[] = {"log \xE8\xAA\x9E\xE3",
					    "log \xE8\xAA\x9E\xE3\x81",
					    "log \xE8\xAA\x9E\xE3\x81\xAE",
					    "log \xC3\xA9\xF0\x9F\x98"};
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		T_CHECK(trawl_objscan_streamable("a.log", heads[i], strlen(heads[i]), false),
			"a head cut inside a character is text (%zu)", i);
	/* ... as UTF-8 (the rest is checked as it is read); invalid UTF-8
	 * before its last character makes it Windows-1252, as a whole read */
	size_t skip;
	for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
		T_CHECK(trawl_text_encoding(heads[i], strlen(heads[i]), false, &skip) ==
				TRAWL_ENC_UTF8 &&
			trawl_text_encoding(heads[i], strlen(heads[i]), true, &skip) ==
				(i == 2 ? TRAWL_ENC_UTF8 : TRAWL_ENC_CP1252),
			"a head cut inside a character: UTF-8 so far, Windows-1252 if that "
			"were its end (%zu)", i);
	T_CHECK(trawl_text_encoding("log \xE8\xE8\xAA\x9E", 8, false, &skip) == TRAWL_ENC_CP1252 &&
		trawl_text_encoding("log \xED\xA0", 6, false, &skip) == TRAWL_ENC_CP1252 &&
		trawl_text_encoding("log \xE0\x80", 6, false, &skip) == TRAWL_ENC_CP1252 &&
		trawl_text_encoding("log \xE0\xA0", 6, false, &skip) == TRAWL_ENC_UTF8 &&
		trawl_text_encoding("log \xF4\x90", 6, false, &skip) == TRAWL_ENC_CP1252,
		"a head ending in bytes no character begins with: Windows-1252");
	T_CHECK(trawl_objscan_streamable("a.log", "log \xE8\xE8\xAA\x9E", 8, false),
		"a Windows-1252 head: in pieces, converted");
	T_CHECK(trawl_text_encoding("\xFF\xFEl\0o\0", 6, false, &skip) == TRAWL_ENC_UTF16LE &&
		skip == 2 &&
		trawl_text_encoding("\xFE\xFF\0l\0o", 6, false, &skip) == TRAWL_ENC_UTF16BE &&
		skip == 2 &&
		trawl_text_encoding("\xEF\xBB\xBFlog", 6, false, &skip) == TRAWL_ENC_UTF8 &&
		skip == 3 &&
		trawl_text_encoding("log\0\x01", 5, false, &skip) == TRAWL_ENC_BINARY &&
		trawl_objscan_streamable("a.log", "\xFF\xFEl\0o\0g\0", 8, false) &&
		trawl_objscan_streamable("a.log", "log\0\x01", 5, false),
		"UTF-16 with a byte-order mark and UTF-8 with one; a NUL: binary, known by "
		"its first bytes (not read whole)");

	/* Converted in pieces: a UTF-16 unit or surrogate pair cut at the
	 * end waits for the next, unless it is the end */
	char out[64];
	size_t used, n;
	n = trawl_decode_some(TRAWL_ENC_UTF16LE, "a\0\x3D\xD8\x00", 5, false, out, &used);
	T_CHECK(n == 1 && used == 2 && out[0] == 'a', "UTF-16: a pair cut short waits (%zu, %zu)",
		n, used);
	n = trawl_decode_some(TRAWL_ENC_UTF16LE, "\x3D\xD8\x00\xDE", 4, false, out, &used);
	T_CHECK(n == 4 && used == 4 && !memcmp(out, "\xF0\x9F\x98\x80", 4),
		"UTF-16: a whole pair is one character (U+1F600)");
	n = trawl_decode_some(TRAWL_ENC_UTF16LE, "a\0\x3D\xD8\x00", 5, true, out, &used);
	T_CHECK(n == 4 && used == 5 && !memcmp(out, "a\xEF\xBF\xBD", 4),
		"UTF-16 at its end: a lone surrogate is U+FFFD, an odd byte nothing");
	n = trawl_decode_some(TRAWL_ENC_CP1252, "\x80 \xE9\x81", 4, false, out, &used);
	T_CHECK(n == 8 && used == 4 && !memcmp(out, "\xE2\x82\xAC \xC3\xA9\xC2\x81", 8),
		"Windows-1252: the euro sign, e acute, and an undefined byte as its C1 control");
	T_CHECK(trawl_objscan_streamable("a.csv", "id,ssn\n1,2\n", 11, false), "CSV: in pieces");
	T_CHECK(trawl_objscan_streamable("a.jsonl", "{\"a\":1}\n{\"a\":2}\n", 16, false),
		"JSON Lines: in pieces");
	T_CHECK(trawl_objscan_streamable("a.gz", "\x1F\x8B\x08\0\0\0\0\0", 8, false),
		"gzip: in pieces");
	T_CHECK(!trawl_objscan_streamable("a.zip", "PK\3\4\0\0\0\0", 8, false) &&
		trawl_objscan_streamable("a.zip", "PK\3\4\0\0\0\0", 8, true),
		"zip: whole, in pieces when the source can seek");
	T_CHECK(trawl_objscan_streamable("a.json", "{\"a\": [1,\n2]}", 13, false) &&
		trawl_objscan_streamable("a.json", "[{\"a\": [1,\n2]}", 14, false),
		"one JSON document, an object or an array: in pieces");
	T_CHECK(trawl_objscan_streamable("a.html", "<html><p>1</p>", 14, false) &&
		trawl_objscan_streamable("a.xml", "<?xml version='1.0'?><a/>", 25, false),
		"HTML and XML: in pieces");
	T_CHECK(!trawl_objscan_streamable("a.pdf", "%PDF-1.7\n%\xE2\xE3\n", 16, true),
		"PDF: whole");
	return t_done();
}
