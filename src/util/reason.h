/*
 * reason.h - Macie's reason codes for what the system said about an object.
 */
#ifndef TRAWL_UTIL_REASON_H
#define TRAWL_UTIL_REASON_H

/* The status reason for an errno met while listing or reading an object:
 * PERMISSION_DENIED, SOURCE_OBJECT_NO_LONGER_AVAILABLE, ... A static
 * string. */
const char *trawl_errno_reason(int e);

#endif
