#!/usr/bin/python3
"""gen_names.py - writes src/confirm/names_data.c, the given-name and surname
dictionaries that the `person_name` validator (src/confirm/validate_names.c)
looks words up in.

    /usr/bin/python3 tools/gen_names.py             # (re)write the data file
    /usr/bin/python3 tools/gen_names.py --check     # exit 1 when it is stale
    /usr/bin/python3 tools/gen_names.py --man-words [DIR]
                                  # recompute MAN_DROP / MAN_WEAK (see below)
    /usr/bin/python3 tools/gen_names.py --stats     # sizes, per source
    /usr/bin/python3 tools/gen_names.py --patterns  # the NAME and ADDRESS
                                  # patterns, for identifiers-staging/name_address.yaml

Sources. Debian's python3-fake-factory (Faker 0.9.3 in bookworm;
`apt-get install python3-fake-factory`): the per-locale lists of given names
and surnames of its person providers (LOCALES below). Those lists are public
name-frequency data (census and registry top lists), not personal data.
Nothing else is read when writing the file, so the output depends only on
the Faker version (checked: another version prints a warning) and on this
script: running it twice gives the same bytes.

What is kept. A word is kept when it has the shape the NAME pattern can
match (a capital, then 1-24 lower-case letters, ASCII or Latin-1/Latin
Extended-A in UTF-8; an inner capital after Mc/Mac/De-style prefixes or an
apostrophe: McClure, MacKenzie, O'Hara; a hyphenated name is split into its
parts). Surnames written with particles ("van der Berg", "de Vries",
"De luca") give their last word, capitalised; the particles are matched by
the pattern itself. Every word is kept as written (UTF-8, accented) and also
ASCII-folded (García -> Garcia, Łukasz -> Lukasz, Müller -> Muller and
Mueller), since text often drops the accents.

What is dropped or weakened. Names that are also common words make the
validator fire on ordinary capitalised text ("Will Long", "May North").
  - DROP words are removed from both lists: the hand-written STOP_DROP
    (function words, address and title words, the brief's examples) and
    MAN_DROP, names whose lower-case form appears in 1000 or more of the
    man pages under /usr/share/man (all languages).
  - WEAK words stay, flagged: a pair of two weak words is rejected ("Hunter
    Green", "Grace Church"), a weak word with a non-weak one is accepted
    ("Grace Kelly", "Jennifer Brown"). WEAK is the hand-written STOP_WEAK
    (colours, nature, trades, virtues, months, places that are also names)
    plus MAN_WEAK, names whose lower-case form appears in 10 to 999 man pages.
MAN_DROP and MAN_WEAK are frozen below, so that the output does not depend
on which man pages a machine has; `--man-words` recomputes them from the
local corpus (lower-case words standing alone: not in e-mail addresses, paths
or options) and prints them for pasting here.

Output: two tables sorted by strcmp() (bytes), for binary search, each
entry {word, flags} with flags bit 0 = weak; see names_data.h.
"""
import argparse
import gzip
import importlib
import os
import re
import sys
import unicodedata

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(TOP, "src", "confirm", "names_data.c")
FAKER_VERSION = "0.9.3"

# Person providers read (Faker locale names). The NAME identifier is tested
# on en_US en_GB de_DE fr_FR it_IT es_ES nl_NL pl_PL pt_PT sv_SE; the others
# widen the dictionaries to the rest of Western and Northern Europe, Brazil
# and Mexico. "en" is the US SSA given-name list (7,000 names).
LOCALES = ("en en_US en_GB en_NZ de_DE de_AT de_CH fr_FR fr_CH it_IT es_ES "
           "es_MX nl_NL pl_PL pt_PT pt_BR sv_SE no_NO dk_DK fi_FI cs_CZ").split()
GIVEN_ATTRS = ("first_names", "first_names_male", "first_names_female",
               "first_names_unisex")
SURNAME_ATTRS = ("last_names", "unisex_last_names", "male_last_names",
                 "female_last_names", "last_names_male", "last_names_female")

