/*
 * identifiers.c - `trawl identifiers list|check|test|patterns`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "util/buf.h"

static const char *cat_name(enum trawl_category c)
{
	static const char *const n[] = {"CREDENTIALS", "FINANCIAL_INFORMATION",
					"PERSONAL_INFORMATION", "CUSTOM"};
	return c < TRAWL_CAT_COUNT ? n[c] : "?";
}

static char sev_letter(enum trawl_severity s)
{
	return "-LMH"[s <= TRAWL_SEV_HIGH ? s : 0];
}

static int list(struct trawl_catalog *cat)
{
	printf("%-42s %-21s %-9s %-8s %-11s %-5s %s\n", "ID", "CATEGORY", "COUNTRIES",
	       "KEYWORD", "VALIDATOR", "SEV", "RECOMMENDED");
	for (size_t i = 0; i < trawl_catalog_count(cat); i++) {
		const struct trawl_identifier *id = trawl_catalog_get(cat, i);
		struct buf c = BUF_INIT;
		for (size_t k = 0; k < id->ncountries; k++)
			buf_printf(&c, "%s%s", k ? "," : "", id->countries[k]);
		printf("%-42s %-21s %-9s %-8s %-11s %c/%c/%c %s\n", id->id,
		       cat_name(id->category), c.len ? c.data : "-",
		       id->keyword_required ? "required" : "no",
		       id->validator_name ? id->validator_name : "-",
		       sev_letter(id->severity[0]), sev_letter(id->severity[1]),
		       sev_letter(id->severity[2]), id->recommended ? "yes" : "no");
		buf_release(&c);
	}
	fprintf(stderr, "%zu identifiers\n", trawl_catalog_count(cat));
	return 0;
}

static long count_of(struct trawl_scanner *sc, const char *text, size_t ident)
{
	const struct trawl_detection *d;
	size_t n;
	char err[128];
	if (trawl_scanner_scan(sc, text, strlen(text), &d, &n, err, sizeof(err)))
		return -1;
	long c = 0;
	for (size_t i = 0; i < n; i++)
		c += d[i].ident == ident;
	return c;
}

/* Every example must give exactly one detection of its identifier, every
 * negative example none, with the whole catalog loaded (as in a scan). */
static int check(struct trawl_catalog *cat)
{
	char err[256];
	struct trawl_scanner *sc = trawl_scanner_new(cat, err, sizeof(err));
	if (!sc) {
		fprintf(stderr, "trawl: %s\n", err);
		return 1;
	}
	size_t nex = 0, nneg = 0, bad = 0;
	for (size_t i = 0; i < trawl_catalog_count(cat); i++) {
		const struct trawl_identifier *id = trawl_catalog_get(cat, i);
		if (!id->selected)
			continue;
		if (!id->nexamples || !id->nnegative_examples) {
			printf("FAIL %s: needs at least one example and one negative example\n",
			       id->id);
			bad++;
		}
		for (size_t e = 0; e < id->nexamples; e++, nex++) {
			long c = count_of(sc, id->examples[e], i);
			if (c != 1) {
				printf("FAIL %s example %zu: %ld detections, expected 1: %s\n",
				       id->id, e + 1, c, id->examples[e]);
				bad++;
			}
		}
		for (size_t e = 0; e < id->nnegative_examples; e++, nneg++) {
			long c = count_of(sc, id->negative_examples[e], i);
			if (c != 0) {
				printf("FAIL %s negative example %zu: %ld detections, expected 0: %s\n",
				       id->id, e + 1, c, id->negative_examples[e]);
				bad++;
			}
		}
	}
	trawl_scanner_free(sc);
	printf("%zu identifiers compiled, %zu examples, %zu negative examples, %zu failed\n",
	       trawl_catalog_count(cat), nex, nneg, bad);
	return bad ? 1 : 0;
}

struct test_ctx {
	const struct trawl_catalog *cat;
	const char *text;
	size_t len;
	size_t detected;
};

static void line_col(const char *t, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (t[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)t[i] & 0xC0) != 0x80) {
			(*col)++;
		}
	}
}

