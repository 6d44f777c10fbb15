/*
 * inventory_html.c - the inventory as one self-contained HTML page: inline
 * CSS, charts as inline SVG, no script, nothing fetched (a
 * Content-Security-Policy of default-src 'none' says so to the browser).
 *
 * Every string from a record (paths, member names, types, reasons) is
 * untrusted: esc() writes it with & < > " ' as entities and control
 * characters as visible \xNN, so no record can add markup.
 */
#include "report/inventory_int.h"

#include <stdlib.h>
#include <string.h>

static const char *const cat_color[INV_NCAT] = {"#2b6cb0", "#c05621", "#9b2c2c",
						 "#6b46c1"};

static void esc(FILE *f, const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\x%02X", *p);
			else
				fputc(*p, f);
		}
	}
}

static const char *score_color(int score)
{
	if (score < 0)
		return "#2d3748";
	if (score == 50)
		return "#a0aec0";
	return score > 50 ? "#c53030" : "#2f855a";
}

static const char css[] =
	"body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1a202c;"
	"margin:24px auto;max-width:1200px;padding:0 16px;background:#fff}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 8px;"
	"border-bottom:2px solid #e2e8f0;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}"
	".sub{color:#4a5568;margin:0 0 12px}"
	"table{border-collapse:collapse;margin:6px 0 12px;width:100%}"
	"th,td{border:1px solid #e2e8f0;padding:3px 7px;text-align:left;vertical-align:top}"
	"th{background:#f7fafc;font-weight:600}td.n,th.n{text-align:right;"
	"font-variant-numeric:tabular-nums}"
	"td.p{font-family:ui-monospace,monospace;font-size:12.5px;word-break:break-all;"
	"min-width:180px}td.s{white-space:nowrap}"
	".cards{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0}"
	".card{border:1px solid #e2e8f0;border-radius:6px;padding:8px 14px;min-width:130px}"
	".card b{display:block;font-size:22px}.card span{color:#4a5568;font-size:12px}"
	".score{display:inline-block;min-width:30px;text-align:center;color:#fff;"
	"border-radius:4px;padding:0 5px;font-weight:600}"
	"svg{display:block;margin:6px 0}svg text{font:12px system-ui,sans-serif;fill:#1a202c}"
	".loc{border:1px solid #e2e8f0;border-radius:6px;padding:4px 12px;margin:10px 0}"
	".note{color:#4a5568;font-size:12.5px}";

/* A horizontal bar chart: n bars, labels and values, one color each. */
static void bars(FILE *f, const char *id, const char *title, const char *const *label,
		 const unsigned long long *value, const char *const *color, size_t n,
		 unsigned long long max)
{
	const int lw = 260, bw = 520, bh = 20, gap = 6;
	int h = (int)n * (bh + gap) + gap;
	if (!max)
		for (size_t i = 0; i < n; i++)
			max = value[i] > max ? value[i] : max;
	fprintf(f, "<svg id=\"%s\" class=\"chart\" role=\"img\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\"><title>", id, lw + bw + 90, h, lw + bw + 90, h);
	esc(f, title);
	fputs("</title>", f);
	for (size_t i = 0; i < n; i++) {
		int y = gap + (int)i * (bh + gap);
		int w = max ? (int)((double)value[i] / (double)max * bw + 0.5) : 0;
		if (value[i] && w < 2)
			w = 2;
		fprintf(f, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">", lw - 8, y + 15);
		esc(f, label[i]);
		fprintf(f, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
			"fill=\"%s\"/><text x=\"%d\" y=\"%d\">%llu</text>", lw, y, w, bh,
			color[i], lw + w + 6, y + 15, value[i]);
	}
	fputs("</svg>\n", f);
}

static void cat_chart(FILE *f, const char *id, const char *title, const struct inv_agg *a)
{
	const char *label[INV_NCAT];
	unsigned long long v[INV_NCAT];
	for (unsigned c = 0; c < INV_NCAT; c++) {
		label[c] = inv_cat_name(c);
		v[c] = a->cat[c].detections;
	}
	bars(f, id, title, label, v, cat_color, INV_NCAT, 0);
}

static void score_badge(FILE *f, int score)
{
	fprintf(f, "<span class=\"score\" style=\"background:%s\">%d</span> %s",
		score_color(score), score, inv_score_label(score));
}

static void card(FILE *f, unsigned long long v, const char *what)
{
	fprintf(f, "<div class=\"card\"><b>%llu</b><span>%s</span></div>", v, what);
}

