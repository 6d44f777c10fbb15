/*
 * engine.c - the pipeline: one producer thread enumerates objects into a
 * queue, N workers fetch, extract, scan and confirm them, and an ordered
 * writer emits each object's result record in enumeration order.
 *
 * Ordering: every job carries a sequence number; a finished record waits in
 * its slot of a ring of WINDOW slots until every earlier one is written
 * (git grep's scheme). The producer never runs more than WINDOW jobs ahead
 * of the writer, which bounds memory and keeps output identical for any
 * thread count.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/object.h"
#include "match/catalog.h"
#include "report/output.h"
#include "report/record.h"
#include "source/s3.h"
#include "source/source.h"
#include "util/buf.h"
#include "util/chars.h"
#include "util/reason.h"

#define WINDOW 256            /* jobs in flight */
#define KEEP_BUFFER (32u << 20) /* a worker keeps a read buffer this large */
#define READ_CHUNK (1u << 20)

struct job {
	uint64_t seq;
	enum trawl_job_kind kind;
	char *path, *key;
	struct stat st;
	bool have_st, nofollow;
	const char *reason;
	/* TRAWL_JOB_S3 */
	struct trawl_s3_bucket *bucket;
	char *etag, *sclass;
	uint64_t size;
	int64_t mtime;
};

struct slot {
	bool ready;
	char *data;
	size_t len;
	struct trawl_record_summary sum;
	uint64_t bytes;
	bool unanalysed;
	bool failing;
};

struct trawl_run {
	struct trawl_run_options o;
	pthread_t producer;
	pthread_t *workers;
	unsigned nworkers;
	unsigned open_delay_ms;     /* test seam: TRAWL_TEST_OPEN_DELAY_MS */
	char errbuf[256];

	pthread_mutex_t qlock;      /* guards the queue fields below */
	pthread_cond_t qcond;
	struct job q[WINDOW];
	size_t qhead, qcount;
	bool qdone;

	pthread_mutex_t wlock;      /* guards slots, next_write, stats */
	pthread_cond_t wcond;
	struct slot slots[WINDOW];
	uint64_t next_write;
	uint64_t next_seq;          /* producer only */
	struct trawl_stats stats;
	uint64_t failing;           /* objects at or above fail_on */
	unsigned live_workers;
	bool write_error;

	struct trawl_s3 *s3;        /* when some argument is s3:// */
	uint64_t in_scope;          /* producer only: objects enqueued */
	uint64_t source_errors;     /* arguments that could not be listed */
};

/* ---- ordered writer ---------------------------------------------------- */

static void submit(struct trawl_run *r, uint64_t seq, struct buf *rec,
		   const struct trawl_record_summary *sum, uint64_t bytes,
		   bool unanalysed, bool failing)
{
	bool flushed = true;
	pthread_mutex_lock(&r->wlock);
	struct slot *s = &r->slots[seq % WINDOW];
	s->data = buf_detach(rec, &s->len);
	s->sum = *sum;
	s->bytes = bytes;
	s->unanalysed = unanalysed;
	s->failing = failing;
	s->ready = true;
	while ((s = &r->slots[r->next_write % WINDOW])->ready) {
		/* records, or frames for each output (report/output.h) */
		if (s->len && trawl_output_write(r->o.output, r->o.out, r->o.tee, s->data,
						 s->len))
			r->write_error = true;
		free(s->data);
		s->data = NULL;
		s->ready = false;
		r->stats.objects++;
		r->stats.bytes += s->bytes;
		r->stats.detections += s->sum.detections;
		r->stats.with_findings += s->sum.detections > 0;
		r->stats.unanalysed += s->unanalysed;
		if (s->sum.severity > r->stats.max_severity)
			r->stats.max_severity = s->sum.severity;
		r->failing += s->failing;
		r->next_write++;
		flushed = false;
	}
	/* Records reach a pipe as soon as they are in order (a consumer may be
	 * reading as the scan goes), one write per batch, not per record. */
	if (!flushed && fflush(r->o.out))
		r->write_error = true;
	pthread_cond_broadcast(&r->wcond);
	pthread_mutex_unlock(&r->wlock);
}

/* ---- producer ---------------------------------------------------------- */

/* Stops the walk once --max-objects objects are in. */
#define ENOUGH 1

