/*
 * catalog.c - loading identifier files (YAML, libyaml) and selecting which
 * identifiers a scan uses.
 *
 * The file format is the contract in ARCHITECTURE.md: a list of mappings,
 * one per identifier. Unknown fields are errors, so a typo in a field name
 * never silently turns a rule off.
 */
#include "match/catalog.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "confirm/validate.h"
#include "match/cache.h"
#include "match/gate.h"
#include "util/buf.h"

#define MAX_LIST 10000 /* entries in one YAML list field */


static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void identifier_release(struct trawl_identifier *id)
{
	free(id->id);
	free(id->name);
	free(id->file);
	free_list(id->countries, id->ncountries);
	free(id->pattern);
	free(id->prefilter);
	free(id->gate);
	free(id->flags);
	free(id->validator_name);
	free_list(id->keywords, id->nkeywords);
	free(id->reports_as);
	free_list(id->keyword_exclusions, id->nkeyword_exclusions);
	free_list(id->ignore_values, id->nignore_values);
	free_list(id->ignore_words, id->nignore_words);
	free_list(id->examples, id->nexamples);
	free_list(id->negative_examples, id->nnegative_examples);
	free(id->kw);
	/* som_db lives in one of the catalog's parts */
}

void trawl_catalog_free(struct trawl_catalog *cat)
{
	if (!cat)
		return;
	for (size_t i = 0; i < cat->n; i++)
		identifier_release(&cat->ids[i]);
	free(cat->ids);
	for (size_t k = 0; k < cat->nkw; k++)
		free(cat->kws[k].text);
	free(cat->kws);
	for (size_t p = 0; p < sizeof(cat->parts) / sizeof(*cat->parts); p++)
		trawl_cache_free(cat->parts[p]);
	trawl_gateset_free(cat->gates);
	if (cat->proto)
		hs_free_scratch(cat->proto);
	free(cat->cache_dir);
	free_list(cat->allow_words, cat->nallow_words);
	free_list(cat->allow_regex, cat->nallow_regex);
	free_list(cat->allow_regex_name, cat->nallow_regex);
	if (cat->allow_db)
		hs_free_database(cat->allow_db);
	free(cat);
}

size_t trawl_catalog_count(const struct trawl_catalog *cat)
{
	return cat->n;
}

const struct trawl_identifier *trawl_catalog_get(const struct trawl_catalog *cat,
						 size_t i)
{
	return i < cat->n ? &cat->ids[i] : NULL;
}

long trawl_catalog_find(const struct trawl_catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->n; i++)
		if (!strcmp(cat->ids[i].id, id))
			return (long)i;
	return -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int allow_hit(unsigned int id, unsigned long long from, unsigned long long to,
		     unsigned int flags, void *ud)
{
	(void)id;
	(void)from;
	(void)to;
	(void)flags;
	*(bool *)ud = true;
	return 1; /* one is enough */
}

/* ---- YAML helpers ----------------------------------------------------- */

struct yctx {
	yaml_document_t *doc;
	const char *file;
	const char *ident;  /* for messages */
	char *err;
	size_t errlen;
};

static const char *scalar(struct yctx *y, yaml_node_t *n, const char *field)
{
	if (!n || n->type != YAML_SCALAR_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: %s: field '%s' must be a string",
		       y->file, y->ident ? y->ident : "?", field);
		return NULL;
	}
	return (const char *)n->data.scalar.value;
}

static int get_str(struct yctx *y, yaml_node_t *n, const char *field, char **out)
{
	const char *s = scalar(y, n, field);
	if (!s)
		return -1;
	free(*out);
	*out = strdup(s);
	return *out ? 0 : -1;
}

static int get_bool(struct yctx *y, yaml_node_t *n, const char *field, bool *out)
{
	const char *s = scalar(y, n, field);
	if (!s)
		return -1;
	if (!strcasecmp(s, "true") || !strcasecmp(s, "yes"))
		*out = true;
	else if (!strcasecmp(s, "false") || !strcasecmp(s, "no"))
		*out = false;
	else {
		trawl_seterr(y->err, y->errlen, "%s: %s: field '%s' must be true or false",
		       y->file, y->ident, field);
		return -1;
	}
	return 0;
}