static void object_name(FILE *f, const struct inv_object *o)
{
	fputs("<td class=\"p\">", f);
	esc(f, o->path);
	if (o->member) {
		fputs(" <b>!/</b> ", f);
		esc(f, o->member);
	}
	fputs("</td>", f);
}

static void params(FILE *f, const struct trawl_inventory *inv)
{
	char when[21];
	inv_time_str(inv->time, when);
	fputs("<section id=\"parameters\"><h2>Scan parameters</h2><table>\n", f);
	fprintf(f, "<tr><th>Report</th><td>trawl %s, %s</td></tr>\n", TRAWL_VERSION, when);
	if (inv->argv) {
		fputs("<tr><th>Command</th><td class=\"p\">", f);
		for (int i = 0; i < inv->argc; i++) {
			if (i)
				fputc(' ', f);
			esc(f, inv->argv[i]);
		}
		fputs("</td></tr>\n", f);
	}
	if (inv->have_selection) {
		fputs("<tr><th>Identifiers</th><td>", f);
		esc(f, inv->include ? inv->include : "(catalog used for severities)");
		if (inv->exclude) {
			fputs(", excluding ", f);
			esc(f, inv->exclude);
		}
		fprintf(f, " &mdash; %zu identifiers</td></tr>\n", inv->selected);
		fputs("<tr><th>Catalog SHA-256</th><td class=\"p\">", f);
		esc(f, inv->digest ? inv->digest : "");
		fputs("</td></tr>\n", f);
	}
	for (size_t i = 0; i < inv->ninputs; i++) {
		const struct inv_input *in = &inv->inputs[i];
		fputs("<tr><th>Input</th><td class=\"p\">", f);
		esc(f, in->name);
		fprintf(f, " &mdash; sha256 %s, %llu records, %llu invalid lines</td></tr>\n",
			in->sha256, (unsigned long long)in->records,
			(unsigned long long)in->invalid);
	}
	fprintf(f, "<tr><th>Records</th><td>%llu read, %llu duplicates (the last record of "
		"an object counts), %llu invalid lines skipped</td></tr>\n</table></section>\n",
		(unsigned long long)inv->records, (unsigned long long)inv->duplicates,
		(unsigned long long)inv->invalid);
}

static void agg_row(FILE *f, const struct inv_agg *a)
{
	fputs("<td class=\"n s\">", f);
	score_badge(f, a->score);
	fprintf(f, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
		"<td class=\"n\">%llu</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
		"<td class=\"n\">%llu</td><td>%s</td>",
		(unsigned long long)a->objects, (unsigned long long)a->analysed,
		(unsigned long long)a->with_data, (unsigned long long)a->not_analysed,
		(unsigned long long)a->bytes, (unsigned long long)a->detections,
		inv_sev_name(a->sev));
}

static const char agg_head[] =
	"<th class=\"n\">Score</th><th class=\"n\">Objects</th><th class=\"n\">Analysed</th>"
	"<th class=\"n\">With sensitive data</th><th class=\"n\">Not analysed</th>"
	"<th class=\"n\">Bytes</th><th class=\"n\">Detections</th><th>Highest severity</th>";

