/*
 * output.c - the renderers' dispatch (in the workers) and the frames'
 * demultiplexer (in the ordered writer). See output.h.
 */
#include "report/output.h"

#include <stdlib.h>
#include <string.h>

#include "report/output_int.h"

int trawl_format_parse(const char *s)
{
	static const char *const names[] = {"json", "text", "sarif", "asff"};
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

static char *dup_or(const char *s, const char *dflt)
{
	return s ? strdup(s) : dflt ? strdup(dflt) : NULL;
}

struct trawl_output *trawl_output_new(const struct trawl_output_options *o,
				      const struct trawl_catalog *cat,
				      char *err, size_t errlen)
{
	struct trawl_output *out = calloc(1, sizeof(*out));
	if (!out)
		goto oom;
	out->format = o->format;
	out->color = o->color;
	out->findings = o->findings;
	out->write_baseline = o->write_baseline;
	out->cat = cat;
	out->region = dup_or(o->region, "us-east-1");
	out->account = dup_or(o->account, "000000000000");
	out->results_path = dup_or(o->results_path, NULL);
	if (!out->region || !out->account || (o->results_path && !out->results_path))
		goto oom;
	time_t now = o->now ? o->now : time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(out->created, sizeof(out->created), "%Y-%m-%dT%H:%M:%S.000Z", &tm);
	out->records = o->records && o->format != TRAWL_FORMAT_JSON;
	out->framed = o->format != TRAWL_FORMAT_JSON || o->findings || o->write_baseline;
	out->fingerprints = o->baseline || o->write_baseline || o->format == TRAWL_FORMAT_SARIF;
	for (int s = 0; s < TRAWL_S_COUNT; s++)
		out->first[s] = true;
	if (out->fingerprints && trawl_baseline_key(&out->key, err, errlen))
		goto fail;
	if (o->baseline && trawl_baseline_load(out, o->baseline, err, errlen))
		goto fail;
	if (o->format == TRAWL_FORMAT_SARIF && trawl_sarif_rules(out))
		goto oom;
	return out;
oom:
	trawl_seterr(err, errlen, "out of memory");
fail:
	trawl_output_free(out);
	return NULL;
}

void trawl_output_free(struct trawl_output *out)
{
	if (!out)
		return;
	if (out->key.data)
		explicit_bzero(out->key.data, out->key.alloc);
	buf_release(&out->key);
	free(out->known);
	free(out->rule);
	free(out->region);
	free(out->account);
	free(out->results_path);
	if (out->notes)
		fclose(out->notes);
	free(out);
}

bool trawl_output_wants_values(const struct trawl_output *out)
{
	return out && (out->fingerprints || out->format == TRAWL_FORMAT_TEXT);
}

bool trawl_output_wants_all(const struct trawl_output *out)
{
	return out && (out->nknown || out->write_baseline);
}

void trawl_output_value(const struct trawl_output *out, const char *v, size_t n,
			struct trawl_value_info *vi)
{
	memset(vi, 0, sizeof(*vi));
	if (out->fingerprints)
		trawl_value_mac(out, v, n, vi->mac);
	if (out->format == TRAWL_FORMAT_TEXT)
		trawl_redact(v, n, vi->mask);
}

/* ---- frames -------------------------------------------------------------- */

#define FRAME_HEAD 5 /* the stream byte and a 32-bit length */

size_t trawl_frame_open(struct buf *b, enum trawl_stream s)
{
	size_t at = b->len;
	static const char zero[4];
	if (buf_addch(b, (char)s) || buf_add(b, zero, sizeof(zero)))
		return (size_t)-1;
	return at;
}

int trawl_frame_close(struct buf *b, size_t at)
{
	size_t n = b->len - at - FRAME_HEAD;
	if (n > UINT32_MAX)
		return -1;
	uint32_t n32 = (uint32_t)n;
	memcpy(b->data + at + 1, &n32, sizeof(n32));
	return 0;
}

/* ---- one object ------------------------------------------------------------ */

/* Detections the baseline does not hold, with their locations,
 * fingerprints and values: the view every renderer then reads. */
struct kept {
	struct trawl_detection *det;
	struct trawl_loc *loc;
	uint8_t (*fp)[TRAWL_FP_LEN];
	struct trawl_value_info *vals;
};

static int drop_known(const struct trawl_output *out, struct trawl_outcome *r,
		      const struct trawl_loc **loc, const uint8_t (**fp)[TRAWL_FP_LEN],
		      struct kept *k)
{
	size_t n = r->ndet, m = 0;
	k->det = malloc(n * sizeof(*k->det));
	k->loc = malloc(n * sizeof(*k->loc));
	k->fp = malloc(n * sizeof(*k->fp));
	k->vals = r->vals ? malloc(n * sizeof(*k->vals)) : NULL;
	if (!k->det || !k->loc || !k->fp || (r->vals && !k->vals))
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (trawl_baseline_has(out, (*fp)[i]))
			continue;
		k->det[m] = r->det[i];
		k->loc[m] = (*loc)[i];
		memcpy(k->fp[m], (*fp)[i], TRAWL_FP_LEN);
		if (k->vals)
			k->vals[m] = r->vals[i];
		m++;
	}
	r->det = k->det;
	r->ndet = m;
	r->vals = k->vals;
	r->locs = NULL; /* located already: *loc */
	*loc = k->loc;
	*fp = (const uint8_t (*)[TRAWL_FP_LEN])k->fp;
	return 0;
}

