#!/usr/bin/python3
"""gen_corpus.py - write the synthetic benchmark corpus for `make bench`.

    /usr/bin/python3 bench/gen_corpus.py DIR [--mb 220] [--seed 1] [--if-stale]

Writes about --mb MiB (default 220, so comfortably over 200 MB) of mixed
text into DIR: ~40% prose (prose/*.txt), ~20% CSV (csv/*.csv), ~20% JSON
Lines (jsonl/*.jsonl) and ~20% log lines (logs/*.log), in files of 100 KB to
20 MB (log-uniform sizes). PII is sparse: about one planted value per 20 KB,
drawn from the types in corpus/pii.py (the sample corpus's generators), most
beside a keyword, some without (card numbers then count as
CREDIT_CARD_NUMBER_(NO_KEYWORD)).

Also written:
  DIR/PLANTED.tsv  file, type, count: what a scanner should report
                   (columns file, type, count; a header row; paths relative
                   to DIR).
  DIR/DECOYS.tsv   same columns: valid values of types that need a keyword,
                   planted with none nearby, so a Macie-style scanner should
                   NOT report them.
  DIR/GENERATOR    what made the corpus (hash of this script and pii.py,
                   size, seed); --if-stale regenerates only when it differs.

Deterministic: the same --mb and --seed give the same bytes. Filler has no
digit runs longer than 7, no '@', and no identifier keywords, so it holds no
accidental findings. Everything is invented (see corpus/pii.py).

Fast: lines come from pools built once and are joined in ~1 MiB chunks.
"""

import argparse
import hashlib
import math
import os
import random
import re
import shutil
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, 'corpus'))
import pii  # noqa: E402

MIB = 1 << 20
MIN_FILE = 100 * 1024
MAX_FILE = 20 * 1000 * 1000
PLANT_EVERY = 20 * 1024          # about one planted value per 20 KB
KEYWORD_SHARE = 0.85             # of plants of types that have keywords
DECOY_SHARE = 0.08               # of keyword-needing plants: no keyword
CHUNK = 1 * MIB

SHARES = (('prose', 0.40), ('csv', 0.20), ('jsonl', 0.20), ('log', 0.20))
LAYOUT = {'prose': ('prose', 'doc', 'txt'), 'csv': ('csv', 'orders', 'csv'),
          'jsonl': ('jsonl', 'events', 'jsonl'), 'log': ('logs', 'app', 'log')}
OWNED = ('prose', 'csv', 'jsonl', 'logs', 'PLANTED.tsv', 'DECOYS.tsv', 'GENERATOR')

# How often each type is planted (relative weights).
WEIGHTS = {t: 1 for t in pii.KINDS}
WEIGHTS.update({
    'EMAIL_ADDRESS': 6, 'CREDIT_CARD_NUMBER': 4,
    'CREDIT_CARD_NUMBER_(NO_KEYWORD)': 0,   # made by dropping a card's keyword
    'USA_SOCIAL_SECURITY_NUMBER': 3,
    'GERMANY_BANK_ACCOUNT_NUMBER': 2, 'FRANCE_BANK_ACCOUNT_NUMBER': 2,
    'UK_BANK_ACCOUNT_NUMBER': 2, 'NETHERLANDS_BANK_ACCOUNT_NUMBER': 2,
    'SPAIN_BANK_ACCOUNT_NUMBER': 2,
})
MULTILINE = tuple(t for t, k in pii.KINDS.items() if not k[3])


def generator_hash():
    h = hashlib.sha256()
    for p in (os.path.abspath(__file__), os.path.join(TOP, 'corpus', 'pii.py')):
        with open(p, 'rb') as fh:
            h.update(fh.read())
    return h.hexdigest()


# --------------------------------------------------------------------------
# pools

_LONG_DIGITS = re.compile(r'\d{8,}')


def _token(rng, n=16):
    """A session-ish token: lowercase letters and digits, no long digit run."""
    while True:
        t = ''.join(rng.choice('abcdefghjkmnpqrstuvwxyz0123456789') for _ in range(n))
        if not re.search(r'\d{5,}', t) and not any(k in t for k in pii.SHORT_KEYWORDS):
            return t