# Lower-case particles before a surname (the NAME pattern's list, plus
# apostrophe forms); a multi-word surname keeps only its other words.
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della",
             "du", "le", "la", "lo", "ter", "ten", "zu", "und", "dos", "das",
             "do", "des", "y", "e", "'t", "'s", "d'", "l'", "uit", "op", "in",
             "het", "te", "die", "van't"}

# Never a name part: function words, titles, address and place words, and
# words the brief names (Will, May, Long, Young, Street, North, Summer).
STOP_DROP = set("""
A About After All Also An And Any Are As At Be Been But By Can Could Did Do
Does Dear Each Even Ever Every For From Had Has Have He Her Here Him His How
If In Into Is It Its Just Let Like Made Make Many May Me Might More Most Much
Must My No Nor Not Now Of Off On Once Only Or Other Our Out Over Per Same See
Shall She Should So Some Such Than That The Their Them Then There These They
This Those Thus Till To Too Under Until Up Upon Us Very Was We Well Were What
When Where Which While Who Whom Why Will With Would Yet You Your
Mr Mrs Ms Miss Dr Sir Madam Lord Lady Saint San Santa Sao St Ste Don Dona
Herr Frau Monsieur Madame Signor Signora Senor Senora Father Mother Brother
Sister Uncle Aunt Captain General Colonel Major Sergeant Private Officer
Street Road Avenue Lane Drive Court Place Square Way Close Park Hill Station
North South East West Northern Southern Eastern Western Central Upper Lower
New Old Great Little Big Long Short Young High Low Grand Royal Fort Port
Mount Lake River Bay Beach Island Isle Valley Spring Summer Winter Autumn
Fall January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Christmas Easter Page Line Case Key Field Fields Read Write Add Alpha Early
True False Unique Parent Block Real Small Best Good Just Such Pages Less
Else Link Job Colon Reason Minor Unknown Echo Branch Edit Hence Max Tab
Skip Trace Media Author Chance Worth Carry Press Floor Roll Ever Lot Delta
Said Math Radio Unnamed Meta Arch Governor Company English French German
Sans Post Power Drop Law Font Room Ring Cross Front Comment Marks Hand Blank
Fit Day Para Repo Weeks Sales Holder Killer Grab Wall Strong Smart Wise
Le La Les Del Della Delle Von Van Der Den Die Das De Di Da Du Des Al El
Och Eller Einer Sie Dann Una Uno Esta Esa Essa Alla Che Elle Tal Sem Til
Mas Pela Bien Forma Moet Aller Campo Versa Versie Andra Vara Dessa Nya
Pi VI Li Ho Con Cas Ab Ah Len Sys Doc Dot Red Sep Cap Tre Ora Era Ara
Internet Software Linux Unix Windows Apple Microsoft Google Amazon Oracle
Ubuntu Debian Red Hat Python Java Ruby Perl Rust Go Swift Kotlin Julia
""".split())

