/*
 * fs.c - the file-system source: arguments, directory walks, stdin.
 *
 * Symbolic links inside directories are not followed unless asked; when
 * they are, a directory already on the current path (a loop) is reported
 * and skipped. Directories nest at most MAX_DEPTH deep.
 */
#include "source/source.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/reason.h"

#define MAX_DEPTH 256

struct ancestor {
	dev_t dev;
	ino_t ino;
};

struct walk {
	const struct trawl_walk_options *o;
	trawl_emit_fn emit;
	void *ud;
	struct ancestor stack[MAX_DEPTH + 1];
	int depth;
};

bool trawl_glob_match(const char *glob, const char *rel)
{
	if (strchr(glob, '/'))
		return fnmatch(glob, rel, FNM_PATHNAME | FNM_PERIOD) == 0 ||
		       fnmatch(glob, rel, 0) == 0;
	const char *base = strrchr(rel, '/');
	return fnmatch(glob, base ? base + 1 : rel, 0) == 0;
}

static bool excluded(const struct trawl_walk_options *o, const char *rel)
{
	for (size_t i = 0; i < o->nexclude; i++)
		if (trawl_glob_match(o->exclude[i], rel))
			return true;
	return false;
}

static bool included(const struct trawl_walk_options *o, const char *rel)
{
	if (!o->ninclude)
		return true;
	for (size_t i = 0; i < o->ninclude; i++)
		if (trawl_glob_match(o->include[i], rel))
			return true;
	return false;
}

static int emit_failed(struct walk *w, const char *path, const char *key,
		       const char *reason)
{
	struct trawl_job_desc j = {TRAWL_JOB_FAILED, path, key, NULL, reason, false, NULL};
	return w->emit(w->ud, &j);
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walk *w, const char *path, const char *key,
		    const struct stat *dst);

/* path: what to open; key: relative name for records and globs. */
static int visit(struct walk *w, const char *path, const char *key, bool top)
{
	struct stat st;
	bool follow = top || w->o->follow_symlinks;
	if (lstat(path, &st))
		return emit_failed(w, path, key, trawl_errno_reason(errno));
	if (S_ISLNK(st.st_mode)) {
		if (!follow)
			return 0; /* not followed: not an object of this scan */
		if (stat(path, &st)) {
			if (w->o->log)
				fprintf(w->o->log, "trawl: %s: broken symbolic link\n", path);
			return emit_failed(w, path, key, "SOURCE_OBJECT_NO_LONGER_AVAILABLE");
		}
	}
	if (S_ISDIR(st.st_mode))
		return walk_dir(w, path, key, &st);
	if (!top && !included(w->o, key))
		return 0;
	struct trawl_job_desc j = {TRAWL_JOB_FILE, path, key, &st, NULL,
				   !w->o->follow_symlinks && !top, NULL};
	if (S_ISREG(st.st_mode))
		return w->emit(w->ud, &j);
	if (top && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))) {
		j.kind = TRAWL_JOB_STREAM;
		return w->emit(w->ud, &j);
	}
	if (top)
		return emit_failed(w, path, key, "UNSUPPORTED_OBJECT_TYPE");
	return 0; /* sockets, devices met in a walk: not objects */
}

static int walk_dir(struct walk *w, const char *path, const char *key,
		    const struct stat *dst)
{
	for (int i = 0; i < w->depth; i++) {
		if (w->stack[i].dev == dst->st_dev && w->stack[i].ino == dst->st_ino) {
			if (w->o->log)
				fprintf(w->o->log, "trawl: %s: file system loop, not followed\n",
					path);
			return 0;
		}
	}
	if (w->depth >= MAX_DEPTH) {
		if (w->o->log)
			fprintf(w->o->log, "trawl: %s: more than %d directory levels, not entered\n",
				path, MAX_DEPTH);
		return 0;
	}
	DIR *d = opendir(path);
	if (!d)
		return emit_failed(w, path, *key ? key : path, trawl_errno_reason(errno));
	char **names = NULL;
	size_t n = 0, alloc = 0;
	struct dirent *de;
	int rc = 0;
	while ((de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (VEC_RESERVE(names, n, alloc, 1) || !(names[n] = strdup(de->d_name))) {
			rc = -1;
			goto out;
		}
		n++;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	w->stack[w->depth++] = (struct ancestor){dst->st_dev, dst->st_ino};
	for (size_t i = 0; i < n && !rc; i++) {
		struct buf cp = BUF_INIT, ck = BUF_INIT;
		bool slash = path[0] && path[strlen(path) - 1] == '/';
		if (buf_printf(&cp, "%s%s%s", path, slash ? "" : "/", names[i]) ||
		    buf_printf(&ck, "%s%s%s", key, *key ? "/" : "", names[i])) {
			rc = -1;
		} else if (!excluded(w->o, ck.data)) {
			rc = visit(w, cp.data, ck.data, false);
		}
		buf_release(&cp);
		buf_release(&ck);
	}
	w->depth--;
out:
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

int trawl_walk(const char *arg, const struct trawl_walk_options *o,
	       trawl_emit_fn emit, void *ud)
{
	if (!strcmp(arg, "-")) {
		struct trawl_job_desc j = {TRAWL_JOB_STREAM, "-", "-", NULL, NULL, false, NULL};
		return emit(ud, &j);
	}
	struct walk *w = calloc(1, sizeof(*w));
	if (!w)
		return -1;
	w->o = o;
	w->emit = emit;
	w->ud = ud;
	/* Keys of a directory's files are relative to it; a file argument's
	 * key is the argument without a leading "./". */
	struct stat st;
	const char *key = arg;
	while (key[0] == '.' && key[1] == '/')
		key += 2;
	int rc;
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		rc = walk_dir(w, arg, "", &st);
	else
		rc = visit(w, arg, key, true);
	free(w);
	return rc;
}
