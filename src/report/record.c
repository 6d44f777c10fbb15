#include "report/record.h"

#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confirm/confirm.h"
#include "util/chars.h"

const char *trawl_severity_str(enum trawl_severity s)
{
	static const char *const n[] = {"None", "Low", "Medium", "High"};
	return s <= TRAWL_SEV_HIGH ? n[s] : "None";
}

const char *trawl_category_str(enum trawl_category c)
{
	static const char *const n[] = {"CREDENTIALS", "FINANCIAL_INFORMATION",
					"PERSONAL_INFORMATION", "CUSTOM"};
	return c < TRAWL_CAT_COUNT ? n[c] : "PERSONAL_INFORMATION";
}

const char *trawl_finding_type(unsigned cats)
{
	switch (cats) {
	case 1u << TRAWL_CAT_CREDENTIALS: return "SensitiveData:S3Object/Credentials";
	case 1u << TRAWL_CAT_FINANCIAL: return "SensitiveData:S3Object/Financial";
	case 1u << TRAWL_CAT_PERSONAL: return "SensitiveData:S3Object/Personal";
	case 1u << TRAWL_CAT_CUSTOM: return "SensitiveData:S3Object/CustomIdentifier";
	default: return "SensitiveData:S3Object/Multiple";
	}
}

enum trawl_severity trawl_type_severity(const struct trawl_identifier *id,
					uint64_t count)
{
	if (count == 0)
		return TRAWL_SEV_NONE;
	if (id->custom) {
		/* the highest level reached; below the lowest, none */
		enum trawl_severity s = id->nlevels ? TRAWL_SEV_NONE : TRAWL_SEV_MEDIUM;
		for (size_t i = 0; i < id->nlevels; i++)
			if (count >= id->levels[i].threshold)
				s = id->levels[i].severity;
		return s;
	}
	return id->severity[count == 1 ? 0 : count < 100 ? 1 : 2];
}

/* Lines and 1-based character columns of every detection. Without
 * segments, one pass: detections are sorted by start, so the walk only
 * moves forward. Inside a segment, the location is the segment's (a cell,
 * a JSON value, a page), or its first line plus the lines before. */
void trawl_cursor_advance(struct trawl_line_cursor *c, const char *text, size_t n)
{
	const char *p = text, *e = text + n, *nl;
	while ((nl = memchr(p, '\n', (size_t)(e - p)))) {
		c->line++;
		c->col = 0;
		p = nl + 1;
	}
	c->col += trawl_u8_chars(p, (size_t)(e - p));
	c->pos += n;
}

struct trawl_loc *trawl_locate(const struct trawl_outcome *r)
{
	struct trawl_loc *l = calloc(r->ndet ? r->ndet : 1, sizeof(*l));
	if (!l)
		return NULL;
	if (r->locs) {
		memcpy(l, r->locs, r->ndet * sizeof(*l));
		return l;
	}
	const struct trawl_doc *doc = r->doc && r->doc->nseg ? r->doc : NULL;
	size_t pos = 0, line_start = 0;
	uint64_t line = 1, col = 0; /* col: characters from line_start to pos */
	for (size_t i = 0; i < r->ndet; i++) {
		size_t s = r->det[i].start, e = r->det[i].end;
		const struct trawl_segment *g = doc ? doc_locate(doc, s, &l[i].seg) : NULL;
		if (g && g->kind != TRAWL_SEG_LINES) {
			l[i].seg = *g; /* a cell, a JSON value, a page: no lines */
			l[i].has_seg = true;
			continue;
		}
		if (g && g->line) {
			/* Lines numbered from the segment's first line. */
			const char *ls = memrchr(r->text + g->start, '\n', s - g->start);
			size_t lstart = ls ? (size_t)(ls - r->text) + 1 : g->start;
			l[i].line = g->line + trawl_count_nl(r->text + g->start, s - g->start);
			l[i].col = trawl_u8_chars(r->text + lstart, s - lstart) + 1;
			l[i].end_line = l[i].line + trawl_count_nl(r->text + s, e - s);
			continue;
		}
		const char *nl;
		while ((nl = memchr(r->text + pos, '\n', s - pos))) {
			line++;
			pos = line_start = (size_t)(nl - r->text) + 1;
			col = 0;
		}
		col += trawl_u8_chars(r->text + pos, s - pos);
		pos = s;
		l[i].line = line;
		l[i].col = col + 1;
		l[i].end_line = line + trawl_count_nl(r->text + s, e - s);
	}
	return l;
}