# Weak: a common word as well as a name; a pair needs one non-weak word.
STOP_WEAK = set("""
Brown White Black Green Gray Grey Rose Violet Amber Ruby Scarlet Olive
Hazel Ivory Jade Pearl Coral Blue Gold Golden Silver Sterling
Stone Wood Woods Hill Hills Brook Brooks Rivers Forest Ocean Sky Storm Rain
Snow Frost Dawn Sunny Star Moon Sun Bird Fox Wolf Bear Lamb Swan Crane
Drake Finch Robin Wren Hawk Lily Iris Daisy Holly Ivy Heather Laurel Willow
Ash Oak Birch Berry Cherry Apple Poppy Jasmine Sage Basil Clay Flint
Baker Butler Carpenter Cook Cooper Fisher Gardner Hunter Mason Miller
Porter Potter Shepherd Turner Walker Weaver Wright Archer Bishop Chandler
Dean Knight King Parker Marshall Steward Judge Sargent Abbott Prince
Faith Hope Grace Joy Charity Patience Prudence Mercy Honor Trinity Destiny
Harmony Justice Liberty Unity Haven Genesis Serenity Journey Legend Royal
Little Strong Sharp Rich Bright Gay Merry Noble Bold Sweet Hardy Gentle
Earnest Frank Happy Lucky Smart Wise Wild Free Fair Clear Sharp Quick
Bill Mark Bob Jack Pat Sue Rob Art Chase Cliff Dale Drew Gene Glen Grant
Guy Lance Miles Norm Ray Rod Rusty Tad Wade Ward Warren Chip Buck Bud Hank
Sandy Penny Candy Ginger Honey Sugar Kitty Dusty Misty Brandy Crystal
Diamond Jewel Tempest Cash Price Banks Bond Church Hall House Parks Ford
Bridge Bridges Castle Tower Marsh Moore Moor Heath Wells Waters Hart Head
Love Bliss Rice Bush Tree Leaf Root Rock Beach Coast Shore Angel Christian
Christ Jesus Israel Jordan Egypt Paris London Victoria Florence Georgia
Virginia Carolina Dakota Austin Houston Dallas Orlando Cleveland Phoenix
Sydney Adelaide Chelsea Devon Kent Lincoln Washington Madison Denver
Berlin Lyon Milan Roma Sevilla Valencia Toledo Mercedes Dolores Paz Luz
Cruz Rosario Soledad Pilar Consuelo Amparo Ventura Salvador Santos Reyes
Nieves Bella Belle Blanca Clara Dolce Verde Rossi Bianchi Neri Greco Conte
Bruno Romano Marino Leone Gallo Fontana Costa Villa Porta Ferro Fiore
Koch Bauer Fischer Weber Schwarz Braun Klein Lange Schmidt Winter Sommer
Frost Berg Strand Holm Lind Dahl Sand Ek Lund Ström Blom
Mac Marc Mars Max Nova Eden Sierra India America Asia Europa Africa Cuba
Trent Tyne Thames Severn Shannon Jordan Nile Amazon
""".split())

# Frozen output of `--man-words` (see the docstring). Names whose
# lower-case form stands alone in >= 1000 man pages (drop) or in 10..999
# (weak), out of 23,844 pages of a Debian bookworm install.
MAN_DROP = """
Add Alpha Can Case Early Field Fields Just Key Line Long May Page Pages Parent
Per Read Short Such The True Unique Way Will
""".split()
MAN_WEAK = """
Ab Ada Ah Al Alida Alla Alleen Allen Aller Alta Alto Amma Anda Anders Andra
Andre Ara Arch Arden Arenas Aria Arias Art Asa Asta Auch Aura Author Barre Bas
Bell Bert Best Bien Bill Black Blank Block Bo Branch Branco Brand Bright Cam
Campo Campos Cant Carry Cas Cases Ceil Champ Chance Che Chip Colon Comment Con
Criado Cross Dag Dan Dann Dare Darin Davon Day Deb Deja Dell Delle Delta Dessa
Dock Don Dot Dove Drop Działa Echo Ed Eden Eder Edit Einer Ela Elke Ell Elle
Eller Else Emit En English Era Eren Erie Es Esa Essa Esta Este Estes Ether
Ever Evita Fed Fit Fleet Floor Font Forma Front General Geri Good Grab Grace
Grand Grande Grant Gray Green Gros Grund Guard Gut Gute Hand Handy Hanno Harm
Haven Hay Hence Ho Holder Hood Hook Hope Hubert II Ida Inga Ise Jo Job Joe
Joost Killer Klein Kort Korte Lance Lang Lange Lassen Law Len Les Less Levar
Li Lida Lie Lien Link Little Lot Low Lu Mac Mai Major Mal Man Manuel Mark
Marks Mas Math Max Media Meer Meta Metin Mette Minor Moet Nada Nan Nella Nelle
Nim Nova Nya O Och Ochten Odd Olan Ole Ora Oren Orval Oude Pam Para Pascal Pat
Patience Peer Pela Pero Pi Post Power Powers Press Price Primo Radio Rand Ray
Reader Real Reason Red Repo Rich Ring Robin Roll Room Said Sales Sans Sem Sep
Sid Sie Signe Sine Skip Small Smart Sola Solange Son Star Stark Strong Sus Sys
Tab Tal Ties Til Tilde Till Tiny Tom Toma Toy Trace Tre Udo Una Unknown
Unnamed Uno VI Val Vara Velden Versa Versie Visar Wall Weeks Wel Werd West
White Wise Worth Yang Yeni
""".split()

