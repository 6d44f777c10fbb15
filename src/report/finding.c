/*
 * finding.c - Macie-style sensitive data findings (--findings, JSON Lines)
 * and the same findings in the AWS Security Finding Format (--format asff)
 * for Security Hub's BatchImportFindings.
 *
 * One finding per object with sensitive data, as Macie makes them: its
 * type and severity are the object's record's (struct trawl_tally), and it
 * locates at most 15 occurrences per type (Macie's limit for findings;
 * additionalOccurrences says when there are more). Outside AWS the account
 * is 000000000000 and the region --region's, else us-east-1. The finding's
 * id is a digest of the object's name, so the same object keeps its id
 * from scan to scan (Security Hub then updates a finding rather than
 * adding one). No finding holds a matched value.
 */
#include <cJSON.h>
#include <ctype.h>
#include <string.h>

#include "report/output_int.h"
#include "util/sha256.h"

#define ASFF_TITLE_MAX 256
#define ASFF_DESCRIPTION_MAX 1024

static void finding_id(const char *name, char id[33])
{
	struct trawl_sha256 c;
	uint8_t d[32];
	trawl_sha256_init(&c);
	trawl_sha256_update(&c, "trawl/finding/v1", 17);
	trawl_sha256_update(&c, name, strlen(name));
	trawl_sha256_final(&c, d);
	trawl_hex(d, 16, id);
}

/* Macie's title for each finding type. */
static const char *what(unsigned cats)
{
	switch (cats) {
	case 1u << TRAWL_CAT_CREDENTIALS: return "credentials data";
	case 1u << TRAWL_CAT_FINANCIAL: return "financial information";
	case 1u << TRAWL_CAT_PERSONAL: return "personal information";
	case 1u << TRAWL_CAT_CUSTOM:
		return "content that matches at least one custom data identifier";
	default: return "multiple categories of sensitive information";
	}
}

/* Cuts s to at most max bytes, at a character boundary, with "...". */
static void cut(struct buf *s, size_t max)
{
	if (s->len <= max)
		return;
	size_t n = max - 3;
	while (n && ((unsigned char)s->data[n] & 0xC0) == 0x80)
		n--;
	memcpy(s->data + n, "...", 4);
	s->len = n + 3;
}

/* "TYPE (n), TYPE (n)" after a sentence about the object. */
static int describe(const struct trawl_view *v, struct buf *d)
{
	const struct trawl_tally *t = v->t;
	if (buf_printf(d, "%s contains %llu occurrence%s of sensitive data: ", v->name,
		       (unsigned long long)t->reported, t->reported == 1 ? "" : "s"))
		return -1;
	for (size_t k = 0; k < t->ntypes; k++)
		if (buf_printf(d, "%s%s (%llu)", k ? ", " : "",
			       trawl_catalog_get(v->cat, t->types[k])->id,
			       (unsigned long long)t->count[t->types[k]]))
			return -1;
	return buf_addch(d, '.');
}

static bool more_than(const struct trawl_tally *t, uint64_t n)
{
	for (size_t k = 0; k < t->ntypes; k++)
		if (t->count[t->types[k]] > n)
			return true;
	return false;
}

/* Replaces the string item key of o by its masked form (where.c). */
static void hide_item(cJSON *o, const char *key, const struct trawl_hide *h, bool path)
{
	cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);
	struct buf b = BUF_INIT;
	if (!cJSON_IsString(it))
		return;
	const char *s = it->valuestring;
	if (!(path ? trawl_hidden_path(&b, s, h) : trawl_hidden_name(&b, s, strlen(s), h)) &&
	    b.data && strcmp(b.data, s))
		cJSON_ReplaceItemInObjectCaseSensitive(o, key, cJSON_CreateString(b.data));
	buf_release(&b);
}

/* Column names and JSON paths that hold a detected value, masked (the
 * record names them as Macie's do; a finding travels further). */
