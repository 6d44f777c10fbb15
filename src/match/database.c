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

#include "match/cache.h"
#include "match/gate.h"
#include "match/reverse.h"
#include "util/buf.h"



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

/* Keyword texts to their numbers while the table is built (a catalog has
 * thousands: a linear search per keyword cost milliseconds of start-up).
 * Open addressing; a slot holds number + 1, 0 when empty; never more than
 * half full. */
struct kw_table {
	uint32_t *slot;
	size_t mask;
};

/* norm's slot: its number + 1 there, or 0 where it goes. */
static uint32_t *keyword_slot(const struct trawl_catalog *cat, const struct kw_table *t,
			      const char *norm)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (const char *c = norm; *c; c++)
		h = (h ^ (unsigned char)*c) * 0x100000001b3ull;
	for (size_t i = (size_t)(h ^ (h >> 29));; i++) {
		uint32_t *s = &t->slot[i & t->mask];
		if (!*s || !strcmp(cat->kws[*s - 1].text, norm))
			return s;
	}
}

/* Room for every keyword of the selected identifiers, and the numbered
 * ones already there. */
static int kw_table_init(struct kw_table *t, const struct trawl_catalog *cat)
{
	size_t total = cat->nkw, cap = 16;
	for (size_t i = 0; i < cat->n; i++)
		if (cat->ids[i].selected)
			total += cat->ids[i].nkeywords;
	while (cap < 2 * total + 2)
		cap *= 2;
	t->mask = cap - 1;
	if (!(t->slot = calloc(cap, sizeof(*t->slot))))
		return -1;
	for (size_t k = 0; k < cat->nkw; k++)
		*keyword_slot(cat, t, cat->kws[k].text) = (uint32_t)k + 1;
	return 0;
}

