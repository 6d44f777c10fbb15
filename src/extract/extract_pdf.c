/*
 * extract_pdf.c - text per page out of a PDF (see pdf.h and PDF.md).
 *
 * qpdf parses the file and hands over objects and raw stream bytes; from
 * there on everything is ours and bounded: stream filters (Flate, LZW,
 * ASCII85, ASCIIHex, RunLength) decode under a per-stream and a
 * per-document cap, the content-stream lexer and interpreter count every
 * token against a budget, forms nest at most PDF_MAX_FORM_DEPTH deep,
 * and every table read from the file (CMaps, widths, differences) has a
 * cap. By default the whole run happens in a forked child under rlimits
 * (the end of this file), since qpdf's own memory use is not bounded.
 */
#include "extract/pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <qpdf/qpdf-c.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define PDF_MAX_FORM_DEPTH 8
#define PDF_MAX_GSTACK 32
#define PDF_MAX_OPERANDS 64
#define PDF_MAX_ARRAY 8192        /* elements of one TJ array */
#define PDF_MAX_FILTERS 8
#define PDF_MAX_CONTENTS 4096     /* content streams of one page */
#define PDF_MAX_ANNOTS 2048       /* annotations of one page */
#define PDF_MAX_FONTS 1024        /* cached fonts per document */
#define PDF_MAX_CMAP 65536        /* ToUnicode ranges of one font */
#define PDF_MAX_CMAP_UNITS 262144 /* UTF-16 units they map to */
#define PDF_MAX_CID_WIDTHS 65536  /* /W entries of one CID font */
#define PDF_MAX_PARENTS 64        /* /Parent hops for inherited /Resources */

static const char MIME_PDF[] = "application/pdf";

/* What ended or spoiled a run, as bits; the worst one names the status. */
enum {
	F_DAMAGED = 1,    /* a page or stream could not be read */
	F_SIZE = 2,       /* a decode cap was reached */
	F_TIME = 4,       /* the token budget ran out */
	F_PAGES = 8,      /* pages past max_pages */
	F_ENCRYPTED = 16, /* fatal: needs a password */
	F_UNREADABLE = 32 /* fatal: qpdf cannot open it */
};

/* Generated from reportlab's _fontdata encodings and the Adobe Glyph
 * List (BSD-3-Clause) as reportlab ships it: code -> Unicode. */
static const uint16_t enc_standard[256] = {
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x2019,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
	0x2018, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x00a1, 0x00a2, 0x00a3, 0x2044, 0x00a5, 0x0192, 0x00a7,
	0x00a4, 0x0027, 0x201c, 0x00ab, 0x2039, 0x203a, 0xfb01, 0xfb02,
	0x0000, 0x2013, 0x2020, 0x2021, 0x00b7, 0x0000, 0x00b6, 0x2022,
	0x201a, 0x201e, 0x201d, 0x00bb, 0x2026, 0x2030, 0x0000, 0x00bf,
	0x0000, 0x0060, 0x00b4, 0x02c6, 0x02dc, 0x00af, 0x02d8, 0x02d9,
	0x00a8, 0x0000, 0x02da, 0x00b8, 0x0000, 0x02dd, 0x02db, 0x02c7,
	0x2014, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x00c6, 0x0000, 0x00aa, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0141, 0x00d8, 0x0152, 0x00ba, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x00e6, 0x0000, 0x0000, 0x0000, 0x0131, 0x0000, 0x0000,
	0x0142, 0x00f8, 0x0153, 0x00df, 0x0000, 0x0000, 0x0000, 0x0000,
};
static const uint16_t enc_winansi[256] = {
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
	0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x2022,
	0x20ac, 0x2022, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x2022, 0x017d, 0x2022,
	0x2022, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x2022, 0x017e, 0x0178,
	0x0020, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7,
	0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x002d, 0x00ae, 0x00af,
	0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7,
	0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
	0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
	0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
	0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7,
	0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
	0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
	0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
	0x00f0, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7,
	0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x00ff,
};
static const uint16_t enc_macroman[256] = {
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
	0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x0000,
	0x00c4, 0x00c5, 0x00c7, 0x00c9, 0x00d1, 0x00d6, 0x00dc, 0x00e1,
	0x00e0, 0x00e2, 0x00e4, 0x00e3, 0x00e5, 0x00e7, 0x00e9, 0x00e8,
	0x00ea, 0x00eb, 0x00ed, 0x00ec, 0x00ee, 0x00ef, 0x00f1, 0x00f3,
	0x00f2, 0x00f4, 0x00f6, 0x00f5, 0x00fa, 0x00f9, 0x00fb, 0x00fc,
	0x2020, 0x00b0, 0x00a2, 0x00a3, 0x00a7, 0x2022, 0x00b6, 0x00df,
	0x00ae, 0x00a9, 0x2122, 0x00b4, 0x00a8, 0x0000, 0x00c6, 0x00d8,
	0x0000, 0x00b1, 0x0000, 0x0000, 0x00a5, 0x00b5, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x00aa, 0x00ba, 0x0000, 0x00e6, 0x00f8,
	0x00bf, 0x00a1, 0x00ac, 0x0000, 0x0192, 0x0000, 0x0000, 0x00ab,
	0x00bb, 0x2026, 0x0020, 0x00c0, 0x00c3, 0x00d5, 0x0152, 0x0153,
	0x2013, 0x2014, 0x201c, 0x201d, 0x2018, 0x2019, 0x00f7, 0x0000,
	0x00ff, 0x0178, 0x2044, 0x00a4, 0x2039, 0x203a, 0xfb01, 0xfb02,
	0x2021, 0x00b7, 0x201a, 0x201e, 0x2030, 0x00c2, 0x00ca, 0x00c1,
	0x00cb, 0x00c8, 0x00cd, 0x00ce, 0x00cf, 0x00cc, 0x00d3, 0x00d4,
	0x0000, 0x00d2, 0x00da, 0x00db, 0x00d9, 0x0131, 0x02c6, 0x02dc,
	0x00af, 0x02d8, 0x02d9, 0x02da, 0x00b8, 0x02dd, 0x02db, 0x02c7,
};
static const uint16_t enc_pdfdoc[256] = {
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
	0x02d8, 0x02c7, 0x02c6, 0x02d9, 0x02dd, 0x02db, 0x02da, 0x02dc,
	0x0020, 0x0021, 0x0022, 0x0023, 0x0024, 0x0025, 0x0026, 0x0027,
	0x0028, 0x0029, 0x002a, 0x002b, 0x002c, 0x002d, 0x002e, 0x002f,
	0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035, 0x0036, 0x0037,
	0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e, 0x003f,
	0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
	0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f,
	0x0050, 0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057,
	0x0058, 0x0059, 0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f,
	0x0060, 0x0061, 0x0062, 0x0063, 0x0064, 0x0065, 0x0066, 0x0067,
	0x0068, 0x0069, 0x006a, 0x006b, 0x006c, 0x006d, 0x006e, 0x006f,
	0x0070, 0x0071, 0x0072, 0x0073, 0x0074, 0x0075, 0x0076, 0x0077,
	0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d, 0x007e, 0x0000,
	0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
	0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
	0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160,
	0x0178, 0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0x0000,
	0x20ac, 0x00a1, 0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7,
	0x00a8, 0x00a9, 0x00aa, 0x00ab, 0x00ac, 0x0000, 0x00ae, 0x00af,
	0x00b0, 0x00b1, 0x00b2, 0x00b3, 0x00b4, 0x00b5, 0x00b6, 0x00b7,
	0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc, 0x00bd, 0x00be, 0x00bf,
	0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5, 0x00c6, 0x00c7,
	0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf,
	0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7,
	0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df,
	0x00e0, 0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7,
	0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef,
	0x00f0, 0x00f1, 0x00f2, 0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7,
	0x00f8, 0x00f9, 0x00fa, 0x00fb, 0x00fc, 0x00fd, 0x00fe, 0x00ff,
};
/* Glyph names of those encodings (and the f-ligatures), sorted for
 * bsearch: name -> UTF-8. */
