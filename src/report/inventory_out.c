/*
 * inventory_out.c - the inventory as JSON (every number, every unanalysed
 * object) and as CSV (one row per bucket, location, category in a
 * location and type in a location; RFC 4180).
 *
 * The numbers are the same in both, and in the HTML: each writer reads
 * the one aggregation (inv_aggregate).
 */
#include "report/inventory_int.h"

#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

/* ---- JSON ----------------------------------------------------------- */

static cJSON *num(double v)
{
	return cJSON_CreateNumber(v);
}

static cJSON *str_or_null(const char *s)
{
	return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *sev_json(unsigned s)
{
	return s ? cJSON_CreateString(inv_sev_name(s)) : cJSON_CreateNull();
}

/* Adds s's numbers to o, returned. */
static cJSON *stat_json(cJSON *o, const struct inv_stat *s)
{
	cJSON_AddItemToObject(o, "objects", num((double)s->objects));
	cJSON_AddItemToObject(o, "bytes", num((double)s->bytes));
	cJSON_AddItemToObject(o, "bytesClassified", num((double)s->classified));
	cJSON_AddItemToObject(o, "detections", num((double)s->detections));
	cJSON_AddItemToObject(o, "highestSeverity", sev_json(s->sev));
	return o;
}

/* Adds a's numbers to o, returned (scored: with its sensitivity score). */
static cJSON *agg_json(const struct trawl_inventory *inv, cJSON *o, const struct inv_agg *a,
		       bool scored)
{
	if (scored) {
		cJSON_AddItemToObject(o, "sensitivityScore", num(a->score));
		cJSON_AddStringToObject(o, "sensitivityLabel", inv_score_label(a->score));
	}
	cJSON_AddItemToObject(o, "objects", num((double)a->objects));
	cJSON_AddItemToObject(o, "objectsAnalysed", num((double)a->analysed));
	cJSON_AddItemToObject(o, "objectsPartial", num((double)a->partial));
	cJSON_AddItemToObject(o, "objectsSkipped", num((double)a->skipped));
	cJSON_AddItemToObject(o, "objectsNotAnalysed", num((double)a->not_analysed));
	cJSON_AddItemToObject(o, "objectsWithSensitiveData", num((double)a->with_data));
	cJSON_AddItemToObject(o, "bytes", num((double)a->bytes));
	cJSON_AddItemToObject(o, "bytesClassified", num((double)a->classified));
	cJSON_AddItemToObject(o, "detections", num((double)a->detections));
	cJSON_AddItemToObject(o, "highestSeverity", sev_json(a->sev));
	cJSON *cats = cJSON_AddArrayToObject(o, "categories");
	for (unsigned c = 0; c < INV_NCAT; c++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "category", inv_cat_name(c));
		cJSON_AddItemToArray(cats, stat_json(e, &a->cat[c]));
	}
	cJSON *types = cJSON_AddArrayToObject(o, "types");
	for (size_t t = 0; t < a->ntypes; t++) {
		const struct inv_type *ty = &inv->types[a->types[t].type];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "category", inv_cat_name(ty->cat));
		cJSON_AddStringToObject(e, "type", ty->name);
		cJSON_AddItemToArray(types, stat_json(e, &a->types[t].s));
	}
	cJSON *rs = cJSON_AddObjectToObject(o, "notAnalysedReasons");
	for (size_t r = 0; r < a->nreasons; r++)
		cJSON_AddItemToObject(rs, a->reasons[r].reason ? a->reasons[r].reason : "(none)",
				      num((double)a->reasons[r].n));
	return o;
}

static cJSON *object_json(const struct trawl_inventory *inv, const struct inv_object *o,
			  bool found)
{
	cJSON *e = cJSON_CreateObject();
	cJSON_AddItemToObject(e, "path", cJSON_CreateString(o->path));
	cJSON_AddItemToObject(e, "member", str_or_null(o->member));
	cJSON_AddItemToObject(e, "eTag", str_or_null(o->etag));
	cJSON_AddItemToObject(e, "location", cJSON_CreateString(inv->locs[o->loc].name));
	cJSON_AddItemToObject(e, "status", cJSON_CreateString(inv_status_name(o->status)));
	cJSON_AddItemToObject(e, "reason", str_or_null(o->reason));
	cJSON_AddItemToObject(e, "bytes", num((double)o->size));
	if (found) {
		cJSON_AddItemToObject(e, "severity", sev_json(o->sev));
		cJSON_AddItemToObject(e, "detections", num((double)o->detections));
		cJSON *ts = cJSON_AddArrayToObject(e, "types");
		for (uint32_t i = 0; i < o->nhits; i++) {
			cJSON *t = cJSON_CreateObject();
			cJSON_AddStringToObject(t, "type", inv->types[o->hits[i].type].name);
			cJSON_AddItemToObject(t, "count", num((double)o->hits[i].count));
			cJSON_AddItemToArray(ts, t);
		}
	}
	return e;
}

