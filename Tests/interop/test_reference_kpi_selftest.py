"""Hand-computed cases for reference_kpi.py (no daemon needed): if these hold,
the end-to-end KPI tests compare tamyrd with the contract. The same cases as
Tests/TamyrCoreTests/Reference/ReferenceKPITests.swift."""
import json
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

import reference_kpi as ref
from reference_kpi import Config, Window

T0 = 1_796_032_860_000  # 2026-11-30T10:01:00Z


def line(ts, domain="customs", service="import-declaration", status="ok", duration="100", region=None,
         channel=None, amount=None, applicant=None, src=None, seq=None, id="e"):
    fields = [f'"id":"{id}"', f'"ts":{ts}', f'"domain":"{domain}"', f'"service":"{service}"',
              f'"status":"{status}"', f'"duration_ms":{duration}']
    for name, value in (("region", region), ("channel", channel), ("applicant", applicant), ("src", src)):
        if value is not None:
            fields.append(f'"{name}":"{value}"')
    if amount is not None:
        fields.append(f'"amount":{amount}')
    if seq is not None:
        fields.append(f'"seq":{seq}')
    return "{" + ",".join(fields) + "}"


def config(windows=None, lateness=0, **overrides):
    values = dict(windows=windows or [Window.tumbling(10_000)], allowed_lateness_ms=lateness, idle_timeout_ms=1_000,
                  domains=["customs", "tax"], breakdowns=["service"], sla_default_ms=2_000, sla_domains_ms={},
                  sla_services_ms={})
    values.update(overrides)
    return Config(**values)


def run(lines, cfg, ticks=()):
    """Each line arrives 1 s after its own event time, in the order given."""
    return ref.run_arrivals([(ts + 1_000, text) for ts, text in lines], list(ticks), cfg)


def record(result, topic, start, value=""):
    return result.records_by_key().get((topic, ref.rfc3339(start), value))


def test_single_event_is_published_when_the_watermark_passes_its_window():
    t = T0 + 5_000
    event = line(t, duration="12.5", channel="mobile", amount="1500.25", applicant="a1")
    open_ = run([(t, event)], config())
    assert open_.records == [] and open_.watermark == t and open_.open_windows == 1
    result = run([(t, event), (T0 + 10_000, line(T0 + 10_000, domain="tax"))], config())
    assert [r.topic for r in result.records] == ["kpi.customs.10s", "kpi.customs.10s.service", "kpi.all.10s"]
    domain = record(result, "kpi.customs.10s", T0)
    assert (domain.start, domain.end) == ("2026-11-30T10:01:00Z", "2026-11-30T10:01:10Z")
    assert domain.group == {"domain": "customs"}
    assert (domain.count, domain.ok, domain.failed, domain.rejected) == (1, 1, 0, 0)
    assert domain.success_ratio == 1 and domain.rate_per_s == Fraction(1, 10)
    assert domain.mean_ms == domain.percentile_ms(50) == domain.max_ms == Fraction(25, 2)
    assert domain.sla_ratio == 1 and domain.sla_ms is None and domain.digital_share == 1
    assert domain.amount_sum == Decimal("1500.25") and domain.amount_mean == Fraction(150025, 100)
    assert domain.unique_applicants == 1
    assert domain.top_services == [("import-declaration", 1)]
    service = record(result, "kpi.customs.10s.service", T0, "import-declaration")
    assert service.group == {"domain": "customs", "service": "import-declaration"}
    assert service.sla_ms == 2_000 and service.top_services is None
    assert record(result, "kpi.all.10s", T0).count == 1
    assert result.open_windows == 1  # the tax event's window


def test_event_on_a_boundary_belongs_to_the_window_it_starts():
    cfg = config([Window.tumbling(10_000), Window.hopping(10_000, 5_000)])
    result = run([(T0 + 10_000, line(T0 + 10_000)), (T0 + 30_000, line(T0 + 30_000))], cfg)
    assert [r.start_ms for r in result.records if r.topic == "kpi.all.10s"] == [T0 + 10_000]
    assert [r.start_ms for r in result.records if r.topic == "kpi.all.10s/5s"] == [T0 + 5_000, T0 + 10_000]


