/*
 * sarif.c - --format sarif: one SARIF 2.1.0 log with one run.
 *
 * The head (tool, one rule per identifier type selected) is written before
 * the first object, each detection becomes a result as its object is
 * written (up to 1,000 per type per object, as in records), and the tail
 * closes the results and adds the invocation, whose notifications name the
 * objects that could not be analysed, with Macie's reason code. A result
 * has the type, its count and the location, never the value; its
 * partialFingerprints "trawl/v1" is the baseline fingerprint, so a SARIF
 * log can serve as a baseline.
 */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "report/output_int.h"
#include "util/sha256.h"

static const char *level(enum trawl_severity s)
{
	return s == TRAWL_SEV_HIGH ? "error" : s == TRAWL_SEV_MEDIUM ? "warning" : "note";
}

/* GitHub code scanning's scale for security alerts (0.1-10). */
static const char *security_severity(enum trawl_severity s)
{
	return s == TRAWL_SEV_HIGH ? "8.0" : s == TRAWL_SEV_MEDIUM ? "5.0" : "2.0";
}

/* The types results can have: every selected identifier's reported type
 * (a form reported as another type has that type's rule). */
int trawl_sarif_rules(struct trawl_output *out)
{
	size_t n = trawl_catalog_count(out->cat);
	out->rule = malloc((n ? n : 1) * sizeof(*out->rule));
	if (!out->rule)
		return -1;
	for (size_t i = 0; i < n; i++)
		out->rule[i] = -1;
	for (size_t i = 0; i < n; i++) {
		const struct trawl_identifier *id = trawl_catalog_get(out->cat, i);
		if (id->selected)
			out->rule[id->report] = 0;
	}
	int32_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (out->rule[i] >= 0)
			out->rule[i] = k++;
	return 0;
}

static cJSON *text_obj(const char *s)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "text", s);
	return o;
}

static cJSON *rule_json(const struct trawl_identifier *id)
{
	char desc[512];
	enum trawl_severity dflt = trawl_type_severity(id, 1);
	cJSON *r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "id", id->id);
	cJSON_AddStringToObject(r, "name", id->id);
	cJSON_AddItemToObject(r, "shortDescription", text_obj(id->name ? id->name : id->id));
	if (id->custom)
		snprintf(desc, sizeof(desc), "Custom data identifier %s (%s).", id->id,
			 trawl_category_str(id->category));
	else
		snprintf(desc, sizeof(desc), "%s (%s). Severity for 1, 2-99 and 100 or more "
			 "occurrences in an object: %s, %s, %s.%s", id->name ? id->name : id->id,
			 trawl_category_str(id->category), trawl_severity_str(id->severity[0]),
			 trawl_severity_str(id->severity[1]), trawl_severity_str(id->severity[2]),
			 id->keyword_required ? " A keyword must be near the value." : "");
	cJSON_AddItemToObject(r, "fullDescription", text_obj(desc));
	cJSON *dc = cJSON_AddObjectToObject(r, "defaultConfiguration");
	cJSON_AddStringToObject(dc, "level", level(dflt));
	cJSON *p = cJSON_AddObjectToObject(r, "properties");
	cJSON_AddStringToObject(p, "category", trawl_category_str(id->category));
	if (dflt != TRAWL_SEV_NONE)
		cJSON_AddStringToObject(p, "security-severity", security_severity(dflt));
	cJSON *tags = cJSON_AddArrayToObject(p, "tags");
	cJSON_AddItemToArray(tags, cJSON_CreateString("privacy"));
	cJSON_AddItemToArray(tags, cJSON_CreateString("security"));
	cJSON_AddItemToArray(tags, cJSON_CreateString(trawl_category_str(id->category)));
	if (id->ncountries) {
		cJSON *c = cJSON_AddArrayToObject(p, "countries");
		for (size_t i = 0; i < id->ncountries; i++)
			cJSON_AddItemToArray(c, cJSON_CreateString(id->countries[i]));
	}
	return r;
}

