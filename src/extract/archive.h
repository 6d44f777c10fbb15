/*
 * archive.h - archives and compressed streams, unpacked in memory with
 * libarchive: zip, tar, cpio, 7z, ar, rar and the gzip, bzip2, xz, zstd
 * (and other) filters around them, or around a single file.
 *
 * Formats are told by their first bytes, never by the name. Each member
 * is handed to the caller (trawl_child_fn) with its bytes; nothing is
 * written to disk, so member names like "../x" are only names. Limits are
 * counted per top-level object across every nesting level (the budget).
 */
#ifndef TRAWL_EXTRACT_ARCHIVE_H
#define TRAWL_EXTRACT_ARCHIVE_H

#include <stdint.h>

#include "extract/doc.h"
#include "trawl/trawl.h"

/* Below this many extracted bytes the ratio guard does not apply. */
#define TRAWL_RATIO_FLOOR (64ull << 20)

struct trawl_archive_budget {
	uint64_t members;            /* used so far */
	uint64_t bytes;
	uint64_t top_size;           /* size of the top-level object */
};

enum trawl_archive_kind {
	TRAWL_ARCHIVE_NONE,
	TRAWL_ARCHIVE_MULTI,         /* members with names */
	TRAWL_ARCHIVE_STREAM         /* compressed stream: one member, or a
				      * compressed archive (tar.gz) */
};

/* What the first bytes say. */
enum trawl_archive_kind trawl_archive_sniff(const char *data, size_t len,
					    const char **mime);

/* Unpacks data (named name, for a single compressed file's member name:
 * "app.log.gz" holds "app.log") and hands every regular member to emit.
 * scratch is a buffer the caller owns and reuses for member bytes. */
struct trawl_ex_result trawl_extract_archive(const char *data, size_t len,
					     const char *name,
					     const struct trawl_archive_limits *lim,
					     struct trawl_archive_budget *budget,
					     struct buf *scratch,
					     trawl_child_fn emit, void *ud);

#endif
