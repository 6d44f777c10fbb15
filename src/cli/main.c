/*
 * main.c - `trawl scan` and the dispatch to subcommands.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "extract/pdf.h"

static void usage(FILE *f)
{
	fputs("usage: trawl scan [options] PATH... | -\n"
	      "       trawl report [-o DIR] [--format html,csv,json] RESULTS.jsonl... | -\n"
	      "       trawl identifiers list|check|test ID|patterns [options]\n"
	      "       trawl --version\n"
	      "\n"
	      "scan options:\n"
	      "  -j, --threads N              worker threads (default: online CPUs)\n"
	      "  -o, --output FILE            result records (JSON Lines; default stdout)\n"
	      "      --fail-on LOW|MEDIUM|HIGH  exit 1 only for findings at or above this\n"
	      "      --identifiers LIST       ALL (default), RECOMMENDED, NONE, or ID,ID,...\n"
	      "      --exclude-identifiers LIST\n"
	      "      --include GLOB           scan only files matching GLOB (repeatable)\n"
	      "      --exclude GLOB           skip files and directories matching GLOB\n"
	      "      --max-size BYTES         skip larger objects (suffixes K, M, G)\n"
	      "      --follow-symlinks        follow symbolic links inside directories\n"
	      "      --identifiers-dir DIR    identifier files (default: installed set)\n"
	      "      --config FILE            custom data identifiers and allow lists (YAML)\n"
	      "      --no-cache               compile the identifiers, do not use or write\n"
	      "                               the database cache (~/.cache/trawl)\n"
	      "  -q, --quiet                  no progress line\n"
	      "      --report DIR             also DIR/results.jsonl and the data inventory\n"
	      "                               (DIR/report.html, .csv, .json) at the end\n"
	      "CI screening and findings (values never shown: masked, or a keyed hash):\n"
	      "      --format json|text|sarif|asff\n"
	      "                               what -o gets: records (json, the default),\n"
	      "                               path:line:col TYPE ****1234 lines (text),\n"
	      "                               one SARIF 2.1.0 log, or Security Hub findings\n"
	      "                               (ASFF, a JSON array)\n"
	      "      --findings FILE          Macie-style findings, one per object with\n"
	      "                               sensitive data (JSON Lines; account\n"
	      "                               000000000000, region --region or us-east-1)\n"
	      "      --baseline FILE          drop the detections FILE holds (from\n"
	      "                               --write-baseline, or a SARIF log) from\n"
	      "                               everything: output, counts, exit status\n"
	      "      --write-baseline FILE    every detection's fingerprint, for --baseline\n"
	      "                               (key: $TRAWL_BASELINE_KEY, else\n"
	      "                               ~/.config/trawl/baseline.key)\n"
	      "      --redact                 mask values in text (the default, and the\n"
	      "                               only mode)\n"
	      "scope (files and S3 objects; left out: no record):\n"
	      "      --include-ext LIST       only these extensions (csv,json,...; \"\" for none)\n"
	      "      --exclude-ext LIST       not these extensions\n"
	      "      --min-size BYTES         only objects at least this large\n"
	      "      --modified-after DATE    only objects modified after DATE\n"
	      "      --modified-before DATE   only objects modified before DATE\n"
	      "                               (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, UTC)\n"
	      "      --sample PERCENT         a deterministic share of the objects\n"
	      "      --seed N                 the sample's seed (default 0)\n"
	      "      --max-objects N          stop enumerating after N objects\n"
	      "S3 (s3://BUCKET[/PREFIX] arguments):\n"
	      "      --endpoint-url URL       an S3-compatible store (MinIO, Ceph, R2, ...)\n"
	      "      --region REGION          default region (else AWS_REGION, profile)\n"
	      "      --profile NAME           profile of ~/.aws/credentials and ~/.aws/config\n"
	      "      --no-sign-request        anonymous requests (public buckets)\n"
	      "      --addressing auto|path|virtual\n"
	      "                               bucket in the path or in the host name\n"
	      "                               (auto: path with --endpoint-url, else virtual)\n"
	      "archives (per top-level object):\n"
	      "      --max-depth N            nesting levels opened (default 10)\n"
	      "      --max-members N          members scanned (default 1000000)\n"
	      "      --max-extracted BYTES    bytes extracted in all (default 10G)\n"
	      "      --max-member-size BYTES  one member (default 3G)\n"
	      "      --max-ratio N            extracted bytes per byte of the object,\n"
	      "                               past 64M (default 200; zip bombs)\n"
	      "\n"
	      "exit status: 0 nothing found, 1 found, 2 usage or configuration error,\n"
	      "3 nothing found but some objects could not be analysed\n", f);
}

const char *cli_identifiers_dir(const char *opt)
{
	static char beside[PATH_MAX];
	struct stat st;
	if (opt)
		return opt;
	const char *env = getenv("TRAWL_IDENTIFIERS");
	if (env && *env)
		return env;
	ssize_t n = readlink("/proc/self/exe", beside, sizeof(beside) - 16);
	if (n > 0) {
		beside[n] = '\0';
		char *slash = strrchr(beside, '/');
		if (slash) {
			strcpy(slash + 1, "identifiers");
			if (stat(beside, &st) == 0 && S_ISDIR(st.st_mode))
				return beside;
		}
	}
	return TRAWL_DATADIR "/identifiers";
}

bool cli_no_cache;
const char *cli_config;

/* $TRAWL_CACHE_DIR, else $XDG_CACHE_HOME/trawl, else ~/.cache/trawl. */
static const char *cache_dir(char *buf, size_t len)
{
	const char *env = getenv("TRAWL_CACHE_DIR");
	if (env && *env)
		return env;
	const char *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg) {
		snprintf(buf, len, "%s/trawl", xdg);
	} else if (home && *home) {
		snprintf(buf, len, "%s/.cache", home);
		mkdir(buf, 0700);
		snprintf(buf, len, "%s/.cache/trawl", home);
	} else {
		return NULL;
	}
	return buf;
}

