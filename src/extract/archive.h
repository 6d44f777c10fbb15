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

struct archive;

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

/* Whether an archive of that kind can be read front to back, without
 * seeking: compressed streams (also tar.gz) and tar. */
bool trawl_archive_sequential(const char *data, size_t len);

struct trawl_archive_source;
/* Whether a zip read from a source that can seek may hold an office
 * document's parts ([Content_Types].xml, an ODF mimetype: their names in
 * its last block_size bytes, where the directory is); those are read as
 * documents. One read. */
bool trawl_archive_office_like(struct trawl_archive_source *src);

/* An archive too large to hold, read in pieces: its first bytes head,
 * then read() for the rest (block: the reader's buffer, owned by the
 * caller, of block_size bytes). */
struct trawl_archive_source {
	const char *head;
	size_t nhead;
	trawl_piece_fn read;
	trawl_seek_fn seek;          /* NULL: read front to back only */
	uint64_t size;               /* with seek: the object's size */
	void *ud;
	struct buf *block;
	size_t block_size;
	uint64_t at;                 /* where read() goes on: nhead to start */
	uint64_t consumed;           /* out: bytes read from the source */
	const char *reason;          /* out: why reading it failed, or NULL */
};

/* libarchive's reader over a source read in pieces: the head first,
 * then block after block; with seeking (zip, 7z), a read inside the head
 * or the last block read is served from it. */
struct trawl_source_ctx {
	struct trawl_archive_source *src;
	uint64_t pos;                /* the next byte libarchive reads */
	uint64_t boff;               /* the block holds [boff, boff + blen) */
	size_t blen;
};

/* A reader of zip only (for office documents), on data[0..len) or, when
 * src is not NULL, on src->src (which can seek); NULL when it cannot be
 * opened. Freed with archive_read_free; src must outlive it. */
struct archive *trawl_archive_zip_reader(const char *data, size_t len,
					 struct trawl_source_ctx *src);

/* Reads n bytes at off from src (which can seek) into dst: how many (fewer
 * at its end), -1 when it cannot. */
long trawl_source_read_at(struct trawl_archive_source *src, uint64_t off, char *dst, size_t n);

/* The rest of a member offered to trawl_member_fn is read with
 * trawl_archive_member_read (a trawl_piece_fn), which keeps the limits. */
struct trawl_archive_member;
long trawl_archive_member_read(void *member, char *dst, size_t max, const char **reason);

struct trawl_archive_io {
	struct trawl_archive_source *src;   /* NULL: the archive is in memory */
	size_t stream_min;                  /* 0: every member is read whole */
	trawl_member_fn member;
};

/* Unpacks data (named name, for a single compressed file's member name:
 * "app.log.gz" holds "app.log") and hands every regular member to emit.
 * scratch is a buffer the caller owns and reuses for member bytes. */
struct trawl_ex_result trawl_extract_archive(const char *data, size_t len,
					     const char *name,
					     const struct trawl_archive_limits *lim,
					     struct trawl_archive_budget *budget,
					     struct buf *scratch,
					     trawl_child_fn emit, void *ud,
					     const struct trawl_archive_io *io);

#endif
