"""The brute-force reference for Tamyr's windowed KPIs (wire contract v1,
sections 2-5, with the readings in docs/protocol.md), for the end-to-end tests.

Every accepted event is kept in full in every window it joins, and each KPI
is recomputed from the raw events when the window closes, with sorting, sets,
dictionaries and exact arithmetic (int, Fraction, Decimal). Slow on purpose,
and written without looking at the engine on purpose. Standard library only.

    config = Config(windows=[Window.tumbling(2000), Window.hopping(6000, 2000)], ...)
    ref = Reference(config)
    ref.arrive(at_ms, line)          # one event line read off the wire
    ref.tick(at_ms)                  # the daemon's idle check
    problems = compare(published, ref)   # [] when every record matches
"""
import json
import re
from decimal import Decimal
from fractions import Fraction

REASONS = ["malformed_json", "missing_field", "bad_type", "out_of_range", "unknown_domain", "future_ts"]
MAX_TS_MS = 253_402_300_799_999
MAX_DURATION_US = 86_400_000_000
MAX_DEPTH = 64
INT64_MAX = 2**63 - 1


# ---------------------------------------------------------------- configuration

def duration_name(ms):
    """`1m`, `10s`, `2h`: the largest of d, h, m, s that divides the duration."""
    for unit, size in (("d", 86_400_000), ("h", 3_600_000), ("m", 60_000), ("s", 1_000)):
        if ms > 0 and ms % size == 0:
            return f"{ms // size}{unit}"
    return f"{ms}ms"


class Window:
    """A window of size S advancing every E (E = S for tumbling): index k covers [k*E, k*E + S)."""

    def __init__(self, size_ms, every_ms, is_hopping):
        self.size_ms, self.every_ms, self.is_hopping = size_ms, every_ms, is_hopping

    @staticmethod
    def tumbling(size_ms):
        return Window(size_ms, size_ms, False)

    @staticmethod
    def hopping(size_ms, every_ms):
        return Window(size_ms, every_ms, True)

    @property
    def name(self):
        if self.is_hopping:
            return f"{duration_name(self.size_ms)}/{duration_name(self.every_ms)}"
        return duration_name(self.size_ms)


class Config:
    """Plain values; the defaults are tamyrd's documented defaults (max_groups: none)."""

    def __init__(self, windows=None, allowed_lateness_ms=5_000, idle_timeout_ms=5_000,
                 domains=("customs", "tax", "ecommerce"), breakdowns=("service", "region", "channel"),
                 sla_default_ms=2_000, sla_domains_ms=None, sla_services_ms=None,
                 max_future_skew_ms=300_000, max_groups=None, max_producers=10_000):
        self.windows = windows if windows is not None else [
            Window.tumbling(60_000), Window.tumbling(3_600_000), Window.hopping(300_000, 10_000)]
        self.allowed_lateness_ms = allowed_lateness_ms
        self.idle_timeout_ms = idle_timeout_ms
        self.domains = list(domains)
        self.breakdowns = list(breakdowns)
        self.sla_default_ms = sla_default_ms
        self.sla_domains_ms = dict({"customs": 2_000, "tax": 1_000, "ecommerce": 500}
                                   if sla_domains_ms is None else sla_domains_ms)
        self.sla_services_ms = dict({"tax-certificate": 300} if sla_services_ms is None else sla_services_ms)
        self.max_future_skew_ms = max_future_skew_ms
        self.max_groups = max_groups
        self.max_producers = max_producers

    def sla_target(self, service, domain):
        """The service's target, else the domain's, else the default (None: no target)."""
        if service in self.sla_services_ms:
            return self.sla_services_ms[service]
        if domain in self.sla_domains_ms:
            return self.sla_domains_ms[domain]
        return self.sla_default_ms


# ---------------------------------------------------------------- JSON with exact numbers

