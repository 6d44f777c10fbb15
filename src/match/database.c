/*
 * database.c - compiling the selected identifiers and their keywords into
 * one Hyperscan database.
 *
 * The big pass reports only (expression, end offset): no start-of-match
 * tracking, which is costly and refuses most patterns with bounded repeats.
 * The confirm stage recovers a candidate's start by running the reversed
 * pattern over the reversed bytes just before the end (match/reverse.c;
 * bench/RESULTS.md has the measurements behind this choice). Patterns whose
 * matches all have one width need no recovery at all.
 */
#include "match/catalog.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "match/reverse.h"
#include "util/buf.h"


static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

unsigned trawl_hs_flags(const char *letters)
{
	unsigned f = 0;
	for (; letters && *letters; letters++) {
		if (*letters == 'i')
			f |= HS_FLAG_CASELESS;
		else if (*letters == 's')
			f |= HS_FLAG_DOTALL;
		else if (*letters == 'm')
			f |= HS_FLAG_MULTILINE;
	}
	return f;
}

/* Keywords compare as lower-case ASCII with single spaces. */
static char *normalize_keyword(const char *s)
{
	struct buf b = BUF_INIT;
	bool space = false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\t') {
			space = b.len > 0;
			continue;
		}
		if (space && buf_addch(&b, ' '))
			goto fail;
		space = false;
		if (buf_addch(&b, (char)tolower(c)))
			goto fail;
	}
	if (!b.len)
		goto fail;
	return buf_detach(&b, NULL);
fail:
	buf_release(&b);
	return NULL;
}

static bool is_alnum(unsigned char c)
{
	return isalnum(c) != 0;
}

/* The keyword as a caseless pattern: a whole word where it begins or ends
 * with a letter or digit ("since" is not the keyword "sin"), with '_' as a
 * word separator like any other punctuation (the keyword "ssn" is in
 * "customer_ssn"), and each space also matching '_', '-' or nothing
 * ("social security" finds "social_security" and "socialsecurity").
 * The boundary characters are part of the match; the confirm stage finds
 * the keyword's own span from the match's end (keyword_end()). */
static int keyword_pattern(const char *kw, struct buf *out)
{
	size_t n = strlen(kw);
	buf_reset(out);
	if (is_alnum((unsigned char)kw[0]) && buf_addstr(out, "(?:^|[^A-Za-z0-9])"))
		return -1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)kw[i];
		int r;
		if (c == ' ')
			r = buf_addstr(out, "[ _-]?");
		else if (isalnum(c) || c >= 0x80)
			r = buf_addch(out, (char)c);
		else
			r = buf_printf(out, "\\x%02x", c);
		if (r)
			return -1;
	}
	if (is_alnum((unsigned char)kw[n - 1]) && buf_addstr(out, "(?:[^A-Za-z0-9]|$)"))
		return -1;
	return 0;
}

static long keyword_index(struct trawl_catalog *cat, const char *norm)
{
	for (size_t k = 0; k < cat->nkw; k++)
		if (!strcmp(cat->kws[k].text, norm))
			return (long)k;
	return -1;
}

static int build_keywords(struct trawl_catalog *cat)
{
	size_t alloc = 0;
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		if (!id->selected)
			continue;
		free(id->kw);
		id->kw = calloc(id->nkeywords + 1, sizeof(*id->kw));
		id->nkw = 0;
		if (!id->kw)
			return -1;
		for (size_t j = 0; j < id->nkeywords; j++) {
			char *norm = normalize_keyword(id->keywords[j]);
			if (!norm)
				continue;
			long k = keyword_index(cat, norm);
			if (k < 0) {
				if (VEC_RESERVE(cat->kws, cat->nkw, alloc, 1)) {
					free(norm);
					return -1;
				}
				cat->kws[cat->nkw].text = norm;
				cat->kws[cat->nkw].len = (unsigned)strlen(norm);
				if (cat->kws[cat->nkw].len > cat->max_kw_len)
					cat->max_kw_len = cat->kws[cat->nkw].len;
				k = (long)cat->nkw++;
			} else {
				free(norm);
			}
			bool dup = false;
			for (size_t m = 0; m < id->nkw; m++)
				dup |= id->kw[m] == (uint32_t)k;
			if (!dup)
				id->kw[id->nkw++] = (uint32_t)k;
		}
	}
	return 0;
}