static bool ext_in(const char *const *list, size_t n, const char *key)
{
	const char *e = trawl_extension(key);
	for (size_t i = 0; i < n; i++) {
		const char *x = list[i][0] == '.' ? list[i] + 1 : list[i];
		if (!strcasecmp(x, e))
			return true;
	}
	return false;
}

/* The sample's draw: FNV-1a of the seed and the path, as a fraction. */
static double draw(uint64_t seed, const char *path)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < 8; i++)
		h = (h ^ ((seed >> (8 * i)) & 0xff)) * 1099511628211ull;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return (double)(h >> 11) / 9007199254740992.0;
}

/* The job's scope (Macie's job scope): false leaves it out, no record.
 * Size and date filters need them known (a file's stat, a listing). */
static bool in_scope(const struct trawl_run *r, const struct trawl_job_desc *d,
		     uint64_t size, int64_t mtime, bool meta)
{
	const struct trawl_run_options *o = &r->o;
	if (d->kind == TRAWL_JOB_STREAM)
		return true;
	if (o->ninclude_ext && !ext_in(o->include_ext, o->ninclude_ext, d->key))
		return false;
	if (o->nexclude_ext && ext_in(o->exclude_ext, o->nexclude_ext, d->key))
		return false;
	if (meta) {
		if (o->min_size && size < o->min_size)
			return false;
		if (o->modified_after && mtime <= o->modified_after)
			return false;
		if (o->modified_before && mtime >= o->modified_before)
			return false;
	}
	if (o->sample_percent > 0 && o->sample_percent < 100 &&
	    draw(o->seed, d->path) * 100.0 >= o->sample_percent)
		return false;
	return true;
}

static int enqueue(void *ud, const struct trawl_job_desc *d)
{
	struct trawl_run *r = ud;
	struct job j = {0};
	bool meta = d->s3 || (d->st && S_ISREG(d->st->st_mode));
	uint64_t size = d->s3 ? d->s3->size : d->st ? (uint64_t)d->st->st_size : 0;
	int64_t mtime = d->s3 ? d->s3->mtime : d->st ? (int64_t)d->st->st_mtime : 0;
	if (d->kind != TRAWL_JOB_FAILED && !in_scope(r, d, size, mtime, meta))
		return 0;
	if (r->o.max_objects && r->in_scope >= r->o.max_objects)
		return ENOUGH;
	r->in_scope++;
	j.kind = d->kind;
	j.path = strdup(d->path);
	j.key = strdup(d->key);
	if (d->s3) {
		j.bucket = d->s3->bucket;
		j.etag = strdup(d->s3->etag);
		j.sclass = strdup(d->s3->storage_class);
		j.size = d->s3->size;
		j.mtime = d->s3->mtime;
	}
	if (!j.path || !j.key || (d->s3 && (!j.etag || !j.sclass))) {
		free(j.path);
		free(j.key);
		free(j.etag);
		free(j.sclass);
		return -1;
	}
	if (d->st) {
		j.st = *d->st;
		j.have_st = true;
	}
	j.nofollow = d->nofollow;
	j.reason = d->reason;
	j.seq = r->next_seq++;

	pthread_mutex_lock(&r->wlock);
	while (j.seq >= r->next_write + WINDOW)
		pthread_cond_wait(&r->wcond, &r->wlock);
	pthread_mutex_unlock(&r->wlock);

	pthread_mutex_lock(&r->qlock);
	r->q[(r->qhead + r->qcount) % WINDOW] = j;
	r->qcount++;
	pthread_cond_signal(&r->qcond);
	pthread_mutex_unlock(&r->qlock);
	return 0;
}

static void *producer_main(void *arg)
{
	struct trawl_run *r = arg;
	struct trawl_walk_options wo = {
		r->o.include_globs, r->o.ninclude, r->o.exclude_globs, r->o.nexclude,
		r->o.follow_symlinks, r->o.log,
	};
	struct trawl_http h = {0};
	bool have_h = r->s3 && !trawl_http_init(&h);
	for (size_t i = 0; i < r->o.npaths; i++) {
		const char *p = r->o.paths[i];
		int rc;
		if (trawl_s3_is_url(p)) {
			rc = have_h ? trawl_s3_walk(r->s3, &h, p, enqueue, r) : -1;
			if (rc < 0) {
				r->source_errors++;
				rc = 0; /* the other arguments still run */
			}
		} else {
			rc = trawl_walk(p, &wo, enqueue, r);
		}
		if (rc)
			break;
	}
	if (have_h)
		trawl_http_release(&h);
	pthread_mutex_lock(&r->qlock);
	r->qdone = true;
	pthread_cond_broadcast(&r->qcond);
	pthread_mutex_unlock(&r->qlock);
	return NULL;
}

