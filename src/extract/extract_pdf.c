/*
 * extract_pdf.c - text per page out of a PDF (see pdf.h, and the README's
 * PDF section): the driver.
 *
 * qpdf parses the file and hands over objects and raw stream bytes; from
 * there on everything is ours and bounded: stream filters (Flate, LZW,
 * ASCII85, ASCIIHex, RunLength) decode under a per-stream and a
 * per-document cap (pdf_filter.c), the content-stream lexer and
 * interpreter count every token against a budget (pdf_lex.c,
 * pdf_content.c), forms nest at most PDF_MAX_FORM_DEPTH deep, and every
 * table read from the file (CMaps, widths, differences: pdf_font.c) has a
 * cap. This file holds qpdf access, the walk over pages and annotations,
 * and the statuses. By default the whole run happens in a forked child
 * under rlimits (the end of this file), since qpdf's own memory use is not
 * bounded.
 */
#include "extract/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <qpdf/qpdf-c.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "extract/pdf_internal.h"
#include "util/chars.h"

static const char MIME_PDF[] = "application/pdf";

/* ---- qpdf access ---- */

void pdf_oh_free(struct pdf_ctx *c, qpdf_oh h)
{
	if (h)
		qpdf_oh_release(c->q, h);
}

/* qpdf reports problems on the handle; a problem reading one object only
 * spoils that object, so it is cleared and noted. */
void pdf_check_err(struct pdf_ctx *c)
{
	if (qpdf_has_error(c->q)) {
		qpdf_error e = qpdf_get_error(c->q);
		/* qpdf_e_system: memory (or I/O, which memory input has not) */
		c->flags |= e && qpdf_get_error_code(c->q, e) == qpdf_e_system ? F_SIZE
										: F_DAMAGED;
	}
}

qpdf_oh pdf_key(struct pdf_ctx *c, qpdf_oh dict, const char *k)
{
	if (!dict || !qpdf_oh_is_dictionary(c->q, dict))
		return 0;
	qpdf_oh v = qpdf_oh_get_key(c->q, dict, k);
	pdf_check_err(c);
	if (v && qpdf_oh_is_null(c->q, v)) {
		pdf_oh_free(c, v);
		return 0;
	}
	return v;
}

bool pdf_num_of(struct pdf_ctx *c, qpdf_oh h, double *v)
{
	return h && qpdf_oh_is_number(c->q, h) && qpdf_oh_get_value_as_number(c->q, h, v) &&
	       isfinite(*v);
}

/* A name object's text without its '/', or NULL. Valid until the next
 * qpdf call: copy it. */
const char *pdf_name_of(struct pdf_ctx *c, qpdf_oh h)
{
	if (!h || !qpdf_oh_is_name(c->q, h))
		return NULL;
	const char *n = qpdf_oh_get_name(c->q, h);
	return n && n[0] == '/' ? n + 1 : n;
}

/* ---- pages ---- */

/* The page's /Resources, inherited from the page tree when absent. */
static qpdf_oh page_resources(struct pdf_ctx *c, qpdf_oh page)
{
	qpdf_oh node = qpdf_oh_new_object(c->q, page);
	for (int hop = 0; node && hop < PDF_MAX_PARENTS; hop++) {
		qpdf_oh r = pdf_key(c, node, "/Resources");
		if (r) {
			pdf_oh_free(c, node);
			return r;
		}
		qpdf_oh parent = pdf_key(c, node, "/Parent");
		pdf_oh_free(c, node);
		node = parent;
	}
	pdf_oh_free(c, node);
	return 0;
}

static void page_contents(struct pdf_ctx *c, qpdf_oh page, struct buf *all)
{
	qpdf_oh cs = pdf_key(c, page, "/Contents");
	struct buf one = BUF_INIT;
	int n = 1;
	bool arr = cs && qpdf_oh_is_array(c->q, cs);
	if (arr)
		n = qpdf_oh_get_array_n_items(c->q, cs);
	for (int i = 0; i < n && i < PDF_MAX_CONTENTS; i++) {
		qpdf_oh s = arr ? qpdf_oh_get_array_item(c->q, cs, i) : cs;
		if (s && pdf_stream_data(c, s, &one) == 0) {
			/* Streams of a page are one content stream, split
			 * between tokens. */
			if (buf_add(all, one.data ? one.data : "", one.len) || buf_addch(all, '\n'))
				c->flags |= F_SIZE;
		}
		if (arr)
			pdf_oh_free(c, s);
	}
	buf_release(&one);
	pdf_oh_free(c, cs);
}

