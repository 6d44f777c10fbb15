/*
 * ci.c - scan's output options: --format, --findings, --baseline,
 * --write-baseline (README.md, "CI screening and findings").
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "report/output.h"

static FILE *open_out(const char *path, const char *what)
{
	FILE *f = !strcmp(path, "-") ? NULL : fopen(path, "w");
	if (!f)
		fprintf(stderr, "trawl: %s %s: %s\n", what, path,
			!strcmp(path, "-") ? "must be a file" : strerror(errno));
	return f;
}

int cli_ci_open(struct cli_ci *ci, struct trawl_run_options *o, const char *outpath,
		FILE *out)
{
	struct trawl_output_options oo = {0};
	char err[512];
	int f = trawl_format_parse(ci->format ? ci->format : "json");
	if (f < 0) {
		fprintf(stderr, "trawl: --format takes json, text, sarif or asff\n");
		return -1;
	}
	if (f == TRAWL_FORMAT_JSON && !ci->findings && !ci->baseline && !ci->write_baseline)
		return 0; /* records only (and their tee): no output stage */
	if (ci->findings && !(ci->findings_file = open_out(ci->findings, "--findings")))
		return -1;
	if (ci->write_baseline) {
		/* written beside, renamed at the end: a failed scan leaves the
		 * old baseline, and --baseline may name the same file */
		snprintf(ci->wb_tmp, sizeof(ci->wb_tmp), "%s.XXXXXX", ci->write_baseline);
		int fd = mkstemp(ci->wb_tmp);
		if (fd < 0 || !(ci->wb_file = fdopen(fd, "w"))) {
			fprintf(stderr, "trawl: --write-baseline %s: %s\n", ci->write_baseline,
				strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(ci->wb_tmp);
			}
			ci->wb_tmp[0] = '\0';
			return -1;
		}
	}
	oo.format = (enum trawl_format)f;
	oo.color = f == TRAWL_FORMAT_TEXT && isatty(fileno(out)) && !getenv("NO_COLOR");
	oo.findings = ci->findings_file;
	oo.write_baseline = ci->wb_file;
	oo.baseline = ci->baseline;
	oo.region = o->aws_region;
	oo.results_path = f == TRAWL_FORMAT_JSON && outpath && strcmp(outpath, "-") ? outpath
										      : NULL;
	oo.records = o->tee != NULL;
	if (!(ci->output = trawl_output_new(&oo, o->cat, err, sizeof(err)))) {
		fprintf(stderr, "trawl: %s\n", err);
		return -1;
	}
	o->output = ci->output;
	return 0;
}

int cli_ci_close(struct cli_ci *ci, bool ok)
{
	int rc = 0;
	if (ci->findings_file && fclose(ci->findings_file)) {
		fprintf(stderr, "trawl: %s: %s\n", ci->findings, strerror(errno));
		rc = -1;
	}
	if (ci->wb_file) {
		if (fclose(ci->wb_file) || !ok || rename(ci->wb_tmp, ci->write_baseline)) {
			if (ok)
				fprintf(stderr, "trawl: %s: %s\n", ci->write_baseline,
					strerror(errno));
			unlink(ci->wb_tmp);
			rc = -1;
		}
	}
	trawl_output_free(ci->output);
	memset(ci, 0, sizeof(*ci));
	return rc;
}