/* Adds one occurrence of detection i to the right array of occ. */
static void add_occurrence(cJSON *occ, const struct trawl_outcome *r,
			   const struct trawl_loc *l)
{
	const struct trawl_segment *g = l->has_seg ? &l->seg : NULL;
	const char *key = !g ? "lineRanges" : g->kind == TRAWL_SEG_CELL ? "cells"
		: g->kind == TRAWL_SEG_RECORD ? "records" : "pages";
	cJSON *arr = cJSON_GetObjectItemCaseSensitive(occ, key);
	if (!arr)
		arr = cJSON_AddArrayToObject(occ, key);
	cJSON *o = cJSON_CreateObject();
	const char *name = g ? doc_str(r->doc, g->name) : NULL;
	const char *ref = g ? doc_str(r->doc, g->cellref) : NULL;
	if (!g) {
		cJSON_AddNumberToObject(o, "start", (double)l->line);
		cJSON_AddNumberToObject(o, "end", (double)l->end_line);
		cJSON_AddNumberToObject(o, "startColumn", (double)l->col);
	} else if (g->kind == TRAWL_SEG_CELL) {
		cJSON_AddNumberToObject(o, "row", (double)g->row);
		cJSON_AddNumberToObject(o, "column", (double)g->column);
		if (name)
			cJSON_AddStringToObject(o, "columnName", name);
		else
			cJSON_AddNullToObject(o, "columnName");
		if (ref)
			cJSON_AddStringToObject(o, "cellReference", ref);
		else
			cJSON_AddNullToObject(o, "cellReference");
	} else if (g->kind == TRAWL_SEG_RECORD) {
		cJSON_AddNumberToObject(o, "recordIndex", (double)g->record);
		if (name)
			cJSON_AddStringToObject(o, "jsonPath", name);
		else
			cJSON_AddNullToObject(o, "jsonPath");
	} else {
		cJSON_AddNumberToObject(o, "pageNumber", (double)g->page);
	}
	cJSON_AddItemToArray(arr, o);
}