int trawl_sarif_head(const struct trawl_output *out, FILE *f)
{
	cJSON *rules = cJSON_CreateArray();
	size_t n = trawl_catalog_count(out->cat);
	for (size_t i = 0; i < n; i++)
		if (out->rule[i] >= 0)
			cJSON_AddItemToArray(rules, rule_json(trawl_catalog_get(out->cat, i)));
	char *s = cJSON_PrintUnformatted(rules);
	char id[17];
	trawl_baseline_key_id(out, id);
	int rc = !s || fprintf(f, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\","
			       "\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{"
			       "\"name\":\"trawl\",\"version\":\"%s\",\"semanticVersion\":\"%s\","
			       "\"rules\":%s}},\"columnKind\":\"unicodeCodePoints\","
			       "\"properties\":{\"trawl/keyId\":\"%s\"},\"results\":[\n",
			       TRAWL_VERSION, TRAWL_VERSION, s, id) < 0 ? -1 : 0;
	cJSON_free(s);
	cJSON_Delete(rules);
	return rc;
}

/* A location: the top-level object's file (a URI), the line and column
 * when there are some (else line 1, the object: code scanning wants a line
 * in every result; an archive member's lines are not its archive's), and
 * as a logical location the object's name with the detection's place (an
 * archive member, a cell, a JSON path, a page). */
static cJSON *location_json(const struct trawl_view *v, const struct trawl_loc *l,
			    const char *uri, const char *where)
{
	cJSON *loc = cJSON_CreateObject();
	cJSON *pl = cJSON_AddObjectToObject(loc, "physicalLocation");
	cJSON_AddStringToObject(cJSON_AddObjectToObject(pl, "artifactLocation"), "uri", uri);
	if (l) {
		uint64_t col = 0, line = 0;
		if (!v->o->embedded_path) /* a member's lines are not the file's */
			line = trawl_loc_line(v->r, l, &col);
		cJSON *rg = cJSON_AddObjectToObject(pl, "region");
		cJSON_AddNumberToObject(rg, "startLine", line ? (double)line : 1);
		if (col)
			cJSON_AddNumberToObject(rg, "startColumn", (double)col);
	}
	if (where && (v->o->embedded_path || l->has_seg)) {
		struct buf fq = BUF_INIT;
		cJSON *ll = cJSON_CreateObject();
		cJSON_AddStringToObject(ll, "name", where);
		if (!buf_printf(&fq, "%s:%s", v->name, where))
			cJSON_AddStringToObject(ll, "fullyQualifiedName", fq.data);
		cJSON_AddStringToObject(ll, "kind", l->has_seg ? "element" : "resource");
		cJSON_AddItemToArray(cJSON_AddArrayToObject(loc, "logicalLocations"), ll);
		buf_release(&fq);
	}
	return loc;
}

static int emit(struct buf *b, enum trawl_stream s, cJSON *item)
{
	char *str = cJSON_PrintUnformatted(item);
	size_t at = trawl_frame_open(b, s);
	int rc = !str || at == (size_t)-1 || buf_addstr(b, str) || trawl_frame_close(b, at)
		 ? -1 : 0;
	cJSON_free(str);
	cJSON_Delete(item);
	return rc;
}