static const struct glyph_name {
	const char *name, *utf8;
} glyph_names[] = {
	{"A", "\x41"}, {"AE", "\xc3\x86"}, {"Aacute", "\xc3\x81"},
	{"Acircumflex", "\xc3\x82"}, {"Adieresis", "\xc3\x84"},
	{"Agrave", "\xc3\x80"}, {"Aring", "\xc3\x85"}, {"Atilde", "\xc3\x83"},
	{"B", "\x42"}, {"C", "\x43"}, {"Ccedilla", "\xc3\x87"}, {"D", "\x44"},
	{"E", "\x45"}, {"Eacute", "\xc3\x89"}, {"Ecircumflex", "\xc3\x8a"},
	{"Edieresis", "\xc3\x8b"}, {"Egrave", "\xc3\x88"}, {"Eth", "\xc3\x90"},
	{"Euro", "\xe2\x82\xac"}, {"F", "\x46"}, {"G", "\x47"}, {"H", "\x48"},
	{"I", "\x49"}, {"Iacute", "\xc3\x8d"}, {"Icircumflex", "\xc3\x8e"},
	{"Idieresis", "\xc3\x8f"}, {"Igrave", "\xc3\x8c"}, {"J", "\x4a"},
	{"K", "\x4b"}, {"L", "\x4c"}, {"Lslash", "\xc5\x81"}, {"M", "\x4d"},
	{"N", "\x4e"}, {"Ntilde", "\xc3\x91"}, {"O", "\x4f"}, {"OE", "\xc5\x92"},
	{"Oacute", "\xc3\x93"}, {"Ocircumflex", "\xc3\x94"},
	{"Odieresis", "\xc3\x96"}, {"Ograve", "\xc3\x92"}, {"Oslash", "\xc3\x98"},
	{"Otilde", "\xc3\x95"}, {"P", "\x50"}, {"Q", "\x51"}, {"R", "\x52"},
	{"S", "\x53"}, {"Scaron", "\xc5\xa0"}, {"T", "\x54"}, {"Thorn", "\xc3\x9e"},
	{"U", "\x55"}, {"Uacute", "\xc3\x9a"}, {"Ucircumflex", "\xc3\x9b"},
	{"Udieresis", "\xc3\x9c"}, {"Ugrave", "\xc3\x99"}, {"V", "\x56"},
	{"W", "\x57"}, {"X", "\x58"}, {"Y", "\x59"}, {"Yacute", "\xc3\x9d"},
	{"Ydieresis", "\xc5\xb8"}, {"Z", "\x5a"}, {"Zcaron", "\xc5\xbd"},
	{"a", "\x61"}, {"aacute", "\xc3\xa1"}, {"acircumflex", "\xc3\xa2"},
	{"acute", "\xc2\xb4"}, {"adieresis", "\xc3\xa4"}, {"ae", "\xc3\xa6"},
	{"agrave", "\xc3\xa0"}, {"ampersand", "\x26"}, {"aring", "\xc3\xa5"},
	{"asciicircum", "\x5e"}, {"asciitilde", "\x7e"}, {"asterisk", "\x2a"},
	{"at", "\x40"}, {"atilde", "\xc3\xa3"}, {"b", "\x62"}, {"backslash", "\x5c"},
	{"bar", "\x7c"}, {"braceleft", "\x7b"}, {"braceright", "\x7d"},
	{"bracketleft", "\x5b"}, {"bracketright", "\x5d"}, {"breve", "\xcb\x98"},
	{"brokenbar", "\xc2\xa6"}, {"bullet", "\xe2\x80\xa2"}, {"c", "\x63"},
	{"caron", "\xcb\x87"}, {"ccedilla", "\xc3\xa7"}, {"cedilla", "\xc2\xb8"},
	{"cent", "\xc2\xa2"}, {"circumflex", "\xcb\x86"}, {"colon", "\x3a"},
	{"comma", "\x2c"}, {"copyright", "\xc2\xa9"}, {"currency", "\xc2\xa4"},
	{"d", "\x64"}, {"dagger", "\xe2\x80\xa0"}, {"daggerdbl", "\xe2\x80\xa1"},
	{"degree", "\xc2\xb0"}, {"dieresis", "\xc2\xa8"}, {"divide", "\xc3\xb7"},
	{"dollar", "\x24"}, {"dotaccent", "\xcb\x99"}, {"dotlessi", "\xc4\xb1"},
	{"e", "\x65"}, {"eacute", "\xc3\xa9"}, {"ecircumflex", "\xc3\xaa"},
	{"edieresis", "\xc3\xab"}, {"egrave", "\xc3\xa8"}, {"eight", "\x38"},
	{"ellipsis", "\xe2\x80\xa6"}, {"emdash", "\xe2\x80\x94"},
	{"endash", "\xe2\x80\x93"}, {"equal", "\x3d"}, {"eth", "\xc3\xb0"},
	{"exclam", "\x21"}, {"exclamdown", "\xc2\xa1"}, {"f", "\x66"},
	{"ff", "\x66\x66"}, {"ffi", "\x66\x66\x69"}, {"ffl", "\x66\x66\x6c"},
	{"fi", "\x66\x69"}, {"five", "\x35"}, {"fl", "\x66\x6c"},
	{"florin", "\xc6\x92"}, {"four", "\x34"}, {"fraction", "\xe2\x81\x84"},
	{"g", "\x67"}, {"germandbls", "\xc3\x9f"}, {"grave", "\x60"},
	{"greater", "\x3e"}, {"guillemotleft", "\xc2\xab"},
	{"guillemotright", "\xc2\xbb"}, {"guilsinglleft", "\xe2\x80\xb9"},
	{"guilsinglright", "\xe2\x80\xba"}, {"h", "\x68"},
	{"hungarumlaut", "\xcb\x9d"}, {"hyphen", "\x2d"}, {"i", "\x69"},
	{"iacute", "\xc3\xad"}, {"icircumflex", "\xc3\xae"},
	{"idieresis", "\xc3\xaf"}, {"igrave", "\xc3\xac"}, {"j", "\x6a"},
	{"k", "\x6b"}, {"l", "\x6c"}, {"less", "\x3c"}, {"logicalnot", "\xc2\xac"},
	{"lslash", "\xc5\x82"}, {"m", "\x6d"}, {"macron", "\xc2\xaf"},
	{"middot", "\xc2\xb7"}, {"minus", "\xe2\x88\x92"}, {"mu", "\xc2\xb5"},
	{"multiply", "\xc3\x97"}, {"n", "\x6e"}, {"nbspace", "\xc2\xa0"},
	{"nine", "\x39"}, {"ntilde", "\xc3\xb1"}, {"numbersign", "\x23"},
	{"o", "\x6f"}, {"oacute", "\xc3\xb3"}, {"ocircumflex", "\xc3\xb4"},
	{"odieresis", "\xc3\xb6"}, {"oe", "\xc5\x93"}, {"ogonek", "\xcb\x9b"},
	{"ograve", "\xc3\xb2"}, {"one", "\x31"}, {"onehalf", "\xc2\xbd"},
	{"onequarter", "\xc2\xbc"}, {"onesuperior", "\xc2\xb9"},
	{"ordfeminine", "\xc2\xaa"}, {"ordmasculine", "\xc2\xba"},
	{"oslash", "\xc3\xb8"}, {"otilde", "\xc3\xb5"}, {"p", "\x70"},
	{"paragraph", "\xc2\xb6"}, {"parenleft", "\x28"}, {"parenright", "\x29"},
	{"percent", "\x25"}, {"period", "\x2e"}, {"periodcentered", "\xc2\xb7"},
	{"perthousand", "\xe2\x80\xb0"}, {"plus", "\x2b"}, {"plusminus", "\xc2\xb1"},
	{"q", "\x71"}, {"question", "\x3f"}, {"questiondown", "\xc2\xbf"},
	{"quotedbl", "\x22"}, {"quotedblbase", "\xe2\x80\x9e"},
	{"quotedblleft", "\xe2\x80\x9c"}, {"quotedblright", "\xe2\x80\x9d"},
	{"quoteleft", "\xe2\x80\x98"}, {"quoteright", "\xe2\x80\x99"},
	{"quotesinglbase", "\xe2\x80\x9a"}, {"quotesingle", "\x27"}, {"r", "\x72"},
	{"registered", "\xc2\xae"}, {"ring", "\xcb\x9a"}, {"s", "\x73"},
	{"scaron", "\xc5\xa1"}, {"section", "\xc2\xa7"}, {"semicolon", "\x3b"},
	{"seven", "\x37"}, {"sfthyphen", "\xc2\xad"}, {"six", "\x36"},
	{"slash", "\x2f"}, {"space", "\x20"}, {"sterling", "\xc2\xa3"}, {"t", "\x74"},
	{"thorn", "\xc3\xbe"}, {"three", "\x33"}, {"threequarters", "\xc2\xbe"},
	{"threesuperior", "\xc2\xb3"}, {"tilde", "\xcb\x9c"},
	{"trademark", "\xe2\x84\xa2"}, {"two", "\x32"}, {"twosuperior", "\xc2\xb2"},
	{"u", "\x75"}, {"uacute", "\xc3\xba"}, {"ucircumflex", "\xc3\xbb"},
	{"udieresis", "\xc3\xbc"}, {"ugrave", "\xc3\xb9"}, {"underscore", "\x5f"},
	{"v", "\x76"}, {"w", "\x77"}, {"x", "\x78"}, {"y", "\x79"},
	{"yacute", "\xc3\xbd"}, {"ydieresis", "\xc3\xbf"}, {"yen", "\xc2\xa5"},
	{"z", "\x7a"}, {"zcaron", "\xc5\xbe"}, {"zero", "\x30"},
};
/* Advance widths (1/1000 em) of three of the standard 14 fonts for
 * WinAnsi codes, from reportlab's AFM data: used when a font gives no
 * /Widths. */
static const uint16_t w_helvetica[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 350,
	556, 350, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 350, 611, 350,
	350, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 350, 500, 667,
	278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333,
	400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
	667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
	722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
	556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
};
static const uint16_t w_times[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
	921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
	556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
	333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
	500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541, 350,
	500, 350, 333, 500, 444, 1000, 500, 500, 333, 1000, 556, 333, 889, 350, 611, 350,
	350, 333, 333, 444, 444, 350, 500, 1000, 333, 980, 389, 333, 722, 350, 444, 722,
	250, 333, 500, 500, 500, 500, 200, 500, 333, 760, 276, 500, 564, 333, 760, 333,
	400, 564, 300, 300, 333, 500, 453, 250, 333, 300, 310, 500, 750, 750, 750, 444,
	722, 722, 722, 722, 722, 722, 889, 667, 611, 611, 611, 611, 333, 333, 333, 333,
	722, 722, 722, 722, 722, 722, 722, 564, 722, 722, 722, 722, 722, 722, 556, 500,
	444, 444, 444, 444, 444, 444, 667, 444, 444, 444, 444, 444, 278, 278, 278, 278,
	500, 500, 500, 500, 500, 500, 500, 564, 500, 500, 500, 500, 500, 500, 500, 500,
};
static const uint16_t w_courier[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
	600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600, 600,
};

/* ---- stream filters: each appends to out, never past cap ---- */

struct sink {
	struct buf *out;
	uint64_t cap;
	bool capped;
};

static int put(struct sink *s, const void *p, size_t n)
{
	if (s->out->len + n > s->cap) {
		n = s->cap > s->out->len ? (size_t)(s->cap - s->out->len) : 0;
		s->capped = true;
		if (n)
			buf_add(s->out, p, n);
		return -1;
	}
	return buf_add(s->out, p, n);
}

/* Returns 0, or 1 when the data ended early or was corrupt (what came out
 * before stays). */
static int dec_flate(const unsigned char *in, size_t n, struct sink *s)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	/* Some producers write raw deflate without the zlib header. */
	int wbits = 15;
	if (n >= 2 && ((in[0] & 0x0F) != 8 || ((in[0] << 8) | in[1]) % 31 != 0))
		wbits = -15;
	if (inflateInit2(&zs, wbits) != Z_OK)
		return 1;
	unsigned char chunk[65536];
	int ret = 0;
	size_t fed = 0;
	for (;;) {
		if (zs.avail_in == 0 && fed < n) {
			size_t k = n - fed > (1u << 30) ? (1u << 30) : n - fed;
			zs.next_in = (Bytef *)(uintptr_t)(in + fed);
			zs.avail_in = (uInt)k;
			fed += k;
		}
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		int rc = inflate(&zs, Z_NO_FLUSH);
		size_t got = sizeof(chunk) - zs.avail_out;
		if (got && put(s, chunk, got))
			break;
		if (rc == Z_STREAM_END)
			break;
		if (rc != Z_OK) {
			/* Input used up without the end marker (a missing
			 * checksum is common) is not damage; corrupt data is. */
			if (!(rc == Z_BUF_ERROR && zs.avail_in == 0 && fed == n))
				ret = 1;
			break;
		}
	}
	inflateEnd(&zs);
	return ret;
}

