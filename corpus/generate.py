#!/usr/bin/python3
"""generate.py - write trawl's small sample corpus into corpus/sample/.

    /usr/bin/python3 corpus/generate.py [OUTDIR]     (default corpus/sample)

Deterministic: a fixed seed, no clock, no hash-order dependence, so running
it twice gives identical bytes. Everything in it is invented (see pii.py):
numbers carry valid check digits so a scanner finds them, names come from a
short list, e-mail addresses are under example.com/.org/.net.

Besides the sample files it writes EXPECTED.md (for people) and EXPECTED.tsv
(for tests): one row per planted occurrence with file, type, line and
1-based column, plus the value's length in bytes. Neither holds a planted
value, so scanning corpus/sample finds nothing in them.

OUTDIR is emptied first: it holds only what this script writes.
"""

import json
import os
import random
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import pii  # noqa: E402

SEED = 20240304


class File:
    """One sample file: its text, encoding and the values planted in it."""

    def __init__(self, path, purpose, encoding='utf-8', newline='\n'):
        self.path = path
        self.purpose = purpose
        self.encoding = encoding
        self.newline = newline
        self.lines = []
        self.plants = []      # (type, value text, extra note)
        self.note = ''

    def add(self, *lines):
        self.lines.extend(lines)

    def plant(self, type_id, value, note=''):
        """Remember that value (already in, or about to be added to, the
        text) is an occurrence of type_id; value may be a list of lines."""
        if isinstance(value, list):
            value = '\n'.join(value)
        self.plants.append((type_id, value, note))
        return value

    def text(self):
        return '\n'.join(self.lines) + ('\n' if self.lines else '')

    def data(self):
        t = self.text()
        if self.newline != '\n':
            t = t.replace('\n', self.newline)
        if self.encoding == 'utf-16-le':
            return b'\xff\xfe' + t.encode('utf-16-le')
        return t.encode(self.encoding)

    def locate(self):
        """(type, line, column, length, note) for each plant, found in the
        text as a UTF-8 byte column. Each value must occur exactly once and
        its line must be ASCII up to it (so byte and character columns
        agree)."""
        text = self.text().encode('utf-8')
        out = []
        for type_id, value, note in self.plants:
            v = value.encode('utf-8')
            pos = text.find(v)
            assert pos >= 0, '%s: planted %s not in text' % (self.path, type_id)
            assert text.find(v, pos + 1) < 0, '%s: %s occurs twice' % (self.path, type_id)
            bol = text.rfind(b'\n', 0, pos) + 1
            assert text[bol:pos].isascii(), '%s: non-ASCII before a value' % self.path
            line = text.count(b'\n', 0, pos) + 1
            length = len(v.replace(b'\n', self.newline.encode()))
            out.append((type_id, line, pos - bol + 1, length, note))
        out.sort(key=lambda r: (r[1], r[2]))
        return out


def filler(rng, n_par=1, width=76):
    lines = []
    for i in range(n_par):
        if i:
            lines.append('')
        lines.extend(pii.wrap(pii.paragraph(rng), width))
    return lines


