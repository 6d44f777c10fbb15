#!/usr/bin/python3
"""p1030-oracle-world.py - differential test: the validators of
src/confirm/validate_world.c against python-stdnum (Debian's python3-stdnum
1.18, so run with /usr/bin/python3), for every one whose algorithm stdnum
implements. Modelled on p1000-stdnum-oracle.py (same classes, same driver,
build/tools/vcheck):

  a  constructed: a random payload with its check digits computed by
     stdnum's calc_check_digit functions (or, where stdnum has none, by the
     formula its validate() applies), random but possible dates; a tenth
     are "edges" whose check digits are right but whose structure is not
  b  a constructed number with one or two characters changed or swapped
  c  random strings of the right shape
  d  numbers from a and b written with the separators the validator
     documents

The expected answer is stdnum's is_valid. Where an identifier is one part
of what stdnum validates (CUIT of persons or of organisations, NIT of
persons or of companies, RFC of persons or of companies, NIF of persons),
it is is_valid and the part's rule (the type prefix, the length, the first
character), written out below. Where trawl is stricter or newer than
stdnum 1.18 the rule is added to the expectation and says so (fr_spi: the
mod-511 check of stdnum 1.19; mx_rfc: validate_check_digits=True). Where
trawl deliberately differs, the candidates concerned are kept out of the
draw (outside=, with the reason); tests/unit/test_validators_world.c pins
those differences down.

Not here, because stdnum 1.18 has no module for them: es_nss, br_rg,
de_id_card, de_passport, vin, the phone numbers, dates, coordinates and the
format-only validators (unit-tested instead).

Then stdnum's own documented examples (the validate()/is_valid()/compact()
calls in each module's docstring) are fed through vcheck as well.
"""
import datetime
import sys

from stdnum import luhn
from stdnum.ar import cuit, dni as ar_dni
from stdnum.au import tfn
from stdnum.cl import rut
from stdnum.co import nit
from stdnum.es import cif, dni as es_dni, nif as es_nif, nie
from stdnum.fr import nif as fr_nif
from stdnum.gb import utr
from stdnum.mx import curp, rfc
from stdnum.us import itin
import oracle
from oracle import (DIG, UP, Oracle, alnum, digits, drop_or_dup, fmt, letters,
                    mutate2, rdate)


# ---------------------------------------------------------------- helpers

def insert_stray(rng, s):
    """Insert a character no validator accepts inside a number."""
    return oracle.insert_stray(rng, s, '#*x@')


ORACLE = Oracle('stdnum oracle (world)', seed=1030, stray=insert_stray)
spec = ORACLE.spec


# ---------------------------------------------------------------- ar_dni

def ar_dni_valid(rng):
    while True:
        s = digits(rng, rng.choice([7, 8]))
        if len(set(s)) > 1:
            return s


spec('ar_dni', ar_dni, ar_dni_valid,
     lambda rng: digits(rng, rng.randint(6, 9)),
     edge=lambda rng: rng.choice([insert_stray, drop_or_dup])(
         rng, ar_dni_valid(rng)),
     formats=[(ar_dni.format, True), (fmt([2, 3, 3], ' '), True)],
     # no check digit: a digit changed stays valid, so class b also drops,
     # repeats or replaces a digit with a letter
     mutator=lambda rng, c: (mutate2(rng, c) if rng.random() < 0.5 else
                             rng.choice([drop_or_dup, insert_stray])(rng, c)),
     # stdnum takes same-digit numbers ("11.111.111"); trawl does not
     outside=lambda c: len(set(alnum(c))) == 1)

# ------------------------------------------------------------ ar_cuit_*
CUIT_PERSON = ['20', '23', '24', '27']
CUIT_ORG = ['30', '33', '34', '50', '51', '55']


def cuit_make(rng, types):
    b = rng.choice(types) + digits(rng, 8)
    return b + cuit.calc_check_digit(b)


def cuit_spec(name, types, others):
    def edge(rng):
        if rng.random() < 0.7:   # right check digit, the other kind's type
            return cuit_make(rng, others + ['21', '10', '99', '25'])
        return drop_or_dup(rng, cuit_make(rng, types))
    spec(name, cuit, lambda rng: cuit_make(rng, types),
         lambda rng: rng.choice(types) + digits(rng, 9), edge=edge,
         formats=[(cuit.format, True), (fmt([2, 8, 1], ' '), True)],
         expect=lambda c: cuit.is_valid(c) and
         cuit.compact(c)[:2] in types,
         doc_filter=lambda c: cuit.compact(c)[:2] in types)


cuit_spec('ar_cuit_person', CUIT_PERSON, CUIT_ORG)
cuit_spec('ar_cuit_org', CUIT_ORG, CUIT_PERSON)