static int get_int(struct yctx *y, yaml_node_t *n, const char *field, int lo,
		   int hi, int *out)
{
	const char *s = scalar(y, n, field);
	if (!s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || *end || end == s || v < lo || v > hi) {
		trawl_seterr(y->err, y->errlen, "%s: %s: field '%s' must be a number from %d to %d",
		       y->file, y->ident, field, lo, hi);
		return -1;
	}
	*out = (int)v;
	return 0;
}

static int get_list(struct yctx *y, yaml_node_t *n, const char *field,
		    char ***out, size_t *nout)
{
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: %s: field '%s' must be a list",
		       y->file, y->ident, field);
		return -1;
	}
	yaml_node_item_t *it = n->data.sequence.items.start;
	size_t cnt = (size_t)(n->data.sequence.items.top - it);
	if (cnt > MAX_LIST) {
		trawl_seterr(y->err, y->errlen, "%s: %s: field '%s' has more than %d entries",
		       y->file, y->ident, field, MAX_LIST);
		return -1;
	}
	char **v = calloc(cnt + 1, sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < cnt; i++) {
		const char *s = scalar(y, yaml_document_get_node(y->doc, it[i]), field);
		if (!s || !(v[i] = strdup(s))) {
			free_list(v, i);
			return -1;
		}
	}
	free_list(*out, *nout);
	*out = v;
	*nout = cnt;
	return 0;
}

static int parse_severity_word(const char *s, enum trawl_severity *out)
{
	if (!strcasecmp(s, "low"))
		*out = TRAWL_SEV_LOW;
	else if (!strcasecmp(s, "medium"))
		*out = TRAWL_SEV_MEDIUM;
	else if (!strcasecmp(s, "high"))
		*out = TRAWL_SEV_HIGH;
	else
		return -1;
	return 0;
}

static int get_category(struct yctx *y, yaml_node_t *n, enum trawl_category *out)
{
	const char *s = scalar(y, n, "category");
	if (!s)
		return -1;
	if (!strcmp(s, "CREDENTIALS"))
		*out = TRAWL_CAT_CREDENTIALS;
	else if (!strcmp(s, "FINANCIAL_INFORMATION"))
		*out = TRAWL_CAT_FINANCIAL;
	else if (!strcmp(s, "PERSONAL_INFORMATION"))
		*out = TRAWL_CAT_PERSONAL;
	else {
		trawl_seterr(y->err, y->errlen, "%s: %s: unknown category '%s'", y->file,
		       y->ident, s);
		return -1;
	}
	return 0;
}

static int parse_identifier(struct yctx *y, yaml_node_t *map,
			    struct trawl_identifier *id)
{
	char **sev = NULL;
	size_t nsev = 0;
	int rc = -1;

	id->max_distance = 30;
	id->severity[0] = id->severity[1] = id->severity[2] = TRAWL_SEV_MEDIUM;
	id->flags = strdup("");