FOLD = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae",
        "œ": "oe", "Œ": "Oe", "ß": "ss", "đ": "d", "Đ": "D", "þ": "th",
        "Þ": "Th", "ð": "d", "Ð": "D", "ı": "i", "ŀ": "l", "Ŀ": "L"}
GERMAN = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}

# The validator's word shape (and the NAME pattern's): UP, then an optional
# Mc/Mac/De-style inner capital or an apostrophe and a capital, then 1-24
# lower-case letters. UP and LO are what the pattern's UTF-8 classes accept.
UP = "A-ZÀ-ÖØ-ÞĀ-ſ"
LO = "a-zß-öø-ÿĀ-ſ"
SHAPE = re.compile(rf"[{UP}](?:[a-z]{{1,2}}[A-Z]|['’][A-Z])?[{LO}]{{1,24}}")


def ascii_fold(w):
    w = "".join(FOLD.get(c, c) for c in w)
    w = unicodedata.normalize("NFKD", w)
    return "".join(c for c in w if not unicodedata.combining(c))


def variants(w):
    """The word as written, ASCII-folded, and German-folded (ü -> ue)."""
    out = {unicodedata.normalize("NFC", w)}
    out.add(ascii_fold(w))
    if any(c in GERMAN for c in w):
        out.add(ascii_fold("".join(GERMAN.get(c, c) for c in w)))
    return out


def words_of(entry, surname):
    """The name words an entry gives (see the docstring)."""
    entry = entry.strip().rstrip(",")
    if "," in entry:  # "Bourgondië, van"
        entry = entry.split(",")[0]
    out = []
    for tok in entry.split():
        if tok.lower() in PARTICLES:
            continue
        if surname and tok[:1].islower():
            tok = tok[:1].upper() + tok[1:]
        for part in tok.split("-"):
            if part[:1].islower() and not surname:
                continue
            out.append(part)
    if not surname:
        out = out[:1] if " " in entry else out  # "Maria José": the first
    return out


def faker_lists():
    import faker
    if faker.VERSION != FAKER_VERSION:
        print(f"gen_names: warning: Faker {faker.VERSION}, the frozen lists were "
              f"made with {FAKER_VERSION}", file=sys.stderr)
    given, surname = {}, {}
    for loc in LOCALES:
        p = importlib.import_module("faker.providers.person." + loc).Provider
        for attrs, dst, sur in ((GIVEN_ATTRS, given, False), (SURNAME_ATTRS, surname, True)):
            for a in attrs:
                v = getattr(p, a, ())
                if isinstance(v, dict):  # weighted lists in newer Fakers
                    v = list(v)
                if not isinstance(v, (tuple, list)):
                    continue
                for e in v:
                    for w in words_of(e, sur):
                        dst.setdefault(w, set()).add(loc)
    return given, surname


def build():
    given, surname = faker_lists()
    drop = STOP_DROP | set(MAN_DROP)
    weak = STOP_WEAK | set(MAN_WEAK)
    fold_drop = {ascii_fold(w) for w in drop}
    fold_weak = {ascii_fold(w) for w in weak}
    tables = {}
    for name, src in (("given", given), ("surname", surname)):
        t = {}
        for w in src:
            if ascii_fold(w) in fold_drop:
                continue
            for v in variants(w):
                if not SHAPE.fullmatch(v) or ascii_fold(v) in fold_drop:
                    continue
                f = 1 if ascii_fold(v) in fold_weak or ascii_fold(w) in fold_weak else 0
                t[v] = t.get(v, 0) | f
        tables[name] = sorted(t.items(), key=lambda kv: kv[0].encode("utf-8"))
    return tables, given, surname