struct trawl_catalog *cli_load_catalog(const char *dir, const char *include,
				       const char *exclude)
{
	struct trawl_catalog *cat = NULL;
	char err[512], cache[PATH_MAX];
	if (trawl_catalog_load_dir(&cat, dir, err, sizeof(err)) ||
	    (cli_config && trawl_catalog_load_config(cat, cli_config, err, sizeof(err))))
		goto fail;
	if (!cli_no_cache)
		trawl_catalog_set_cache_dir(cat, cache_dir(cache, sizeof(cache)));
	if (trawl_catalog_select(cat, include, exclude, err, sizeof(err)) ||
	    trawl_catalog_compile(cat, err, sizeof(err))) {
		goto fail;
	}
	return cat;
fail:
	fprintf(stderr, "trawl: %s\n", err);
	trawl_catalog_free(cat);
	return NULL;
}

static int parse_size(const char *s, uint64_t *out)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -1;
	unsigned long long mul = 1;
	switch (*end) {
	case 'k': case 'K': mul = 1ULL << 10; end++; break;
	case 'm': case 'M': mul = 1ULL << 20; end++; break;
	case 'g': case 'G': mul = 1ULL << 30; end++; break;
	case 't': case 'T': mul = 1ULL << 40; end++; break;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end || (v && mul > ~0ULL / v))
		return -1;
	*out = v * mul;
	return 0;
}

static int parse_severity(const char *s, enum trawl_severity *out)
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

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(struct trawl_run *run, double t0)
{
	struct trawl_stats st;
	trawl_run_stats(run, &st);
	double el = now() - t0;
	double mb = (double)st.bytes / 1e6;
	fprintf(stderr, "\r\033[K%llu objects  %.1f MB  %.1f MB/s  %llu findings  %.1fs",
		(unsigned long long)st.objects, mb, el > 0 ? mb / el : 0.0,
		(unsigned long long)st.detections, el);
	fflush(stderr);
}

enum {
	OPT_FAIL_ON = 256, OPT_IDS, OPT_XIDS, OPT_INCLUDE, OPT_EXCLUDE,
	OPT_MAX_SIZE, OPT_FOLLOW, OPT_IDDIR, OPT_NOCACHE, OPT_MAX_DEPTH,
	OPT_MAX_MEMBERS, OPT_MAX_EXTRACTED, OPT_MAX_MEMBER_SIZE, OPT_MAX_RATIO, OPT_HELP,
	OPT_INCLUDE_EXT, OPT_EXCLUDE_EXT, OPT_MIN_SIZE, OPT_MOD_AFTER, OPT_MOD_BEFORE,
	OPT_SAMPLE, OPT_SEED, OPT_MAX_OBJECTS, OPT_ENDPOINT, OPT_REGION, OPT_PROFILE,
	OPT_NO_SIGN, OPT_ADDRESSING, OPT_CONFIG,
	OPT_REPORT /* --report DIR (the data inventory) */,
	OPT_FORMAT, OPT_FINDINGS, OPT_BASELINE, OPT_WRITE_BASELINE, OPT_REDACT /* ci.c */
};