# --------------------------------------------------------------- ar_sube
# stdnum has no SUBE module: the number is 6061 + 12 digits, Luhn (stdnum's
# luhn judges the check digit; the prefix and length rule is written out).


def sube_valid(rng):
    b = '6061' + digits(rng, 11)
    return b + luhn.calc_check_digit(b)


def sube_edge(rng):
    r = rng.random()
    if r < 0.4:   # Luhn right, another prefix
        b = rng.choice(['6060', '6062', '6016', '4061']) + digits(rng, 11)
        return b + luhn.calc_check_digit(b)
    if r < 0.8:   # Luhn right, 15 or 17 digits
        b = '6061' + digits(rng, rng.choice([10, 12]))
        return b + luhn.calc_check_digit(b)
    return insert_stray(rng, sube_valid(rng))


def sube_expect(c):
    d = ''.join(ch for ch in c if ch not in ' -')
    return (d.isdigit() and len(d) == 16 and d.startswith('6061') and
            luhn.is_valid(d))


spec('ar_sube', luhn, sube_valid, lambda rng: '6061' + digits(rng, 12),
     edge=sube_edge, mutate_lo=4, expect=sube_expect,
     formats=[(fmt([4, 4, 4, 4], ' '), True), (fmt([4, 4, 4, 4], '-'), True)],
     doc_filter=lambda c: False)   # stdnum.luhn's examples are no SUBE cards

# ---------------------------------------------------------------- cl_rut


def rut_valid(rng):
    b = digits(rng, rng.choice([7, 8]))
    return b + rut.calc_check_digit(b)


spec('cl_rut', rut, rut_valid,
     lambda rng: digits(rng, rng.choice([7, 8])) + rng.choice(DIG + 'K'),
     edge=lambda rng: rng.choice([insert_stray, drop_or_dup])(
         rng, rut_valid(rng)),
     formats=[(rut.format, True), (lambda s: s[:-1] + '-' + s[-1], True),
              (lambda s: rut.format(s).lower(), True),
              (lambda s: 'CL ' + s, True)])

# ---------------------------------------------------------------- co_nit


def nit_company(cc):
    return len(cc) == 10 and cc[0] in '89'


def nit_make(rng, body):
    return body + nit.calc_check_digit(body)


def nit_person_body(rng):
    while True:
        b = digits(rng, rng.choice([7, 8, 9, 10]))
        if not (len(b) == 9 and b[0] in '89'):
            return b


def nit_org_body(rng):
    return rng.choice('89') + digits(rng, 8)


def nit_spec(name, body, org):
    def edge(rng):
        if rng.random() < 0.6:   # right check, the other kind or too long
            b = (nit_person_body(rng) if org else
                 rng.choice([nit_org_body(rng), digits(rng, 12)]))
            return nit_make(rng, b)
        return insert_stray(rng, nit_make(rng, body(rng)))

    def expect(c):
        if not nit.is_valid(c):
            return False
        cc = nit.compact(c)
        return nit_company(cc) if org else (not nit_company(cc) and
                                            len(cc) <= 11)
    spec(name, nit, lambda rng: nit_make(rng, body(rng)),
         lambda rng: body(rng) + rng.choice(DIG), edge=edge,
         formats=[(nit.format, True), (lambda s: s[:-1] + '-' + s[-1], True)],
         expect=expect, doc_filter=lambda c: expect(c) or not org)


nit_spec('co_nit_person', nit_person_body, False)
nit_spec('co_nit_org', nit_org_body, True)

# --------------------------------------------------------------- mx_curp
CURP_STATES = sorted(curp._valid_states)
CURP_BLOCKED = sorted(curp._name_blacklist)
CONS = 'BCDFGHJKLMNPQRSTVWXYZ'


def curp_body(rng, d=None, state=None, sex=None, first=None):
    d = d or rdate(rng, datetime.date(1900, 1, 1),
                   datetime.date(2099, 12, 31))
    name = first
    while not name or (name in curp._name_blacklist and not first):
        name = letters(rng, 4)
    cent = rng.choice(DIG) if d.year < 2000 else rng.choice(UP)
    return (name + '%02d%02d%02d' % (d.year % 100, d.month, d.day) +
            (sex or rng.choice('HM')) + (state or rng.choice(CURP_STATES)) +
            letters(rng, 3, CONS) + cent)


def curp_valid(rng):
    b = curp_body(rng)
    return b + curp.calc_check_digit(b + '0')


def curp_edge(rng):
    r = rng.randrange(5)
    if r == 0:
        b = curp_body(rng, state=rng.choice(['XX', 'NN', 'AA', 'ZZ']))
    elif r == 1:
        b = curp_body(rng, sex=rng.choice('XFAZ'))
    elif r == 2:
        b = curp_body(rng, first=rng.choice(CURP_BLOCKED))
    elif r == 3:   # impossible date
        b = curp_body(rng)
        b = b[:6] + rng.choice(['00', '13', '02']) + \
            rng.choice(['00', '30', '31', '32']) + b[10:]
    else:          # a 2000s date written with a digit century (1900s)
        b = curp_body(rng)
        b = b[:4] + '000229' + b[10:16] + rng.choice(DIG)
    return b + curp.calc_check_digit(b + '0')


