"""oracle - what the differential tests (tests/p10*.py) share: drawing
digits, letters and dates, mutating and writing candidates, feeding them
through build/tools/vcheck, reading a python-stdnum module's docstring
examples, and the driver itself (Oracle: the specs of one test, the four
classes of candidates drawn for each, the comparison and the check lines).

Each test keeps its own specs and draws. The helpers take the test's
random generator and never have one of their own, so the draws stay what
they were; each spec's generator is seeded from the test's seed and the
spec's name, so the same candidates come on every run.

The classes, for a spec drawing n candidates:

  a  40%: constructed valid values (spec.valid); every tenth an "edge"
     (spec.edge: right check digits, wrong structure)
  b  25%: a constructed value changed (spec.mutator)
  c  25% (35% for a spec without written forms): random strings of the
     right shape (spec.rand)
  d  10%: values of classes a and b in a written form (spec.formats)

and each candidate's expected answer is spec.expect's (stdnum's is_valid
unless the spec says otherwise).
"""
import datetime
import multiprocessing
import os
import random
import re
import subprocess
import time
import zlib

TOP = os.environ.get('TRAWL_TOP') or os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))
VCHECK = os.path.join(TOP, 'build', 'tools', 'vcheck')
N = 100000
DIG = '0123456789'
UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'


def digits(rng, n):
    return str(rng.randrange(10 ** n)).zfill(n) if n > 0 else ''


def letters(rng, n, alphabet=UP):
    return ''.join(rng.choice(alphabet) for _ in range(n))


def rdate(rng, lo, hi):
    """A random date in [lo, hi]."""
    return datetime.date.fromordinal(rng.randint(lo.toordinal(),
                                                 hi.toordinal()))


def alnum(s):
    """s without what is not a letter or a digit."""
    return ''.join(c for c in s if c.isalnum())


def insert_stray(rng, s, strays='#_*x@'):
    """Insert a character no validator accepts (one of strays) inside a
    number."""
    i = rng.randint(1, max(1, len(s) - 1))
    return s[:i] + rng.choice(strays) + s[i:]


def drop_or_dup(rng, s):
    """Wrong length: drop or repeat one character."""
    i = rng.randrange(len(s))
    return s[:i] + s[i + 1:] if rng.random() < 0.5 else s[:i] + s[i] + s[i:]


def mutate(rng, s, lo=0):
    """Change one character (digit for digit, letter for letter, '-' for
    '+') at position >= lo, or swap two adjacent different ones."""
    s = list(s)
    if rng.random() < 0.4 and len(s) - lo >= 2:
        for _ in range(8):
            i = rng.randrange(lo, len(s) - 1)
            if s[i] != s[i + 1]:
                s[i], s[i + 1] = s[i + 1], s[i]
                return ''.join(s)
    i = rng.randrange(lo, len(s))
    c = s[i]
    if c.isdigit():
        s[i] = rng.choice(DIG.replace(c, ''))
    elif c.isalpha():
        s[i] = rng.choice(UP.replace(c.upper(), ''))
    elif c in '-+':
        s[i] = '+' if c == '-' else '-'
    else:
        s[i] = rng.choice(DIG)
    return ''.join(s)


def mutate2(rng, s, lo=0):
    """One mutation (60%) or two (40%). Most check digit schemes catch
    every single error, so only double errors can stay valid."""
    s = mutate(rng, s, lo)
    return mutate(rng, s, lo) if rng.random() < 0.4 else s


def groups(s, sizes, sep):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def fmt(sizes, sep):
    return lambda s: groups(s, sizes, sep)


def run_vcheck(name, cands):
    data = ''.join('%s\t%s\n' % (name, c) for c in cands).encode()
    p = subprocess.run([VCHECK], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, check=False)
    if p.returncode != 0:
        raise RuntimeError('vcheck exited %d: %s' %
                           (p.returncode, p.stderr.decode(errors='replace')))
    out = p.stdout.decode().split()
    if len(out) != len(cands) or set(out) - {'0', '1'}:
        raise RuntimeError('vcheck gave %d answers for %d lines' %
                           (len(out), len(cands)))
    return [x == '1' for x in out]


def usable(sp, c):
    """c can go to vcheck (one line) and is not kept out of the test."""
    return not sp.outside(c) and '\t' not in c and '\n' not in c


