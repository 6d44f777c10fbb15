#!/usr/bin/python3
"""p1000-stdnum-oracle.py - differential test: trawl's validators against
python-stdnum (Debian's python3-stdnum 1.18, so run with /usr/bin/python3).

For every validator that stdnum implements, draw N candidates from a seeded
RNG (the same candidates on every run) in four classes:

  a  constructed: a random payload with its check digits computed (with
     stdnum's calc_check_digit functions where it has them), random but
     possible birth dates; a tenth are "edges" whose check digits are right
     but whose structure is not (impossible date, unissued range, wrong
     length, a stray character)
  b  a constructed number with one character changed (digit for digit,
     letter for letter) or two adjacent ones swapped; two such changes
     for 40% of them
  c  random strings of the right shape
  d  numbers from a and b written with the separators the validator
     documents (spaces, hyphens, dots, slashes, lower case)

All candidates go through build/tools/vcheck in one subprocess per
validator and are compared with stdnum's is_valid. Where trawl accepts a
written form stdnum does not (e.g. "ddd dd dddd" for a US SSN), the
expected answer is stdnum's verdict on the compact number; such forms are
marked raw=False below. Where trawl deliberately differs from stdnum, the
candidates concerned are kept out of the draw (the outside= predicates
below say which and why); those differences have unit tests in
tests/unit/test_validators.c.

Then stdnum's own documented examples (the validate()/is_valid()/compact()
calls in each module's docstring) are fed through vcheck as well.
"""
import datetime
import os
import re
import sys

import stdnum
from stdnum import iban, luhn, verhoeff
from stdnum.be import nn as be_nn
from stdnum.br import cnpj, cpf
from stdnum.ca import sin as ca_sin
from stdnum.de import idnr
from stdnum.dk import cpr
from stdnum.es import ccc, dni, nie
from stdnum.fi import hetu
from stdnum.fr import nir
from stdnum.gb import nhs
from stdnum.in_ import aadhaar, pan
from stdnum.it import codicefiscale
from stdnum.iso7064 import mod_11_10, mod_97_10
from stdnum.nl import bsn
from stdnum.pl import pesel
from stdnum.se import personnummer
from stdnum.us import ssn
from oracle import (DIG, UP, Oracle, alnum, digits, letters, drop_or_dup,
                    fmt, insert_stray, rdate)

ORACLE = Oracle('stdnum oracle', seed=1000, time_limit=120.0)
spec = ORACLE.spec
TODAY = datetime.date.today()


# ---------------------------------------------------------------- helpers

def by4(s, sep):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


# ------------------------------------------------------------------ luhn

def luhn_valid(rng):
    p = digits(rng, rng.randint(1, 29))
    return p + luhn.calc_check_digit(p)


spec('luhn', luhn, luhn_valid,
     lambda rng: digits(rng, rng.randint(2, 30)),
     formats=[(lambda s: by4(s, ' '), False), (lambda s: by4(s, '-'), False)],
     # trawl wants at least two digits; stdnum.luhn takes one ("0").
     outside=lambda c: sum(ch.isdigit() for ch in c) < 2)

# ------------------------------------------------------------- luhn_card
# The issuer prefix table has no oracle: every candidate carries a prefix
# and length from this copy of it (the C table is unit-tested row by row),
# mutations leave the first six digits alone, and stdnum.luhn judges the
# rest.
CARD_ROWS = [
    (34, 34, [15]), (37, 37, [15]), (4, 4, [13, 16, 19]),
    (4026, 4026, [16]), (417500, 417500, [16]), (4508, 4508, [16]),
    (4844, 4844, [16]), (4913, 4913, [16]), (4917, 4917, [16]),
    (51, 55, [16]), (2221, 2720, [16]), (6011, 6011, range(16, 20)),
    (644, 649, range(16, 20)), (65, 65, range(16, 20)),
    (622126, 622925, range(16, 20)), (300, 305, range(14, 20)),
    (36, 36, range(14, 20)), (38, 39, range(14, 20)),
    (3528, 3589, range(16, 20)), (62, 62, range(16, 20)),
    (5019, 5019, [16]), (50, 50, range(12, 20)), (56, 58, range(12, 20)),
    (6304, 6304, range(12, 20)), (6759, 6759, range(12, 20)),
    (676770, 676770, range(12, 20)), (676774, 676774, range(12, 20)),
]