int trawl_sarif_results(const struct trawl_view *v, struct buf *b)
{
	const struct trawl_outcome *r = v->r;
	const struct trawl_catalog *cat = v->cat;
	size_t n = trawl_catalog_count(cat);
	uint64_t *shown = calloc(n ? n : 1, sizeof(*shown));
	struct buf uri = BUF_INIT, where = BUF_INIT;
	int rc = -1;
	if (!shown || trawl_object_uri(v->o, &uri) || buf_addch(&uri, '\0'))
		goto out;
	for (size_t i = 0; i < r->ndet; i++) {
		uint32_t ty = trawl_catalog_get(cat, r->det[i].ident)->report;
		uint64_t count = v->t->count[ty];
		if (!count || shown[ty]++ >= TRAWL_MAX_OCCURRENCES)
			continue;
		const struct trawl_identifier *id = trawl_catalog_get(cat, ty);
		enum trawl_severity sev = trawl_type_severity(id, count);
		char msg[512], hex[2 * TRAWL_FP_LEN + 1];
		buf_reset(&where);
		if (trawl_loc_str(r, &v->loc[i], v->hide, &where) || buf_addch(&where, '\0'))
			goto out;
		snprintf(msg, sizeof(msg), "%s (%s) at %.200s: %llu occurrence%s in this "
			 "object, severity %s", id->id, trawl_category_str(id->category),
			 where.data, (unsigned long long)count, count == 1 ? "" : "s",
			 trawl_severity_str(sev));
		cJSON *res = cJSON_CreateObject();
		cJSON_AddStringToObject(res, "ruleId", id->id);
		if (v->out->rule && v->out->rule[ty] >= 0)
			cJSON_AddNumberToObject(res, "ruleIndex", v->out->rule[ty]);
		cJSON_AddStringToObject(res, "level", level(sev));
		cJSON_AddItemToObject(res, "message", text_obj(msg));
		cJSON_AddItemToArray(cJSON_AddArrayToObject(res, "locations"),
				     location_json(v, &v->loc[i], uri.data, where.data));
		if (v->fp) {
			trawl_hex(v->fp[i], TRAWL_FP_LEN, hex);
			cJSON_AddStringToObject(cJSON_AddObjectToObject(res, "partialFingerprints"),
						"trawl/v1", hex);
		}
		cJSON *p = cJSON_AddObjectToObject(res, "properties");
		cJSON_AddStringToObject(p, "object", v->name);
		cJSON_AddStringToObject(p, "location", where.data);
		cJSON_AddStringToObject(p, "category", trawl_category_str(id->category));
		cJSON_AddNumberToObject(p, "count", (double)count);
		cJSON_AddStringToObject(p, "objectSeverity", trawl_severity_str(v->t->severity));
		if (emit(b, TRAWL_S_MAIN, res))
			goto out;
	}
	rc = 0;
out:
	buf_release(&uri);
	buf_release(&where);
	free(shown);
	return rc;
}

int trawl_sarif_note(const struct trawl_view *v, struct buf *b)
{
	const struct trawl_outcome *r = v->r;
	struct buf uri = BUF_INIT, msg = BUF_INIT;
	int rc = -1;
	if (trawl_object_uri(v->o, &uri) || buf_addch(&uri, '\0') ||
	    buf_printf(&msg, "%s not analysed: %s%s%s", v->name, r->status,
		       r->reason ? " " : "", r->reason ? r->reason : ""))
		goto out;
	cJSON *n = cJSON_CreateObject();
	cJSON_AddStringToObject(n, "level", strcmp(r->status, "SKIPPED") ? "note" : "warning");
	cJSON_AddItemToObject(n, "message", text_obj(msg.data));
	cJSON_AddStringToObject(cJSON_AddObjectToObject(n, "descriptor"), "id",
				r->reason ? r->reason : r->status);
	cJSON_AddItemToArray(cJSON_AddArrayToObject(n, "locations"),
			     location_json(v, NULL, uri.data, NULL));
	cJSON *p = cJSON_AddObjectToObject(n, "properties");
	cJSON_AddStringToObject(p, "object", v->name);
	cJSON_AddStringToObject(p, "status", r->status);
	if (r->reason)
		cJSON_AddStringToObject(p, "reason", r->reason);
	rc = emit(b, TRAWL_S_NOTES, n);
out:
	buf_release(&uri);
	buf_release(&msg);
	return rc;
}

int trawl_sarif_tail(struct trawl_output *out, FILE *f, bool ok)
{
	int rc = fprintf(f, "%s],\"invocations\":[{\"executionSuccessful\":%s,"
			 "\"toolExecutionNotifications\":[", out->first[TRAWL_S_MAIN] ? "" : "\n",
			 ok ? "true" : "false") < 0;
	if (out->notes) {
		char chunk[65536];
		size_t n;
		rc |= fflush(out->notes) != 0 || fseek(out->notes, 0, SEEK_SET) != 0;
		while (!rc && (n = fread(chunk, 1, sizeof(chunk), out->notes)) > 0)
			rc |= fwrite(chunk, 1, n, f) != n;
		rc |= ferror(out->notes);
	}
	rc |= fputs("]}]}]}\n", f) < 0;
	return rc ? -1 : 0;
}