def draw(sp, rng, gen):
    """Draw one candidate, redrawing those kept out of the oracle test."""
    for _ in range(1000):
        c = gen(rng)
        if usable(sp, c):
            return c
    raise RuntimeError('%s: cannot draw a candidate' % sp.name)


def doc_examples(module, calls=('validate', 'is_valid', 'compact')):
    """Literal arguments of the calls (validate(), is_valid(), compact())
    in the module's docstring examples."""
    out = []
    for line in (module.__doc__ or '').splitlines():
        m = re.match(r'\s*>>> (?:%s)\(\s*([\'"])(.*?)\1' % '|'.join(calls),
                     line)
        if m:
            out.append(m.group(2))
    return out


class Spec:
    """How to draw candidates for one validator and what to expect.

    name       the validator's name (vcheck's first field)
    module     the stdnum module: its is_valid is the default expectation
               and its docstring examples the default docs (None: neither)
    valid      rng -> a constructed valid value (class a)
    rand       rng -> a random string of the shape (class c)
    edge       rng -> an edge case (every tenth of class a); default: a
               valid value with a stray character (the test's stray)
    formats    [(fn(value) -> written form, raw)] (class d); raw=False:
               expect the verdict on the value, not on the written form
    mutate_lo  the default mutator leaves the characters before it alone
    outside    candidate -> True to keep it out of the draw
    expect     candidate -> the expected answer
    doc_filter doc example -> False to leave it out
    mutator    (rng, value) -> a changed value (class b); default: mutate2
    docs       the documented examples fed through vcheck
    n          how many candidates
    label      what the check lines call the comparison ("stdnum oracle")
    """

    def __init__(self, name, module, valid, rand, edge=None, formats=(),
                 mutate_lo=0, outside=None, expect=None, doc_filter=None,
                 mutator=None, docs=None, n=N, label='stdnum oracle',
                 stray=insert_stray):
        self.name = name
        self.module = module
        self.valid = valid
        self.rand = rand
        self.edge = edge or (lambda rng: stray(rng, valid(rng)))
        self.formats = formats
        self.mutate_lo = mutate_lo
        self.outside = outside or (lambda c: False)
        self.expect = expect or module.is_valid
        self.doc_filter = doc_filter or (lambda c: True)
        self.mutator = mutator or (lambda rng, c: mutate2(rng, c,
                                                          mutate_lo))
        if docs is None:
            docs = doc_examples(module) if module is not None else []
        self.docs = docs
        self.n = n
        self.label = label


# The tests by title: the pool's workers find theirs here (each test
# builds its Oracle when its module is loaded, so a worker has it too).
_ORACLES = {}


def _check_one(job):
    title, index = job
    return _ORACLES[title].check_one(index)