def card_body(rng):
    lo, hi, lens = rng.choice(CARD_ROWS)
    prefix = str(rng.randint(lo, hi))
    length = rng.choice(list(lens))
    return prefix + digits(rng, length - 1 - len(prefix))


def card_valid(rng):
    b = card_body(rng)
    return b + luhn.calc_check_digit(b)


spec('luhn_card', luhn, card_valid,
     lambda rng: card_body(rng) + rng.choice(DIG),
     formats=[(lambda s: by4(s, ' '), False), (lambda s: by4(s, '-'), False),
              (fmt([4, 6, 5], ' '), False)],
     mutate_lo=6, expect=luhn.is_valid,
     doc_filter=lambda c: False)  # stdnum.luhn's examples are no cards

# ------------------------------------------------------------------ iban
_dat = os.path.join(os.path.dirname(stdnum.__file__), 'iban.dat')
IBAN_BBAN = {}
for _line in open(_dat, encoding='utf-8'):
    _m = re.match(r'([A-Z]{2}) .*bban="([^"]*)"', _line)
    if _m:
        IBAN_BBAN[_m.group(1)] = [(int(n), k) for n, k in
                                  re.findall(r'(\d+)!([nac])', _m.group(2))]
IBAN_CCS = sorted(IBAN_BBAN)
IBAN_NATIONAL = ['BE', 'ES', 'ME', 'NO']
_banks = os.path.join(os.path.dirname(stdnum.__file__), 'be', 'banks.dat')
BE_BANKS = []
for _line in open(_banks, encoding='utf-8'):
    _m = re.match(r'(\d{3})-(\d{3}) ', _line)
    if _m:
        BE_BANKS.extend(range(int(_m.group(1)), int(_m.group(2)) + 1))


def bban_shape(rng, cc, extra=0):
    out = []
    for n, kind in IBAN_BBAN[cc]:
        for _ in range(n):
            if kind == 'n':
                out.append(rng.choice(DIG))
            elif kind == 'a':
                out.append(rng.choice(UP))
            else:
                out.append(rng.choice(DIG + UP))
    for _ in range(extra):
        out.append(rng.choice(DIG))
    return ''.join(out)


def bban_national(rng, cc):
    if cc == 'BE':
        first = '%03d' % rng.choice(BE_BANKS) + digits(rng, 7)
        return first + '%02d' % (int(first) % 97 or 97)
    if cc == 'ES':
        b = digits(rng, 20)
        return b[:8] + ccc.calc_check_digits(b) + b[10:]
    if cc == 'ME':
        b = digits(rng, 16)
        return b + mod_97_10.calc_check_digits(b)
    if cc == 'NO':
        if rng.random() < 0.15:
            b = digits(rng, 6)
            return '0000' + b + luhn.calc_check_digit(b)
        while True:
            b = digits(rng, 10)
            w = (6, 7, 8, 9, 4, 5, 6, 7, 8, 9)
            c = sum(x * int(d) for x, d in zip(w, b)) % 11
            if c < 10:
                return b + str(c)
    return bban_shape(rng, cc)


def with_check(cc, bban):
    return cc + iban.calc_check_digits(cc + '00' + bban) + bban


def iban_cc(rng):
    return rng.choice(IBAN_NATIONAL if rng.random() < 0.25 else IBAN_CCS)


def iban_valid(rng):
    cc = iban_cc(rng)
    return with_check(cc, bban_national(rng, cc))


BE_UNKNOWN = sorted(set(range(1000)) - set(BE_BANKS))