# Street-type words of the postal_address validator (lower case; the
# validator folds ASCII letters to lower case before looking a word up).
# English: the USPS and Australia Post street types as Faker lists them
# (en_US, en_GB, en_AU), one word each, plus their usual abbreviations and
# British words Faker lacks.
EN_STREET_EXTRA = """
st ave av rd blvd ln dr ct pl ter terr tce cir pkwy hwy sq trl cres cl gdns
pde esp hts cswy ctr expy fwy xing tpke wy aly bnd brg byp cv crk cyn ext gln
grn grv hbr holw jct knl lk ldg lndg mdw mdws mnr mt mtn orch pt rdg rnch spg
sta strm trce trak vly vw vis vlg wk gr gro rte cct cl cres crt dve gdn hwy
pkt prom rdwy sqr  avenue street road lane drive court place square terrace
way crescent close gardens grove mews parade rise wynd gate yard hill row walk
green view vale chase end side bank grange quay wharf embankment approach
circus broadway boardwalk
""".split()
FAKER_STREET_LOCALES = ("en_US", "en_GB", "en_AU", "en_CA")

# German: a street word ends with one of these (Hauptstraße, Lindenallee) or
# is one ("Berliner Straße"); folded forms too (Strasse).
DE_STREET_SUFFIX = """
straße strasse str. str weg allee platz gasse ring damm ufer chaussee steig
pfad markt graben wall stieg kamp anger hof brücke bruecke tor park garten
zeile kai promenade gürtel guertel leite halde höhe hoehe winkel feld aue
berg grund hain heide siedlung
""".split()
# French, Italian, Spanish: the street type word that starts the street.
FR_STREET = """
rue avenue av. av boulevard bd bld chemin ch. place pl. allée allee impasse
imp. route rte quai cours square passage voie sentier esplanade rond-point
faubourg fbg résidence residence hameau lieu-dit parvis cour villa cité cite
montée montee promenade traverse mail chaussée chaussee venelle ruelle
""".split()
IT_STREET = """
via viale v.le piazza p.za piazzale p.le corso c.so largo vicolo strada str.
contrada c.da lungomare lungotevere lungarno borgo salita galleria località
localita frazione fraz. rotonda incrocio stretto canale fondamenta
rampa traversa vico passaggio piazzetta circonvallazione vicoletto riva
""".split()
ES_STREET = """
calle c/ c. avenida avda. avda av. plaza pza. paseo pº p.º camino carretera
ctra. ronda travesía travesia glorieta rambla vía via vial callejón callejon
urbanización urbanizacion alameda cuesta pasaje pasadizo bulevar cañada
canada carrera costanilla muelle polígono poligono acceso rincón rincon
plazuela senda sector barrio barriada
""".split()


def street_tables():
    en = set(EN_STREET_EXTRA)
    for loc in FAKER_STREET_LOCALES:
        p = importlib.import_module("faker.providers.address." + loc).Provider
        for w in getattr(p, "street_suffixes", ()):
            if " " not in w:
                en.add(w.lower())
    return {"en": en, "de_suffix": set(DE_STREET_SUFFIX), "fr": set(FR_STREET),
            "it": set(IT_STREET), "es": set(ES_STREET)}