static int build_keywords(struct trawl_catalog *cat, bool custom, struct kw_table *t)
{
	size_t alloc = cat->nkw;
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		if (!id->selected || id->custom != custom)
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
			uint32_t *slot = keyword_slot(cat, t, norm);
			long k = (long)*slot - 1;
			if (k < 0) {
				if (VEC_RESERVE(cat->kws, cat->nkw, alloc, 1)) {
					free(norm);
					return -1;
				}
				cat->kws[cat->nkw].text = norm;
				cat->kws[cat->nkw].len = (unsigned)strlen(norm);
				cat->kws[cat->nkw].bound_width = 0;
				if (cat->kws[cat->nkw].len > cat->max_kw_len)
					cat->max_kw_len = cat->kws[cat->nkw].len;
				k = (long)cat->nkw++;
				*slot = (uint32_t)cat->nkw;
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

/* The span-recovery pattern: the reversed pattern, anchored one byte in
 * (that byte is the character after the match, so \b sees it). */
static int reverse_pattern(const struct trawl_identifier *id, struct buf *pat,
			   char *err, size_t errlen)
{
	struct buf rev = BUF_INIT;
	const char *why = NULL;
	int rc = -1;
	if (trawl_regex_reverse(id->pattern, &rev, &why)) {
		trawl_seterr(err, errlen, "identifier %s: %s", id->id, why);
		goto out;
	}
	/* A leading inline flag group, "(?i)", must stay in front (the
	 * reversal keeps it there); any other group starting "(?" is part
	 * of the pattern. */
	size_t lead = 0;
	if (rev.data[0] == '(' && rev.data[1] == '?') {
		const char *q = rev.data + 2;
		while (*q && strchr("imsx-", *q))
			q++;
		if (*q == ')' && q > rev.data + 2)
			lead = (size_t)(q + 1 - rev.data);
	}
	buf_reset(pat);
	if (buf_add(pat, rev.data, lead) ||
	    buf_printf(pat, "^[\\x00-\\xff](?:%s)", rev.data + lead)) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	rc = 0;
out:
	buf_release(&rev);
	return rc;
}

/* Bump when what a cached database means changes (the reversal, the
 * keyword pattern, what the analysis records: struct trawl_cache_ident). */
#define CACHE_FORMAT "trawl-db-5"

void trawl_catalog_set_cache_dir(struct trawl_catalog *cat, const char *dir)
{
	free(cat->cache_dir);
	cat->cache_dir = dir ? strdup(dir) : NULL;
}

static void compile_error(struct trawl_catalog *cat, hs_compile_error_t *ce,
			  const unsigned *ids, size_t nexpr, char *err, size_t errlen)
{
	if (ce && ce->expression >= 0 && (size_t)ce->expression < nexpr) {
		unsigned x = ids[ce->expression];
		if (x >= TRAWL_KW_BASE)
			trawl_seterr(err, errlen, "keyword '%s' does not compile: %s",
			       cat->kws[x - TRAWL_KW_BASE].text, ce->message);
		else
			trawl_seterr(err, errlen, "identifier %s: pattern does not compile: %s",
			       cat->ids[x].id, ce->message);
	} else {
		trawl_seterr(err, errlen, "the identifier database does not compile: %s",
		       ce ? ce->message : "unknown error");
	}
}

/* Widths of id's matches; every pattern must be non-empty and reversible
 * (also fixed-width ones, whose start needs no recovery: one rule for
 * all). Fills rev with the recovery pattern when the width varies. Runs
 * only when the part is compiled: a run from the cache takes what it
 * learnt from struct trawl_cache_ident, so whatever it adds to an
 * identifier must be kept there too. */
static int analyse(struct trawl_identifier *id, unsigned f, struct buf *rev,
		   char *err, size_t errlen)
{
	hs_expr_info_t *info = NULL;
	hs_compile_error_t *ce = NULL;
	if (hs_expression_info(id->pattern, f, &info, &ce) != HS_SUCCESS) {
		trawl_seterr(err, errlen, "%s %s (%s): pattern does not compile: %s",
		       id->custom ? "custom data identifier" : "identifier",
		       id->id, id->file ? id->file : "config",
		       ce ? ce->message : "unknown error");
		hs_free_compile_error(ce);
		return -1;
	}
	id->min_width = info->min_width;
	id->max_width = info->max_width == UINT_MAX || info->max_width > TRAWL_MAX_WIDTH
			? TRAWL_MAX_WIDTH : info->max_width;
	bool empty = info->min_width == 0;
	bool unbounded = info->max_width == UINT_MAX || info->max_width > TRAWL_MAX_WIDTH;
	free(info);
	if (id->prefilter && unbounded) {
		/* recovery decides whether a candidate is one: it must see
		 * every match whole */
		trawl_seterr(err, errlen, "identifier %s: a prefiltered pattern needs a "
			     "bounded width (at most %u bytes)", id->id, TRAWL_MAX_WIDTH);
		return -1;
	}
	if (empty) {
		trawl_seterr(err, errlen, "identifier %s: pattern can match empty text", id->id);
		return -1;
	}
	if (reverse_pattern(id, rev, err, errlen))
		return -1;
	/* A prefiltered identifier's candidates are checked by recovery,
	 * whatever its widths. */
	if (id->min_width == id->max_width && !id->prefilter)
		buf_reset(rev);
	return 0;
}

/* The allow lists' regexes, each anchored to match a detection entirely
 * (small: compiled every run, not cached). */
static int compile_allow(struct trawl_catalog *cat, char *err, size_t errlen)
{
	size_t n = cat->nallow_regex;
	if (!n)
		return 0;
	const char **ex = calloc(n, sizeof(*ex));
	unsigned *fl = calloc(n, sizeof(*fl)), *ids = calloc(n, sizeof(*ids));
	struct buf *pat = calloc(n, sizeof(*pat));
	int rc = -1;
	if (!ex || !fl || !ids || !pat) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (buf_printf(&pat[i], "^(?:%s)$", cat->allow_regex[i])) {
			trawl_seterr(err, errlen, "out of memory");
			goto out;
		}
		ex[i] = pat[i].data;
		fl[i] = HS_FLAG_SINGLEMATCH | HS_FLAG_DOTALL;
		ids[i] = (unsigned)i;
	}
	hs_compile_error_t *ce = NULL;
	if (hs_compile_multi(ex, fl, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &cat->allow_db,
			     &ce) != HS_SUCCESS) {
		int bad = ce && ce->expression >= 0 ? ce->expression : 0;
		trawl_seterr(err, errlen, "allow list %s: regex does not compile: %s",
			     cat->allow_regex_name[bad], ce ? ce->message : "unknown error");
		hs_free_compile_error(ce);
		goto out;
	}
	rc = 0;
out:
	for (size_t i = 0; pat && i < n; i++)
		buf_release(&pat[i]);
	free(pat);
	free(ex);
	free(fl);
	free(ids);
	return rc;
}

/* The databases an identifier goes to. A keyword-bound one (a managed
 * identifier that needs a keyword) is scanned only around hits of the
 * keywords, which stay in the main database, and over structured values
 * whose context holds one (scan.c): most of the text never meets its
 * pattern. */
enum part { PART_MAIN, PART_BOUND, PART_CUSTOM, PART_GATED };

static enum part part_of(const struct trawl_identifier *id)
{
	if (id->custom)
		return PART_CUSTOM;
	if (id->keyword_required && id->nkw)
		return PART_BOUND;
	return id->gate ? PART_GATED : PART_MAIN;
}

/* The part compiled afresh: each identifier analysed (its errors come
 * first and name it), the big pass, the recovery databases, all kept in one
 * block. exprs[0..nexpr) are the part's, the identifiers first (nsel of
 * them, ids[] their catalog indices). NULL with err set on failure. */
static struct trawl_cache *compile_fresh(struct trawl_catalog *cat,
					 const struct trawl_hash *key,
					 const char *const *exprs, const unsigned *flags,
					 const unsigned *ids, size_t nexpr, size_t nsel,
					 char *err, size_t errlen)
{
	struct trawl_cache_ident *ident = calloc(nsel + 1, sizeof(*ident));
	struct buf *rev = calloc(nsel + 1, sizeof(*rev));
	hs_database_t **dbs = calloc(nsel + 1, sizeof(*dbs)); /* [0] the big pass */
	struct trawl_cache *c = NULL;
	hs_compile_error_t *ce = NULL;
	size_t ndbs = 1;
	if (!ident || !rev || !dbs) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	for (size_t j = 0; j < nsel; j++) {
		struct trawl_identifier *id = &cat->ids[ids[j]];
		if (analyse(id, flags[j], &rev[j], err, errlen))
			goto out;
		ident[j] = (struct trawl_cache_ident){ids[j], id->min_width, id->max_width,
						      rev[j].len > 0};
		ndbs += rev[j].len > 0;
	}
	if (hs_compile_multi(exprs, flags, ids, (unsigned)nexpr, HS_MODE_BLOCK, NULL, &dbs[0],
			     &ce) != HS_SUCCESS) {
		compile_error(cat, ce, ids, nexpr, err, errlen);
		hs_free_compile_error(ce);
		goto out;
	}
	for (size_t j = 0, d = 1; j < nsel; j++) {
		if (!rev[j].len)
			continue;
		if (hs_compile(rev[j].data, flags[j] & ~HS_FLAG_MULTILINE, HS_MODE_BLOCK, NULL,
			       &dbs[d], &ce) != HS_SUCCESS) {
			trawl_seterr(err, errlen,
				     "identifier %s: reversed pattern does not compile: %s",
				     cat->ids[ids[j]].id, ce ? ce->message : "unknown error");
			hs_free_compile_error(ce);
			goto out;
		}
		d++;
	}
	if (!(c = trawl_cache_build(key, ident, nsel, dbs, ndbs)))
		trawl_seterr(err, errlen, "out of memory keeping the compiled databases");
out:
	for (size_t d = 0; dbs && d < ndbs; d++)
		if (dbs[d])
			hs_free_database(dbs[d]);
	for (size_t j = 0; rev && j < nsel; j++)
		buf_release(&rev[j]);
	free(dbs);
	free(rev);
	free(ident);
	return c;
}

/* Whether a cached block is for these identifiers (the key says so; this
 * guards what the catalog will trust: indices, widths). */
static bool cache_fits(const struct trawl_catalog *cat, const struct trawl_cache *c,
		       const unsigned *ids, size_t nsel)
{
	for (size_t j = 0; j < nsel; j++) {
		const struct trawl_cache_ident *x = &c->ident[j];
		if (x->index != ids[j] || !x->min_width || x->min_width > x->max_width ||
		    x->max_width > TRAWL_MAX_WIDTH ||
		    x->recovery != (x->min_width != x->max_width || cat->ids[ids[j]].prefilter))
			return false;
	}
	return true;
}

/* One database: the selected identifiers of one part with the keywords
 * [kw_lo, kw_hi) and each variable-width identifier's recovery database;
 * taken from the cache when its key is there, and then neither compiled
 * nor analysed: the key needs only the expressions and their flags. A part
 * with nothing to compile has no database. The parts are cached apart, so
 * that a configuration's custom identifiers never cost a recompile of the
 * managed catalog. */
static int compile_part(struct trawl_catalog *cat, enum part part, size_t kw_lo,
			size_t kw_hi, hs_database_t **out, char *err, size_t errlen)
{
	const char **exprs = NULL;
	unsigned *flags = NULL, *ids = NULL;
	struct buf *kwpat = NULL;
	struct trawl_cache *c = NULL;
	size_t nexpr = 0, nsel, nkw = kw_hi - kw_lo;
	int rc = -1;

	*out = NULL;
	size_t cap = cat->n + nkw;
	exprs = calloc(cap + 1, sizeof(*exprs));
	flags = calloc(cap + 1, sizeof(*flags));
	ids = calloc(cap + 1, sizeof(*ids));
	kwpat = calloc(nkw + 1, sizeof(*kwpat));
	if (!exprs || !flags || !ids || !kwpat) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	struct trawl_hash key;
	trawl_hash_init(&key);
	trawl_hash_str(&key, CACHE_FORMAT);
	trawl_hash_str(&key, part == PART_CUSTOM ? "custom" :
			     part == PART_BOUND ? "keyword-bound" :
			     part == PART_GATED ? "gated" : "managed");
	trawl_hash_str(&key, hs_version());
	/* Databases are built for this processor's features (and valgrind's
	 * emulated one differs): part of the name. */
	hs_platform_info_t plat;
	if (hs_populate_platform(&plat) == HS_SUCCESS) {
		trawl_hash_add(&key, &plat.tune, sizeof(plat.tune));
		trawl_hash_add(&key, &plat.cpu_features, sizeof(plat.cpu_features));
	}
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		if (!id->selected || part_of(id) != part)
			continue;
		unsigned f = trawl_hs_flags(id->flags);
		/* A prefilter stands for the pattern in the big pass; the
		 * pattern's recovery database checks its candidates. */
		exprs[nexpr] = id->prefilter ? id->prefilter : id->pattern;
		flags[nexpr] = f;
		ids[nexpr] = (unsigned)i;
		nexpr++;
		trawl_hash_add(&key, &i, sizeof(i));
		trawl_hash_add(&key, &f, sizeof(f));
		trawl_hash_str(&key, id->pattern);
		if (id->prefilter) {
			trawl_hash_str(&key, "prefilter");
			trawl_hash_str(&key, id->prefilter);
		}
	}
	nsel = nexpr;
	for (size_t k = kw_lo; k < kw_hi; k++) {
		struct buf *kp = &kwpat[k - kw_lo];
		if (keyword_pattern(cat->kws[k].text, kp)) {
			trawl_seterr(err, errlen, "out of memory");
			goto out;
		}
		exprs[nexpr] = kp->data;
		flags[nexpr] = HS_FLAG_CASELESS;
		ids[nexpr] = TRAWL_KW_BASE + (unsigned)k;
		nexpr++;
		trawl_hash_add(&key, &k, sizeof(k));
		trawl_hash_str(&key, kp->data);
	}
	if (!nexpr) {
		rc = 0;
		goto out;
	}

	c = trawl_cache_load(cat->cache_dir, &key, nsel);
	if (c && !cache_fits(cat, c, ids, nsel)) {
		trawl_cache_free(c);
		c = NULL;
	}
	if (!c) {
		if (!(c = compile_fresh(cat, &key, exprs, flags, ids, nexpr, nsel, err, errlen)))
			goto out;
		trawl_cache_save(c, cat->cache_dir);
	}
	/* The catalog owns the block, and every database in it, from here. */
	for (size_t j = 0, d = 1; j < nsel; j++) {
		struct trawl_identifier *id = &cat->ids[ids[j]];
		id->min_width = c->ident[j].min_width;
		id->max_width = c->ident[j].max_width;
		id->som_db = c->ident[j].recovery ? c->db[d++] : NULL;
	}
	*out = c->db[0];
	cat->parts[part] = c;
	c = NULL;
	rc = 0;
out:
	trawl_cache_free(c);
	if (kwpat)
		for (size_t k = 0; k < nkw; k++)
			buf_release(&kwpat[k]);
	free(kwpat);
	free(exprs);
	free(flags);
	free(ids);
	return rc;
}

