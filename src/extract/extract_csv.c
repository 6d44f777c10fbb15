/*
 * extract_csv.c - CSV and TSV into cells: the header's cells are
 * TRAWL_SEG_CELL segments, each later row a run of cells (doc.h) whose
 * items are the column names. See structured.h for the rules and caps.
 *
 * One pass, no copies beyond the doc: a field's extent is found first
 * (memchr for the closing quote, a byte table for unquoted text), so a
 * 50 MB field costs two scans and one append.
 */
#include "extract/structured.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_RECORDS 32

static const char CANDIDATES[4] = {',', ';', '\t', '|'};

/*
 * Counts each candidate separator, outside quotes, in the first records of
 * the window (blank lines are not records). A record cut by the window's
 * end is not counted. Returns the strict answer (same non-zero count in
 * every record, two records at least; the largest count wins); *loose gets
 * the most frequent candidate of the first record, or 0.
 */
static char sniff(const unsigned char *p, size_t len, char *loose)
{
	size_t counts[SNIFF_RECORDS][4];
	size_t cur[4] = {0, 0, 0, 0};
	size_t n = len < TRAWL_SX_SNIFF ? len : TRAWL_SX_SNIFF, nrec = 0;
	bool inq = false, blank = true;
	for (size_t i = 0; i < n && nrec < SNIFF_RECORDS; i++) {
		unsigned char c = p[i];
		if (c == '"') {
			inq = !inq; /* "" toggles twice: right for sniffing */
			blank = false;
		} else if (inq) {
			continue;
		} else if (c == '\n' || c == '\r') {
			if (!blank)
				memcpy(counts[nrec++], cur, sizeof(cur));
			memset(cur, 0, sizeof(cur));
			blank = true;
		} else {
			blank = false;
			for (int k = 0; k < 4; k++)
				cur[k] += c == (unsigned char)CANDIDATES[k];
		}
	}
	if (n == len && !inq && !blank && nrec < SNIFF_RECORDS)
		memcpy(counts[nrec++], cur, sizeof(cur));

	*loose = 0;
	char strict = 0;
	size_t best_loose = 0, best_strict = 0;
	for (int k = 0; k < 4 && nrec; k++) {
		size_t c0 = counts[0][k];
		if (c0 > best_loose) {
			best_loose = c0;
			*loose = CANDIDATES[k];
		}
		bool same = nrec >= 2 && c0 > 0;
		for (size_t r = 1; r < nrec && same; r++)
			same = counts[r][k] == c0;
		if (same && c0 > best_strict) {
			best_strict = c0;
			strict = CANDIDATES[k];
		}
	}
	return strict;
}

static size_t skip_bom(const char *data, size_t len)
{
	return len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
}

char trawl_sniff_csv_separator(const char *data, size_t len)
{
	char loose;
	size_t b = skip_bom(data, len);
	return sniff((const unsigned char *)data + b, len - b, &loose);
}

char trawl_csv_separator(const char *data, size_t len)
{
	char loose;
	size_t b = skip_bom(data, len);
	char sep = sniff((const unsigned char *)data + b, len - b, &loose);
	return sep ? sep : loose ? loose : ',';
}

static bool blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return false;
	return true;
}

/* The end of the quoted section that opens at p[i] == '"' (the index of
 * its closing quote), or len when it is never closed. */
static size_t closing_quote(const char *p, size_t len, size_t i)
{
	size_t j = i + 1;
	for (;;) {
		const char *q = j < len ? memchr(p + j, '"', len - j) : NULL;
		if (!q)
			return len;
		size_t k = (size_t)(q - p);
		if (k + 1 < len && p[k + 1] == '"') {
			j = k + 2;
			continue;
		}
		return k;
	}
}

/* Appends the inside of a quoted section, "" as one quote. */
static int add_unescaped(struct trawl_doc *doc, const char *s, size_t n)
{
	while (n) {
		const char *q = memchr(s, '"', n);
		size_t k = q ? (size_t)(q - s) + 1 : n; /* up to one quote */
		if (doc_add(doc, s, k))
			return -1;
		if (q)
			k++; /* skip its twin */
		s += k;
		n = k < n ? n - k : 0;
	}
	return 0;
}

/* The header's text for a column name: trimmed, cut at TRAWL_SX_MAX_NAME
 * bytes on a UTF-8 character boundary. -1 when blank or out of room. */
static long column_name(struct trawl_doc *doc, size_t start, size_t end)
{
	const char *s = doc_text(doc) + start;
	size_t n = end - start;
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
		     s[n - 1] == '\n'))
		n--;
	if (n > TRAWL_SX_MAX_NAME) {
		n = TRAWL_SX_MAX_NAME;
		while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	return n ? doc_string(doc, s, n) : -1;
}

/* The column names as the doc's items (name = context), for the rows'
 * runs: the index of the first, or -2 when memory runs out (then cells
 * become segments with no name: still found, just not named). */
static long name_table(struct trawl_doc *doc, const long *names, size_t n)
{
	long first = (long)doc->nitems;
	for (size_t c = 0; c < n; c++)
		if (doc_item(doc, names[c], names[c]) < 0)
			return -2;
	return n ? first : -2;
}

struct trawl_ex_result trawl_extract_csv(const char *data, size_t len, char sep,
					 struct trawl_doc *doc)
{
	return trawl_extract_csv_piece(data, len, &sep, 2, true, doc);
}