/* Annotations: the appearance of form fields (what a filled-in field
 * shows) and the /Contents text of the others (notes, free text). */
static void page_annots(struct pdf_ctx *c, qpdf_oh page, qpdf_oh res)
{
	qpdf_oh an = pdf_key(c, page, "/Annots");
	if (!an || !qpdf_oh_is_array(c->q, an)) {
		pdf_oh_free(c, an);
		return;
	}
	int n = qpdf_oh_get_array_n_items(c->q, an);
	for (int i = 0; i < n && i < PDF_MAX_ANNOTS && !(c->flags & F_TIME); i++) {
		qpdf_oh a = qpdf_oh_get_array_item(c->q, an, i);
		qpdf_oh st = pdf_key(c, a, "/Subtype");
		const char *sub = pdf_name_of(c, st);
		bool widget = sub && !strcmp(sub, "Widget");
		pdf_oh_free(c, st);
		if (widget) {
			qpdf_oh ap = pdf_key(c, a, "/AP");
			qpdf_oh nrm = pdf_key(c, ap, "/N");
			struct buf content = BUF_INIT;
			if (nrm && qpdf_oh_is_stream(c->q, nrm) && pdf_stream_data(c, nrm, &content) == 0) {
				qpdf_oh d = qpdf_oh_get_dict(c->q, nrm);
				qpdf_oh fres = pdf_key(c, d, "/Resources");
				pdf_separate(c, '\n');
				c->have_text = false;
				c->forms[0] = qpdf_oh_get_object_id(c->q, nrm);
				pdf_run_content(c, &content, fres ? fres : res, pdf_identity, 1);
				pdf_oh_free(c, fres);
				pdf_oh_free(c, d);
			}
			buf_release(&content);
			pdf_oh_free(c, nrm);
			pdf_oh_free(c, ap);
		} else {
			qpdf_oh ct = pdf_key(c, a, "/Contents");
			if (ct && qpdf_oh_is_string(c->q, ct)) {
				size_t len = 0;
				const char *u = qpdf_oh_get_binary_utf8_value(c->q, ct, &len);
				if (u && len) {
					pdf_separate(c, '\n');
					for (size_t k = 0; k < len; k++)
						if (u[k] == '\r' || u[k] == '\0')
							continue;
						else
							pdf_page_add(c, u + k, 1);
					c->have_text = false;
				}
			}
			pdf_oh_free(c, ct);
		}
		pdf_oh_free(c, a);
	}
	pdf_oh_free(c, an);
}

typedef int (*page_fn)(void *ud, uint32_t page, const char *text, size_t len);

static void ctx_release(struct pdf_ctx *c)
{
	for (size_t i = 0; i < c->nfonts; i++)
		pdf_font_free(c->fonts[i]);
	free(c->fonts);
	c->fonts = NULL;
	c->nfonts = c->afonts = 0;
	buf_release(&c->page);
}

