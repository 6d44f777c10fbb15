/*
 * pdf.h - text per page out of a PDF held in memory.
 *
 * The file is parsed with qpdf (Apache-2.0): cross-reference tables and
 * streams, object streams, damaged-file recovery, decryption when the user
 * password is empty. qpdf extracts no text, so the page content streams
 * (and the Form XObjects and widget / free-text annotation appearances
 * they draw) are decoded here, each under a size cap, and interpreted here:
 * text operators, fonts' ToUnicode CMaps, simple encodings with
 * /Differences, predefined Unicode CMaps of CID fonts; lines are told from
 * the text's position. See the README's PDF section for why, and for what is
 * lost.
 *
 * By default all of it runs in a child process (fork, no exec) with an
 * address-space and a CPU-time limit, which the parent also enforces in
 * wall-clock time: qpdf keeps object streams and page trees in memory
 * without a cap and cannot be interrupted, so the child is the one bound
 * that holds whatever the file does. The child sends each page's text
 * through a pipe; the parent adds it to doc.
 *
 * What comes out (doc_reset() first; the caller owns doc): one
 * TRAWL_SEG_PAGE segment per page that has text (page = 1-based), holding
 * the page's text with '\n' between lines, then a '\n'. Status:
 *
 *   COMPLETE  every page read (an owner-password-only file included)
 *   SKIPPED   INVALID_ENCRYPTION   a user password is needed to read it
 *   SKIPPED / PARTIAL  MALFORMED_FILE   qpdf cannot open it, or a page or
 *             a stream could not be read (PARTIAL when some text was)
 *   PARTIAL   FILE_PAGE_COUNT_OVER_LIMIT  (ours) pages past max_pages not
 *             read
 *   PARTIAL / SKIPPED  TIME_CUT_OFF_REACHED  the time or operator budget
 *             ran out
 *   PARTIAL / SKIPPED  FILE_EXCEEDS_SIZE_LIMIT  decoded streams passed
 *             their caps, or the child ran out of its memory
 */
#ifndef TRAWL_EXTRACT_PDF_H
#define TRAWL_EXTRACT_PDF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "extract/doc.h"

struct trawl_pdf_limits {
	uint32_t max_pages;     /* pages read (default 10,000) */
	uint64_t max_stream;    /* decoded bytes of one stream (64 MiB) */
	uint64_t max_decoded;   /* decoded bytes in all (512 MiB) */
	uint64_t max_ops;       /* content-stream tokens in all (50 M) */
	uint64_t max_text;      /* bytes of text in all (256 MiB) */
	uint32_t max_seconds;   /* CPU seconds; wall clock is twice this, +1
				 * (60) */
	uint64_t max_memory;    /* bytes of address space the child may add
				 * to what it inherits (1 GiB); not applied
				 * under AddressSanitizer */
	bool in_process;        /* true: no child (tests, fuzzing); the time
				 * and memory limits then do not apply */
	const char *helper;     /* an executable that runs
				 * trawl_pdf_child_main() when its first
				 * argument is "__pdf-child" (the trawl
				 * command does): the child is then a fresh
				 * program (fork + exec), holding no lock of
				 * another thread. NULL: fork only. */
	int fd;                 /* with a helper: the PDF as a regular file
				 * open here (-1: none), which the child
				 * reads instead of a copy of data (data
				 * may then hold only its first bytes) */
};

#define TRAWL_PDF_LIMITS_DEFAULT                                             \
	{ 10000, 64ull << 20, 512ull << 20, 50000000ull, 256ull << 20, 60,    \
	  1ull << 30, false, NULL, -1 }

#define TRAWL_R_PDF_PAGES     "FILE_PAGE_COUNT_OVER_LIMIT" /* ours */
#define TRAWL_R_PDF_ENCRYPTED "INVALID_ENCRYPTION"
#define TRAWL_R_PDF_TIME      "TIME_CUT_OFF_REACHED"
#define TRAWL_R_PDF_SIZE      "FILE_EXCEEDS_SIZE_LIMIT"
#define TRAWL_R_PDF_MALFORMED "MALFORMED_FILE"

/* The child's side when limits.helper is set: argv[1] is "__pdf-child",
 * the PDF is on standard input (a memory file), the pages go to standard
 * output in the pipe protocol. Returns the exit status. */
int trawl_pdf_child_main(int argc, char **argv);

/* Whether data is a PDF: "%PDF-" within its first 1024 bytes (as readers
 * accept it). */
bool trawl_is_pdf(const char *data, size_t len);

/* Extracts the text of each page into doc (see above). lim NULL: the
 * defaults. Sets doc->mime to application/pdf. Every problem becomes the
 * returned status; pages extracted before it stay in doc. */
struct trawl_ex_result trawl_extract_pdf(const char *data, size_t len,
					 struct trawl_doc *doc,
					 const struct trawl_pdf_limits *lim);

#endif
