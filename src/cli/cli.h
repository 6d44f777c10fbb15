/*
 * cli.h - the trawl command: shared pieces of its subcommands. Only the
 * command parses arguments, prints to the terminal, or exits.
 */
#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H

#include <limits.h>

#include "trawl/trawl.h"

#define EXIT_USAGE 2

/* Where identifier files live: --identifiers-dir, $TRAWL_IDENTIFIERS, an
 * identifiers/ folder beside the binary (a build tree), or the installed
 * data directory. Returns a static or borrowed string. */
const char *cli_identifiers_dir(const char *opt);

/* Loads, selects and compiles the catalog; prints the error and returns
 * NULL on failure. */
struct trawl_catalog *cli_load_catalog(const char *dir, const char *include,
				       const char *exclude);

/* --no-cache: compile the catalog, neither read nor write the cache. */
extern bool cli_no_cache;
/* --config FILE: custom data identifiers and allow lists (NULL: none). */
extern const char *cli_config;

int cmd_scan(int argc, char **argv);
int cmd_identifiers(int argc, char **argv);

/* ---- scan's output options (ci.c) ---- */
struct cli_ci {
	const char *format;          /* --format: json, text, sarif, asff */
	const char *findings;        /* --findings FILE */
	const char *baseline;        /* --baseline FILE */
	const char *write_baseline;  /* --write-baseline FILE */
	FILE *findings_file, *wb_file;
	char wb_tmp[PATH_MAX];       /* written here, renamed at the end */
	struct trawl_output *output;
};
/* Sets o->output (after o->cat, o->out, o->tee, o->aws_region) when an
 * option needs the output stage; -1 (error printed) on failure. */
int cli_ci_open(struct cli_ci *ci, struct trawl_run_options *o, const char *outpath,
		FILE *out);
/* Closes the files, puts the new baseline in place when the scan was ok;
 * -1 (error printed) when a file could not be written. */
int cli_ci_close(struct cli_ci *ci, bool ok);

/* ---- the data inventory (report.c) ---- */
int cmd_report(int argc, char **argv);
/* scan --report DIR: creates DIR and opens DIR/results.jsonl for the
 * records' copy (NULL: error printed). */
FILE *cli_report_open(const char *dir);
/* Closes results, then writes DIR/report.{html,csv,json} from it, with the
 * scan's command line (argv from "scan"), selection and catalog digest.
 * -1 (error printed) when any step fails. */
int cli_scan_report(FILE *results, const char *dir, const struct trawl_catalog *cat,
		    int argc, char **argv, const char *include, const char *exclude);

#endif
