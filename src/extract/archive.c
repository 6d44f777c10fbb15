#include "extract/archive.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK (256u << 10)

static bool has(const char *d, size_t len, size_t off, const char *magic, size_t n)
{
	return len >= off + n && memcmp(d + off, magic, n) == 0;
}

enum trawl_archive_kind trawl_archive_sniff(const char *d, size_t len,
					    const char **mime)
{
	const char *m = NULL;
	enum trawl_archive_kind k = TRAWL_ARCHIVE_MULTI;
	if (has(d, len, 0, "PK\3\4", 4) || has(d, len, 0, "PK\5\6", 4) ||
	    has(d, len, 0, "PK\7\10", 4))
		m = "application/zip";
	else if (has(d, len, 0, "7z\xBC\xAF\x27\x1C", 6))
		m = "application/x-7z-compressed";
	else if (has(d, len, 257, "ustar", 5))
		m = "application/x-tar";
	else if (has(d, len, 0, "070707", 6) || has(d, len, 0, "070701", 6) ||
		 has(d, len, 0, "070702", 6) || has(d, len, 0, "\xC7\x71", 2) ||
		 has(d, len, 0, "\x71\xC7", 2))
		m = "application/x-cpio";
	else if (has(d, len, 0, "!<arch>\n", 8))
		m = "application/x-archive";
	else if (has(d, len, 0, "Rar!\x1A\x07", 6))
		m = "application/vnd.rar";
	else {
		k = TRAWL_ARCHIVE_STREAM;
		if (has(d, len, 0, "\x1F\x8B", 2))
			m = "application/gzip";
		else if (has(d, len, 0, "BZh", 3) && len > 3 && d[3] >= '1' && d[3] <= '9')
			m = "application/x-bzip2";
		else if (has(d, len, 0, "\xFD" "7zXZ\0", 6))
			m = "application/x-xz";
		else if (has(d, len, 0, "\x28\xB5\x2F\xFD", 4))
			m = "application/zstd";
		else
			k = TRAWL_ARCHIVE_NONE;
	}
	if (mime)
		*mime = m;
	return k;
}

/* "app.log.gz" -> "app.log"; "x.tgz" -> "x.tar"; otherwise name + "~". */
static void stream_member_name(const char *name, char *out, size_t outlen)
{
	static const char *const sfx[][2] = {
		{".gz", ""}, {".gzip", ""}, {".z", ""}, {".bz2", ""}, {".bzip2", ""},
		{".xz", ""}, {".zst", ""}, {".zstd", ""}, {".tgz", ".tar"},
		{".tbz2", ".tar"}, {".txz", ".tar"}, {".tzst", ".tar"},
	};
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t n = strlen(base);
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++) {
		size_t sl = strlen(sfx[i][0]);
		if (n > sl && !strcasecmp(base + n - sl, sfx[i][0])) {
			snprintf(out, outlen, "%.*s%s", (int)(n - sl), base, sfx[i][1]);
			return;
		}
	}
	snprintf(out, outlen, "%s.out", *base ? base : "data");
}

bool trawl_archive_sequential(const char *data, size_t len)
{
	const char *mime = NULL;
	enum trawl_archive_kind k = trawl_archive_sniff(data, len, &mime);
	return k == TRAWL_ARCHIVE_STREAM || (mime && !strcmp(mime, "application/x-tar"));
}