/* Every detection's fingerprint into fp (and into the baseline file). */
static int fingerprints(const struct trawl_output *out, const struct trawl_catalog *cat,
			const struct trawl_outcome *r, const struct trawl_loc *loc,
			const struct trawl_hide *hide, const char *name,
			uint8_t (*fp)[TRAWL_FP_LEN], struct buf *b)
{
	struct buf where = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < r->ndet && !rc; i++) {
		const struct trawl_detection *d = &r->det[i];
		const char *type = trawl_catalog_get(cat, trawl_catalog_get(cat, d->ident)->report)->id;
		uint8_t mac[32];
		buf_reset(&where);
		if (trawl_loc_str(r, &loc[i], hide, &where) || buf_addch(&where, '\0')) {
			rc = -1;
			break;
		}
		if (r->vals)
			memcpy(mac, r->vals[i].mac, sizeof(mac));
		else
			trawl_value_mac(out, r->text + d->start, d->end - d->start, mac);
		trawl_fingerprint(name, type, where.data, mac, fp[i]);
		explicit_bzero(mac, sizeof(mac));
		if (out->write_baseline)
			rc = trawl_baseline_item(b, fp[i], name, type, where.data);
	}
	buf_release(&where);
	return rc;
}

int trawl_output_render(const struct trawl_output *out, const struct trawl_catalog *cat,
			const struct trawl_object_info *o, const struct trawl_outcome *r,
			struct buf *b, struct trawl_record_summary *sum)
{
	if (!out)
		return trawl_record_write(cat, o, r, b, sum);

	size_t mark = b->len;
	struct trawl_outcome v_r = *r;
	struct trawl_loc *loc0 = trawl_locate(r);
	const struct trawl_loc *loc = loc0;
	uint8_t (*fp0)[TRAWL_FP_LEN] = NULL;
	const uint8_t (*fp)[TRAWL_FP_LEN] = NULL;
	struct kept k = {0};
	struct buf name = BUF_INIT;
	struct trawl_tally t = {0};
	struct trawl_hide hide = {0};
	int rc = -1;

	/* every detection's text is hidden where a name shows it, also the
	 * baseline's */
	if (!loc0 || trawl_object_name(o, &name) || buf_addch(&name, '\0') ||
	    (out->format != TRAWL_FORMAT_JSON || out->fingerprints || out->findings ?
	     trawl_hide_init(&hide, r, loc0) : 0))
		goto out;
	if (out->fingerprints && r->ndet) {
		if (!(fp0 = malloc(r->ndet * sizeof(*fp0))) ||
		    fingerprints(out, cat, r, loc, &hide, name.data, fp0, b))
			goto out;
		fp = (const uint8_t (*)[TRAWL_FP_LEN])fp0;
		if (out->nknown && drop_known(out, &v_r, &loc, &fp, &k))
			goto out;
	}
	if (trawl_tally_init(&t, cat, &v_r))
		goto out;

