/*
 * confirm.c - candidates to detections: recover the exact span, drop known
 * example values and ignore words, run the validator, apply Macie's keyword
 * proximity, resolve overlaps.
 *
 * Order matters for speed: a keyword-required identifier first checks that
 * any of its keywords was hit anywhere near the candidate (a binary search
 * in the sorted hits), before it pays for span recovery or validation.
 */
#include "confirm/confirm.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "confirm/validate.h"
#include "util/buf.h"

#define NO_KW UINT32_MAX
#define MAX_VALUE 512 /* longest value compared against ignore lists */

const char *trawl_verdict_str(enum trawl_verdict v)
{
	switch (v) {
	case TRAWL_V_DETECTED: return "passed all checks";
	case TRAWL_V_NO_SPAN: return "span not recovered";
	case TRAWL_V_CHECKSUM: return "rejected by validator";
	case TRAWL_V_NO_KEYWORD: return "no keyword within distance";
	case TRAWL_V_EXAMPLE_VALUE: return "known example value";
	case TRAWL_V_IGNORE_WORD: return "contains an ignore word";
	case TRAWL_V_OVERLAP: return "inside a longer detection";
	case TRAWL_V_ALLOW_LIST: return "on an allow list";
	case TRAWL_V_NOT_ALONE: return "part of a run of number groups, a path or a name";
	}
	return "?";
}

size_t trawl_u8_chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static size_t max_distance(const struct trawl_catalog *cat)
{
	int m = 0;
	for (size_t i = 0; i < cat->n; i++)
		if (cat->ids[i].selected && cat->ids[i].max_distance > m)
			m = cat->ids[i].max_distance;
	return (size_t)m;
}

size_t trawl_confirm_reach(const struct trawl_catalog *cat)
{
	/* A character is at most 4 bytes of UTF-8. */
	return 4 * max_distance(cat) + cat->max_kw_len * 2 + 8;
}

static void trace(const struct trawl_confirm_ctx *c, uint32_t ident, size_t start,
		  size_t end, enum trawl_verdict v, uint32_t kw, size_t gap)
{
	if (!c->trace)
		return;
	struct trawl_trace t = {ident, start, end, v, kw, gap};
	c->trace(c->trace_ud, &t);
}

/* First hit whose end is >= pos. */
static size_t lower_bound(const struct trawl_kwhit *kh, size_t n, size_t pos)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (kh[mid].end < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool has_keyword(const struct trawl_identifier *id, uint32_t kw)
{
	for (size_t i = 0; i < id->nkw; i++)
		if (id->kw[i] == kw)
			return true;
	return false;
}

/* Where the keyword of a hit ends: the hit may include the one character
 * after the keyword that made it a whole word (database.c). */
static size_t keyword_end(const char *text, size_t hit_end, const struct trawl_keyword *k)
{
	unsigned char last = (unsigned char)k->text[k->len - 1];
	if (hit_end > 0 && isalnum(last) && !isalnum((unsigned char)text[hit_end - 1]))
		return hit_end - 1;
	return hit_end;
}

/* Where the keyword ending at end begins: the keyword read backwards, a
 * space in it standing for one optional ' ', '_' or '-'. */
static size_t keyword_start(const char *text, size_t end, const struct trawl_keyword *k)
{
	size_t i = end;
	for (size_t j = k->len; j-- > 0;) {
		char c = k->text[j];
		if (c == ' ') {
			if (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '_' ||
				      text[i - 1] == '-'))
				i--;
			continue;
		}
		if (i == 0 || tolower((unsigned char)text[i - 1]) != c)
			return end >= k->len ? end - k->len : 0; /* cannot happen */
		i--;
	}
	return i;
}

static int on_rev(unsigned int id, unsigned long long from, unsigned long long to,
		  unsigned int flags, void *ud)
{
	(void)id;
	(void)from;
	(void)flags;
	unsigned long long *best = ud;
	if (to > *best || *best == ~0ULL)
		*best = to;
	return 0;
}

/* The leftmost start of a match of id ending exactly at end, or -1 when
 * none ends there: the reversed pattern runs over the reversed bytes
 * before end, anchored after one byte of context (the byte after the
 * match), and its longest match reaches back to the start. A pattern of
 * one width has no recovery database unless it is prefiltered (whose
 * candidates need this check). */
