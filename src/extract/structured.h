/*
 * structured.h - text decoding and the structured extractors: CSV/TSV,
 * JSON/JSON Lines, HTML/XML.
 *
 * Lifecycle, for every trawl_extract_* and trawl_decode_text: the caller
 * owns the doc and has called doc_reset() on it; the extractor appends
 * text, segments and strings, sets doc->mime (a static string) and returns
 * a status. Input bytes are borrowed for the call only and never modified.
 * With PARTIAL, everything appended before the problem is valid and is
 * meant to be scanned; with SKIPPED, the doc holds nothing worth scanning.
 * Results are reasons only: no error message ever holds input bytes.
 *
 * Input is untrusted. No recursion; every count and depth is capped by the
 * TRAWL_SX_* limits below. Running into a doc buffer's cap (or out of
 * memory) stops the extractor with PARTIAL, "FILE_EXCEEDS_SIZE_LIMIT";
 * so does a cap on cells/values/strings.
 *
 * The structured extractors take UTF-8 (the engine decodes with
 * trawl_decode_text first); invalid UTF-8 is carried through as bytes,
 * never trusted and never read past len.
 */
#ifndef TRAWL_EXTRACT_STRUCTURED_H
#define TRAWL_EXTRACT_STRUCTURED_H

#include <stdbool.h>
#include <stddef.h>

#include "extract/doc.h"

/* Caps. Beyond its text, a CSV cell costs nothing in a row's run, a JSON
 * value an 8-byte item; only cells with line breaks in them (and header
 * cells) cost a 32-byte segment. So the value cap bounds an object's
 * tables to 256 MiB for JSON, 1 GiB for a file made only of one-byte
 * multi-line cells. */
#define TRAWL_SX_MAX_SEGMENTS (32u << 20) /* cells / JSON values per object */
#define TRAWL_SX_MAX_COLUMNS 100000       /* CSV columns per row */
#define TRAWL_SX_MAX_NAME 1024            /* bytes of a column name kept */
#define TRAWL_SX_MAX_DEPTH 256            /* JSON nesting */
#define TRAWL_SX_MAX_KEY 256              /* bytes of one key in a JSON path */
#define TRAWL_SX_MAX_PATH 4096            /* bytes of a JSON path */
#define TRAWL_SX_SNIFF 65536              /* bytes looked at by the sniffers */

/*
 * Decodes an object's bytes into doc as UTF-8 text, keeping lines and
 * character columns exactly those of the source:
 *  - UTF-8 (a BOM is skipped) is copied as it is;
 *  - UTF-16LE/BE with a BOM, or without one when the first 4 KiB look like
 *    UTF-16 (NUL bytes on one parity only: at least 1 code unit in 8 with
 *    a NUL high byte and a text low byte, at most 1 in 16 with a NUL low
 *    byte), is converted (unpaired surrogates become U+FFFD, an odd last
 *    byte is dropped);
 *  - otherwise, bytes with a NUL in the first 8 KiB are binary: SKIPPED,
 *    "UNSUPPORTED_FILE_TYPE_EXCEPTION", doc->mime "application/octet-stream",
 *    nothing added;
 *  - otherwise invalid UTF-8 anywhere makes the whole object Windows-1252:
 *    one character per byte (0x80-0x9F by cp1252's table; its five
 *    undefined bytes become the C1 controls U+0081.., as WHATWG does).
 * doc->mime is "text/plain" unless binary. COMPLETE otherwise, or PARTIAL
 * "FILE_EXCEEDS_SIZE_LIMIT" when the doc's text cannot take it all.
 */
/* True when data needs no decoding at all: no byte-order mark, not
 * UTF-16, no NUL in its first 8 KiB, valid UTF-8. The engine then hands
 * the bytes to the extractors (or the scanner) without a copy. */
bool trawl_text_is_utf8(const char *data, size_t len);

/* How trawl_decode_text reads an object's bytes, as told by data (all of
 * them when complete, else the first bytes, which may end inside a
 * character); *skip is the length of the byte-order mark to leave out. */
enum trawl_enc {
	TRAWL_ENC_UTF8,
	TRAWL_ENC_UTF16LE,
	TRAWL_ENC_UTF16BE,
	TRAWL_ENC_CP1252,
	TRAWL_ENC_BINARY,
};
enum trawl_enc trawl_text_encoding(const char *data, size_t len, bool complete, size_t *skip);
/* Whether data is binary (a NUL in its first 8 KiB, not UTF-16), as
 * trawl_text_encoding says, from its first bytes only. */
bool trawl_text_binary(const char *data, size_t len);

/* Converts the first bytes of src (UTF-16 or Windows-1252) to UTF-8 in
 * out, which has room for 3 bytes per byte of src: all of them when
 * final, else all but a UTF-16 unit or surrogate pair cut at the end.
 * Returns the bytes written; *used is the bytes of src converted. */
