#!/usr/bin/env python3
"""How much of a period's calibration error comes from the commits themselves, read from a predictions file of
`continuity eval-impact --predictions` (shares no code with the Java side). Needs numpy and scipy.

usage: commit_effects.py PREDICTIONS.jsonl [DRAWS]

The pairs of one commit do not change independently: a markup pass changes every story or none, a typo fix changes
nothing else. That is modelled as a random effect per commit on the log-odds scale,

    P(pair changed | commit c) = sigmoid(a + b * logit(model confidence) + u_c),   u_c ~ Normal(0, sigma^2),

fitted by maximum likelihood (adaptive quadrature over u_c). sigma is how far a commit's reach departs from
what the model's features say: exp(sigma) is a factor on the odds.

Then, for diagnosis: an ideal model that knows everything the fitted a, b and the confidences know, but not u_c,
and is exactly calibrated on average over commits (its confidence is the mean of the sigmoid over u_c). Its
outcomes are drawn with a fresh u_c per commit, DRAWS times (default 2,000), on the period's own pairs, and its ECE
(10 equal bins, as eval-impact computes it) is measured on each draw. Then the same on periods of N commits drawn
with replacement from this one, to see how many test transactions it takes before ECE <= 0.05 tells a calibrated
model from a miscalibrated one.
"""
import json
import sys

import numpy as np
from numpy.polynomial.hermite_e import hermegauss
from scipy.optimize import minimize

GX, GW = hermegauss(40)
GW = GW / GW.sum()


def load(path):
    commits, labels, conf = [], [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            if r['predictor'] != 'model':
                continue
            expected = set(r['expected'])
            for x in r['ranked']:
                commits.append(r['commit'])
                labels.append(1 if x['file'] in expected else 0)
                conf.append(x['confidence'])
    return np.array(commits), np.array(labels), np.array(conf)


def logit(p):
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def ece(p, y):
    bins = np.minimum((p * 10).astype(int), 9)
    return sum(abs(p[bins == k].sum() - y[bins == k].sum()) for k in range(10)) / len(p)


def log_joint(a, b, u, variance, y, x):
    """log of (the pairs' likelihood at effect u times the normal density of u)."""
    z = a + b * x + u
    return (-u * u / (2 * variance) - 0.5 * np.log(2 * np.pi * variance)
            - (y * np.logaddexp(0, -z) + (1 - y) * np.logaddexp(0, z)).sum())


def neg_log_likelihood(params, groups, y, x):
    """A commit of many pairs pins its effect down far more narrowly than sigma, so each commit's integral over u
    is taken by the trapezoid rule on 33 nodes centred on the integrand's peak, half its width apart."""
    a, b, log_sigma = params
    variance = np.exp(2 * min(2.5, max(-7.0, log_sigma)))
    total = 0.0
    for ii in groups:
        yy, xx = y[ii], x[ii]
        u, hu, curvature = 0.0, log_joint(a, b, 0.0, variance, yy, xx), -1 / variance
        for _ in range(50):
            p = 1 / (1 + np.exp(-(a + b * xx + u)))
            slope = (yy - p).sum() - u / variance
            curvature = -(p * (1 - p)).sum() - 1 / variance
            step = -slope / curvature
            hn = log_joint(a, b, u + step, variance, yy, xx)
            halvings = 0
            while hn < hu and halvings < 30:
                step /= 2
                hn = log_joint(a, b, u + step, variance, yy, xx)
                halvings += 1
            u += step
            hu = max(hu, hn)
            if abs(step) < 1e-9:
                break
        spacing = 0.5 / np.sqrt(-curvature)
        h = np.array([log_joint(a, b, u + k * spacing, variance, yy, xx) for k in range(-16, 17)])
        top = h.max()
        total += top + np.log(np.exp(h - top).sum() * spacing)
    return -total


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    draws = int(sys.argv[2]) if len(sys.argv) == 3 else 2000
    commits, y, p = load(sys.argv[1])
    x = logit(p)
    groups = [np.where(commits == c)[0] for c in sorted(set(commits))]
    fit = minimize(neg_log_likelihood, [0.0, 1.0, 0.0], args=(groups, y, x), method='Nelder-Mead',
                   options={'maxiter': 4000, 'xatol': 1e-4, 'fatol': 1e-4})
    a, b, sigma = fit.x[0], fit.x[1], float(np.exp(min(2.5, max(-7.0, fit.x[2]))))
    without = minimize(lambda q: neg_log_likelihood([q[0], q[1], -7.0], groups, y, x), [0.0, 1.0],
                       method='Nelder-Mead')
    print(f'{len(groups)} commits, {len(y)} pairs, model ECE {ece(p, y):.4f}')
    print(f'commit effect: a {a:.2f}, b {b:.2f}, sigma {sigma:.2f} (odds factor {np.exp(sigma):.1f}); '
          f'log-likelihood {-fit.fun:.1f} against {-without.fun:.1f} without it')

    z = a + b * x
    ideal = (GW[:, None] / (1 + np.exp(-(z[None, :] + sigma * GX[:, None])))).sum(axis=0)
    rng = np.random.default_rng(7)

    def outcomes(ii):
        u = rng.normal() * sigma
        return (rng.random(len(ii)) < 1 / (1 + np.exp(-(z[ii] + u)))).astype(int)

    def summary(e):
        e = np.array(e)
        return f'ECE median {np.median(e):.4f}, p95 {np.percentile(e, 95):.4f}, share <= 0.05: {(e <= 0.05).mean():.2f}'

    sims = []
    for _ in range(draws):
        drawn = np.zeros(len(y), int)
        for ii in groups:
            drawn[ii] = outcomes(ii)
        sims.append(ece(ideal, drawn))
    print(f'ideal model, this period, commit effects: {summary(sims)}')
    independent = [ece(ideal, (rng.random(len(y)) < ideal).astype(int)) for _ in range(draws)]
    print(f'ideal model, this period, pairs independent: {summary(independent)}')
    for n in (12, 25, 50, 100, 200):
        sims = []
        for _ in range(max(100, draws // 4)):
            pick = rng.integers(0, len(groups), n)
            sims.append(ece(np.concatenate([ideal[groups[k]] for k in pick]),
                            np.concatenate([outcomes(groups[k]) for k in pick])))
        print(f'ideal model, {n:3d} commits drawn from this period: {summary(sims)}')


if __name__ == '__main__':
    main()