static void on_trace(void *ud, const struct trawl_trace *t)
{
	struct test_ctx *x = ud;
	size_t line, col;
	char masked[600];
	line_col(x->text, t->start, &line, &col);
	if (t->end > t->start)
		trawl_mask(x->text + t->start, t->end - t->start, masked, sizeof(masked));
	else
		snprintf(masked, sizeof(masked), "(ends at column %zu)", col);
	printf("%zu:%zu\t%s\t%s\t%s", line, col, trawl_catalog_get(x->cat, t->ident)->id,
	       masked, trawl_verdict_str(t->verdict));
	if (t->keyword != UINT32_MAX)
		printf(" (keyword '%s', %zu characters away)",
		       trawl_catalog_keyword(x->cat, t->keyword), t->keyword_gap);
	putchar('\n');
}

static int test(struct trawl_catalog *cat)
{
	struct buf in = BUF_INIT;
	char chunk[65536], err[256];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		if (buf_add(&in, chunk, n)) {
			fprintf(stderr, "trawl: input too large\n");
			return EXIT_USAGE;
		}
	struct trawl_scanner *sc = trawl_scanner_new(cat, err, sizeof(err));
	if (!sc) {
		fprintf(stderr, "trawl: %s\n", err);
		return EXIT_USAGE;
	}
	struct test_ctx x = {cat, in.data ? in.data : "", in.len, 0};
	trawl_scanner_set_trace(sc, on_trace, &x);
	const struct trawl_detection *d;
	size_t nd = 0;
	if (trawl_scanner_scan(sc, x.text, x.len, &d, &nd, err, sizeof(err)))
		fprintf(stderr, "trawl: %s\n", err);
	for (size_t i = 0; i < nd; i++) {
		size_t line, col;
		char masked[600];
		line_col(x.text, d[i].start, &line, &col);
		trawl_mask(x.text + d[i].start, d[i].end - d[i].start, masked, sizeof(masked));
		printf("DETECTED %zu:%zu\t%s\t%s\n", line, col,
		       trawl_catalog_get(cat, d[i].ident)->id, masked);
	}
	printf("%zu detected\n", nd);
	trawl_scanner_free(sc);
	buf_release(&in);
	return nd ? 0 : 1;
}

int cmd_identifiers(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"identifiers-dir", required_argument, NULL, 'd'},
		{"identifiers", required_argument, NULL, 'I'},
		{"no-cache", no_argument, NULL, 'n'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = NULL, *ids = "ALL";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'I': ids = optarg; break;
		case 'n': cli_no_cache = true; break;
		case 'c': cli_config = optarg; break;
		case 'h':
			puts("usage: trawl identifiers list | check | test ID | patterns\n"
			     "  [--identifiers-dir DIR] [--identifiers LIST] [--config FILE]");
			return 0;
		default: return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: trawl identifiers list|check|test ID|patterns\n");
		return EXIT_USAGE;
	}
	const char *sub = argv[optind];
	if (!strcmp(sub, "test")) {
		if (optind + 1 >= argc) {
			fprintf(stderr, "usage: trawl identifiers test ID < text\n");
			return EXIT_USAGE;
		}
		ids = argv[optind + 1];
	} else if (strcmp(sub, "list") && strcmp(sub, "check") && strcmp(sub, "patterns")) {
		fprintf(stderr, "trawl: unknown identifiers command '%s'\n", sub);
		return EXIT_USAGE;
	}
	struct trawl_catalog *cat = cli_load_catalog(cli_identifiers_dir(dir), ids, NULL);
	if (!cat)
		return EXIT_USAGE;
	int rc;
	if (!strcmp(sub, "list"))
		rc = list(cat);
	else if (!strcmp(sub, "check"))
		rc = check(cat);
	else if (!strcmp(sub, "test"))
		rc = test(cat);
	else {
		trawl_catalog_dump_patterns(cat, stdout);
		rc = 0;
	}
	trawl_catalog_free(cat);
	return rc;
}