	if (map->type != YAML_MAPPING_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: every list entry must be a mapping", y->file);
		goto out;
	}
	/* id first, so every later message can name the identifier. */
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE &&
		    !strcmp((char *)k->data.scalar.value, "id")) {
			if (get_str(y, yaml_document_get_node(y->doc, p->value), "id", &id->id))
				goto out;
		}
	}
	if (!id->id) {
		trawl_seterr(y->err, y->errlen, "%s: an entry has no 'id'", y->file);
		goto out;
	}
	y->ident = id->id;

	bool have_cat = false;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
		const char *key = scalar(y, k, "(key)");
		int r = 0;
		if (!key)
			goto out;
		if (!strcmp(key, "id"))
			continue;
		else if (!strcmp(key, "name"))
			r = get_str(y, v, key, &id->name);
		else if (!strcmp(key, "category"))
			r = get_category(y, v, &id->category), have_cat = true;
		else if (!strcmp(key, "countries"))
			r = get_list(y, v, key, &id->countries, &id->ncountries);
		else if (!strcmp(key, "pattern"))
			r = get_str(y, v, key, &id->pattern);
		else if (!strcmp(key, "flags"))
			r = get_str(y, v, key, &id->flags);
		else if (!strcmp(key, "validator"))
			r = get_str(y, v, key, &id->validator_name);
		else if (!strcmp(key, "keywords"))
			r = get_list(y, v, key, &id->keywords, &id->nkeywords);
		else if (!strcmp(key, "reports_as"))
			r = get_str(y, v, key, &id->reports_as);
		else if (!strcmp(key, "keyword_exclusions"))
			r = get_list(y, v, key, &id->keyword_exclusions,
				     &id->nkeyword_exclusions);
		else if (!strcmp(key, "keyword_required"))
			r = get_bool(y, v, key, &id->keyword_required);
		else if (!strcmp(key, "max_distance"))
			r = get_int(y, v, key, 1, 300, &id->max_distance);
		else if (!strcmp(key, "severity"))
			r = get_list(y, v, key, &sev, &nsev);
		else if (!strcmp(key, "recommended"))
			r = get_bool(y, v, key, &id->recommended);
		else if (!strcmp(key, "delimited"))
			r = get_bool(y, v, key, &id->delimited);
		else if (!strcmp(key, "standalone"))
			r = get_bool(y, v, key, &id->standalone);
		else if (!strcmp(key, "prefilter"))
			r = get_str(y, v, key, &id->prefilter);
		else if (!strcmp(key, "gate"))
			r = get_str(y, v, key, &id->gate);
		else if (!strcmp(key, "ignore_values"))
			r = get_list(y, v, key, &id->ignore_values, &id->nignore_values);
		else if (!strcmp(key, "ignore_words"))
			r = get_list(y, v, key, &id->ignore_words, &id->nignore_words);
		else if (!strcmp(key, "examples"))
			r = get_list(y, v, key, &id->examples, &id->nexamples);
		else if (!strcmp(key, "negative_examples"))
			r = get_list(y, v, key, &id->negative_examples,
				     &id->nnegative_examples);
		else {
			trawl_seterr(y->err, y->errlen, "%s: %s: unknown field '%s'", y->file,
			       id->id, key);
			goto out;
		}
		if (r)
			goto out;
	}
	if (!id->pattern || !*id->pattern) {
		trawl_seterr(y->err, y->errlen, "%s: %s: no pattern", y->file, id->id);
		goto out;
	}
	if (strlen(id->pattern) > 4096) {
		trawl_seterr(y->err, y->errlen, "%s: %s: pattern longer than 4096 characters",
		       y->file, id->id);
		goto out;
	}
	if (!have_cat) {
		trawl_seterr(y->err, y->errlen, "%s: %s: no category", y->file, id->id);
		goto out;
	}
	for (const char *f = id->flags; *f; f++) {
		if (!strchr("ism", *f)) {
			trawl_seterr(y->err, y->errlen, "%s: %s: unknown flag '%c' (use i, s, m)",
			       y->file, id->id, *f);
			goto out;
		}
	}
	if (id->validator_name) {
		const struct trawl_validator *v = trawl_validator_find(id->validator_name);
		if (!v) {
			trawl_seterr(y->err, y->errlen, "%s: %s: unknown validator '%s'", y->file,
			       id->id, id->validator_name);
			goto out;
		}
		id->validator = v;
	}
	if (id->prefilter && (id->keyword_required || !*id->prefilter ||
			      strlen(id->prefilter) > 4096)) {
		trawl_seterr(y->err, y->errlen, "%s: %s: a prefilter is for identifiers that "
			     "need no keyword, up to 4096 characters", y->file, id->id);
		goto out;
	}
	if (id->gate) {
		struct trawl_gate g;
		char gerr[160];
		if (id->keyword_required || trawl_gate_parse(id->gate, &g, gerr, sizeof(gerr))) {
			trawl_seterr(y->err, y->errlen, "%s: %s: %s", y->file, id->id,
				     id->keyword_required ? "a gate is for identifiers that "
				     "need no keyword" : gerr);
			goto out;
		}
	}
	if (id->keyword_required && !id->nkeywords) {
		trawl_seterr(y->err, y->errlen, "%s: %s: keyword_required but no keywords",
		       y->file, id->id);
		goto out;
	}
	for (size_t k = 0; k < id->nkeywords; k++) {
		size_t kl = strlen(id->keywords[k]);
		if (kl < 2 || kl > 90) {
			trawl_seterr(y->err, y->errlen, "%s: %s: keyword %zu must be 2 to 90 characters",
			       y->file, id->id, k + 1);
			goto out;
		}
	}
	if (sev) {
		if (nsev != 3) {
			trawl_seterr(y->err, y->errlen, "%s: %s: severity needs three levels (1, 2-99, >=100)",
			       y->file, id->id);
			goto out;
		}
		for (int i = 0; i < 3; i++) {
			if (parse_severity_word(sev[i], &id->severity[i])) {
				trawl_seterr(y->err, y->errlen, "%s: %s: severity must be Low, Medium or High",
				       y->file, id->id);
				goto out;
			}
		}
	}
	rc = 0;
