/*
 * inventory.c - reads result records into the inventory: one entry per
 * object (deduplicated, last wins), each placed in a bucket and a
 * location (inventory_agg.c aggregates them); the header; the catalog's
 * digest.
 *
 * Records are untrusted input: a line that is not a record of the expected
 * shape is counted and skipped, every number is checked, and a line
 * longer than TRAWL_INV_MAX_LINE is not read into memory whole.
 */
#include "report/inventory_int.h"

#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "match/catalog.h"
#include "report/record.h"
#include "util/buf.h"
#include "util/sha256.h"

const char *inv_cat_name(unsigned c)
{
	static const char *const n[] = {"FINANCIAL_INFORMATION", "PERSONAL_INFORMATION",
					"CREDENTIALS", "CUSTOM_IDENTIFIER"};
	return c < INV_NCAT ? n[c] : "";
}

const char *inv_status_name(unsigned s)
{
	static const char *const n[] = {"COMPLETE", "PARTIAL", "SKIPPED"};
	return s <= INV_SKIPPED ? n[s] : "";
}

const char *inv_sev_name(unsigned s)
{
	static const char *const n[] = {"", "Low", "Medium", "High"};
	return s <= 3 ? n[s] : "";
}

void inv_time_str(long long t, char out[21])
{
	struct tm tm;
	time_t tt = (time_t)t;
	if (!gmtime_r(&tt, &tm) || !strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm))
		strcpy(out, "1970-01-01T00:00:00Z");
}

/* ---- a string -> index map ------------------------------------------ */

static uint64_t hash_bytes(const char *p, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ull;
	return h ^ (h >> 29);
}

static void smap_release(struct smap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->e[i].key);
	free(m->e);
	memset(m, 0, sizeof(*m));
}

static struct smap_ent *smap_slot(struct smap_ent *e, size_t cap, uint64_t h,
				  const char *key, size_t klen)
{
	for (size_t i = h & (cap - 1);; i = (i + 1) & (cap - 1))
		if (!e[i].key || (e[i].h == h && e[i].klen == klen &&
				  !memcmp(e[i].key, key, klen)))
			return &e[i];
}

static int smap_grow(struct smap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct smap_ent *e = calloc(cap, sizeof(*e));
	if (!e)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->e[i].key)
			*smap_slot(e, cap, m->e[i].h, m->e[i].key, m->e[i].klen) = m->e[i];
	free(m->e);
	m->e = e;
	m->cap = cap;
	return 0;
}

/* Finds key; when absent, adds it with value val. *found tells which.
 * Returns the entry's value, or -1 when memory runs out. */
static long smap_put(struct smap *m, const char *key, size_t klen, uint32_t val,
		     bool *found)
{
	if ((m->n + 1) * 2 > m->cap && smap_grow(m))
		return -1;
	uint64_t h = hash_bytes(key, klen);
	struct smap_ent *s = smap_slot(m->e, m->cap, h, key, klen);
	*found = s->key != NULL;
	if (*found)
		return s->val;
	if (!(s->key = malloc(klen + 1)))
		return -1;
	memcpy(s->key, key, klen);
	s->key[klen] = '\0';
	s->klen = klen;
	s->h = h;
	s->val = val;
	m->n++;
	return val;
}

/* ---- lifecycle and header ------------------------------------------- */

struct trawl_inventory *trawl_inventory_new(const struct trawl_catalog *cat)
{
	struct trawl_inventory *inv = calloc(1, sizeof(*inv));
	if (!inv)
		return NULL;
	inv->cat = cat;
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long t = sde ? strtoll(sde, &end, 10) : 0;
	inv->time = sde && *sde && !*end && t >= 0 ? t : (long long)time(NULL);
	return inv;
}

void inv_agg_release(struct inv_agg *a)
{
	free(a->types);
	free(a->reasons);
}

static void object_release(struct inv_object *o)
{
	free(o->path);
	free(o->member);
	free(o->etag);
	free(o->hits);
}