/* The span-recovery database: the reversed pattern, anchored one byte in
 * (that byte is the character after the match, so \b sees it). */
static int compile_reverse(struct trawl_identifier *id, unsigned flags, char *err,
			   size_t errlen)
{
	struct buf rev = BUF_INIT, pat = BUF_INIT;
	const char *why = NULL;
	hs_compile_error_t *ce = NULL;
	hs_database_t *db = NULL;
	int rc = -1;
	if (trawl_regex_reverse(id->pattern, &rev, &why)) {
		seterr(err, errlen, "identifier %s: %s", id->id, why);
		goto out;
	}
	/* A leading inline flag group must stay in front. */
	size_t lead = 0;
	if (rev.data[0] == '(' && rev.data[1] == '?' && id->pattern[0] == '(' &&
	    !strncmp(rev.data, id->pattern, 2)) {
		const char *q = strchr(rev.data, ')');
		if (q && q[-1] != ':')
			lead = (size_t)(q + 1 - rev.data);
	}
	if (buf_add(&pat, rev.data, lead) ||
	    buf_printf(&pat, "^[\\x00-\\xff](?:%s)", rev.data + lead)) {
		seterr(err, errlen, "out of memory");
		goto out;
	}
	if (hs_compile(pat.data, flags & ~HS_FLAG_MULTILINE, HS_MODE_BLOCK, NULL, &db,
		       &ce) != HS_SUCCESS) {
		seterr(err, errlen, "identifier %s: reversed pattern does not compile: %s",
		       id->id, ce ? ce->message : "unknown error");
		hs_free_compile_error(ce);
		goto out;
	}
	id->som_db = db;
	rc = 0;
out:
	buf_release(&rev);
	buf_release(&pat);
	return rc;
}