out:
	free_list(sev, nsev);
	return rc;
}

/* Parses the YAML file at path into *doc. 0, or -1 with err set. */
static int yaml_load_file(const char *path, yaml_document_t *doc, char *err, size_t errlen)
{
	yaml_parser_t parser;
	FILE *f = fopen(path, "rb");
	if (!f) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	int rc = 0;
	if (!yaml_parser_load(&parser, doc)) {
		trawl_seterr(err, errlen, "%s:%zu: YAML error: %s", path,
		       parser.problem_mark.line + 1,
		       parser.problem ? parser.problem : "unknown");
		rc = -1;
	}
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

static int load_file(struct trawl_catalog *cat, const char *path, char *err,
		     size_t errlen)
{
	yaml_document_t doc;
	int rc = -1;
	if (yaml_load_file(path, &doc, err, errlen))
		return -1;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) { /* empty file */
		rc = 0;
		goto out;
	}
	if (root->type != YAML_SEQUENCE_NODE) {
		trawl_seterr(err, errlen, "%s: the file must be a list of identifiers", path);
		goto out;
	}
	struct yctx y = {&doc, path, NULL, err, errlen};
	for (yaml_node_item_t *it = root->data.sequence.items.start;
	     it < root->data.sequence.items.top; it++) {
		if (VEC_RESERVE(cat->ids, cat->n, cat->alloc, 1))
			goto out;
		struct trawl_identifier *id = &cat->ids[cat->n];
		memset(id, 0, sizeof(*id));
		y.ident = NULL;
		if (parse_identifier(&y, yaml_document_get_node(&doc, *it), id)) {
			identifier_release(id);
			goto out;
		}
		if (trawl_catalog_find(cat, id->id) >= 0) {
			trawl_seterr(err, errlen, "%s: %s: defined twice", path, id->id);
			identifier_release(id);
			goto out;
		}
		id->file = strdup(path);
		cat->n++;
	}
	rc = 0;
out:
	yaml_document_delete(&doc);
	return rc;
}

/* ---- configuration: custom identifiers and allow lists ----------------- */

#define MAX_ALLOW_WORDS 100000

static bool name_ok(const char *s)
{
	size_t n = strlen(s);
	if (!n || n > 128)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-.", *s))
			return false;
	return true;
}

static int check_lengths(struct yctx *y, char **v, size_t n, size_t max_n, size_t lo,
			 size_t hi, const char *field)
{
	if (n > max_n) {
		trawl_seterr(y->err, y->errlen, "%s: %s: at most %zu %s", y->file, y->ident,
			     max_n, field);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);
		if (l < lo || l > hi) {
			trawl_seterr(y->err, y->errlen, "%s: %s: each of %s must be %zu to %zu "
				     "characters (entry %zu)", y->file, y->ident, field, lo, hi, i + 1);
			return -1;
		}
	}
	return 0;
}