static int recover_start(const struct trawl_confirm_ctx *c,
			 const struct trawl_identifier *id, size_t end, size_t *start)
{
	if (!id->som_db) {
		if (end < id->min_width)
			return -1;
		*start = end - id->min_width;
		return 0;
	}
	char rev[TRAWL_MAX_WIDTH + 3];
	size_t ws = end > (size_t)id->max_width + 1 ? end - id->max_width - 1 : 0;
	size_t n = 0;
	rev[n++] = end < c->len ? c->text[end] : '\n';
	for (size_t i = end; i-- > ws;)
		rev[n++] = c->text[i];
	unsigned long long best = ~0ULL;
	hs_error_t e = hs_scan(id->som_db, rev, (unsigned)n, 0, c->scratch, on_rev, &best);
	explicit_bzero(rev, n);
	if (e != HS_SUCCESS || best == ~0ULL || best < 2)
		return -1;
	*start = end - (size_t)(best - 1);
	return 0;
}

static bool contains_ignore_word(const struct trawl_identifier *id, const char *v,
				 size_t n)
{
	for (size_t i = 0; i < id->nignore_words; i++)
		if (memmem(v, n, id->ignore_words[i], strlen(id->ignore_words[i])))
			return true;
	return false;
}

/* Example values compare with spaces and hyphens removed. */
static bool is_example_value(const struct trawl_identifier *id, const char *v,
			     size_t n)
{
	if (!id->nignore_values)
		return false;
	char norm[MAX_VALUE];
	size_t m = 0;
	bool hit = false;
	for (size_t i = 0; i < n && m < sizeof(norm); i++)
		if (v[i] != ' ' && v[i] != '-')
			norm[m++] = v[i];
	for (size_t i = 0; i < id->nignore_values && !hit; i++) {
		const char *x = id->ignore_values[i];
		size_t xl = 0;
		bool eq = true;
		for (; *x; x++) {
			if (*x == ' ' || *x == '-')
				continue;
			if (xl >= m || norm[xl] != *x) {
				eq = false;
				break;
			}
			xl++;
		}
		hit = eq && xl == m;
	}
	explicit_bzero(norm, sizeof(norm));
	return hit;
}

static bool hexch(char c)
{
	return isxdigit((unsigned char)c);
}

/* Does t[start, end) stand alone? Not when it is one group of a longer run
 * of number groups (a hex dump, a row of figures: a group of two or more
 * hex digits, with a digit, right before or after it across one space or
 * tab) nor when it is glued into a path, URL or name ('/', '-', '.', '_'
 * before it; '/', '-', '_' and a letter or digit after it). A group of
 * digits followed by '/' after it is a date ("12/26"), which is fine. */
static bool stands_alone(const char *t, size_t len, size_t start, size_t end)
{
	if (start >= 1) {
		char b = t[start - 1];
		if (b == '/' || b == '-' || b == '.' || b == '_')
			return false;
		if (b == ' ' || b == '\t') {
			size_t k = start - 1, n = 0;
			bool digit = false;
			while (k > 0 && hexch(t[k - 1])) {
				digit |= isdigit((unsigned char)t[k - 1]) != 0;
				k--;
				n++;
			}
			if (n >= 2 && digit && (k == 0 || !isalnum((unsigned char)t[k - 1])))
				return false;
		}
	}
	if (end < len) {
		char a = t[end];
		if ((a == '/' || a == '-' || a == '_') && end + 1 < len &&
		    isalnum((unsigned char)t[end + 1]))
			return false;
		if ((a == ' ' || a == '\t') && end + 1 < len && isdigit((unsigned char)t[end + 1])) {
			size_t k = end + 1, n = 0;
			while (k < len && hexch(t[k])) {
				k++;
				n++;
			}
			if (n >= 2 && (k >= len || (!isalnum((unsigned char)t[k]) && t[k] != '/')))
				return false;
		}
	}
	return true;
}

/* The structured value holding text offset off, or NULL (*tmp holds it
 * when it is a run's value). */
static const struct trawl_segment *structured_at(const struct trawl_confirm_ctx *c,
						  size_t off, struct trawl_segment *tmp)
{
	if (!c->doc || !c->doc->nseg || off < c->pad)
		return NULL;
	const struct trawl_segment *g = doc_locate(c->doc, off - c->pad, tmp);
	return g && g->structured ? g : NULL;
}