class Num:
    """A JSON number as written: `text`, its exact parts, and whether it is an integer literal."""

    def __init__(self, text):
        self.text = text
        match = re.fullmatch(r"(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?", text)
        sign, whole, fraction, exponent = match.groups()
        self.negative = sign == "-"
        self.integer_literal = fraction is None and exponent is None
        digits = whole + (fraction or "")
        exp = -len(fraction or "")
        if exponent is not None:
            e = int(exponent) if len(exponent.lstrip("+-")) <= 7 else (10**7 if not exponent.startswith("-") else -10**7)
            exp += max(-100_000, min(100_000, e))
        digits = digits.lstrip("0")
        while digits.endswith("0"):
            digits = digits[:-1]
            exp += 1
        self.digits, self.exponent = digits, (exp if digits else 0)

    @property
    def is_zero(self):
        return not self.digits

    def integer_digits(self):
        """How many digits the value has before the point (<= 0 for values below 1)."""
        return len(self.digits) + self.exponent

    def fraction(self):
        """The exact value (call only after bounding `integer_digits`)."""
        if self.is_zero:
            return Fraction(0)
        value = Fraction(int(self.digits)) * Fraction(10) ** self.exponent
        return -value if self.negative else value

    def __repr__(self):
        return self.text


class _Malformed(Exception):
    pass


class _Pairs(list):
    """An object's members as parsed, before the last-key-wins dict is built."""


def _reject_constant(name):
    raise _Malformed(name)


def parse_json(payload):
    """One JSON value (strings decoded, numbers as `Num`), or None when the text is not
    exactly one valid JSON value: bad syntax or UTF-8, raw control characters, lone
    surrogates, NaN/Infinity, nesting deeper than 64 levels."""
    if isinstance(payload, (bytes, bytearray)):
        try:
            payload = bytes(payload).decode("utf-8")
        except UnicodeDecodeError:
            return None
    if payload.startswith("\ufeff"):
        return None
    try:
        value = json.loads(payload, parse_int=Num, parse_float=Num, parse_constant=_reject_constant,
                           object_pairs_hook=_Pairs)
    except (ValueError, _Malformed, RecursionError):
        return None
    try:
        return _check(value, 0)
    except _Malformed:
        return None


def _check(value, depth):
    """Turns object pair lists into dicts (last key wins) and enforces the depth and surrogate rules."""
    if isinstance(value, str):
        if any(0xD800 <= ord(c) <= 0xDFFF for c in value):
            raise _Malformed("surrogate")
        return value
    if isinstance(value, list) and depth + 1 > MAX_DEPTH:
        raise _Malformed("depth")
    if isinstance(value, _Pairs):
        result = {}
        for key, item in value:
            result[_check(key, depth)] = _check(item, depth + 1)
        return result
    if isinstance(value, list):
        return [_check(item, depth + 1) for item in value]
    return value


# ---------------------------------------------------------------- time

def _days_from_civil(year, month, day):
    year -= month <= 2
    era = year // 400
    yoe = year - era * 400
    doy = (153 * (month + (-3 if month > 2 else 9)) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(days):
    days += 719468
    era = days // 146097
    doe = days - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + (3 if mp < 10 else -9)
    return yoe + era * 400 + (month <= 2), month, day


def _days_in_month(year, month):
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))")


def parse_rfc3339(text):
    """Epoch ms, or "bad_shape" / "impossible" (fraction of 1-9 digits truncated to ms;
    second 60 is the next minute's :00, as timegm does)."""
    match = _RFC3339.fullmatch(text)
    if not match or not text.isascii():
        return "bad_shape"
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, zulu, sign, off_hour, off_minute = match.groups()[6:]
    if fraction is not None and not 1 <= len(fraction) <= 9:
        return "bad_shape"
    off_hour, off_minute = int(off_hour or 0), int(off_minute or 0)
    if not (1 <= month <= 12 and 1 <= day <= _days_in_month(year, month) and hour <= 23 and minute <= 59
            and second <= 60 and off_hour <= 23 and off_minute <= 59):
        return "impossible"
    offset = (off_hour * 60 + off_minute) * (-1 if sign == "-" else 1)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second - offset * 60
    millis = int((fraction or "0").ljust(3, "0")[:3])
    return seconds * 1000 + millis


def rfc3339(ms):
    """`2026-11-30T10:01:00Z`, with `.sss` only when the milliseconds are not zero."""
    days, in_day = divmod(ms, 86_400_000)
    year, month, day = _civil_from_days(days)
    text = "%04d-%02d-%02dT%02d:%02d:%02d" % (year, month, day, in_day // 3_600_000,
                                               in_day // 60_000 % 60, in_day // 1000 % 60)
    if in_day % 1000:
        text += ".%03d" % (in_day % 1000)
    return text + "Z"


# ---------------------------------------------------------------- validation

class Event:
    __slots__ = ("id", "ts", "domain", "service", "status", "duration_us", "region", "channel",
                 "amount_tiyn", "applicant", "src", "seq")

    def __init__(self, **fields):
        for name in self.__slots__:
            setattr(self, name, fields.get(name))

    def __repr__(self):
        return "Event(%s)" % ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)