static int parse_levels(struct yctx *y, yaml_node_t *n, struct trawl_identifier *id)
{
	if (!n || n->type != YAML_SEQUENCE_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: %s: severityLevels must be a list",
			     y->file, y->ident);
		return -1;
	}
	for (yaml_node_item_t *it = n->data.sequence.items.start;
	     it < n->data.sequence.items.top; it++) {
		yaml_node_t *m = yaml_document_get_node(y->doc, *it);
		if (id->nlevels == 3 || !m || m->type != YAML_MAPPING_NODE) {
			trawl_seterr(y->err, y->errlen, "%s: %s: severityLevels takes up to three "
				     "{occurrencesThreshold, severity}", y->file, y->ident);
			return -1;
		}
		int thr = 0;
		enum trawl_severity sev = TRAWL_SEV_NONE;
		for (yaml_node_pair_t *p = m->data.mapping.pairs.start;
		     p < m->data.mapping.pairs.top; p++) {
			const char *k = scalar(y, yaml_document_get_node(y->doc, p->key), "(key)");
			yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
			if (!k)
				return -1;
			if (!strcmp(k, "occurrencesThreshold")) {
				if (get_int(y, v, k, 1, 1000000, &thr))
					return -1;
			} else if (!strcmp(k, "severity")) {
				const char *sv = scalar(y, v, k);
				if (!sv || parse_severity_word(sv, &sev)) {
					trawl_seterr(y->err, y->errlen, "%s: %s: severity must be LOW, "
						     "MEDIUM or HIGH", y->file, y->ident);
					return -1;
				}
			} else {
				trawl_seterr(y->err, y->errlen, "%s: %s: unknown field '%s' in "
					     "severityLevels", y->file, y->ident, k);
				return -1;
			}
		}
		if (!thr || sev == TRAWL_SEV_NONE) {
			trawl_seterr(y->err, y->errlen, "%s: %s: a severity level needs "
				     "occurrencesThreshold and severity", y->file, y->ident);
			return -1;
		}
		for (size_t i = 0; i < id->nlevels; i++) {
			if (id->levels[i].threshold == (uint64_t)thr || id->levels[i].severity == sev) {
				trawl_seterr(y->err, y->errlen, "%s: %s: severity levels must differ "
					     "in threshold and in severity", y->file, y->ident);
				return -1;
			}
		}
		id->levels[id->nlevels++] = (struct trawl_severity_level){(uint64_t)thr, sev};
	}
	/* sorted by threshold; a higher threshold may not lower the severity */
	for (size_t i = 1; i < id->nlevels; i++)
		for (size_t j = i; j && id->levels[j - 1].threshold > id->levels[j].threshold; j--) {
			struct trawl_severity_level t = id->levels[j];
			id->levels[j] = id->levels[j - 1];
			id->levels[j - 1] = t;
		}
	for (size_t i = 1; i < id->nlevels; i++) {
		if (id->levels[i].severity < id->levels[i - 1].severity) {
			trawl_seterr(y->err, y->errlen, "%s: %s: a higher occurrencesThreshold "
				     "needs a higher severity", y->file, y->ident);
			return -1;
		}
	}
	return 0;
}