void trawl_inventory_free(struct trawl_inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->nobj; i++)
		object_release(&inv->obj[i]);
	free(inv->obj);
	smap_release(&inv->objmap);
	for (size_t i = 0; i < inv->ntypes; i++)
		free(inv->types[i].name);
	free(inv->types);
	smap_release(&inv->typemap);
	for (size_t i = 0; i < inv->nreasons; i++)
		free(inv->reasons[i]);
	free(inv->reasons);
	for (size_t i = 0; i < inv->nbuckets; i++) {
		free(inv->buckets[i].name);
		inv_agg_release(&inv->buckets[i].agg);
	}
	free(inv->buckets);
	smap_release(&inv->bucketmap);
	for (size_t i = 0; i < inv->nlocs; i++) {
		free(inv->locs[i].name);
		free(inv->locs[i].prefix);
		inv_agg_release(&inv->locs[i].agg);
	}
	free(inv->locs);
	smap_release(&inv->locmap);
	for (size_t i = 0; i < inv->ninputs; i++)
		free(inv->inputs[i].name);
	free(inv->inputs);
	for (int i = 0; i < inv->argc; i++)
		free(inv->argv[i]);
	free(inv->argv);
	free(inv->include);
	free(inv->exclude);
	free(inv->digest);
	inv_agg_release(&inv->total);
	free(inv->bucket_order);
	free(inv->loc_order);
	free(inv->loc_by_score);
	free(inv->top);
	free(inv->unanalysed);
	free(inv);
}

/* A copy of arg with the user:password@ of a URL masked. */
static char *mask_userinfo(const char *arg)
{
	char *s = strdup(arg);
	char *p = s ? strstr(s, "://") : NULL;
	if (!p)
		return s;
	p += 3;
	char *at = strchr(p, '@'), *slash = strchr(p, '/');
	if (!at || (slash && slash < at) || at == p)
		return s;
	memmove(p + 3, at, strlen(at) + 1);
	memcpy(p, "***", 3);
	return s;
}

int trawl_inventory_set_command(struct trawl_inventory *inv, int argc,
				char *const *argv)
{
	if (!(inv->argv = calloc((size_t)argc + 1, sizeof(*inv->argv))))
		return -1;
	for (inv->argc = 0; inv->argc < argc; inv->argc++)
		if (!(inv->argv[inv->argc] = mask_userinfo(argv[inv->argc])))
			return -1;
	return 0;
}

int trawl_inventory_set_identifiers(struct trawl_inventory *inv,
				    const char *include, const char *exclude,
				    size_t selected, const char *sha256_hex)
{
	inv->have_selection = true;
	inv->selected = selected;
	inv->include = include ? strdup(include) : NULL;
	inv->exclude = exclude ? strdup(exclude) : NULL;
	inv->digest = sha256_hex ? strdup(sha256_hex) : NULL;
	return (include && !inv->include) || (exclude && !inv->exclude) ||
	       (sha256_hex && !inv->digest) ? -1 : 0;
}

void trawl_inventory_set_time(struct trawl_inventory *inv, long long t)
{
	inv->time = t;
}

/* ---- the catalog's digest ------------------------------------------- */

static void dg_str(struct trawl_sha256 *c, const char *s)
{
	s = s ? s : "";
	trawl_sha256_update(c, s, strlen(s) + 1);
}

static void dg_num(struct trawl_sha256 *c, unsigned long long v)
{
	char n[32];
	snprintf(n, sizeof(n), "%llu", v);
	dg_str(c, n);
}

static void dg_list(struct trawl_sha256 *c, char **v, size_t n)
{
	dg_num(c, n);
	for (size_t i = 0; i < n; i++)
		dg_str(c, v[i]);
}