size_t trawl_decode_some(enum trawl_enc enc, const char *src, size_t len, bool final,
			 char *out, size_t *used);

/* The length of data's longest valid UTF-8 prefix (no overlongs,
 * surrogates or code points past U+10FFFF), and the length of a
 * character begun at its end and not finished there (0 to 3). */
size_t trawl_utf8_valid(const char *data, size_t len);
size_t trawl_utf8_open(const char *data, size_t len);

struct trawl_ex_result trawl_decode_text(const char *data, size_t len,
					 struct trawl_doc *doc);

/*
 * CSV/TSV (UTF-8; a BOM is skipped). sep is ',', ';', '\t' or '|'; 0 (or
 * any byte that cannot separate: '"', CR, LF) detects it from the first
 * lines (trawl_sniff_csv_separator, else the most frequent candidate of
 * the first record, else ',').
 *
 * Records end at LF, CRLF or CR outside quotes; a blank line is a record
 * (a row) with nothing in it. The first record is the header: row 1. Each
 * non-blank cell (blank: empty or only spaces/tabs) is a structured
 * TRAWL_SEG_CELL value (row, column, name = context = the column's trimmed
 * header, cut at TRAWL_SX_MAX_NAME bytes; -1 when the header has no cell
 * there): its text, then '\n'; a blank cell adds just the '\n'. The
 * header's cells are segments; each later row is a run (doc.h), a cell
 * with a line break in it or past the header's width a segment of its own.
 * Quoting is RFC 4180's: a field is quoted when its first byte is '"';
 * "" is a quote; bytes after the closing quote up to the separator are
 * kept as they are. A quote that is never closed is taken as an ordinary
 * character, so the rest still parses as CSV and every byte is scanned:
 * COMPLETE (nothing was left out). Cells past TRAWL_SX_MAX_COLUMNS in a
 * row are left out, PARTIAL "FILE_EXCEEDS_SIZE_LIMIT"; past
 * TRAWL_SX_MAX_SEGMENTS cells the extractor stops, same status.
 * doc->mime: "text/tab-separated-values" for '\t', else "text/csv".
 */
struct trawl_ex_result trawl_extract_csv(const char *data, size_t len, char sep,
					 struct trawl_doc *doc);

/*
 * The same for a CSV read in pieces. data holds the header record, then
 * whole records; the records after the header are rows row2, row2 + 1, ...
 * (trawl_extract_csv: 2). With header_text false the header's cells name
 * the columns but are not part of the text (an earlier piece had them).
 * *sep as above; it is set to the separator used.
 */
struct trawl_ex_result trawl_extract_csv_piece(const char *data, size_t len, char *sep,
					       uint64_t row2, bool header_text,
					       struct trawl_doc *doc);

/*
 * Where the last whole record of data[0..len) ends (data starts at a
 * record), as trawl_extract_csv splits records: 0 when none ends there.
 * A quoted field not closed by len may close later, so its record is not
 * whole, unless force (then the quote is an ordinary byte, as at the end
 * of an object). *nrec: the records that end there; *first_end: where
 * the first one ends.
 */
size_t trawl_csv_records_end(const char *data, size_t len, char sep, bool force,
			     uint64_t *nrec, size_t *first_end);

/*
 * JSON (lines false: one document, every record 0) or JSON Lines (lines
 * true: each '\n'-ended line is a document, record = its 0-based line
 * index; blank lines count but hold nothing). Iterative, no recursion.
 *
 * Every string (unescaped to UTF-8; \uXXXX with surrogate pairs, a lone
 * surrogate becomes U+FFFD) and number (as written) that is not empty
 * becomes the text of a structured TRAWL_SEG_RECORD value (in a run of its
 * record's values, doc.h), followed by '\n': name = its JSONPath ("$.customers[2].identity.ssn", odd keys as
 * "['odd key']" with ' and \ backslashed; each key cut at TRAWL_SX_MAX_KEY
 * bytes, the path at TRAWL_SX_MAX_PATH), context = the path's keys joined
 * by single spaces (-1 for none). true/false/null add nothing. Object keys
 * are added the same way, as RECORD values carrying the path and
 * context of the object that holds them.
 *
 * Nesting deeper than TRAWL_SX_MAX_DEPTH: PARTIAL
 * "JSON_NESTING_LEVEL_OVER_LIMIT"; a syntax error: PARTIAL
 * "MALFORMED_FILE". Either way what was added before stays; a document
 * stops there, JSON Lines skip the rest of that line and go on with the
 * next (the first reason met is the one reported). Strings in the doc's
 * string table are capped at 64 MiB + 16 bytes per input byte.
 * doc->mime: "application/json" or "application/x-ndjson".
 */
struct trawl_ex_result trawl_extract_json(const char *data, size_t len, bool lines,
					  struct trawl_doc *doc);

