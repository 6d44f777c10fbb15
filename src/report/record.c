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

static const char *finding_type(unsigned cats)
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

struct loc {
	struct trawl_segment seg;        /* has_seg false: lineRanges */
	bool has_seg;
	uint64_t line, end_line, col;
};

static uint64_t count_nl(const char *p, size_t n)
{
	uint64_t c = 0;
	for (const char *e = p + n; (p = memchr(p, '\n', (size_t)(e - p))); p++)
		c++;
	return c;
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

static struct loc *locate(const struct trawl_outcome *r)
{
	struct loc *l = calloc(r->ndet ? r->ndet : 1, sizeof(*l));
	if (!l)
		return NULL;
	if (r->lines) {
		for (size_t i = 0; i < r->ndet; i++) {
			l[i].line = r->lines[i].line;
			l[i].end_line = r->lines[i].end_line;
			l[i].col = r->lines[i].col;
		}
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
			l[i].line = g->line + count_nl(r->text + g->start, s - g->start);
			l[i].col = trawl_u8_chars(r->text + lstart, s - lstart) + 1;
			l[i].end_line = l[i].line + count_nl(r->text + s, e - s);
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
		l[i].end_line = line + count_nl(r->text + s, e - s);
	}
	return l;
}

/* Adds one occurrence of detection i to the right array of occ. */
static void add_occurrence(cJSON *occ, const struct trawl_outcome *r,
			   const struct loc *l)
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

/* One detections[] entry: {type or name, count, occurrences} (custom ones
 * also carry "arn": null, as Macie's do outside AWS). */
static cJSON *detection_json(const struct trawl_catalog *cat, const struct trawl_outcome *r,
			     const struct loc *loc, uint32_t ix, uint64_t n, const char *key)
{
	const struct trawl_identifier *id = trawl_catalog_get(cat, ix);
	cJSON *d = cJSON_CreateObject();
	if (id->custom)
		cJSON_AddNullToObject(d, "arn");
	cJSON_AddStringToObject(d, key, id->id);
	cJSON_AddNumberToObject(d, "count", (double)n);
	cJSON *occ = cJSON_AddObjectToObject(d, "occurrences");
	size_t shown = 0;
	for (size_t i = 0; i < r->ndet && shown < TRAWL_MAX_OCCURRENCES; i++) {
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

int trawl_record_write(const struct trawl_catalog *cat,
		       const struct trawl_object_info *o,
		       const struct trawl_outcome *r, struct buf *out,
		       struct trawl_record_summary *sum)
{
	size_t n = trawl_catalog_count(cat);
	uint64_t *count = calloc(n ? n : 1, sizeof(*count));
	uint32_t *types = calloc(n ? n : 1, sizeof(*types));
	struct loc *loc = locate(r);
	cJSON *root = NULL;
	char *json = NULL;
	int rc = -1;
	if (!count || !types || !loc)
		goto out;

	size_t ntypes = 0;
	/* Counted by the type a detection is reported as. */
	for (size_t i = 0; i < r->ndet; i++) {
		uint32_t t = cat->ids[r->det[i].ident].report;
		if (count[t]++ == 0)
			types[ntypes++] = t;
	}
	qsort_r(types, ntypes, sizeof(*types), cmp_ident, (void *)cat);

	/* A custom identifier below its lowest severity level is not a
	 * finding: left out of the record and of every count. */
	size_t kept = 0;
	uint64_t reported = 0;
	for (size_t t = 0; t < ntypes; t++) {
		const struct trawl_identifier *id = trawl_catalog_get(cat, types[t]);
		if (trawl_type_severity(id, count[types[t]]) == TRAWL_SEV_NONE)
			continue;
		types[kept++] = types[t];
		reported += count[types[t]];
	}
	ntypes = kept;
	size_t nmanaged = 0; /* custom ones sort last (their category) */
	while (nmanaged < ntypes && !trawl_catalog_get(cat, types[nmanaged])->custom)
		nmanaged++;

	enum trawl_severity sev = TRAWL_SEV_NONE;
	unsigned cats = 0;
	bool additional = false;
	for (size_t t = 0; t < ntypes; t++) {
		const struct trawl_identifier *id = trawl_catalog_get(cat, types[t]);
		enum trawl_severity s = trawl_type_severity(id, count[types[t]]);
		sev = s > sev ? s : sev;
		cats |= 1u << id->category;
		additional |= count[types[t]] > TRAWL_MAX_OCCURRENCES;
	}

	root = cJSON_CreateObject();
	cJSON_AddStringToObject(root, "schemaVersion", "1.0");
	if (ntypes) {
		cJSON_AddStringToObject(root, "type", finding_type(cats));
		cJSON *sv = cJSON_AddObjectToObject(root, "severity");
		cJSON_AddStringToObject(sv, "description", trawl_severity_str(sev));
		cJSON_AddNumberToObject(sv, "score", sev);
	} else {
		cJSON_AddNullToObject(root, "type");
		cJSON_AddNullToObject(root, "severity");
	}
	cJSON *ra = cJSON_AddObjectToObject(root, "resourcesAffected");
	if (o->s3)
		cJSON_AddItemToObject(ra, "s3Bucket", bucket_json(o->s3->bucket));
	else
		cJSON_AddNullToObject(ra, "s3Bucket");
	cJSON_AddItemToObject(ra, "s3Object", object_json(o));

	cJSON *res = cJSON_AddObjectToObject(
		cJSON_AddObjectToObject(root, "classificationDetails"), "result");
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
	cJSON_AddBoolToObject(res, "additionalOccurrences", additional);

	cJSON *sd = cJSON_AddArrayToObject(res, "sensitiveData");
	for (size_t t = 0; t < nmanaged;) {
		enum trawl_category c = trawl_catalog_get(cat, types[t])->category;
		cJSON *ce = cJSON_CreateObject();
		cJSON_AddStringToObject(ce, "category", trawl_category_str(c));
		cJSON *total = cJSON_AddNumberToObject(ce, "totalCount", 0);
		cJSON *dets = cJSON_AddArrayToObject(ce, "detections");
		uint64_t sum_c = 0;
		for (; t < nmanaged && trawl_catalog_get(cat, types[t])->category == c; t++) {
			cJSON_AddItemToArray(dets, detection_json(cat, r, loc, types[t],
								  count[types[t]], "type"));
			sum_c += count[types[t]];
		}
		cJSON_SetNumberValue(total, (double)sum_c);
		cJSON_AddItemToArray(sd, ce);
	}
	cJSON *cdi = cJSON_AddObjectToObject(res, "customDataIdentifiers");
	cJSON *ctotal = cJSON_AddNumberToObject(cdi, "totalCount", 0);
	cJSON *cdets = cJSON_AddArrayToObject(cdi, "detections");
	uint64_t csum = 0;
	for (size_t t = nmanaged; t < ntypes; t++) {
		cJSON_AddItemToArray(cdets, detection_json(cat, r, loc, types[t],
							   count[types[t]], "name"));
		csum += count[types[t]];
	}
	cJSON_SetNumberValue(ctotal, (double)csum);

	json = cJSON_PrintUnformatted(root);
	if (!json || buf_addstr(out, json) || buf_addch(out, '\n'))
		goto out;
	if (sum) {
		sum->severity = sev;
		sum->detections = reported;
	}
	rc = 0;
out:
	cJSON_free(json);
	cJSON_Delete(root);
	free(count);
	free(types);
	free(loc);
	return rc;
}
