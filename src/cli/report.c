/*
 * report.c - `trawl report`: the data inventory (HTML, CSV, JSON) built
 * from result records, and what `trawl scan --report DIR` adds to a scan
 * (DIR/results.jsonl while it runs, the inventory at the end).
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "report/inventory.h"
#include "util/buf.h"

enum { FMT_HTML = 1, FMT_CSV = 2, FMT_JSON = 4, FMT_ALL = 7 };

static const struct {
	const char *name, *file;
	int (*write)(struct trawl_inventory *, FILE *);
	unsigned bit;
} formats[] = {
	{"html", "report.html", trawl_inventory_write_html, FMT_HTML},
	{"csv", "report.csv", trawl_inventory_write_csv, FMT_CSV},
	{"json", "report.json", trawl_inventory_write_json, FMT_JSON},
};

static int parse_formats(const char *s, unsigned *out)
{
	char *copy = strdup(s), *save = NULL;
	*out = 0;
	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t;
	     t = strtok_r(NULL, ",", &save)) {
		size_t i = 0;
		while (i < 3 && strcmp(t, formats[i].name))
			i++;
		if (i == 3) {
			free(copy);
			return -1;
		}
		*out |= formats[i].bit;
	}
	free(copy);
	return *out ? 0 : -1;
}

static int make_dir(const char *dir)
{
	struct stat st;
	if (mkdir(dir, 0777) && errno != EEXIST) {
		fprintf(stderr, "trawl: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "trawl: %s: not a directory\n", dir);
		return -1;
	}
	return 0;
}

/* Writes each chosen format to DIR/report.*, through a temporary file
 * renamed into place, so a reader never sees half a report. */
static int write_reports(struct trawl_inventory *inv, const char *dir, unsigned fmt)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < 3; i++) {
		if (!(fmt & formats[i].bit))
			continue;
		buf_reset(&path);
		buf_reset(&tmp);
		if (buf_printf(&path, "%s/%s", dir, formats[i].file) ||
		    buf_printf(&tmp, "%s/.%s.tmp", dir, formats[i].file)) {
			rc = -1;
			break;
		}
		FILE *f = fopen(tmp.data, "w");
		if (!f) {
			fprintf(stderr, "trawl: %s: %s\n", tmp.data, strerror(errno));
			rc = -1;
			continue;
		}
		int w = formats[i].write(inv, f);
		if (fclose(f) || w || rename(tmp.data, path.data)) {
			fprintf(stderr, "trawl: %s: writing the report failed\n", path.data);
			remove(tmp.data);
			rc = -1;
		}
	}
	buf_release(&path);
	buf_release(&tmp);
	return rc;
}

/* The command line as "trawl" and argv (which starts at the subcommand). */
static int set_command(struct trawl_inventory *inv, int argc, char **argv)
{
	char **v = malloc(((size_t)argc + 1) * sizeof(*v));
	if (!v)
		return -1;
	v[0] = "trawl";
	memcpy(v + 1, argv, (size_t)argc * sizeof(*v));
	int rc = trawl_inventory_set_command(inv, argc + 1, v);
	free(v);
	return rc;
}