void trawl_catalog_digest(const struct trawl_catalog *cat, bool selected_only,
			  char out[65])
{
	struct trawl_sha256 c;
	uint8_t d[TRAWL_SHA256_LEN];
	trawl_sha256_init(&c);
	dg_str(&c, "trawl-catalog-1");
	for (size_t i = 0; i < cat->n; i++) {
		const struct trawl_identifier *id = &cat->ids[i];
		if (selected_only && !id->selected)
			continue;
		dg_str(&c, id->id);
		dg_num(&c, id->category);
		dg_list(&c, id->countries, id->ncountries);
		dg_str(&c, id->pattern);
		dg_str(&c, id->flags);
		dg_str(&c, id->validator_name);
		dg_list(&c, id->keywords, id->nkeywords);
		dg_str(&c, id->reports_as);
		dg_list(&c, id->keyword_exclusions, id->nkeyword_exclusions);
		dg_num(&c, id->keyword_required);
		dg_num(&c, (unsigned long long)(long long)id->max_distance);
		for (int s = 0; s < 3; s++)
			dg_num(&c, id->severity[s]);
		dg_num(&c, id->delimited);
		dg_num(&c, id->standalone);
		dg_list(&c, id->ignore_values, id->nignore_values);
		dg_list(&c, id->ignore_words, id->nignore_words);
		dg_num(&c, id->custom);
		dg_num(&c, id->nlevels);
		for (size_t l = 0; l < id->nlevels && l < 3; l++) {
			dg_num(&c, id->levels[l].threshold);
			dg_num(&c, id->levels[l].severity);
		}
	}
	dg_str(&c, "allow");
	dg_list(&c, cat->allow_words, cat->nallow_words);
	dg_list(&c, cat->allow_regex, cat->nallow_regex);
	trawl_sha256_final(&c, d);
	trawl_hex(d, sizeof(d), out);
}

size_t trawl_catalog_selected(const struct trawl_catalog *cat)
{
	size_t n = 0;
	for (size_t i = 0; i < cat->n; i++)
		n += cat->ids[i].selected;
	return n;
}

/* ---- reading records ------------------------------------------------ */

static const char *intern_reason(struct trawl_inventory *inv, const char *r)
{
	for (size_t i = 0; i < inv->nreasons; i++)
		if (!strcmp(inv->reasons[i], r))
			return inv->reasons[i];
	char *s = strdup(r);
	if (!s || VEC_RESERVE(inv->reasons, inv->nreasons, inv->areasons, 1)) {
		free(s);
		return NULL;
	}
	return inv->reasons[inv->nreasons++] = s;
}

static long intern_type(struct trawl_inventory *inv, unsigned cat, const char *name)
{
	struct buf k = BUF_INIT;
	bool found;
	long ix = -1;
	if (buf_printf(&k, "%u:%s", cat, name))
		goto out;
	ix = smap_put(&inv->typemap, k.data, k.len, (uint32_t)inv->ntypes, &found);
	if (ix < 0 || found)
		goto out;
	if (VEC_RESERVE(inv->types, inv->ntypes, inv->atypes, 1) ||
	    !(inv->types[inv->ntypes].name = strdup(name))) {
		ix = -1; /* the map keeps a dangling index: the run fails anyway */
		goto out;
	}
	inv->types[inv->ntypes].cat = cat;
	inv->types[inv->ntypes].ident = inv->cat ? trawl_catalog_find(inv->cat, name) : -1;
	inv->ntypes++;
out:
	buf_release(&k);
	return ix;
}

/* The bucket and location of an object (README.md, "Reports"): an S3
 * object's bucket and the first component of its key; a local object's
 * scanned directory (path without key) and the first component of its
 * key; a file named as an argument (key == path) goes to its directory. */
