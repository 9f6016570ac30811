#!/usr/bin/env python3
"""Pre-generates the benchmark's event stream: an NDJSON file, one event per line.

`tamyr produce` stamps events with the wall clock while it sends and cannot write a
file, so this script reproduces the shape of Sources/TamyrWorkload (domains customs,
tax and ecommerce with their service catalogs and weights 25/45/30, Zipf-like service
popularity, Kazakhstan's regions by population, channels 45/40/15, log-normal
processing times per service, amounts in KZT for payment-like services, IIN-like
applicant ids from a population of 50,000, 10% of ts as RFC 3339 with Z/+05:00/+06:00,
bounded disorder, a sprinkle of late events, the odd unknown field and spaced
separators). Every event is valid per docs/protocol.md and carries `src` and a `seq`
increasing by one from 1, so a daemon's status record shows any loss as gaps.

Event time advances with a fixed density (default 100,000 events per second of event
time) and the stream ends `--end-margin-ms` before the moment of generation, so no
event is in the future (tamyrd rejects ts more than 5 min ahead as future_ts).

`--group-scale K` multiplies the number of services (each service gets K variants,
e.g. `vat-return`, `vat-return-v1`, ...) and regions (each region gets K codes: the
real one plus numeric codes such as `KZ-031`) by K, for the "many groups" case.

For speed, the model is drawn for a pool of --pool distinct bodies (every field but id,
ts, src and seq), and each event takes a random body from the pool; id, ts, src and seq
are per event.

Stdlib only; deterministic for a given --seed and --end-ms.
"""
import argparse
import bisect
import itertools
import json
import math
import os
import random
import sys
import time

# (name, median ms, sigma, failed bp, rejected bp, applicant bp, amount model or None)
# amount model: (median tenge, sigma, minimum tenge, maximum tenge, whole-tenge bp)
CATALOG = {
    "customs": (25, [
        ("import-declaration", 2600, 0.7, 450, 400, 9800, None),
        ("export-declaration", 2100, 0.65, 350, 300, 9800, None),
        ("customs-payment", 900, 0.5, 300, 80, 9900, (185_000, 1.3, 500, 250_000_000, 4000)),
        ("transit-declaration", 1800, 0.6, 400, 300, 9700, None),
        ("certificate-of-origin", 3800, 0.8, 300, 500, 9900, None),
        ("temporary-import-permit", 4500, 0.9, 500, 600, 9900, None),
    ]),
    "tax": (45, [
        ("tax-certificate", 140, 0.5, 250, 50, 9500, None),
        ("income-declaration", 1600, 0.8, 400, 300, 9900, None),
        ("property-tax-payment", 700, 0.5, 400, 100, 9900, (6_500, 1.0, 100, 5_000_000, 5000)),
        ("vat-return", 2400, 0.7, 500, 350, 9900, (420_000, 1.5, 1_000, 500_000_000, 2000)),
        ("taxpayer-registration", 1900, 0.6, 300, 400, 9900, None),
        ("vehicle-tax-payment", 650, 0.5, 400, 100, 9900, (12_000, 0.9, 300, 3_000_000, 5000)),
        ("tax-debt-inquiry", 90, 0.4, 200, 20, 8000, None),
        ("esf-invoice-issue", 450, 0.6, 500, 200, 9900, None),
    ]),
    "ecommerce": (30, [
        ("marketplace-order", 380, 0.6, 400, 150, 9000, (14_000, 1.1, 200, 5_000_000, 7000)),
        ("payment-gateway", 520, 0.5, 600, 250, 9500, (9_000, 1.2, 100, 10_000_000, 3000)),
        ("delivery-tracking", 45, 0.5, 200, 10, 6000, None),
        ("product-listing", 120, 0.6, 250, 150, 9000, None),
        ("refund", 900, 0.7, 400, 400, 9800, (11_000, 1.0, 100, 3_000_000, 3000)),
        ("seller-registration", 2200, 0.8, 400, 600, 9900, None),
    ]),
}