static int parse_custom(struct yctx *y, yaml_node_t *map, struct trawl_identifier *id)
{
	id->custom = true;
	id->category = TRAWL_CAT_CUSTOM;
	id->max_distance = 50;
	id->flags = strdup("");
	id->severity[0] = id->severity[1] = id->severity[2] = TRAWL_SEV_MEDIUM;
	if (!id->flags || !map || map->type != YAML_MAPPING_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: every custom data identifier must be a "
			     "mapping", y->file);
		return -1;
	}
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && !strcmp((char *)k->data.scalar.value, "name") &&
		    get_str(y, yaml_document_get_node(y->doc, p->value), "name", &id->id))
			return -1;
	}
	if (!id->id || !name_ok(id->id)) {
		trawl_seterr(y->err, y->errlen, "%s: a custom data identifier needs a name of "
			     "1 to 128 letters, digits, '_', '-' or '.'", y->file);
		return -1;
	}
	y->ident = id->id;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *key = scalar(y, yaml_document_get_node(y->doc, p->key), "(key)");
		yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
		int r = 0;
		if (!key)
			return -1;
		if (!strcmp(key, "name"))
			continue;
		else if (!strcmp(key, "description"))
			r = get_str(y, v, key, &id->name);
		else if (!strcmp(key, "regex"))
			r = get_str(y, v, key, &id->pattern);
		else if (!strcmp(key, "keywords"))
			r = get_list(y, v, key, &id->keywords, &id->nkeywords) ||
			    check_lengths(y, id->keywords, id->nkeywords, 50, 3, 90, "keywords");
		else if (!strcmp(key, "ignoreWords"))
			r = get_list(y, v, key, &id->ignore_words, &id->nignore_words) ||
			    check_lengths(y, id->ignore_words, id->nignore_words, 10, 4, 90,
					  "ignoreWords");
		else if (!strcmp(key, "maximumMatchDistance"))
			r = get_int(y, v, key, 1, 300, &id->max_distance);
		else if (!strcmp(key, "severityLevels"))
			r = parse_levels(y, v, id);
		else {
			trawl_seterr(y->err, y->errlen, "%s: %s: unknown field '%s'", y->file,
				     id->id, key);
			return -1;
		}
		if (r)
			return -1;
	}
	if (!id->pattern || !*id->pattern || strlen(id->pattern) > 512) {
		trawl_seterr(y->err, y->errlen, "%s: %s: regex must be 1 to 512 characters",
			     y->file, id->id);
		return -1;
	}
	for (size_t k = 0; k < id->nkeywords; k++)
		for (char *c = id->keywords[k]; *c; c++)
			*c = (char)tolower((unsigned char)*c);
	id->keyword_required = id->nkeywords > 0;
	return 0;
}

static int add_allow_word(struct trawl_catalog *cat, const char *w, size_t n)
{
	if (VEC_RESERVE(cat->allow_words, cat->nallow_words, cat->aallow_words, 1))
		return -1;
	char *c = strndup(w, n);
	if (!c)
		return -1;
	for (char *p = c; *p; p++)
		*p = (char)tolower((unsigned char)*p);
	cat->allow_words[cat->nallow_words++] = c;
	return 0;
}