static int place(struct trawl_inventory *inv, const char *s3name, const char *key,
		 const char *path, uint32_t *bucket, uint32_t *loc)
{
	struct buf bname = BUF_INIT, bkey = BUF_INIT, lname = BUF_INIT, lkey = BUF_INIT;
	const char *prefix = "";
	size_t plen = 0;
	bool found;
	int rc = -1;
	size_t kl = strlen(key), pl = strlen(path);

	if (s3name) {
		if (buf_addstr(&bname, s3name))
			goto out;
	} else if (kl < pl && !memcmp(path + pl - kl, key, kl) && path[pl - kl - 1] == '/') {
		size_t rl = pl - kl;
		while (rl > 1 && path[rl - 1] == '/')
			rl--;
		if (buf_add(&bname, path, rl))
			goto out;
	} else {
		/* a file argument, stdin ("-"), or a key that is not a suffix */
		const char *slash = strrchr(path, '/');
		if (!strcmp(path, "-") ? buf_addstr(&bname, "-")
		    : !slash ? buf_addstr(&bname, ".")
		    : buf_add(&bname, path, slash == path ? 1 : (size_t)(slash - path)))
			goto out;
		key = "";
	}
	const char *slash = strchr(key, '/');
	if (slash) {
		prefix = key;
		plen = (size_t)(slash - key) + 1;
	}

	if (buf_printf(&bkey, "%c", s3name ? 's' : 'l') || buf_add(&bkey, bname.data, bname.len))
		goto out;
	long b = smap_put(&inv->bucketmap, bkey.data, bkey.len, (uint32_t)inv->nbuckets, &found);
	if (b < 0)
		goto out;
	if (!found) {
		if (VEC_RESERVE(inv->buckets, inv->nbuckets, inv->abuckets, 1))
			goto out;
		struct inv_bucket *nb = &inv->buckets[inv->nbuckets];
		memset(nb, 0, sizeof(*nb));
		nb->s3 = s3name != NULL;
		if (!(nb->name = strndup(bname.data ? bname.data : "", bname.len)))
			goto out;
		inv->nbuckets++;
	}
	const char *bn = inv->buckets[b].name;

	if (buf_printf(&lkey, "%ld/", b) || buf_add(&lkey, prefix, plen) || buf_addch(&lkey, 0))
		goto out;
	long l = smap_put(&inv->locmap, lkey.data, lkey.len, (uint32_t)inv->nlocs, &found);
	if (l < 0)
		goto out;
	if (!found) {
		if (VEC_RESERVE(inv->locs, inv->nlocs, inv->alocs, 1))
			goto out;
		struct inv_loc *nl = &inv->locs[inv->nlocs];
		memset(nl, 0, sizeof(*nl));
		nl->bucket = (uint32_t)b;
		size_t bl = strlen(bn);
		bool sep = bl && bn[bl - 1] != '/' && strcmp(bn, "-");
		if ((s3name ? buf_printf(&lname, "s3://%s/", bn) :
		     buf_printf(&lname, "%s%s", bn, sep ? "/" : "")) ||
		    buf_add(&lname, prefix, plen) || buf_addch(&lname, 0))
			goto out;
		nl->name = buf_detach(&lname, &(size_t){0});
		nl->prefix = strndup(prefix, plen);
		if (!nl->name || !nl->prefix) {
			free(nl->name);
			free(nl->prefix);
			goto out;
		}
		inv->nlocs++;
	}
	*bucket = (uint32_t)b;
	*loc = (uint32_t)l;
	rc = 0;
out:
	buf_release(&bname);
	buf_release(&bkey);
	buf_release(&lname);
	buf_release(&lkey);
	return rc;
}

/* A count or size: a whole number from 0 to 2^53. */
static bool get_u64(const cJSON *j, uint64_t *out)
{
	if (!cJSON_IsNumber(j))
		return false;
	double v = j->valuedouble;
	if (!(v >= 0 && v <= 9007199254740992.0) || v != floor(v))
		return false;
	*out = (uint64_t)v;
	return true;
}