/* LZW as PDF uses it (9 to 12 bit codes, 256 clear, 257 end). */
static int dec_lzw(const unsigned char *in, size_t n, struct sink *s, int early)
{
	static const int MAXC = 4096;
	uint16_t *prefix = malloc(MAXC * sizeof(uint16_t));
	uint8_t *suffix = malloc(MAXC), *first = malloc(MAXC);
	uint16_t *length = malloc(MAXC * sizeof(uint16_t));
	unsigned char stack[4096];
	int ret = 0;
	if (!prefix || !suffix || !first || !length) {
		ret = 1;
		goto out;
	}
	for (int c = 0; c < 256; c++) {
		prefix[c] = 0xFFFF;
		suffix[c] = (uint8_t)c;
		first[c] = (uint8_t)c;
		length[c] = 1;
	}
	int next = 258, bits = 9, prev = -1;
	uint32_t acc = 0;
	int nacc = 0;
	size_t i = 0;
	for (;;) {
		while (nacc < bits) {
			if (i >= n)
				goto out;
			acc = (acc << 8) | in[i++];
			nacc += 8;
		}
		int code = (int)((acc >> (nacc - bits)) & ((1u << bits) - 1));
		nacc -= bits;
		acc &= (1u << nacc) - 1;
		if (code == 256) {
			next = 258;
			bits = 9;
			prev = -1;
			continue;
		}
		if (code == 257)
			break;
		if (prev < 0) {
			if (code > 255) {
				ret = 1;
				break;
			}
			unsigned char b = (unsigned char)code;
			if (put(s, &b, 1))
				break;
			prev = code;
			continue;
		}
		if (code > next || (code == next && next >= MAXC)) {
			ret = 1;
			break;
		}
		if (next < MAXC) {
			prefix[next] = (uint16_t)prev;
			first[next] = first[prev];
			suffix[next] = code == next ? first[prev] : first[code];
			length[next] = (uint16_t)(length[prev] + 1);
			next++;
		}
		/* Write the string of code, walking its prefixes backwards. */
		int len = length[code];
		int c = code;
		for (int k = len - 1; k >= 0 && c != 0xFFFF; k--) {
			stack[k] = suffix[c];
			c = prefix[c];
		}
		if (put(s, stack, (size_t)len))
			break;
		prev = code;
		if (next + early >= (1 << bits) && bits < 12)
			bits++;
	}
out:
	free(prefix);
	free(suffix);
	free(first);
	free(length);
	return ret;
}

static bool pdf_space(unsigned char c)
{
	return c == 0 || c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int dec_ahx(const unsigned char *in, size_t n, struct sink *s)
{
	int hi = -1;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '>')
			break;
		int v = hexval(in[i]);
		if (v < 0) {
			if (pdf_space(in[i]))
				continue;
			return 1;
		}
		if (hi < 0) {
			hi = v;
		} else {
			unsigned char b = (unsigned char)(hi << 4 | v);
			if (put(s, &b, 1))
				return 0;
			hi = -1;
		}
	}
	if (hi >= 0) {
		unsigned char b = (unsigned char)(hi << 4);
		put(s, &b, 1);
	}
	return 0;
}

static int dec_a85(const unsigned char *in, size_t n, struct sink *s)
{
	uint64_t v = 0;
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = in[i];
		if (pdf_space(c))
			continue;
		if (c == '~')
			break;
		if (c == 'z' && k == 0) {
			static const unsigned char z[4];
			if (put(s, z, 4))
				return 0;
			continue;
		}
		if (c < '!' || c > 'u')
			return 1;
		v = v * 85 + (uint64_t)(c - '!');
		if (++k == 5) {
			if (v > 0xFFFFFFFFu)
				return 1;
			unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
					      (unsigned char)(v >> 8), (unsigned char)v};
			if (put(s, b, 4))
				return 0;
			v = 0;
			k = 0;
		}
	}
	if (k > 1) {
		for (int j = k; j < 5; j++)
			v = v * 85 + 84;
		if (v > 0xFFFFFFFFu)
			return 1;
		unsigned char b[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
				      (unsigned char)(v >> 8), (unsigned char)v};
		put(s, b, (size_t)(k - 1));
	}
	return 0;
}

static int dec_rl(const unsigned char *in, size_t n, struct sink *s)
{
	size_t i = 0;
	while (i < n) {
		unsigned len = in[i++];
		if (len == 128)
			return 0;
		if (len < 128) {
			size_t m = (size_t)len + 1;
			if (m > n - i)
				return 1;
			if (put(s, in + i, m))
				return 0;
			i += m;
		} else {
			if (i >= n)
				return 1;
			unsigned char run[128];
			memset(run, in[i++], sizeof(run));
			if (put(s, run, 257 - len))
				return 0;
		}
	}
	return 0;
}

/* ---- the content-stream lexer ---- */

enum lk {
	LK_EOF, LK_NUM, LK_STR, LK_NAME, LK_OP,
	LK_AOPEN, LK_ACLOSE, LK_DOPEN, LK_DCLOSE
};

struct lex {
	const unsigned char *p, *end;
};

struct ltok {
	enum lk kind;
	double num;
	const unsigned char *s; /* LK_OP: the keyword */
	size_t n;
	size_t off, len;        /* LK_STR, LK_NAME: decoded, in the pool */
};

static bool pdf_delim(unsigned char c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	       c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

/* A number as PDF writes one ([+-]digits[.digits]); false otherwise. No
 * locale, no exponent. */
static bool parse_num(const unsigned char *s, size_t n, double *v)
{
	size_t i = 0;
	bool neg = false, digits = false, dot = false;
	double r = 0, scale = 1;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		neg = s[i++] == '-';
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			digits = true;
			if (dot) {
				scale /= 10;
				r += (s[i] - '0') * scale;
			} else if (r < 1e300) {
				r = r * 10 + (s[i] - '0');
			}
		} else if (s[i] == '.' && !dot) {
			dot = true;
		} else {
			return false;
		}
	}
	if (!digits)
		return false;
	*v = neg ? -r : r;
	return true;
}

static int lex_string(struct lex *l, struct buf *pool)
{
	int depth = 1;
	while (l->p < l->end) {
		unsigned char c = *l->p++;
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (--depth == 0)
				return 0;
		} else if (c == '\\') {
			if (l->p >= l->end)
				break;
			c = *l->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (l->p < l->end && *l->p == '\n')
					l->p++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					unsigned v = (unsigned)(c - '0');
					for (int k = 0; k < 2 && l->p < l->end &&
					     *l->p >= '0' && *l->p <= '7'; k++)
						v = v * 8 + (unsigned)(*l->p++ - '0');
					c = (unsigned char)v;
				}
			}
		}
		if (buf_addch(pool, (char)c))
			return -1;
	}
	return 0; /* unterminated: what there is */
}

static int lex_hex(struct lex *l, struct buf *pool)
{
	int hi = -1;
	while (l->p < l->end) {
		unsigned char c = *l->p++;
		if (c == '>')
			break;
		int v = hexval(c);
		if (v < 0)
			continue;
		if (hi < 0) {
			hi = v;
		} else {
			if (buf_addch(pool, (char)(hi << 4 | v)))
				return -1;
			hi = -1;
		}
	}
	if (hi >= 0 && buf_addch(pool, (char)(hi << 4)))
		return -1;
	return 0;
}

/* The next token. Strings and names are decoded into pool (which the
 * caller resets between operators). -1: out of memory. */
static int lex_next(struct lex *l, struct buf *pool, struct ltok *t)
{
	for (;;) {
		while (l->p < l->end && pdf_space(*l->p))
			l->p++;
		if (l->p >= l->end) {
			t->kind = LK_EOF;
			return 0;
		}
		if (*l->p != '%')
			break;
		while (l->p < l->end && *l->p != '\n' && *l->p != '\r')
			l->p++;
	}
	unsigned char c = *l->p;
	t->off = pool->len;
	if (c == '(') {
		l->p++;
		t->kind = LK_STR;
		if (lex_string(l, pool))
			return -1;
	} else if (c == '<' && l->p + 1 < l->end && l->p[1] == '<') {
		l->p += 2;
		t->kind = LK_DOPEN;
	} else if (c == '>' && l->p + 1 < l->end && l->p[1] == '>') {
		l->p += 2;
		t->kind = LK_DCLOSE;
	} else if (c == '<') {
		l->p++;
		t->kind = LK_STR;
		if (lex_hex(l, pool))
			return -1;
	} else if (c == '[') {
		l->p++;
		t->kind = LK_AOPEN;
	} else if (c == ']') {
		l->p++;
		t->kind = LK_ACLOSE;
	} else if (c == '/') {
		l->p++;
		t->kind = LK_NAME;
		while (l->p < l->end && !pdf_space(*l->p) && !pdf_delim(*l->p)) {
			unsigned char ch = *l->p++;
			if (ch == '#' && l->end - l->p >= 2 && hexval(l->p[0]) >= 0 &&
			    hexval(l->p[1]) >= 0) {
				ch = (unsigned char)(hexval(l->p[0]) << 4 | hexval(l->p[1]));
				l->p += 2;
			}
			if (buf_addch(pool, (char)ch))
				return -1;
		}
	} else if (pdf_delim(c)) {
		l->p++; /* a stray ')', '>', '{' or '}': an empty operator */
		t->kind = LK_OP;
		t->s = l->p - 1;
		t->n = 0;
	} else {
		const unsigned char *s = l->p;
		while (l->p < l->end && !pdf_space(*l->p) && !pdf_delim(*l->p))
			l->p++;
		t->s = s;
		t->n = (size_t)(l->p - s);
		t->kind = parse_num(s, t->n, &t->num) ? LK_NUM : LK_OP;
	}
	t->len = pool->len - t->off;
	return 0;
}

static bool op_is(const struct ltok *t, const char *op)
{
	size_t n = strlen(op);
	return t->kind == LK_OP && t->n == n && memcmp(t->s, op, n) == 0;
}

/* ---- the document being read ---- */

struct cmap_range {
	uint32_t lo, hi;
	uint8_t nbytes;
	bool base;          /* bfrange <lo> <hi> <dst>: dst + (code - lo) */
	uint32_t dst;       /* into units */
	uint16_t dlen;
};

struct cmap {
	struct cmap_range *r;
	size_t n, a;
	uint16_t *u;        /* UTF-16 units the ranges map to */
	size_t nu, au;
	struct {
		uint32_t lo, hi;
		uint8_t nbytes;
	} cs[16];           /* codespace ranges */
	int ncs;
};

struct cid_w {
	uint32_t lo, hi;
	uint16_t w;
};

struct font {
	int objid, gen;     /* 0: a direct object, not cached across uses */
	bool type0;         /* 2-byte codes (unless a codespace says so) */
	bool utf16;         /* Type0 with a predefined Uni...-UCS2/UTF16 CMap */
	struct cmap *tu;    /* ToUnicode, or NULL */
	char enc[256][4];   /* simple fonts: code -> UTF-8 (up to 4 bytes) */
	uint8_t enclen[256];
	uint16_t w[256];    /* simple fonts: widths, 1/1000 em; 0 unknown */
	const uint16_t *stdw; /* standard 14 widths, when no /Widths */
	struct cid_w *cw;   /* CID fonts: /W */
	size_t ncw;
	uint16_t dw;        /* CID fonts: /DW */
};

struct pdf_ctx {
	qpdf_data q;
	const struct trawl_pdf_limits *lim;
	unsigned flags;
	uint64_t decoded;   /* stream bytes decoded so far */
	uint64_t ops;       /* tokens so far */
	uint64_t text;      /* text bytes so far */
	struct font **fonts;
	size_t nfonts, afonts;
	struct buf page;    /* the current page's text */
	int forms[PDF_MAX_FORM_DEPTH]; /* the forms being drawn (object ids) */
	/* Where the last shown text ended, in device space. */
	bool have_text;
	double last_x, last_y, last_size;
};

static void oh_free(struct pdf_ctx *c, qpdf_oh h)
{
	if (h)
		qpdf_oh_release(c->q, h);
}

/* qpdf reports problems on the handle; a problem reading one object only
 * spoils that object, so it is cleared and noted. */