	struct trawl_view v = {out, cat, o, &v_r, &t, loc, fp, name.data, &hide};
	size_t at;
	switch (out->format) {
	case TRAWL_FORMAT_JSON:
		if (!out->framed) {
			rc = trawl_record_emit(o, &v_r, &t, loc, b);
			break;
		}
		at = trawl_frame_open(b, TRAWL_S_MAIN);
		rc = at == (size_t)-1 || trawl_record_emit(o, &v_r, &t, loc, b) ||
		     trawl_frame_close(b, at) ? -1 : 0;
		break;
	case TRAWL_FORMAT_TEXT:
		rc = trawl_text_render(&v, b);
		break;
	case TRAWL_FORMAT_SARIF:
		rc = trawl_sarif_results(&v, b);
		if (!rc && strcmp(v_r.status, "COMPLETE"))
			rc = trawl_sarif_note(&v, b);
		break;
	case TRAWL_FORMAT_ASFF:
		rc = t.ntypes ? trawl_finding_asff(&v, b) : 0;
		break;
	}
	if (!rc && out->records) {
		at = trawl_frame_open(b, TRAWL_S_RECORDS);
		rc = at == (size_t)-1 || trawl_record_emit(o, &v_r, &t, loc, b) ||
		     trawl_frame_close(b, at) ? -1 : 0;
	}
	if (!rc && out->findings && t.ntypes)
		rc = trawl_finding_macie(&v, b);
	if (!rc && sum) {
		sum->severity = t.severity;
		sum->detections = t.reported;
	}
out:
	if (rc) {
		b->len = mark;
		if (b->data)
			b->data[mark] = '\0';
	}
	trawl_tally_release(&t);
	trawl_hide_release(&hide);
	buf_release(&name);
	free(loc0);
	free(fp0);
	free(k.det);
	free(k.loc);
	free(k.fp);
	free(k.vals);
	return rc;
}

/* ---- the writer ------------------------------------------------------------ */

static bool array_stream(const struct trawl_output *out, int s)
{
	return s == TRAWL_S_BASELINE || s == TRAWL_S_NOTES ||
	       (s == TRAWL_S_MAIN && (out->format == TRAWL_FORMAT_SARIF ||
				      out->format == TRAWL_FORMAT_ASFF));
}

int trawl_output_begin(struct trawl_output *out, FILE *main)
{
	int rc = 0;
	if (out->format == TRAWL_FORMAT_SARIF) {
		/* notifications come after the results: kept aside until then */
		if (!(out->notes = tmpfile()))
			return -1;
		rc |= trawl_sarif_head(out, main);
	} else if (out->format == TRAWL_FORMAT_ASFF) {
		rc |= fputs("[\n", main) < 0;
	}
	if (out->write_baseline)
		rc |= trawl_baseline_head(out, out->write_baseline);
	return rc ? -1 : 0;
}

int trawl_output_write(struct trawl_output *out, FILE *main, FILE *tee, const char *data,
		       size_t len)
{
	if (!out || !out->framed)
		return fwrite(data, 1, len, main) != len ||
		       (tee && fwrite(data, 1, len, tee) != len) ? -1 : 0;
	int rc = 0;
	for (size_t i = 0; i + FRAME_HEAD <= len;) {
		int s = (unsigned char)data[i];
		uint32_t n;
		memcpy(&n, data + i + 1, sizeof(n));
		i += FRAME_HEAD;
		if (n > len - i)
			return -1; /* cannot happen: frames are ours */
		FILE *f = s == TRAWL_S_MAIN ? main : s == TRAWL_S_FINDINGS ? out->findings
			  : s == TRAWL_S_BASELINE ? out->write_baseline
			  : s == TRAWL_S_NOTES ? out->notes : NULL;
		if (f && s < TRAWL_S_COUNT) {
			if (array_stream(out, s) && !out->first[s] && fputs(",\n", f) < 0)
				rc = -1;
			if (array_stream(out, s))
				out->first[s] = false;
			if (n && fwrite(data + i, 1, n, f) != n)
				rc = -1;
		}
		if (tee && n && (s == TRAWL_S_RECORDS ||
				 (s == TRAWL_S_MAIN && out->format == TRAWL_FORMAT_JSON)) &&
		    fwrite(data + i, 1, n, tee) != n)
			rc = -1;
		i += n;
	}
	return rc;
}

int trawl_output_end(struct trawl_output *out, FILE *main, bool ok)
{
	int rc = 0;
	if (out->format == TRAWL_FORMAT_SARIF)
		rc |= trawl_sarif_tail(out, main, ok);
	else if (out->format == TRAWL_FORMAT_ASFF)
		rc |= fputs(out->first[TRAWL_S_MAIN] ? "]\n" : "\n]\n", main) < 0;
	if (out->write_baseline)
		rc |= fputs(trawl_baseline_tail, out->write_baseline) < 0 ||
		      fflush(out->write_baseline) != 0;
	if (out->findings)
		rc |= fflush(out->findings) != 0;
	return rc ? -1 : 0;
}