def iban_edge(rng):
    r = rng.random()
    if r < 0.2:   # right IBAN check digits, national check wrong
        cc = rng.choice(IBAN_NATIONAL)
        return with_check(cc, bban_shape(rng, cc))
    if r < 0.25:  # BE: account check right, bank code unassigned
        first = '%03d' % rng.choice(BE_UNKNOWN) + digits(rng, 7)
        return with_check('BE', first + '%02d' % (int(first) % 97 or 97))
    if r < 0.3:   # NO: postgiro "0000" and a 7-digit number, Luhn or not
        return with_check('NO', '0000' + digits(rng, 7))
    cc = iban_cc(rng)
    if r < 0.55:  # wrong length for the country
        b = bban_national(rng, cc)
        return with_check(cc, b[:-1] if rng.random() < 0.5 else b + '1')
    if r < 0.75:  # country not in the registry
        return with_check(rng.choice(['US', 'XX', 'JP', 'AA', 'CN']),
                          bban_shape(rng, cc))
    b = list(bban_national(rng, cc))   # a letter where a digit belongs
    pos = [i for i, c in enumerate(b) if c.isdigit()]
    if pos:
        b[rng.choice(pos)] = rng.choice(UP)
    return with_check(cc, ''.join(b))


def iban_rand(rng):
    cc = iban_cc(rng)
    return cc + digits(rng, 2) + bban_shape(rng, cc)


spec('iban', iban, iban_valid, iban_rand, edge=iban_edge,
     formats=[(lambda s: by4(s, ' '), True), (lambda s: by4(s, '-'), True),
              (lambda s: s.lower(), True),
              (lambda s: by4(s.lower(), ' '), True)],
     # stdnum also reads letters as check digits and skips dots; trawl
     # takes neither (mutations keep digits digits, so none are drawn).
     outside=lambda c: '.' in c or not alnum(c)[2:4].isdigit())

# ---------------------------------------------------------------- us_ssn
SSN_BLACK = ['078051120', '457555462', '219099999']


def ssn_valid(rng):
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            s = '%03d%02d%04d' % (area, rng.randint(1, 99),
                                  rng.randint(1, 9999))
            if s not in SSN_BLACK:
                return s


def ssn_edge(rng):
    s = ssn_valid(rng)
    r = rng.randrange(6)
    if r == 0:
        return rng.choice(['000', '666', str(rng.randint(900, 999))]) + s[3:]
    if r == 1:
        return s[:3] + '00' + s[5:]
    if r == 2:
        return s[:5] + '0000'
    if r == 3:
        return rng.choice(SSN_BLACK)
    if r == 4:
        return drop_or_dup(rng, s)
    return insert_stray(rng, s)


spec('us_ssn', ssn, ssn_valid, lambda rng: digits(rng, 9), edge=ssn_edge,
     formats=[(fmt([3, 2, 4], '-'), True), (fmt([3, 2, 4], ' '), False)])

# ---------------------------------------------------------------- uk_nhs


def nhs_check(p):
    return (11 - sum((10 - i) * int(d) for i, d in enumerate(p)) % 11) % 11


def nhs_valid(rng):
    while True:
        p = digits(rng, 9)
        c = nhs_check(p)
        if c < 10:
            return p + str(c)


def nhs_edge(rng):
    if rng.random() < 0.5:
        while True:   # the check would be 10: no valid number
            p = digits(rng, 9)
            if nhs_check(p) == 10:
                return p + rng.choice(DIG)
    return drop_or_dup(rng, nhs_valid(rng))


spec('uk_nhs', nhs, nhs_valid, lambda rng: digits(rng, 10), edge=nhs_edge,
     formats=[(fmt([3, 3, 4], ' '), True), (fmt([3, 3, 4], '-'), True)])

# --------------------------------------------------------------- de_idnr


def idnr_first10(rng, times=None):
    while True:
        t = times or rng.choice([2, 3])
        r = rng.choice(DIG)
        others = rng.sample([d for d in DIG if d != r], 10 - t)
        ds = [r] * t + others
        rng.shuffle(ds)
        if ds[0] != '0':
            return ''.join(ds)