/* One JSON document read in pieces, as trawl_extract_json reads it whole:
 * each piece goes on where the one before ended, and ends just after a
 * ',' outside strings (trawl_json_cut), or at the document's end (final).
 * The parser's state (open containers, the path) carries over; what it
 * writes goes into the doc given with each piece. Returns how the
 * document stands: COMPLETE so far, or PARTIAL with why it stopped (for
 * good: its first error; the pieces after it add nothing). */
struct trawl_json_stream;
struct trawl_json_stream *trawl_json_stream_new(void);
struct trawl_ex_result trawl_json_stream_piece(struct trawl_json_stream *js, const char *data,
					       size_t len, bool final, struct trawl_doc *doc);
void trawl_json_stream_free(struct trawl_json_stream *js);

/* Where data[0..len), which starts outside any string, may be cut for
 * trawl_json_stream_piece: just after its last ',' outside strings; 0
 * when it has none. */
size_t trawl_json_cut(const char *data, size_t len);

/* JSON Lines whose first line is record first (a piece of a larger
 * object: a byte-order mark is skipped only when first is 0). */
struct trawl_ex_result trawl_extract_json_lines(const char *data, size_t len,
						uint64_t first, struct trawl_doc *doc);

/*
 * HTML (html true) or XML to plain text, no segments. Source lines are
 * kept: every '\n' of the source is in the output, in order, including
 * those inside removed markup, so text on source line N is on output
 * line N (columns may move). Removed: tags, comments, processing
 * instructions, declarations, and for HTML the contents of <script> and
 * <style>. CDATA content is kept verbatim. Entities are decoded: the five
 * XML ones, &#NN; and &#xHH; and, for HTML, ~130 common named ones; a
 * decoded CR/LF, and &nbsp;, become a plain space (a decoded newline
 * would move lines; a plain space lets "123&nbsp;45" match like
 * "123 45"); unknown entities stay as written.
 *
 * Where removed markup stood between two pieces of text, one space is put
 * (so words do not glue together), except around HTML's inline tags (b,
 * i, span, a, ...) and comments, which do not break words when rendered.
 *
 * Attribute values kept as text (with a space either side):
 *  - HTML: title, alt, value, content, placeholder, label, aria-label, and
 *    href/src values starting with "mailto:" or "tel:";
 *  - XML: every attribute except xmlns / xmlns:* / xsi:*, written as
 *    "name value", and every start tag's name as a word: XML keeps its data
 *    in element and attribute names ("<ssn>...</ssn>", ssn="..."), and
 *    those names are the keywords Macie would see reading XML as text.
 * Anything left unterminated (a tag without '>', a comment without -->)
 * is kept as text from its opener on, and a <script>/<style> never closed
 * has its content read as ordinary HTML, so nothing is silently dropped.
 * Always COMPLETE unless the doc fills up (PARTIAL
 * "FILE_EXCEEDS_SIZE_LIMIT"). doc->mime: "text/html" or "application/xml".
 */
struct trawl_ex_result trawl_extract_markup(const char *data, size_t len, bool html,
					    struct trawl_doc *doc);

/* HTML or XML read in pieces, giving the text trawl_extract_markup gives
 * whole. Each call is given the input not yet consumed (from the first
 * byte the call before left) with more after it, appends text to ob and
 * returns the bytes consumed (-1: out of memory): a tag, comment or
 * script not closed in what is at hand is left for the next call, unless
 * final (the input ends here) or full (no more can be held: what starts
 * in its first half is read as if the input ended there, so a construct
 * longer than that may be read differently than whole). */
struct trawl_markup_stream;
struct trawl_markup_stream *trawl_markup_stream_new(bool html);
long trawl_markup_stream_feed(struct trawl_markup_stream *ms, const char *data, size_t len,
			      bool final, bool full, struct buf *ob);
void trawl_markup_stream_free(struct trawl_markup_stream *ms);

/*
 * Format detection by content, for the engine. Both look at no more than
 * the first TRAWL_SX_SNIFF bytes.
 *
 * trawl_looks_like_json: true when the data (after a BOM and whitespace)
 * starts with '{' or '[' and parses as JSON as far as the window goes;
 * *lines (may be NULL) is set true when a second value starts on a later
 * line (JSON Lines).
 *
 * trawl_sniff_csv_separator: the separator (',' ';' '\t' '|') that appears
 * the same non-zero number of times, outside quotes, in each of the first
 * records (at least two; up to 32); the most frequent one when several
 * do. 0 when none does: not CSV. A prose file with one comma per line
 * passes, so use it together with the extension.
 */
bool trawl_looks_like_json(const char *data, size_t len, bool *lines);
char trawl_sniff_csv_separator(const char *data, size_t len);
/* The separator trawl_extract_csv uses when given none: the sniffed one,
 * else the most frequent candidate of the first record, else ','. */
char trawl_csv_separator(const char *data, size_t len);

/* Writes code point cp as UTF-8 into out (room for 4); returns the length.
 * Surrogates and cp > 0x10FFFF are written as U+FFFD. */
size_t trawl_utf8_put(unsigned cp, char *out);

#endif
