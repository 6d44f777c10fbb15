/*
 * reverse.h - reversing a regular expression, for recovering where a match
 * starts.
 *
 * The big pass reports where matches end. Scanning the reversed bytes
 * before that end with the reversed pattern finds where the match begins,
 * without Hyperscan's start-of-match tracking (which refuses most patterns
 * with bounded repeats: "Pattern is too large").
 */
#ifndef TRAWL_MATCH_REVERSE_H
#define TRAWL_MATCH_REVERSE_H

#include "util/buf.h"

/* Writes to out a pattern that matches the byte-reversed strings of re.
 * Understands Hyperscan's syntax without anchors (^, $), lookaround,
 * backreferences, \Q..\E
 * and inline flags other than a leading (?i)/(?s)/(?m) or (?i:...) groups.
 * Returns 0, or -1 with err set for what it cannot reverse. */
int trawl_regex_reverse(const char *re, struct buf *out, const char **err);

#endif