/* Is keyword k in s[0..n), with the same rules as its pattern (database.c):
 * caseless, a whole word where it begins or ends with a letter or digit,
 * a space standing for one optional ' ', '_' or '-'? */
static bool keyword_in(const char *s, size_t n, const struct trawl_keyword *k)
{
	bool wb = isalnum((unsigned char)k->text[0]);
	bool we = isalnum((unsigned char)k->text[k->len - 1]);
	for (size_t i = 0; i < n; i++) {
		if (wb && i > 0 && isalnum((unsigned char)s[i - 1]))
			continue;
		size_t p = i, j = 0;
		for (; j < k->len; j++) {
			char kc = k->text[j];
			if (kc == ' ') {
				if (p < n && (s[p] == ' ' || s[p] == '_' || s[p] == '-'))
					p++;
				continue;
			}
			if (p >= n || tolower((unsigned char)s[p]) != kc)
				break;
			p++;
		}
		if (j == k->len && (!we || p >= n || !isalnum((unsigned char)s[p])))
			return true;
	}
	return false;
}

bool trawl_context_bound(const struct trawl_catalog *cat, const char *ctx)
{
	size_t n = strlen(ctx);
	for (size_t k = 0; k < cat->nkw; k++)
		if (cat->kws[k].bound_width && keyword_in(ctx, n, &cat->kws[k]))
			return true;
	return false;
}

/* A keyword of id in the context (column name, key path) of segment g. */
static uint32_t context_keyword(const struct trawl_confirm_ctx *c,
				const struct trawl_identifier *id,
				const struct trawl_segment *g)
{
	const char *ctx = g ? doc_str(c->doc, g->context) : NULL;
	if (!ctx)
		return NO_KW;
	/* A column's values ask the same question again and again. */
	uint32_t ident = (uint32_t)(id - c->cat->ids);
	struct trawl_kwmemo *m = NULL;
	if (c->memo) {
		m = &c->memo[((uint32_t)g->context * 2654435761u + ident * 40503u) %
			     TRAWL_KWMEMO];
		if (m->ctx == g->context && m->ident == ident)
			return m->kw;
	}
	size_t n = strlen(ctx);
	uint32_t kw = NO_KW;
	for (size_t i = 0; i < id->nkw && kw == NO_KW; i++)
		if (keyword_in(ctx, n, &c->cat->kws[id->kw[i]]))
			kw = id->kw[i];
	if (m)
		*m = (struct trawl_kwmemo){g->context, ident, kw};
	return kw;
}

/* Whether the keyword at text[ks, ke) stands where it is no keyword:
 * deep inside a compound programming name, with two or more parts joined
 * by '_' before it and one after ("XML_SCHEMAV_CVC_DATATYPE" is no "cvc";
 * a column "customer_card_cvv" or "cvv_code" keeps it), or inside one of
 * id's exclusion phrases ("happy birthday" is no "birthday"). */
static bool keyword_excluded(const struct trawl_confirm_ctx *c,
			     const struct trawl_identifier *id, size_t ks, size_t ke)
{
	const char *t = c->text;
	if (ke + 1 < c->len && t[ke] == '_' && isalnum((unsigned char)t[ke + 1])) {
		size_t i = ks, parts = 0;
		while (i > 1 && t[i - 1] == '_' && isalnum((unsigned char)t[i - 2])) {
			i--;
			while (i > 0 && isalnum((unsigned char)t[i - 1]))
				i--;
			parts++;
		}
		if (parts >= 2)
			return true;
	}
	for (size_t x = 0; x < id->nkeyword_exclusions; x++) {
		const char *ph = id->keyword_exclusions[x];
		size_t pl = strlen(ph), kl = ke - ks;
		/* every place the keyword's text stands in the phrase */
		for (size_t at = 0; at + kl <= pl; at++) {
			if (strncasecmp(ph + at, t + ks, kl) || at > ks || ks - at + pl > c->len)
				continue;
			if (!strncasecmp(ph, t + ks - at, pl))
				return true;
		}
	}
	return false;
}

/* The closest keyword of id around [start, end), or NO_KW. Inside a
 * structured segment g (NULL: none) only keywords within it count. */