REGIONS = [
    ("KZ-ALA", 2230), ("KZ-AST", 1420), ("KZ-SHY", 1220), ("KZ-ALM", 2200), ("KZ-YUZ", 2120),
    ("KZ-KAR", 1340), ("KZ-VOS", 1330), ("KZ-ZHA", 1220), ("KZ-AKT", 920), ("KZ-KUS", 830),
    ("KZ-PAV", 750), ("KZ-AKM", 790), ("KZ-ZAP", 690), ("KZ-SEV", 530), ("KZ-ATY", 700),
    ("KZ-MAN", 770), ("KZ-KZY", 840),
]
CHANNELS = [("online", 45), ("mobile", 40), ("office", 15)]
DIGITS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

EXTRAS = [
    '"client":{"app":"eGov Mobile","version":"5.3.1","os":"Android 14"}',
    '"note":"\u04e8\u0442\u0456\u043d\u0456\u0448 \u049b\u0430\u0431\u044b\u043b\u0434\u0430\u043d\u0434\u044b"',
    '"comment":"operator wrote \\"see scan\\"\\tC:\\\\scans\\\\0412.pdf"',
    '"attempt":2',
    '"tags":["egov",1,true,null,{"k":[]}]',
    '"geo":{"lat":51.1694,"lon":71.4491}',
]


def cumulative(weights):
    return list(itertools.accumulate(weights))