/* Splits a comma-separated list onto list[*n...]; list has room. */
static void split_list(char *s, const char **list, size_t *n)
{
	for (char *save = NULL, *t = strtok_r(s, ",", &save); t; t = strtok_r(NULL, ",", &save))
		list[(*n)++] = t;
	if (!*s)
		list[(*n)++] = ""; /* --include-ext "": objects without one */
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS[Z]", UTC, to Unix time. */
static int parse_date(const char *s, int64_t *out)
{
	struct tm tm = {0};
	const char *e = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!e) {
		memset(&tm, 0, sizeof(tm));
		e = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!e || (*e && strcmp(e, "Z")))
		return -1;
	*out = (int64_t)timegm(&tm);
	return 0;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"threads", required_argument, NULL, 'j'},
		{"output", required_argument, NULL, 'o'},
		{"quiet", no_argument, NULL, 'q'},
		{"fail-on", required_argument, NULL, OPT_FAIL_ON},
		{"identifiers", required_argument, NULL, OPT_IDS},
		{"exclude-identifiers", required_argument, NULL, OPT_XIDS},
		{"include", required_argument, NULL, OPT_INCLUDE},
		{"exclude", required_argument, NULL, OPT_EXCLUDE},
		{"max-size", required_argument, NULL, OPT_MAX_SIZE},
		{"follow-symlinks", no_argument, NULL, OPT_FOLLOW},
		{"identifiers-dir", required_argument, NULL, OPT_IDDIR},
		{"no-cache", no_argument, NULL, OPT_NOCACHE},
		{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
		{"max-members", required_argument, NULL, OPT_MAX_MEMBERS},
		{"max-extracted", required_argument, NULL, OPT_MAX_EXTRACTED},
		{"max-member-size", required_argument, NULL, OPT_MAX_MEMBER_SIZE},
		{"max-ratio", required_argument, NULL, OPT_MAX_RATIO},
		{"include-ext", required_argument, NULL, OPT_INCLUDE_EXT},
		{"exclude-ext", required_argument, NULL, OPT_EXCLUDE_EXT},
		{"min-size", required_argument, NULL, OPT_MIN_SIZE},
		{"modified-after", required_argument, NULL, OPT_MOD_AFTER},
		{"modified-before", required_argument, NULL, OPT_MOD_BEFORE},
		{"sample", required_argument, NULL, OPT_SAMPLE},
		{"seed", required_argument, NULL, OPT_SEED},
		{"max-objects", required_argument, NULL, OPT_MAX_OBJECTS},
		{"endpoint-url", required_argument, NULL, OPT_ENDPOINT},
		{"region", required_argument, NULL, OPT_REGION},
		{"profile", required_argument, NULL, OPT_PROFILE},
		{"no-sign-request", no_argument, NULL, OPT_NO_SIGN},
		{"addressing", required_argument, NULL, OPT_ADDRESSING},
		{"config", required_argument, NULL, OPT_CONFIG},
		{"report", required_argument, NULL, OPT_REPORT},
		{"format", required_argument, NULL, OPT_FORMAT},
		{"findings", required_argument, NULL, OPT_FINDINGS},
		{"baseline", required_argument, NULL, OPT_BASELINE},
		{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
		{"redact", no_argument, NULL, OPT_REDACT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct trawl_run_options o = {0};
	const struct trawl_archive_limits lim_default = TRAWL_ARCHIVE_LIMITS_DEFAULT;
	uint64_t v;
	const char **inc = calloc((size_t)argc + 1, sizeof(*inc));
	const char **exc = calloc((size_t)argc + 1, sizeof(*exc));
	/* extension lists: at most one entry per byte of the arguments */
	size_t room = 1;
	for (int i = 0; i < argc; i++)
		room += strlen(argv[i]) + 1;
	const char **iext = calloc(room, sizeof(*iext));
	const char **xext = calloc(room, sizeof(*xext));
	const char *ids = "ALL", *xids = NULL, *iddir = NULL, *outpath = NULL;
	bool quiet = false;
	int c, rc = EXIT_USAGE;
	struct trawl_catalog *cat = NULL;
	FILE *out = stdout;
	const char *report_dir = NULL; /* --report: the inventory */
	FILE *tee = NULL;
	struct cli_ci ci = {0}; /* --format, --findings, --baseline ... */

	o.fail_on = TRAWL_SEV_LOW;
	o.archive_limits = lim_default;
	o.pdf_helper = "/proc/self/exe";
	optind = 1;
	while ((c = getopt_long(argc, argv, "j:o:qh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j': {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (*end || v < 1 || v > 256) {
				fprintf(stderr, "trawl: --threads takes a number from 1 to 256\n");
				goto out;
			}
			o.threads = (unsigned)v;
			break;
		}
		case 'o': outpath = optarg; break;
		case 'q': quiet = true; break;
		case OPT_FAIL_ON:
			if (parse_severity(optarg, &o.fail_on)) {
				fprintf(stderr, "trawl: --fail-on takes LOW, MEDIUM or HIGH\n");
				goto out;
			}
			break;
		case OPT_IDS: ids = optarg; break;
		case OPT_XIDS: xids = optarg; break;
		case OPT_INCLUDE: inc[o.ninclude++] = optarg; break;
		case OPT_EXCLUDE: exc[o.nexclude++] = optarg; break;
		case OPT_MAX_SIZE:
			if (parse_size(optarg, &o.max_size)) {
				fprintf(stderr, "trawl: --max-size takes a byte count (e.g. 100M)\n");
				goto out;
			}
			break;
		case OPT_FOLLOW: o.follow_symlinks = true; break;
		case OPT_IDDIR: iddir = optarg; break;
		case OPT_NOCACHE: cli_no_cache = true; break;
		case OPT_MAX_DEPTH:
			if (parse_size(optarg, &v) || v > 64) {
				fprintf(stderr, "trawl: --max-depth takes a number from 0 to 64\n");
				goto out;
			}
			o.archive_limits.max_depth = (unsigned)v;
			break;
		case OPT_MAX_MEMBERS:
		case OPT_MAX_EXTRACTED:
		case OPT_MAX_MEMBER_SIZE:
		case OPT_MAX_RATIO:
			if (parse_size(optarg, &v) || v == 0) {
				fprintf(stderr, "trawl: %s takes a positive number\n", argv[optind - 1]);
				goto out;
			}
			if (c == OPT_MAX_MEMBERS)
				o.archive_limits.max_members = v;
			else if (c == OPT_MAX_EXTRACTED)
				o.archive_limits.max_total_bytes = v;
			else if (c == OPT_MAX_MEMBER_SIZE)
				o.archive_limits.max_member_bytes = v;
			else
				o.archive_limits.max_ratio = v;
			break;
		case OPT_INCLUDE_EXT: split_list(optarg, iext, &o.ninclude_ext); break;
		case OPT_EXCLUDE_EXT: split_list(optarg, xext, &o.nexclude_ext); break;
		case OPT_MIN_SIZE:
			if (parse_size(optarg, &o.min_size)) {
				fprintf(stderr, "trawl: --min-size takes a byte count (e.g. 1K)\n");
				goto out;
			}
			break;
		case OPT_MOD_AFTER:
		case OPT_MOD_BEFORE:
			if (parse_date(optarg, c == OPT_MOD_AFTER ? &o.modified_after
								 : &o.modified_before)) {
				fprintf(stderr, "trawl: %s takes YYYY-MM-DD or "
					"YYYY-MM-DDTHH:MM:SSZ\n", argv[optind - 1]);
				goto out;
			}
			break;
		case OPT_SAMPLE: {
			char *end;
			double p = strtod(optarg, &end);
			if (*end || !(p > 0 && p <= 100)) {
				fprintf(stderr, "trawl: --sample takes a percentage above 0, "
					"up to 100\n");
				goto out;
			}
			o.sample_percent = p;
			break;
		}
		case OPT_SEED:
		case OPT_MAX_OBJECTS:
			if (parse_size(optarg, &v) || strpbrk(optarg, "kKmMgGtTbB")) {
				fprintf(stderr, "trawl: %s takes a number\n", argv[optind - 1]);
				goto out;
			}
			if (c == OPT_SEED)
				o.seed = v;
			else
				o.max_objects = v;
			break;
		case OPT_CONFIG: cli_config = optarg; break;
		case OPT_REPORT: report_dir = optarg; break;
		case OPT_FORMAT: ci.format = optarg; break;
		case OPT_FINDINGS: ci.findings = optarg; break;
		case OPT_BASELINE: ci.baseline = optarg; break;
		case OPT_WRITE_BASELINE: ci.write_baseline = optarg; break;
		case OPT_REDACT: break; /* the only mode: values are always masked */
		case OPT_ENDPOINT: o.endpoint_url = optarg; break;
		case OPT_REGION: o.aws_region = optarg; break;
		case OPT_PROFILE: o.aws_profile = optarg; break;
		case OPT_NO_SIGN: o.no_sign_request = true; break;
		case OPT_ADDRESSING:
			if (!strcmp(optarg, "auto"))
				o.s3_addressing = 0;
			else if (!strcmp(optarg, "path"))
				o.s3_addressing = 1;
			else if (!strcmp(optarg, "virtual"))
				o.s3_addressing = 2;
			else {
				fprintf(stderr, "trawl: --addressing takes auto, path or virtual\n");
				goto out;
			}
			break;
		case 'h': usage(stdout); rc = 0; goto out;
		default: usage(stderr); goto out;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "trawl: scan needs at least one PATH (or - for stdin)\n");
		usage(stderr);
		goto out;
	}
	int nstdin = 0;
	for (int i = optind; i < argc; i++)
		nstdin += !strcmp(argv[i], "-");
	if (nstdin > 1) {
		fprintf(stderr, "trawl: stdin (-) can be scanned only once\n");
		goto out;
	}
	if (!(cat = cli_load_catalog(cli_identifiers_dir(iddir), ids, xids)))
		goto out;
	if (outpath && strcmp(outpath, "-") && !(out = fopen(outpath, "w"))) {
		fprintf(stderr, "trawl: %s: %s\n", outpath, strerror(errno));
		goto out;
	}
	o.cat = cat;
	o.paths = (const char *const *)argv + optind;
	o.npaths = (size_t)(argc - optind);
	o.include_ext = iext;
	o.exclude_ext = xext;
	o.include_globs = inc;
	o.exclude_globs = exc;
	o.out = out;
	o.log = stderr;
	if (report_dir && !(o.tee = tee = cli_report_open(report_dir)))
		goto out;
	if (cli_ci_open(&ci, &o, outpath, out))
		goto out;

	struct trawl_run *run;
	char err[256];
	if (trawl_run_start(&run, &o, err, sizeof(err))) {
		fprintf(stderr, "trawl: %s\n", err);
		goto out;
	}
	bool show = !quiet && isatty(STDERR_FILENO);
	double t0 = now();
	while (!trawl_run_poll(run, 250))
		if (show)
			progress(run, t0);
	if (show) {
		progress(run, t0);
		fputc('\n', stderr);
	}
	struct trawl_stats st;
	rc = trawl_run_wait(run, &st);
	if (report_dir) {
		int r = cli_scan_report(tee, report_dir, cat, argc, argv, ids, xids);
		tee = NULL;
		if (r)
			rc = EXIT_USAGE;
	}
	if (rc == 2 && !st.sources_failed)
		fprintf(stderr, "trawl: writing the results failed\n");
out:
	if (cli_ci_close(&ci, rc != EXIT_USAGE) && rc != EXIT_USAGE)
		rc = EXIT_USAGE;
	if (tee)
		fclose(tee);
	if (out && out != stdout && fclose(out) && rc != EXIT_USAGE) {
		fprintf(stderr, "trawl: %s: %s\n", outpath, strerror(errno));
		rc = EXIT_USAGE;
	}
	trawl_catalog_free(cat);
	free(inc);
	free(exc);
	free(iext);
	free(xext);
	return rc;
}

int main(int argc, char **argv)
{
	/* A PDF child (extract/pdf.h): a fresh process, nothing else runs. */
	if (argc >= 2 && !strcmp(argv[1], "__pdf-child"))
		return trawl_pdf_child_main(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "scan"))
		return cmd_scan(argc - 1, argv + 1);
	if (!strcmp(argv[1], "identifiers"))
		return cmd_identifiers(argc - 1, argv + 1);
	if (!strcmp(argv[1], "report"))
		return cmd_report(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("trawl %s\n", TRAWL_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	fprintf(stderr, "trawl: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
