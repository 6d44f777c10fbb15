#include "extract/archive.h"

#include <archive.h>
#include <archive_entry.h>
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

static struct archive *open_reader(const char *data, size_t len,
				   enum trawl_archive_kind kind)
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
	if (archive_read_open_memory(a, data, len) != ARCHIVE_OK) {
		archive_read_free(a);
		return NULL;
	}
	return a;
}

struct trawl_ex_result trawl_extract_archive(const char *data, size_t len,
					     const char *name,
					     const struct trawl_archive_limits *lim,
					     struct trawl_archive_budget *b,
					     struct buf *scratch,
					     trawl_child_fn emit, void *ud)
{
	struct trawl_ex_result res = {TRAWL_EX_COMPLETE, NULL};
	enum trawl_archive_kind kind = trawl_archive_sniff(data, len, NULL);
	struct archive *a = open_reader(data, len, kind);
	struct archive_entry *e;
	uint64_t members = 0;
	bool stop = false;
	if (!a)
		return (struct trawl_ex_result){TRAWL_EX_SKIPPED, "MALFORMED_FILE"};

	uint64_t ratio_cap = b->top_size * lim->max_ratio;
	if (ratio_cap < TRAWL_RATIO_FLOOR)
		ratio_cap = TRAWL_RATIO_FLOOR;

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
			if (b->bytes > lim->max_total_bytes || b->bytes > ratio_cap) {
				why = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT";
				res = (struct trawl_ex_result){TRAWL_EX_PARTIAL, why};
				stop = true;
				break;
			}
			if (scratch->len > lim->max_member_bytes) {
				why = "FILE_EXCEEDS_SIZE_LIMIT";
				break;
			}
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
	archive_read_free(a);
	return res;
}
