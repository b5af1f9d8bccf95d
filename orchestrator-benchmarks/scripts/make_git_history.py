#!/usr/bin/env python3
"""Writes a large synthetic git history to stdout as a `git fast-import` stream, for scale tests of
`continuity eval-impact` (memory and time on a long history with many files; not a quality benchmark).

    git init -q big && cd big
    python3 make_git_history.py 1500 4000 | git fast-import --quiet && git symbolic-ref HEAD refs/heads/main
    continuity eval-impact --git . --include 'text/.*\\.md'

FILES markdown files of 10-30 paragraphs of words drawn from a 20,000-word vocabulary; COMMITS commits after a first
one that adds every file, each rewriting one paragraph in 1-25 files (a random set or a run of neighbouring files).
Seeded: the same arguments give the same history.
"""
import random
import sys


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: make_git_history.py FILES COMMITS [SEED]")
    n_files, n_commits = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(int(sys.argv[3]) if len(sys.argv) == 4 else 5)
    words = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(3, 9)))
             for _ in range(20000)]

    def paragraph():
        return ' '.join(rng.choice(words) for _ in range(rng.randint(40, 120)))

    files = {f'text/ch{i:04d}.md': [paragraph() for _ in range(rng.randint(10, 30))] for i in range(n_files)}
    names = list(files)
    out = sys.stdout.buffer

    def data(text):
        b = text.encode()
        out.write(b'data %d\n' % len(b))
        out.write(b)
        out.write(b'\n')

    t = 1500000000
    for c in range(n_commits + 1):
        t += rng.randint(600, 86400)
        k = rng.choice([1, 1, 1, 2, 2, 3, 4, 6, 10, 25])
        if c == 0:
            group = names
        elif rng.random() < 0.5:
            group = rng.sample(names, k)
        else:
            start = (c * 7) % n_files
            group = names[start:start + k]
        out.write(b'commit refs/heads/main\n')
        out.write(b'committer A <a@example.org> %d +0000\n' % t)
        data('c%d' % c)
        for f in group:
            p = files[f]
            p[rng.randrange(len(p))] = paragraph()
            out.write(b'M 100644 inline ' + f.encode() + b'\n')
            data('\n\n'.join(p))
        out.write(b'\n')


if __name__ == '__main__':
    main()
