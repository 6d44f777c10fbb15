"""pii.py - generators of synthetic personal data for trawl's corpora and tests.

Every value made here is invented: numbers are drawn at random and then given
*valid* check digits (so a scanner that validates them finds them), names come
from the short built-in lists below, e-mail addresses use only example.com,
example.org and example.net, and secrets are random bytes in the right shape.
Nothing here is, or is derived from, a real person's data.

All generators take a ``random.Random`` as their first argument so callers
decide the seed; the same seed gives the same values on every run (nothing
iterates a set or depends on PYTHONHASHSEED). One implementation serves
corpus/generate.py (the committed sample corpus), bench/gen_corpus.py (the
benchmark corpus) and the tests.

Use from another directory:

    sys.path.insert(0, os.path.join(TOP, 'corpus'))
    import pii
    rng = random.Random(1)
    pii.ssn(rng)                           # '536-90-4399'-shaped, valid
    pii.make('UK_NHS_NUMBER', rng)         # any type id of KINDS
    pii.plant_text('UK_NHS_NUMBER', rng)   # (before, value, after) with a keyword
    pii.self_check()                       # python-stdnum agrees with us

Only the standard library and python-stdnum (Debian python3-stdnum) are used.
"""

import base64
import json
import string

from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum import verhoeff as _verhoeff
from stdnum.iso7064 import mod_11_10 as _mod_11_10

DIGITS = '0123456789'
UPPER = string.ascii_uppercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + '+/'
B64URL = string.ascii_letters + string.digits + '-_'

# --------------------------------------------------------------------------
# small helpers


def _digits(rng, n):
    return ''.join(rng.choice(DIGITS) for _ in range(n))


def _chars(rng, alphabet, n):
    return ''.join(rng.choice(alphabet) for _ in range(n))


def _date(rng, y0=1950, y1=1999):
    """A (year, month, day) that exists; day <= 28 keeps every month valid."""
    return rng.randint(y0, y1), rng.randint(1, 12), rng.randint(1, 28)