/* ---- workers ----------------------------------------------------------- */

struct worker {
	struct trawl_run *r;
	struct trawl_scanner *sc;
	struct buf data;
	struct buf rec;
	struct trawl_objscan os;
	struct trawl_http http;     /* S3: this worker's connection */
	bool have_http;
};

/* Reads fd to the end into w->data, after one '\n' and followed by one
 * (the scanner's padding: text starts at data + 1). The limit is max_size
 * (0: none). Returns 0, an errno, or EFBIG past the limit. */
static int read_upto(struct worker *w, int fd, uint64_t upto);

static int read_all(struct worker *w, int fd, uint64_t size_hint)
{
	buf_reset(&w->data);
	if ((size_hint && buf_grow(&w->data, (size_t)size_hint + 2)) ||
	    buf_addch(&w->data, '\n'))
		return ENOMEM;
	int e = read_upto(w, fd, 0);
	return e ? e : buf_addch(&w->data, '\n') ? ENOMEM : 0;
}

/* Appends fd's bytes to w->data until it holds upto bytes of content
 * (0: to the end). The limit is max_size (0: none): EFBIG past it. */
static int read_upto(struct worker *w, int fd, uint64_t upto)
{
	uint64_t max = w->r->o.max_size;
	for (;;) {
		if (buf_grow(&w->data, READ_CHUNK))
			return ENOMEM;
		ssize_t n = read(fd, w->data.data + w->data.len, READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return errno;
		}
		if (n == 0)
			break;
		w->data.len += (size_t)n;
		if (max && w->data.len - 1 > max)
			return EFBIG;
		if (upto && w->data.len - 1 >= upto)
			break;
	}
	return 0;
}

/* Objects larger than this are read in pieces of STREAM_CHUNK when they
 * can be (trawl_objscan_streamable). Small pieces keep a worker's buffers
 * small: they are first written once per worker, and on a virtual
 * machine those page faults were a tenth of a scan of bench/data; a
 * piece of 4 MiB also stays in cache. An S3 object pays a request per
 * piece, so it is read in larger ones. TRAWL_STREAM_MIN and
 * TRAWL_STREAM_CHUNK override all of them (for tests). */
#define STREAM_MIN (4u << 20)
#define STREAM_CHUNK (4u << 20)
#define S3_STREAM_MIN (32u << 20)
#define S3_STREAM_CHUNK (8u << 20)

static uint64_t env_size(const char *name, uint64_t dflt)
{
	const char *e = getenv(name);
	return e && atoll(e) > 0 ? (uint64_t)atoll(e) : dflt;
}

struct s3_piece {
	struct worker *w;
	struct job *j;
	uint64_t pos;          /* the next byte to read */
	char etag[128];        /* every piece from the same object */
	struct trawl_s3_got got;
};

static long s3_piece(void *ud, char *dst, size_t max, const char **reason)
{
	struct s3_piece *p = ud;
	struct buf b = BUF_INIT;
	if (p->pos >= p->j->size)
		return 0; /* its end, as listed (the ETag pins it) */
	const char *why = trawl_s3_get(p->w->r->s3, &p->w->http, p->j->bucket, p->j->key,
				       p->etag[0] ? p->etag : NULL, p->pos, max, 0, &b, &p->got);
	if (why) {
		*reason = why;
		buf_release(&b);
		return -1;
	}
	if (!p->etag[0])
		snprintf(p->etag, sizeof(p->etag), "%s", p->got.etag);
	size_t n = b.len < max ? b.len : max;
	if (n)
		memcpy(dst, b.data, n);
	explicit_bzero(b.data, b.len);
	buf_release(&b);
	p->pos += n;
	return (long)n;
}

static int s3_seek(void *ud, uint64_t off)
{
	((struct s3_piece *)ud)->pos = off;
	return 0;
}

/* Macie's reason for an object over --max-size: an archive's own code
 * when its first bytes say it is one. */
