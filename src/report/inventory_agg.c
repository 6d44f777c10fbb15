/*
 * inventory_agg.c - the inventory's numbers: objects aggregated into
 * totals, buckets and locations (per category, type and reason), the
 * sensitivity scores, and the orders the writers list things in.
 */
#include "report/inventory_int.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

const char *inv_score_label(int score)
{
	if (score < 0)
		return "Classification error";
	if (score == 50)
		return "Not analysed";
	return score > 50 ? "Sensitive" : "Not sensitive";
}

/* ---- aggregation ---------------------------------------------------- */

/* A reason that says the object could not be read, not that it could
 * not be classified: a location with only these is a classification
 * error (-1), as in Macie. */
static bool error_reason(const char *r)
{
	static const char *const e[] = {"PERMISSION_DENIED", "INTERNAL_ERROR",
					"SOURCE_OBJECT_NO_LONGER_AVAILABLE",
					"OBJECT_VERSION_MISMATCH"};
	for (size_t i = 0; r && i < sizeof(e) / sizeof(*e); i++)
		if (!strcmp(r, e[i]))
			return true;
	return false;
}

static void stat_add(struct inv_stat *s, const struct inv_object *o, uint64_t det,
		     uint8_t sev)
{
	s->objects++;
	s->bytes += o->size;
	s->classified += o->classified;
	s->detections += det;
	s->sev = sev > s->sev ? sev : s->sev;
}

static int agg_add(struct trawl_inventory *inv, struct inv_agg *a,
		   const struct inv_object *o)
{
	a->objects++;
	a->bytes += o->size;
	a->classified += o->classified;
	a->detections += o->detections;
	a->sev = o->sev > a->sev ? o->sev : a->sev;
	if (o->status == INV_SKIPPED)
		a->skipped++;
	else
		a->analysed++;
	a->partial += o->status == INV_PARTIAL;
	a->with_data += o->detections > 0;
	if (o->status == INV_SKIPPED || o->reason) {
		a->not_analysed++;
		a->error_skip |= o->status == INV_SKIPPED && error_reason(o->reason);
		size_t r = 0;
		while (r < a->nreasons && a->reasons[r].reason != o->reason)
			r++;
		if (r == a->nreasons) {
			if (VEC_RESERVE(a->reasons, a->nreasons, a->areasons, 1))
				return -1;
			a->reasons[a->nreasons++] = (struct inv_rcount){o->reason, 0};
		}
		a->reasons[r].n++;
	}
	/* per category: once per object, its detections and highest type */
	uint64_t cdet[INV_NCAT] = {0};
	uint8_t csev[INV_NCAT] = {0};
	bool has[INV_NCAT] = {0};
	for (uint32_t i = 0; i < o->nhits; i++) {
		const struct inv_hit *h = &o->hits[i];
		unsigned c = inv->types[h->type].cat;
		if (!h->count)
			continue;
		has[c] = true;
		cdet[c] += h->count;
		csev[c] = h->sev > csev[c] ? h->sev : csev[c];
		size_t t = 0;
		while (t < a->ntypes && a->types[t].type != h->type)
			t++;
		if (t == a->ntypes) {
			if (VEC_RESERVE(a->types, a->ntypes, a->atypes, 1))
				return -1;
			a->types[a->ntypes++] = (struct inv_tstat){.type = h->type};
		}
		stat_add(&a->types[t].s, o, h->count, h->sev);
	}
	for (unsigned c = 0; c < INV_NCAT; c++)
		if (has[c])
			stat_add(&a->cat[c], o, cdet[c], csev[c]);
	return 0;
}

/* Macie's scale (README.md, "Reports"): -1 classification error, 50 not
 * analysed, 1-49 not sensitive (higher the less was analysed), 51-98
 * sensitive (by highest severity, then the share of analysed objects
 * with sensitive data). */
static int agg_score(const struct inv_agg *a)
{
	if (!a->analysed)
		return a->error_skip ? -1 : 50;
	if (!a->with_data)
		return 1 + (int)(48 * a->skipped / a->objects);
	unsigned sev = a->sev ? a->sev : 1;
	uint64_t share = (16 * a->with_data + a->analysed - 1) / a->analysed;
	return 50 + 16 * (int)(sev - 1) + (int)(share > 16 ? 16 : share);
}

static int cmp_tstat(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	const struct inv_type *a = &inv->types[((const struct inv_tstat *)x)->type];
	const struct inv_type *b = &inv->types[((const struct inv_tstat *)y)->type];
	return a->cat != b->cat ? (a->cat < b->cat ? -1 : 1) : strcmp(a->name, b->name);
}

static int cmp_reason(const void *x, const void *y)
{
	const char *a = ((const struct inv_rcount *)x)->reason;
	const char *b = ((const struct inv_rcount *)y)->reason;
	return !a || !b ? (a ? 1 : b ? -1 : 0) : strcmp(a, b);
}

static void agg_finish(struct trawl_inventory *inv, struct inv_agg *a)
{
	if (a->ntypes) /* empty lists are NULL, which qsort may not take */
		qsort_r(a->types, a->ntypes, sizeof(*a->types), cmp_tstat, inv);
	if (a->nreasons)
		qsort(a->reasons, a->nreasons, sizeof(*a->reasons), cmp_reason);
	a->score = agg_score(a);
}

static int cmp_bucket(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	const struct inv_bucket *a = &inv->buckets[*(const uint32_t *)x];
	const struct inv_bucket *b = &inv->buckets[*(const uint32_t *)y];
	return a->s3 != b->s3 ? (a->s3 ? -1 : 1) : strcmp(a->name, b->name);
}