static uint32_t find_keyword(const struct trawl_confirm_ctx *c,
			     const struct trawl_identifier *id,
			     const struct trawl_kwhit *kh, size_t nkh, size_t start,
			     size_t end, const struct trawl_segment *g, size_t *gap_out)
{
	size_t maxd = (size_t)id->max_distance;
	size_t lo = start > 4 * maxd ? start - 4 * maxd : 0;
	size_t hi = end + 4 * maxd + c->cat->max_kw_len;
	if (g) {
		lo = lo > g->start + c->pad ? lo : g->start + c->pad;
		hi = hi < g->end + c->pad + 1 ? hi : g->end + c->pad + 1;
	}
	uint32_t best = NO_KW;
	size_t best_gap = ~(size_t)0;
	for (size_t i = lower_bound(kh, nkh, lo); i < nkh && kh[i].end <= hi; i++) {
		if (!has_keyword(id, kh[i].kw))
			continue;
		const struct trawl_keyword *k = &c->cat->kws[kh[i].kw];
		size_t ke = keyword_end(c->text, kh[i].end, k), gap;
		size_t ks = keyword_start(c->text, ke, k);
		if (g && (ke > g->end + c->pad || ks < g->start + c->pad))
			continue;
		if (keyword_excluded(c, id, ks, ke))
			continue;
		if (id->custom) {
			/* Macie's custom rule: from the keyword's end to the
			 * match's end */
			if (ke > end)
				continue;
			gap = trawl_u8_chars(c->text + ke, end - ke);
		} else if (ke <= start) {
			gap = trawl_u8_chars(c->text + ke, start - ke);
		} else {
			if (ks < end)
				continue; /* the keyword overlaps the value */
			gap = trawl_u8_chars(c->text + end, ks - end);
		}
		if (gap <= maxd && gap < best_gap) {
			best = kh[i].kw;
			best_gap = gap;
		}
	}
	*gap_out = best_gap;
	return best;
}

static bool any_keyword_near(const struct trawl_confirm_ctx *c,
			     const struct trawl_identifier *id,
			     const struct trawl_kwhit *kh, size_t nkh, size_t end)
{
	size_t reach = 4 * (size_t)id->max_distance + c->cat->max_kw_len + 2;
	size_t lo = end > id->max_width + reach ? end - id->max_width - reach : 0;
	for (size_t i = lower_bound(kh, nkh, lo); i < nkh && kh[i].end <= end + reach; i++)
		if (has_keyword(id, kh[i].kw))
			return true;
	return false;
}

int trawl_confirm(const struct trawl_confirm_ctx *c, const struct trawl_cand *cand,
		  size_t ncand, const struct trawl_kwhit *kh, size_t nkh,
		  size_t own_lo, size_t own_hi, struct trawl_detvec *out)
{
	for (size_t i = 0; i < ncand; i++) {
		if (cand[i].end < own_lo || cand[i].end >= own_hi)
			continue;
		uint32_t ix = cand[i].ident;
		const struct trawl_identifier *id = &c->cat->ids[ix];
		size_t end = cand[i].end, start, gap = 0;
		uint32_t kw = NO_KW;

		/* A prefilter's end where the pattern itself does not end is
		 * no candidate at all (not traced: the pattern never made
		 * it). Prefiltered identifiers need no keyword, so this is
		 * the recovery they would pay below anyway. */
		bool found = false;
		if (id->prefilter) {
			if (recover_start(c, id, end, &start))
				continue;
			found = true;
		}
		if (id->keyword_required && !any_keyword_near(c, id, kh, nkh, end) &&
		    !structured_at(c, end - 1, &(struct trawl_segment){0})) {
			trace(c, ix, end, end, TRAWL_V_NO_KEYWORD, NO_KW, 0);
			continue;
		}
		if ((!found && recover_start(c, id, end, &start)) ||
		    (id->delimited && end - start < 3)) {
			trace(c, ix, end, end, TRAWL_V_NO_SPAN, NO_KW, 0);
			continue;
		}
		if (id->delimited) { /* the value lies between the delimiters */
			start++;
			end--;
		}
		const char *v = c->text + start;
		size_t vn = end - start;
		if (id->standalone && !stands_alone(c->text, c->len, start, end)) {
			trace(c, ix, start, end, TRAWL_V_NOT_ALONE, NO_KW, 0);
			continue;
		}
		if (contains_ignore_word(id, v, vn)) {
			trace(c, ix, start, end, TRAWL_V_IGNORE_WORD, NO_KW, 0);
			continue;
		}
		if (is_example_value(id, v, vn)) {
			trace(c, ix, start, end, TRAWL_V_EXAMPLE_VALUE, NO_KW, 0);
			continue;
		}
		if (id->validator &&
		    !((const struct trawl_validator *)id->validator)->fn(v, vn)) {
			trace(c, ix, start, end, TRAWL_V_CHECKSUM, NO_KW, 0);
			continue;
		}
		if (trawl_catalog_allowed(c->cat, c->scratch, v, vn)) {
			trace(c, ix, start, end, TRAWL_V_ALLOW_LIST, NO_KW, 0);
			continue;
		}
		if (id->nkw) {
			struct trawl_segment tmp;
			const struct trawl_segment *g = structured_at(c, start, &tmp);
			kw = find_keyword(c, id, kh, nkh, start, end, g, &gap);
			if (kw == NO_KW) {
				kw = context_keyword(c, id, g);
				gap = 0;
			}
		}
		if (id->keyword_required && kw == NO_KW) {
			trace(c, ix, start, end, TRAWL_V_NO_KEYWORD, NO_KW, 0);
			continue;
		}
		if (VEC_RESERVE(out->v, out->n, out->alloc, 1))
			return -1;
		out->v[out->n++] = (struct trawl_detection){ix, kw, start, end};
		trace(c, ix, start, end, TRAWL_V_DETECTED, kw, gap);
	}
	return 0;
}