def idnr_valid(rng):
    p = idnr_first10(rng)
    return p + mod_11_10.calc_check_digit(p)


def idnr_edge(rng):
    r = rng.randrange(4)
    if r == 0:    # no digit repeated
        ds = list(DIG)
        rng.shuffle(ds)
        p = ''.join(ds)
    elif r == 1:  # one digit four times
        p = idnr_first10(rng, 4)
    elif r == 2:  # two digits repeated
        ds = list('0123456789')
        rng.shuffle(ds)
        ds[1], ds[3] = ds[0], ds[2]
        rng.shuffle(ds)
        p = ''.join(ds)
    else:         # leading zero
        p = '0' + idnr_first10(rng)[1:]
    return p + mod_11_10.calc_check_digit(p)


spec('de_idnr', idnr, idnr_valid, lambda rng: digits(rng, 11),
     edge=idnr_edge,
     formats=[(fmt([2, 3, 3, 3], ' '), True), (fmt([2, 3, 3, 3], '/'), True),
              (fmt([2, 3, 3, 3], '.'), True), (fmt([2, 3, 3, 3], '-'), True)])

# ---------------------------------------------------------------- fr_nir


def nir_body(rng):
    mm = '%02d' % rng.randint(1, 12) if rng.random() < 0.9 else digits(rng, 2)
    r = rng.random()
    dept = rng.choice(['2A', '2B']) if r < 0.15 else digits(rng, 2)
    return rng.choice('12') + digits(rng, 2) + mm + dept + digits(rng, 6)


def nir_valid(rng):
    b = nir_body(rng)
    return b + nir.calc_check_digits(b)


def nir_edge(rng):
    b = nir_body(rng)
    r = rng.randrange(3)
    if r == 0:    # a department letter other than 2A/2B
        k = nir.calc_check_digits(b[:5] + '19' + b[7:])
        return b[:5] + rng.choice(['2C', '3A', '2Z', '1A']) + b[7:] + k
    if r == 1:    # a key no number has
        return b + rng.choice(['00', '98', '99'])
    return drop_or_dup(rng, b + nir.calc_check_digits(b))


def nir_rand(rng):
    s = digits(rng, 15)
    if rng.random() < 0.2:
        s = s[:5] + rng.choice(['2A', '2B']) + s[7:]
    return s


spec('fr_nir', nir, nir_valid, nir_rand, edge=nir_edge,
     formats=[(fmt([1, 2, 2, 2, 3, 3, 2], ' '), True),
              (lambda s: s.lower(), True),
              (fmt([1, 2, 2, 2, 3, 3, 2], '.'), True)])

# ----------------------------------------------------------------- it_cf
CF_MONTHS = 'ABCDEHLMPRST'
CF_OMO = 'LMNPQRSTUV'
CF_DATEPOS = [6, 7, 9, 10, 12, 13, 14]