def applicant_id(index):
    """A 12-digit IIN-like id (birth date, century/sex digit, serial, check digit)."""
    day = index % 21915 * 7919 % 21915
    serial = index // 21915 % 10000 * 3137 % 10000
    t = time.gmtime((day - 9131) * 86400)
    female = ((index * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF) >> 63
    century = (3 if t.tm_year < 2000 else 5) + female
    digits = f"{t.tm_year % 100:02d}{t.tm_mon:02d}{t.tm_mday:02d}{century}{serial:04d}"
    total = sum(int(c) * (i + 1) for i, c in enumerate(digits))
    if total % 11 == 10:
        total = sum(int(c) * ((i + 2) % 11 + 1) for i, c in enumerate(digits))
    check = 0 if total % 11 == 10 else total % 11
    return digits + str(check)


def rfc3339(ms, offset_min):
    local = ms + offset_min * 60_000
    t = time.gmtime(local // 1000)
    zone = "Z" if offset_min == 0 else f"+{offset_min // 60:02d}:{offset_min % 60:02d}"
    return (f'"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}T{t.tm_hour:02d}:{t.tm_min:02d}:'
            f'{t.tm_sec:02d}.{local % 1000:03d}{zone}"')


def build_tables(group_scale):
    domains = []
    for name, (weight, services) in CATALOG.items():
        expanded, weights = [], []
        for rank, service in enumerate(services, start=1):
            for k in range(group_scale):
                variant = service[0] if k == 0 else f"{service[0]}-v{k}"
                expanded.append((variant,) + service[1:])
                weights.append(1000 / rank / group_scale)
        domains.append((name, expanded, cumulative(weights)))
    regions, region_weights = [], []
    for index, (code, weight) in enumerate(REGIONS):
        for k in range(group_scale):
            regions.append(code if k == 0 else f"KZ-{index:02d}{DIGITS36[k]}")
            region_weights.append(weight / group_scale)
    return domains, cumulative([d[0] for d in CATALOG.values()]), regions, cumulative(region_weights)


def make_bodies(rng, n, group_scale, extra_ratio, applicants):
    """`n` distinct event bodies: every field but id, ts, src and seq, drawn from the model.
    Returns (body text without braces, separator, colon) tuples."""
    rand, lognorm = rng.random, rng.lognormvariate
    domains, domain_cum, regions, region_cum = build_tables(group_scale)
    domain_total, region_total = domain_cum[-1], region_cum[-1]
    channel_names = [c[0] for c in CHANNELS]
    channel_cum = cumulative([c[1] for c in CHANNELS])
    regulars = max(1, applicants // 50)
    applicant_cache = {}
    bodies = []
    for _ in range(n):
        dname, services, service_cum = domains[bisect.bisect_right(domain_cum, rand() * domain_total)]
        sname, median, sigma, failed_bp, rejected_bp, applicant_bp, amount = \
            services[bisect.bisect_right(service_cum, rand() * service_cum[-1])]
        outcome = rand() * 10_000
        if outcome < failed_bp:
            status, factor = "failed", 2.2
        elif outcome < failed_bp + rejected_bp:
            status, factor = "rejected", 0.7
        else:
            status, factor = "ok", 1.0
        duration = min(max(lognorm(math.log(median), sigma) * factor, 0.0), 600_000.0)
        d = rand()
        if d < 0.55:
            duration_text = str(int(round(duration)))
        elif d < 0.70:
            duration_text = f"{duration:.1f}"
        elif d < 0.85:
            duration_text = f"{duration:.2f}"
        else:
            duration_text = f"{duration:.3f}"
        sep, colon = (", ", ": ") if rand() < 0.02 else (",", ":")
        parts = [f'"domain"{colon}"{dname}"', f'"service"{colon}"{sname}"', f'"status"{colon}"{status}"',
                 f'"duration_ms"{colon}{duration_text}']
        if rand() >= 0.02:
            parts.append(f'"region"{colon}"{regions[bisect.bisect_right(region_cum, rand() * region_total)]}"')
        if rand() >= 0.03:
            parts.append(f'"channel"{colon}"{channel_names[bisect.bisect_right(channel_cum, rand() * 100)]}"')
        if amount is not None:
            a_median, a_sigma, a_min, a_max, whole_bp = amount
            tiyn = min(max(int(min(lognorm(math.log(a_median), a_sigma), 1e15) * 100), a_min * 100), a_max * 100)
            if rand() * 10_000 < whole_bp:
                tiyn = tiyn // 100 * 100
            if tiyn % 100 == 0 and rand() < 0.5:
                parts.append(f'"amount"{colon}{tiyn // 100}')
            else:
                parts.append(f'"amount"{colon}{tiyn // 100}.{tiyn % 100:02d}')
        if rand() * 10_000 < applicant_bp:
            index = int(rand() * regulars) if rand() < 0.3 else int(rand() * applicants)
            ident = applicant_cache.get(index)
            if ident is None:
                ident = applicant_cache[index] = applicant_id(index)
            parts.append(f'"applicant"{colon}"{ident}"')
        if extra_ratio > 0 and rand() < extra_ratio:
            k = int(rand() * (len(EXTRAS) + 1))
            parts.append(f'"trace"{colon}"{rng.getrandbits(128):032x}"' if k == len(EXTRAS)
                         else EXTRAS[k].replace('":', '"' + colon, 1))
        bodies.append((sep.join(parts), sep, colon))
    return bodies


def generate(out, count, seed=1, density=100_000, end_ms=None, end_margin_ms=1000, src="bench-1",
             group_scale=1, late_ratio=0.001, disorder_ms=2000, extra_ratio=0.01, applicants=50_000,
             pool=65_536):
    """Writes `count` events to `out`. The bodies (domain ... applicant, extras) come from a pool
    of `pool` distinct draws of the model, picked at random per event (so the stream's
    distribution is the model's while generation stays fast); id, ts, src and seq are per event."""
    if group_scale < 1 or group_scale > len(DIGITS36):
        raise ValueError(f"group_scale must be 1..{len(DIGITS36)}")
    rng = random.Random(seed)
    rand = rng.random
    bodies = make_bodies(rng, min(count, pool), group_scale, extra_ratio, applicants)
    nbodies = len(bodies)
    if end_ms is None:
        end_ms = int(time.time() * 1000) - end_margin_ms
    span_ms = (count - 1) * 1000.0 / density
    start_ms = end_ms - span_ms
    step_ms = 1000.0 / density
    src_json = json.dumps(src)
    id_prefix = json.dumps(src)[1:-1] + "-"
    rfc_cache = {}
    write = out.write
    lines = []
    append = lines.append
    for i in range(count):
        seq = i + 1
        now = int(start_ms + i * step_ms)
        ts = now - int(rand() * (disorder_ms + 1))
        if late_ratio > 0 and rand() < late_ratio:
            ts = now - 30_000 - int(rand() * 570_001)
        body, sep, colon = bodies[int(rand() * nbodies)]
        if rand() < 0.1:
            pick = rand()
            offset = 0 if pick < 0.30 else 300 if pick < 0.85 else 360
            local = ts + offset * 60_000
            key = (local // 1000, offset)
            prefix = rfc_cache.get(key)
            if prefix is None:
                if len(rfc_cache) > 4096:
                    rfc_cache.clear()
                prefix = rfc_cache[key] = rfc3339(local // 1000 * 1000 - offset * 60_000, offset)
            ts_text = prefix[:21] + f"{local % 1000:03d}" + prefix[24:]
        else:
            ts_text = ts
        append(f'{{"id"{colon}"{id_prefix}{seq}"{sep}"ts"{colon}{ts_text}{sep}{body}'
               f'{sep}"src"{colon}{src_json}{sep}"seq"{colon}{seq}}}\n')
        if len(lines) >= 8192:
            write("".join(lines))
            lines.clear()
    if lines:
        write("".join(lines))
    return {"events": count, "first_ts_ms": int(start_ms) - disorder_ms, "last_ts_ms": end_ms,
            "event_time_span_s": span_ms / 1000, "density_per_s": density, "src": src,
            "group_scale": group_scale, "distinct_bodies": nbodies,
            "services": sum(len(d[1]) for d in build_tables(group_scale)[0]),
            "regions": len(build_tables(group_scale)[2]), "seed": seed}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="NDJSON file to write ('-' for stdout)")
    p.add_argument("--count", type=int, default=1_000_000, help="events (default 1,000,000)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--density", type=float, default=100_000, help="events per second of event time (default 100000)")
    p.add_argument("--end-ms", type=int, default=None, help="ts of the last event, epoch ms (default: now - margin)")
    p.add_argument("--end-margin-ms", type=int, default=1000, help="the stream ends this long before now (default 1000)")
    p.add_argument("--src", default="bench-1", help="producer id written as src (default bench-1)")
    p.add_argument("--group-scale", type=int, default=1, help="multiply services and regions by this (1..36)")
    p.add_argument("--late-ratio", type=float, default=0.001, help="share of events 30 s to 10 min late")
    p.add_argument("--disorder-ms", type=int, default=2000, help="largest backwards jitter of ts")
    p.add_argument("--extra-ratio", type=float, default=0.01, help="share of events with an unknown field")
    p.add_argument("--pool", type=int, default=65_536, help="distinct event bodies drawn from the model (default 65536)")
    p.add_argument("--summary", action="store_true", help="print a JSON summary on stderr")
    a = p.parse_args()
    if a.count < 1 or a.density <= 0:
        p.error("--count must be >= 1 and --density > 0")
    if a.out == "-":
        info = generate(sys.stdout, a.count, a.seed, a.density, a.end_ms, a.end_margin_ms, a.src, a.group_scale,
                        a.late_ratio, a.disorder_ms, a.extra_ratio, pool=a.pool)
    else:
        tmp = a.out + ".tmp"
        with open(tmp, "w", encoding="utf-8", buffering=1 << 20) as f:
            info = generate(f, a.count, a.seed, a.density, a.end_ms, a.end_margin_ms, a.src, a.group_scale,
                            a.late_ratio, a.disorder_ms, a.extra_ratio, pool=a.pool)
        os.replace(tmp, a.out)
    if a.summary:
        print(json.dumps(info), file=sys.stderr)


if __name__ == "__main__":
    main()