static const char *too_large(const char *path)
{
	char head[512];
	ssize_t n = -1;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd >= 0) {
		n = read(fd, head, sizeof(head));
		close(fd);
	}
	if (n > 0 && trawl_archive_sniff(head, (size_t)n, NULL) != TRAWL_ARCHIVE_NONE)
		return "ARCHIVE_EXCEEDS_SIZE_LIMIT";
	return "FILE_EXCEEDS_SIZE_LIMIT";
}

/* What the record says of the object, from what its GET told. */
static void s3_info(struct trawl_s3_object_info *s3i, const struct trawl_s3_got *got)
{
	s3i->sse_type = got->sse_type[0] ? got->sse_type : NULL;
	s3i->sse_kms_key = got->sse_kms_key[0] ? got->sse_kms_key : NULL;
	s3i->version_id = got->version_id[0] ? got->version_id : NULL;
	if (got->etag[0])
		s3i->etag = got->etag;
}

/* An S3 object, start to finish. */
static void process_s3(struct worker *w, struct job *j)
{
	struct trawl_run *r = w->r;
	struct trawl_s3_object_info s3i = {&j->bucket->info, j->etag, j->sclass, NULL, NULL, NULL};
	struct trawl_object_info oi = {j->key, j->path, j->size, (time_t)j->mtime, false,
				       NULL, 0, 0, &s3i};
	struct trawl_objscan *os = &w->os;
	struct trawl_s3_got got = {0};
	const char *reason = NULL;

	os->fail_on = r->o.fail_on;
	buf_reset(&w->rec);
	buf_reset(&w->data);
	if (!strcmp(j->sclass, "GLACIER") || !strcmp(j->sclass, "DEEP_ARCHIVE")) {
		reason = "INVALID_OBJECT_STATE"; /* archived: not readable */
		goto failed;
	}
	if (!w->have_http) {
		if (trawl_http_init(&w->http)) {
			reason = "INTERNAL_ERROR";
			goto failed;
		}
		w->have_http = true;
	}
	if (r->o.max_size && j->size > r->o.max_size) {
		/* an archive's own code when its first bytes say it is one */
		reason = trawl_s3_get(r->s3, &w->http, j->bucket, j->key, NULL, 0, 512, 0,
				      &w->data, &got);
		if (!reason)
			reason = trawl_archive_sniff(w->data.data, w->data.len, NULL) !=
						 TRAWL_ARCHIVE_NONE
					 ? "ARCHIVE_EXCEEDS_SIZE_LIMIT"
					 : "FILE_EXCEEDS_SIZE_LIMIT";
		goto failed;
	}
	uint64_t smin = env_size("TRAWL_STREAM_MIN", S3_STREAM_MIN);
	uint64_t chunk = env_size("TRAWL_STREAM_CHUNK", S3_STREAM_CHUNK);
	bool big = j->size > smin;
	if (buf_grow(&w->data, (size_t)(big ? chunk : j->size) + 2) ||
	    buf_addch(&w->data, '\n')) {
		reason = "FILE_EXCEEDS_SIZE_LIMIT";
		goto failed;
	}
	if (big) {
		/* a large object: its first piece says whether it is plain
		 * text, to be read in pieces; else the rest is read after it */
		struct s3_piece sp = {.w = w, .j = j};
		reason = trawl_s3_get(r->s3, &w->http, j->bucket, j->key, NULL, 0, chunk, 0,
				      &w->data, &got);
		if (!reason) {
			uint64_t head = w->data.len - 1;
			sp.pos = head;
			snprintf(sp.etag, sizeof(sp.etag), "%s", got.etag);
			if (trawl_objscan_streamable(j->key, w->data.data + 1, head, true)) {
				s3_info(&s3i, &got);
				trawl_objscan_stream(os, &oi, &w->data, (size_t)chunk, s3_piece,
						     s3_seek, &sp, &w->rec);
				goto done;
			} else if (trawl_objscan_wants_file(os, j->key, w->data.data + 1, head)) {
				/* a PDF: written to a file, which the PDF
				 * child reads, instead of held */
				int t = trawl_spool(&w->data, (size_t)chunk, s3_piece, &sp,
						    &oi.size, &reason);
				if (reason)
					goto failed;
				if (t >= 0) {
					s3_info(&s3i, &got);
					bool taken = trawl_objscan_pdf_file(
						os, &oi, t, w->data.data + 1, w->data.len - 1, &w->rec);
					close(t);
					if (!taken) {
						reason = "INTERNAL_ERROR";
						goto failed;
					}
					goto done;
				}
			}
			struct trawl_s3_got rest;
			reason = trawl_s3_get(r->s3, &w->http, j->bucket, j->key, got.etag,
					      head, 0, r->o.max_size, &w->data, &rest);
		}
	} else {
		reason = trawl_s3_get(r->s3, &w->http, j->bucket, j->key, NULL, 0, 0,
				      r->o.max_size, &w->data, &got);
	}
	if (!reason && buf_addch(&w->data, '\n'))
		reason = "FILE_EXCEEDS_SIZE_LIMIT";
	if (got.etag[0] || got.sse_type[0])
		s3_info(&s3i, &got);
	if (reason)
		goto failed;
	oi.size = w->data.len - 2;
	trawl_objscan_run(os, &oi, w->data.data + 1, w->data.len - 2, &w->rec);
	goto done;
failed:
	trawl_objscan_failed(os, &oi, reason, &w->rec);
done:
	submit(r, j->seq, &w->rec, &os->sum, os->bytes, os->unanalysed, os->failing);
	if (w->data.alloc > KEEP_BUFFER)
		buf_release(&w->data);
}