def build(rng):
    files = []

    # ---- prose: a memo with US/UK/DE/FR identifiers, keyword beside each
    f = File('notes/onboarding-memo.txt',
             'HR memo: national IDs with keywords, an IBAN, a card, e-mails')
    first, last = pii.person(rng)
    sender = pii.email(rng, 'people', 'ops')
    f.add('From: People Operations <%s>' % f.plant('EMAIL_ADDRESS', sender),
          'To: Payroll team',
          'Subject: New starter paperwork for %s %s' % (first, last), '',
          'Hi all,', '')
    f.add(*filler(rng, 1))
    f.add('', 'Please set up payroll for %s %s with the details below.' % (first, last), '')
    f.add('  SSN: ' + f.plant('USA_SOCIAL_SECURITY_NUMBER', pii.ssn(rng)),
          '  National Insurance number: ' + f.plant('UK_NATIONAL_INSURANCE_NUMBER', pii.uk_nino(rng, spaced=True)),
          '  NHS number: ' + f.plant('UK_NHS_NUMBER', pii.uk_nhs(rng)),
          '  Steuer-IdNr: ' + f.plant('GERMANY_TAX_IDENTIFICATION_NUMBER', pii.de_idnr(rng, spaced=False)),
          '  Numero INSEE (NIR): ' + f.plant('FRANCE_NATIONAL_IDENTIFICATION_NUMBER', pii.fr_nir(rng)),
          '  Salary to IBAN ' + f.plant('GERMANY_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'DE', ' ')),
          '  Corporate Visa card ' + f.plant('CREDIT_CARD_NUMBER', pii.credit_card(rng, 'Visa', ' ')[1])
          + ' for travel.', '')
    f.add(*filler(rng, 2))
    me = pii.person(rng)
    f.add('', 'Thanks,', '%s %s' % me, f.plant('EMAIL_ADDRESS', pii.email(rng, *me)))
    files.append(f)

    # ---- prose: EU payroll roster, more national IDs and IBANs
    f = File('notes/eu-payroll.txt',
             'EU contractor roster: European IDs and IBANs with keywords')
    f.add('EU contractor roster - quarterly review', '')
    f.add(*filler(rng, 1))
    f.add('')
    rows = (
        ('Milan office, codice fiscale ', 'ITALY_NATIONAL_IDENTIFICATION_NUMBER', pii.it_codice_fiscale(rng), '.'),
        ('Madrid office, DNI ', 'SPAIN_DNI_NUMBER', pii.es_dni(rng), ' on file.'),
        ('Valencia contractor, NIE ', 'SPAIN_NIE_NUMBER', pii.es_nie(rng), ' on file.'),
        ('Utrecht office, BSN ', 'NETHERLANDS_BSN_NUMBER', pii.nl_bsn(rng, dotted=False), '.'),
        ('Krakow office, PESEL ', 'POLAND_PESEL_NUMBER', pii.pl_pesel(rng), '.'),
        ('Malmo office, personnummer ', 'SWEDEN_NATIONAL_ID_NUMBER', pii.se_personnummer(rng), '.'),
        ('Espoo office, henkilotunnus ', 'FINLAND_NATIONAL_ID_NUMBER', pii.fi_hetu(rng), '.'),
        ('Aarhus office, CPR-nummer ', 'DENMARK_CPR_NUMBER', pii.dk_cpr(rng), '.'),
        ('Ghent office, rijksregisternummer ', 'BELGIUM_NATIONAL_ID_CARD_NUMBER', pii.be_nn(rng), '.'),
    )
    for before, t, v, after in rows:
        f.add('- ' + before + f.plant(t, v) + after)
    f.add('')
    f.add(*filler(rng, 1))
    f.add('', 'Payments go to:',
          '- Lyon: IBAN ' + f.plant('FRANCE_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'FR', ' ')),
          '- Utrecht: IBAN ' + f.plant('NETHERLANDS_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'NL', '')),
          '- Madrid: IBAN ' + f.plant('SPAIN_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'ES', '-')),
          '- Leeds: IBAN ' + f.plant('UK_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'GB', ' ')), '')
    f.add(*filler(rng, 1))
    files.append(f)

    # ---- prose: KYC review, Americas and India, a card with no keyword
    f = File('notes/kyc-review.txt',
             'KYC notes: Brazil, Canada, India IDs; a card number with no keyword')
    f.add('Know-your-customer review, batch seven', '')
    f.add(*filler(rng, 1))
    f.add('',
          'Sao Paulo applicant: CPF ' + f.plant('BRAZIL_CPF_NUMBER', pii.br_cpf(rng)) + ' verified.',
          'Their employer, CNPJ ' + f.plant('BRAZIL_CNPJ_NUMBER', pii.br_cnpj(rng)) + ', is registered.',
          'Toronto applicant: social insurance number ' + f.plant('CANADA_SOCIAL_INSURANCE_NUMBER', pii.ca_sin(rng)) + '.',
          'Pune applicant: Aadhaar ' + f.plant('INDIA_AADHAAR_NUMBER', pii.in_aadhaar(rng))
          + ' and PAN ' + f.plant('INDIA_PERMANENT_ACCOUNT_NUMBER', pii.in_pan(rng)) + '.', '')
    f.add(*filler(rng, 1))
    f.add('', 'Reference ' + f.plant('CREDIT_CARD_NUMBER_(NO_KEYWORD)', pii.credit_card(rng, 'Mastercard', '')[1])
          + ' came up twice in the export; the team agreed to follow up.', '')
    f.add(*filler(rng, 1))
    f.add('', 'Questions to ' + f.plant('EMAIL_ADDRESS', pii.email(rng)) + ' please.')
    files.append(f)

    # ---- CSV customer export (CRLF, header row: column names are keywords)
    f = File('exports/crm-export.csv',
             'customer export, CRLF, header row; the credit_card column name is the keyword',
             newline='\r\n')
    f.add('customer_ref,name,email,country,iban,credit_card,signup')
    countries = ('DE', 'FR', 'GB', 'NL', 'ES')
    for i in range(10):
        fn, ln = pii.person(rng)
        cc = countries[i % len(countries)]
        em = pii.email(rng, fn, ln)
        ib = pii.iban(rng, cc, '' if i % 3 else ' ')
        card = pii.credit_card(rng, sep='' if i % 2 else ' ')[1]
        row = 'C%04d,%s %s,%s,%s,%s,%s,2023-%02d-%02d' % (
            101 + i, fn, ln, em, cc, ib, card, 1 + i, 3 + 2 * i)
        f.add(row)
        f.plant('EMAIL_ADDRESS', em)
        f.plant(pii.IBAN_TYPES[cc], ib)
        f.plant('CREDIT_CARD_NUMBER', card)
    f.note = ('One record per line: row N is line N (the header is row 1). '
              'Cell columns: email 3, iban 5, credit_card 6.')
    files.append(f)

    # ---- JSON export: keys on the path are the keywords
    f = File('exports/crm-export.json',
             'JSON export (pretty-printed array); keys ssn and card_number are the keywords')
    recs = []
    for i in range(5):
        fn, ln = pii.person(rng)
        cc = countries[(i + 2) % len(countries)]
        recs.append({
            'customer': 'C%04d' % (201 + i),
            'name': '%s %s' % (fn, ln),
            'email': pii.email(rng, fn, ln),
            'ssn': pii.ssn(rng),
            'payment': {
                'card_number': pii.credit_card(rng, sep='')[1],
                'iban': pii.iban(rng, cc, ''),
            },
            'created': '2024-02-%02d' % (5 + i),
        })
        cc_type = pii.IBAN_TYPES[cc]
        f.plant('EMAIL_ADDRESS', recs[-1]['email'], '$[%d].email' % i)
        f.plant('USA_SOCIAL_SECURITY_NUMBER', recs[-1]['ssn'], '$[%d].ssn' % i)
        f.plant('CREDIT_CARD_NUMBER', recs[-1]['payment']['card_number'], '$[%d].payment.card_number' % i)
        f.plant(cc_type, recs[-1]['payment']['iban'], '$[%d].payment.iban' % i)
    f.add(*json.dumps(recs, indent=2).split('\n'))
    files.append(f)

    # ---- application log: an e-mail and a JWT
    f = File('logs/app.log', 'application log: one e-mail address, one JWT')
    events = (
        'INFO  [http] GET /api/v1/orders status=200 dur=12ms',
        'INFO  [http] GET /api/v1/orders/stats status=200 dur=31ms',
        'DEBUG [cache] hit ratio=0.93 entries=1840',
        'WARN  [worker] queue depth above soft limit depth=412',
        'INFO  [http] POST /api/v1/reports status=202 dur=48ms',
        'INFO  [scheduler] nightly export started',
        'INFO  [scheduler] nightly export finished rows=5120',
        'ERROR [worker] retrying job reason=timeout attempt=2',
    )
    em = pii.email(rng)
    tok = pii.jwt(rng)
    for i in range(30):
        ts = '2024-03-04T09:%02d:%02d.%03dZ' % (i * 2 // 60 + i, (i * 37) % 60, (i * 211) % 1000)
        if i == 11:
            f.add('%s INFO  [auth] password reset requested for %s' % (ts, f.plant('EMAIL_ADDRESS', em)))
        elif i == 19:
            f.add('%s DEBUG [auth] session refreshed bearer=%s' % (ts, f.plant('JSON_WEB_TOKEN', tok)))
        else:
            f.add('%s %s' % (ts, events[(i * 5) % len(events)]))
    files.append(f)

    # ---- HTTP debug log with a Basic auth header
    f = File('logs/http-debug.log', 'curl-style HTTP dump with an Authorization: Basic header')
    hdr = pii.basic_auth_header(rng)
    f.add('* Trying api.example.net:443...',
          '* Connected to api.example.net port 443',
          '> POST /v2/reports/export HTTP/1.1',
          '> Host: api.example.net',
          '> User-Agent: report-sync/2.4',
          '> ' + f.plant('HTTP_BASIC_AUTH_HEADER', hdr),
          '> Accept: application/json',
          '> Content-Type: application/json',
          '> Content-Length: 57',
          '>',
          '< HTTP/1.1 202 Accepted',
          '< Content-Type: application/json',
          '< Content-Length: 29',
          '<',
          '{"status":"queued","jobs":1}',
          '* Connection #0 to host api.example.net left intact')
    files.append(f)

    # ---- config/: leaked credentials and private key blocks
    f = File('config/deploy.env', 'deploy settings: AWS secret key, Stripe live key, Google API key')
    f.add('# staging deploy settings',
          'APP_ENV=staging',
          'AWS_DEFAULT_REGION=eu-west-1',
          'AWS_SECRET_ACCESS_KEY=' + f.plant('AWS_CREDENTIALS', pii.aws_secret_key(rng)),
          'STRIPE_SECRET_KEY=' + f.plant('STRIPE_CREDENTIALS', pii.stripe_key(rng)),
          'GOOGLE_API_KEY=' + f.plant('GCP_API_KEY', pii.gcp_api_key(rng)),
          'LOG_LEVEL=info')
    files.append(f)

    f = File('config/id_ed25519', 'an OpenSSH private key block')
    f.add(*pii.openssh_private_key(rng))
    f.plant('OPENSSH_PRIVATE_KEY', f.lines)
    files.append(f)

    f = File('config/release-signing.asc', 'a PGP private key block after a comment')
    f.add('# release signing key - do not share', '')
    blk = pii.pgp_private_key(rng)
    f.add(*blk)
    f.plant('PGP_PRIVATE_KEY', blk)
    files.append(f)

    f = File('config/tls/server.key', 'a PKCS #8 PEM private key block')
    f.add(*pii.pkcs8_private_key(rng))
    f.plant('PKCS', f.lines)
    files.append(f)

    # ---- UTF-16LE with BOM, an IBAN inside
    f = File('notes/transfer-note-utf16.txt',
             'UTF-16LE text with a BOM (and non-ASCII letters) holding an IBAN',
             encoding='utf-16-le', newline='\r\n')
    f.add('\u00dcberweisungsauftrag / transfer note',
          'Bitte \u00fcberweisen Sie den Betrag bis Freitag.',
          'IBAN: ' + f.plant('NETHERLANDS_BANK_ACCOUNT_NUMBER', pii.iban(rng, 'NL', ' ')),
          'Vielen Dank und freundliche Gr\u00fc\u00dfe')
    files.append(f)

    # ---- files that must give no finding
    f = File('notes/nothing-here.txt', 'prose with nothing sensitive')
    f.add('Minutes of the garden committee', '')
    f.add(*filler(rng, 4))
    files.append(f)

    f = File('empty.txt', 'an empty file')
    files.append(f)

    f = File('docs/known-examples.md',
             'vendors\' documented example values only: a scanner must suppress them all')
    f.add('# Integration examples',
          '',
          'Values copied from vendors\' public documentation. None is real.',
          '',
          '- Visa test card: 4111111111111111',
          '- The same card number spaced: 4111 1111 1111 1111',
          '- Mastercard test card number 5555555555554444',
          '- American Express test card 378282246310005',
          '- AWS access key id: AKIAIOSFODNN7EXAMPLE',
          '- aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
          '- Stripe sample key sk_test_4eC39HqLyjWDarjtT1zdp7dc',
          '- SSN: 078-05-1120 (printed on a sample wallet card in 1938)')
    f.note = ('Holds the Visa, Mastercard and American Express test card numbers, '
              'AWS\'s documented example access key id and secret key, Stripe\'s '
              'documented sample key and the SSA\'s "wallet card" SSN, each with '
              'its keyword.')
    files.append(f)

    f = File('notes/negatives.txt',
             'near misses: keywords beside wrong check digits, valid values with no keyword')
    f.add('Near misses', '', 'Wrong check digits, keyword beside each:', '')
    good = pii.uk_nhs(rng)
    bad_nhs = good[:-1] + str((int(good[-1]) + 1) % 10)
    good_iban = pii.iban(rng, 'DE', ' ')
    bad_iban = good_iban[:2] + '%02d' % ((int(good_iban[2:4]) + 1) % 97 or 2) + good_iban[4:]
    good_card = pii.credit_card(rng, 'Visa', ' ')[1]
    bad_card = good_card[:-1] + str((int(good_card[-1]) + 3) % 10)
    good_idnr = pii.de_idnr(rng, spaced=False)
    bad_idnr = good_idnr[:-1] + str((int(good_idnr[-1]) + 1) % 10)
    good_bsn = pii.nl_bsn(rng, dotted=False)
    bad_bsn = good_bsn[:-1] + str((int(good_bsn[-1]) + 1) % 10)
    f.add('  SSN: 666-%02d-%04d' % (rng.randint(10, 99), rng.randint(1000, 9999)),
          '  NHS number: ' + bad_nhs,
          '  IBAN ' + bad_iban,
          '  Visa card ' + bad_card,
          '  Steuer-IdNr: ' + bad_idnr,
          '  BSN: ' + bad_bsn, '')
    f.add(*filler(rng, 1))
    f.add('', 'Valid values standing alone, far from any keyword:', '')
    f.add(*filler(rng, 1))
    f.add('', 'Reference ' + pii.ssn(rng) + ' was seen in the morning.')
    f.add(*filler(rng, 1))
    f.add('', 'Reference ' + pii.uk_nhs(rng) + ' was seen at lunch.')
    f.add(*filler(rng, 1))
    f.add('', 'Reference ' + pii.de_idnr(rng, spaced=False) + ' was seen later.')
    f.add(*filler(rng, 1))
    f.add('', 'Reference ' + pii.nl_bsn(rng, dotted=False) + ' was seen last.')
    f.note = ('Lines 5-10: an SSN with area 666, and an NHS number, IBAN, Visa card, '
              'Steuer-IdNr and BSN one digit off, each after its keyword. Further '
              'down: a valid SSN, NHS number, Steuer-IdNr and BSN, each with no '
              'keyword within 30 characters.')
    files.append(f)
    from stdnum import iban as siban, luhn
    from stdnum.gb import nhs
    from stdnum.de import idnr
    from stdnum.nl import bsn
    assert not nhs.is_valid(bad_nhs) and not siban.is_valid(bad_iban)
    assert not luhn.is_valid(bad_card.replace(' ', '')) and not idnr.is_valid(bad_idnr)
    assert not bsn.is_valid(bad_bsn)

    cross_check(files)
    return files


def cross_check(files):
    """Fail when a planted value is also a valid value of another
    keyword-needing type whose keyword is close by: the sample would then be
    ambiguous. (The seed and layout are fixed, so this guards edits.)"""
    from stdnum.be import nn
    from stdnum.br import cnpj, cpf
    from stdnum.ca import sin
    from stdnum.de import idnr
    from stdnum.dk import cpr
    from stdnum.es import dni, nie
    from stdnum.fi import hetu
    from stdnum.fr import nir
    from stdnum.gb import nhs
    from stdnum.in_ import aadhaar, pan
    from stdnum.it import codicefiscale
    from stdnum.nl import bsn
    from stdnum.pl import pesel
    from stdnum.se import personnummer
    from stdnum.us import ssn
    validators = {
        'USA_SOCIAL_SECURITY_NUMBER': ssn, 'UK_NHS_NUMBER': nhs,
        'GERMANY_TAX_IDENTIFICATION_NUMBER': idnr,
        'FRANCE_NATIONAL_IDENTIFICATION_NUMBER': nir,
        'ITALY_NATIONAL_IDENTIFICATION_NUMBER': codicefiscale,
        'SPAIN_DNI_NUMBER': dni, 'SPAIN_NIE_NUMBER': nie,
        'BRAZIL_CPF_NUMBER': cpf, 'BRAZIL_CNPJ_NUMBER': cnpj,
        'CANADA_SOCIAL_INSURANCE_NUMBER': sin, 'INDIA_AADHAAR_NUMBER': aadhaar,
        'INDIA_PERMANENT_ACCOUNT_NUMBER': pan, 'NETHERLANDS_BSN_NUMBER': bsn,
        'POLAND_PESEL_NUMBER': pesel, 'SWEDEN_NATIONAL_ID_NUMBER': personnummer,
        'FINLAND_NATIONAL_ID_NUMBER': hetu, 'DENMARK_CPR_NUMBER': cpr,
        'BELGIUM_NATIONAL_ID_CARD_NUMBER': nn,
    }
    for f in files:
        text = f.text().lower()
        for type_id, value, _ in f.plants:
            if '\n' in value:
                continue
            pos = text.find(value.lower())
            window = text[max(0, pos - 40):pos + len(value) + 40]
            for other, mod in validators.items():
                if other == type_id or not mod.is_valid(value):
                    continue
                for kw in pii.KINDS[other][1]:
                    assert kw.lower() not in window, (
                        '%s: %s value is also a valid %s near keyword %r'
                        % (f.path, type_id, other, kw))


def expected(files):
    """EXPECTED.tsv and EXPECTED.md text."""
    tsv = ['file\ttype\tline\tcolumn\tlength']
    md = ['# corpus/sample - what is planted where', '',
          'Generated by `corpus/generate.py` (fixed seed; do not edit by hand).',
          'Every value is invented; check digits are valid so a scanner finds them.',
          '',
          'Conventions:', '',
          '- `line` and `column` are 1-based. The column is a byte column in the',
          '  UTF-8 text; every line is plain ASCII up to a planted value, so it is',
          '  also the character column. For the UTF-16LE file both refer to the',
          '  decoded text (BOM not counted).',
          '- The position is where the identifier itself starts: the value, not',
          '  its keyword; for HTTP_BASIC_AUTH_HEADER the `Authorization` header',
          '  name; for private keys the `-----BEGIN` line.',
          '- `length` is the value\'s length in bytes as stored (for key blocks:',
          '  from `-----BEGIN` to the end of the `-----END ...-----` line; CRLF',
          '  files count CR bytes; the UTF-16 file counts decoded UTF-8 bytes).',
          '- EXPECTED.tsv has one row per occurrence (columns file, type, line,',
          '  column, length) and a header row.',
          '- Keywords, where a type needs one, sit a few characters before the',
          '  value (Macie: within 30 characters), or are the CSV column name or',
          '  the JSON key.',
          '- Names of people also appear (CSV/JSON `name`, memo signatures); they',
          '  are not counted here.',
          '- These two EXPECTED files hold no values: scanning them finds nothing.',
          '']
    total = 0
    summary = {}
    for f in files:
        locs = f.locate()
        md.append('## `%s`' % f.path)
        md.append('')
        enc = 'UTF-16LE with BOM' if f.encoding == 'utf-16-le' else 'UTF-8'
        nl = 'CRLF' if f.newline == '\r\n' else 'LF'
        purpose = f.purpose[0].upper() + f.purpose[1:]
        if f.lines:
            md.append('%s. %s, %s line ends, %d bytes.' % (purpose, enc, nl, len(f.data())))
        else:
            md.append('%s, 0 bytes.' % purpose)
        if f.note:
            md.append(f.note)
        md.append('')
        if not locs:
            md.append('Expected findings: **none**.')
            md.append('')
            continue
        counts = {}
        for t, line, col, length, note in locs:
            counts[t] = counts.get(t, 0) + 1
            summary[t] = summary.get(t, 0) + 1
            tsv.append('%s\t%s\t%d\t%d\t%d' % (f.path, t, line, col, length))
        total += len(locs)
        md.append('| type | count | line:column (length) |')
        md.append('|---|---:|---|')
        for t in sorted(counts):
            where = ', '.join('%d:%d (%d)%s' % (line, col, length, ' ' + note if note else '')
                              for tt, line, col, length, note in locs if tt == t)
            md.append('| %s | %d | %s |' % (t, counts[t], where))
        md.append('')
    md.append('## Totals')
    md.append('')
    md.append('%d occurrences of %d types in %d files (%d files with none).' % (
        total, len(summary), sum(1 for f in files if f.plants),
        sum(1 for f in files if not f.plants)))
    md.append('')
    md.append('| type | count |')
    md.append('|---|---:|')
    for t in sorted(summary):
        md.append('| %s | %d |' % (t, summary[t]))
    md.append('')
    return '\n'.join(tsv) + '\n', '\n'.join(md)


def main(argv):
    out = argv[1] if len(argv) > 1 else os.path.join(HERE, 'sample')
    pii.self_check(n=50)
    rng = random.Random(SEED)
    files = build(rng)
    tsv, md = expected(files)
    if os.path.isdir(out):
        shutil.rmtree(out)
    for f in files:
        p = os.path.join(out, f.path)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, 'wb') as fh:
            fh.write(f.data())
    with open(os.path.join(out, 'EXPECTED.tsv'), 'w', newline='\n') as fh:
        fh.write(tsv)
    with open(os.path.join(out, 'EXPECTED.md'), 'w', newline='\n') as fh:
        fh.write(md)
    size = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    print('wrote %d files, %d bytes, %d planted occurrences into %s' % (
        len(files) + 2, size, tsv.count('\n') - 1, out))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