static void check_err(struct pdf_ctx *c)
{
	if (qpdf_has_error(c->q)) {
		qpdf_error e = qpdf_get_error(c->q);
		/* qpdf_e_system: memory (or I/O, which memory input has not) */
		c->flags |= e && qpdf_get_error_code(c->q, e) == qpdf_e_system ? F_SIZE
										: F_DAMAGED;
	}
}

static qpdf_oh key(struct pdf_ctx *c, qpdf_oh dict, const char *k)
{
	if (!dict || !qpdf_oh_is_dictionary(c->q, dict))
		return 0;
	qpdf_oh v = qpdf_oh_get_key(c->q, dict, k);
	check_err(c);
	if (v && qpdf_oh_is_null(c->q, v)) {
		oh_free(c, v);
		return 0;
	}
	return v;
}

static bool num_of(struct pdf_ctx *c, qpdf_oh h, double *v)
{
	return h && qpdf_oh_is_number(c->q, h) && qpdf_oh_get_value_as_number(c->q, h, v) &&
	       isfinite(*v);
}

/* A name object's text without its '/', or NULL. Valid until the next
 * qpdf call: copy it. */
static const char *name_of(struct pdf_ctx *c, qpdf_oh h)
{
	if (!h || !qpdf_oh_is_name(c->q, h))
		return NULL;
	const char *n = qpdf_oh_get_name(c->q, h);
	return n && n[0] == '/' ? n + 1 : n;
}

/* Decodes a stream's data into out, under the per-stream cap and what is
 * left of the document's. -1 when nothing usable came out. */
static int stream_data(struct pdf_ctx *c, qpdf_oh st, struct buf *out)
{
	buf_reset(out);
	if (!st || !qpdf_oh_is_stream(c->q, st))
		return -1;
	const struct trawl_pdf_limits *lim = c->lim;
	uint64_t left = lim->max_decoded > c->decoded ? lim->max_decoded - c->decoded : 0;
	uint64_t cap = lim->max_stream < left ? lim->max_stream : left;
	if (cap == 0) {
		c->flags |= F_SIZE;
		return -1;
	}
	/* The filters, outermost first, and their parameters. */
	char filters[PDF_MAX_FILTERS][32];
	int nf = 0;
	int early = 1;
	bool predictor = false;
	qpdf_oh dict = qpdf_oh_get_dict(c->q, st);
	qpdf_oh f = key(c, dict, "/Filter");
	qpdf_oh parms = key(c, dict, "/DecodeParms");
	if (f && qpdf_oh_is_array(c->q, f)) {
		int n = qpdf_oh_get_array_n_items(c->q, f);
		if (n > PDF_MAX_FILTERS) {
			c->flags |= F_DAMAGED;
			n = 0;
			nf = -1;
		}
		for (int i = 0; i < n; i++) {
			qpdf_oh it = qpdf_oh_get_array_item(c->q, f, i);
			const char *nm = name_of(c, it);
			snprintf(filters[nf++], sizeof(filters[0]), "%s", nm ? nm : "?");
			oh_free(c, it);
		}
	} else if (f) {
		const char *nm = name_of(c, f);
		snprintf(filters[nf++], sizeof(filters[0]), "%s", nm ? nm : "?");
	}
	/* Predictors are for images and cross-reference streams; content
	 * streams that use one are not decoded. */
	if (parms) {
		qpdf_oh p = parms;
		if (qpdf_oh_is_array(c->q, parms))
			p = qpdf_oh_get_array_item(c->q, parms, 0);
		double v;
		qpdf_oh pr = key(c, p, "/Predictor");
		if (num_of(c, pr, &v) && v > 1)
			predictor = true;
		qpdf_oh ec = key(c, p, "/EarlyChange");
		if (num_of(c, ec, &v) && v == 0)
			early = 0;
		oh_free(c, pr);
		oh_free(c, ec);
		if (p != parms)
			oh_free(c, p);
	}
	oh_free(c, f);
	oh_free(c, parms);
	oh_free(c, dict);
	if (nf < 0 || predictor) {
		c->flags |= F_DAMAGED;
		return -1;
	}
	unsigned char *raw = NULL;
	size_t rawlen = 0;
	if (qpdf_oh_get_stream_data(c->q, st, qpdf_dl_none, NULL, &raw, &rawlen) & QPDF_ERRORS) {
		check_err(c);
		free(raw);
		return -1;
	}
	struct buf a = BUF_INIT, b = BUF_INIT;
	const unsigned char *in = raw;
	size_t inlen = rawlen;
	int rc = 0;
	for (int i = 0; i < nf && rc == 0; i++) {
		const char *nm = filters[i];
		struct buf *o = i == nf - 1 ? out : (i % 2) ? &b : &a;
		buf_reset(o);
		struct sink s = {o, cap, false};
		int r;
		if (!strcmp(nm, "FlateDecode") || !strcmp(nm, "Fl"))
			r = dec_flate(in, inlen, &s);
		else if (!strcmp(nm, "LZWDecode") || !strcmp(nm, "LZW"))
			r = dec_lzw(in, inlen, &s, early);
		else if (!strcmp(nm, "ASCII85Decode") || !strcmp(nm, "A85"))
			r = dec_a85(in, inlen, &s);
		else if (!strcmp(nm, "ASCIIHexDecode") || !strcmp(nm, "AHx"))
			r = dec_ahx(in, inlen, &s);
		else if (!strcmp(nm, "RunLengthDecode") || !strcmp(nm, "RL"))
			r = dec_rl(in, inlen, &s);
		else
			r = -1; /* an image filter, or Crypt: not text */
		if (r > 0)
			c->flags |= F_DAMAGED;
		if (s.capped || (r == 0 && !o->data && o->len == 0 && inlen))
			c->flags |= F_SIZE; /* capped, or no memory for any */
		if (r < 0) {
			c->flags |= F_DAMAGED;
			rc = -1;
			break;
		}
		in = (const unsigned char *)o->data;
		inlen = o->len;
	}
	if (rc == 0 && nf == 0) {
		if (inlen > cap) {
			inlen = (size_t)cap;
			c->flags |= F_SIZE;
		}
		if (buf_add(out, in ? (const char *)in : "", inlen)) {
			c->flags |= F_SIZE;
			rc = -1;
		}
	}
	if (rc == 0)
		c->decoded += out->len;
	free(raw);
	buf_release(&a);
	buf_release(&b);
	return rc;
}

/* ---- fonts ---- */

/* cp as UTF-8 into out; U+FFFD for what is not a scalar value. */
static size_t utf8_enc(unsigned long cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

static void cmap_free(struct cmap *m)
{
	if (!m)
		return;
	free(m->r);
	free(m->u);
	free(m);
}

static uint32_t be_code(const char *s, size_t n)
{
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++)
		v = v << 8 | (unsigned char)s[i];
	return v;
}

static int cmap_range_cmp(const void *a, const void *b)
{
	const struct cmap_range *x = a, *y = b;
	if (x->nbytes != y->nbytes)
		return x->nbytes < y->nbytes ? -1 : 1;
	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/* Adds a mapping; dst holds UTF-16BE bytes. */
static int cmap_add(struct cmap *m, uint32_t lo, uint32_t hi, size_t nbytes,
		    bool base, const char *dst, size_t dlen)
{
	if (m->n >= PDF_MAX_CMAP || nbytes == 0 || nbytes > 4 || lo > hi)
		return 0;
	size_t units = dlen / 2;
	if (units == 0 || units > 32 || m->nu + units > PDF_MAX_CMAP_UNITS)
		return 0;
	if (VEC_RESERVE(m->r, m->n, m->a, 1) || VEC_RESERVE(m->u, m->nu, m->au, units))
		return -1;
	struct cmap_range *r = &m->r[m->n++];
	r->lo = lo;
	r->hi = hi;
	r->nbytes = (uint8_t)nbytes;
	r->base = base;
	r->dst = (uint32_t)m->nu;
	r->dlen = (uint16_t)units;
	for (size_t i = 0; i < units; i++)
		m->u[m->nu++] = (uint16_t)((unsigned char)dst[2 * i] << 8 |
					   (unsigned char)dst[2 * i + 1]);
	return 0;
}

/* Reads a ToUnicode CMap: codespace ranges, bfchar and bfrange. Anything
 * else in it is skipped; usecmap is not followed. */
static struct cmap *cmap_parse(struct pdf_ctx *c, const struct buf *data)
{
	struct cmap *m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	struct lex l = {(const unsigned char *)data->data,
			(const unsigned char *)data->data + data->len};
	struct buf pool = BUF_INIT;
	enum { NONE, CS, BFCHAR, BFRANGE } mode = NONE;
	struct ltok t, prev[3];
	int np = 0;
	bool in_array = false;
	uint32_t arr_code = 0;
	size_t arr_nb = 0;
	uint32_t arr_hi = 0;
	while (c->ops < c->lim->max_ops) {
		if (pool.len > (1u << 20)) {
			buf_reset(&pool);
			np = 0;
		}
		if (lex_next(&l, &pool, &t))
			break;
		c->ops++;
		if (t.kind == LK_EOF)
			break;
		if (t.kind == LK_OP) {
			if (op_is(&t, "begincodespacerange"))
				mode = CS;
			else if (op_is(&t, "beginbfchar"))
				mode = BFCHAR;
			else if (op_is(&t, "beginbfrange"))
				mode = BFRANGE;
			else
				mode = NONE;
			np = 0;
			buf_reset(&pool);
			continue;
		}
		if (mode == BFRANGE && t.kind == LK_AOPEN && np == 2) {
			in_array = true;
			arr_nb = prev[0].len;
			arr_code = be_code(pool.data + prev[0].off, prev[0].len);
			arr_hi = be_code(pool.data + prev[1].off, prev[1].len);
			continue;
		}
		if (in_array) {
			if (t.kind == LK_ACLOSE) {
				in_array = false;
				np = 0;
			} else if (t.kind == LK_STR && arr_code <= arr_hi) {
				if (cmap_add(m, arr_code, arr_code, arr_nb, false,
					     pool.data + t.off, t.len))
					goto fail;
				arr_code++;
			}
			continue;
		}
		if (t.kind != LK_STR || mode == NONE) {
			np = 0;
			continue;
		}
		prev[np++] = t;
		const char *p0 = pool.data + prev[0].off;
		if (mode == CS && np == 2) {
			if (m->ncs < 16 && prev[0].len >= 1 && prev[0].len <= 4 &&
			    prev[0].len == prev[1].len) {
				m->cs[m->ncs].lo = be_code(p0, prev[0].len);
				m->cs[m->ncs].hi = be_code(pool.data + prev[1].off, prev[1].len);
				m->cs[m->ncs].nbytes = (uint8_t)prev[0].len;
				m->ncs++;
			}
			np = 0;
		} else if (mode == BFCHAR && np == 2) {
			uint32_t code = be_code(p0, prev[0].len);
			if (cmap_add(m, code, code, prev[0].len, false,
				     pool.data + prev[1].off, prev[1].len))
				goto fail;
			np = 0;
		} else if (mode == BFRANGE && np == 3) {
			uint32_t lo = be_code(p0, prev[0].len);
			uint32_t hi = be_code(pool.data + prev[1].off, prev[1].len);
			if (hi - lo <= 0xFFFF &&
			    cmap_add(m, lo, hi, prev[0].len, true,
				     pool.data + prev[2].off, prev[2].len))
				goto fail;
			np = 0;
		}
	}
	buf_release(&pool);
	if (m->n)
		qsort(m->r, m->n, sizeof(*m->r), cmap_range_cmp);
	return m;
fail:
	buf_release(&pool);
	cmap_free(m);
	return NULL;
}

static const struct cmap_range *cmap_find(const struct cmap *m, uint32_t code,
					  size_t nbytes)
{
	size_t lo = 0, hi = m->n;
	/* The last range starting at or before code, among those of nbytes. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cmap_range *r = &m->r[mid];
		if (r->nbytes < nbytes || (r->nbytes == nbytes && r->lo <= code))
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Ranges may overlap: look back a little for one that holds code. */
	for (size_t k = 0; k < 8 && lo > 0; k++, lo--) {
		const struct cmap_range *r = &m->r[lo - 1];
		if (r->nbytes != nbytes)
			break;
		if (r->lo <= code && code <= r->hi)
			return r;
	}
	return NULL;
}

static int glyph_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct glyph_name *)e)->name);
}