/* Reads every page, handing each page's text to fn. Returns the F_ flags. */
static unsigned pdf_run(const char *data, size_t len,
			const struct trawl_pdf_limits *lim, page_fn fn, void *ud)
{
	struct pdf_ctx c;
	memset(&c, 0, sizeof(c));
	c.lim = lim;
	c.q = qpdf_init();
	if (!c.q)
		return F_UNREADABLE;
	qpdf_silence_errors(c.q);
	qpdf_set_suppress_warnings(c.q, QPDF_TRUE);
	if (qpdf_read_memory(c.q, "object", data, len, "") & QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(c.q);
		c.flags = e && qpdf_get_error_code(c.q, e) == qpdf_e_password ? F_ENCRYPTED
									       : F_UNREADABLE;
		goto out;
	}
	int npages = qpdf_get_num_pages(c.q);
	if (npages <= 0) { /* no page tree: nothing a reader would show */
		pdf_check_err(&c);
		c.flags |= F_UNREADABLE;
		goto out;
	}
	if ((uint64_t)npages > lim->max_pages) {
		c.flags |= F_PAGES;
		npages = (int)lim->max_pages;
	}
	struct buf content = BUF_INIT;
	for (int i = 0; i < npages && !(c.flags & F_TIME); i++) {
		qpdf_oh page = qpdf_get_page_n(c.q, (size_t)i);
		pdf_check_err(&c);
		buf_reset(&c.page);
		c.have_text = false;
		if (page) {
			qpdf_oh res = page_resources(&c, page);
			buf_reset(&content);
			page_contents(&c, page, &content);
			if (content.len)
				pdf_run_content(&c, &content, res, pdf_identity, 0);
			page_annots(&c, page, res);
			pdf_oh_free(&c, res);
		}
		while (c.page.len && (c.page.data[c.page.len - 1] == ' ' ||
				      c.page.data[c.page.len - 1] == '\n'))
			c.page.len--;
		if (fn(ud, (uint32_t)i + 1, c.page.data, c.page.len)) {
			c.flags |= F_SIZE;
			break;
		}
		qpdf_oh_release_all(c.q);
		if (c.nfonts >= PDF_MAX_FONTS) {
			for (size_t k = 0; k < c.nfonts; k++)
				pdf_font_free(c.fonts[k]);
			c.nfonts = 0;
		}
		if (c.text >= lim->max_text) {
			c.flags |= F_SIZE;
			break;
		}
	}
	buf_release(&content);
	/* Warnings mean qpdf repaired the file; only pages that could not be
	 * read (F_DAMAGED) make the result partial. */
	while (qpdf_more_warnings(c.q))
		qpdf_next_warning(c.q);
out:
	ctx_release(&c);
	qpdf_cleanup(&c.q);
	return c.flags;
}

/* ---- into the doc, directly or through a child process ---- */

struct to_doc {
	struct trawl_doc *doc;
	bool nomem;
};

static int page_to_doc(void *ud, uint32_t page, const char *text, size_t len)
{
	struct to_doc *t = ud;
	if (len == 0)
		return 0;
	size_t start = doc_pos(t->doc);
	if (doc_add(t->doc, text, len)) {
		t->nomem = true;
		return -1;
	}
	size_t end = doc_pos(t->doc);
	struct trawl_segment *s = doc_segment(t->doc, TRAWL_SEG_PAGE, start, end);
	if (!s || doc_addch(t->doc, '\n')) {
		t->nomem = true;
		return -1;
	}
	s->page = page;
	return 0;
}

/* The child's side of the pipe: 'P' page(4) len(8) text, and at the end
 * 'E' flags(4). Little-endian. */
static int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static void le_put(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le_get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int page_to_pipe(void *ud, uint32_t page, const char *text, size_t len)
{
	int fd = *(int *)ud;
	if (len == 0)
		return 0;
	unsigned char h[13];
	h[0] = 'P';
	le_put(h + 1, page, 4);
	le_put(h + 5, len, 8);
	return write_all(fd, h, sizeof(h)) || write_all(fd, text, len) ? -1 : 0;
}

/* In the child: nothing of the parent's but the pipe, then the limits. */
static void child_limits(int keep, const struct trawl_pdf_limits *lim)
{
#ifdef SYS_close_range
	if (keep > 3)
		syscall(SYS_close_range, 3u, (unsigned)keep - 1, 0u);
	syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0u);
#else
	(void)keep;
#endif
	struct rlimit r;
	r.rlim_cur = r.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &r);
	setrlimit(RLIMIT_FSIZE, &r);
	r.rlim_cur = lim->max_seconds;
	r.rlim_max = (rlim_t)lim->max_seconds + 1;
	setrlimit(RLIMIT_CPU, &r);
