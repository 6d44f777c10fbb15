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
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine/object.h"
#include "match/catalog.h"
#include "report/record.h"
#include "source/source.h"
#include "util/buf.h"
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
		if (s->len && fwrite(s->data, 1, s->len, r->o.out) != s->len)
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

static int enqueue(void *ud, const struct trawl_job_desc *d)
{
	struct trawl_run *r = ud;
	struct job j = {0};
	j.kind = d->kind;
	j.path = strdup(d->path);
	j.key = strdup(d->key);
	if (!j.path || !j.key) {
		free(j.path);
		free(j.key);
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
	for (size_t i = 0; i < r->o.npaths; i++)
		if (trawl_walk(r->o.paths[i], &wo, enqueue, r))
			break;
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
};

/* Reads fd to the end into w->data, after one '\n' and followed by one
 * (the scanner's padding: text starts at data + 1). The limit is max_size
 * (0: none). Returns 0, an errno, or EFBIG past the limit. */
static int read_all(struct worker *w, int fd, uint64_t size_hint)
{
	uint64_t max = w->r->o.max_size;
	buf_reset(&w->data);
	if ((size_hint && buf_grow(&w->data, (size_t)size_hint + 2)) ||
	    buf_addch(&w->data, '\n'))
		return ENOMEM;
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
	}
	return buf_addch(&w->data, '\n') ? ENOMEM : 0;
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

static void process(struct worker *w, struct job *j)
{
	struct trawl_run *r = w->r;
	struct trawl_object_info oi = {j->key, j->path, j->have_st ? (uint64_t)j->st.st_size : 0,
				       j->have_st ? j->st.st_mtime : 0,
				       j->kind == TRAWL_JOB_STREAM, NULL, 0, 0};
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
	int e = read_all(w, fd, j->kind == TRAWL_JOB_FILE ? (uint64_t)st.st_size : 0);
	size_t nbytes = w->data.len > 2 ? w->data.len - 2 : 0;
	if (j->kind == TRAWL_JOB_STREAM)
		oi.size = nbytes;
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
		struct job j = r->q[r->qhead];
		r->qhead = (r->qhead + 1) % WINDOW;
		r->qcount--;
		pthread_mutex_unlock(&r->qlock);
		process(w, &j);
		free(j.path);
		free(j.key);
	}
	pthread_mutex_lock(&r->wlock);
	r->live_workers--;
	pthread_cond_broadcast(&r->wcond);
	pthread_mutex_unlock(&r->wlock);
	trawl_objscan_release(&w->os);
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
	if (fflush(r->o.out) != 0)
		r->write_error = true;
	if (st)
		*st = r->stats;
	int rc = r->write_error ? 2 : r->failing ? 1 : r->stats.unanalysed ? 3 : 0;
	pthread_mutex_destroy(&r->qlock);
	pthread_cond_destroy(&r->qcond);
	pthread_mutex_destroy(&r->wlock);
	pthread_cond_destroy(&r->wcond);
	free(r->workers);
	free(r);
	return rc;
}