static void process(struct worker *w, struct job *j)
{
	struct trawl_run *r = w->r;
	struct trawl_object_info oi = {j->key, j->path, j->have_st ? (uint64_t)j->st.st_size : 0,
				       j->have_st ? j->st.st_mtime : 0,
				       j->kind == TRAWL_JOB_STREAM, NULL, 0, 0, NULL};
	struct trawl_objscan *os = &w->os;
	const char *reason = NULL;
	int fd = -1;

	os->fail_on = r->o.fail_on;
	buf_reset(&w->rec);
	if (j->kind == TRAWL_JOB_FAILED) {
		reason = j->reason;
		goto failed;
	}
	if (r->o.max_size && j->have_st && j->kind == TRAWL_JOB_FILE &&
	    (uint64_t)j->st.st_size > r->o.max_size) {
		reason = too_large(j->path);
		goto failed;
	}
	if (r->open_delay_ms)
		nanosleep(&(struct timespec){r->open_delay_ms / 1000,
					     (long)(r->open_delay_ms % 1000) * 1000000L}, NULL);
	if (!strcmp(j->path, "-") && j->kind == TRAWL_JOB_STREAM)
		fd = 0;
	else
		fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
				   (j->nofollow ? O_NOFOLLOW : 0));
	if (fd < 0) {
		reason = trawl_errno_reason(errno);
		goto failed;
	}
	struct stat st;
	if (j->kind == TRAWL_JOB_FILE) {
		if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
			reason = "UNSUPPORTED_OBJECT_TYPE";
			goto failed;
		}
		oi.size = (uint64_t)st.st_size;
		oi.mtime = st.st_mtime;
	}
	uint64_t smin = os->stream_min, chunk = os->stream_chunk;
	bool pipe = j->kind == TRAWL_JOB_STREAM;
	if ((j->kind == TRAWL_JOB_FILE && (uint64_t)st.st_size > smin &&
	     (!r->o.max_size || (uint64_t)st.st_size <= r->o.max_size)) || pipe) {
		/* a large file, or stdin (of a size known only at its end):
		 * its first piece says whether it can be read in pieces */
		buf_reset(&w->data);
		int e = buf_addch(&w->data, '\n') ? ENOMEM
			: read_upto(w, fd, pipe ? smin + 1 : chunk);
		if (e) {
			reason = trawl_errno_reason(e);
			goto failed;
		}
		bool more = !pipe || w->data.len - 1 > smin;
		size_t head = w->data.len - 1;
		if (more && pipe && !r->o.max_size &&
		    trawl_objscan_wants_file(os, j->key, w->data.data + 1, head)) {
			/* a zip or 7z, read with seeks, or a PDF, read by
			 * the PDF child: from a file it is written to first
			 * (a whole read when none can be made) */
			int t = trawl_spool(&w->data, (size_t)chunk, trawl_fd_piece, &fd,
					    &oi.size, &reason);
			if (reason)
				goto failed;
			if (t >= 0) {
				fd = t;
				pipe = false;
				head = w->data.len - 1;
			}
		}
		/* a PDF: read by the PDF child from the file, not held */
		if (more && !pipe && trawl_objscan_pdf_file(os, &oi, fd, w->data.data + 1, head,
							    &w->rec))
			goto done;
		/* (stdin under --max-size is read whole, to be cut at it) */
		if (more && !(pipe && r->o.max_size) &&
		    trawl_objscan_streamable(j->key, w->data.data + 1, head, !pipe)) {
			trawl_objscan_stream(os, &oi, &w->data, (size_t)chunk, trawl_fd_piece,
					     pipe ? NULL : trawl_fd_seek, &fd, &w->rec);
			goto done;
		}
		e = more ? read_upto(w, fd, 0) : 0;
		if (!e && buf_addch(&w->data, '\n'))
			e = ENOMEM;
		if (e) {
			reason = trawl_errno_reason(e);
			goto failed;
		}
		size_t nb = w->data.len - 2;
		if (pipe)
			oi.size = nb;
		trawl_objscan_run(os, &oi, w->data.data + 1, nb, &w->rec);
		goto done;
	}
	int e = read_all(w, fd, (uint64_t)st.st_size);
	size_t nbytes = w->data.len > 2 ? w->data.len - 2 : 0;
	if (e) {
		reason = trawl_errno_reason(e);
		goto failed;
	}
	trawl_objscan_run(os, &oi, w->data.data + 1, nbytes, &w->rec);
	goto done;