int trawl_catalog_compile(struct trawl_catalog *cat, char *err, size_t errlen)
{
	const char **exprs = NULL;
	unsigned *flags = NULL, *ids = NULL;
	struct buf *kwpat = NULL;
	size_t nexpr = 0;
	int rc = -1;

	if (cat->compiled) {
		seterr(err, errlen, "catalog already compiled");
		return -1;
	}
	if (build_keywords(cat)) {
		seterr(err, errlen, "out of memory");
		return -1;
	}
	size_t cap = cat->n + cat->nkw;
	exprs = calloc(cap + 1, sizeof(*exprs));
	flags = calloc(cap + 1, sizeof(*flags));
	ids = calloc(cap + 1, sizeof(*ids));
	kwpat = calloc(cat->nkw + 1, sizeof(*kwpat));
	if (!exprs || !flags || !ids || !kwpat) {
		seterr(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		if (!id->selected)
			continue;
		unsigned f = trawl_hs_flags(id->flags);
		hs_expr_info_t *info = NULL;
		hs_compile_error_t *ce = NULL;
		if (hs_expression_info(id->pattern, f, &info, &ce) != HS_SUCCESS) {
			seterr(err, errlen, "identifier %s (%s): pattern does not compile: %s",
			       id->id, id->file ? id->file : "config",
			       ce ? ce->message : "unknown error");
			hs_free_compile_error(ce);
			goto out;
		}
		id->min_width = info->min_width;
		id->max_width = info->max_width == UINT_MAX || info->max_width > TRAWL_MAX_WIDTH
				? TRAWL_MAX_WIDTH : info->max_width;
		bool empty = info->min_width == 0;
		free(info);
		if (empty) {
			seterr(err, errlen, "identifier %s: pattern can match empty text", id->id);
			goto out;
		}
		/* Every pattern must be reversible, also fixed-width ones whose
		 * start needs no recovery: the same rules for all. */
		if (id->min_width != id->max_width) {
			if (compile_reverse(id, f, err, errlen))
				goto out;
		} else {
			struct buf rev = BUF_INIT;
			const char *why = NULL;
			int r = trawl_regex_reverse(id->pattern, &rev, &why);
			buf_release(&rev);
			if (r) {
				seterr(err, errlen, "identifier %s: %s", id->id, why);
				goto out;
			}
		}
		exprs[nexpr] = id->pattern;
		flags[nexpr] = f;
		ids[nexpr] = (unsigned)i;
		nexpr++;
	}
	for (size_t k = 0; k < cat->nkw; k++) {
		if (keyword_pattern(cat->kws[k].text, &kwpat[k])) {
			seterr(err, errlen, "out of memory");
			goto out;
		}
		exprs[nexpr] = kwpat[k].data;
		flags[nexpr] = HS_FLAG_CASELESS;
		ids[nexpr] = TRAWL_KW_BASE + (unsigned)k;
		nexpr++;
	}
	hs_compile_error_t *ce = NULL;
	if (hs_compile_multi(exprs, flags, ids, (unsigned)nexpr, HS_MODE_BLOCK, NULL,
			     &cat->db, &ce) != HS_SUCCESS) {
		if (ce && ce->expression >= 0 && (size_t)ce->expression < nexpr) {
			unsigned x = ids[ce->expression];
			if (x >= TRAWL_KW_BASE)
				seterr(err, errlen, "keyword '%s' does not compile: %s",
				       cat->kws[x - TRAWL_KW_BASE].text, ce->message);
			else
				seterr(err, errlen, "identifier %s: pattern does not compile: %s",
				       cat->ids[x].id, ce->message);
		} else {
			seterr(err, errlen, "the identifier database does not compile: %s",
			       ce ? ce->message : "unknown error");
		}
		hs_free_compile_error(ce);
		goto out;
	}
	if (hs_alloc_scratch(cat->db, &cat->proto) != HS_SUCCESS)
		goto scratch_fail;
	for (size_t i = 0; i < cat->n; i++)
		if (cat->ids[i].som_db &&
		    hs_alloc_scratch(cat->ids[i].som_db, &cat->proto) != HS_SUCCESS)
			goto scratch_fail;
	cat->compiled = true;
	rc = 0;
	goto out;
scratch_fail:
	seterr(err, errlen, "cannot allocate Hyperscan scratch space");
out:
	if (kwpat)
		for (size_t k = 0; k < cat->nkw; k++)
			buf_release(&kwpat[k]);
	free(kwpat);
	free(exprs);
	free(flags);
	free(ids);
	return rc;
}

size_t trawl_catalog_keyword_count(const struct trawl_catalog *cat)
{
	return cat->nkw;
}

const char *trawl_catalog_keyword(const struct trawl_catalog *cat, size_t k)
{
	return k < cat->nkw ? cat->kws[k].text : NULL;
}

void trawl_catalog_dump_patterns(const struct trawl_catalog *cat, FILE *out)
{
	for (size_t i = 0; i < cat->n; i++) {
		const struct trawl_identifier *id = &cat->ids[i];
		if (id->selected)
			fprintf(out, "%s\t%s\t%s\n", id->id, *id->flags ? id->flags : "-",
				id->pattern);
	}
	struct buf p = BUF_INIT;
	for (size_t k = 0; k < cat->nkw; k++) {
		if (keyword_pattern(cat->kws[k].text, &p) == 0)
			fprintf(out, "keyword:%s\ti\t%s\n", cat->kws[k].text, p.data);
	}
	buf_release(&p);
}