static void hide_names(cJSON *res, const struct trawl_hide *h)
{
	cJSON *cat, *det, *occ;
	cJSON *lists[2] = {cJSON_GetObjectItemCaseSensitive(res, "sensitiveData"), NULL};
	cJSON *cdi = cJSON_GetObjectItemCaseSensitive(res, "customDataIdentifiers");
	lists[1] = cJSON_CreateArray();
	cJSON_AddItemReferenceToArray(lists[1], cdi);
	if (!h || !h->cap)
		goto out;
	for (int l = 0; l < 2; l++) {
		cJSON_ArrayForEach(cat, lists[l]) {
			cJSON_ArrayForEach(det, cJSON_GetObjectItemCaseSensitive(cat, "detections")) {
				cJSON *o = cJSON_GetObjectItemCaseSensitive(det, "occurrences");
				cJSON_ArrayForEach(occ, cJSON_GetObjectItemCaseSensitive(o, "cells"))
					hide_item(occ, "columnName", h, false);
				cJSON_ArrayForEach(occ, cJSON_GetObjectItemCaseSensitive(o, "records"))
					hide_item(occ, "jsonPath", h, true);
			}
		}
	}
out:
	cJSON_Delete(lists[1]);
}

/* classificationDetails.result, with 15 occurrences per type at most. */
static cJSON *result_json(const struct trawl_view *v)
{
	cJSON *res = cJSON_CreateObject();
	trawl_add_status(res, v->r);
	cJSON_AddBoolToObject(res, "additionalOccurrences",
			      more_than(v->t, TRAWL_FINDING_OCCURRENCES));
	trawl_add_detections(res, v->r, v->t, v->loc, TRAWL_FINDING_OCCURRENCES);
	hide_names(res, v->hide);
	return res;
}

static int emit(struct buf *b, enum trawl_stream s, cJSON *item, bool newline)
{
	char *str = cJSON_PrintUnformatted(item);
	size_t at = trawl_frame_open(b, s);
	int rc = !str || at == (size_t)-1 || buf_addstr(b, str) ||
		 (newline && buf_addch(b, '\n')) || trawl_frame_close(b, at) ? -1 : 0;
	cJSON_free(str);
	cJSON_Delete(item);
	return rc;
}

int trawl_finding_macie(const struct trawl_view *v, struct buf *b)
{
	const struct trawl_output *out = v->out;
	struct buf title = BUF_INIT, desc = BUF_INIT;
	char id[33];
	int rc = -1;
	finding_id(v->name, id);
	if (buf_printf(&title, "The %sobject contains %s.", v->o->s3 ? "S3 " : "",
		       what(v->t->cats)) || describe(v, &desc))
		goto out;
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "schemaVersion", "1.0");
	cJSON_AddStringToObject(f, "id", id);
	cJSON_AddStringToObject(f, "accountId", out->account);
	cJSON_AddStringToObject(f, "partition", "aws");
	cJSON_AddStringToObject(f, "region", out->region);
	trawl_add_severity(f, v->t);
	cJSON_AddStringToObject(f, "title", title.data);
	cJSON_AddStringToObject(f, "description", desc.data);
	cJSON_AddStringToObject(f, "createdAt", out->created);
	cJSON_AddStringToObject(f, "updatedAt", out->created);
	cJSON_AddNumberToObject(f, "count", 1);
	cJSON_AddStringToObject(f, "category", "CLASSIFICATION");
	cJSON_AddBoolToObject(f, "archived", false);
	cJSON_AddBoolToObject(f, "sample", false);
	cJSON_AddItemToObject(f, "resourcesAffected", trawl_resources_json(v->o));
	cJSON *cd = cJSON_AddObjectToObject(f, "classificationDetails");
	if (out->results_path)
		cJSON_AddStringToObject(cd, "detailedResultsLocation", out->results_path);
	else
		cJSON_AddNullToObject(cd, "detailedResultsLocation");
	cJSON_AddNullToObject(cd, "jobArn");
	cJSON_AddNullToObject(cd, "jobId");
	cJSON_AddStringToObject(cd, "originType", "SENSITIVE_DATA_DISCOVERY_JOB");
	cJSON_AddItemToObject(cd, "result", result_json(v));
	cJSON_AddNullToObject(f, "policyDetails");
	rc = emit(b, TRAWL_S_FINDINGS, f, true);
