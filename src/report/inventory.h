/*
 * inventory.h - the data inventory (a DPIA / article-30 record of where
 * personal data lives), built from result records.
 *
 * Lifecycle:
 *
 *   1. trawl_inventory_new()          borrows a catalog (or NULL) for the
 *                                     severity of each type
 *   2. trawl_inventory_set_*()        the scan's parameters, for the header
 *   3. trawl_inventory_add_file()     any number of JSON Lines streams of
 *                                     result records (several runs or shards)
 *   4. trawl_inventory_write_json()   / _csv() / _html(): each aggregates on
 *                                     first use, then writes; any order
 *   5. trawl_inventory_free()
 *
 * Objects are told apart by (s3Object.path, embeddedFileDetails.filePath,
 * eTag): the same object met twice counts once, the last record read wins.
 * Records are grouped per bucket (S3 bucket, or the local directory that
 * was scanned) and per location (the bucket's top-level prefix or
 * directory); see README.md, "Reports", for the rule and the score.
 *
 * Nothing here sees a matched value: records hold none, and the report
 * holds only names, paths, counts and codes. Every string from a record is
 * untrusted: escaped for HTML, quoted (and formula-guarded) for CSV.
 */
#ifndef TRAWL_REPORT_INVENTORY_H
#define TRAWL_REPORT_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "trawl/trawl.h"

#define TRAWL_INV_TOP 50            /* most sensitive objects listed */
#define TRAWL_INV_HTML_ROWS 1000    /* unanalysed objects shown in HTML */
#define TRAWL_INV_HTML_LOCATIONS 100 /* locations given a chart in HTML */
#define TRAWL_INV_MAX_LINE (256u << 20) /* a longer line is not a record */

struct trawl_inventory;

/* cat is borrowed (it must outlive the inventory) and may be NULL: a
 * type's severity in an object is then the object's. NULL when memory
 * runs out. */
struct trawl_inventory *trawl_inventory_new(const struct trawl_catalog *cat);
void trawl_inventory_free(struct trawl_inventory *inv);

/* The command line of the scan (argv copied; a URL's user:password@ part
 * is masked). */
int trawl_inventory_set_command(struct trawl_inventory *inv, int argc,
				char *const *argv);
/* The identifier selection (strings copied; exclude may be NULL),
 * how many identifiers it selected and the catalog's digest. */
int trawl_inventory_set_identifiers(struct trawl_inventory *inv,
				    const char *include, const char *exclude,
				    size_t selected, const char *sha256_hex);
/* The report's time (Unix seconds); default: $SOURCE_DATE_EPOCH if set,
 * else now. */
void trawl_inventory_set_time(struct trawl_inventory *inv, long long t);

/* Reads result records from f until EOF; name is how the input is listed
 * in the report (with its sha256 and counts). A line that is not a result
 * record is counted and reported to log (by line number only), never
 * fatal. Returns -1 on a read error or when memory runs out (err set). */
int trawl_inventory_add_file(struct trawl_inventory *inv, FILE *f,
			     const char *name, FILE *log, char *err, size_t errlen);

/* Each writes one format to out; -1 when memory runs out or a write fails. */
int trawl_inventory_write_json(struct trawl_inventory *inv, FILE *out);
int trawl_inventory_write_csv(struct trawl_inventory *inv, FILE *out);
int trawl_inventory_write_html(struct trawl_inventory *inv, FILE *out);

/* SHA-256 (lowercase hex) of the catalog's definitions: every field of
 * every identifier (only the selected ones when selected_only) and the
 * allow lists, so two scans with the same digest looked for the same
 * things. */
void trawl_catalog_digest(const struct trawl_catalog *cat, bool selected_only,
			  char out[65]);
/* Identifiers selected in cat. */
size_t trawl_catalog_selected(const struct trawl_catalog *cat);

#endif