def patterns():
    """The NAME and ADDRESS patterns of identifiers-staging/name_address.yaml
    (Hyperscan syntax, bytes: UTF-8 letters are spelled as byte classes,
    since the database is compiled without HS_FLAG_UTF8)."""
    # Letters: ASCII, and the bytes of UTF-8 Latin-1 and Latin Extended-A
    # letters (lead bytes C3-C5, continuation bytes 80-BF), taken as one
    # byte class: Hyperscan expands bounded repeats of alternations into
    # very large automata ("Pattern is too large"), a class costs nothing.
    # The validator's dictionary lookups reject what the class lets by.
    upmb = r"[\xc3-\xc5][\x80-\xbf]"
    up = rf"(?:[A-Z]|{upmb})"
    lo = r"[a-z\x80-\xbf\xc3-\xc5]"
    inner = r"(?:[a-z]{1,2}[A-Z]|(?:'|\xe2\x80\x99)[A-Z])?"
    w = f"{up}{inner}{lo}{{1,30}}"
    # Last word: \b after an ASCII letter; after a UTF-8 letter (its last
    # byte is 80-BF) the next byte, not a letter and not a line end (so the
    # end line stays right), is taken instead and the validator drops it.
    we_end = r"(?:[a-z]\b|[\x80-\xbf][^\nA-Za-z0-9_\x80-\xff])"
    we = rf"{up}{inner}{lo}{{0,29}}{we_end}"
    part = r"(?:[vV][ao]n|[dD](?:e[lrns]?|ella|a|i|u|os|as|o)|[lL][aeo]|[tT]e[nr]|zu|'t)"
    # The first word: \b before an ASCII capital (without it Hyperscan
    # starts inside words and the pass costs twice as much); a UTF-8
    # capital cannot take \b (both sides are non-word bytes to Hyperscan),
    # so it is a second alternative. Written that way rather than as one
    # group, the pattern does not start with "(?": the span-recovery code
    # (match/database.c, reverse_pattern) reads a reversed pattern that
    # starts with "(?" as an inline flag group when the pattern does too,
    # and Hyperscan then refuses it ("Embedded start anchors").
    rest = rf"{inner}{lo}{{1,30}}(?:-{w})?(?:(?: [A-Z]\.)?(?: {part}){{0,2}} |, )(?:{w}-)?{we}"
    name = rf"\b[A-Z]{rest}|{upmb}{rest}"

    # ADDRESS. cw: a capitalised word of a street or city (capitals, hyphens,
    # apostrophes and dots inside: LONDON, Saint-Étienne, St.).
    cw = rf"{up}[A-Za-z'.\x80-\xbf\xc3-\xc5-]+"
    lw = (r"(?:de|del|della|delle|dei|degli|di|da|dos|das|do|la|las|los|el|y|du|"
          r"des|den|der|am|an|im|auf|zum|zur|von|van|sur|en|upon|on|of|the|and|"
          r"le|les|aux|et)")
    sep = r"(?: ?,? ?\r?\n ?|, ?| )"
    city = rf"{cw}(?:[ -](?:{lw}[ -]){{0,2}}{cw}){{0,3}}"
    # A British locality and town, one per line ("Headingley\nLeeds"), are
    # one run of words here (two optional city groups make the reversed
    # pattern too large for Hyperscan).
    city_en = rf"{cw}(?:(?:[ -]|, ?|,?\r?\n)(?:{lw}[ -]){{0,2}}{cw}){{0,3}}"
    # English-speaking countries: number, street words (one a street type),
    # unit, town, then the country's tail.
    en_word = r"(?:%s|[a-z]+|\d{1,3}(?:st|nd|rd|th))" % cw
    en_unit_pre = r"(?:(?:Flat|Apartment|Apt\.?|Unit|Suite|Studio|Shop|Level) \d{1,4}[A-Z]?,?(?: ?\r?\n ?| ))?"
    en_unit = r"(?:,? (?:Apt|Apartment|Suite|Ste|Unit|Fl|Floor|Rm|Room|Bldg|Building|#)\.? ?#?[A-Za-z0-9-]+)?"
    us = r",? [A-Z]{2},? \d{5}(?:-\d{4})?\b"
    ca = r",? (?:[A-Z]{2},? |\(?Qu(?:e|\xc3\xa9)bec\)? )?[A-Z]\d[A-Z] ?\d[A-Z]\d\b"
    au = r",? (?:NSW|VIC|QLD|SA|WA|TAS|NT|ACT|Vic|Qld|Tas),? \d{4}\b"
    uk = r"(?:,? ?\r?\n|,? )[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"
    en = (rf"\b{en_unit_pre}(?:\d{{1,4}}[A-Z]?/)?\d{{1,6}}[A-Z]?,? (?:{en_word} ){{0,4}}{en_word}\.?"
          rf"(?: [NSEW]{{1,2}}\.?)?{en_unit}{sep}{city_en}(?:{us}|{ca}|{au}|{uk})")
    # Germany, Italy, Spain: street, number, extras (floor, door), then
    # postcode and town; Italy adds the province. The street type is
    # spelled out (Italian and Spanish types start the street, German ones
    # end its last word), so that Hyperscan can look for those literals
    # first: a shape starting at any capitalised word cost twice as much.
    num = r",? (?:n(?:\xc2\xba|\.|o)\.? ?)?\d{1,4}(?: ?[a-zA-Z]\b|[/-]\d{1,4}[a-zA-Z]?)?"
    extra = r"(?:,? (?:[A-Za-z]+\.?|\d{1,2}\xc2[\xaa\xba\xb0]) ?(?:\d{1,3}(?:\xc2[\xaa\xba\xb0])?|[A-Z])?){0,2}"
    tail5 = rf"{sep}(?:[DIE]-)?\d{{5}} {city}(?: \(?[A-Z]{{2}}\)?)?"
    ites_type = (r"(?:Via|Viale|V\.le|Piazza|P\.za|Piazzale|P\.le|Corso|C\.so|Largo|Vicolo|"
                 r"Strada|Contrada|Lungomare|Lungotevere|Borgo|Salita|Galleria|Localit(?:a|\xc3\xa0)|"
                 r"Frazione|Rotonda|Incrocio|Stretto|Canale|Calle|C/|Avenida|Avda\.?|Av\.|"
                 r"Plaza|Pza\.|Paseo|P\xc2\xba|Camino|Carretera|Ctra\.|Ronda|Traves(?:i|\xc3\xad)a|"
                 r"Glorieta|Rambla|V\xc3\xada|Vial|Callej(?:o|\xc3\xb3)n|Urbanizaci(?:o|\xc3\xb3)n|"
                 r"Alameda|Cuesta|Pasaje|Pasadizo|Bulevar|Ca\xc3\xb1ada|Acceso|Traversa|Vico)")
    ites = rf"\b{ites_type}(?: ?(?:{lw} ){{0,2}}{cw}){{1,4}}{num}{extra}{tail5}"
    # Lower-case endings that are common English letter runs (ring, tor,
    # park, wall, feld: string, factor, field) are left out: they made the
    # pass slower; the validator still knows them.
    de_suffix = (r"(?:[Ss]tra(?:\xc3\x9f|ss)e|[Ss]tr\.|[Ww]eg|[Aa]llee|[Pp]latz|[Gg]asse|"
                 r"[Dd]amm|[Uu]fer|[Cc]haussee|[Ss]teig|[Mm]arkt|[Gg]raben|Ring|Hof|Park|Kai|"
                 r"Tor|Wall|Feld)")
    de = rf"\b(?:{cw}[ -]){{0,2}}[A-Za-z\x80-\xbf\xc3-\xc5-]*{de_suffix}{num}{extra}{tail5}"
    # France: number (bis, ter), comma, street type, words, postcode, town.
    # Types that are also English words (place, route, passage, ...) need
    # the number before them; the others may stand without one.
    fr_own = (r"(?:[Rr]ue|[Bb]oulevard|[Bb]d|[Cc]hemin|[Aa]ll(?:e|\xc3\xa9)e|[Ii]mpasse|"
              r"[Qq]uai|[Ff]aubourg|[Rr]\xc3\xa9sidence|[Hh]ameau|[Pp]arvis|[Cc]it\xc3\xa9|"
              r"[Mm]ont\xc3\xa9e|[Rr]ond-[Pp]oint)")
    fr_en = (r"(?:[Aa]venue|[Aa]v\.|[Pp]lace|[Rr]oute|[Cc]ours|[Ss]quare|[Pp]assage|[Vv]oie|"
             r"[Ss]entier|[Ee]splanade|[Cc]our|[Vv]illa|[Pp]romenade|[Tt]raverse)")
    fr_num = r"\d{1,4}(?: ?(?:bis|ter|[A-C]))?,? "
    fr = (rf"\b(?:{fr_num}{fr_en}|(?:{fr_num})?{fr_own})"
          rf"(?: (?:(?:de|du|des|la|le|les|aux|sur|en|et) ){{0,2}}(?:[dl](?:'|\xe2\x80\x99))?{cw}){{1,5}}"
          rf"{sep}(?:F-)?\d{{2}} ?\d{{3}} {city}(?: CEDEX(?: \d{{1,2}})?)?")
    address = f"{en}|{ites}|{de}|{fr}"  # no outer group: see NAME
    return {"NAME": name, "ADDRESS": address}