/* A glyph name's text: the standard names, uniXXXX and uXXXX[XX]. */
static size_t glyph_utf8(const char *name, char out[4])
{
	const struct glyph_name *g = bsearch(name, glyph_names,
					     sizeof(glyph_names) / sizeof(glyph_names[0]),
					     sizeof(glyph_names[0]), glyph_cmp);
	if (g) {
		size_t n = strlen(g->utf8);
		memcpy(out, g->utf8, n > 4 ? 4 : n);
		return n > 4 ? 4 : n;
	}
	const char *hex = NULL;
	size_t want = 0;
	if (!strncmp(name, "uni", 3) && strlen(name) == 7) {
		hex = name + 3;
		want = 4;
	} else if (name[0] == 'u' && (strlen(name) == 5 || strlen(name) == 7)) {
		hex = name + 1;
		want = strlen(name) - 1;
	}
	if (!hex)
		return 0;
	unsigned long cp = 0;
	for (size_t i = 0; i < want; i++) {
		int v = hexval((unsigned char)hex[i]);
		if (v < 0)
			return 0;
		cp = cp << 4 | (unsigned long)v;
	}
	if (cp == 0)
		return 0;
	return utf8_enc(cp, out);
}

static void set_enc(struct font *f, int code, const char *u, size_t n)
{
	memcpy(f->enc[code], u, n);
	f->enclen[code] = (uint8_t)n;
}

static void base_encoding(struct font *f, const uint16_t *table)
{
	for (int i = 0; i < 256; i++) {
		f->enclen[i] = 0;
		if (table[i])
			f->enclen[i] = (uint8_t)utf8_enc(table[i], f->enc[i]);
	}
}

static const uint16_t *encoding_named(const char *n)
{
	if (!n)
		return NULL;
	if (!strcmp(n, "WinAnsiEncoding"))
		return enc_winansi;
	if (!strcmp(n, "MacRomanEncoding"))
		return enc_macroman;
	if (!strcmp(n, "StandardEncoding"))
		return enc_standard;
	if (!strcmp(n, "PDFDocEncoding"))
		return enc_pdfdoc;
	return NULL;
}

static void read_differences(struct pdf_ctx *c, struct font *f, qpdf_oh diff)
{
	if (!diff || !qpdf_oh_is_array(c->q, diff))
		return;
	int n = qpdf_oh_get_array_n_items(c->q, diff);
	long code = 0;
	for (int i = 0; i < n && i < 1024; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(c->q, diff, i);
		double v;
		if (num_of(c, it, &v)) {
			code = v >= 0 && v < 256 ? (long)v : 256;
		} else if (qpdf_oh_is_name(c->q, it)) {
			const char *nm = name_of(c, it);
			if (code >= 0 && code < 256 && nm) {
				char u[4];
				char name[64];
				snprintf(name, sizeof(name), "%s", nm);
				size_t k = glyph_utf8(name, u);
				if (k)
					set_enc(f, (int)code, u, k);
				else
					f->enclen[code] = 0;
			}
			code++;
		}
		oh_free(c, it);
	}
}

static void read_cid_widths(struct pdf_ctx *c, struct font *f, qpdf_oh desc)
{
	double v;
	qpdf_oh dw = key(c, desc, "/DW");
	f->dw = num_of(c, dw, &v) && v >= 0 && v < 10000 ? (uint16_t)v : 1000;
	oh_free(c, dw);
	qpdf_oh w = key(c, desc, "/W");
	if (!w || !qpdf_oh_is_array(c->q, w)) {
		oh_free(c, w);
		return;
	}
	size_t alloc = 0;
	int n = qpdf_oh_get_array_n_items(c->q, w);
	/* c [w1 w2 ...]  or  cfirst clast w */
	for (int i = 0; i < n && f->ncw < PDF_MAX_CID_WIDTHS;) {
		qpdf_oh a = qpdf_oh_get_array_item(c->q, w, i);
		qpdf_oh b = i + 1 < n ? qpdf_oh_get_array_item(c->q, w, i + 1) : 0;
		double first, last, width;
		if (!num_of(c, a, &first) || first < 0 || first > 0xFFFFFF) {
			oh_free(c, a);
			oh_free(c, b);
			break;
		}
		if (b && qpdf_oh_is_array(c->q, b)) {
			int m = qpdf_oh_get_array_n_items(c->q, b);
			for (int k = 0; k < m && f->ncw < PDF_MAX_CID_WIDTHS; k++) {
				qpdf_oh e = qpdf_oh_get_array_item(c->q, b, k);
				if (num_of(c, e, &width) && width >= 0 && width < 10000) {
					if (VEC_RESERVE(f->cw, f->ncw, alloc, 1) == 0) {
						f->cw[f->ncw].lo = f->cw[f->ncw].hi = (uint32_t)first + (uint32_t)k;
						f->cw[f->ncw].w = (uint16_t)width;
						f->ncw++;
					}
				}
				oh_free(c, e);
			}
			i += 2;
		} else {
			qpdf_oh d = i + 2 < n ? qpdf_oh_get_array_item(c->q, w, i + 2) : 0;
			if (num_of(c, b, &last) && num_of(c, d, &width) && last >= first &&
			    last <= 0xFFFFFF && width >= 0 && width < 10000 &&
			    VEC_RESERVE(f->cw, f->ncw, alloc, 1) == 0) {
				f->cw[f->ncw].lo = (uint32_t)first;
				f->cw[f->ncw].hi = (uint32_t)last;
				f->cw[f->ncw].w = (uint16_t)width;
				f->ncw++;
			}
			oh_free(c, d);
			i += 3;
		}
		oh_free(c, a);
		oh_free(c, b);
	}
	oh_free(c, w);
}

static void font_free(struct font *f)
{
	if (!f)
		return;
	cmap_free(f->tu);
	free(f->cw);
	free(f);
}

/* Reads a font dictionary into what text extraction needs. */
static struct font *font_load(struct pdf_ctx *c, qpdf_oh fd)
{
	struct font *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->objid = qpdf_oh_get_object_id(c->q, fd);
	f->gen = qpdf_oh_get_generation(c->q, fd);
	qpdf_oh st = key(c, fd, "/Subtype");
	const char *sub = name_of(c, st);
	f->type0 = sub && !strcmp(sub, "Type0");
	bool truetype = sub && !strcmp(sub, "TrueType");
	oh_free(c, st);
	qpdf_oh bf = key(c, fd, "/BaseFont");
	const char *base = name_of(c, bf);
	char basename[128] = "";
	if (base)
		snprintf(basename, sizeof(basename), "%s", base);
	oh_free(c, bf);
	qpdf_oh enc = key(c, fd, "/Encoding");
	if (f->type0) {
		const char *en = name_of(c, enc);
		if (en && !strncmp(en, "Uni", 3) && (strstr(en, "UCS2") || strstr(en, "UTF16")))
			f->utf16 = true;
		qpdf_oh df = key(c, fd, "/DescendantFonts");
		qpdf_oh desc = df && qpdf_oh_is_array(c->q, df) ? qpdf_oh_get_array_item(c->q, df, 0) : 0;
		read_cid_widths(c, f, desc);
		oh_free(c, desc);
		oh_free(c, df);
	} else {
		const uint16_t *table = truetype ? enc_winansi : enc_standard;
		bool symbolic = strstr(basename, "Symbol") || strstr(basename, "Dingbats");
		const char *en = name_of(c, enc);
		const uint16_t *named = encoding_named(en);
		qpdf_oh be = 0;
		if (!named && enc && qpdf_oh_is_dictionary(c->q, enc)) {
			be = key(c, enc, "/BaseEncoding");
			named = encoding_named(name_of(c, be));
		}
		if (named)
			table = named;
		base_encoding(f, table);
		if (symbolic && !named) /* no text to speak of: keep ASCII */
			base_encoding(f, enc_winansi);
		if (enc && qpdf_oh_is_dictionary(c->q, enc)) {
			qpdf_oh diff = key(c, enc, "/Differences");
			read_differences(c, f, diff);
			oh_free(c, diff);
		}
		oh_free(c, be);
		double first = 0, v;
		qpdf_oh fc = key(c, fd, "/FirstChar");
		qpdf_oh ws = key(c, fd, "/Widths");
		if (num_of(c, fc, &first) && first >= 0 && first < 256 && ws &&
		    qpdf_oh_is_array(c->q, ws)) {
			int n = qpdf_oh_get_array_n_items(c->q, ws);
			for (int i = 0; i < n && first + i < 256; i++) {
				qpdf_oh it = qpdf_oh_get_array_item(c->q, ws, i);
				if (num_of(c, it, &v) && v > 0 && v < 10000)
					f->w[(int)first + i] = (uint16_t)v;
				oh_free(c, it);
			}
		} else if (strstr(basename, "Courier")) {
			f->stdw = w_courier;
		} else if (strstr(basename, "Times")) {
			f->stdw = w_times;
		} else if (strstr(basename, "Helvetica") || strstr(basename, "Arial")) {
			f->stdw = w_helvetica;
		}
		oh_free(c, fc);
		oh_free(c, ws);
	}
	oh_free(c, enc);
	qpdf_oh tu = key(c, fd, "/ToUnicode");
	if (tu && qpdf_oh_is_stream(c->q, tu)) {
		struct buf data = BUF_INIT;
		if (stream_data(c, tu, &data) == 0)
			f->tu = cmap_parse(c, &data);
		buf_release(&data);
	}
	oh_free(c, tu);
	return f;
}

/* The font a Tf names, from the resources: cached by object, so pages
 * sharing a font read it once. NULL when there is none. */