/* The gated identifiers' gates, compiled together; each identifier's
 * gate_no its index there. */
static int compile_gates(struct trawl_catalog *cat, char *err, size_t errlen)
{
	struct trawl_gate *g = calloc(cat->n + 1, sizeof(*g));
	size_t n = 0;
	if (!g) {
		trawl_seterr(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		id->gate_no = -1;
		if (!id->selected || part_of(id) != PART_GATED)
			continue;
		char gerr[160];
		if (trawl_gate_parse(id->gate, &g[n], gerr, sizeof(gerr))) {
			trawl_seterr(err, errlen, "identifier %s: %s", id->id, gerr);
			free(g);
			return -1;
		}
		/* What the pattern analysis knows must not contradict it. */
		if (!id->prefilter && g[n].min_len > id->min_width) {
			trawl_seterr(err, errlen, "identifier %s: gate '%s': its shortest match is "
				     "longer than the pattern's (%u bytes)", id->id, id->gate,
				     id->min_width);
			free(g);
			return -1;
		}
		id->gate_no = (int)n++;
	}
	if (n && !(cat->gates = trawl_gateset_new(g, n, err, errlen))) {
		free(g);
		return -1;
	}
	free(g);
	return 0;
}

int trawl_catalog_compile(struct trawl_catalog *cat, char *err, size_t errlen)
{
	if (cat->compiled) {
		trawl_seterr(err, errlen, "catalog already compiled");
		return -1;
	}
	for (size_t i = 0; i < cat->n; i++) {
		struct trawl_identifier *id = &cat->ids[i];
		long r = id->reports_as ? trawl_catalog_find(cat, id->reports_as) : (long)i;
		if (r < 0 || cat->ids[r].reports_as || cat->ids[r].custom != id->custom) {
			trawl_seterr(err, errlen, "identifier %s: reports_as names no identifier "
				     "of its own kind (%s)", id->id, id->reports_as);
			return -1;
		}
		id->report = (uint32_t)r;
	}
	/* Managed identifiers' keywords first: a custom identifier's new
	 * keywords are numbered after them and go to the custom database. */
	size_t kw_managed;
	struct kw_table kt = {NULL, 0};
	int r = kw_table_init(&kt, cat) || build_keywords(cat, false, &kt) ||
		(kw_managed = cat->nkw, build_keywords(cat, true, &kt));
	free(kt.slot);
	if (r) {
		trawl_seterr(err, errlen, "out of memory");
		return -1;
	}
	if (compile_part(cat, PART_MAIN, 0, kw_managed, &cat->db, err, errlen) ||
	    compile_part(cat, PART_BOUND, 0, 0, &cat->bound_db, err, errlen) ||
	    compile_part(cat, PART_GATED, 0, 0, &cat->gate_db, err, errlen) ||
	    compile_gates(cat, err, errlen) ||
	    compile_part(cat, PART_CUSTOM, kw_managed, cat->nkw, &cat->custom_db, err,
			 errlen) ||
	    compile_allow(cat, err, errlen))
		return -1;
	/* How far around a hit of each keyword a keyword-bound identifier
	 * owning it can end: its widest match beyond the confirm stage's
	 * reach (see scan.c). */
	for (size_t i = 0; i < cat->n; i++) {
		const struct trawl_identifier *id = &cat->ids[i];
		if (!id->selected || part_of(id) != PART_BOUND)
			continue;
		if (id->max_width > cat->bound_width)
			cat->bound_width = id->max_width;
		for (size_t j = 0; j < id->nkw; j++)
			if (id->max_width + 1 > cat->kws[id->kw[j]].bound_width)
				cat->kws[id->kw[j]].bound_width = id->max_width + 1;
	}
	hs_database_t *all[] = {cat->db, cat->bound_db, cat->gate_db, cat->custom_db,
				cat->allow_db};
	for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++)
		if (all[i] && hs_alloc_scratch(all[i], &cat->proto) != HS_SUCCESS)
			goto scratch_fail;
	for (size_t i = 0; i < cat->n; i++)
		if (cat->ids[i].som_db &&
		    hs_alloc_scratch(cat->ids[i].som_db, &cat->proto) != HS_SUCCESS)
			goto scratch_fail;
	cat->compiled = true;
	return 0;
scratch_fail:
	trawl_seterr(err, errlen, "cannot allocate Hyperscan scratch space");
	return -1;
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