def c_string(s):
    out = []
    for b in s.encode("utf-8"):
        if b < 0x80 and b not in (0x22, 0x5c):
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def render(tables, streets):
    lines = [
        "/*",
        " * names_data.c - given names and surnames for the person_name validator.",
        " *",
        " * GENERATED by tools/gen_names.py from Faker " + FAKER_VERSION +
        " (Debian python3-fake-factory)",
        " * person lists: " + " ".join(LOCALES) + ".",
        " * Do not edit: change the generator and run it again. Sorted by strcmp();",
        " * flags bit 0: a common word as well (TRAWL_NAME_WEAK).",
        " */",
        '#include "confirm/names_data.h"',
        "",
    ]
    for name, items in tables.items():
        lines.append(f"const struct trawl_name trawl_names_{name}[] = {{")
        for w, f in items:
            lines.append(f"\t{{ {c_string(w)}, {f} }},")
        lines.append("};")
        lines.append(f"const size_t trawl_names_n{name} = {len(items)};")
        lines.append("")
    lines.append("/* Street-type words of postal_address, lower case. */")
    for name, words in streets.items():
        items = sorted(words, key=lambda w: w.encode("utf-8"))
        lines.append(f"const char *const trawl_street_{name}[] = {{")
        for i in range(0, len(items), 6):
            lines.append("\t" + " ".join(c_string(w) + "," for w in items[i:i + 6]))
        lines.append("};")
        lines.append(f"const size_t trawl_street_n{name} = {len(items)};")
        lines.append("")
    return "\n".join(lines)


