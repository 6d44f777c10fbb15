/*
 * cli.h - the trawl command: shared pieces of its subcommands. Only the
 * command parses arguments, prints to the terminal, or exits.
 */
#ifndef TRAWL_CLI_H
#define TRAWL_CLI_H

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

#endif