def curp_rand(rng):
    """A random CURP of the right shape: half of them with a possible date,
    sex and state, so that about one in twenty is valid."""
    if rng.random() < 0.5:
        return (letters(rng, 4) + digits(rng, 6) + letters(rng, 6) +
                rng.choice(DIG + UP) + rng.choice(DIG))
    return curp_body(rng) + rng.choice(DIG)


spec('mx_curp', curp, curp_valid, curp_rand,
     edge=curp_edge, mutate_lo=0,
     formats=[(lambda s: s.lower(), True), (fmt([4, 6, 8], '-'), True),
              (fmt([4, 6, 8], ' '), True)])

# ---------------------------------------------------------------- mx_rfc
RFC_BLOCKED = sorted(rfc._name_blacklist)
RFC_NAME = UP * 4 + '&Ñ'
HOMO1 = '123456789ABCDEFGHIJKLMNOPQRSTUV'
HOMO2 = '123456789' + UP


def rfc_make(rng, nl, homoclave=True, d=None):
    while True:
        name = letters(rng, nl, RFC_NAME)
        if nl == 3 or name not in rfc._name_blacklist:
            break
    d = d or rdate(rng, datetime.date(2000, 1, 1),
                   datetime.date(2099, 12, 31))
    b = name + '%02d%02d%02d' % (d.year % 100, d.month, d.day)
    if not homoclave:
        return b
    b += rng.choice(HOMO1) + rng.choice(HOMO2)
    return b + rfc.calc_check_digit(b)


def rfc_edge(rng, nl):
    r = rng.randrange(5)
    s = rfc_make(rng, nl)
    if r == 0:     # impossible date
        return s[:nl + 2] + rng.choice(['00', '13']) + s[nl + 4:]
    if r == 1:     # homoclave outside its alphabet, check recomputed
        b = s[:nl + 6] + rng.choice('0WXYZ') + rng.choice('0' + DIG)
        return b + rfc.calc_check_digit(b)
    if r == 2 and nl == 4:
        return rng.choice(RFC_BLOCKED) + s[4:]
    if r == 3:     # a company's shape for a person and back
        return rfc_make(rng, 7 - nl)
    return drop_or_dup(rng, s)


def rfc_spec(name, nl, lengths):
    def valid(rng):
        return rfc_make(rng, nl, homoclave=nl == 3 or rng.random() < 0.85)

    def expect(c):
        return (rfc.is_valid(c, validate_check_digits=True) and
                len(rfc.compact(c)) in lengths)
    spec(name, rfc, valid,
         lambda rng: (letters(rng, nl, RFC_NAME) + digits(rng, 6) +
                      rng.choice(HOMO1) + rng.choice(HOMO2) +
                      rng.choice(DIG + 'A')),
         edge=lambda rng: rfc_edge(rng, nl),
         formats=[(rfc.format, True), (lambda s: rfc.format(s, '-'), True),
                  (lambda s: s.lower(), True)],
         expect=expect)


rfc_spec('mx_rfc_person', 4, (10, 13))
rfc_spec('mx_rfc_org', 3, (12,))

# ---------------------------------------------------------------- au_tfn
TFN_W = (1, 4, 3, 7, 5, 8, 6, 9, 10)


def tfn_valid(rng):
    n = rng.choice([8, 9, 9, 9])
    while True:
        b = digits(rng, n - 1)
        for last in DIG:
            s = b + last
            if sum(w * int(x) for w, x in zip(TFN_W, s)) % 11 == 0:
                return s


spec('au_tfn', tfn, tfn_valid, lambda rng: digits(rng, rng.choice([8, 9])),
     edge=lambda rng: rng.choice([insert_stray, drop_or_dup])(
         rng, tfn_valid(rng)),
     formats=[(tfn.format, True), (fmt([3, 3, 3], '-'), False)])

# ---------------------------------------------------------------- fr_spi
# stdnum 1.18 checks the length and the first digit; 1.19 added the check
# (the last three digits are the first ten mod 511), which trawl applies:
# it is written out here, as 1.19's fr.nif.calc_check_digits has it.


def spi_check(s):
    return '%03d' % (int(s[:10]) % 511)


def spi_expect(c):
    return fr_nif.is_valid(c) and (lambda d: d[10:] == spi_check(d))(
        fr_nif.compact(c))


def spi_valid(rng):
    b = rng.choice('0123') + digits(rng, 9)
    return b + spi_check(b)