static cJSON *params_json(const struct trawl_inventory *inv)
{
	char when[21];
	cJSON *p = cJSON_CreateObject();
	inv_time_str(inv->time, when);
	cJSON_AddStringToObject(p, "generator", "trawl " TRAWL_VERSION);
	cJSON_AddStringToObject(p, "generatedAt", when);
	if (inv->argv) {
		cJSON *a = cJSON_AddArrayToObject(p, "command");
		for (int i = 0; i < inv->argc; i++)
			cJSON_AddItemToArray(a, cJSON_CreateString(inv->argv[i]));
	} else {
		cJSON_AddNullToObject(p, "command");
	}
	if (inv->have_selection) {
		cJSON *s = cJSON_AddObjectToObject(p, "identifiers");
		cJSON_AddItemToObject(s, "selection", str_or_null(inv->include));
		cJSON_AddItemToObject(s, "excluded", str_or_null(inv->exclude));
		cJSON_AddItemToObject(s, "count", num((double)inv->selected));
		cJSON_AddItemToObject(s, "catalogSha256", str_or_null(inv->digest));
	} else {
		cJSON_AddNullToObject(p, "identifiers");
	}
	cJSON *in = cJSON_AddArrayToObject(p, "inputs");
	for (size_t i = 0; i < inv->ninputs; i++) {
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "file", inv->inputs[i].name);
		cJSON_AddStringToObject(e, "sha256", inv->inputs[i].sha256);
		cJSON_AddItemToObject(e, "records", num((double)inv->inputs[i].records));
		cJSON_AddItemToObject(e, "invalidLines", num((double)inv->inputs[i].invalid));
		cJSON_AddItemToArray(in, e);
	}
	cJSON_AddItemToObject(p, "records", num((double)inv->records));
	cJSON_AddItemToObject(p, "duplicates", num((double)inv->duplicates));
	cJSON_AddItemToObject(p, "invalidLines", num((double)inv->invalid));
	return p;
}

int trawl_inventory_write_json(struct trawl_inventory *inv, FILE *out)
{
	char *text = NULL;
	int rc = -1;
	if (inv_aggregate(inv))
		return -1;
	cJSON *root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "report", "trawl data inventory");
	cJSON_AddItemToObject(root, "reportVersion", num(1));
	cJSON_AddItemToObject(root, "parameters", params_json(inv));
	cJSON_AddItemToObject(root, "totals", agg_json(inv, cJSON_CreateObject(), &inv->total,
						       false));
	cJSON *bs = cJSON_AddArrayToObject(root, "buckets");
	for (size_t i = 0; i < inv->nbucket_list; i++) {
		uint32_t b = inv->bucket_order[i];
		const struct inv_bucket *bk = &inv->buckets[b];
		cJSON *e = cJSON_CreateObject();
		cJSON_AddStringToObject(e, "bucket", bk->name);
		cJSON_AddStringToObject(e, "source", bk->s3 ? "s3" : "local");
		agg_json(inv, e, &bk->agg, true);
		cJSON *ls = cJSON_AddArrayToObject(e, "locations");
		for (size_t j = 0; j < inv->nloc_list; j++) {
			const struct inv_loc *l = &inv->locs[inv->loc_order[j]];
			if (l->bucket != b)
				continue;
			cJSON *le = cJSON_CreateObject();
			cJSON_AddStringToObject(le, "location", l->name);
			cJSON_AddStringToObject(le, "prefix", l->prefix);
			cJSON_AddItemToArray(ls, agg_json(inv, le, &l->agg, true));
		}
		cJSON_AddItemToArray(bs, e);
	}
	cJSON *top = cJSON_AddArrayToObject(root, "mostSensitive");
	for (size_t i = 0; i < inv->ntop; i++)
		cJSON_AddItemToArray(top, object_json(inv, &inv->obj[inv->top[i]], true));
	cJSON *un = cJSON_AddArrayToObject(root, "notAnalysed");
	for (size_t i = 0; i < inv->nunanalysed; i++)
		cJSON_AddItemToArray(un, object_json(inv, &inv->obj[inv->unanalysed[i]], false));

	text = cJSON_Print(root);
	if (text && fputs(text, out) != EOF && fputc('\n', out) != EOF)
		rc = 0;
	cJSON_free(text);
	cJSON_Delete(root);
	return rc;
}