static struct font *font_get(struct pdf_ctx *c, qpdf_oh res, const char *name)
{
	char k[160];
	snprintf(k, sizeof(k), "/%s", name);
	qpdf_oh fonts = key(c, res, "/Font");
	qpdf_oh fd = key(c, fonts, k);
	oh_free(c, fonts);
	if (!fd || !qpdf_oh_is_dictionary(c->q, fd)) {
		oh_free(c, fd);
		return NULL;
	}
	int id = qpdf_oh_get_object_id(c->q, fd), gen = qpdf_oh_get_generation(c->q, fd);
	if (id > 0) {
		for (size_t i = 0; i < c->nfonts; i++) {
			if (c->fonts[i]->objid == id && c->fonts[i]->gen == gen) {
				oh_free(c, fd);
				return c->fonts[i];
			}
		}
	}
	if (c->nfonts >= PDF_MAX_FONTS) {
		/* Full: emptied between pages (fonts in use stay valid). */
		oh_free(c, fd);
		c->flags |= F_SIZE;
		return NULL;
	}
	struct font *f = font_load(c, fd);
	oh_free(c, fd);
	if (!f || VEC_RESERVE(c->fonts, c->nfonts, c->afonts, 1)) {
		font_free(f);
		return NULL;
	}
	if (id <= 0)
		f->objid = -1 - (int)c->nfonts; /* never matches a lookup */
	c->fonts[c->nfonts++] = f;
	return f;
}

/* ---- the content interpreter: text operators only ---- */

struct gstate {
	double ctm[6];
	struct font *font;
	double fs, tc, tw, th, tl, rise;
};

struct opd {
	enum lk kind;      /* LK_NUM, LK_STR, LK_NAME, LK_AOPEN (an array) */
	double num;
	size_t off, len;   /* string / name in the pool */
	size_t first, n;   /* array: elements in interp.arr */
};

struct interp {
	struct pdf_ctx *c;
	qpdf_oh res;
	int depth;
	struct gstate gs;
	struct gstate stack[PDF_MAX_GSTACK];
	int nstack, overflow;
	double tm[6], tlm[6];
	struct opd opd[PDF_MAX_OPERANDS];
	int nopd;
	struct opd *arr;
	size_t narr, aarr;
	struct buf pool;
	/* name -> font for this resource dictionary */
	struct {
		char name[64];
		struct font *f;
	} fcache[32];
	int nfcache;
};

static void mat_mul(const double a[6], const double b[6], double r[6])
{
	double t[6];
	t[0] = a[0] * b[0] + a[1] * b[2];
	t[1] = a[0] * b[1] + a[1] * b[3];
	t[2] = a[2] * b[0] + a[3] * b[2];
	t[3] = a[2] * b[1] + a[3] * b[3];
	t[4] = a[4] * b[0] + a[5] * b[2] + b[4];
	t[5] = a[4] * b[1] + a[5] * b[3] + b[5];
	memcpy(r, t, sizeof(t));
}

static const double IDENTITY[6] = {1, 0, 0, 1, 0, 0};

static int page_add(struct pdf_ctx *c, const char *s, size_t n)
{
	if (c->text + n > c->lim->max_text) {
		c->flags |= F_SIZE;
		return -1;
	}
	if (buf_add(&c->page, s, n))
		return -1;
	c->text += n;
	return 0;
}

static void put_cp(struct pdf_ctx *c, unsigned long cp)
{
	if (cp < 0x20 || cp == 0x7F || cp == 0xAD || cp == 0xFEFF)
		return; /* controls, soft hyphens, BOMs */
	if (cp == 0xA0)
		cp = ' ';
	char u[4];
	page_add(c, u, utf8_enc(cp, u));
}

static void put_units(struct pdf_ctx *c, const uint16_t *u, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned long cp = u[i];
		if (cp >= 0xD800 && cp < 0xDC00 && i + 1 < n && u[i + 1] >= 0xDC00 &&
		    u[i + 1] < 0xE000) {
			cp = 0x10000 + ((cp - 0xD800) << 10) + (u[i + 1] - 0xDC00);
			i++;
		}
		put_cp(c, cp);
	}
}

static void separate(struct pdf_ctx *c, char sep)
{
	size_t n = c->page.len;
	if (n == 0)
		return;
	char last = c->page.data[n - 1];
	if (last == '\n' || (sep == ' ' && last == ' '))
		return;
	if (sep == '\n' && last == ' ')
		c->page.len--; /* no trailing space on a line */
	page_add(c, &sep, 1);
}

/* Where text space point (x, 0) lands in device space. */
static void text_point(const struct interp *in, double tx, double *x, double *y)
{
	double m[6];
	mat_mul(in->tm, in->gs.ctm, m);
	double ty = in->gs.rise;
	*x = tx * m[0] + ty * m[2] + m[4];
	*y = tx * m[1] + ty * m[3] + m[5];
}

static double text_size(const struct interp *in)
{
	double m[6];
	mat_mul(in->tm, in->gs.ctm, m);
	double s = fabs(in->gs.fs) * sqrt(fabs(m[0] * m[3] - m[1] * m[2]));
	return isfinite(s) && s > 0.01 ? s : 1;
}

static double glyph_width(const struct font *f, uint32_t code, size_t nb)
{
	if (!f)
		return 500;
	if (f->type0) {
		for (size_t i = 0; i < f->ncw; i++) /* short lists in practice */
			if (f->cw[i].lo <= code && code <= f->cw[i].hi)
				return f->cw[i].w;
		return f->dw;
	}
	if (nb != 1 || code > 255)
		return 500;
	if (f->w[code])
		return f->w[code];
	if (f->stdw && f->stdw[code])
		return f->stdw[code];
	return 500;
}

/* Shows a string: its text into the page, with a newline or a space
 * before it when its position says so, and moves the text matrix on. */
static void show(struct interp *in, const char *s, size_t n)
{
	struct pdf_ctx *c = in->c;
	struct font *f = in->gs.font;
	double x, y, size = text_size(in);
	text_point(in, 0, &x, &y);
	if (c->have_text) {
		double big = size > c->last_size ? size : c->last_size;
		if (fabs(y - c->last_y) > 0.5 * big)
			separate(c, '\n');
		else if (x - c->last_x > 0.2 * size || c->last_x - x > big)
			separate(c, ' ');
	}
	size_t nb_default = f && f->type0 ? 2 : 1;
	for (size_t i = 0; i < n;) {
		size_t nb = nb_default;
		const struct cmap *tu = f ? f->tu : NULL;
		if (tu && tu->ncs) {
			for (size_t len = 1; len <= 4 && i + len <= n; len++) {
				uint32_t code = be_code(s + i, len);
				bool hit = false;
				for (int k = 0; k < tu->ncs; k++)
					if (tu->cs[k].nbytes == len && tu->cs[k].lo <= code &&
					    code <= tu->cs[k].hi)
						hit = true;
				if (hit) {
					nb = len;
					break;
				}
			}
		}
		if (i + nb > n)
			break;
		uint32_t code = be_code(s + i, nb);
		i += nb;
		const struct cmap_range *r = tu ? cmap_find(tu, code, nb) : NULL;
		if (r) {
			if (r->base) {
				uint16_t u[32];
				memcpy(u, tu->u + r->dst, r->dlen * sizeof(u[0]));
				u[r->dlen - 1] = (uint16_t)(u[r->dlen - 1] + (code - r->lo));
				put_units(c, u, r->dlen);
			} else {
				put_units(c, tu->u + r->dst, r->dlen);
			}
		} else if (f && f->utf16) {
			uint16_t u = (uint16_t)code;
			put_units(c, &u, 1);
		} else if (!f || !f->type0) {
			if (f && code < 256 && f->enclen[code])
				page_add(c, f->enc[code], f->enclen[code]);
			else if (!f)
				put_cp(c, code);
			/* else: a code the font does not map: lost */
		}
		double w = glyph_width(f, code, nb) / 1000.0;
		double tx = (w * in->gs.fs + in->gs.tc +
			     (nb == 1 && code == 32 ? in->gs.tw : 0)) * in->gs.th;
		if (isfinite(tx)) {
			in->tm[4] += tx * in->tm[0];
			in->tm[5] += tx * in->tm[1];
		}
	}
	text_point(in, 0, &c->last_x, &c->last_y);
	c->last_y = y; /* the baseline the text started on */
	c->last_size = size;
	c->have_text = true;
}

static void td(struct interp *in, double tx, double ty)
{
	in->tlm[4] += tx * in->tlm[0] + ty * in->tlm[2];
	in->tlm[5] += tx * in->tlm[1] + ty * in->tlm[3];
	memcpy(in->tm, in->tlm, sizeof(in->tm));
}

static bool nums(const struct interp *in, int n, double *v)
{
	if (in->nopd < n)
		return false;
	for (int i = 0; i < n; i++) {
		const struct opd *o = &in->opd[in->nopd - n + i];
		if (o->kind != LK_NUM)
			return false;
		v[i] = o->num;
	}
	return true;
}

static const struct opd *last_opd(const struct interp *in, enum lk kind)
{
	if (in->nopd == 0 || in->opd[in->nopd - 1].kind != kind)
		return NULL;
	return &in->opd[in->nopd - 1];
}

static int run_content(struct pdf_ctx *c, const struct buf *content,
		       qpdf_oh res, const double ctm[6], int depth);

/* Do: a Form XObject draws its own content (images are skipped). */
static void do_xobject(struct interp *in, const char *name)
{
	struct pdf_ctx *c = in->c;
	if (in->depth + 1 >= PDF_MAX_FORM_DEPTH)
		return;
	char k[160];
	snprintf(k, sizeof(k), "/%s", name);
	qpdf_oh xs = key(c, in->res, "/XObject");
	qpdf_oh x = key(c, xs, k);
	oh_free(c, xs);
	if (!x || !qpdf_oh_is_stream(c->q, x)) {
		oh_free(c, x);
		return;
	}
	qpdf_oh d = qpdf_oh_get_dict(c->q, x);
	qpdf_oh st = key(c, d, "/Subtype");
	const char *sub = name_of(c, st);
	bool form = sub && !strcmp(sub, "Form");
	oh_free(c, st);
	int id = qpdf_oh_get_object_id(c->q, x);
	for (int i = 0; form && id > 0 && i < in->depth; i++)
		if (c->forms[i] == id) {
			form = false; /* draws itself: once is enough */
			c->flags |= F_DAMAGED;
		}
	if (form) {
		double m[6], ctm[6];
		c->forms[in->depth] = id;
		memcpy(m, IDENTITY, sizeof(m));
		qpdf_oh mo = key(c, d, "/Matrix");
		if (mo && qpdf_oh_is_array(c->q, mo) && qpdf_oh_get_array_n_items(c->q, mo) == 6) {
			for (int i = 0; i < 6; i++) {
				qpdf_oh e = qpdf_oh_get_array_item(c->q, mo, i);
				double v;
				if (num_of(c, e, &v))
					m[i] = v;
				oh_free(c, e);
			}
		}
		oh_free(c, mo);
		mat_mul(m, in->gs.ctm, ctm);
		qpdf_oh fres = key(c, d, "/Resources");
		struct buf content = BUF_INIT;
		if (stream_data(c, x, &content) == 0)
			run_content(c, &content, fres ? fres : in->res, ctm, in->depth + 1);
		buf_release(&content);
		oh_free(c, fres);
	}
	oh_free(c, d);
	oh_free(c, x);
}