out:
	buf_release(&title);
	buf_release(&desc);
	return rc;
}

/* ---- ASFF ----------------------------------------------------------------- */

/* Security Hub's types for Macie's finding types (namespace/category/
 * classifier), as Macie publishes them. */
static const char *asff_type(unsigned cats)
{
	switch (cats) {
	case 1u << TRAWL_CAT_CREDENTIALS:
		return "Sensitive Data Identifications/Passwords/SensitiveData:S3Object-Credentials";
	case 1u << TRAWL_CAT_FINANCIAL:
		return "Sensitive Data Identifications/Financial/SensitiveData:S3Object-Financial";
	case 1u << TRAWL_CAT_PERSONAL:
		return "Sensitive Data Identifications/PII/SensitiveData:S3Object-Personal";
	case 1u << TRAWL_CAT_CUSTOM:
		return "Sensitive Data Identifications/PII/SensitiveData:S3Object-CustomIdentifier";
	default:
		return "Sensitive Data Identifications/PII/SensitiveData:S3Object-Multiple";
	}
}

/* Macie's camelCase keys as ASFF's PascalCase, and no nulls (ASFF has
 * none: a field is present or absent). */
static void pascal(cJSON *o)
{
	cJSON *it = o ? o->child : NULL;
	while (it) {
		cJSON *next = it->next;
		if (cJSON_IsNull(it)) {
			cJSON_Delete(cJSON_DetachItemViaPointer(o, it));
		} else {
			if (cJSON_IsObject(o) && it->string && !(it->type & cJSON_StringIsConst))
				it->string[0] = (char)toupper((unsigned char)it->string[0]);
			pascal(it);
		}
		it = next;
	}
}

static void add_severity(cJSON *o, enum trawl_severity s)
{
	static const char *const label[] = {"INFORMATIONAL", "LOW", "MEDIUM", "HIGH"};
	cJSON *sv = cJSON_AddObjectToObject(o, "Severity");
	cJSON_AddStringToObject(sv, "Label", label[s <= TRAWL_SEV_HIGH ? s : 0]);
	cJSON_AddStringToObject(sv, "Original", trawl_severity_str(s));
}

static cJSON *resource(const struct trawl_view *v, const char *type, const char *id)
{
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "Type", type);
	cJSON_AddStringToObject(r, "Id", id);
	cJSON_AddStringToObject(r, "Partition", "aws");
	cJSON_AddStringToObject(r, "Region", v->out->region);
	return r;
}