#ifndef TRAWL_UNDER_ASAN
	/* The address space it already has (copied from the parent) plus
	 * the budget. */
	unsigned long vm = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char b[64];
		ssize_t k = read(fd, b, sizeof(b) - 1);
		close(fd);
		if (k > 0) {
			b[k] = '\0';
			vm = strtoul(b, NULL, 10);
		}
	}
	long pg = sysconf(_SC_PAGESIZE);
	if (vm && pg > 0) {
		r.rlim_cur = r.rlim_max = (rlim_t)vm * (rlim_t)pg + lim->max_memory;
		setrlimit(RLIMIT_AS, &r);
	}
#endif
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs pdf_run in a child and reads its pages into doc. */
static unsigned run_isolated(const char *data, size_t len,
			     const struct trawl_pdf_limits *lim, struct to_doc *td)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return F_UNREADABLE;
	/* With a helper program the child execs it, and reads the PDF from a
	 * memory file: everything it needs is made before the fork, since
	 * between fork and exec only async-signal-safe calls are allowed. */
	int mfd = -1;
	char a[6][24];
	char *argv[9] = {(char *)"trawl", (char *)"__pdf-child"};
	if (lim->helper) {
		if (lim->fd >= 0) {
			mfd = fcntl(lim->fd, F_DUPFD_CLOEXEC, 3); /* the file itself */
			if (mfd < 0) {
				close(p[0]);
				close(p[1]);
				return F_UNREADABLE; /* (data is not all of it) */
			}
		} else {
			mfd = memfd_create("trawl-pdf", MFD_CLOEXEC);
			if (mfd >= 0 && (write_all(mfd, data, len) || lseek(mfd, 0, SEEK_SET))) {
				close(mfd);
				mfd = -1;
			}
		}
		snprintf(a[0], sizeof(a[0]), "%u", (unsigned)lim->max_pages);
		snprintf(a[1], sizeof(a[1]), "%llu", (unsigned long long)lim->max_stream);
		snprintf(a[2], sizeof(a[2]), "%llu", (unsigned long long)lim->max_decoded);
		snprintf(a[3], sizeof(a[3]), "%llu", (unsigned long long)lim->max_ops);
		snprintf(a[4], sizeof(a[4]), "%llu", (unsigned long long)lim->max_text);
		snprintf(a[5], sizeof(a[5]), "%u", (unsigned)lim->max_seconds);
		for (int i = 0; i < 6; i++)
			argv[2 + i] = a[i];
		argv[8] = NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		if (mfd >= 0)
			close(mfd);
		return F_UNREADABLE;
	}
	if (pid == 0) {
		close(p[0]);
		/* The parent's handlers are not the child's business. */
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		if (mfd >= 0) {
			if (dup2(mfd, 0) < 0 || dup2(p[1], 1) < 0)
				_exit(126);
			child_limits(1, lim);
			execv(lim->helper, argv);
			_exit(127);
		}
		child_limits(p[1], lim);
		unsigned flags = pdf_run(data, len, lim, page_to_pipe, &p[1]);
		unsigned char e[5] = {'E'};
		le_put(e + 1, flags, 4);
		write_all(p[1], e, sizeof(e));
		_exit(0);
	}
	close(p[1]);
	if (mfd >= 0)
		close(mfd);
	unsigned flags = 0;
	bool ended = false, killed = false;
	struct buf in = BUF_INIT;
	in.cap = (size_t)(lim->max_text + (uint64_t)lim->max_pages * 16 + 4096);
	double deadline = now_s() + 2.0 * lim->max_seconds + 1;
	for (;;) {
		double left = deadline - now_s();
		if (left <= 0) {
			kill(pid, SIGKILL);
			killed = true;
			flags |= F_TIME;
			break;
		}
		struct pollfd pf = {p[0], POLLIN, 0};
		int pr = poll(&pf, 1, left > 1000 ? 1000000 : (int)(left * 1000) + 1);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr <= 0)
			continue;
		char chunk[65536];
		ssize_t k = read(p[0], chunk, sizeof(chunk));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (buf_add(&in, chunk, (size_t)k)) {
			kill(pid, SIGKILL);
			killed = true;
			flags |= F_SIZE;
			break;
		}
		/* Hand over whole pages as they come. */
		size_t used = 0;
		while (in.len - used >= 5) {
			const unsigned char *h = (const unsigned char *)in.data + used;
			if (h[0] == 'E') {
				flags |= (unsigned)le_get(h + 1, 4);
				ended = true;
				used += 5;
				continue;
			}
			if (h[0] != 'P' || in.len - used < 13)
				break;
			uint64_t tl = le_get(h + 5, 8);
			if (tl > in.len - used - 13)
				break;
			if (page_to_doc(td, (uint32_t)le_get(h + 1, 4), (const char *)h + 13,
					(size_t)tl)) {
				flags |= F_SIZE;
			}
			used += 13 + (size_t)tl;
		}
		if (in.len > used && in.data[used] != 'P' && in.data[used] != 'E') {
			kill(pid, SIGKILL); /* garbage: not our child's words */
			killed = true;
			flags |= F_DAMAGED;
			break;
		}
		memmove(in.data, in.data + used, in.len - used);
		in.len -= used;
	}
	close(p[0]);
	buf_release(&in);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!ended && !killed) {
		/* It died: out of its CPU time, out of memory, or crashed. */
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
			flags |= F_TIME;
		else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			flags |= F_SIZE; /* the kernel's OOM killer */
		else
			flags |= F_SIZE | F_DAMAGED;
	}
	return flags;
}

