#!/usr/bin/env python3
"""Independent check of StgBenchmark --schedules output (shares no code with the Java side).

usage: verify_schedules.py STG_ROOT SCHEDULES.jsonl [RESULTS.csv]

For every JSON line {"file","procs","makespan","tasks":[{"id","start","proc"}]} it re-reads the .stg
file and checks: every task exactly once, processors in range, no task starts before a predecessor
ends, no two tasks overlap on a processor, the makespan is the latest finish, and (with the optimum
tables) the makespan is not below the proven lower bound. With RESULTS.csv it also checks that the
makespan is <= the CP/MISF column of the same run.
"""
import csv, json, os, sys

def read_stg(path):
    tokens = []
    with open(path) as f:
        for line in f:
            tokens += line.split('#', 1)[0].split()
    it = iter(int(t) for t in tokens)
    n = next(it)
    times, preds = [], []
    for i in range(n + 2):
        assert next(it) == i, f"{path}: bad id"
        times.append(next(it))
        preds.append([next(it) for _ in range(next(it))])
    return times, preds

def main():
    root, jsonl = sys.argv[1], sys.argv[2]
    cp = {}
    if len(sys.argv) > 3:
        for r in csv.DictReader(open(sys.argv[3])):
            cp[(r['file'], int(r['procs']))] = float(r['cp_misf'])
    low = {}
    opt_dir = os.path.join(root, 'optimal')
    for name in os.listdir(opt_dir):
        for row in csv.reader(open(os.path.join(opt_dir, name))):
            if row:
                low[(row[0], int(row[1]))] = float(row[2])
    cache, checked, errors = {}, 0, 0
    for line in open(jsonl):
        s = json.loads(line)
        key = (s['file'], s['procs'])
        if s['file'] not in cache:
            cache[s['file']] = read_stg(os.path.join(root, s['file']))
        times, preds = cache[s['file']]
        start, proc = {}, {}
        for t in s['tasks']:
            i = int(t['id'])
            if i in start:
                print(key, 'task listed twice', i); errors += 1
            start[i], proc[i] = t['start'], t['proc']
        bad = []
        if sorted(start) != list(range(len(times))):
            bad.append('tasks missing or unknown')
        for i in start:
            if not 0 <= proc[i] < s['procs']:
                bad.append(f'task {i} on processor {proc[i]}')
            for p in preds[i]:
                if start[i] < start[p] + times[p]:
                    bad.append(f'task {i} starts {start[i]} before pred {p} ends {start[p] + times[p]}')
        by_proc = {}
        for i in start:
            if times[i] > 0:
                by_proc.setdefault(proc[i], []).append((start[i], start[i] + times[i], i))
        for p, jobs in by_proc.items():
            jobs.sort()
            for a, b in zip(jobs, jobs[1:]):
                if b[0] < a[1]:
                    bad.append(f'processor {p}: task {a[2]} and {b[2]} overlap')
        makespan = max(start[i] + times[i] for i in start)
        if makespan != s['makespan']:
            bad.append(f'makespan {s["makespan"]} but latest finish {makespan}')
        if key in low and makespan < low[key]:
            bad.append(f'makespan {makespan} below the proven lower bound {low[key]}')
        if key in cp and makespan > cp[key]:
            bad.append(f'makespan {makespan} worse than CP/MISF {cp[key]}')
        if bad:
            errors += 1
            print(key, '; '.join(bad[:3]))
        checked += 1
    print(f'checked {checked} schedules: {errors} with errors')
    sys.exit(1 if errors else 0)

main()