static void usage(FILE *f)
{
	fputs("usage: trawl report [options] RESULTS.jsonl... | -\n"
	      "\n"
	      "The data inventory (DPIA / article 30) from result records; several\n"
	      "files (runs, shards) merge, an object met twice counts once (the last).\n"
	      "  -o, --output-dir DIR         where report.html, report.csv, report.json\n"
	      "                               go (default .)\n"
	      "      --format LIST            html,csv,json (default all three)\n"
	      "      --identifiers-dir DIR    catalog for each type's severity\n"
	      "      --config FILE            custom data identifiers (their severity)\n", f);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"output-dir", required_argument, NULL, 'o'},
		{"format", required_argument, NULL, 'f'},
		{"identifiers-dir", required_argument, NULL, 'I'},
		{"config", required_argument, NULL, 'c'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *dir = ".", *iddir = NULL, *config = NULL;
	unsigned fmt = FMT_ALL;
	struct trawl_catalog *cat = NULL;
	struct trawl_inventory *inv = NULL;
	char err[512], digest[65];
	int c, rc = EXIT_USAGE;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': dir = optarg; break;
		case 'f':
			if (parse_formats(optarg, &fmt)) {
				fprintf(stderr, "trawl: --format takes html, csv, json or a "
					"list of them\n");
				return EXIT_USAGE;
			}
			break;
		case 'I': iddir = optarg; break;
		case 'c': config = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "trawl: report needs at least one results file (or - for stdin)\n");
		usage(stderr);
		return EXIT_USAGE;
	}
	/* The catalog gives each type's severity for its count; without it a
	 * type takes its object's severity. */
	if (trawl_catalog_load_dir(&cat, cli_identifiers_dir(iddir), err, sizeof(err)) ||
	    (config && trawl_catalog_load_config(cat, config, err, sizeof(err)))) {
		fprintf(stderr, "trawl: %s\n", err);
		goto out;
	}
	if (!(inv = trawl_inventory_new(cat)) || set_command(inv, argc, argv)) {
		fprintf(stderr, "trawl: out of memory\n");
		goto out;
	}
	trawl_catalog_digest(cat, false, digest);
	trawl_inventory_set_identifiers(inv, NULL, NULL, trawl_catalog_count(cat), digest);
	for (int i = optind; i < argc; i++) {
		bool in = !strcmp(argv[i], "-");
		FILE *f = in ? stdin : fopen(argv[i], "rb");
		if (!f) {
			fprintf(stderr, "trawl: %s: %s\n", argv[i], strerror(errno));
			goto out;
		}
		int r = trawl_inventory_add_file(inv, f, argv[i], stderr, err, sizeof(err));
		if (!in)
			fclose(f);
		if (r) {
			fprintf(stderr, "trawl: %s\n", err);
			goto out;
		}
	}
	if (make_dir(dir) || write_reports(inv, dir, fmt))
		goto out;
	rc = 0;
out:
	trawl_inventory_free(inv);
	trawl_catalog_free(cat);
	return rc;
}

FILE *cli_report_open(const char *dir)
{
	struct buf path = BUF_INIT;
	FILE *f = NULL;
	if (make_dir(dir) || buf_printf(&path, "%s/results.jsonl", dir))
		goto out;
	if (!(f = fopen(path.data, "w")))
		fprintf(stderr, "trawl: %s: %s\n", path.data, strerror(errno));
out:
	buf_release(&path);
	return f;
}

int cli_scan_report(FILE *results, const char *dir, const struct trawl_catalog *cat,
		    int argc, char **argv, const char *include, const char *exclude)
{
	struct trawl_inventory *inv = NULL;
	struct buf path = BUF_INIT;
	char err[512], digest[65];
	FILE *f = NULL;
	int rc = -1;

	if (fclose(results) || buf_printf(&path, "%s/results.jsonl", dir)) {
		fprintf(stderr, "trawl: %s/results.jsonl: writing failed\n", dir);
		goto out;
	}
	if (!(f = fopen(path.data, "rb"))) {
		fprintf(stderr, "trawl: %s: %s\n", path.data, strerror(errno));
		goto out;
	}
	if (!(inv = trawl_inventory_new(cat)) || set_command(inv, argc, argv)) {
		fprintf(stderr, "trawl: out of memory\n");
		goto out;
	}
	trawl_catalog_digest(cat, true, digest);
	trawl_inventory_set_identifiers(inv, include, exclude, trawl_catalog_selected(cat),
					digest);
	if (trawl_inventory_add_file(inv, f, path.data, stderr, err, sizeof(err))) {
		fprintf(stderr, "trawl: %s\n", err);
		goto out;
	}
	rc = write_reports(inv, dir, FMT_ALL);
out:
	if (f)
		fclose(f);
	buf_release(&path);
	trawl_inventory_free(inv);
	return rc;
}