class _Reject(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _bounded_string(value, low, high):
    if not isinstance(value, str):
        raise _Reject("bad_type")
    if not low <= len(value.encode("utf-8")) <= high:
        raise _Reject("out_of_range")
    return value


def _sequence(value):
    if not isinstance(value, Num) or not value.integer_literal:
        raise _Reject("bad_type")
    if (value.negative and not value.is_zero) or value.integer_digits() > 19 or value.fraction() > INT64_MAX:
        raise _Reject("out_of_range")
    return int(value.fraction())


def producer_key(obj):
    """(src, seq) when both are present and valid on their own (the duplicate check
    runs before validation, contract section 5), else None."""
    try:
        if obj.get("src") is None or obj.get("seq") is None:
            return None
        return _bounded_string(obj["src"], 1, 64), _sequence(obj["seq"])
    except _Reject:
        return None


def validate(obj, arrival_ms, config):
    """("accepted", Event) or ("rejected", reason): fields checked in the table's order,
    the first failure decides; future_ts last. `null` counts as absent."""
    def field(name):
        return obj.get(name)

    def required(name):
        value = field(name)
        if value is None:
            raise _Reject("missing_field")
        return value

    try:
        event_id = _bounded_string(required("id"), 1, 128)
        ts = required("ts")
        if isinstance(ts, Num):
            if not ts.integer_literal:
                raise _Reject("bad_type")
            if (ts.negative and not ts.is_zero) or ts.integer_digits() > 15 or ts.fraction() > MAX_TS_MS:
                raise _Reject("out_of_range")
            ts = int(ts.fraction())
        elif isinstance(ts, str):
            ts = parse_rfc3339(ts)
            if ts == "bad_shape":
                raise _Reject("bad_type")
            if ts == "impossible" or not 0 <= ts <= MAX_TS_MS:
                raise _Reject("out_of_range")
        else:
            raise _Reject("bad_type")
        domain = required("domain")
        if not isinstance(domain, str):
            raise _Reject("bad_type")
        if domain not in config.domains:
            raise _Reject("unknown_domain")
        service = _bounded_string(required("service"), 1, 64)
        if not re.fullmatch(r"[a-z0-9._-]+", service) or not service.isascii():
            raise _Reject("out_of_range")
        status = _bounded_string(required("status"), 0, 1 << 30)
        if status not in ("ok", "failed", "rejected"):
            raise _Reject("out_of_range")
        duration = required("duration_ms")
        if not isinstance(duration, Num):
            raise _Reject("bad_type")
        if duration.is_zero:
            duration_us = 0
        else:
            # The range is checked on the exact value; then rounded to the µs, half to even.
            if duration.negative or duration.integer_digits() > 9 or duration.fraction() > MAX_DURATION_US // 1000:
                raise _Reject("out_of_range")
            duration_us = round(duration.fraction() * 1000)  # Fraction rounds half to even
        region = "unknown"
        if field("region") is not None:
            region = _bounded_string(field("region"), 0, 1 << 30)
            if not re.fullmatch(r"KZ-[A-Z0-9]{2,3}", region):
                raise _Reject("out_of_range")
        channel = "unknown"
        if field("channel") is not None:
            channel = _bounded_string(field("channel"), 0, 1 << 30)
            if channel not in ("online", "mobile", "office"):
                raise _Reject("out_of_range")
        amount_tiyn = None
        if field("amount") is not None:
            amount = field("amount")
            if not isinstance(amount, Num):
                raise _Reject("bad_type")
            if amount.is_zero:
                amount_tiyn = 0
            else:
                if amount.negative or amount.integer_digits() > 20:
                    raise _Reject("out_of_range")
                tiyn = amount.fraction() * 100
                if tiyn.denominator != 1 or tiyn > INT64_MAX:
                    raise _Reject("out_of_range")
                amount_tiyn = int(tiyn)
        applicant = None
        if field("applicant") is not None:
            applicant = _bounded_string(field("applicant"), 1, 128)
        src = None
        if field("src") is not None:
            src = _bounded_string(field("src"), 1, 64)
        seq = None
        if field("seq") is not None:
            seq = _sequence(field("seq"))
        if ts > arrival_ms + config.max_future_skew_ms:
            raise _Reject("future_ts")
    except _Reject as rejection:
        return "rejected", rejection.reason
    return "accepted", Event(id=event_id, ts=ts, domain=domain, service=service, status=status,
                             duration_us=duration_us, region=region, channel=channel,
                             amount_tiyn=amount_tiyn, applicant=applicant, src=src, seq=seq)


# ---------------------------------------------------------------- records

class ExpectedRecord:
    """One KPI record the reference expects, with the exact values behind each field."""

    def __init__(self, topic, window, start_ms, end_ms, group, dimension, size_ms):
        self.topic, self.window, self.start_ms, self.end_ms = topic, window, start_ms, end_ms
        self.group, self.dimension, self.size_ms = group, dimension, size_ms
        self.count = self.ok = self.failed = self.rejected = 0
        self.durations_us = []  # sorted ascending
        self.sla_ms = None  # only in per-service records
        self.sla_with_target = self.sla_met = 0
        self.digital = self.channel_known = 0
        self.amount_sum_tiyn = 0
        self.amount_count = 0
        self.applicants = set()
        self.any_applicant = False
        self.top_services = None  # [(service, count)], only in per-domain and all-domain records

    @property
    def start(self):
        return rfc3339(self.start_ms)

    @property
    def end(self):
        return rfc3339(self.end_ms)

    @property
    def key(self):
        """(topic, start, breakdown value or "")."""
        return self.topic, self.start, self.group.get(self.dimension, "") if self.dimension else ""

    @property
    def success_ratio(self):
        return Fraction(self.ok, self.count)

    @property
    def rate_per_s(self):
        return Fraction(self.count * 1000, self.size_ms)

    @property
    def mean_ms(self):
        return Fraction(sum(self.durations_us), self.count * 1000)

    @property
    def max_ms(self):
        return Fraction(self.durations_us[-1], 1000)

    def percentile_ms(self, percent):
        """The nearest-rank value: rank ceil(q * count), 1-based, on the sorted durations."""
        rank = max(1, -(-percent * self.count // 100))
        return Fraction(self.durations_us[rank - 1], 1000)

    @property
    def sla_ratio(self):
        return Fraction(self.sla_met, self.sla_with_target) if self.sla_with_target else None

    @property
    def digital_share(self):
        return Fraction(self.digital, self.channel_known) if self.channel_known else None

    @property
    def amount_sum(self):
        return Decimal(self.amount_sum_tiyn).scaleb(-2) if self.amount_count else None

    @property
    def amount_mean(self):
        return Fraction(self.amount_sum_tiyn, 100 * self.amount_count) if self.amount_count else None

    @property
    def unique_applicants(self):
        return len(self.applicants) if self.any_applicant else None

    def __repr__(self):
        return f"ExpectedRecord({self.key}, count={self.count})"


def dimension_value(event, dimension):
    return {"service": event.service, "region": event.region, "channel": event.channel}[dimension]


def folded(events, dimension, max_groups):
    """Group value per event (same order): the first `max_groups` distinct values in order
    of first arrival keep their own; every further value becomes "other"."""
    kept, values = [], []
    for event in events:
        value = dimension_value(event, dimension)
        if value not in kept:
            if max_groups is not None and len(kept) >= max_groups:
                value = "other"
            else:
                kept.append(value)
        values.append(value)
    return values


def top_services(counts):
    """Up to 5 (service, count), count descending, ties by name ascending."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:5]


def _fill(record, events, config):
    for event in events:
        record.count += 1
        if event.status == "ok":
            record.ok += 1
        elif event.status == "failed":
            record.failed += 1
        else:
            record.rejected += 1
        record.durations_us.append(event.duration_us)
        target = config.sla_target(event.service, event.domain)
        if target is not None:
            record.sla_with_target += 1
            if event.duration_us <= target * 1000:
                record.sla_met += 1
        if event.channel != "unknown":
            record.channel_known += 1
        if event.channel in ("online", "mobile"):
            record.digital += 1
        if event.amount_tiyn is not None:
            record.amount_count += 1
            record.amount_sum_tiyn += event.amount_tiyn
        if event.applicant is not None:
            record.any_applicant = True
            record.applicants.add(event.applicant)
    record.durations_us.sort()
    return record


def window_records(window, start_ms, events, config):
    """The records of one closed window in publication order (docs/protocol.md section 3):
    per configured domain with events, its record then its breakdowns (dimensions in
    configuration order, values sorted by name), then kpi.all."""
    name, end_ms = window.name, start_ms + window.size_ms
    records, all_services = [], {}
    for domain in config.domains:
        members = [e for e in events if e.domain == domain]
        if not members:
            continue
        record = _fill(ExpectedRecord(f"kpi.{domain}.{name}", name, start_ms, end_ms, {"domain": domain},
                                      None, window.size_ms), members, config)
        counts = {}
        for service in folded(members, "service", config.max_groups):
            counts[service] = counts.get(service, 0) + 1
            all_services[service] = all_services.get(service, 0) + 1
        record.top_services = top_services(counts)
        records.append(record)
        for dimension in config.breakdowns:
            groups = {}
            for event, value in zip(members, folded(members, dimension, config.max_groups)):
                groups.setdefault(value, []).append(event)
            for value in sorted(groups):
                breakdown = _fill(ExpectedRecord(f"kpi.{domain}.{name}.{dimension}", name, start_ms, end_ms,
                                                 {"domain": domain, dimension: value}, dimension, window.size_ms),
                                  groups[value], config)
                if dimension == "service":
                    breakdown.sla_ms = config.sla_target(value, domain)
                records.append(breakdown)
    record = _fill(ExpectedRecord(f"kpi.all.{name}", name, start_ms, end_ms, {"domain": "all"}, None,
                                  window.size_ms), events, config)
    record.top_services = top_services(all_services)
    records.append(record)
    return records


# ---------------------------------------------------------------- the engine

class Reference:
    """Steps through arrivals and idle ticks; `records` grows as windows close."""

    def __init__(self, config):
        self.config = config
        self.records = []
        self.late = {w.name: 0 for w in config.windows}
        self.watermark = None  # None before the first accepted event
        self.received = self.accepted = self.duplicates = self.producers_untracked = 0
        self.rejected = {reason: 0 for reason in REASONS}
        self.producers = {}  # src -> {"last_seq", "gaps", "duplicates"}
        self.verdicts = []
        self._windows = {}  # (window position, k) -> events added, in order
        self._max_ts = None
        self._watermark_after_event = None
        self._last_arrival = None

    @property
    def open_windows(self):
        return len(self._windows)

    def records_by_key(self):
        return {record.key: record for record in self.records}

    def arrive(self, at_ms, line):
        """One event line (str or bytes) read off the wire at wall time `at_ms`."""
        self.received += 1
        verdict = self._verdict(at_ms, line)
        self.verdicts.append(verdict)
        if verdict[0] == "duplicate":
            self.duplicates += 1
        elif verdict[0] == "rejected":
            self.rejected[verdict[1]] = self.rejected.get(verdict[1], 0) + 1
        else:
            self.accepted += 1
            self._add(verdict[1], at_ms)
        return verdict

    def tick(self, at_ms):
        """The daemon's idle check: after idle_timeout without an accepted event, the
        watermark advances at wall-clock speed from where the last event left it."""
        if self.watermark is None:
            return
        idle = at_ms - self._last_arrival - self.config.idle_timeout_ms
        if idle > 0:
            self.watermark = max(self.watermark, self._watermark_after_event + idle)
            self._close()

    def _verdict(self, at_ms, line):
        obj = parse_json(line)
        if not isinstance(obj, dict):
            return ("rejected", "malformed_json")
        key = producer_key(obj)
        if key is not None:
            src, seq = key
            producer = self.producers.get(src)
            if producer is not None:
                if seq <= producer["last_seq"]:
                    producer["duplicates"] += 1
                    return ("duplicate", None)
                producer["gaps"] += seq - producer["last_seq"] - 1
                producer["last_seq"] = seq
            elif len(self.producers) < self.config.max_producers:
                self.producers[src] = {"last_seq": seq, "gaps": 0, "duplicates": 0}
            else:
                self.producers_untracked += 1
        return validate(obj, at_ms, self.config)

    def _add(self, event, at_ms):
        before = self.watermark
        for position, window in enumerate(self.config.windows):
            first = (event.ts - window.size_ms) // window.every_ms + 1
            for k in range(first, event.ts // window.every_ms + 1):
                end = k * window.every_ms + window.size_ms
                if before is not None and end <= before:
                    self.late[window.name] += 1
                else:
                    self._windows.setdefault((position, k), []).append(event)
        self._max_ts = event.ts if self._max_ts is None else max(self._max_ts, event.ts)
        candidate = self._max_ts - self.config.allowed_lateness_ms
        self.watermark = candidate if self.watermark is None else max(self.watermark, candidate)
        self._watermark_after_event = self.watermark
        self._last_arrival = at_ms
        self._close()

    def _end(self, key):
        window = self.config.windows[key[0]]
        return key[1] * window.every_ms + window.size_ms

    def _close(self):
        closing = sorted((k for k in self._windows if self._end(k) <= self.watermark),
                         key=lambda k: (self._end(k), k[0], k[1]))
        for key in closing:
            window = self.config.windows[key[0]]
            self.records += window_records(window, key[1] * window.every_ms, self._windows.pop(key), self.config)


def run(inputs, config):
    """`inputs`: ("arrival", at_ms, line) and ("tick", at_ms) in order."""
    reference = Reference(config)
    for item in inputs:
        if item[0] == "arrival":
            reference.arrive(item[1], item[2])
        else:
            reference.tick(item[1])
    return reference


def run_arrivals(arrivals, ticks, config):
    """`arrivals`: [(at_ms, line)] in arrival order; a tick at t runs after every arrival at <= t."""
    inputs, pending = [], sorted(ticks)
    for at_ms, line in arrivals:
        while pending and pending[0] < at_ms:
            inputs.append(("tick", pending.pop(0)))
        inputs.append(("arrival", at_ms, line))
    inputs += [("tick", t) for t in pending]
    return run(inputs, config)


# ---------------------------------------------------------------- comparison

def _is_int(value):
    return type(value) is int


def _number(value):
    """An exact Fraction for a published number, else None. A float is taken as its
    shortest repr, which is the printed text whenever that had <= 15 significant digits."""
    if type(value) is float:
        value = Decimal(repr(value))
    if type(value) is int or (type(value) is Decimal and value.is_finite()):
        return Fraction(value)
    return None


def compare(published, expected):
    """Mismatches between published KPI records and the reference, as readable strings
    ([] when everything matches). `published`: [(topic, record)] where record is the
    payload (bytes/str, parsed here with exact decimals) or an already parsed dict
    (parse with `parse_float=Decimal` to keep amount text exact). `expected`: a
    Reference or a list of ExpectedRecord. Tolerances: wire contract section 4."""
    records = expected.records if isinstance(expected, Reference) else expected
    problems, by_key = [], {}
    for topic, record in published:
        if isinstance(topic, bytes):
            topic = topic.decode()
        if not topic.startswith("kpi."):
            continue
        if isinstance(record, (bytes, str)):
            try:
                record = json.loads(record, parse_float=Decimal)
            except ValueError:
                problems.append(f"{topic}: payload is not JSON: {record!r}")
                continue
        if not isinstance(record, dict) or not isinstance(record.get("start"), str):
            problems.append(f"{topic}: not a record with a start: {record!r}")
            continue
        group = record.get("group") if isinstance(record.get("group"), dict) else {}
        value = ",".join(str(v) for k, v in group.items() if k != "domain")
        key = (topic, record["start"], value)
        if key in by_key:
            problems.append(f"{_label(key)}: published more than once")
        by_key[key] = record
    wanted = {record.key: record for record in records}
    for record in records:
        if record.key not in by_key:
            problems.append(f"{_label(record.key)}: missing (expected count {record.count})")
        else:
            problems += [f"{_label(record.key)}: {p}" for p in compare_record(by_key[record.key], record)]
    for key in sorted(by_key):
        if key not in wanted:
            problems.append(f"{_label(key)}: unexpected record (count {by_key[key].get('count')})")
    return problems


def _label(key):
    topic, start, value = key
    return f"{topic} {start}" + (f" [{value}]" if value else "")


def compare_record(published, expected):
    """Field-by-field mismatches of one record (see `compare`)."""
    problems = []

    def fail(name, got, wanted):
        problems.append(f"{name}: published {'(absent)' if got is _ABSENT else repr(got)}, expected {wanted}")

    def get(obj, name):
        value = obj.get(name, _ABSENT) if isinstance(obj, dict) else _ABSENT
        return _ABSENT if value is None else value

    def exact_int(name, got, wanted):
        if not _is_int(got) or got != wanted:
            fail(name, got, wanted)

    def number(name, got, wanted, relative=None, absolute=None):
        if wanted is None:
            if got is not _ABSENT:
                fail(name, got, "(absent)")
            return
        value, wanted = _number(got), Fraction(wanted)
        if value is None:
            return fail(name, got, _show(wanted))
        allowed = relative * abs(wanted) if relative is not None else (absolute or 0)
        if abs(value - wanted) > allowed:
            fail(name, got, _show(wanted))

    exact_int("v", get(published, "v"), 1)
    for name, wanted in (("window", expected.window), ("start", expected.start), ("end", expected.end)):
        if get(published, name) != wanted:
            fail(name, get(published, name), repr(wanted))
    if get(published, "group") != expected.group:
        fail("group", get(published, "group"), expected.group)
    for name in ("count", "ok", "failed", "rejected"):
        exact_int(name, get(published, name), getattr(expected, name))
    number("success_ratio", get(published, "success_ratio"), expected.success_ratio, relative=Fraction(1, 10_000))
    number("rate_per_s", get(published, "rate_per_s"), expected.rate_per_s, relative=Fraction(1, 10_000))
    durations = get(published, "duration_ms")
    if not isinstance(durations, dict):
        fail("duration_ms", durations, "an object")
    else:
        number("duration_ms.mean", get(durations, "mean"), expected.mean_ms, relative=Fraction(1, 10**9))
        for percent in (50, 90, 95, 99):
            number(f"duration_ms.p{percent}", get(durations, f"p{percent}"), expected.percentile_ms(percent),
                   relative=Fraction(1, 100))
        number("duration_ms.max", get(durations, "max"), expected.max_ms, relative=0)
    number("sla_ms", get(published, "sla_ms"), expected.sla_ms, relative=0)
    number("sla_ratio", get(published, "sla_ratio"), expected.sla_ratio, relative=Fraction(1, 10_000))
    number("digital_share", get(published, "digital_share"), expected.digital_share, relative=Fraction(1, 10_000))
    amount_sum = get(published, "amount_sum")
    number("amount_sum", amount_sum, expected.amount_sum, relative=0)
    if expected.amount_sum is not None and amount_sum is not _ABSENT and not (
            type(amount_sum) is Decimal and amount_sum.as_tuple().exponent == -2):
        fail("amount_sum", amount_sum, "a number printed with exactly 2 decimals")
    number("amount_mean", get(published, "amount_mean"), expected.amount_mean, absolute=Fraction(5, 1000))
    unique = expected.unique_applicants
    if unique is not None and unique < 1000:
        exact_int("unique_applicants", get(published, "unique_applicants"), unique)
    else:
        number("unique_applicants", get(published, "unique_applicants"), unique, relative=Fraction(2, 100))
    top = get(published, "top_services")
    if expected.top_services is None:
        if top is not _ABSENT:
            fail("top_services", top, "(absent)")
    else:
        wanted = [{"service": s, "count": c} for s, c in expected.top_services]
        if not isinstance(top, list) or [
                {"service": t.get("service"), "count": t.get("count")} if isinstance(t, dict) else t
                for t in top] != wanted or not all(_is_int(t.get("count")) for t in top):
            fail("top_services", top, wanted)
    return problems


def compare_status(status, reference):
    """Mismatches of a status.tamyrd record's counters with the reference: late per
    window name, received, accepted, duplicates, rejected per reason."""
    problems = []
    for name, count in sorted(reference.late.items()):
        if status.get("late", {}).get(name) != count:
            problems.append(f"status late[{name}]: published {status.get('late', {}).get(name)}, expected {count}")
    for field in ("received", "accepted", "duplicates"):
        if status.get(field) != getattr(reference, field):
            problems.append(f"status {field}: published {status.get(field)}, expected {getattr(reference, field)}")
    for reason, count in sorted(reference.rejected.items()):
        if status.get("rejected", {}).get(reason) != count:
            problems.append(f"status rejected[{reason}]: published {status.get('rejected', {}).get(reason)}, "
                            f"expected {count}")
    return problems


class _Absent:
    def __repr__(self):
        return "(absent)"


_ABSENT = _Absent()


def _show(value):
    if isinstance(value, Fraction) and value.denominator != 1:
        return f"{float(value):.12g} ({value})"
    return str(value)
