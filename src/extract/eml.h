/*
 * eml.h - e-mail messages (RFC 5322 with MIME): the headers and every text
 * part become text (base64 and quoted-printable decoded, RFC 2047 encoded
 * words in headers decoded); attachments and non-text parts are handed to
 * the engine as child objects named by their filename.
 */
#ifndef TRAWL_EXTRACT_EML_H
#define TRAWL_EXTRACT_EML_H

#include "extract/doc.h"

/* Does data look like a mail message (header lines such as From:,
 * Received:, Message-ID:, MIME-Version: at its start)? */
bool trawl_looks_like_eml(const char *data, size_t len);

/* Locations are lines of the flattened text: the headers, then each text
 * part in order. Parts nest at most 16 deep; deeper ones are skipped
 * (PARTIAL, MALFORMED_FILE). */
struct trawl_ex_result trawl_extract_eml(const char *data, size_t len,
					 struct trawl_doc *doc, trawl_child_fn emit,
					 void *ud);

/* The same, the message read front to back through read(rd, ...), never
 * held: only its headers and text parts go to doc; a child larger than
 * stream_min is offered to member (when not NULL) to be read in pieces. */
struct trawl_ex_result trawl_extract_eml_read(trawl_piece_fn read, void *rd,
					      struct trawl_doc *doc, trawl_child_fn emit,
					      trawl_member_fn member, size_t stream_min,
					      void *ud);

#endif