failed:
	trawl_objscan_failed(os, &oi, reason, &w->rec);
done:
	if (fd > 0)
		close(fd);
	submit(r, j->seq, &w->rec, &os->sum, os->bytes, os->unanalysed, os->failing);
	if (w->data.alloc > KEEP_BUFFER)
		buf_release(&w->data);
}

static uint64_t job_size(const struct job *j)
{
	if (j->kind == TRAWL_JOB_S3)
		return j->size;
	return j->have_st ? (uint64_t)j->st.st_size : 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct trawl_run *r = w->r;
	for (;;) {
		pthread_mutex_lock(&r->qlock);
		while (!r->qcount && !r->qdone)
			pthread_cond_wait(&r->qcond, &r->qlock);
		if (!r->qcount) {
			pthread_mutex_unlock(&r->qlock);
			break;
		}
		/* The largest object queued goes first (its size known from
		 * the walk or the listing): the last objects of a run are then
		 * the small ones, and no worker is left alone with a big one
		 * while the others idle. Records still leave in walk order. */
		size_t best = 0;
		uint64_t most = job_size(&r->q[r->qhead]);
		for (size_t k = 1; k < r->qcount; k++) {
			uint64_t sz = job_size(&r->q[(r->qhead + k) % WINDOW]);
			if (sz > most) {
				most = sz;
				best = k;
			}
		}
		if (best) {
			struct job t = r->q[(r->qhead + best) % WINDOW];
			r->q[(r->qhead + best) % WINDOW] = r->q[r->qhead];
			r->q[r->qhead] = t;
		}
		struct job j = r->q[r->qhead];
		r->qhead = (r->qhead + 1) % WINDOW;
		r->qcount--;
		pthread_mutex_unlock(&r->qlock);
		if (j.kind == TRAWL_JOB_S3)
			process_s3(w, &j);
		else
			process(w, &j);
		free(j.path);
		free(j.key);
		free(j.etag);
		free(j.sclass);
	}
	pthread_mutex_lock(&r->wlock);
	r->live_workers--;
	pthread_cond_broadcast(&r->wcond);
	pthread_mutex_unlock(&r->wlock);
	trawl_objscan_release(&w->os);
	if (w->have_http)
		trawl_http_release(&w->http);
	trawl_scanner_free(w->sc);
	buf_release(&w->data);
	buf_release(&w->rec);
	free(w);
	return NULL;
}

/* ---- the run ----------------------------------------------------------- */