static cJSON *resources(const struct trawl_view *v)
{
	const struct trawl_object_info *o = v->o;
	cJSON *list = cJSON_CreateArray();
	cJSON *obj, *details;
	struct buf arn = BUF_INIT;
	char size[32];
	snprintf(size, sizeof(size), "%llu", (unsigned long long)o->size);
	if (o->s3) {
		buf_printf(&arn, "arn:aws:s3:::%s", o->s3->bucket->name);
		cJSON_AddItemToArray(list, resource(v, "AwsS3Bucket", arn.data ? arn.data : ""));
		buf_reset(&arn);
		buf_printf(&arn, "arn:aws:s3:::%s", o->path);
		obj = resource(v, "AwsS3Object", arn.data ? arn.data : "");
		details = cJSON_AddObjectToObject(obj, "Details");
		cJSON *s3 = cJSON_AddObjectToObject(details, "AwsS3Object");
		if (o->s3->etag)
			cJSON_AddStringToObject(s3, "ETag", o->s3->etag);
		if (o->s3->version_id)
			cJSON_AddStringToObject(s3, "VersionId", o->s3->version_id);
		if (o->s3->sse_type)
			cJSON_AddStringToObject(s3, "ServerSideEncryption", o->s3->sse_type);
		if (o->s3->sse_kms_key)
			cJSON_AddStringToObject(s3, "SSEKMSKeyId", o->s3->sse_kms_key);
	} else {
		obj = resource(v, "Other", v->name);
		details = cJSON_AddObjectToObject(obj, "Details");
	}
	cJSON *other = cJSON_AddObjectToObject(details, "Other");
	cJSON_AddStringToObject(other, "path", o->path);
	cJSON_AddStringToObject(other, "size", size);
	if (o->embedded_path)
		cJSON_AddStringToObject(other, "embeddedFilePath", o->embedded_path);
	cJSON *dc = cJSON_AddObjectToObject(obj, "DataClassification");
	if (v->out->results_path)
		cJSON_AddStringToObject(dc, "DetailedResultsLocation", v->out->results_path);
	cJSON *res = result_json(v);
	pascal(res);
	cJSON_AddItemToObject(dc, "Result", res);
	cJSON_AddItemToArray(list, obj);
	buf_release(&arn);
	return list;
}

int trawl_finding_asff(const struct trawl_view *v, struct buf *b)
{
	const struct trawl_output *out = v->out;
	struct buf title = BUF_INIT, desc = BUF_INIT, arn = BUF_INIT;
	char id[33];
	int rc = -1;
	finding_id(v->name, id);
	const char *w = what(v->t->cats);
	if (buf_printf(&title, "%c%s in %s", toupper((unsigned char)w[0]), w + 1, v->name) ||
	    describe(v, &desc) ||
	    buf_printf(&arn, "arn:aws:securityhub:%s:%s:product/%s/default", out->region,
		       out->account, out->account))
		goto out;
	cut(&title, ASFF_TITLE_MAX);
	cut(&desc, ASFF_DESCRIPTION_MAX);
	cJSON *f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "SchemaVersion", "2018-10-08");
	cJSON_AddStringToObject(f, "Id", id);
	cJSON_AddStringToObject(f, "ProductArn", arn.data);
	cJSON_AddStringToObject(f, "ProductName", "trawl");
	cJSON_AddStringToObject(f, "GeneratorId", "trawl/sensitive-data-discovery");
	cJSON_AddStringToObject(f, "AwsAccountId", out->account);
	cJSON *types = cJSON_AddArrayToObject(f, "Types");
	cJSON_AddItemToArray(types, cJSON_CreateString(asff_type(v->t->cats)));
	cJSON_AddStringToObject(f, "CreatedAt", out->created);
	cJSON_AddStringToObject(f, "UpdatedAt", out->created);
	add_severity(f, v->t->severity);
	cJSON_AddStringToObject(f, "Title", title.data);
	cJSON_AddStringToObject(f, "Description", desc.data);
	cJSON *pf = cJSON_AddObjectToObject(f, "ProductFields");
	cJSON_AddStringToObject(pf, "trawl/findingType", trawl_finding_type(v->t->cats));
	cJSON_AddStringToObject(pf, "trawl/object", v->name);
	cJSON_AddItemToObject(f, "Resources", resources(v));
	cJSON *fpf = cJSON_AddObjectToObject(f, "FindingProviderFields");
	add_severity(fpf, v->t->severity);
	cJSON_AddItemToObject(fpf, "Types", cJSON_Duplicate(types, true));
	cJSON_AddStringToObject(f, "RecordState", "ACTIVE");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(f, "Workflow"), "Status", "NEW");
	cJSON_AddBoolToObject(f, "Sample", false);
	rc = emit(b, TRAWL_S_MAIN, f, false);
out:
	buf_release(&title);
	buf_release(&desc);
	buf_release(&arn);
	return rc;
}
