/*
 * chars.h - small character helpers shared by the parsers.
 */
#ifndef TRAWL_UTIL_CHARS_H
#define TRAWL_UTIL_CHARS_H

/* The value of a hexadecimal digit, or -1. */
static inline int trawl_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