int trawl_pdf_child_main(int argc, char **argv)
{
	struct trawl_pdf_limits lim = TRAWL_PDF_LIMITS_DEFAULT;
	if (argc < 8 || strcmp(argv[1], "__pdf-child"))
		return 2;
	lim.max_pages = (uint32_t)strtoul(argv[2], NULL, 10);
	lim.max_stream = strtoull(argv[3], NULL, 10);
	lim.max_decoded = strtoull(argv[4], NULL, 10);
	lim.max_ops = strtoull(argv[5], NULL, 10);
	lim.max_text = strtoull(argv[6], NULL, 10);
	lim.max_seconds = (uint32_t)strtoul(argv[7], NULL, 10);
	lim.in_process = true;
	struct stat st;
	if (fstat(0, &st) || st.st_size <= 0)
		return 2;
	void *data = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, 0, 0);
	if (data == MAP_FAILED)
		return 2;
	int out = 1;
	unsigned flags = pdf_run(data, (size_t)st.st_size, &lim, page_to_pipe, &out);
	unsigned char e[5] = {'E'};
	le_put(e + 1, flags, 4);
	write_all(1, e, sizeof(e));
	munmap(data, (size_t)st.st_size);
	return 0;
}

bool trawl_is_pdf(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	return n >= 5 && memmem(data, n, "%PDF-", 5) != NULL;
}

struct trawl_ex_result trawl_extract_pdf(const char *data, size_t len,
					 struct trawl_doc *doc,
					 const struct trawl_pdf_limits *lim)
{
	static const struct trawl_pdf_limits defaults = TRAWL_PDF_LIMITS_DEFAULT;
	if (!lim)
		lim = &defaults;
	doc->mime = MIME_PDF;
	struct to_doc td = {doc, false};
	unsigned f = lim->in_process ? pdf_run(data, len, lim, page_to_doc, &td)
				     : run_isolated(data, len, lim, &td);
	if (td.nomem)
		f |= F_SIZE;
	struct trawl_ex_result r = {TRAWL_EX_COMPLETE, NULL};
	if (f & F_ENCRYPTED)
		r.reason = TRAWL_R_PDF_ENCRYPTED;
	else if (f & F_UNREADABLE)
		r.reason = TRAWL_R_PDF_MALFORMED;
	else if (f & F_TIME)
		r.reason = TRAWL_R_PDF_TIME;
	else if (f & F_SIZE)
		r.reason = TRAWL_R_PDF_SIZE;
	else if (f & F_PAGES)
		r.reason = TRAWL_R_PDF_PAGES;
	else if (f & F_DAMAGED)
		r.reason = TRAWL_R_PDF_MALFORMED;
	if (r.reason)
		r.status = doc_len(doc) ? TRAWL_EX_PARTIAL : TRAWL_EX_SKIPPED;
	return r;
}