static la_ssize_t source_read(struct archive *a, void *ud, const void **out)
{
	struct trawl_source_ctx *c = ud;
	struct trawl_archive_source *s = c->src;
	if (c->pos < s->nhead) {
		size_t n = s->nhead - (size_t)c->pos;
		*out = s->head + c->pos;
		c->pos += n;
		if (!s->seek)
			s->consumed += n;
		return (la_ssize_t)n;
	}
	if (c->pos >= c->boff && c->pos < c->boff + c->blen) {
		size_t k = (size_t)(c->pos - c->boff);
		*out = s->block->data + k;
		c->pos += c->blen - k;
		return (la_ssize_t)(c->blen - k);
	}
	if (s->reason)
		return 0;
	if (s->at != c->pos) {
		if (!s->seek || s->seek(s->ud, c->pos)) {
			s->reason = "INTERNAL_ERROR";
			archive_set_error(a, EIO, "seek failed");
			return -1;
		}
		s->at = c->pos;
	}
	if (buf_grow(s->block, s->block_size)) {
		s->reason = "FILE_EXCEEDS_SIZE_LIMIT";
		archive_set_error(a, ENOMEM, "out of memory");
		return -1;
	}
	long n = s->read(s->ud, s->block->data, s->block_size, &s->reason);
	if (n < 0) {
		archive_set_error(a, EIO, "read failed");
		return -1;
	}
	s->consumed += (uint64_t)n;
	c->boff = c->pos;
	c->blen = (size_t)n;
	c->pos += (uint64_t)n;
	s->at = c->pos;
	*out = s->block->data;
	return (la_ssize_t)n;
}

static la_int64_t source_seek(struct archive *a, void *ud, la_int64_t off, int whence)
{
	struct trawl_source_ctx *c = ud;
	(void)a;
	int64_t base = whence == SEEK_SET ? 0
		     : whence == SEEK_CUR ? (int64_t)c->pos : (int64_t)c->src->size;
	int64_t p = base + off;
	if (p < 0)
		return ARCHIVE_FATAL;
	if ((uint64_t)p > c->src->size)
		p = (int64_t)c->src->size;
	c->pos = (uint64_t)p;
	return p;
}

/* Opens a (its formats set) on data[0..len), or on src when that is not
 * NULL; a is freed when it cannot be opened. */