def man_words(mandir):
    """Lower-case words standing alone, counted once per man page."""
    tok = re.compile(r"(?<![\w@./\\=-])([^\W\d_]+)(?=[\s,;:!?)\"']|\.(?:\s|$)|$)", re.M)
    docs = {}
    for root, dirs, files in os.walk(mandir):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".gz"):
                continue
            try:
                text = gzip.open(os.path.join(root, f)).read().decode("utf-8", "replace")
            except (OSError, EOFError):
                continue
            seen = set()
            for line in text.splitlines():
                if line.startswith(('.\\"', "'\\\"")):
                    continue
                if line.startswith("."):
                    p = line.split(None, 1)
                    line = p[1] if len(p) > 1 else ""
                for m in tok.finditer(line):
                    if m.group(1).islower():
                        seen.add(m.group(1))
            for w in seen:
                docs[w] = docs.get(w, 0) + 1
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--stats", action="store_true")
    ap.add_argument("--patterns", action="store_true")
    ap.add_argument("--man-words", nargs="?", const="/usr/share/man", metavar="DIR")
    a = ap.parse_args()
    if a.man_words:
        given, surname = faker_lists()
        docs = man_words(a.man_words)
        names = sorted({w for w in list(given) + list(surname)})
        dropw = [w for w in names if docs.get(w.lower(), 0) >= 1000]
        weakw = [w for w in names if 10 <= docs.get(w.lower(), 0) < 1000]
        print("MAN_DROP = " + " ".join(dropw))
        print("MAN_WEAK = " + " ".join(weakw))
        return 0
    tables, given, surname = build()
    if a.stats:
        print(f"sources: {len(given)} given-name words, {len(surname)} surname words")
        for name, items in tables.items():
            print(f"{name}: {len(items)} entries, {sum(f for _, f in items)} weak")
        for name, words in street_tables().items():
            print(f"street {name}: {len(words)} words")
        return 0
    if a.patterns:
        for k, v in patterns().items():
            print(f"{k} ({len(v)} characters):")
            print("  pattern: '" + v.replace("'", "''") + "'")
        return 0
    text = render(tables, street_tables())
    if a.check:
        try:
            with open(OUT, encoding="utf-8") as f:
                same = f.read() == text
        except OSError:
            same = False
        print("names_data.c is " + ("up to date" if same else "stale"))
        return 0 if same else 1
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {OUT}: " + ", ".join(f"{n} {len(t)}" for n, t in tables.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