struct trawl_ex_result trawl_extract_csv_piece(const char *data, size_t len, char *sepp,
					       uint64_t row2, bool header_text,
					       struct trawl_doc *doc)
{
	char sep = *sepp;
	static const struct trawl_ex_result too_big = {TRAWL_EX_PARTIAL,
						       "FILE_EXCEEDS_SIZE_LIMIT"};
	struct trawl_ex_result res = {TRAWL_EX_COMPLETE, NULL};
	const char *p = data;
	size_t i = skip_bom(data, len);
	if (!sep || sep == '"' || sep == '\n' || sep == '\r') {
		char loose;
		sep = sniff((const unsigned char *)p + i, len - i, &loose);
		if (!sep)
			sep = loose ? loose : ',';
	}
	*sepp = sep;
	doc->mime = sep == '\t' ? "text/tab-separated-values" : "text/csv";
	/* The text is about the input's size: one allocation, not a series
	 * of doublings and copies (a failure here only means growing later). */
	buf_grow(&doc->text, len - i + len / 16 + 16);

	bool stop[256] = {false};
	stop[(unsigned char)sep] = stop['\n'] = stop['\r'] = true;
	long *names = NULL; /* names[c]: column c+1's name offset, or -1 */
	size_t nnames = 0, anames = 0;
	long table = -1; /* the first of the names' items, once row 2 starts */
	uint64_t row = 1;
	size_t col = 0;

	while (i < len) {
		col++;
		/* The field: an optional quoted section [qs, qe), then bytes
		 * up to the separator or line end [us, ue), kept as they are. */
		size_t qs = 0, qe = 0;
		if (p[i] == '"') {
			size_t close = closing_quote(p, len, i);
			if (close < len) {
				qs = i + 1;
				qe = close;
				i = close + 1;
			} /* else never closed: the quote is an ordinary byte */
		}
		size_t us = i;
		while (i < len && !stop[(unsigned char)p[i]])
			i++;
		size_t ue = i;

		bool empty = blank(p + qs, qe - qs) && blank(p + us, ue - us) &&
			     !memchr(p + qs, '"', qe - qs);
		if (col > TRAWL_SX_MAX_COLUMNS) {
			res = too_big; /* cells past the cap are left out */
		} else if (doc->nvalues >= TRAWL_SX_MAX_SEGMENTS) {
			res = too_big;
			break;
		} else {
			size_t start = doc_pos(doc);
			if (!empty && (add_unescaped(doc, p + qs, qe - qs) ||
				       doc_add(doc, p + us, ue - us))) {
				res = too_big;
				break;
			}
			size_t end = doc_pos(doc);
			int rc = 0;
			if (row == 1) {
				/* the header: its cells are segments of their own */
				long name = empty ? -1 : column_name(doc, start, end);
				rc = VEC_RESERVE(names, nnames, anames, 1);
				if (!rc)
					names[nnames++] = name;
				struct trawl_segment *g =
					empty || rc ? NULL : doc_segment(doc, TRAWL_SEG_CELL, start, end);
				if (g) {
					g->structured = true;
					g->row = 1;
					g->column = col;
					g->name = g->context = name;
				} else if (!empty) {
					rc = -1;
				}
			} else {
				if (table == -1)
					table = name_table(doc, names, nnames);
				long item = table >= 0 && col <= nnames ? table + (long)col - 1 : -1;
				rc = doc_value(doc, TRAWL_SEG_CELL, start, end, (uint32_t)row,
					       (uint32_t)col, item);
			}
			if (rc || doc_addch(doc, '\n')) {
				res = too_big;
				break;
			}
		}

		if (i >= len)
			break;
		char c = p[i++];
		if (c == sep)
			continue; /* a separator at the very end: an empty field */
		if (c == '\r' && i < len && p[i] == '\n')
			i++;
		if (row == 1 && !header_text) {
			/* the header only names the columns: its cells were
			 * scanned with an earlier piece */
			buf_reset(&doc->text);
			buf_add(&doc->text, "\n\n", 2);
			doc->nseg = doc->nvalues = doc->open_run = 0;
		}
		row = row == 1 ? row2 : row + 1;
		col = 0;
	}
	free(names);
	return res;
}

size_t trawl_csv_records_end(const char *data, size_t len, char sep, bool force,
			     uint64_t *nrec, size_t *first_end)
{
	const char *p = data;
	bool stop[256] = {false};
	stop[(unsigned char)sep] = stop['\n'] = stop['\r'] = true;
	size_t i = 0, last = 0;
	*nrec = 0;
	*first_end = 0;
	while (i < len) {
		/* one field, as trawl_extract_csv reads it */
		if (p[i] == '"') {
			size_t close = closing_quote(p, len, i);
			if (close < len)
				i = close + 1;
			else if (!force)
				return last; /* it may close in the next bytes */
		}
		while (i < len && !stop[(unsigned char)p[i]])
			i++;
		if (i >= len)
			break;
		char c = p[i++];
		if (c == sep)
			continue;
		if (c == '\r') {
			if (i >= len)
				break; /* a '\n' may follow */
			if (p[i] == '\n')
				i++;
		}
		if (!(*nrec)++)
			*first_end = i;
		last = i;
	}
	return last;
}