static struct archive *open_on(struct archive *a, const char *data, size_t len,
			       struct trawl_source_ctx *src)
{
	int rc;
	if (src) {
		archive_read_set_callback_data(a, src);
		archive_read_set_read_callback(a, source_read);
		if (src->src->seek)
			archive_read_set_seek_callback(a, source_seek);
		rc = archive_read_open1(a);
	} else {
		rc = archive_read_open_memory(a, data, len);
	}
	if (rc != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

struct archive *trawl_archive_zip_reader(const char *data, size_t len,
					 struct trawl_source_ctx *src)
{
	struct archive *a = archive_read_new();
	if (!a || archive_read_support_format_zip(a) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return open_on(a, data, len, src);
}

static struct archive *open_reader(const char *data, size_t len,
				   enum trawl_archive_kind kind, struct trawl_source_ctx *src)
{
	struct archive *a = archive_read_new();
	if (!a)
		return NULL;
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_tar(a);
	archive_read_support_format_cpio(a);
	archive_read_support_format_ar(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	if (kind == TRAWL_ARCHIVE_STREAM) {
		archive_read_support_filter_all(a);
		archive_read_support_format_raw(a); /* bids last: a lone file */
	}
	return open_on(a, data, len, src);
}

/* The rest of a member scanned in pieces, read under the same limits as
 * a member read whole. */
struct trawl_archive_member {
	struct archive *a;
	struct trawl_archive_budget *b;
	const struct trawl_archive_limits *lim;
	const struct trawl_archive_source *src;
	const char *why;             /* what ended it early, or NULL */
	char *buf;                   /* read as a member read whole is, */
	size_t have, used;           /* CHUNK at a time: a broken stream then
				      * gives the same bytes either way */
	bool over;                   /* past the limits after buf */
};

/* Extracted bytes past the limits: the total, or the ratio to the
 * object's size (as far as it has been read, for a source of unknown
 * size). */
static bool over_limits(const struct trawl_archive_budget *b,
			const struct trawl_archive_limits *lim,
			const struct trawl_archive_source *src)
{
	uint64_t top = b->top_size;
	if (src && src->consumed > top)
		top = src->consumed;
	uint64_t ratio_cap = top * lim->max_ratio;
	if (ratio_cap < TRAWL_RATIO_FLOOR)
		ratio_cap = TRAWL_RATIO_FLOOR;
	return b->bytes > lim->max_total_bytes || b->bytes > ratio_cap;
}

long trawl_archive_member_read(void *member, char *dst, size_t max, const char **reason)
{
	struct trawl_archive_member *m = member;
	if (m->why) {
		*reason = m->why;
		return -1;
	}
	if (m->used == m->have) {
		if (m->over) {
			/* past the limits: the bytes read count, no more */
			m->why = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT";
			*reason = m->why;
			return -1;
		}
		la_ssize_t n = archive_read_data(m->a, m->buf, CHUNK);
		if (n < 0) {
			m->why = "MALFORMED_FILE";
			*reason = m->src && m->src->reason ? m->src->reason : m->why;
			return -1;
		}
		m->have = (size_t)n;
		m->used = 0;
		m->b->bytes += (uint64_t)n;
		m->over = over_limits(m->b, m->lim, m->src);
	}
	size_t n = m->have - m->used < max ? m->have - m->used : max;
	memcpy(dst, m->buf + m->used, n);
	m->used += n;
	return (long)n;
}

long trawl_source_read_at(struct trawl_archive_source *src, uint64_t off, char *dst, size_t n)
{
	size_t got = 0;
	if (src->seek(src->ud, off))
		return -1;
	src->at = off;
	while (got < n) {
		const char *why = NULL;
		long k = src->read(src->ud, dst + got, n - got, &why);
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
		src->at += (uint64_t)k;
	}
	return (long)got;
}

bool trawl_archive_office_like(struct trawl_archive_source *src)
{
	/* The names are in the central directory, at the end: one read of
	 * the last block, not a walk over the entries (each a read, a GET on
	 * S3). A member's data holding these words only means the zip is
	 * read as a document (which it then is not). */
	static const char *const parts[] = {"[Content_Types].xml", "mimetype"};
	uint64_t off = src->size > src->block_size ? src->size - src->block_size : 0;
	long n;
	if (buf_grow(src->block, src->block_size) ||
	    (n = trawl_source_read_at(src, off, src->block->data, src->block_size)) < 0)
		return true; /* cannot tell: as a document */
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (memmem(src->block->data, (size_t)n, parts[i], strlen(parts[i])))
			return true;
	return false;
}

struct trawl_ex_result trawl_extract_archive(const char *data, size_t len,
					     const char *name,
					     const struct trawl_archive_limits *lim,
					     struct trawl_archive_budget *b,
					     struct buf *scratch,
					     trawl_child_fn emit, void *ud,
					     const struct trawl_archive_io *io)
{
	struct trawl_ex_result res = {TRAWL_EX_COMPLETE, NULL};
	struct trawl_archive_source *src = io ? io->src : NULL;
	struct trawl_source_ctx sc = {src, 0, 0, 0};
	enum trawl_archive_kind kind = src ? trawl_archive_sniff(src->head, src->nhead, NULL)
					   : trawl_archive_sniff(data, len, NULL);
	struct archive *a = open_reader(data, len, kind, src ? &sc : NULL);
	struct archive_entry *e;
	uint64_t members = 0;
	bool stop = false;
	if (!a)
		return (struct trawl_ex_result){TRAWL_EX_SKIPPED, "MALFORMED_FILE"};

	for (;;) {
		int r = archive_read_next_header(a, &e);
		if (r == ARCHIVE_EOF)
			break;
		if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
			res = (struct trawl_ex_result){members ? TRAWL_EX_PARTIAL : TRAWL_EX_SKIPPED,
						       "MALFORMED_FILE"};
			break;
		}
		mode_t type = archive_entry_filetype(e);
		if (type != AE_IFREG && type != 0)
			continue; /* directories, links, devices: not objects */
		if (b->members >= lim->max_members) {
			res = (struct trawl_ex_result){TRAWL_EX_PARTIAL,
						       "ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT"};
			break;
		}
		b->members++;
		members++;

		char fallback[256];
		const char *mname = archive_entry_pathname_utf8(e);
		if (!mname)
			mname = archive_entry_pathname(e);
		if (archive_format(a) == ARCHIVE_FORMAT_RAW || !mname || !*mname) {
			stream_member_name(name, fallback, sizeof(fallback));
			mname = fallback;
		}
		int64_t mtime = archive_entry_mtime_is_set(e) ? archive_entry_mtime(e) : 0;
		if (archive_entry_is_encrypted(e)) {
			/* No password to read it with: Macie's code for an object
			 * it cannot decrypt. */
			if (emit(ud, mname, NULL, 0, mtime, "INVALID_ENCRYPTION"))
				stop = true;
			if (stop)
				break;
			continue;
		}

		const char *why = NULL;
		bool offered = !io || !io->member || !io->stream_min, taken = false;
		buf_reset(scratch);
		for (;;) {
			if (buf_grow(scratch, CHUNK)) {
				why = "FILE_EXCEEDS_SIZE_LIMIT";
				break;
			}
			la_ssize_t n = archive_read_data(a, scratch->data + scratch->len, CHUNK);
			if (n == 0)
				break;
			if (n < 0) {
				why = "MALFORMED_FILE";
				break;
			}
			scratch->len += (size_t)n;
			b->bytes += (uint64_t)n;
			if (over_limits(b, lim, src)) {
				why = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT";
				res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, why};
				stop = true;
				break;
			}
			if (!offered && scratch->len > io->stream_min) {
				/* too large to hold, perhaps: the engine may scan
				 * the rest in pieces */
				offered = true;
				struct trawl_archive_member m = {a, b, lim, src, NULL,
								 malloc(CHUNK), 0, 0, false};
				int t = !m.buf ? -1
					: io->member(ud, mname, mtime, scratch,
						     trawl_archive_member_read, &m);
				free(m.buf);
				if (t) {
					taken = true;
					why = m.why;
					if (t < 0)
						stop = true;
					break;
				}
			}
			if (scratch->len > lim->max_member_bytes) {
				why = "FILE_EXCEEDS_SIZE_LIMIT";
				break;
			}
		}
		if (taken) {
			if (why && !strcmp(why, "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT")) {
				res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, why};
				stop = true;
			} else if (why) {
				res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "MALFORMED_FILE"};
			}
			if (stop || (why && kind == TRAWL_ARCHIVE_STREAM))
				break;
			continue;
		}
		if (why && !strcmp(why, "MALFORMED_FILE"))
			res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "MALFORMED_FILE"};
		/* A member cut short is scanned as far as it was read (PARTIAL),
		 * except one too large, which is skipped as Macie does. */
		bool skip = why && !strcmp(why, "FILE_EXCEEDS_SIZE_LIMIT");
		if (emit(ud, mname, skip ? NULL : (scratch->data ? scratch->data : ""),
			 skip ? 0 : scratch->len, mtime, why))
			stop = true;
		if (stop)
			break;
		if (why && !strcmp(why, "MALFORMED_FILE") && kind == TRAWL_ARCHIVE_STREAM)
			break; /* a broken stream has nothing after the break */
	}
	/* Limits set res themselves; the only other stop is the engine
	 * failing to take a member (out of memory). */
	if (stop && res.status == TRAWL_EX_COMPLETE)
		res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, "INTERNAL_ERROR"};
	/* a source that could not be read says why (an S3 error, I/O) */
	if (src && src->reason && res.status != TRAWL_EX_COMPLETE)
		res.reason = src->reason;
	archive_read_free(a);
	return res;
}