/* A words file: one entry a line (trimmed; blank lines skipped). */
static int load_words(struct yctx *y, struct trawl_catalog *cat, const char *file,
		      const char *list)
{
	struct buf path = BUF_INIT;
	const char *slash = strrchr(y->file, '/');
	if (file[0] != '/' && slash)
		buf_printf(&path, "%.*s/%s", (int)(slash - y->file), y->file, file);
	else
		buf_addstr(&path, file);
	FILE *f = path.data ? fopen(path.data, "re") : NULL;
	if (!f) {
		trawl_seterr(y->err, y->errlen, "%s: allow list %s: %s: %s", y->file, list,
			     path.data ? path.data : file, strerror(errno));
		buf_release(&path);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0, count = 0;
	ssize_t n;
	int rc = 0;
	while ((n = getline(&line, &cap, f)) != -1) {
		char *s = line;
		while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		while (n && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (!n)
			continue;
		if (++count > MAX_ALLOW_WORDS || n > 90) {
			trawl_seterr(y->err, y->errlen, "%s: allow list %s: at most %d entries of "
				     "up to 90 characters", y->file, list, MAX_ALLOW_WORDS);
			rc = -1;
			break;
		}
		if (add_allow_word(cat, s, (size_t)n)) {
			rc = -1;
			break;
		}
	}
	free(line);
	fclose(f);
	buf_release(&path);
	return rc;
}

static int parse_allow(struct yctx *y, struct trawl_catalog *cat, yaml_node_t *map)
{
	char *name = NULL, *words = NULL, *regex = NULL;
	int rc = -1;
	if (!map || map->type != YAML_MAPPING_NODE) {
		trawl_seterr(y->err, y->errlen, "%s: every allow list must be a mapping", y->file);
		return -1;
	}
	y->ident = "allow list";
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		const char *key = scalar(y, yaml_document_get_node(y->doc, p->key), "(key)");
		yaml_node_t *v = yaml_document_get_node(y->doc, p->value);
		int r;
		if (!key)
			goto out;
		if (!strcmp(key, "name"))
			r = get_str(y, v, key, &name);
		else if (!strcmp(key, "wordsFile"))
			r = get_str(y, v, key, &words);
		else if (!strcmp(key, "regex"))
			r = get_str(y, v, key, &regex);
		else if (!strcmp(key, "description"))
			r = 0;
		else {
			trawl_seterr(y->err, y->errlen, "%s: allow list: unknown field '%s'",
				     y->file, key);
			goto out;
		}
		if (r)
			goto out;
	}
	if (!name || !name_ok(name) || !words == !regex) {
		trawl_seterr(y->err, y->errlen, "%s: an allow list needs a name and either "
			     "wordsFile or regex", y->file);
		goto out;
	}
	if (words) {
		rc = load_words(y, cat, words, name);
		goto out;
	}
	if (!*regex || strlen(regex) > 512) {
		trawl_seterr(y->err, y->errlen, "%s: allow list %s: regex must be 1 to 512 "
			     "characters", y->file, name);
		goto out;
	}
	if (VEC_RESERVE(cat->allow_regex, cat->nallow_regex, cat->aallow_regex, 1))
		goto out;
	size_t a = cat->aallow_regex, n = cat->nallow_regex;
	char **names = realloc(cat->allow_regex_name, a * sizeof(*names));
	if (!names)
		goto out;
	cat->allow_regex_name = names;
	cat->allow_regex[n] = regex;
	cat->allow_regex_name[n] = name;
	cat->nallow_regex++;
	regex = name = NULL;
	rc = 0;
out:
	free(name);
	free(words);
	free(regex);
	return rc;
}

int trawl_catalog_load_config(struct trawl_catalog *cat, const char *path, char *err,
			      size_t errlen)
{
	yaml_document_t doc;
	if (cat->compiled) {
		trawl_seterr(err, errlen, "catalog already compiled");
		return -1;
	}
	if (yaml_load_file(path, &doc, err, errlen))
		return -1;
	int rc = -1;
	struct yctx y = {&doc, path, NULL, err, errlen};
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	if (!root) {
		rc = 0;
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		trawl_seterr(err, errlen, "%s: the configuration must be a mapping "
			     "(customDataIdentifiers, allowLists)", path);
		goto out;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		const char *key = scalar(&y, yaml_document_get_node(&doc, p->key), "(key)");
		yaml_node_t *v = yaml_document_get_node(&doc, p->value);
		bool custom = key && !strcmp(key, "customDataIdentifiers");
		if (!key || (!custom && strcmp(key, "allowLists"))) {
			trawl_seterr(err, errlen, "%s: unknown section '%s' (customDataIdentifiers, "
				     "allowLists)", path, key ? key : "?");
			goto out;
		}
		if (!v || v->type != YAML_SEQUENCE_NODE) {
			trawl_seterr(err, errlen, "%s: %s must be a list", path, key);
			goto out;
		}
		for (yaml_node_item_t *it = v->data.sequence.items.start;
		     it < v->data.sequence.items.top; it++) {
			yaml_node_t *m = yaml_document_get_node(&doc, *it);
			if (!custom) {
				if (parse_allow(&y, cat, m))
					goto out;
				continue;
			}
			if (VEC_RESERVE(cat->ids, cat->n, cat->alloc, 1))
				goto out;
			struct trawl_identifier *id = &cat->ids[cat->n];
			memset(id, 0, sizeof(*id));
			y.ident = NULL;
			if (parse_custom(&y, m, id)) {
				identifier_release(id);
				goto out;
			}
			if (trawl_catalog_find(cat, id->id) >= 0) {
				trawl_seterr(err, errlen, "%s: %s: the name is taken (a managed "
					     "identifier or another custom one)", path, id->id);
				identifier_release(id);
				goto out;
			}
			id->file = strdup(path);
			cat->n++;
		}
	}
	qsort(cat->allow_words, cat->nallow_words, sizeof(char *), cmp_str);
	rc = 0;
out:
	yaml_document_delete(&doc);
	return rc;
}

bool trawl_catalog_allowed(const struct trawl_catalog *cat, hs_scratch_t *scratch,
			   const char *v, size_t n)
{
	if (cat->nallow_words && n <= 90) {
		char low[91];
		for (size_t i = 0; i < n; i++)
			low[i] = (char)tolower((unsigned char)v[i]);
		low[n] = '\0';
		const char *key = low;
		bool hit = bsearch(&key, cat->allow_words, cat->nallow_words, sizeof(char *),
				   cmp_str) != NULL;
		explicit_bzero(low, sizeof(low));
		if (hit)
			return true;
	}
	if (cat->allow_db) {
		bool hit = false;
		hs_scan(cat->allow_db, v, (unsigned)n, 0, scratch, allow_hit, &hit);
		return hit;
	}
	return false;
}


int trawl_catalog_load_dir(struct trawl_catalog **catp, const char *dir,
			   char *err, size_t errlen)
{
	struct trawl_catalog *cat = *catp;
	char **names = NULL;
	size_t n = 0, alloc = 0;
	int rc = -1;
	DIR *d = opendir(dir);
	if (!d) {
		trawl_seterr(err, errlen, "%s: %s", dir, strerror(errno));
		return -1;
	}
	if (!cat && !(cat = calloc(1, sizeof(*cat))))
		goto out;
	*catp = cat;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		if (l < 6 || strcmp(de->d_name + l - 5, ".yaml") || de->d_name[0] == '.')
			continue;
		if (VEC_RESERVE(names, n, alloc, 1))
			goto out;
		if (!(names[n] = strdup(de->d_name)))
			goto out;
		n++;
	}
	if (!n) {
		trawl_seterr(err, errlen, "%s: no identifier files (*.yaml)", dir);
		goto out;
	}
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		struct buf p = BUF_INIT;
		if (buf_printf(&p, "%s/%s", dir, names[i]))
			goto out;
		int r = load_file(cat, p.data, err, errlen);
		buf_release(&p);
		if (r)
			goto out;
	}
	rc = 0;
