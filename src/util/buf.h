/*
 * buf.h - a growable byte buffer with a hard cap (after curl's dynbuf and
 * git's strbuf).
 *
 * A struct buf starts zeroed (BUF_INIT) and owns its memory; buf_release()
 * frees it. data is always NUL-terminated when len > 0 or after any append,
 * so it can be printed as a string. Appends fail with -1 (and leave the
 * buffer as it was) when the result would pass cap or memory runs out.
 */
#ifndef TRAWL_UTIL_BUF_H
#define TRAWL_UTIL_BUF_H

#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap; /* 0: no cap beyond SIZE_MAX/2 */
};

#define BUF_INIT {NULL, 0, 0, 0}

int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *p, size_t n);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, char c);
int buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
void buf_release(struct buf *b);
/* Hands the bytes over to the caller (free() them); the buffer is reset. */
char *buf_detach(struct buf *b, size_t *len);

/* Formats a message into err[0..errlen) (the library's error convention:
 * the caller's buffer); does nothing when err is NULL. */
void trawl_seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Growable arrays: VEC_PUSH(ptr, n, alloc) makes room for one more
 * element and evaluates to 0, or to -1 when memory runs out. */
int vec_grow_(void **p, size_t *alloc, size_t need, size_t elem);
#define VEC_RESERVE(p, n, alloc, extra)                                      \
	((n) + (extra) <= (alloc) ? 0                                          \
	 : vec_grow_((void **)&(p), &(alloc), (n) + (extra), sizeof(*(p))))

#endif