static void add_time(cJSON *obj, const char *key, int64_t t)
{
	if (t) {
		char ts[32];
		struct tm tm;
		time_t tt = (time_t)t;
		gmtime_r(&tt, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		cJSON_AddStringToObject(obj, key, ts);
	} else {
		cJSON_AddNullToObject(obj, key);
	}
}

/* The extension of a name, lower case, into ext ("" when there is none
 * or it does not fit). */
static void extension(const char *name, char *ext, size_t n)
{
	const char *e = trawl_extension(name);
	size_t l = strlen(e);
	ext[0] = '\0';
	if (l >= n)
		return;
	for (size_t i = 0; i <= l; i++)
		ext[i] = (char)(e[i] >= 'A' && e[i] <= 'Z' ? e[i] + 32 : e[i]);
}

static void add_str_or_null(cJSON *obj, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(obj, key, v);
	else
		cJSON_AddNullToObject(obj, key);
}

static void add_tristate(cJSON *obj, const char *key, int8_t v)
{
	if (v < 0)
		cJSON_AddNullToObject(obj, key);
	else
		cJSON_AddBoolToObject(obj, key, v);
}

static void add_sse(cJSON *obj, const char *key, const char *type, const char *kms)
{
	cJSON *e = cJSON_AddObjectToObject(obj, key);
	add_str_or_null(e, "encryptionType", type ? type : "UNKNOWN");
	add_str_or_null(e, "kmsMasterKeyId", kms);
}

/* Macie's effectivePermission from what the bucket says: PUBLIC when its
 * policy or ACL opens it and its own public access block does not close
 * that again, NOT_PUBLIC when neither opens it, else UNKNOWN. (The
 * account-level block is not read: it can only make a PUBLIC bucket
 * NOT_PUBLIC, so PUBLIC here means "public unless the account blocks it".) */
static const char *effective(const struct trawl_s3_bucket_info *b)
{
	int pol = b->policy_public < 0 ? -1
		  : b->policy_public && b->restrict_public_buckets != 1 ? 1 : 0;
	int acl = b->acl_public_read < 0 || b->acl_public_write < 0 ? -1
		  : (b->acl_public_read || b->acl_public_write) && b->ignore_public_acls != 1 ? 1 : 0;
	if (pol == 1 || acl == 1)
		return "PUBLIC";
	if (pol == 0 && acl == 0)
		return "NOT_PUBLIC";
	return "UNKNOWN";
}

static cJSON *bucket_json(const struct trawl_s3_bucket_info *b)
{
	cJSON *o = cJSON_CreateObject();
	char arn[300];
	snprintf(arn, sizeof(arn), "arn:aws:s3:::%s", b->name);
	cJSON_AddStringToObject(o, "arn", arn);
	cJSON_AddStringToObject(o, "name", b->name);
	add_sse(o, "defaultServerSideEncryption", b->sse_type, b->sse_kms_key);
	cJSON *pa = cJSON_AddObjectToObject(o, "publicAccess");
	cJSON_AddStringToObject(pa, "effectivePermission", effective(b));
	cJSON *pc = cJSON_AddObjectToObject(pa, "permissionConfiguration");
	cJSON_AddNullToObject(pc, "accountLevelPermissions");
	cJSON *bl = cJSON_AddObjectToObject(pc, "bucketLevelPermissions");
	cJSON *acl = cJSON_AddObjectToObject(bl, "accessControlList");
	add_tristate(acl, "allowsPublicReadAccess", b->acl_public_read);
	add_tristate(acl, "allowsPublicWriteAccess", b->acl_public_write);
	cJSON *bpa = cJSON_AddObjectToObject(bl, "blockPublicAccess");
	add_tristate(bpa, "blockPublicAcls", b->block_public_acls);
	add_tristate(bpa, "blockPublicPolicy", b->block_public_policy);
	add_tristate(bpa, "ignorePublicAcls", b->ignore_public_acls);
	add_tristate(bpa, "restrictPublicBuckets", b->restrict_public_buckets);
	cJSON *pol = cJSON_AddObjectToObject(bl, "bucketPolicy");
	add_tristate(pol, "allowsPublicReadAccess", b->policy_public);
	add_tristate(pol, "allowsPublicWriteAccess", b->policy_public);
	return o;
}

static cJSON *object_json(const struct trawl_object_info *o)
{
	cJSON *obj = cJSON_CreateObject();
	char ext[32] = "";
	if (!o->stream)
		extension(o->key, ext, sizeof(ext));
	if (o->s3) {
		char arn[300];
		snprintf(arn, sizeof(arn), "arn:aws:s3:::%s", o->s3->bucket->name);
		cJSON_AddStringToObject(obj, "bucketArn", arn);
	}
	cJSON_AddStringToObject(obj, "key", o->key);
	cJSON_AddStringToObject(obj, "path", o->path);
	cJSON_AddStringToObject(obj, "extension", ext);
	if (o->stream && o->embedded_path && !o->size)
		/* a pipe read in pieces: its size is known only after its
		 * members' records are written */
		cJSON_AddNullToObject(obj, "size");
	else
		cJSON_AddNumberToObject(obj, "size", (double)o->size);
	add_str_or_null(obj, "eTag", o->s3 ? o->s3->etag : NULL);
	add_time(obj, "lastModified", (int64_t)o->mtime);
	if (o->s3) {
		add_str_or_null(obj, "storageClass", o->s3->storage_class);
		add_str_or_null(obj, "versionId", o->s3->version_id);
		add_sse(obj, "serverSideEncryption", o->s3->sse_type, o->s3->sse_kms_key);
	}
	if (o->embedded_path) {
		cJSON *e = cJSON_AddObjectToObject(obj, "embeddedFileDetails");
		extension(o->embedded_path, ext, sizeof(ext));
		cJSON_AddStringToObject(e, "filePath", o->embedded_path);
		cJSON_AddStringToObject(e, "fileExtension", ext);
		cJSON_AddNumberToObject(e, "fileSize", (double)o->embedded_size);
		add_time(e, "fileLastModified", o->embedded_mtime);
	}
	return obj;
}

cJSON *trawl_resources_json(const struct trawl_object_info *o)
{
	cJSON *ra = cJSON_CreateObject();
	if (o->s3)
		cJSON_AddItemToObject(ra, "s3Bucket", bucket_json(o->s3->bucket));
	else
		cJSON_AddNullToObject(ra, "s3Bucket");
	cJSON_AddItemToObject(ra, "s3Object", object_json(o));
	return ra;
}

/* One detections[] entry: {type or name, count, occurrences} (custom ones
 * also carry "arn": null, as Macie's do outside AWS), with at most maxocc
 * occurrences. */
static cJSON *detection_json(const struct trawl_catalog *cat, const struct trawl_outcome *r,
			     const struct trawl_loc *loc, uint32_t ix, uint64_t n,
			     const char *key, size_t maxocc)
{
	const struct trawl_identifier *id = trawl_catalog_get(cat, ix);
	cJSON *d = cJSON_CreateObject();
	if (id->custom)
		cJSON_AddNullToObject(d, "arn");
	cJSON_AddStringToObject(d, key, id->id);
	cJSON_AddNumberToObject(d, "count", (double)n);
	cJSON *occ = cJSON_AddObjectToObject(d, "occurrences");
	size_t shown = 0;
	for (size_t i = 0; i < r->ndet && shown < maxocc; i++) {
		if (cat->ids[r->det[i].ident].report != ix)
			continue;
		add_occurrence(occ, r, &loc[i]);
		shown++;
	}
	return d;
}

static int cmp_ident(const void *a, const void *b, void *ud)
{
	const struct trawl_catalog *cat = ud;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	const struct trawl_identifier *ix = trawl_catalog_get(cat, x);
	const struct trawl_identifier *iy = trawl_catalog_get(cat, y);
	if (ix->category != iy->category)
		return (int)ix->category - (int)iy->category;
	return strcmp(ix->id, iy->id);
}

int trawl_tally_init(struct trawl_tally *t, const struct trawl_catalog *cat,
		     const struct trawl_outcome *r)
{
	size_t n = trawl_catalog_count(cat);
	memset(t, 0, sizeof(*t));
	t->cat = cat;
	t->count = calloc(n ? n : 1, sizeof(*t->count));
	t->types = calloc(n ? n : 1, sizeof(*t->types));
	if (!t->count || !t->types) {
		trawl_tally_release(t);
		return -1;
	}

	size_t ntypes = 0;
	/* Counted by the type a detection is reported as. */
	for (size_t i = 0; i < r->ndet; i++) {
		uint32_t ty = cat->ids[r->det[i].ident].report;
		if (t->count[ty]++ == 0)
			t->types[ntypes++] = ty;
	}
	for (size_t i = 0; r->more && i < n; i++) {
		uint32_t ty = cat->ids[i].report;
		if (r->more[i] && t->count[ty] == 0)
			t->types[ntypes++] = ty;
		t->count[ty] += r->more[i];
	}
	qsort_r(t->types, ntypes, sizeof(*t->types), cmp_ident, (void *)cat);

	/* A custom identifier below its lowest severity level is not a
	 * finding: left out of the record and of every count. */
	size_t kept = 0;
	for (size_t k = 0; k < ntypes; k++) {
		uint32_t ty = t->types[k];
		const struct trawl_identifier *id = trawl_catalog_get(cat, ty);
		if (trawl_type_severity(id, t->count[ty]) == TRAWL_SEV_NONE) {
			t->count[ty] = 0;
			continue;
		}
		t->types[kept++] = ty;
		t->reported += t->count[ty];
	}
	t->ntypes = kept;
	/* custom ones sort last (their category) */
	while (t->nmanaged < t->ntypes && !trawl_catalog_get(cat, t->types[t->nmanaged])->custom)
		t->nmanaged++;

	for (size_t k = 0; k < t->ntypes; k++) {
		const struct trawl_identifier *id = trawl_catalog_get(cat, t->types[k]);
		enum trawl_severity s = trawl_type_severity(id, t->count[t->types[k]]);
		t->severity = s > t->severity ? s : t->severity;
		t->cats |= 1u << id->category;
		t->additional |= t->count[t->types[k]] > TRAWL_MAX_OCCURRENCES;
	}
	return 0;
}

void trawl_tally_release(struct trawl_tally *t)
{
	free(t->count);
	free(t->types);
	t->count = NULL;
	t->types = NULL;
}

void trawl_add_detections(cJSON *res, const struct trawl_outcome *r,
			  const struct trawl_tally *t, const struct trawl_loc *loc,
			  size_t maxocc)
{
	const struct trawl_catalog *cat = t->cat;
	cJSON *sd = cJSON_AddArrayToObject(res, "sensitiveData");
	for (size_t k = 0; k < t->nmanaged;) {
		enum trawl_category c = trawl_catalog_get(cat, t->types[k])->category;
		cJSON *ce = cJSON_CreateObject();
		cJSON_AddStringToObject(ce, "category", trawl_category_str(c));
		cJSON *total = cJSON_AddNumberToObject(ce, "totalCount", 0);
		cJSON *dets = cJSON_AddArrayToObject(ce, "detections");
		uint64_t sum_c = 0;
		for (; k < t->nmanaged && trawl_catalog_get(cat, t->types[k])->category == c; k++) {
			cJSON_AddItemToArray(dets, detection_json(cat, r, loc, t->types[k],
								  t->count[t->types[k]], "type",
								  maxocc));
			sum_c += t->count[t->types[k]];
		}
		cJSON_SetNumberValue(total, (double)sum_c);
		cJSON_AddItemToArray(sd, ce);
	}
	cJSON *cdi = cJSON_AddObjectToObject(res, "customDataIdentifiers");
	cJSON *ctotal = cJSON_AddNumberToObject(cdi, "totalCount", 0);
	cJSON *cdets = cJSON_AddArrayToObject(cdi, "detections");
	uint64_t csum = 0;
	for (size_t k = t->nmanaged; k < t->ntypes; k++) {
		cJSON_AddItemToArray(cdets, detection_json(cat, r, loc, t->types[k],
							   t->count[t->types[k]], "name", maxocc));
		csum += t->count[t->types[k]];
	}
	cJSON_SetNumberValue(ctotal, (double)csum);
}

void trawl_add_status(cJSON *res, const struct trawl_outcome *r)
{
	cJSON *st = cJSON_AddObjectToObject(res, "status");
	cJSON_AddStringToObject(st, "code", r->status);
	if (r->reason)
		cJSON_AddStringToObject(st, "reason", r->reason);
	else
		cJSON_AddNullToObject(st, "reason");
	cJSON_AddNumberToObject(res, "sizeClassified", (double)r->size_classified);
	if (r->mime)
		cJSON_AddStringToObject(res, "mimeType", r->mime);
	else
		cJSON_AddNullToObject(res, "mimeType");
}

void trawl_add_severity(cJSON *obj, const struct trawl_tally *t)
{
	if (t->ntypes) {
		cJSON_AddStringToObject(obj, "type", trawl_finding_type(t->cats));
		cJSON *sv = cJSON_AddObjectToObject(obj, "severity");
		cJSON_AddStringToObject(sv, "description", trawl_severity_str(t->severity));
		cJSON_AddNumberToObject(sv, "score", t->severity);
	} else {
		cJSON_AddNullToObject(obj, "type");
		cJSON_AddNullToObject(obj, "severity");
	}
}

int trawl_record_emit(const struct trawl_object_info *o, const struct trawl_outcome *r,
		      const struct trawl_tally *t, const struct trawl_loc *loc,
		      struct buf *out)
{
	cJSON *root = cJSON_CreateObject();
	char *json = NULL;
	int rc = -1;
	cJSON_AddStringToObject(root, "schemaVersion", "1.0");
	trawl_add_severity(root, t);
	cJSON_AddItemToObject(root, "resourcesAffected", trawl_resources_json(o));
	cJSON *res = cJSON_AddObjectToObject(
		cJSON_AddObjectToObject(root, "classificationDetails"), "result");
	trawl_add_status(res, r);
	cJSON_AddBoolToObject(res, "additionalOccurrences", t->additional);
	trawl_add_detections(res, r, t, loc, TRAWL_MAX_OCCURRENCES);

	json = cJSON_PrintUnformatted(root);
	if (json && !buf_addstr(out, json) && !buf_addch(out, '\n'))
		rc = 0;
	cJSON_free(json);
	cJSON_Delete(root);
	return rc;
}

int trawl_record_write(const struct trawl_catalog *cat,
		       const struct trawl_object_info *o,
		       const struct trawl_outcome *r, struct buf *out,
		       struct trawl_record_summary *sum)
{
	struct trawl_tally t;
	struct trawl_loc *loc = trawl_locate(r);
	int rc = -1;
	if (!loc || trawl_tally_init(&t, cat, r)) {
		free(loc);
		return -1;
	}
	if (trawl_record_emit(o, r, &t, loc, out))
		goto out;
	if (sum) {
		sum->severity = t.severity;
		sum->detections = t.reported;
	}
	rc = 0;
out:
	trawl_tally_release(&t);
	free(loc);
	return rc;
}