def test_event_at_the_watermark_is_on_time_and_one_below_is_late():
    cfg = config(lateness=2_000)
    lines = [T0 + 1_000, T0 + 12_000, T0 + 10_000, T0 + 9_999]
    arrivals = [(T0 + 20_000 + i, line(ts)) for i, ts in enumerate(lines)]
    result = ref.run_arrivals(arrivals, [], cfg)
    assert result.watermark == T0 + 10_000
    assert result.late == {"10s": 1}
    assert result.accepted == 4
    assert record(result, "kpi.all.10s", T0).count == 1
    assert result.open_windows == 1
    closed = ref.run_arrivals(arrivals, [T0 + 40_000], cfg)
    assert record(closed, "kpi.all.10s", T0 + 10_000).count == 2


def test_late_event_joins_only_the_hopping_windows_still_open():
    cfg = config([Window.tumbling(10_000), Window.hopping(20_000, 10_000)])
    result = run([(T0 + 25_000, line(T0 + 25_000)), (T0 + 5_000, line(T0 + 5_000))], cfg)
    assert result.late == {"10s": 1, "20s/10s": 2}
    assert result.records == []
    result = run([(T0 + 15_000, line(T0 + 15_000)), (T0 + 5_000, line(T0 + 5_000))], cfg, ticks=[T0 + 100_000])
    assert result.late == {"10s": 1, "20s/10s": 1}
    assert record(result, "kpi.all.20s/10s", T0).count == 2
    assert record(result, "kpi.all.20s/10s", T0 + 10_000).count == 1
    assert record(result, "kpi.all.10s", T0) is None


def test_idle_tick_closes_the_last_window():
    lines = [(T0 + 3_000, line(T0 + 3_000))]
    quiet = run(lines, config(), ticks=[T0 + 5_000, T0 + 11_000])
    assert quiet.watermark == T0 + 9_000 and quiet.records == []
    closing = run(lines, config(), ticks=[T0 + 12_000])
    assert closing.watermark == T0 + 10_000
    assert [r.topic for r in closing.records] == ["kpi.customs.10s", "kpi.customs.10s.service", "kpi.all.10s"]
    assert closing.open_windows == 0
    after = run(lines + [(T0 + 4_000, line(T0 + 4_000))], config(), ticks=[T0 + 12_000])
    assert after.late == {"10s": 0}
    late_after_idle = ref.run([("arrival", T0 + 4_000, line(T0 + 3_000)), ("tick", T0 + 12_000),
                               ("arrival", T0 + 12_500, line(T0 + 4_000))], config())
    assert late_after_idle.late == {"10s": 1} and late_after_idle.watermark == T0 + 10_000


def test_hopping_with_every_equal_to_size_is_tumbling_under_its_own_name():
    cfg = config([Window.tumbling(10_000), Window.hopping(10_000, 10_000)])
    assert [w.name for w in cfg.windows] == ["10s", "10s/10s"]
    result = run([(T0 + 9_999, line(T0 + 9_999))], cfg, ticks=[T0 + 60_000])
    assert [r.topic for r in result.records if r.topic.startswith("kpi.all.")] == ["kpi.all.10s", "kpi.all.10s/10s"]
    assert all(r.start_ms == T0 and r.end_ms == T0 + 10_000 for r in result.records)
    assert Window.hopping(300_000, 10_000).name == "5m/10s"
    assert Window.tumbling(3_600_000).name == "1h" and Window.tumbling(90_000).name == "90s"
    assert Window.tumbling(2 * 86_400_000).name == "2d"


def test_group_cap_folds_later_values_into_other():
    cfg = config(max_groups=2, breakdowns=["service", "channel"])
    services = ["a", "b", "c", "a", "d", "other"]
    lines = [(T0 + i, line(T0 + i, service=s)) for i, s in enumerate(services)]
    lines.append((T0 + 10, line(T0 + 10, domain="tax", service="c", channel="office")))
    result = run(lines, cfg, ticks=[T0 + 60_000])
    customs = [r for r in result.records if r.topic == "kpi.customs.10s.service"]
    assert [r.group["service"] for r in customs] == ["a", "b", "other"]
    assert [r.count for r in customs] == [2, 1, 3]
    assert record(result, "kpi.customs.10s", T0).top_services == [("other", 3), ("a", 2), ("b", 1)]
    assert record(result, "kpi.tax.10s.service", T0, "c").count == 1
    assert record(result, "kpi.all.10s", T0).top_services == [("other", 3), ("a", 2), ("b", 1), ("c", 1)]
    assert record(result, "kpi.customs.10s.service", T0, "other").sla_ms == 2_000
    assert [r.group["channel"] for r in result.records if r.topic == "kpi.customs.10s.channel"] == ["unknown"]