int trawl_run_start(struct trawl_run **runp, const struct trawl_run_options *o,
		    char *err, size_t errlen)
{
	/* a SARIF log's or an ASFF array's head, before any object */
	if (o->output && trawl_output_begin(o->output, o->out)) {
		snprintf(err, errlen, "cannot write the output");
		return -1;
	}
	struct trawl_run *r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->o = *o;
	r->nworkers = o->threads ? o->threads : (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	if (r->nworkers < 1)
		r->nworkers = 1;
	if (r->nworkers > 256)
		r->nworkers = 256;
	if (r->o.fail_on == TRAWL_SEV_NONE)
		r->o.fail_on = TRAWL_SEV_LOW;
	const char *d = getenv("TRAWL_TEST_OPEN_DELAY_MS");
	r->open_delay_ms = d ? (unsigned)atoi(d) : 0;
	for (size_t i = 0; i < o->npaths && !r->s3; i++) {
		if (!trawl_s3_is_url(o->paths[i]))
			continue;
		struct trawl_aws_options ao = {o->aws_profile, o->aws_region, o->endpoint_url,
					       o->no_sign_request};
		r->s3 = calloc(1, sizeof(*r->s3));
		if (!r->s3 || trawl_http_global_init() ||
		    trawl_s3_init(r->s3, &ao, (enum trawl_s3_addressing)o->s3_addressing, o->log,
				  err, errlen)) {
			if (r->s3 && !err[0])
				snprintf(err, errlen, "cannot start the S3 source");
			free(r->s3);
			free(r);
			return -1;
		}
	}
	pthread_mutex_init(&r->qlock, NULL);
	pthread_cond_init(&r->qcond, NULL);
	pthread_mutex_init(&r->wlock, NULL);
	pthread_cond_init(&r->wcond, NULL);
	r->workers = calloc(r->nworkers, sizeof(*r->workers));
	if (!r->workers)
		goto fail;
	for (unsigned i = 0; i < r->nworkers; i++) {
		struct worker *w = calloc(1, sizeof(*w));
		if (!w)
			goto fail;
		w->r = r;
		if (!(w->sc = trawl_scanner_new(o->cat, err, errlen))) {
			free(w);
			goto fail;
		}
		w->os.cat = o->cat;
		w->os.sc = w->sc;
		w->os.log = o->log;
		w->os.lim = o->archive_limits;
		w->os.pdf_helper = o->pdf_helper;
		w->os.output = o->output;
		w->os.stream_min = (size_t)env_size("TRAWL_STREAM_MIN", STREAM_MIN);
		w->os.stream_chunk = (size_t)env_size("TRAWL_STREAM_CHUNK", STREAM_CHUNK);
		r->live_workers++;
		if (pthread_create(&r->workers[i], NULL, worker_main, w)) {
			trawl_scanner_free(w->sc);
			free(w);
			goto fail;
		}
	}
	if (pthread_create(&r->producer, NULL, producer_main, r))
		goto fail;
	*runp = r;
	return 0;
fail:
	/* Threads already started are left to the process's exit: the CLI
	 * exits with status 2 right after this. */
	snprintf(err, errlen, "cannot start the scan threads");
	return -1;
}

void trawl_run_stats(struct trawl_run *r, struct trawl_stats *st)
{
	pthread_mutex_lock(&r->wlock);
	*st = r->stats;
	pthread_mutex_unlock(&r->wlock);
}

bool trawl_run_poll(struct trawl_run *r, unsigned ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&r->wlock);
	int e = 0;
	while (r->live_workers && e == 0)
		e = pthread_cond_timedwait(&r->wcond, &r->wlock, &ts);
	bool done = r->live_workers == 0;
	pthread_mutex_unlock(&r->wlock);
	return done;
}

int trawl_run_wait(struct trawl_run *r, struct trawl_stats *st)
{
	pthread_join(r->producer, NULL);
	for (unsigned i = 0; i < r->nworkers; i++)
		pthread_join(r->workers[i], NULL);
	if (r->o.output && trawl_output_end(r->o.output, r->o.out,
					    !r->write_error && !r->source_errors))
		r->write_error = true;
	if (fflush(r->o.out) != 0)
		r->write_error = true;
	r->stats.sources_failed = r->source_errors;
	if (st)
		*st = r->stats;
	int rc = r->write_error || r->source_errors ? 2 : r->failing ? 1
		 : r->stats.unanalysed ? 3 : 0;
	if (r->s3) {
		trawl_s3_release(r->s3);
		free(r->s3);
	}
	pthread_mutex_destroy(&r->qlock);
	pthread_cond_destroy(&r->qcond);
	pthread_mutex_destroy(&r->wlock);
	pthread_cond_destroy(&r->wcond);
	free(r->workers);
	free(r);
	return rc;
}
