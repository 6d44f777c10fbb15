/*
 * inventory_int.h - the inventory's insides, shared by its reader
 * (inventory.c), its aggregation (inventory_agg.c) and its writers
 * (inventory_out.c: JSON and CSV, inventory_html.c). Not for other
 * modules.
 *
 * Everything is gathered first (objects, deduplicated), then aggregated
 * once (inv_aggregate) into totals, buckets and locations; the writers
 * only read.
 */
#ifndef TRAWL_REPORT_INVENTORY_INT_H
#define TRAWL_REPORT_INVENTORY_INT_H

#include <stdbool.h>
#include <stdint.h>

#include "report/inventory.h"

/* Categories in report order; CUSTOM_IDENTIFIER holds the records'
 * customDataIdentifiers. */
enum inv_cat { INV_FIN, INV_PER, INV_CRED, INV_CUSTOM, INV_NCAT };

enum inv_status { INV_COMPLETE, INV_PARTIAL, INV_SKIPPED };

const char *inv_cat_name(unsigned c);
const char *inv_status_name(unsigned s);
const char *inv_sev_name(unsigned s);   /* "", Low, Medium, High */

/* A string -> index map (open addressing); keys are copied and may hold
 * NUL bytes. */
struct smap_ent {
	uint64_t h;
	char *key;
	size_t klen;
	uint32_t val;
};
struct smap {
	struct smap_ent *e;
	size_t n, cap;
};

struct inv_type {
	char *name;
	unsigned cat;
	long ident;              /* catalog index, -1: unknown */
};

/* One type in one object. */
struct inv_hit {
	uint32_t type;
	uint8_t sev;
	uint64_t count;
};

struct inv_object {
	char *path, *member, *etag;  /* member, etag: NULL when none */
	uint32_t bucket, loc;
	uint8_t status, sev;
	const char *reason;          /* interned (inv->reasons), or NULL */
	uint64_t size;               /* its own: fileSize for a member */
	uint64_t classified, detections;
	struct inv_hit *hits;
	uint32_t nhits;
};

/* Numbers about a set of objects (for a category or a type). */
struct inv_stat {
	uint64_t objects, bytes, classified, detections;
	uint8_t sev;
};

struct inv_tstat {
	uint32_t type;
	struct inv_stat s;
};

struct inv_rcount {
	const char *reason;          /* interned; NULL: SKIPPED with none */
	uint64_t n;
};

struct inv_agg {
	uint64_t objects, analysed, partial, skipped, not_analysed, with_data;
	uint64_t bytes, classified, detections;
	uint8_t sev;
	bool error_skip;             /* an object skipped for an error */
	int score;                   /* sensitivity score (buckets, locations) */
	struct inv_stat cat[INV_NCAT];
	struct inv_tstat *types;     /* sorted by category, then name */
	size_t ntypes, atypes;
	struct inv_rcount *reasons;  /* sorted by reason */
	size_t nreasons, areasons;
};

struct inv_bucket {
	char *name;                  /* bucket name, or the scanned directory */
	bool s3;
	struct inv_agg agg;
};

struct inv_loc {
	char *name;                  /* s3://bucket/prefix/ or dir/prefix/ */
	char *prefix;                /* "" for the bucket's root */
	uint32_t bucket;
	struct inv_agg agg;
};

struct inv_input {
	char *name;
	char sha256[65];
	uint64_t records, invalid;
};

struct trawl_inventory {
	const struct trawl_catalog *cat;

	struct inv_object *obj;
	size_t nobj, aobj;
	struct smap objmap;
	uint64_t records, duplicates, invalid;

	struct inv_type *types;
	size_t ntypes, atypes;
	struct smap typemap;
	char **reasons;              /* interned reason codes */
	size_t nreasons, areasons;
	struct inv_bucket *buckets;
	size_t nbuckets, abuckets;
	struct smap bucketmap;
	struct inv_loc *locs;
	size_t nlocs, alocs;
	struct smap locmap;

	struct inv_input *inputs;
	size_t ninputs, ainputs;

	/* header */
	char **argv;
	int argc;
	char *include, *exclude, *digest;
	size_t selected;
	bool have_selection;
	long long time;

	/* filled by inv_aggregate() */
	bool aggregated;
	struct inv_agg total;
	uint32_t *bucket_order, *loc_order; /* by name; those with objects */
	uint32_t *loc_by_score;      /* score, then name */
	size_t nbucket_list, nloc_list; /* entries of the orders above */
	uint32_t *top;               /* most sensitive objects */
	size_t ntop;
	uint32_t *unanalysed;        /* SKIPPED or with a reason, path order */
	size_t nunanalysed;
};

/* Frees what an aggregate holds (not a itself). */
void inv_agg_release(struct inv_agg *a);

/* Aggregates once (later calls do nothing). -1 when memory runs out. */
int inv_aggregate(struct trawl_inventory *inv);

/* The label of a score: Sensitive, Not sensitive, Not analysed,
 * Classification error. */
const char *inv_score_label(int score);

/* "2026-01-02T03:04:05Z" for t, in out[21]. */
void inv_time_str(long long t, char out[21]);

#endif