static void locations(FILE *f, const struct trawl_inventory *inv)
{
	fputs("<section id=\"buckets\"><h2>Buckets and scanned directories</h2><table>"
	      "<tr><th>Bucket</th><th>Source</th>", f);
	fputs(agg_head, f);
	fputs("</tr>\n", f);
	for (size_t i = 0; i < inv->nbucket_list; i++) {
		const struct inv_bucket *b = &inv->buckets[inv->bucket_order[i]];
		fputs("<tr><td class=\"p\">", f);
		esc(f, b->name);
		fprintf(f, "</td><td>%s</td>", b->s3 ? "S3" : "local");
		agg_row(f, &b->agg);
		fputs("</tr>\n", f);
	}
	fputs("</table></section>\n", f);

	size_t n = inv->nloc_list < TRAWL_INV_HTML_LOCATIONS ? inv->nloc_list
							   : TRAWL_INV_HTML_LOCATIONS;
	fputs("<section id=\"locations\"><h2>Locations</h2>\n", f);
	const char **label = calloc(n + 1, sizeof(*label));
	const char **color = calloc(n + 1, sizeof(*color));
	unsigned long long *v = calloc(n + 1, sizeof(*v));
	if (label && color && v) {
		for (size_t i = 0; i < n; i++) {
			const struct inv_loc *l = &inv->locs[inv->loc_by_score[i]];
			label[i] = l->name;
			v[i] = l->agg.score > 0 ? (unsigned long long)l->agg.score : 0;
			color[i] = score_color(l->agg.score);
		}
		bars(f, "chart-scores", "Sensitivity score per location", label, v, color, n, 100);
	}
	free(label);
	free(color);
	free(v);
	fputs("<table><tr><th>Location</th>", f);
	fputs(agg_head, f);
	fputs("<th>Not analysed: reasons</th></tr>\n", f);
	for (size_t i = 0; i < inv->nloc_list; i++) {
		const struct inv_loc *l = &inv->locs[inv->loc_by_score[i]];
		fputs("<tr><td class=\"p\">", f);
		esc(f, l->name);
		fputs("</td>", f);
		agg_row(f, &l->agg);
		fputs("<td>", f);
		for (size_t r = 0; r < l->agg.nreasons; r++) {
			fputs(r ? "<br>" : "", f);
			esc(f, l->agg.reasons[r].reason ? l->agg.reasons[r].reason : "(none)");
			fprintf(f, ": %llu", (unsigned long long)l->agg.reasons[r].n);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table></section>\n", f);

	fputs("<section id=\"location-details\"><h2>Per location</h2>\n", f);
	if (n < inv->nloc_list)
		fprintf(f, "<p class=\"note\">The %zu most sensitive of %zu locations; every "
			"location is in report.json and report.csv.</p>\n", n, inv->nloc_list);
	for (size_t i = 0; i < n; i++) {
		const struct inv_loc *l = &inv->locs[inv->loc_by_score[i]];
		char id[32];
		fputs("<div class=\"loc\"><h3>", f);
		esc(f, l->name);
		fputs(" &nbsp;", f);
		score_badge(f, l->agg.score);
		fputs("</h3>\n", f);
		snprintf(id, sizeof(id), "chart-loc-%zu", i + 1);
		cat_chart(f, id, "Detections per category in this location", &l->agg);
		if (!l->agg.ntypes) {
			fputs("<p class=\"note\">No sensitive data found.</p></div>\n", f);
			continue;
		}
		fputs("<table><tr><th>Category</th><th>Type</th><th class=\"n\">Objects</th>"
		      "<th class=\"n\">Bytes</th><th class=\"n\">Detections</th>"
		      "<th>Highest severity</th></tr>\n", f);
		for (size_t t = 0; t < l->agg.ntypes; t++) {
			const struct inv_tstat *ts = &l->agg.types[t];
			const struct inv_type *ty = &inv->types[ts->type];
			fprintf(f, "<tr><td>%s</td><td>", inv_cat_name(ty->cat));
			esc(f, ty->name);
			fprintf(f, "</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
				"<td class=\"n\">%llu</td><td>%s</td></tr>\n",
				(unsigned long long)ts->s.objects, (unsigned long long)ts->s.bytes,
				(unsigned long long)ts->s.detections, inv_sev_name(ts->s.sev));
		}
		fputs("</table></div>\n", f);
	}
	fputs("</section>\n", f);
}

static void objects(FILE *f, const struct trawl_inventory *inv)
{
	fprintf(f, "<section id=\"most-sensitive\"><h2>Most sensitive objects</h2>"
		"<p class=\"note\">Up to %d objects with sensitive data, by severity, then "
		"detections.</p><table><tr><th class=\"n\">#</th><th>Object</th>"
		"<th>Location</th><th>Severity</th><th class=\"n\">Detections</th>"
		"<th>Types</th></tr>\n", TRAWL_INV_TOP);
	for (size_t i = 0; i < inv->ntop; i++) {
		const struct inv_object *o = &inv->obj[inv->top[i]];
		fprintf(f, "<tr><td class=\"n\">%zu</td>", i + 1);
		object_name(f, o);
		fputs("<td class=\"p\">", f);
		esc(f, inv->locs[o->loc].name);
		fprintf(f, "</td><td>%s</td><td class=\"n\">%llu</td><td>", inv_sev_name(o->sev),
			(unsigned long long)o->detections);
		for (uint32_t h = 0; h < o->nhits; h++) {
			fputs(h ? ", " : "", f);
			esc(f, inv->types[o->hits[h].type].name);
			fprintf(f, " (%llu)", (unsigned long long)o->hits[h].count);
		}
		fputs("</td></tr>\n", f);
	}
	if (!inv->ntop)
		fputs("<tr><td colspan=\"6\">No sensitive data found.</td></tr>\n", f);
	fputs("</table></section>\n", f);

	size_t n = inv->nunanalysed < TRAWL_INV_HTML_ROWS ? inv->nunanalysed
							    : TRAWL_INV_HTML_ROWS;
	fprintf(f, "<section id=\"not-analysed\"><h2>Objects not analysed</h2>"
		"<p class=\"note\">%zu objects SKIPPED or analysed in part (a reason "
		"code).</p><table><tr><th>Object</th><th>Location</th><th>Status</th>"
		"<th>Reason</th></tr>\n", inv->nunanalysed);
	for (size_t i = 0; i < n; i++) {
		const struct inv_object *o = &inv->obj[inv->unanalysed[i]];
		fputs("<tr>", f);
		object_name(f, o);
		fputs("<td class=\"p\">", f);
		esc(f, inv->locs[o->loc].name);
		fprintf(f, "</td><td>%s</td><td>", inv_status_name(o->status));
		esc(f, o->reason ? o->reason : "");
		fputs("</td></tr>\n", f);
	}
	if (!inv->nunanalysed)
		fputs("<tr><td colspan=\"4\">Every object was analysed.</td></tr>\n", f);
	fputs("</table>", f);
	if (n < inv->nunanalysed)
		fprintf(f, "<p class=\"note\">%zu more in report.json.</p>",
			inv->nunanalysed - n);
	fputs("</section>\n", f);
}

static const char method[] =
	"<section id=\"method\"><h2>How to read this report</h2><p class=\"note\">"
	"Objects are result records (an archive member is an object of its own); the same "
	"object (path, member, ETag) read twice counts once. <i>Analysed</i>: COMPLETE or "
	"PARTIAL; <i>not analysed</i>: SKIPPED, or a reason code (PARTIAL). <i>Bytes</i>: "
	"the objects' own sizes. The sensitivity score follows Macie's scale: "
	"&minus;1 classification error (nothing analysed, some object unreadable), "
	"50 not analysed, 1&ndash;49 not sensitive (1 + 48 &times; skipped / objects), "
	"51&ndash;98 sensitive (50 + 16 &times; (highest severity &minus; 1) + "
	"&lceil;16 &times; objects with sensitive data / objects analysed&rceil;). "
	"The report holds names, counts and codes; never a matched value.</p></section>\n";

int trawl_inventory_write_html(struct trawl_inventory *inv, FILE *f)
{
	if (inv_aggregate(inv))
		return -1;
	const struct inv_agg *t = &inv->total;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
		"style-src 'unsafe-inline'\">\n<meta name=\"viewport\" "
		"content=\"width=device-width, initial-scale=1\">\n"
		"<title>trawl data inventory</title>\n<style>%s</style></head><body>\n", css);
	fputs("<h1>Data inventory</h1>\n<p class=\"sub\">Where personal data was found: "
	      "per bucket, location, category and type (for a DPIA or a record of "
	      "processing activities).</p>\n", f);
	params(f, inv);

	fputs("<section id=\"summary\"><h2>Summary</h2><div class=\"cards\">", f);
	card(f, t->objects, "objects");
	card(f, t->analysed, "analysed");
	card(f, t->with_data, "with sensitive data");
	card(f, t->not_analysed, "not analysed");
	card(f, t->bytes, "bytes");
	card(f, t->detections, "detections");
	fprintf(f, "<div class=\"card\"><b>%s</b><span>highest severity</span></div>"
		"</div></section>\n", t->sev ? inv_sev_name(t->sev) : "None");

	fputs("<section id=\"categories\"><h2>Detections per category</h2>\n", f);
	cat_chart(f, "chart-categories", "Detections per category", t);
	fputs("<table><tr><th>Category</th><th class=\"n\">Objects</th>"
	      "<th class=\"n\">Bytes</th><th class=\"n\">Detections</th>"
	      "<th>Highest severity</th></tr>\n", f);
	for (unsigned c = 0; c < INV_NCAT; c++)
		fprintf(f, "<tr><td>%s</td><td class=\"n\">%llu</td><td class=\"n\">%llu</td>"
			"<td class=\"n\">%llu</td><td>%s</td></tr>\n", inv_cat_name(c),
			(unsigned long long)t->cat[c].objects, (unsigned long long)t->cat[c].bytes,
			(unsigned long long)t->cat[c].detections, inv_sev_name(t->cat[c].sev));
	fputs("</table></section>\n", f);

	locations(f, inv);
	objects(f, inv);
	fputs(method, f);
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}