static const char *get_str(const cJSON *obj, const char *name)
{
	const cJSON *j = cJSON_GetObjectItemCaseSensitive(obj, name);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

static int add_hit(struct trawl_inventory *inv, struct inv_object *o, size_t *ahits,
		   unsigned cat, const cJSON *det, const char *namefield)
{
	const char *name = get_str(det, namefield);
	uint64_t count;
	if (!name || !get_u64(cJSON_GetObjectItemCaseSensitive(det, "count"), &count))
		return 1;
	long t = intern_type(inv, cat, name);
	if (t < 0)
		return -1;
	for (uint32_t i = 0; i < o->nhits; i++)
		if (o->hits[i].type == (uint32_t)t) {
			o->hits[i].count += count;
			return 0;
		}
	if (VEC_RESERVE(o->hits, o->nhits, *ahits, 1))
		return -1;
	o->hits[o->nhits++] = (struct inv_hit){.type = (uint32_t)t, .count = count};
	return 0;
}

/* Fills o from one record. 1: not a record of the expected shape (why
 * says what), -1: out of memory. */
static int parse_record(struct trawl_inventory *inv, const cJSON *root,
			struct inv_object *o, const char **why)
{
	static const char *const cats[] = {"FINANCIAL_INFORMATION", "PERSONAL_INFORMATION",
					   "CREDENTIALS"};
	const cJSON *ra = cJSON_GetObjectItemCaseSensitive(root, "resourcesAffected");
	const cJSON *so = cJSON_GetObjectItemCaseSensitive(ra, "s3Object");
	const cJSON *sb = cJSON_GetObjectItemCaseSensitive(ra, "s3Bucket");
	const cJSON *res = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "classificationDetails"), "result");
	const cJSON *st = cJSON_GetObjectItemCaseSensitive(res, "status");
	const char *path = get_str(so, "path"), *key = get_str(so, "key");
	const char *code = get_str(st, "code"), *s3name = NULL;
	size_t ahits = 0;

	*why = "not a result record (no s3Object path and key, or no status)";
	if (!cJSON_IsObject(root) || !path || !key || !code)
		return 1;
	if (cJSON_IsObject(sb) && !(s3name = get_str(sb, "name")))
		return 1;
	*why = "unknown status code";
	if (!strcmp(code, "COMPLETE"))
		o->status = INV_COMPLETE;
	else if (!strcmp(code, "PARTIAL"))
		o->status = INV_PARTIAL;
	else if (!strcmp(code, "SKIPPED"))
		o->status = INV_SKIPPED;
	else
		return 1;
	*why = "a size, count or score out of range";
	const char *reason = get_str(st, "reason");
	const char *etag = get_str(so, "eTag");
	const cJSON *emb = cJSON_GetObjectItemCaseSensitive(so, "embeddedFileDetails");
	const char *member = cJSON_IsObject(emb) ? get_str(emb, "filePath") : NULL;
	const cJSON *size = member ? cJSON_GetObjectItemCaseSensitive(emb, "fileSize")
				   : cJSON_GetObjectItemCaseSensitive(so, "size");
	const cJSON *cls = cJSON_GetObjectItemCaseSensitive(res, "sizeClassified");
	if ((!cJSON_IsNull(size) && size && !get_u64(size, &o->size)) ||
	    (!cJSON_IsNull(cls) && cls && !get_u64(cls, &o->classified)))
		return 1;
	const cJSON *sev = cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(root, "severity"), "score");
	uint64_t sv = 0;
	if (sev && (!get_u64(sev, &sv) || sv > 3))
		return 1;
	o->sev = (uint8_t)sv;

	*why = "malformed sensitiveData or customDataIdentifiers";
	const cJSON *c;
	cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(res, "sensitiveData")) {
		const char *cn = get_str(c, "category");
		unsigned ci = 0;
		while (ci < 3 && (!cn || strcmp(cn, cats[ci])))
			ci++;
		if (ci == 3)
			return 1;
		const cJSON *d;
		cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(c, "detections")) {
			int r = add_hit(inv, o, &ahits, ci, d, "type");
			if (r)
				return r;
		}
	}
	const cJSON *d;
	cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(res, "customDataIdentifiers"), "detections")) {
		int r = add_hit(inv, o, &ahits, INV_CUSTOM, d, "name");
		if (r)
			return r;
	}

	/* A type's severity in this object: the catalog's for its count (the
	 * rule the record's own severity came from), else the object's. */
	uint8_t maxsev = 0;
	for (uint32_t i = 0; i < o->nhits; i++) {
		struct inv_hit *h = &o->hits[i];
		const struct inv_type *t = &inv->types[h->type];
		o->detections += h->count;
		h->sev = o->sev;
		if (t->ident >= 0 && h->count) {
			enum trawl_severity s = trawl_type_severity(
				trawl_catalog_get(inv->cat, (size_t)t->ident), h->count);
			if (s != TRAWL_SEV_NONE)
				h->sev = (uint8_t)s;
		}
		if (!h->sev && h->count)
			h->sev = TRAWL_SEV_LOW;
		maxsev = h->sev > maxsev ? h->sev : maxsev;
	}
	if (!o->sev && o->detections)
		o->sev = maxsev;

	if ((reason && !(o->reason = intern_reason(inv, reason))) ||
	    !(o->path = strdup(path)) || (member && !(o->member = strdup(member))) ||
	    (etag && !(o->etag = strdup(etag))) ||
	    place(inv, s3name, key, path, &o->bucket, &o->loc))
		return -1;
	return 0;
}