static struct font *font_named(struct interp *in, const char *name)
{
	for (int i = 0; i < in->nfcache; i++)
		if (!strcmp(in->fcache[i].name, name))
			return in->fcache[i].f;
	struct font *f = font_get(in->c, in->res, name);
	if (in->nfcache < 32 && strlen(name) < sizeof(in->fcache[0].name)) {
		strcpy(in->fcache[in->nfcache].name, name);
		in->fcache[in->nfcache].f = f;
		in->nfcache++;
	}
	return f;
}

/* After BI ... ID: skips the image data up to EI (between white space). */
static void skip_inline_image(struct lex *l)
{
	if (l->p < l->end)
		l->p++; /* the one white-space byte after ID */
	const unsigned char *p = l->p;
	while (p + 2 <= l->end) {
		const unsigned char *e = memmem(p, (size_t)(l->end - p), "EI", 2);
		if (!e)
			break;
		if ((e == l->p || pdf_space(e[-1])) && (e + 2 == l->end || pdf_space(e[2]))) {
			l->p = e + 2;
			return;
		}
		p = e + 1;
	}
	l->p = l->end;
}

static void operator(struct interp *in, const struct ltok *t, struct lex *l)
{
	double v[6];
	const char *op = (const char *)t->s;
	size_t n = t->n;
#define OP(s) (n == sizeof(s) - 1 && memcmp(op, s, n) == 0)
	if (OP("BT")) {
		memcpy(in->tm, IDENTITY, sizeof(in->tm));
		memcpy(in->tlm, IDENTITY, sizeof(in->tlm));
	} else if (OP("Tf")) {
		if (nums(in, 1, v) && in->nopd >= 2 && in->opd[in->nopd - 2].kind == LK_NAME) {
			const struct opd *o = &in->opd[in->nopd - 2];
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)(o->len < 127 ? o->len : 127),
				 in->pool.data + o->off);
			in->gs.font = font_named(in, name);
			in->gs.fs = v[0];
		}
	} else if (OP("Td")) {
		if (nums(in, 2, v))
			td(in, v[0], v[1]);
	} else if (OP("TD")) {
		if (nums(in, 2, v)) {
			in->gs.tl = -v[1];
			td(in, v[0], v[1]);
		}
	} else if (OP("Tm")) {
		if (nums(in, 6, v)) {
			memcpy(in->tm, v, sizeof(in->tm));
			memcpy(in->tlm, v, sizeof(in->tlm));
		}
	} else if (OP("T*")) {
		td(in, 0, -in->gs.tl);
	} else if (OP("TL")) {
		if (nums(in, 1, v))
			in->gs.tl = v[0];
	} else if (OP("Tc")) {
		if (nums(in, 1, v))
			in->gs.tc = v[0];
	} else if (OP("Tw")) {
		if (nums(in, 1, v))
			in->gs.tw = v[0];
	} else if (OP("Tz")) {
		if (nums(in, 1, v))
			in->gs.th = v[0] / 100;
	} else if (OP("Ts")) {
		if (nums(in, 1, v))
			in->gs.rise = v[0];
	} else if (OP("Tj") || OP("'") || OP("\"")) {
		const struct opd *s = last_opd(in, LK_STR);
		if (OP("\"") && in->nopd >= 3 && in->opd[in->nopd - 3].kind == LK_NUM &&
		    in->opd[in->nopd - 2].kind == LK_NUM) {
			in->gs.tw = in->opd[in->nopd - 3].num;
			in->gs.tc = in->opd[in->nopd - 2].num;
		}
		if (!OP("Tj"))
			td(in, 0, -in->gs.tl);
		if (s)
			show(in, in->pool.data + s->off, s->len);
	} else if (OP("TJ")) {
		const struct opd *a = last_opd(in, LK_AOPEN);
		for (size_t i = 0; a && i < a->n; i++) {
			const struct opd *e = &in->arr[a->first + i];
			if (e->kind == LK_STR) {
				show(in, in->pool.data + e->off, e->len);
			} else if (e->kind == LK_NUM) {
				double tx = -e->num / 1000.0 * in->gs.fs * in->gs.th;
				if (isfinite(tx)) {
					in->tm[4] += tx * in->tm[0];
					in->tm[5] += tx * in->tm[1];
				}
			}
		}
	} else if (OP("q")) {
		if (in->nstack < PDF_MAX_GSTACK)
			in->stack[in->nstack++] = in->gs;
		else
			in->overflow++;
	} else if (OP("Q")) {
		if (in->overflow)
			in->overflow--;
		else if (in->nstack)
			in->gs = in->stack[--in->nstack];
	} else if (OP("cm")) {
		if (nums(in, 6, v))
			mat_mul(v, in->gs.ctm, in->gs.ctm);
	} else if (OP("Do")) {
		const struct opd *o = last_opd(in, LK_NAME);
		if (o) {
			char name[128];
			snprintf(name, sizeof(name), "%.*s", (int)(o->len < 127 ? o->len : 127),
				 in->pool.data + o->off);
			do_xobject(in, name);
		}
	} else if (OP("ID")) {
		skip_inline_image(l);
	}
#undef OP
}

static int run_content(struct pdf_ctx *c, const struct buf *content,
		       qpdf_oh res, const double ctm[6], int depth)
{
	struct interp *in = calloc(1, sizeof(*in));
	if (!in)
		return -1;
	in->c = c;
	in->res = res;
	in->depth = depth;
	memcpy(in->gs.ctm, ctm, sizeof(in->gs.ctm));
	in->gs.th = 1;
	memcpy(in->tm, IDENTITY, sizeof(in->tm));
	memcpy(in->tlm, IDENTITY, sizeof(in->tlm));
	struct lex l = {(const unsigned char *)content->data,
			(const unsigned char *)content->data + content->len};
	int array = 0;       /* [ nesting; elements go to in->arr at depth 1 */
	int dict = 0;        /* << nesting: skipped */
	size_t afirst = 0;
	struct ltok t;
	for (;;) {
		if (++c->ops > c->lim->max_ops) {
			c->flags |= F_TIME;
			break;
		}
		if (lex_next(&l, &in->pool, &t))
			break;
		if (t.kind == LK_EOF)
			break;
		if (t.kind == LK_DOPEN) {
			dict++;
			continue;
		}
		if (t.kind == LK_DCLOSE) {
			if (dict)
				dict--;
			continue;
		}
		if (dict)
			continue;
		if (t.kind == LK_AOPEN) {
			if (array++ == 0)
				afirst = in->narr;
			continue;
		}
		if (t.kind == LK_ACLOSE) {
			if (array && --array == 0 && in->nopd < PDF_MAX_OPERANDS) {
				struct opd *o = &in->opd[in->nopd++];
				o->kind = LK_AOPEN;
				o->first = afirst;
				o->n = in->narr - afirst;
			}
			continue;
		}
		if (array) {
			if (array == 1 && (t.kind == LK_STR || t.kind == LK_NUM) &&
			    in->narr - afirst < PDF_MAX_ARRAY &&
			    VEC_RESERVE(in->arr, in->narr, in->aarr, 1) == 0) {
				struct opd *e = &in->arr[in->narr++];
				e->kind = t.kind;
				e->num = t.num;
				e->off = t.off;
				e->len = t.len;
			}
			continue;
		}
		if (t.kind == LK_OP) {
			operator(in, &t, &l);
			in->nopd = 0;
			in->narr = 0;
			buf_reset(&in->pool);
			continue;
		}
		if (in->nopd == PDF_MAX_OPERANDS) /* garbage: keep the newest */
			in->nopd = 0;
		struct opd *o = &in->opd[in->nopd++];
		o->kind = t.kind;
		o->num = t.num;
		o->off = t.off;
		o->len = t.len;
	}
	buf_release(&in->pool);
	free(in->arr);
	free(in);
	return 0;
}

/* ---- pages ---- */

/* The page's /Resources, inherited from the page tree when absent. */
static qpdf_oh page_resources(struct pdf_ctx *c, qpdf_oh page)
{
	qpdf_oh node = qpdf_oh_new_object(c->q, page);
	for (int hop = 0; node && hop < PDF_MAX_PARENTS; hop++) {
		qpdf_oh r = key(c, node, "/Resources");
		if (r) {
			oh_free(c, node);
			return r;
		}
		qpdf_oh parent = key(c, node, "/Parent");
		oh_free(c, node);
		node = parent;
	}
	oh_free(c, node);
	return 0;
}

static void page_contents(struct pdf_ctx *c, qpdf_oh page, struct buf *all)
{
	qpdf_oh cs = key(c, page, "/Contents");
	struct buf one = BUF_INIT;
	int n = 1;
	bool arr = cs && qpdf_oh_is_array(c->q, cs);
	if (arr)
		n = qpdf_oh_get_array_n_items(c->q, cs);
	for (int i = 0; i < n && i < PDF_MAX_CONTENTS; i++) {
		qpdf_oh s = arr ? qpdf_oh_get_array_item(c->q, cs, i) : cs;
		if (s && stream_data(c, s, &one) == 0) {
			/* Streams of a page are one content stream, split
			 * between tokens. */
			if (buf_add(all, one.data ? one.data : "", one.len) || buf_addch(all, '\n'))
				c->flags |= F_SIZE;
		}
		if (arr)
			oh_free(c, s);
	}
	buf_release(&one);
	oh_free(c, cs);
}

/* Annotations: the appearance of form fields (what a filled-in field
 * shows) and the /Contents text of the others (notes, free text). */
static void page_annots(struct pdf_ctx *c, qpdf_oh page, qpdf_oh res)
{
	qpdf_oh an = key(c, page, "/Annots");
	if (!an || !qpdf_oh_is_array(c->q, an)) {
		oh_free(c, an);
		return;
	}
	int n = qpdf_oh_get_array_n_items(c->q, an);
	for (int i = 0; i < n && i < PDF_MAX_ANNOTS && !(c->flags & F_TIME); i++) {
		qpdf_oh a = qpdf_oh_get_array_item(c->q, an, i);
		qpdf_oh st = key(c, a, "/Subtype");
		const char *sub = name_of(c, st);
		bool widget = sub && !strcmp(sub, "Widget");
		oh_free(c, st);
		if (widget) {
			qpdf_oh ap = key(c, a, "/AP");
			qpdf_oh nrm = key(c, ap, "/N");
			struct buf content = BUF_INIT;
			if (nrm && qpdf_oh_is_stream(c->q, nrm) && stream_data(c, nrm, &content) == 0) {
				qpdf_oh d = qpdf_oh_get_dict(c->q, nrm);
				qpdf_oh fres = key(c, d, "/Resources");
				separate(c, '\n');
				c->have_text = false;
				c->forms[0] = qpdf_oh_get_object_id(c->q, nrm);
				run_content(c, &content, fres ? fres : res, IDENTITY, 1);
				oh_free(c, fres);
				oh_free(c, d);
			}
			buf_release(&content);
			oh_free(c, nrm);
			oh_free(c, ap);
		} else {
			qpdf_oh ct = key(c, a, "/Contents");
			if (ct && qpdf_oh_is_string(c->q, ct)) {
				size_t len = 0;
				const char *u = qpdf_oh_get_binary_utf8_value(c->q, ct, &len);
				if (u && len) {
					separate(c, '\n');
					for (size_t k = 0; k < len; k++)
						if (u[k] == '\r' || u[k] == '\0')
							continue;
						else
							page_add(c, u + k, 1);
					c->have_text = false;
				}
			}
			oh_free(c, ct);
		}
		oh_free(c, a);
	}
	oh_free(c, an);
}