static int cmp_det(const void *a, const void *b)
{
	const struct trawl_detection *x = a, *y = b;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* longer first */
	return x->ident < y->ident ? -1 : x->ident > y->ident;
}

/* Does kept k make d redundant? Same identifier: any overlap (the earlier,
 * longer one stays). Different identifiers: d lies inside a longer k, or
 * has the same span while k needed a keyword and d did not (a card number
 * with its keyword is CREDIT_CARD_NUMBER, not also the no-keyword kind). */
static bool dominated(const struct trawl_catalog *cat, const struct trawl_detection *k,
		      const struct trawl_detection *d)
{
	if (k->end <= d->start)
		return false;
	if (k->ident == d->ident)
		return true;
	bool inside = d->start >= k->start && d->end <= k->end;
	if (!inside)
		return false;
	if (k->end - k->start > d->end - d->start)
		return true;
	return cat->ids[k->ident].keyword_required && !cat->ids[d->ident].keyword_required;
}

void trawl_resolve_overlaps(const struct trawl_confirm_ctx *c, struct trawl_detvec *d)
{
	if (d->n < 2)
		return;
	qsort(d->v, d->n, sizeof(*d->v), cmp_det);
	/* Same span, two identifiers, the keyword one sorted second: make the
	 * keyword one come first so it is the one kept. */
	for (size_t i = 0; i + 1 < d->n; i++) {
		struct trawl_detection *a = &d->v[i], *b = &d->v[i + 1];
		if (a->start == b->start && a->end == b->end &&
		    !c->cat->ids[a->ident].keyword_required &&
		    c->cat->ids[b->ident].keyword_required) {
			struct trawl_detection t = *a;
			*a = *b;
			*b = t;
		}
	}
	size_t kept = 0, reach = 0; /* reach: the furthest end kept so far */
	for (size_t i = 0; i < d->n; i++) {
		const struct trawl_detection *x = &d->v[i];
		bool drop = false;
		/* Kept detections that can still overlap x are recent ones: no
		 * match is wider than the recovery window. None reaches x in the
		 * common case, which costs one comparison. */
		for (size_t j = x->start < reach ? kept : 0; j-- > 0;) {
			const struct trawl_detection *k = &d->v[j];
			if (k->start + 2 * 8192 < x->start)
				break;
			if (dominated(c->cat, k, x)) {
				drop = true;
				break;
			}
		}
		if (drop) {
			trace(c, x->ident, x->start, x->end, TRAWL_V_OVERLAP, NO_KW, 0);
			continue;
		}
		d->v[kept++] = *x;
		if (x->end > reach)
			reach = x->end;
	}
	d->n = kept;
}