/* ---- CSV ------------------------------------------------------------ */

/* A text cell, RFC 4180: quoted when it holds a comma, a quote, CR or LF
 * (quotes doubled). A cell a spreadsheet would take for a formula (=, +,
 * -, @, tab, CR first) gets a leading apostrophe (OWASP's advice). */
static void csv_text(FILE *f, const char *s, bool first)
{
	if (!first)
		fputc(',', f);
	bool guard = strchr("=+-@\t\r", s[0]) && s[0];
	bool quote = guard || strpbrk(s, ",\"\r\n");
	if (quote)
		fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	if (quote)
		fputc('"', f);
}

static void csv_num(FILE *f, unsigned long long v)
{
	fprintf(f, ",%llu", v);
}

static void csv_empty(FILE *f, int n)
{
	while (n--)
		fputc(',', f);
}

static void csv_head(FILE *f, const char *kind, const char *bucket, const char *loc,
		     const char *cat, const char *type)
{
	csv_text(f, kind, true);
	csv_text(f, bucket, false);
	csv_text(f, loc, false);
	csv_text(f, cat, false);
	csv_text(f, type, false);
}

/* A bucket's or location's row. */
static void csv_agg(FILE *f, const struct inv_agg *a)
{
	fprintf(f, ",%d", a->score);
	csv_text(f, inv_score_label(a->score), false);
	csv_num(f, a->objects);
	csv_num(f, a->analysed);
	csv_num(f, a->partial);
	csv_num(f, a->skipped);
	csv_num(f, a->not_analysed);
	csv_num(f, a->with_data);
	csv_num(f, a->bytes);
	csv_num(f, a->classified);
	csv_num(f, a->detections);
	csv_text(f, inv_sev_name(a->sev), false);
	struct buf r = BUF_INIT;
	for (size_t i = 0; i < a->nreasons; i++)
		buf_printf(&r, "%s%s=%llu", i ? ";" : "",
			   a->reasons[i].reason ? a->reasons[i].reason : "(none)",
			   (unsigned long long)a->reasons[i].n);
	csv_text(f, r.len ? r.data : "", false);
	buf_release(&r);
	fputs("\r\n", f);
}

/* A category's or type's row in a location: the objects it occurs in. */
static void csv_stat(FILE *f, const struct inv_stat *s)
{
	csv_empty(f, 2);
	csv_num(f, s->objects);
	csv_empty(f, 4);
	csv_num(f, s->objects);
	csv_num(f, s->bytes);
	csv_num(f, s->classified);
	csv_num(f, s->detections);
	csv_text(f, inv_sev_name(s->sev), false);
	csv_empty(f, 1);
	fputs("\r\n", f);
}

int trawl_inventory_write_csv(struct trawl_inventory *inv, FILE *out)
{
	if (inv_aggregate(inv))
		return -1;
	fputs("kind,bucket,location,category,type,sensitivity_score,sensitivity_label,"
	      "objects,objects_analysed,objects_partial,objects_skipped,"
	      "objects_not_analysed,objects_with_sensitive_data,bytes,bytes_classified,"
	      "detections,highest_severity,not_analysed_reasons\r\n", out);
	for (size_t i = 0; i < inv->nbucket_list; i++) {
		uint32_t b = inv->bucket_order[i];
		const struct inv_bucket *bk = &inv->buckets[b];
		csv_head(out, "bucket", bk->name, "", "", "");
		csv_agg(out, &bk->agg);
		for (size_t j = 0; j < inv->nloc_list; j++) {
			const struct inv_loc *l = &inv->locs[inv->loc_order[j]];
			if (l->bucket != b)
				continue;
			csv_head(out, "location", bk->name, l->name, "", "");
			csv_agg(out, &l->agg);
			for (unsigned c = 0; c < INV_NCAT; c++) {
				if (!l->agg.cat[c].objects)
					continue;
				csv_head(out, "category", bk->name, l->name, inv_cat_name(c), "");
				csv_stat(out, &l->agg.cat[c]);
			}
			for (size_t t = 0; t < l->agg.ntypes; t++) {
				const struct inv_type *ty = &inv->types[l->agg.types[t].type];
				csv_head(out, "type", bk->name, l->name, inv_cat_name(ty->cat),
					 ty->name);
				csv_stat(out, &l->agg.types[t].s);
			}
		}
	}
	return ferror(out) ? -1 : 0;
}
