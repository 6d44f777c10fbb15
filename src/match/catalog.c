/*
 * catalog.c - loading identifier files (YAML, libyaml) and selecting which
 * identifiers a scan uses.
 *
 * The file format is the contract in ARCHITECTURE.md: a list of mappings,
 * one per identifier. Unknown fields are errors, so a typo in a field name
 * never silently turns a rule off.
 */
#include "match/catalog.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "confirm/validate.h"
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
	free(id->flags);
	free(id->validator_name);
	free_list(id->keywords, id->nkeywords);
	free_list(id->ignore_values, id->nignore_values);
	free_list(id->ignore_words, id->nignore_words);
	free_list(id->examples, id->nexamples);
	free_list(id->negative_examples, id->nnegative_examples);
	free(id->kw);
	if (id->som_db)
		hs_free_database(id->som_db);
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
	if (cat->db)
		hs_free_database(cat->db);
	if (cat->proto)
		hs_free_scratch(cat->proto);
	free(cat->cache_dir);
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

static int load_file(struct trawl_catalog *cat, const char *path, char *err,
		     size_t errlen)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	int rc = -1;
	bool have_doc = false;
	FILE *f = fopen(path, "rb");
	if (!f) {
		trawl_seterr(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_file(&parser, f);
	if (!yaml_parser_load(&parser, &doc)) {
		trawl_seterr(err, errlen, "%s:%zu: YAML error: %s", path,
		       parser.problem_mark.line + 1,
		       parser.problem ? parser.problem : "unknown");
		goto out;
	}
	have_doc = true;
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
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	fclose(f);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
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
		if (!strcmp(tok, "ALL") || !strcmp(tok, "RECOMMENDED")) {
			bool rec = tok[0] == 'R';
			for (size_t i = 0; i < cat->n; i++)
				if (!rec || cat->ids[i].recommended)
					cat->ids[i].selected = value;
			continue;
		}
		if (!strcmp(tok, "NONE"))
			continue;
		long i = trawl_catalog_find(cat, tok);
		if (i < 0) {
			trawl_seterr(err, errlen, "unknown identifier '%s' (see: trawl identifiers list)", tok);
			rc = -1;
			break;
		}
		cat->ids[i].selected = value;
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