class Oracle:
    """One differential test: its specs and the driver that checks them.

    title        the name in the summary line ("stdnum oracle")
    seed         each spec's generator is seeded with seed + crc32(name)
    time_limit   seconds the whole test may take
    label        the specs' default label (Spec.label)
    who          what a disagreement calls the expected answer
    timed        the agreement line ends with the seconds the spec took
    both         the classes that must each have valid and invalid
                 candidates (when drawn at all)
    min_invalid  the percentage of all candidates that must be invalid
                 (at least 20% must always be valid)
    stray        the default edge's inserter (insert_stray with the
                 test's stray characters)
    """

    def __init__(self, title, seed, time_limit=60.0, label='stdnum oracle',
                 who='stdnum', timed=False, both='abcd', min_invalid=0,
                 stray=insert_stray):
        self.start = time.monotonic()
        self.title = title
        self.seed = seed
        self.time_limit = time_limit
        self.label = label
        self.who = who
        self.timed = timed
        self.both = both
        self.min_invalid = min_invalid
        self.stray = stray
        self.specs = []
        _ORACLES[title] = self

    def spec(self, *args, **kw):
        kw.setdefault('label', self.label)
        kw.setdefault('stray', self.stray)
        self.specs.append(Spec(*args, **kw))

    def draw_all(self, sp, rng):
        """The candidates of one spec, their classes and expected
        answers."""
        n = sp.n
        n_a, n_b = int(n * 0.4), int(n * 0.25)
        n_c = int(n * 0.25) if sp.formats else n - n_a - n_b
        n_d = n - n_a - n_b - n_c
        cands = []
        for i in range(n_a):
            cands.append(draw(sp, rng, sp.edge if i % 10 == 9 else sp.valid))
        for _ in range(n_b):
            cands.append(draw(sp, rng, lambda r: sp.mutator(r, sp.valid(r))))
        base = cands[:]   # classes a and b: what class d writes out
        for _ in range(n_c):
            cands.append(draw(sp, rng, sp.rand))
        klass = ['a'] * n_a + ['b'] * n_b + ['c'] * n_c
        expect = [sp.expect(c) for c in cands]
        for _ in range(n_d):
            for _ in range(1000):
                b = rng.choice(base)
                f, raw = rng.choice(sp.formats)
                c = f(b)
                if usable(sp, c):
                    break
            cands.append(c)
            klass.append('d')
            expect.append(sp.expect(c if raw else b))
        return cands, klass, expect

    def check_one(self, index):
        """The check lines of one spec."""
        sp = self.specs[index]
        lines = []
        rng = random.Random(self.seed + zlib.crc32(sp.name.encode()))
        t0 = time.monotonic()
        cands, klass, expect = self.draw_all(sp, rng)

        got = run_vcheck(sp.name, cands)
        bad = [(c, e, g) for c, e, g in zip(cands, expect, got) if e != g]
        nvalid = sum(expect)
        took = ' (%.1fs)' % (time.monotonic() - t0) if self.timed else ''
        if not bad:
            lines.append('ok - %s %s: %d candidates, %d valid, 100%% '
                         'agreement%s' % (sp.label, sp.name, len(cands),
                                          nvalid, took))
        else:
            show = ', '.join('%r (%s %d, trawl %d)' % (c, self.who, e, g)
                             for c, e, g in bad[:5])
            lines.append('not ok - %s %s: %d of %d candidates disagree: %s'
                         % (sp.label, sp.name, len(bad), len(cands), show))

        # The draw must exercise both answers: the classes in self.both
        # have valid and invalid candidates, at least 20% of all are
        # valid and at least min_invalid% invalid.
        stats = []
        good = (nvalid * 5 >= len(cands) and
                (len(cands) - nvalid) * 100 >= len(cands) * self.min_invalid)
        for k in 'abcd':
            v = sum(1 for kk, e in zip(klass, expect) if kk == k and e)
            t = sum(1 for kk in klass if kk == k)
            if k in self.both and t and (v == 0 or v == t):
                good = False
            if t:
                stats.append('%s %d/%d valid' % (k, v, t))
        lines.append('%s - %s %s: classes exercise both answers (%s; %.0f%% '
                     'valid overall)' % ('ok' if good else 'not ok', sp.label,
                                         sp.name, ', '.join(stats),
                                         100.0 * nvalid / len(cands)))

        # stdnum's own documented examples
        ex = [c for c in sp.docs if sp.doc_filter(c) and not sp.outside(c)]
        if ex:
            got = run_vcheck(sp.name, ex)
            exp = [bool(sp.expect(c)) for c in ex]
            bad = [(c, e, g) for c, e, g in zip(ex, exp, got) if e != g]
            if bad:
                lines.append('not ok - stdnum doc examples %s: %s' % (
                    sp.name, ', '.join('%r (stdnum %d, trawl %d)' % b
                                       for b in bad)))
            else:
                lines.append('ok - stdnum doc examples %s: %d agree (%d '
                             'valid)' % (sp.name, len(ex), sum(exp)))
        return lines

    def main(self, missing=None):
        """Checks every spec, two at a time, and prints the lines in the
        specs' order; missing: a "not ok" line when something else the
        test needs is not there, or None. Returns the exit status."""
        if not os.access(VCHECK, os.X_OK):
            print('not ok - %s: %s is not built (make build/tools/vcheck)'
                  % (self.title, VCHECK))
            return 1
        if missing:
            print(missing)
            return 1
        failed = False
        jobs = [(self.title, i) for i in range(len(self.specs))]
        with multiprocessing.Pool(min(2, os.cpu_count() or 1)) as pool:
            for lines in pool.imap(_check_one, jobs):
                for line in lines:
                    print(line, flush=True)
                    failed |= line.startswith('not ok')
        took = time.monotonic() - self.start
        ok = took < self.time_limit
        print('%s - %s: %d validators in %.1fs (limit %.0fs)' %
              ('ok' if ok else 'not ok', self.title, len(self.specs), took,
               self.time_limit))
        return 1 if failed or not ok else 0