def test_percentiles_are_nearest_rank():
    lines = [(T0 + i, line(T0 + i, duration=str(i))) for i in range(10, 0, -1)]
    all_ = record(run(lines, config(), ticks=[T0 + 60_000]), "kpi.all.10s", T0)
    assert [all_.percentile_ms(p) for p in (50, 90, 95, 99)] == [5, 9, 10, 10]
    assert all_.max_ms == 10 and all_.mean_ms == Fraction(11, 2)
    one = run([(T0, line(T0, duration="0.0005"))], config(), ticks=[T0 + 60_000])
    assert one.records[0].percentile_ms(99) == 0  # 0.5 µs rounds half to even: 0
    micro = run([(T0, line(T0, duration="1.2345"))], config(), ticks=[T0 + 60_000])
    assert micro.records[0].max_ms == Fraction(1234, 1000)


def test_sla_target_is_service_else_domain_else_default():
    cfg = config(domains=["customs", "tax", "ecommerce"], sla_default_ms=100, sla_domains_ms={"tax": 1_000},
                 sla_services_ms={"tax-certificate": 300})
    lines = [
        (T0 + 1, line(T0 + 1, domain="tax", service="tax-certificate", duration="300")),
        (T0 + 2, line(T0 + 2, domain="tax", service="tax-certificate", duration="300.001")),
        (T0 + 3, line(T0 + 3, domain="tax", service="vat", duration="900")),
        (T0 + 4, line(T0 + 4, domain="customs", service="vat", duration="150")),
    ]
    result = run(lines, cfg, ticks=[T0 + 60_000])
    assert record(result, "kpi.tax.10s", T0).sla_ratio == Fraction(2, 3)
    assert record(result, "kpi.tax.10s.service", T0, "tax-certificate").sla_ms == 300
    assert record(result, "kpi.tax.10s.service", T0, "vat").sla_ms == 1_000
    assert record(result, "kpi.customs.10s.service", T0, "vat").sla_ms == 100
    assert record(result, "kpi.all.10s", T0).sla_ratio == Fraction(2, 4)
    cfg.sla_default_ms = None
    none = run(lines, cfg, ticks=[T0 + 60_000])
    assert record(none, "kpi.customs.10s", T0).sla_ratio is None
    assert record(none, "kpi.customs.10s.service", T0, "vat").sla_ms is None


def test_digital_share_counts_known_channels_only():
    channels = ["online", "mobile", "office", None, None]
    result = run([(T0 + i, line(T0 + i, channel=c)) for i, c in enumerate(channels)], config(), ticks=[T0 + 60_000])
    assert record(result, "kpi.all.10s", T0).digital_share == Fraction(2, 3)
    unknown = run([(T0, line(T0))], config(), ticks=[T0 + 60_000])
    assert record(unknown, "kpi.all.10s", T0).digital_share is None


def test_amounts_are_summed_exactly():
    lines = [(T0 + 1, line(T0 + 1, amount="0.10", applicant="x")), (T0 + 2, line(T0 + 2, amount="0.2", applicant="x")),
             (T0 + 3, line(T0 + 3))]
    all_ = record(run(lines, config(), ticks=[T0 + 60_000]), "kpi.all.10s", T0)
    assert all_.amount_sum == Decimal("0.30") and str(all_.amount_sum) == "0.30" and all_.amount_sum_tiyn == 30
    assert all_.amount_mean == Fraction(15, 100) and all_.unique_applicants == 1
    none = run([(T0, line(T0))], config(), ticks=[T0 + 60_000])
    assert all(r.amount_sum is None and r.amount_mean is None and r.unique_applicants is None for r in none.records)