/* One line: 0 added, 1 not a record (counted), -1 out of memory. */
static int add_line(struct trawl_inventory *inv, const char *line, size_t len,
		    const char **why)
{
	struct inv_object o = {0};
	struct buf k = BUF_INIT;
	int rc = 1;
	cJSON *root = cJSON_ParseWithLength(line, len);
	*why = "not JSON";
	if (!root)
		return 1;
	if ((rc = parse_record(inv, root, &o, why)))
		goto out;
	rc = -1;
	if (buf_addstr(&k, o.path) || buf_addch(&k, 0) ||
	    (o.member ? buf_addch(&k, 'm') || buf_addstr(&k, o.member) : buf_addch(&k, '-')) ||
	    buf_addch(&k, 0) ||
	    (o.etag ? buf_addch(&k, 'e') || buf_addstr(&k, o.etag) : buf_addch(&k, '-')))
		goto out;
	bool found;
	if (VEC_RESERVE(inv->obj, inv->nobj, inv->aobj, 1))
		goto out;
	long ix = smap_put(&inv->objmap, k.data, k.len, (uint32_t)inv->nobj, &found);
	if (ix < 0)
		goto out;
	inv->records++;
	if (found) {
		/* the same object again: the last record read wins */
		object_release(&inv->obj[ix]);
		inv->obj[ix] = o;
		inv->duplicates++;
	} else {
		inv->obj[inv->nobj++] = o;
	}
	memset(&o, 0, sizeof(o));
	rc = 0;
out:
	object_release(&o);
	buf_release(&k);
	cJSON_Delete(root);
	return rc;
}

static bool blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return false;
	return true;
}

int trawl_inventory_add_file(struct trawl_inventory *inv, FILE *f,
			     const char *name, FILE *log, char *err, size_t errlen)
{
	struct trawl_sha256 sc;
	struct buf line = BUF_INIT;
	char *blk = malloc(1 << 16);
	uint64_t lineno = 0;
	bool toolong = false, eof = false;
	uint8_t d[TRAWL_SHA256_LEN];
	int rc = -1;

	if (!blk || VEC_RESERVE(inv->inputs, inv->ninputs, inv->ainputs, 1)) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	struct inv_input *in = &inv->inputs[inv->ninputs];
	memset(in, 0, sizeof(*in));
	if (!(in->name = strdup(name))) {
		trawl_seterr(err, errlen, "out of memory");
		goto out;
	}
	inv->ninputs++;
	inv->aggregated = false;
	trawl_sha256_init(&sc);
	while (!eof) {
		size_t n = fread(blk, 1, 1 << 16, f);
		if (n < (1 << 16)) {
			if (ferror(f)) {
				trawl_seterr(err, errlen, "%s: read error", name);
				goto out;
			}
			eof = true;
		}
		trawl_sha256_update(&sc, blk, n);
		const char *p = blk, *e = blk + n;
		while (p < e || (eof && (line.len || toolong))) {
			const char *nl = memchr(p, '\n', (size_t)(e - p));
			const char *stop = nl ? nl : e;
			if (!toolong && (line.len + (size_t)(stop - p) > TRAWL_INV_MAX_LINE))
				toolong = true;
			if (!toolong && buf_add(&line, p, (size_t)(stop - p))) {
				trawl_seterr(err, errlen, "out of memory");
				goto out;
			}
			p = nl ? nl + 1 : e;
			if (!nl && !eof)
				break;
			lineno++;
			const char *why = "longer than the line limit";
			int r = toolong ? 1 : blank(line.data, line.len) ? 0
				: add_line(inv, line.data, line.len, &why);
			if (r < 0) {
				trawl_seterr(err, errlen, "out of memory");
				goto out;
			}
			if (r > 0) {
				in->invalid++;
				inv->invalid++;
				if (log)
					fprintf(log, "trawl: %s: line %llu: %s, skipped\n", name,
						(unsigned long long)lineno, why);
			} else if (line.len && !toolong && !blank(line.data, line.len)) {
				in->records++;
			}
			buf_reset(&line);
			toolong = false;
		}
	}
	trawl_sha256_final(&sc, d);
	trawl_hex(d, sizeof(d), in->sha256);
	rc = 0;
out:
	free(blk);
	buf_release(&line);
	return rc;
}