out:
	free_list(names, n);
	closedir(d);
	return rc;
}

/* ---- selection -------------------------------------------------------- */

static int apply_list(struct trawl_catalog *cat, const char *list, bool value,
		      char *err, size_t errlen)
{
	char *copy = strdup(list), *save = NULL;
	int rc = 0;
	if (!copy)
		return -1;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		while (*tok == ' ')
			tok++;
		size_t l = strlen(tok);
		while (l && tok[l - 1] == ' ')
			tok[--l] = '\0';
		if (!l)
			continue;
		/* The sets name managed identifiers; a configuration's custom
		 * ones come with any set (a list of ids must name them). */
		if (!strcmp(tok, "ALL") || !strcmp(tok, "RECOMMENDED") || !strcmp(tok, "NONE")) {
			bool rec = tok[0] == 'R', none = tok[0] == 'N';
			for (size_t i = 0; i < cat->n; i++)
				if (cat->ids[i].custom ||
				    (!none && (!rec || cat->ids[i].recommended)))
					cat->ids[i].selected = value;
			continue;
		}
		long i = trawl_catalog_find(cat, tok);
		if (i < 0) {
			trawl_seterr(err, errlen, "unknown identifier '%s' (see: trawl identifiers list)", tok);
			rc = -1;
			break;
		}
		cat->ids[i].selected = value;
		/* and the forms reported as it (PHONE_NUMBER_(NATIONAL) with
		 * PHONE_NUMBER) */
		for (size_t j = 0; j < cat->n; j++)
			if (cat->ids[j].reports_as && !strcmp(cat->ids[j].reports_as, tok))
				cat->ids[j].selected = value;
	}
	free(copy);
	return rc;
}

int trawl_catalog_select(struct trawl_catalog *cat, const char *include,
			 const char *exclude, char *err, size_t errlen)
{
	for (size_t i = 0; i < cat->n; i++)
		cat->ids[i].selected = false;
	if (apply_list(cat, include ? include : "ALL", true, err, errlen))
		return -1;
	if (exclude && apply_list(cat, exclude, false, err, errlen))
		return -1;
	for (size_t i = 0; i < cat->n; i++)
		if (cat->ids[i].selected)
			return 0;
	trawl_seterr(err, errlen, "no identifiers selected");
	return -1;
}