def cf_days(year, month):
    return (datetime.date(year + month // 12, month % 12 + 1, 1) -
            datetime.timedelta(days=1)).day


def cf_assemble(rng, yy, month, day):
    s = list(letters(rng, 6) + '%02d' % yy + CF_MONTHS[month - 1] +
             '%02d' % day + rng.choice(UP) + digits(rng, 3))
    if rng.random() < 0.25:   # omocodia: digits replaced by letters
        for i in rng.sample(CF_DATEPOS, rng.randint(1, 7)):
            s[i] = CF_OMO[int(s[i])]
    s = ''.join(s)
    return s + codicefiscale.calc_check_digit(s)


def cf_valid(rng):
    yy = rng.randrange(100)
    year = 1900 + yy if yy >= 20 else 2000 + yy
    month = rng.randint(1, 12)
    day = rng.randint(1, cf_days(year, month))
    return cf_assemble(rng, yy, month, day + (40 if rng.random() < .5 else 0))


def cf_edge(rng):
    yy = rng.randrange(100)
    year = 1900 + yy if yy >= 20 else 2000 + yy
    month = rng.randint(1, 12)
    day = rng.choice([0, 40, cf_days(year, month) + 1,
                      cf_days(year, month) + 41, rng.randint(32, 39)])
    if rng.random() < 0.2:    # a month letter that is none
        s = cf_assemble(rng, yy, month, 10)
        s = s[:8] + rng.choice('FGIJKNOQUVWXYZ') + s[9:15]
        return s + codicefiscale.calc_check_digit(s)
    return cf_assemble(rng, yy, month, day)


def cf_rand(rng):
    def dd():
        return rng.choice(DIG + CF_OMO)
    return (letters(rng, 6) + dd() + dd() + rng.choice(CF_MONTHS) + dd() +
            dd() + rng.choice(UP) + dd() + dd() + dd() + rng.choice(UP))


spec('it_cf', codicefiscale, cf_valid, cf_rand, edge=cf_edge,
     formats=[(lambda s: s.lower(), True), (fmt([3, 3, 5, 5], ' '), True),
              (fmt([6, 5, 5], '-'), True)],
     # only the personal 16-character form is drawn; the 11-digit form is
     # a company's VAT number, which trawl rejects and stdnum accepts
     outside=lambda c: len(alnum(c)) == 11)

# ---------------------------------------------------------- es_dni, nie


def dni_valid(rng):
    p = digits(rng, 8)
    return p + dni.calc_check_digit(p)


def dni_edge(rng):
    r = rng.randrange(3)
    if r == 0:
        p = digits(rng, rng.choice([7, 9]))
        return p + dni.calc_check_digit(p)
    if r == 1:
        s = dni_valid(rng)
        return s[-1] + s[:-1]
    return insert_stray(rng, dni_valid(rng))


spec('es_dni', dni, dni_valid,
     lambda rng: digits(rng, 8) + rng.choice(UP), edge=dni_edge,
     formats=[(lambda s: s[:-1] + '-' + s[-1], True),
              (lambda s: s.lower(), True), (fmt([2, 3, 3, 1], ' '), True),
              # 12.345.678-Z: trawl skips the dots, stdnum does not
              (lambda s: '%s.%s.%s-%s' % (s[:2], s[2:5], s[5:8], s[8:]),
               False)])


def nie_valid(rng):
    p = rng.choice('XYZ') + digits(rng, 7)
    return p + nie.calc_check_digit(p)


def nie_edge(rng):
    r = rng.randrange(3)
    if r == 0:    # another letter in front, the check as if it were X/Y/Z
        s = nie_valid(rng)
        return rng.choice('ABKLMW') + s[1:]
    if r == 1:
        p = rng.choice('XYZ') + digits(rng, rng.choice([6, 8]))
        return p + nie.calc_check_digit(p)
    return insert_stray(rng, nie_valid(rng))


spec('es_nie', nie, nie_valid,
     lambda rng: rng.choice('XYZXYZW') + digits(rng, 7) + rng.choice(UP),
     edge=nie_edge,
     formats=[(fmt([1, 7, 1], '-'), True), (lambda s: s.lower(), True),
              (fmt([1, 7, 1], ' '), True)])

# ------------------------------------------------------------ br_cpf/cnpj


def repdigit(c):
    d = [ch for ch in c if ch.isdigit()]
    return len(set(d)) == 1


def cpf_valid(rng):
    p = digits(rng, 9)
    return p + cpf._calc_check_digits(p)


spec('br_cpf', cpf, cpf_valid, lambda rng: digits(rng, 11),
     edge=lambda rng: drop_or_dup(rng, cpf_valid(rng)),
     formats=[(fmt([3, 3, 3, 2], '.'), True),
              (lambda s: s[:3] + '.' + s[3:6] + '.' + s[6:9] + '-' + s[9:],
               True), (fmt([3, 3, 3, 2], ' '), True)],
     # same-digit numbers: trawl rejects them (never issued), stdnum
     # accepts all but 000.000.000-00
     outside=repdigit)


def cnpj_valid(rng):
    p = digits(rng, 12)
    return p + cnpj.calc_check_digits(p)


spec('br_cnpj', cnpj, cnpj_valid, lambda rng: digits(rng, 14),
     edge=lambda rng: drop_or_dup(rng, cnpj_valid(rng)),
     formats=[(lambda s: '%s.%s.%s/%s-%s' % (s[:2], s[2:5], s[5:8], s[8:12],
                                             s[12:]), True),
              (fmt([2, 3, 3, 4, 2], ' '), True)],
     outside=repdigit)

# ---------------------------------------------------------------- ca_sin


def sin_valid(rng):
    p = digits(rng, 8)
    return p + luhn.calc_check_digit(p)


spec('ca_sin', ca_sin, sin_valid, lambda rng: digits(rng, 9),
     edge=lambda rng: drop_or_dup(rng, sin_valid(rng)),
     formats=[(fmt([3, 3, 3], '-'), True), (fmt([3, 3, 3], ' '), True)])

# ------------------------------------------------------------ in_aadhaar


def aadhaar_valid(rng):
    p = rng.choice('23456789') + digits(rng, 10)
    return p + verhoeff.calc_check_digit(p)


def aadhaar_edge(rng):
    r = rng.randrange(3)
    if r == 0:
        p = rng.choice('01') + digits(rng, 10)
        return p + verhoeff.calc_check_digit(p)
    if r == 1:
        h = rng.choice('23456789') + digits(rng, 5)
        return h + h[::-1]
    return drop_or_dup(rng, aadhaar_valid(rng))


spec('in_aadhaar', aadhaar, aadhaar_valid, lambda rng: digits(rng, 12),
     edge=aadhaar_edge,
     formats=[(fmt([4, 4, 4], ' '), True), (fmt([4, 4, 4], '-'), True)])

# ---------------------------------------------------------------- in_pan
PAN_TYPES = 'ABCFGHLJPTK'


def pan_valid(rng):
    while True:
        d = digits(rng, 4)
        if d != '0000':
            return (letters(rng, 3) + rng.choice(PAN_TYPES) +
                    letters(rng, 1) + d + letters(rng, 1))


def pan_edge(rng):
    s = pan_valid(rng)
    r = rng.randrange(3)
    if r == 0:
        return s[:3] + rng.choice('DEIMNOQRSUVWXYZ') + s[4:]
    if r == 1:
        return s[:5] + '0000' + s[9:]
    return s[:9] + rng.choice(DIG)


spec('in_pan', pan, pan_valid,
     lambda rng: letters(rng, 5) + digits(rng, 4) + letters(rng, 1),
     edge=pan_edge,
     formats=[(lambda s: s.lower(), True), (fmt([5, 4, 1], ' '), True)])

# ---------------------------------------------------------------- nl_bsn


def bsn_valid(rng):
    while True:
        p = digits(rng, 8)
        c = sum((9 - i) * int(d) for i, d in enumerate(p)) % 11
        if c < 10 and (p + str(c)).strip('0'):
            return p + str(c)


def bsn_edge(rng):
    if rng.random() < 0.3:
        return '000000000'
    while True:
        p = digits(rng, 8)
        if sum((9 - i) * int(d) for i, d in enumerate(p)) % 11 == 10:
            return p + rng.choice(DIG)


spec('nl_bsn', bsn, bsn_valid, lambda rng: digits(rng, 9), edge=bsn_edge,
     formats=[(fmt([4, 2, 3], '.'), True), (fmt([3, 3, 3], ' '), True)],
     # stdnum zero-pads shorter input; trawl wants all nine digits
     outside=lambda c: sum(ch.isdigit() for ch in c) < 9)

# -------------------------------------------------------------- pl_pesel
PESEL_OFFSET = {1800: 80, 1900: 0, 2000: 20, 2100: 40, 2200: 60}


def pesel_body(rng, d):
    off = PESEL_OFFSET[d.year // 100 * 100]
    return '%02d%02d%02d' % (d.year % 100, d.month + off, d.day) + \
        digits(rng, 4)


def pesel_valid(rng):
    d = rdate(rng, datetime.date(1800, 1, 1), datetime.date(2299, 12, 31))
    b = pesel_body(rng, d)
    return b + pesel.calc_check_digit(b)


def pesel_edge(rng):
    yy = rng.randrange(100)
    mm = rng.choice([0, 13, 19, 20, 33, 40, 53, 60, 79, 80, 93, 2, 22, 4])
    dd = rng.choice([0, 30, 31, 32, 29, 99])
    b = '%02d%02d%02d' % (yy, mm, dd) + digits(rng, 4)
    return b + pesel.calc_check_digit(b)


spec('pl_pesel', pesel, pesel_valid, lambda rng: digits(rng, 11),
     edge=pesel_edge,
     formats=[(fmt([6, 5], ' '), True), (fmt([6, 5], '-'), True)])

# ---------------------------------------------------------------- se_pnr


def se_form(rng, d, serial):
    """Write birth date d and 3-digit serial in a random accepted form."""
    ten = '%02d%02d%02d' % (d.year % 100, d.month, d.day) + serial
    ten += luhn.calc_check_digit(ten)
    full = '%04d' % d.year + ten[2:]
    r = rng.randrange(4)
    if r == 0:
        return full
    if r == 1:
        return full[:8] + '-' + full[8:]
    age = TODAY.year - d.year
    sep = '+' if age >= 100 else '-'
    if r == 2:
        return ten[:6] + sep + ten[6:]
    return ten


def se_valid(rng):
    d = rdate(rng, datetime.date(1880, 1, 1), TODAY)
    return se_form(rng, d, digits(rng, 3))


def se_edge(rng):
    if rng.random() < 0.2:    # 29 February of 1900 (no leap day) or 2000
        ten = '000229' + digits(rng, 3)
        ten += luhn.calc_check_digit(ten)
        return rng.choice([ten[:6] + '+' + ten[6:], ten[:6] + '-' + ten[6:],
                           ten, '19' + ten, '20' + ten])
    yy = rng.randrange(100)
    mm = rng.choice([0, 13, 2, 4, 19, 99])
    dd = rng.choice([0, 30, 31, 32, 29, 59])
    ten = '%02d%02d%02d' % (yy, mm, dd) + digits(rng, 3)
    ten += luhn.calc_check_digit(ten)
    r = rng.randrange(3)
    if r == 0:
        return rng.choice(['19', '20', '00']) + ten
    if r == 1:
        return ten[:6] + rng.choice('-+') + ten[6:]
    return ten


def se_rand(rng):
    s = digits(rng, rng.choice([10, 12]))
    if rng.random() < 0.5:
        s = s[:-4] + rng.choice('-+') + s[-4:]
    return s


def se_coordination(c):
    """Day of month + 60: a coordination number, which trawl accepts and
    stdnum 1.18 rejects."""
    d = [ch for ch in c if ch.isdigit()]
    if len(d) not in (10, 12):
        return False
    return int(''.join(d[-6:-4])) > 60


spec('se_pnr', personnummer, se_valid, se_rand, edge=se_edge,
     formats=[(lambda s: s if len(s) in (11, 13) else
               s[:-4] + '-' + s[-4:], True)],
     outside=se_coordination)

# --------------------------------------------------------------- fi_hetu
HETU_SIGN = {1800: '+', 1900: '-', 2000: 'A'}
HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY'


def hetu_make(d, ind):
    dm = '%02d%02d%02d' % (d.day, d.month, d.year % 100)
    return (dm + HETU_SIGN[d.year // 100 * 100] + '%03d' % ind +
            HETU_CHECK[int(dm + '%03d' % ind) % 31])


def hetu_valid(rng):
    d = rdate(rng, datetime.date(1800, 1, 1), datetime.date(2099, 12, 31))
    return hetu_make(d, rng.randint(2, 899))


def hetu_edge(rng):
    if rng.random() < 0.5:   # individual number 000, 001 or temporary
        d = rdate(rng, datetime.date(1800, 1, 1), datetime.date(2099, 12, 31))
        return hetu_make(d, rng.choice([0, 1, rng.randint(900, 999)]))
    dm = '%02d%02d%02d' % (rng.choice([0, 29, 30, 31, 32]),
                           rng.choice([0, 2, 4, 13]), rng.randrange(100))
    ind = '%03d' % rng.randint(2, 899)
    return dm + rng.choice('+-A') + ind + HETU_CHECK[int(dm + ind) % 31]


spec('fi_hetu', hetu, hetu_valid,
     lambda rng: (digits(rng, 6) + rng.choice('+-A') + digits(rng, 3) +
                  rng.choice(HETU_CHECK)),
     edge=hetu_edge, formats=[(lambda s: s.lower(), True)],
     # the century signs of 2023 (Y X W V U, B C D E F): trawl accepts
     # them, stdnum 1.18 does not know them
     outside=lambda c: len(c) == 11 and c[6].upper() in 'YXWVUBCDEF')

# ---------------------------------------------------------------- dk_cpr


def cpr_digit7(rng, year):
    yy = year % 100
    choices = []
    for c in range(10):
        if c in (5, 6, 7, 8) and yy >= 58:
            cen = 1800
        elif c <= 3 or (c in (4, 9) and yy >= 37):
            cen = 1900
        else:
            cen = 2000
        if cen == year // 100 * 100:
            choices.append(str(c))
    return rng.choice(choices) if choices else None


def cpr_make(rng, d):
    c = cpr_digit7(rng, d.year)
    if c is None:
        return None
    return '%02d%02d%02d' % (d.day, d.month, d.year % 100) + c + digits(rng, 3)


def cpr_valid(rng):
    while True:
        s = cpr_make(rng, rdate(rng, datetime.date(1858, 1, 1), TODAY))
        if s:
            return s


def cpr_edge(rng):
    if rng.random() < 0.6:   # born in the future
        while True:
            s = cpr_make(rng, rdate(rng, TODAY + datetime.timedelta(days=1),
                                    datetime.date(2036, 12, 31)))
            if s:
                return s
    return ('%02d%02d' % (rng.choice([0, 30, 31, 32]),
                          rng.choice([0, 2, 4, 13])) + digits(rng, 6))


spec('dk_cpr', cpr, cpr_valid, lambda rng: digits(rng, 10), edge=cpr_edge,
     formats=[(fmt([6, 4], '-'), True), (fmt([6, 4], ' '), True)])

# ----------------------------------------------------------------- be_nn


def nn_make(rng, yy, mm, dd, century):
    p = '%02d%02d%02d' % (yy, mm, dd) + digits(rng, 3)
    full = ('2' if century == 2000 else '') + p
    return p + '%02d' % (97 - int(full) % 97)


def nn_valid(rng):
    d = rdate(rng, datetime.date(1900, 1, 1), TODAY)
    mm, dd = d.month, d.day
    if rng.random() < 0.05:
        mm, dd = 0, 0     # birth date unknown
    return nn_make(rng, d.year % 100, mm, dd, d.year // 100 * 100)


def nn_edge(rng):
    if rng.random() < 0.7 and TODAY.year < 2099:  # 20yy in the future
        yy = rng.randint(TODAY.year % 100 + 1, 99)
        return nn_make(rng, yy, rng.randint(1, 12), rng.randint(1, 28), 2000)
    return rng.choice(['00000000000', insert_stray(rng, nn_valid(rng))])


spec('be_nn', be_nn, nn_valid, lambda rng: digits(rng, 11), edge=nn_edge,
     formats=[(lambda s: '%s.%s.%s-%s.%s' % (s[:2], s[2:4], s[4:6], s[6:9],
                                             s[9:]), True),
              (fmt([2, 2, 2, 3, 2], ' '), True)])


if __name__ == '__main__':
    sys.exit(ORACLE.main())