def luhn_ok(number):
    """True when the digit string passes the Luhn check."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = ord(ch) - 48
        if i & 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _luhn_complete(body):
    return body + _luhn.calc_check_digit(body)


# --------------------------------------------------------------------------
# names and e-mail

FIRST_NAMES = (
    'Alice', 'Bruno', 'Chiara', 'Dmitri', 'Elena', 'Farid', 'Greta', 'Hugo',
    'Ines', 'Jonas', 'Keiko', 'Lars', 'Maria', 'Nils', 'Olga', 'Pedro',
    'Quentin', 'Rosa', 'Sven', 'Tariq', 'Ursula', 'Viktor', 'Wendy', 'Yusuf',
    'Zofia', 'Anika', 'Bram', 'Camille', 'Diego', 'Eva',
)
LAST_NAMES = (
    'Abbott', 'Bianchi', 'Castillo', 'Dubois', 'Eriksson', 'Fischer',
    'Garcia', 'Hansen', 'Ivanova', 'Jansen', 'Kowalski', 'Larsen', 'Moreau',
    'Nowak', 'Oliveira', 'Petrov', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka',
    'Uddin', 'Virtanen', 'Weber', 'Yilmaz', 'Zimmermann', 'Bakker', 'Costa',
    'Dahl', 'Lindqvist', 'Peeters',
)
EMAIL_DOMAINS = ('example.com', 'example.org', 'example.net')


def person(rng):
    """A fake (first, last) name pair."""
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def email(rng, first=None, last=None):
    """first.last@example.{com,org,net}, sometimes with a small number."""
    if first is None:
        first, last = person(rng)
    local = '%s.%s' % (first.lower(), last.lower())
    style = rng.randrange(4)
    if style == 1:
        local = first[0].lower() + last.lower()
    elif style == 2:
        local = '%s%d' % (local, rng.randint(1, 99))
    return '%s@%s' % (local, rng.choice(EMAIL_DOMAINS))


# --------------------------------------------------------------------------
# national identifiers (each valid by python-stdnum's rules)


def ssn(rng):
    """US SSN ddd-dd-dddd: area 001-665 or 667-899 (not 666, not 9xx)."""
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        v = '%03d-%02d-%04d' % (area, rng.randint(1, 99), rng.randint(1, 9999))
        if v not in ('078-05-1120', '457-55-5462', '219-09-9999'):
            return v


_NINO_BAD_FIRST = 'DFIQUV'
_NINO_BAD_SECOND = 'DFIOQUV'
_NINO_BAD_PREFIX = ('BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ')


def uk_nino(rng, spaced=None):
    """UK National Insurance number, 'AB 12 34 56 C' or 'AB123456C'."""
    while True:
        a = rng.choice(UPPER)
        b = rng.choice(UPPER)
        if a in _NINO_BAD_FIRST or b in _NINO_BAD_SECOND or a + b in _NINO_BAD_PREFIX:
            continue
        break
    d = _digits(rng, 6)
    s = rng.choice('ABCD')
    if spaced is None:
        spaced = rng.random() < 0.5
    if spaced:
        return '%s%s %s %s %s %s' % (a, b, d[0:2], d[2:4], d[4:6], s)
    return a + b + d + s


def uk_nino_ok(v):
    v = v.replace(' ', '')
    return (len(v) == 9 and v[0] not in _NINO_BAD_FIRST and v[0].isupper()
            and v[1] not in _NINO_BAD_SECOND and v[1].isupper()
            and v[:2] not in _NINO_BAD_PREFIX and v[2:8].isdigit()
            and v[8] in 'ABCD')


def uk_nhs(rng):
    """UK NHS number 'ddd ddd dddd' (mod 11; a remainder of 10 is skipped)."""
    while True:
        body = str(rng.randint(4, 6)) + _digits(rng, 8)   # 400-699 range
        total = sum(int(c) * w for c, w in zip(body, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        n = body + str(check)
        return '%s %s %s' % (n[0:3], n[3:6], n[6:10])


def de_idnr(rng, spaced=None):
    """German Steuer-IdNr: 11 digits, one digit twice in the first ten."""
    while True:
        rep = rng.choice(DIGITS)
        others = [d for d in DIGITS if d != rep]
        rng.shuffle(others)
        ten = others[:8] + [rep, rep]
        rng.shuffle(ten)
        if ten[0] == '0':
            continue
        body = ''.join(ten)
        n = body + _mod_11_10.calc_check_digit(body)
        if spaced is None:
            spaced = rng.random() < 0.5
        if spaced:
            return '%s %s %s %s' % (n[0:2], n[2:5], n[5:8], n[8:11])
        return n


def fr_nir(rng, spaced=True):
    """French NIR (numero de securite sociale), '1 84 12 76 451 089 46'."""
    y, m, _ = _date(rng)
    dept = rng.choice([d for d in range(1, 96) if d != 20])
    body = '%d%02d%02d%02d%03d%03d' % (rng.randint(1, 2), y % 100, m, dept,
                                       rng.randint(1, 990), rng.randint(1, 999))
    n = body + '%02d' % (97 - int(body) % 97)
    if spaced:
        return ' '.join((n[0], n[1:3], n[3:5], n[5:7], n[7:10], n[10:13], n[13:]))
    return n


_CF_MONTHS = 'ABCDEHLMPRST'
_CF_ODD = dict(zip(DIGITS + UPPER,
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21] +
                   [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6,
                    8, 12, 14, 16, 10, 22, 25, 24, 23]))
_CF_EVEN = dict(zip(DIGITS + UPPER, list(range(10)) + list(range(26))))


def _cf_part(word, is_first_name):
    w = word.upper()
    cons = [c for c in w if c in UPPER and c not in 'AEIOU']
    vows = [c for c in w if c in 'AEIOU']
    if is_first_name and len(cons) >= 4:
        cons = [cons[0], cons[2], cons[3]]
    return (''.join(cons + vows) + 'XXX')[:3]


def it_codice_fiscale(rng, first=None, last=None):
    """Italian codice fiscale, e.g. 'RSSMRA84C12H501' + check letter."""
    if first is None:
        first, last = person(rng)
    y, m, d = _date(rng)
    female = rng.random() < 0.5
    body = '%s%s%02d%s%02d%s%03d' % (
        _cf_part(last, False), _cf_part(first, True), y % 100,
        _CF_MONTHS[m - 1], d + (40 if female else 0),
        rng.choice('ABCDEFGHLM'), rng.randint(1, 999))
    code = sum((_CF_ODD if i % 2 == 0 else _CF_EVEN)[c] for i, c in enumerate(body))
    return body + UPPER[code % 26]


_DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE'


def es_dni(rng):
    """Spanish DNI, 8 digits and a letter: '12345678Z'."""
    n = rng.randint(10000000, 99999999)
    return '%08d%s' % (n, _DNI_LETTERS[n % 23])


def es_nie(rng):
    """Spanish NIE, X/Y/Z, 7 digits and a letter: 'X1234567L'."""
    p = rng.randrange(3)
    n = rng.randint(0, 9999999)
    return '%s%07d%s' % ('XYZ'[p], n, _DNI_LETTERS[int('%d%07d' % (p, n)) % 23])


def br_cpf(rng):
    """Brazilian CPF 'ddd.ddd.ddd-dd'."""
    while True:
        b = _digits(rng, 9)
        if len(set(b)) > 1:
            break
    d1 = (11 - sum((10 - i) * int(b[i]) for i in range(9))) % 11 % 10
    d2 = (11 - sum((11 - i) * int(b[i]) for i in range(9)) - 2 * d1) % 11 % 10
    n = b + str(d1) + str(d2)
    return '%s.%s.%s-%s' % (n[0:3], n[3:6], n[6:9], n[9:11])


def br_cnpj(rng):
    """Brazilian CNPJ 'dd.ddd.ddd/0001-dd'."""
    b = str(rng.randint(1, 9)) + _digits(rng, 7) + '0001'
    d1 = (11 - sum(((3 - i) % 8 + 2) * int(c) for i, c in enumerate(b))) % 11 % 10
    d2 = (11 - sum(((4 - i) % 8 + 2) * int(c) for i, c in enumerate(b)) - 2 * d1) % 11 % 10
    n = b + str(d1) + str(d2)
    return '%s.%s.%s/%s-%s' % (n[0:2], n[2:5], n[5:8], n[8:12], n[12:14])


def ca_sin(rng):
    """Canadian SIN 'ddd-ddd-ddd' (Luhn; first digit 1-7)."""
    n = _luhn_complete(str(rng.randint(1, 7)) + _digits(rng, 7))
    return '%s-%s-%s' % (n[0:3], n[3:6], n[6:9])


def in_aadhaar(rng):
    """Indian Aadhaar 'dddd dddd dddd' (Verhoeff; first digit 2-9)."""
    while True:
        b = str(rng.randint(2, 9)) + _digits(rng, 10)
        n = b + _verhoeff.calc_check_digit(b)
        if n != n[::-1]:
            return '%s %s %s' % (n[0:4], n[4:8], n[8:12])


def in_pan(rng, last=None):
    """Indian PAN 'ABCPD1234E' (4th letter P: an individual)."""
    if last is None:
        last = rng.choice(LAST_NAMES)
    return '%sP%s%04d%s' % (_chars(rng, UPPER, 3), last[0].upper(),
                            rng.randint(1, 9999), rng.choice(UPPER))


def nl_bsn(rng, dotted=None):
    """Dutch BSN, 9 digits passing the 11-test: '1234.56.782' or plain."""
    while True:
        b = str(rng.randint(1, 6)) + _digits(rng, 7)
        s = sum((9 - i) * int(c) for i, c in enumerate(b)) % 11
        if s == 10:
            continue
        n = b + str(s)
        if dotted is None:
            dotted = rng.random() < 0.3
        return '%s.%s.%s' % (n[0:4], n[4:6], n[6:9]) if dotted else n


def pl_pesel(rng):
    """Polish PESEL, 11 digits (born 1950-1999)."""
    y, m, d = _date(rng)
    b = '%02d%02d%02d%04d' % (y % 100, m, d, rng.randint(0, 9999))
    w = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)
    return b + str((10 - sum(x * int(c) for x, c in zip(w, b))) % 10)


def se_personnummer(rng):
    """Swedish personnummer 'YYMMDD-NNNC' (Luhn over the ten digits)."""
    y, m, d = _date(rng)
    b = '%02d%02d%02d%03d' % (y % 100, m, d, rng.randint(0, 999))
    n = _luhn_complete(b)
    return n[:6] + '-' + n[6:]


_HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY'


def fi_hetu(rng):
    """Finnish henkilotunnus 'DDMMYY-NNNC' (born 1950-1999)."""
    y, m, d = _date(rng)
    ind = rng.randint(2, 899)
    n = '%02d%02d%02d%03d' % (d, m, y % 100, ind)
    return '%02d%02d%02d-%03d%s' % (d, m, y % 100, ind, _HETU_CHECK[int(n) % 31])


def dk_cpr(rng):
    """Danish CPR 'DDMMYY-NNNN' (born 1950-1999; also passes the old mod 11)."""
    w = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    while True:
        y, m, d = _date(rng)
        b = '%02d%02d%02d%d%02d' % (d, m, y % 100, rng.randint(0, 3), rng.randint(0, 99))
        s = sum(x * int(c) for x, c in zip(w, b)) % 11
        c = (11 - s) % 11
        if c == 10:
            continue
        n = b + str(c)
        return n[:6] + '-' + n[6:]


def be_nn(rng):
    """Belgian national number 'YY.MM.DD-NNN.CC' (born 1950-1999)."""
    y, m, d = _date(rng)
    b = '%02d%02d%02d%03d' % (y % 100, m, d, rng.randint(1, 997))
    c = 97 - int(b) % 97
    return '%s.%s.%s-%s.%02d' % (b[0:2], b[2:4], b[4:6], b[6:9], c)


# --------------------------------------------------------------------------
# payment cards


# (brand, prefixes, length, grouping)
CARD_BRANDS = (
    ('Visa', ('4',), 16, (4, 4, 4, 4)),
    ('Mastercard', ('51', '52', '53', '54', '55', '2221', '2720'), 16, (4, 4, 4, 4)),
    ('American Express', ('34', '37'), 15, (4, 6, 5)),
    ('Discover', ('6011', '65'), 16, (4, 4, 4, 4)),
    ('JCB', ('3528', '3566', '3589'), 16, (4, 4, 4, 4)),
)

# Issuers' published test numbers: a scanner must suppress these, so the
# generator never emits them as findings.
KNOWN_TEST_CARDS = frozenset((
    '4111111111111111', '4242424242424242', '4012888888881881',
    '4222222222222', '5555555555554444', '5105105105105100',
    '378282246310005', '371449635398431', '6011111111111117',
    '6011000990139424', '3530111333300000', '3566002020360505',
))


def credit_card(rng, brand=None, sep=None):
    """A Luhn-valid card number; returns (brand, text). sep: '', ' ' or '-'."""
    if brand is None:
        b = rng.choice(CARD_BRANDS)
    else:
        b = [x for x in CARD_BRANDS if x[0] == brand][0]
    name, prefixes, length, groups = b
    while True:
        p = rng.choice(prefixes)
        n = _luhn_complete(p + _digits(rng, length - len(p) - 1))
        if n not in KNOWN_TEST_CARDS:
            break
    if sep is None:
        sep = rng.choice(('', ' ', ' ', '-'))
    if sep:
        parts, i = [], 0
        for g in groups:
            parts.append(n[i:i + g])
            i += g
        n = sep.join(parts)
    return name, n


def card_lookalike(text):
    """True when text holds a run of 13-19 digits (ignoring single spaces or
    hyphens) that passes Luhn: used to keep other values (IBANs) from also
    reading as card numbers."""
    run = []
    for ch in text + '#':
        if ch.isdigit():
            run.append(ch)
            continue
        if ch in ' -' and run:
            continue
        if len(run) >= 13:
            s = ''.join(run)
            for ln in range(13, 20):
                for i in range(0, len(s) - ln + 1):
                    if luhn_ok(s[i:i + ln]) and s[i] in '23456':
                        return True
        run = []
    return False


# --------------------------------------------------------------------------
# IBANs

IBAN_TYPES = {
    'DE': 'GERMANY_BANK_ACCOUNT_NUMBER',
    'FR': 'FRANCE_BANK_ACCOUNT_NUMBER',
    'GB': 'UK_BANK_ACCOUNT_NUMBER',
    'NL': 'NETHERLANDS_BANK_ACCOUNT_NUMBER',
    'ES': 'SPAIN_BANK_ACCOUNT_NUMBER',
}
_GB_BANKS = ('NWBK', 'BARC', 'LOYD', 'MIDL', 'HBUK')
_NL_BANKS = ('ABNA', 'INGB', 'RABO', 'SNSB', 'TRIO')


def _es_ccc_digit(s):
    c = sum(int(n) * 2 ** i for i, n in enumerate(s)) % 11
    return str(c if c < 2 else 11 - c)


def _bban(rng, cc):
    if cc == 'DE':
        return _digits(rng, 8) + _digits(rng, 10)
    if cc == 'FR':
        bank, branch, acct = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return bank + branch + acct + '%02d' % key
    if cc == 'GB':
        return rng.choice(_GB_BANKS) + _digits(rng, 6) + _digits(rng, 8)
    if cc == 'NL':
        while True:   # old Dutch accounts pass an 11-test; keep that shape
            acct = '0' + str(rng.randint(1, 9)) + _digits(rng, 8)
            if sum(int(c) * w for c, w in zip(acct, range(10, 0, -1))) % 11 == 0:
                return rng.choice(_NL_BANKS) + acct
    if cc == 'ES':
        bank, branch, acct = _digits(rng, 4), _digits(rng, 4), _digits(rng, 10)
        d = _es_ccc_digit('00' + bank + branch) + _es_ccc_digit(acct)
        return bank + branch + d + acct
    raise ValueError('no IBAN generator for ' + cc)


def iban(rng, cc, sep=' '):
    """A valid IBAN of country cc (DE FR GB NL ES); sep '', ' ' or '-'
    groups it by four. Never reads as a card number as well."""
    while True:
        bban = _bban(rng, cc)
        v = cc + _iban.calc_check_digits(cc + '00' + bban) + bban
        if sep:
            v = sep.join(v[i:i + 4] for i in range(0, len(v), 4))
        if not card_lookalike(v):
            return v


# --------------------------------------------------------------------------
# credentials

AWS_EXAMPLE_SECRETS = ('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
                       'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY')


def aws_access_key_id(rng):
    return 'AKIA' + _chars(rng, UPPER + '234567', 16)


def aws_secret_key(rng):
    """40 characters of the base64 alphabet, like a secret access key."""
    while True:
        v = _chars(rng, B64, 40)
        if 'EXAMPLE' not in v:
            return v


def _b64_lines(data, width):
    s = base64.b64encode(data).decode('ascii')
    return [s[i:i + width] for i in range(0, len(s), width)]


def openssh_private_key(rng):
    """An OpenSSH private key block of random bytes (list of lines)."""
    body = b'openssh-key-v1\x00' + rng.randbytes(384)
    return (['-----BEGIN OPENSSH PRIVATE KEY-----'] + _b64_lines(body, 70) +
            ['-----END OPENSSH PRIVATE KEY-----'])


def pgp_private_key(rng):
    """An ASCII-armoured PGP private key block of random bytes."""
    body = b'\x95\x03\xc6\x04' + rng.randbytes(450)
    crc = base64.b64encode(rng.randbytes(3)).decode('ascii')
    return (['-----BEGIN PGP PRIVATE KEY BLOCK-----', ''] + _b64_lines(body, 64) +
            ['=' + crc, '-----END PGP PRIVATE KEY BLOCK-----'])


def pkcs8_private_key(rng):
    """A PEM 'BEGIN PRIVATE KEY' (PKCS #8) block of random bytes."""
    body = b'\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09' + rng.randbytes(600)
    return (['-----BEGIN PRIVATE KEY-----'] + _b64_lines(body, 64) +
            ['-----END PRIVATE KEY-----'])


def _b64url(data):
    return base64.urlsafe_b64encode(data).decode('ascii').rstrip('=')


def jwt(rng):
    """header.payload.signature, HS256, with an invented subject."""
    first, last = person(rng)
    head = _b64url(b'{"alg":"HS256","typ":"JWT"}')
    claims = {'sub': 'user-%d' % rng.randint(1000, 99999),
              'name': '%s %s' % (first, last),
              'iat': 1700000000 + rng.randint(0, 30000000)}
    payload = _b64url(json.dumps(claims, separators=(',', ':')).encode())
    return '%s.%s.%s' % (head, payload, _b64url(rng.randbytes(32)))


def stripe_key(rng):
    return 'sk_live_' + _chars(rng, ALNUM, 24)


def gcp_api_key(rng):
    return 'AIza' + _chars(rng, ALNUM + '-_', 35)


def basic_auth_header(rng):
    """'Authorization: Basic <base64 of user:password>'."""
    user = rng.choice(('svc-deploy', 'backup', 'admin', 'ci-runner', 'reports'))
    pw = _chars(rng, ALNUM, rng.randint(12, 20))
    token = base64.b64encode(('%s:%s' % (user, pw)).encode()).decode('ascii')
    return 'Authorization: Basic ' + token


# --------------------------------------------------------------------------
# prose

# English-like filler. Deliberately free of digits, '@' and of every keyword
# an identifier may look for (card, account, bank, tax, id, number, social,
# security, insurance, passport, licence, key, secret, token, birth, ...),
# so filler never makes a keyword-required value count as found.
WORDS = (
    'the of and to in is was for on that with as it by at from this be are '
    'or an have not which but all were when we there can been one more if '
    'out so what up its about into than them only other new some could time '
    'these two may then do first any like now such make over did even most '
    'after also made many before must through back years where much your way '
    'well down should because each just those people how too little state '
    'good very world still own see men work long get here between both life '
    'being under never day same another know while last might us great old '
    'year off come since against go came right used take three himself few '
    'house use during without again place around however home small found '
    'thought went say part once general high upon school every does got left '
    'whole public already although often small river garden '
    'morning window table meeting project report budget office quarter team '
    'review schedule plan supplier warehouse shipment delivery invoice '
    'customer order product service support ticket release version feature '
    'request response weather coffee lunch train station village mountain '
    'harbour bridge market library museum concert holiday summer winter '
    'autumn spring green blue quiet bright early late quickly slowly '
    'together carefully usually finally probably certainly perhaps nearly '
    'discussed agreed noted asked replied decided moved opened closed '
    'started finished planned checked updated shared printed signed sent '
    'received approved delayed'
).split()
# Also drop words that merely contain a short keyword, in case a scanner
# matches keywords inside words.
SHORT_KEYWORDS = ('sin', 'pan', 'nie', 'dni', 'cpr', 'nir', 'ssn', 'bsn',
                   'nhs', 'id', 'tin', 'pin', 'dob', 'iban', 'visa', 'cvv')
WORDS = tuple(w for w in WORDS if not any(k in w for k in SHORT_KEYWORDS))


def sentence(rng, lo=6, hi=16):
    ws = [rng.choice(WORDS) for _ in range(rng.randint(lo, hi))]
    ws[0] = ws[0].capitalize()
    return ' '.join(ws) + rng.choice('....!?')


def paragraph(rng, lo=2, hi=5):
    return ' '.join(sentence(rng) for _ in range(rng.randint(lo, hi)))


def wrap(text, width=78):
    """Greedy word wrap (textwrap without its cost and options)."""
    lines, cur, n = [], [], 0
    for w in text.split(' '):
        if cur and n + 1 + len(w) > width:
            lines.append(' '.join(cur))
            cur, n = [w], len(w)
        else:
            n += len(w) + (1 if cur else 0)
            cur.append(w)
    if cur:
        lines.append(' '.join(cur))
    return lines


# --------------------------------------------------------------------------
# the catalogue: type id -> generator, keywords, whether a keyword is needed

def _card_value(rng):
    return credit_card(rng)[1]


def _iban_gen(cc):
    return lambda rng: iban(rng, cc, sep=rng.choice(('', ' ', ' ', '-')))


# type id: (generator, keywords placed before the value, keyword required,
#           single line)
KINDS = {
    'USA_SOCIAL_SECURITY_NUMBER': (ssn, ('SSN', 'SSN#', 'social security number'), True, True),
    'CREDIT_CARD_NUMBER': (_card_value, ('credit card', 'card number', 'Visa', 'Mastercard'), True, True),
    'CREDIT_CARD_NUMBER_(NO_KEYWORD)': (_card_value, (), False, True),
    'GERMANY_BANK_ACCOUNT_NUMBER': (_iban_gen('DE'), ('IBAN',), False, True),
    'FRANCE_BANK_ACCOUNT_NUMBER': (_iban_gen('FR'), ('IBAN',), False, True),
    'UK_BANK_ACCOUNT_NUMBER': (_iban_gen('GB'), ('IBAN',), False, True),
    'NETHERLANDS_BANK_ACCOUNT_NUMBER': (_iban_gen('NL'), ('IBAN',), False, True),
    'SPAIN_BANK_ACCOUNT_NUMBER': (_iban_gen('ES'), ('IBAN',), False, True),
    'UK_NATIONAL_INSURANCE_NUMBER': (uk_nino, ('National Insurance number', 'NINO'), True, True),
    'UK_NHS_NUMBER': (uk_nhs, ('NHS number', 'NHS no'), True, True),
    'GERMANY_TAX_IDENTIFICATION_NUMBER': (de_idnr, ('Steuer-IdNr', 'Steueridentifikationsnummer', 'IdNr'), True, True),
    'FRANCE_NATIONAL_IDENTIFICATION_NUMBER': (fr_nir, ('numero INSEE', 'NIR', 'numero de securite sociale'), True, True),
    'ITALY_NATIONAL_IDENTIFICATION_NUMBER': (it_codice_fiscale, ('codice fiscale',), True, True),
    'SPAIN_DNI_NUMBER': (es_dni, ('DNI',), True, True),
    'SPAIN_NIE_NUMBER': (es_nie, ('NIE',), True, True),
    'BRAZIL_CPF_NUMBER': (br_cpf, ('CPF',), True, True),
    'BRAZIL_CNPJ_NUMBER': (br_cnpj, ('CNPJ',), True, True),
    'CANADA_SOCIAL_INSURANCE_NUMBER': (ca_sin, ('SIN', 'social insurance number'), True, True),
    'INDIA_AADHAAR_NUMBER': (in_aadhaar, ('Aadhaar',), True, True),
    'INDIA_PERMANENT_ACCOUNT_NUMBER': (in_pan, ('PAN',), True, True),
    'NETHERLANDS_BSN_NUMBER': (nl_bsn, ('BSN', 'burgerservicenummer'), True, True),
    'POLAND_PESEL_NUMBER': (pl_pesel, ('PESEL',), True, True),
    'SWEDEN_NATIONAL_ID_NUMBER': (se_personnummer, ('personnummer',), True, True),
    'FINLAND_NATIONAL_ID_NUMBER': (fi_hetu, ('henkilotunnus', 'HETU'), True, True),
    'DENMARK_CPR_NUMBER': (dk_cpr, ('CPR', 'CPR-nummer'), True, True),
    'BELGIUM_NATIONAL_ID_CARD_NUMBER': (be_nn, ('rijksregisternummer', 'numero national'), True, True),
    'EMAIL_ADDRESS': (email, (), False, True),
    'AWS_CREDENTIALS': (aws_secret_key, ('aws_secret_access_key',), True, True),
    'OPENSSH_PRIVATE_KEY': (openssh_private_key, (), False, False),
    'PGP_PRIVATE_KEY': (pgp_private_key, (), False, False),
    'PKCS': (pkcs8_private_key, (), False, False),
    'JSON_WEB_TOKEN': (jwt, (), False, True),
    'STRIPE_CREDENTIALS': (stripe_key, (), False, True),
    'GCP_API_KEY': (gcp_api_key, ('api_key', 'GOOGLE_API_KEY'), True, True),
    'HTTP_BASIC_AUTH_HEADER': (basic_auth_header, (), False, True),
}


def make(type_id, rng):
    """A value of type_id: a string, or a list of lines for key blocks."""
    return KINDS[type_id][0](rng)


def keyword_required(type_id):
    return KINDS[type_id][2]


def plant_text(type_id, rng, keyword=True):
    """(before, value, after) for one single-line value set in a sentence.

    With keyword=True a keyword of the type ends `before`, a few characters
    from the value (well inside Macie's 30-character rule); with False the
    text around it holds no keyword of any type.
    """
    gen, kws, _, single = KINDS[type_id]
    if not single:
        raise ValueError(type_id + ' is a multi-line block')
    value = gen(rng)
    if type_id == 'AWS_CREDENTIALS':
        if keyword:
            return ('aws_secret_access_key = ', value, '')
        return ('', value, '')
    if type_id == 'HTTP_BASIC_AUTH_HEADER':
        return ('', value, '')
    if keyword and kws:
        kw = rng.choice(kws)
        lead = rng.choice(('%s: ', '%s ', 'the %s is ', '%s = ', '(%s) '))
        before = lead % kw
    else:
        before = rng.choice(('ref ', 'value ', 'see ', 'entry ', ''))
    after = rng.choice(('', '.', ' was noted.', ', then checked.', ' today.'))
    return before, value, after


def self_check(n=200, seed=12345):
    """Generate n of each kind and check them against python-stdnum (or our
    own rule where stdnum has none). Raises AssertionError on a bad value."""
    import random
    from stdnum import luhn
    from stdnum.be import nn
    from stdnum.br import cnpj, cpf
    from stdnum.ca import sin
    from stdnum.de import idnr
    from stdnum.dk import cpr
    from stdnum.es import dni, nie
    from stdnum.es import iban as es_iban
    from stdnum.fi import hetu
    from stdnum.fr import nir
    from stdnum.gb import nhs
    from stdnum.in_ import aadhaar, pan
    from stdnum.it import codicefiscale
    from stdnum.nl import bsn
    from stdnum.pl import pesel
    from stdnum.se import personnummer
    from stdnum.us import ssn as us_ssn
    checks = {
        'USA_SOCIAL_SECURITY_NUMBER': us_ssn.is_valid,
        'UK_NATIONAL_INSURANCE_NUMBER': uk_nino_ok,
        'UK_NHS_NUMBER': nhs.is_valid,
        'GERMANY_TAX_IDENTIFICATION_NUMBER': idnr.is_valid,
        'FRANCE_NATIONAL_IDENTIFICATION_NUMBER': nir.is_valid,
        'ITALY_NATIONAL_IDENTIFICATION_NUMBER': codicefiscale.is_valid,
        'SPAIN_DNI_NUMBER': dni.is_valid,
        'SPAIN_NIE_NUMBER': nie.is_valid,
        'BRAZIL_CPF_NUMBER': cpf.is_valid,
        'BRAZIL_CNPJ_NUMBER': cnpj.is_valid,
        'CANADA_SOCIAL_INSURANCE_NUMBER': sin.is_valid,
        'INDIA_AADHAAR_NUMBER': aadhaar.is_valid,
        'INDIA_PERMANENT_ACCOUNT_NUMBER': pan.is_valid,
        'NETHERLANDS_BSN_NUMBER': bsn.is_valid,
        'POLAND_PESEL_NUMBER': pesel.is_valid,
        'SWEDEN_NATIONAL_ID_NUMBER': personnummer.is_valid,
        'FINLAND_NATIONAL_ID_NUMBER': hetu.is_valid,
        'DENMARK_CPR_NUMBER': lambda v: cpr.is_valid(v) and cpr.checksum(cpr.compact(v)) == 0,
        'BELGIUM_NATIONAL_ID_CARD_NUMBER': nn.is_valid,
        'CREDIT_CARD_NUMBER': lambda v: luhn.is_valid(v.replace(' ', '').replace('-', '')),
    }
    checks['CREDIT_CARD_NUMBER_(NO_KEYWORD)'] = checks['CREDIT_CARD_NUMBER']
    for cc, t in IBAN_TYPES.items():
        checks[t] = (lambda cc: lambda v: _iban.is_valid(v) and v.replace(' ', '').replace('-', '')[:2] == cc
                     and (cc != 'ES' or es_iban.is_valid(v.replace('-', ''))))(cc)
    rng = random.Random(seed)
    for t in KINDS:
        fn = checks.get(t)
        for _ in range(n):
            v = make(t, rng)
            if fn is not None:
                assert fn(v), '%s: generated value failed its check' % t
            elif isinstance(v, list):
                assert v[0].startswith('-----BEGIN ') and v[-1].startswith('-----END ')
    return True


if __name__ == '__main__':
    self_check()
    r = __import__('random').Random(1)
    for t in KINDS:
        v = make(t, r)
        print('%-40s %s' % (t, v[0] + ' ...' if isinstance(v, list) else v))