typedef int (*page_fn)(void *ud, uint32_t page, const char *text, size_t len);

static void ctx_release(struct pdf_ctx *c)
{
	for (size_t i = 0; i < c->nfonts; i++)
		font_free(c->fonts[i]);
	free(c->fonts);
	c->fonts = NULL;
	c->nfonts = c->afonts = 0;
	buf_release(&c->page);
}

/* Reads every page, handing each page's text to fn. Returns the F_ flags. */
static unsigned pdf_run(const char *data, size_t len,
			const struct trawl_pdf_limits *lim, page_fn fn, void *ud)
{
	struct pdf_ctx c;
	memset(&c, 0, sizeof(c));
	c.lim = lim;
	c.q = qpdf_init();
	if (!c.q)
		return F_UNREADABLE;
	qpdf_silence_errors(c.q);
	qpdf_set_suppress_warnings(c.q, QPDF_TRUE);
	if (qpdf_read_memory(c.q, "object", data, len, "") & QPDF_ERRORS) {
		qpdf_error e = qpdf_get_error(c.q);
		c.flags = e && qpdf_get_error_code(c.q, e) == qpdf_e_password ? F_ENCRYPTED
									       : F_UNREADABLE;
		goto out;
	}
	int npages = qpdf_get_num_pages(c.q);
	if (npages <= 0) { /* no page tree: nothing a reader would show */
		check_err(&c);
		c.flags |= F_UNREADABLE;
		goto out;
	}
	if ((uint64_t)npages > lim->max_pages) {
		c.flags |= F_PAGES;
		npages = (int)lim->max_pages;
	}
	struct buf content = BUF_INIT;
	for (int i = 0; i < npages && !(c.flags & F_TIME); i++) {
		qpdf_oh page = qpdf_get_page_n(c.q, (size_t)i);
		check_err(&c);
		buf_reset(&c.page);
		c.have_text = false;
		if (page) {
			qpdf_oh res = page_resources(&c, page);
			buf_reset(&content);
			page_contents(&c, page, &content);
			if (content.len)
				run_content(&c, &content, res, IDENTITY, 0);
			page_annots(&c, page, res);
			oh_free(&c, res);
		}
		while (c.page.len && (c.page.data[c.page.len - 1] == ' ' ||
				      c.page.data[c.page.len - 1] == '\n'))
			c.page.len--;
		if (fn(ud, (uint32_t)i + 1, c.page.data, c.page.len)) {
			c.flags |= F_SIZE;
			break;
		}
		qpdf_oh_release_all(c.q);
		if (c.nfonts >= PDF_MAX_FONTS) {
			for (size_t k = 0; k < c.nfonts; k++)
				font_free(c.fonts[k]);
			c.nfonts = 0;
		}
		if (c.text >= lim->max_text) {
			c.flags |= F_SIZE;
			break;
		}
	}
	buf_release(&content);
	/* Warnings mean qpdf repaired the file; only pages that could not be
	 * read (F_DAMAGED) make the result partial. */
	while (qpdf_more_warnings(c.q))
		qpdf_next_warning(c.q);
out:
	ctx_release(&c);
	qpdf_cleanup(&c.q);
	return c.flags;
}

/* ---- into the doc, directly or through a child process ---- */

struct to_doc {
	struct trawl_doc *doc;
	bool nomem;
};

static int page_to_doc(void *ud, uint32_t page, const char *text, size_t len)
{
	struct to_doc *t = ud;
	if (len == 0)
		return 0;
	size_t start = doc_pos(t->doc);
	if (doc_add(t->doc, text, len)) {
		t->nomem = true;
		return -1;
	}
	size_t end = doc_pos(t->doc);
	struct trawl_segment *s = doc_segment(t->doc, TRAWL_SEG_PAGE, start, end);
	if (!s || doc_addch(t->doc, '\n')) {
		t->nomem = true;
		return -1;
	}
	s->page = page;
	return 0;
}

/* The child's side of the pipe: 'P' page(4) len(8) text, and at the end
 * 'E' flags(4). Little-endian. */
static int write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static void le_put(unsigned char *p, uint64_t v, int n)
{
	for (int i = 0; i < n; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t le_get(const unsigned char *p, int n)
{
	uint64_t v = 0;
	for (int i = n - 1; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int page_to_pipe(void *ud, uint32_t page, const char *text, size_t len)
{
	int fd = *(int *)ud;
	if (len == 0)
		return 0;
	unsigned char h[13];
	h[0] = 'P';
	le_put(h + 1, page, 4);
	le_put(h + 5, len, 8);
	return write_all(fd, h, sizeof(h)) || write_all(fd, text, len) ? -1 : 0;
}

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ASAN 1
#endif
#endif

/* In the child: nothing of the parent's but the pipe, then the limits. */
static void child_limits(int keep, const struct trawl_pdf_limits *lim)
{
#ifdef SYS_close_range
	if (keep > 3)
		syscall(SYS_close_range, 3u, (unsigned)keep - 1, 0u);
	syscall(SYS_close_range, (unsigned)keep + 1, ~0u, 0u);
#else
	(void)keep;
#endif
	struct rlimit r;
	r.rlim_cur = r.rlim_max = 0;
	setrlimit(RLIMIT_CORE, &r);
	setrlimit(RLIMIT_FSIZE, &r);
	r.rlim_cur = lim->max_seconds;
	r.rlim_max = (rlim_t)lim->max_seconds + 1;
	setrlimit(RLIMIT_CPU, &r);
#ifndef UNDER_ASAN
	/* The address space it already has (copied from the parent) plus
	 * the budget. */
	unsigned long vm = 0;
	int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		char b[64];
		ssize_t k = read(fd, b, sizeof(b) - 1);
		close(fd);
		if (k > 0) {
			b[k] = '\0';
			vm = strtoul(b, NULL, 10);
		}
	}
	long pg = sysconf(_SC_PAGESIZE);
	if (vm && pg > 0) {
		r.rlim_cur = r.rlim_max = (rlim_t)vm * (rlim_t)pg + lim->max_memory;
		setrlimit(RLIMIT_AS, &r);
	}
#endif
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Runs pdf_run in a child and reads its pages into doc. */
static unsigned run_isolated(const char *data, size_t len,
			     const struct trawl_pdf_limits *lim, struct to_doc *td)
{
	int p[2];
	if (pipe2(p, O_CLOEXEC))
		return F_UNREADABLE;
	pid_t pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		return F_UNREADABLE;
	}
	if (pid == 0) {
		close(p[0]);
		/* The parent's handlers are not the child's business. */
		signal(SIGPIPE, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		child_limits(p[1], lim);
		unsigned flags = pdf_run(data, len, lim, page_to_pipe, &p[1]);
		unsigned char e[5] = {'E'};
		le_put(e + 1, flags, 4);
		write_all(p[1], e, sizeof(e));
		_exit(0);
	}
	close(p[1]);
	unsigned flags = 0;
	bool ended = false, killed = false;
	struct buf in = BUF_INIT;
	in.cap = (size_t)(lim->max_text + (uint64_t)lim->max_pages * 16 + 4096);
	double deadline = now_s() + 2.0 * lim->max_seconds + 1;
	for (;;) {
		double left = deadline - now_s();
		if (left <= 0) {
			kill(pid, SIGKILL);
			killed = true;
			flags |= F_TIME;
			break;
		}
		struct pollfd pf = {p[0], POLLIN, 0};
		int pr = poll(&pf, 1, left > 1000 ? 1000000 : (int)(left * 1000) + 1);
		if (pr < 0 && errno != EINTR)
			break;
		if (pr <= 0)
			continue;
		char chunk[65536];
		ssize_t k = read(p[0], chunk, sizeof(chunk));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		if (buf_add(&in, chunk, (size_t)k)) {
			kill(pid, SIGKILL);
			killed = true;
			flags |= F_SIZE;
			break;
		}
		/* Hand over whole pages as they come. */
		size_t used = 0;
		while (in.len - used >= 5) {
			const unsigned char *h = (const unsigned char *)in.data + used;
			if (h[0] == 'E') {
				flags |= (unsigned)le_get(h + 1, 4);
				ended = true;
				used += 5;
				continue;
			}
			if (h[0] != 'P' || in.len - used < 13)
				break;
			uint64_t tl = le_get(h + 5, 8);
			if (tl > in.len - used - 13)
				break;
			if (page_to_doc(td, (uint32_t)le_get(h + 1, 4), (const char *)h + 13,
					(size_t)tl)) {
				flags |= F_SIZE;
			}
			used += 13 + (size_t)tl;
		}
		if (in.len > used && in.data[used] != 'P' && in.data[used] != 'E') {
			kill(pid, SIGKILL); /* garbage: not our child's words */
			killed = true;
			flags |= F_DAMAGED;
			break;
		}
		memmove(in.data, in.data + used, in.len - used);
		in.len -= used;
	}
	close(p[0]);
	buf_release(&in);
	int st = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!ended && !killed) {
		/* It died: out of its CPU time, out of memory, or crashed. */
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU)
			flags |= F_TIME;
		else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			flags |= F_SIZE; /* the kernel's OOM killer */
		else
			flags |= F_SIZE | F_DAMAGED;
	}
	return flags;
}

bool trawl_is_pdf(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024;
	return n >= 5 && memmem(data, n, "%PDF-", 5) != NULL;
}

struct trawl_ex_result trawl_extract_pdf(const char *data, size_t len,
					 struct trawl_doc *doc,
					 const struct trawl_pdf_limits *lim)
{
	static const struct trawl_pdf_limits defaults = TRAWL_PDF_LIMITS_DEFAULT;
	if (!lim)
		lim = &defaults;
	doc->mime = MIME_PDF;
	struct to_doc td = {doc, false};
	unsigned f = lim->in_process ? pdf_run(data, len, lim, page_to_doc, &td)
				     : run_isolated(data, len, lim, &td);
	if (td.nomem)
		f |= F_SIZE;
	struct trawl_ex_result r = {TRAWL_EX_COMPLETE, NULL};
	if (f & F_ENCRYPTED)
		r.reason = TRAWL_R_PDF_ENCRYPTED;
	else if (f & F_UNREADABLE)
		r.reason = TRAWL_R_PDF_MALFORMED;
	else if (f & F_TIME)
		r.reason = TRAWL_R_PDF_TIME;
	else if (f & F_SIZE)
		r.reason = TRAWL_R_PDF_SIZE;
	else if (f & F_PAGES)
		r.reason = TRAWL_R_PDF_PAGES;
	else if (f & F_DAMAGED)
		r.reason = TRAWL_R_PDF_MALFORMED;
	if (r.reason)
		r.status = doc_len(doc) ? TRAWL_EX_PARTIAL : TRAWL_EX_SKIPPED;
	return r;
}