static int cmp_loc(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	const struct inv_loc *a = &inv->locs[*(const uint32_t *)x];
	const struct inv_loc *b = &inv->locs[*(const uint32_t *)y];
	int c = cmp_bucket(&a->bucket, &b->bucket, ud);
	return c ? c : strcmp(a->prefix, b->prefix);
}

static int cmp_loc_score(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	const struct inv_loc *a = &inv->locs[*(const uint32_t *)x];
	const struct inv_loc *b = &inv->locs[*(const uint32_t *)y];
	if (a->agg.score != b->agg.score)
		return a->agg.score > b->agg.score ? -1 : 1;
	return cmp_loc(x, y, ud);
}

static int cmp_path(const struct inv_object *a, const struct inv_object *b)
{
	int c = strcmp(a->path, b->path);
	if (c || (!a->member && !b->member))
		return c;
	if (!a->member || !b->member)
		return a->member ? 1 : -1;
	return strcmp(a->member, b->member);
}

static int cmp_obj_path(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	return cmp_path(&inv->obj[*(const uint32_t *)x], &inv->obj[*(const uint32_t *)y]);
}

static int cmp_obj_top(const void *x, const void *y, void *ud)
{
	const struct trawl_inventory *inv = ud;
	const struct inv_object *a = &inv->obj[*(const uint32_t *)x];
	const struct inv_object *b = &inv->obj[*(const uint32_t *)y];
	if (a->sev != b->sev)
		return a->sev > b->sev ? -1 : 1;
	if (a->detections != b->detections)
		return a->detections > b->detections ? -1 : 1;
	return cmp_path(a, b);
}

int inv_aggregate(struct trawl_inventory *inv)
{
	if (inv->aggregated)
		return 0;
	/* inputs added after an earlier aggregation: start again */
	inv_agg_release(&inv->total);
	memset(&inv->total, 0, sizeof(inv->total));
	for (size_t i = 0; i < inv->nbuckets; i++) {
		inv_agg_release(&inv->buckets[i].agg);
		memset(&inv->buckets[i].agg, 0, sizeof(inv->buckets[i].agg));
	}
	for (size_t i = 0; i < inv->nlocs; i++) {
		inv_agg_release(&inv->locs[i].agg);
		memset(&inv->locs[i].agg, 0, sizeof(inv->locs[i].agg));
	}
	free(inv->bucket_order);
	free(inv->loc_order);
	free(inv->loc_by_score);
	free(inv->top);
	free(inv->unanalysed);
	inv->bucket_order = inv->loc_order = inv->loc_by_score = NULL;
	inv->top = inv->unanalysed = NULL;
	inv->ntop = inv->nunanalysed = 0;

	for (size_t i = 0; i < inv->nobj; i++) {
		const struct inv_object *o = &inv->obj[i];
		if (agg_add(inv, &inv->total, o) ||
		    agg_add(inv, &inv->buckets[o->bucket].agg, o) ||
		    agg_add(inv, &inv->locs[o->loc].agg, o))
			return -1;
	}
	agg_finish(inv, &inv->total);
	for (size_t i = 0; i < inv->nbuckets; i++)
		agg_finish(inv, &inv->buckets[i].agg);
	for (size_t i = 0; i < inv->nlocs; i++)
		agg_finish(inv, &inv->locs[i].agg);

	if (!(inv->bucket_order = calloc(inv->nbuckets + 1, sizeof(uint32_t))) ||
	    !(inv->loc_order = calloc(inv->nlocs + 1, sizeof(uint32_t))) ||
	    !(inv->loc_by_score = calloc(inv->nlocs + 1, sizeof(uint32_t))) ||
	    !(inv->top = calloc(inv->nobj + 1, sizeof(uint32_t))) ||
	    !(inv->unanalysed = calloc(inv->nobj + 1, sizeof(uint32_t))))
		return -1;
	/* A bucket or location whose objects all moved (a later record of
	 * the same object placed elsewhere) is not listed. */
	inv->nbucket_list = inv->nloc_list = 0;
	for (size_t i = 0; i < inv->nbuckets; i++)
		if (inv->buckets[i].agg.objects)
			inv->bucket_order[inv->nbucket_list++] = (uint32_t)i;
	for (size_t i = 0; i < inv->nlocs; i++)
		if (inv->locs[i].agg.objects)
			inv->loc_order[inv->nloc_list++] = (uint32_t)i;
	memcpy(inv->loc_by_score, inv->loc_order, inv->nloc_list * sizeof(uint32_t));
	qsort_r(inv->bucket_order, inv->nbucket_list, sizeof(uint32_t), cmp_bucket, inv);
	qsort_r(inv->loc_order, inv->nloc_list, sizeof(uint32_t), cmp_loc, inv);
	qsort_r(inv->loc_by_score, inv->nloc_list, sizeof(uint32_t), cmp_loc_score, inv);

	size_t nt = 0, nu = 0;
	for (size_t i = 0; i < inv->nobj; i++) {
		const struct inv_object *o = &inv->obj[i];
		if (o->detections)
			inv->top[nt++] = (uint32_t)i;
		if (o->status == INV_SKIPPED || o->reason)
			inv->unanalysed[nu++] = (uint32_t)i;
	}
	qsort_r(inv->top, nt, sizeof(uint32_t), cmp_obj_top, inv);
	qsort_r(inv->unanalysed, nu, sizeof(uint32_t), cmp_obj_path, inv);
	inv->ntop = nt < TRAWL_INV_TOP ? nt : TRAWL_INV_TOP;
	inv->nunanalysed = nu;
	inv->aggregated = true;
	return 0;
}