def test_only_valid_non_duplicate_events_are_aggregated():
    t, arrival = T0, T0 + 1_000
    cases = [
        ('{"id": "x"', ("rejected", "malformed_json")),
        ("[1]", ("rejected", "malformed_json")),
        ('{"ts": 1, "ts": 2} {}', ("rejected", "malformed_json")),
        ('{"id": "\\ud800", "ts": 1}', ("rejected", "malformed_json")),
        ('{"id": "x", "ts": NaN}', ("rejected", "malformed_json")),
        ('{"id": "x", "ts": 01}', ("rejected", "malformed_json")),
        (line(t).replace('"service":"import-declaration",', ""), ("rejected", "missing_field")),
        (line(t).replace('"service":"import-declaration"', '"service":null'), ("rejected", "missing_field")),
        (line(t, duration='"12"'), ("rejected", "bad_type")),
        (line(t).replace(f'"ts":{t}', f'"ts":{t}.0'), ("rejected", "bad_type")),
        (line(t).replace(f'"ts":{t}', '"ts":"2026-11-30 10:01:00Z"'), ("rejected", "bad_type")),
        (line(t).replace(f'"ts":{t}', '"ts":"2026-02-30T10:01:00Z"'), ("rejected", "out_of_range")),
        (line(t).replace(f'"ts":{t}', '"ts":-1'), ("rejected", "out_of_range")),
        (line(t, duration="86400000.0001"), ("rejected", "out_of_range")),
        (line(t, duration="-1"), ("rejected", "out_of_range")),
        (line(t, service="Import"), ("rejected", "out_of_range")),
        (line(t, status="done"), ("rejected", "out_of_range")),
        (line(t, region="Almaty"), ("rejected", "out_of_range")),
        (line(t, channel="unknown"), ("rejected", "out_of_range")),
        (line(t, amount="1.005"), ("rejected", "out_of_range")),
        (line(t, amount="-0.01"), ("rejected", "out_of_range")),
        (line(t, applicant=""), ("rejected", "out_of_range")),
        (line(t, domain="health"), ("rejected", "unknown_domain")),
        (line(arrival + 300_001), ("rejected", "future_ts")),
        (line(t, service="bad name", src="p", seq=5), ("rejected", "out_of_range")),  # seq 5 is recorded
        (line(t, src="p", seq=5), ("duplicate", None)),
        (line(t, src="p", seq=4), ("duplicate", None)),
        (line(arrival + 300_000, duration="86400000.000", amount="15e-1", src="p", seq=8), None),
    ]
    reference = ref.Reference(config())
    for text, wanted in cases:
        verdict = reference.arrive(arrival, text)
        if wanted is not None:
            assert verdict == wanted, text
        else:
            assert verdict[0] == "accepted", (text, verdict)
            assert verdict[1].duration_us == 86_400_000_000 and verdict[1].amount_tiyn == 150
    assert reference.duplicates == 2 and reference.accepted == 1 and reference.received == len(cases)
    assert reference.producers["p"] == {"last_seq": 8, "gaps": 2, "duplicates": 2}


def test_rfc3339_parses_and_formats():
    assert ref.parse_rfc3339("2026-11-30T10:01:00Z") == T0
    assert ref.parse_rfc3339("2026-11-30t15:01:00.123456789+05:00") == T0 + 123
    assert ref.parse_rfc3339("2026-11-30T10:00:60z") == T0
    assert ref.parse_rfc3339("1969-12-31T23:00:00-01:00") == 0
    assert ref.parse_rfc3339("2026-11-30T24:00:00Z") == "impossible"
    assert ref.parse_rfc3339("2026-11-30T10:00:00+24:00") == "impossible"
    assert ref.parse_rfc3339("2024-02-29T00:00:00Z") == 1_709_164_800_000
    assert ref.parse_rfc3339("2026-11-30T10:00:00.Z") == "bad_shape"
    assert ref.parse_rfc3339("2026-11-30T10:00:00") == "bad_shape"
    assert ref.rfc3339(T0 + 123) == "2026-11-30T10:01:00.123Z"
    assert ref.rfc3339(0) == "1970-01-01T00:00:00Z"
    assert ref.rfc3339(-10_000) == "1969-12-31T23:59:50Z"
    assert ref.rfc3339(253_402_300_799_999) == "9999-12-31T23:59:59.999Z"


# ---------------------------------------------------------------- compare