def spi_edge(rng):
    if rng.random() < 0.6:   # first digit 4-9, check right
        b = rng.choice('456789') + digits(rng, 9)
        return b + spi_check(b)
    return drop_or_dup(rng, spi_valid(rng))


spec('fr_spi', fr_nif, spi_valid,
     lambda rng: rng.choice('0123') + digits(rng, 12), edge=spi_edge,
     formats=[(fr_nif.format, True)], expect=spi_expect)

# ---------------------------------------------------------------- uk_utr


def utr_valid(rng):
    b = digits(rng, 9)
    return utr.calc_check_digit(b) + b


spec('uk_utr', utr, utr_valid, lambda rng: digits(rng, 10),
     edge=lambda rng: rng.choice([insert_stray, drop_or_dup])(
         rng, utr_valid(rng)),
     formats=[(lambda s: 'K' + s, True), (fmt([5, 5], ' '), True),
              (lambda s: 'k' + s, True)],
     # stdnum strips any number of leading Ks; trawl takes one
     outside=lambda c: c.upper().startswith('KK'))

# --------------------------------------------------------------- us_itin
ITIN_GROUPS = sorted(itin._allowed_groups)


def itin_valid(rng):
    return '9' + digits(rng, 2) + rng.choice(ITIN_GROUPS) + digits(rng, 4)


def itin_edge(rng):
    r = rng.randrange(4)
    s = itin_valid(rng)
    if r == 0:
        return rng.choice('12345678') + s[1:]
    if r == 1:
        return s[:3] + rng.choice(['89', '93', '00', '45', '69', '66']) + s[5:]
    if r == 2:
        return drop_or_dup(rng, s)
    return insert_stray(rng, s)


def itin_outside(c):
    # the IRS's groups 50-65 (since 2011), which stdnum 1.18 does not know;
    # and one hyphen alone ("912-903456"), which stdnum takes and trawl not
    d = ''.join(ch for ch in c if ch.isdigit())
    if len(d) == 9 and d[0] == '9' and 50 <= int(d[3:5]) <= 65:
        return True
    return c.count('-') == 1


spec('us_itin', itin, itin_valid, lambda rng: '9' + digits(rng, 8),
     edge=itin_edge,
     formats=[(fmt([3, 2, 4], '-'), True), (fmt([3, 2, 4], ' '), False)],
     outside=itin_outside)

# -------------------------------------------------------- es_nif_person


def dni_letter(n):
    return 'TRWAGMYFPDXBNJZSQVHLCKE'[int(n) % 23]


def nif_person_valid(rng):
    r = rng.randrange(3)
    if r == 0:
        b = digits(rng, 8)
        return b + es_dni.calc_check_digit(b)
    if r == 1:
        b = rng.choice('XYZ') + digits(rng, 7)
        return b + nie.calc_check_digit(b)
    b = digits(rng, 7)
    return rng.choice('KLM') + b + dni_letter(b)


def nif_person_edge(rng):
    if rng.random() < 0.6:   # a CIF (an entity, not a person)
        b = rng.choice('ABCDEFGHJNPQRSUVW') + digits(rng, 7)
        return b + cif.calc_check_digits(b)[rng.randrange(2)]
    return drop_or_dup(rng, nif_person_valid(rng))


spec('es_nif_person', es_nif, nif_person_valid,
     lambda rng: (rng.choice(DIG * 3 + 'KLMXYZ') + digits(rng, 7) +
                  rng.choice(UP)),
     edge=nif_person_edge,
     formats=[(lambda s: s.lower(), True), (fmt([1, 7, 1], '-'), True),
              (lambda s: 'ES' + s, True), (fmt([8], ' '), True)],
     expect=lambda c: es_nif.is_valid(c) and
     es_nif.compact(c)[:1] in set(DIG + 'KLMXYZ'))

# ---------------------------------------------------------------- es_cif


def cif_valid(rng):
    b = rng.choice('ABCDEFGHJNPQRSUVW') + digits(rng, 7)
    return b + cif.calc_check_digits(b)[rng.randrange(2)]


def cif_edge(rng):
    if rng.random() < 0.6:   # an entity letter that does not exist
        b = rng.choice('IKLMOTXYZ') + digits(rng, 7)
        return b + cif.calc_check_digits(b)[rng.randrange(2)]
    return drop_or_dup(rng, cif_valid(rng))


spec('es_cif', cif, cif_valid,
     lambda rng: (rng.choice('ABCDEFGHJNPQRSUVW') + digits(rng, 7) +
                  rng.choice(DIG + 'ABCDEFGHIJ')),
     edge=cif_edge,
     formats=[(lambda s: s.lower(), True), (fmt([1, 7, 1], '-'), True),
              (fmt([3, 3, 3], ' '), True)])


if __name__ == '__main__':
    sys.exit(ORACLE.main())
