/*
 * hs_bare.c - the benchmark baseline: one bare Hyperscan pass, nothing else.
 *
 *   hs_bare PATTERNS.tsv FILE...
 *
 * PATTERNS.tsv holds one expression a line, `ID<TAB>FLAGS<TAB>PATTERN`
 * (what `trawl identifiers patterns` prints). FLAGS letters: i caseless,
 * s dotall, m multiline, 8 utf8, u ucp, 1 single-match, L som-leftmost;
 * `-` for none. Blank lines and lines starting with '#' are skipped. An ID
 * that is not a number is replaced by the line's ordinal.
 *
 * All expressions go into one block-mode database (hs_compile_multi; L
 * needs no HS_MODE_SOM_HORIZON_* bit, which block mode refuses). Each FILE
 * is mmap'ed (pages populated before the clock starts) and scanned whole
 * by hs_scan with a callback that only counts. Single-threaded.
 *
 * stdout: `bytes=N matches=N seconds=F`, where seconds is the time spent in
 * hs_scan only (CLOCK_MONOTONIC). Compile time and pattern count go to
 * stderr. Exit status 0, or 1 on any error.
 */
#include <errno.h>
#include <fcntl.h>
#include <hs.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct patterns {
	char **expr;
	unsigned *flags;
	unsigned *ids;
	size_t n, cap;
	int som; /* some pattern asks for HS_FLAG_SOM_LEFTMOST */
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int parse_flags(const char *s, unsigned *out, int *som)
{
	unsigned f = 0;
	for (; *s; s++) {
		switch (*s) {
		case 'i': f |= HS_FLAG_CASELESS; break;
		case 's': f |= HS_FLAG_DOTALL; break;
		case 'm': f |= HS_FLAG_MULTILINE; break;
		case '8': f |= HS_FLAG_UTF8; break;
		case 'u': f |= HS_FLAG_UCP; break;
		case '1': f |= HS_FLAG_SINGLEMATCH; break;
		case 'L': f |= HS_FLAG_SOM_LEFTMOST; *som = 1; break;
		case '-': break;
		default: return -1;
		}
	}
	*out = f;
	return 0;
}

static int push(struct patterns *p, char *expr, unsigned flags, unsigned id)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 64;
		char **e = realloc(p->expr, cap * sizeof *e);
		if (e)
			p->expr = e;
		unsigned *f = realloc(p->flags, cap * sizeof *f);
		if (f)
			p->flags = f;
		unsigned *i = realloc(p->ids, cap * sizeof *i);
		if (i)
			p->ids = i;
		if (!e || !f || !i)
			return -1;
		p->cap = cap;
	}
	p->expr[p->n] = expr;
	p->flags[p->n] = flags;
	p->ids[p->n] = id;
	p->n++;
	return 0;
}

static int load(const char *path, struct patterns *p)
{
	FILE *fp = fopen(path, "r");
	if (!fp) {
		fprintf(stderr, "hs_bare: %s: %s\n", path, strerror(errno));
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	unsigned lineno = 0;
	int rc = 0;
	while ((len = getline(&line, &cap, fp)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || line[0] == '#')
			continue;
		char *t1 = strchr(line, '\t');
		char *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
		if (!t2) {
			fprintf(stderr, "hs_bare: %s:%u: want ID<TAB>FLAGS<TAB>PATTERN\n",
				path, lineno);
			rc = -1;
			break;
		}
		*t1 = *t2 = '\0';
		char *end;
		errno = 0;
		unsigned long id = strtoul(line, &end, 10);
		if (errno || *end || end == line || id > UINT_MAX)
			id = (unsigned long)p->n;
		unsigned flags;
		if (parse_flags(t1 + 1, &flags, &p->som) < 0) {
			fprintf(stderr, "hs_bare: %s:%u: unknown flag in '%s'\n",
				path, lineno, t1 + 1);
			rc = -1;
			break;
		}
		char *expr = strdup(t2 + 1);
		if (!expr || push(p, expr, flags, (unsigned)id) < 0) {
			free(expr);
			fprintf(stderr, "hs_bare: out of memory\n");
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(fp);
	if (rc == 0 && p->n == 0) {
		fprintf(stderr, "hs_bare: %s: no patterns\n", path);
		rc = -1;
	}
	return rc;
}

static int on_match(unsigned id, unsigned long long from,
		    unsigned long long to, unsigned flags, void *ctx)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	(*(unsigned long long *)ctx)++;
	return 0;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: hs_bare PATTERNS.tsv FILE...\n");
		return 1;
	}
	struct patterns p = {0};
	if (load(argv[1], &p) < 0)
		return 1;

	/* Block mode tracks start of match over the whole buffer by itself:
	 * Hyperscan rejects the HS_MODE_SOM_HORIZON_* flags outside streaming
	 * mode ("may only be set in streaming mode"), so L needs no mode bit. */
	unsigned mode = HS_MODE_BLOCK;
	hs_database_t *db = NULL;
	hs_compile_error_t *cerr = NULL;
	double t0 = now();
	if (hs_compile_multi((const char *const *)p.expr, p.flags, p.ids,
			     (unsigned)p.n, mode, NULL, &db, &cerr) != HS_SUCCESS) {
		if (cerr->expression >= 0)
			fprintf(stderr, "hs_bare: pattern %d (id %u) /%s/: %s\n",
				cerr->expression, p.ids[cerr->expression],
				p.expr[cerr->expression], cerr->message);
		else
			fprintf(stderr, "hs_bare: compile: %s\n", cerr->message);
		hs_free_compile_error(cerr);
		return 1;
	}
	double compile_s = now() - t0;
	hs_scratch_t *scratch = NULL;
	if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) {
		fprintf(stderr, "hs_bare: cannot allocate scratch\n");
		return 1;
	}
	size_t dbsize = 0;
	hs_database_size(db, &dbsize);
	fprintf(stderr, "hs_bare: %zu patterns, database %zu bytes, compiled in %.3f s\n",
		p.n, dbsize, compile_s);

	unsigned long long bytes = 0, matches = 0;
	double scan_s = 0;
	int rc = 0;
	for (int i = 2; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			fprintf(stderr, "hs_bare: %s: %s\n", argv[i], strerror(errno));
			if (fd >= 0)
				close(fd);
			rc = 1;
			continue;
		}
		if (!S_ISREG(st.st_mode) || st.st_size == 0) {
			close(fd);
			continue;
		}
		if ((unsigned long long)st.st_size > UINT_MAX) {
			fprintf(stderr, "hs_bare: %s: larger than hs_scan takes\n", argv[i]);
			close(fd);
			rc = 1;
			continue;
		}
		size_t len = (size_t)st.st_size;
		void *map = mmap(NULL, len, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
		close(fd);
		if (map == MAP_FAILED) {
			fprintf(stderr, "hs_bare: %s: mmap: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		double s0 = now();
		hs_error_t err = hs_scan(db, map, (unsigned)len, 0, scratch,
					 on_match, &matches);
		scan_s += now() - s0;
		munmap(map, len);
		if (err != HS_SUCCESS) {
			fprintf(stderr, "hs_bare: %s: hs_scan failed (%d)\n", argv[i], err);
			rc = 1;
			continue;
		}
		bytes += len;
	}
	printf("bytes=%llu matches=%llu seconds=%.6f\n", bytes, matches, scan_s);

	hs_free_scratch(scratch);
	hs_free_database(db);
	for (size_t i = 0; i < p.n; i++)
		free(p.expr[i]);
	free(p.expr);
	free(p.flags);
	free(p.ids);
	return rc;
}