def _fixed(value, places):
    """A Fraction as decimal text with `places` decimals, rounded half to even."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_EVEN))


def render(record, start_shift=0):
    """The record as tamyrd would publish it: ratios to 6 significant digits, amounts to 2 decimals."""
    def g6(value):
        return float("%.6g" % float(value))

    out = {"v": 1, "window": record.window, "start": ref.rfc3339(record.start_ms + start_shift),
           "end": ref.rfc3339(record.end_ms + start_shift), "group": record.group, "count": record.count,
           "ok": record.ok, "failed": record.failed, "rejected": record.rejected,
           "success_ratio": g6(record.success_ratio), "rate_per_s": g6(record.rate_per_s),
           "duration_ms": {"mean": float(record.mean_ms),
                           **{f"p{p}": float(record.percentile_ms(p)) for p in (50, 90, 95, 99)},
                           "max": float(record.max_ms)}}
    if record.sla_ms is not None:
        out["sla_ms"] = record.sla_ms
    if record.sla_ratio is not None:
        out["sla_ratio"] = g6(record.sla_ratio)
    if record.digital_share is not None:
        out["digital_share"] = g6(record.digital_share)
    text = json.dumps(out)
    extra = []
    if record.amount_sum is not None:
        extra.append(f'"amount_sum": {record.amount_sum}')
        extra.append(f'"amount_mean": {_fixed(record.amount_mean, 2)}')
    if record.unique_applicants is not None:
        extra.append(f'"unique_applicants": {record.unique_applicants}')
    if record.top_services is not None:
        extra.append('"top_services": ' + json.dumps([{"service": s, "count": c} for s, c in record.top_services]))
    return (text[:-1] + "".join(", " + e for e in extra) + "}").encode()


def _stream_result():
    cfg = config([Window.tumbling(10_000), Window.hopping(20_000, 10_000)], breakdowns=["service", "region", "channel"])
    lines = []
    for i in range(40):
        ts = T0 + i * 700
        lines.append((ts, line(ts, domain="tax" if i % 3 == 0 else "customs", service="abc"[i % 3],
                               status="failed" if i % 7 == 0 else "ok", duration=f"{i * 37 % 500}.{i % 10}",
                               region=None if i % 4 == 0 else "KZ-ALA", channel=None if i % 5 == 0 else "online",
                               amount=f"{i}.0{i % 10}" if i % 2 == 0 else None, applicant=f"app-{i % 6}")))
    return run(lines, cfg, ticks=[T0 + 120_000])


def test_compare_accepts_faithful_records_and_reports_each_departure():
    result = _stream_result()
    assert len(result.records) > 20
    faithful = [(r.topic, render(r)) for r in result.records]
    assert ref.compare(faithful, result) == []
    parsed = [(topic, json.loads(payload, parse_float=Decimal)) for topic, payload in faithful]
    assert ref.compare(parsed, result) == []

    broken = faithful[1:] + [("kpi.tax.10s", render(result.records[0], start_shift=3_600_000))]
    target = next(i for i, (topic, _) in enumerate(faithful) if topic == "kpi.all.10s")
    count = result.records[target].count
    broken[target - 1] = (faithful[target][0],
                          faithful[target][1].replace(f'"count": {count},'.encode(), f'"count": {count + 1},'.encode()))
    problems = ref.compare(broken, result)
    assert len(problems) == 3, problems
    assert any("missing" in p for p in problems) and any("unexpected record" in p for p in problems)
    assert any("count: published" in p for p in problems)

    index = next(i for i, r in enumerate(result.records) if r.amount_sum is not None)
    topic, payload = faithful[index]
    total = str(result.records[index].amount_sum)
    mangled = list(faithful)
    mangled[index] = (topic, payload.replace(f'"amount_sum": {total}'.encode(), f'"amount_sum": {total}0'.encode()))
    problems = ref.compare(mangled, result)
    assert len(problems) == 1 and "exactly 2 decimals" in problems[0], problems

    p99 = float(result.records[index].percentile_ms(99))
    assert p99 > 0
    for factor, failures in ((1.02, 1), (1.005, 0)):
        record = json.loads(payload, parse_float=Decimal)
        record["duration_ms"]["p99"] = Decimal(repr(p99 * factor))
        problems = ref.compare([(topic, record)], [result.records[index]])
        assert len(problems) == failures and all("p99" in p for p in problems), problems