class Pools:
    def __init__(self, rng):
        words = pii.WORDS
        # prose: wrapped lines from a long run of sentences
        text = ' '.join(pii.sentence(rng) for _ in range(30000))
        self.prose = pii.wrap(text, 76)
        self.sentences = [pii.sentence(rng, 4, 10) for _ in range(4000)]
        self.phrases = [' '.join(rng.choice(words) for _ in range(rng.randint(2, 7)))
                        for _ in range(4000)]
        # time of day and milliseconds
        self.hms = ['%02d:%02d:%02d' % (s // 3600, s // 60 % 60, s % 60) for s in range(86400)]
        self.ms = ['%03d' % i for i in range(1000)]
        # CSV columns
        self.skus = ['SKU-%05d' % rng.randint(0, 99999) for _ in range(3000)]
        adj = ('red', 'blue', 'large', 'small', 'organic', 'steel', 'wooden',
               'classic', 'compact', 'premium', 'basic', 'quiet', 'bright')
        noun = ('kettle', 'lamp', 'chair', 'desk', 'mug', 'blanket', 'shelf',
                'bottle', 'backpack', 'notebook', 'speaker', 'jacket', 'tent')
        self.products = ['%s %s' % (a, n) for a in adj for n in noun]
        self.qty = [str(i) for i in range(1, 25)]
        self.prices = ['%d.%02d' % (rng.randint(1, 900), rng.randint(0, 99)) for _ in range(5000)]
        self.currency = ('EUR', 'EUR', 'USD', 'GBP', 'SEK', 'PLN')
        self.status = ('pending', 'shipped', 'delivered', 'returned', 'cancelled', 'shipped')
        self.region = ('eu-west', 'eu-central', 'eu-north', 'us-east', 'us-west', 'ap-south')
        self.notes = [''] * 3000 + ['"%s"' % p for p in self.phrases[:3000]]
        # JSON Lines and logs
        self.levels = ('INFO', 'INFO', 'INFO', 'INFO', 'DEBUG', 'DEBUG', 'WARN', 'ERROR')
        self.services = ('api', 'auth', 'billing', 'search', 'worker', 'scheduler',
                         'cache', 'gateway', 'mailer', 'inventory')
        self.events = ('request', 'response', 'job_started', 'job_finished', 'retry',
                       'cache_miss', 'cache_hit', 'queue_push', 'queue_pop', 'timeout')
        self.sessions = [_token(rng) for _ in range(5000)]
        self.latency = [str(int(rng.expovariate(1 / 40.0)) + 1) for _ in range(2000)]
        paths = ('/api/v1/orders', '/api/v1/orders/stats', '/api/v2/search',
                 '/api/v1/inventory', '/health', '/api/v1/reports', '/api/v2/sessions')
        methods = ('GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE')
        msgs = []
        for _ in range(6000):
            k = rng.randrange(5)
            if k == 0:
                msgs.append('%s %s status=%d dur=%dms' % (
                    rng.choice(methods), rng.choice(paths),
                    rng.choice((200, 200, 200, 201, 204, 304, 400, 404, 500)),
                    rng.randint(1, 900)))
            elif k == 1:
                msgs.append('job %s finished rows=%d took=%dms' % (
                    rng.choice(('export', 'reindex', 'cleanup', 'sync', 'digest')),
                    rng.randint(0, 99999), rng.randint(5, 99999)))
            elif k == 2:
                msgs.append('queue depth=%d workers=%d lag=%dms' % (
                    rng.randint(0, 5000), rng.randint(1, 64), rng.randint(0, 9999)))
            elif k == 3:
                msgs.append('session=%s %s' % (rng.choice(self.sessions), rng.choice(self.phrases)))
            else:
                msgs.append(rng.choice(self.sentences))
        self.logmsgs = msgs
        self.jsonmsgs = [m.replace('"', '') for m in msgs]
        for pool in (self.prose, self.logmsgs, self.notes, self.sessions):
            for s in pool:
                assert not _LONG_DIGITS.search(s) and '@' not in s, s


# --------------------------------------------------------------------------
# planting

class Planter:
    def __init__(self, rng):
        self.rng = rng
        self.types = [t for t in pii.KINDS if WEIGHTS[t] > 0]
        self.weights = [WEIGHTS[t] for t in self.types]
        self.single = [t for t in self.types if t not in MULTILINE]
        self.single_w = [WEIGHTS[t] for t in self.single]

    def pick(self, multiline_ok):
        if multiline_ok:
            return self.rng.choices(self.types, self.weights)[0]
        return self.rng.choices(self.single, self.single_w)[0]

    def plant(self, multiline_ok):
        """(type reported, text, is_decoy, keyword or None). For blocks text
        holds newlines."""
        rng = self.rng
        t = self.pick(multiline_ok)
        if t in MULTILINE:
            return t, '\n'.join(pii.make(t, rng)), False, None
        _, kws, needs, _ = pii.KINDS[t]
        keyword = bool(kws) and rng.random() < KEYWORD_SHARE
        decoy = False
        if needs and not keyword:
            if t == 'CREDIT_CARD_NUMBER':
                t = 'CREDIT_CARD_NUMBER_(NO_KEYWORD)'
            elif t == 'AWS_CREDENTIALS' or rng.random() >= DECOY_SHARE / (1 - KEYWORD_SHARE):
                keyword = True
            else:
                decoy = True
        before, value, after = pii.plant_text(t, rng, keyword)
        return t, (before, value, after), decoy, (kws[0] if keyword and kws else None)


# --------------------------------------------------------------------------
# line makers: each returns (lines, bytes incl. newlines)

def _timestamps(rng, pools, n, day):
    secs = sorted(rng.choices(range(86400), k=n))
    mss = rng.choices(pools.ms, k=n)
    hms = pools.hms
    return ['%sT%s.%sZ' % (day, hms[s], m) for s, m in zip(secs, mss)]


def make_prose(rng, pools, n, state):
    lines = rng.choices(pools.prose, k=n)
    for i in range(rng.randrange(6), n, 7):       # paragraph breaks
        lines[i] = ''
    return lines


def make_csv(rng, pools, n, state):
    start = state.setdefault('row', 1)
    state['row'] = start + n
    day = state['day']
    cols = (['ORD-%07d' % i for i in range(start, start + n)],
            _timestamps(rng, pools, n, day),
            rng.choices(pools.skus, k=n), rng.choices(pools.products, k=n),
            rng.choices(pools.qty, k=n), rng.choices(pools.prices, k=n),
            rng.choices(pools.currency, k=n), rng.choices(pools.status, k=n),
            rng.choices(pools.region, k=n), rng.choices(pools.notes, k=n))
    return list(map(','.join, zip(*cols)))


JSON_FMT = ('{"ts":"%s","level":"%s","service":"%s","event":"%s",'
            '"session":"%s","latency_ms":%s,"msg":"%s"}')


def make_jsonl(rng, pools, n, state):
    cols = (_timestamps(rng, pools, n, state['day']),
            rng.choices(pools.levels, k=n), rng.choices(pools.services, k=n),
            rng.choices(pools.events, k=n), rng.choices(pools.sessions, k=n),
            rng.choices(pools.latency, k=n), rng.choices(pools.jsonmsgs, k=n))
    return list(map(JSON_FMT.__mod__, zip(*cols)))


def make_log(rng, pools, n, state):
    cols = (_timestamps(rng, pools, n, state['day']),
            rng.choices(pools.levels, k=n), rng.choices(pools.services, k=n),
            rng.choices(pools.logmsgs, k=n))
    return list(map('%s %-5s [%s] %s'.__mod__, zip(*cols)))


MAKERS = {'prose': make_prose, 'csv': make_csv, 'jsonl': make_jsonl, 'log': make_log}
HEADERS = {'csv': 'order_ref,placed_at,sku,product,qty,unit_price,currency,status,region,note'}


def plant_line(kind, rng, pools, planter, line, state):
    """Replace one filler line by one that carries a planted value."""
    t, val, decoy, kw = planter.plant(multiline_ok=kind in ('prose', 'log'))
    if isinstance(val, str):                      # a key block
        if kind == 'prose':
            return t, decoy, 'The file below was attached to the message.\n' + val
        ts = _timestamps(rng, pools, 1, state['day'])[0]
        return t, decoy, '%s WARN  [deploy] key material follows\n%s' % (ts, val)
    before, value, after = val
    if kind == 'prose':
        return t, decoy, '%s %s%s%s' % (rng.choice(pools.sentences), before, value, after)
    if kind == 'csv':
        cells = line.split(',')
        cells[-1] = '"%s%s%s"' % (before, value, after)
        return t, decoy, ','.join(cells)
    if kind == 'jsonl':
        if kw and t != 'AWS_CREDENTIALS' and rng.random() < 0.5:
            key = re.sub(r'[^a-z0-9]+', '_', kw.lower()).strip('_')
            return t, decoy, line[:-1] + ',"%s":"%s"}' % (key, value)
        head, _, _ = line.rpartition('"msg":"')
        return t, decoy, head + '"msg":"%s%s%s"}' % (before, value, after)
    # log
    head = line.split('] ', 1)[0]
    return t, decoy, '%s] %s%s%s' % (head, before, value, after)


def write_file(path, kind, size, rng, pools, planter):
    """Write about size bytes; return (bytes, {type: n}, {type: n decoys})."""
    state = {'day': '2024-%02d-%02d' % (rng.randint(1, 12), rng.randint(1, 28))}
    maker = MAKERS[kind]
    planted, decoys = {}, {}
    avg = None
    written = 0
    with open(path, 'w', encoding='ascii', newline='\n') as fh:
        if kind in HEADERS:
            fh.write(HEADERS[kind] + '\n')
            written += len(HEADERS[kind]) + 1
        while written < size:
            n = 200 if avg is None else max(1, min(int(CHUNK / avg),
                                                   int((size - written) / avg) + 1))
            lines = maker(rng, pools, n, state)
            nbytes = sum(map(len, lines)) + len(lines)
            avg = nbytes / len(lines)
            k = (written + nbytes) // PLANT_EVERY - written // PLANT_EVERY
            for i in rng.sample(range(len(lines)), min(k, len(lines))):
                t, decoy, lines[i] = plant_line(kind, rng, pools, planter, lines[i], state)
                d = decoys if decoy else planted
                d[t] = d.get(t, 0) + 1
            data = '\n'.join(lines) + '\n'
            fh.write(data)
            written += len(data)
    return written, planted, decoys


def sizes_for(rng, budget):
    """Log-uniform file sizes in [MIN_FILE, MAX_FILE] adding up to budget
    (the last file takes the remainder)."""
    out, left = [], budget
    lo, hi = math.log(MIN_FILE), math.log(MAX_FILE)
    while left > 0:
        s = int(math.exp(rng.uniform(lo, hi)))
        if s >= left or left - s < MIN_FILE:
            s = left if left <= MAX_FILE else left - MIN_FILE
        out.append(s)
        left -= s
    return out


def is_fresh(outdir, stamp):
    try:
        with open(os.path.join(outdir, 'GENERATOR')) as fh:
            return fh.read() == stamp
    except OSError:
        return False


def clear(outdir):
    """Remove what an earlier run wrote; refuse a directory we did not make."""
    if not os.path.isdir(outdir):
        return
    names = os.listdir(outdir)
    if names and 'GENERATOR' not in names:
        sys.exit('gen_corpus: %s is not empty and has no GENERATOR file; '
                 'refusing to overwrite it' % outdir)
    for n in OWNED:
        p = os.path.join(outdir, n)
        if os.path.isdir(p):
            shutil.rmtree(p)
        elif os.path.exists(p):
            os.remove(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('dir')
    ap.add_argument('--mb', type=float, default=220, help='MiB to write (default 220)')
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--if-stale', action='store_true',
                    help='do nothing when DIR was made by this generator with these options')
    a = ap.parse_args()
    stamp = 'generator-sha256=%s mb=%g seed=%d\n' % (generator_hash(), a.mb, a.seed)
    if a.if_stale and is_fresh(a.dir, stamp):
        print('gen_corpus: %s is up to date' % a.dir)
        return 0
    clear(a.dir)
    t0 = time.monotonic()
    rng = random.Random(a.seed)
    pools = Pools(rng)
    planter = Planter(rng)
    total = int(a.mb * MIB)
    jobs = []
    for kind, share in SHARES:
        for i, s in enumerate(sizes_for(rng, int(total * share)), 1):
            d, stem, ext = LAYOUT[kind]
            jobs.append((os.path.join(d, '%s-%04d.%s' % (stem, i, ext)), kind, s))
    rows, drows, nbytes, nplant = [], [], 0, 0
    for rel, kind, size in jobs:
        p = os.path.join(a.dir, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        n, planted, decoys = write_file(p, kind, size, rng, pools, planter)
        nbytes += n
        nplant += sum(planted.values())
        rows += ['%s\t%s\t%d' % (rel, t, planted[t]) for t in sorted(planted)]
        drows += ['%s\t%s\t%d' % (rel, t, decoys[t]) for t in sorted(decoys)]
    with open(os.path.join(a.dir, 'PLANTED.tsv'), 'w') as fh:
        fh.write('file\ttype\tcount\n' + ''.join(r + '\n' for r in sorted(rows)))
    with open(os.path.join(a.dir, 'DECOYS.tsv'), 'w') as fh:
        fh.write('file\ttype\tcount\n' + ''.join(r + '\n' for r in sorted(drows)))
    with open(os.path.join(a.dir, 'GENERATOR'), 'w') as fh:
        fh.write(stamp)
    dt = time.monotonic() - t0
    print('gen_corpus: %d files, %.1f MiB, %d planted values (+%d decoys) in %s '
          'in %.1f s (%.0f MiB/s)' % (len(jobs), nbytes / MIB, nplant,
                                     sum(int(r.rsplit('\t', 1)[1]) for r in drows),
                                     a.dir, dt, nbytes / MIB / dt))
    return 0


if __name__ == '__main__':
    sys.exit(main())
