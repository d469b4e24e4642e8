//! Dates: `now`, `date`, `dateInZone`, `toDate`, `dateModify`, `ago`, `duration`, … with Go
//! layouts (`"2006-01-02"`).
//!
//! Determinism: `now` is fixed at [`FIXED_NOW`] (2025-01-01T00:00:00Z) and the local time zone
//! is UTC, so a render never depends on the clock (Helm uses the real clock and the machine's
//! zone). A `time.Time` is a [`Value::Object`] of type `time.Time` printing as Go does
//! (`2025-01-01 00:00:00 +0000 UTC`).

use std::sync::Arc;

use chrono::{DateTime, Datelike, FixedOffset, Offset, TimeZone, Timelike, Utc};

use super::super::value::{Object, Value};
use super::conv::*;
use super::FuncState;

/// The fixed "now" of every render: 2025-01-01T00:00:00Z (Unix seconds).
pub const FIXED_NOW: i64 = 1_735_689_600;

type R = Result<Value, String>;

/// A Go `time.Time`: an instant, its offset and its zone name.
#[derive(Clone)]
pub struct Time {
    dt: DateTime<FixedOffset>,
    zone: String,
}

impl Time {
    fn utc(dt: DateTime<Utc>) -> Time {
        Time {
            dt: dt.fixed_offset(),
            zone: "UTC".into(),
        }
    }

    fn unix(secs: i64) -> Time {
        Time::utc(DateTime::from_timestamp(secs, 0).unwrap_or_default())
    }

    fn now() -> Time {
        Time::unix(FIXED_NOW)
    }

    fn zone_name(&self) -> String {
        if self.zone.is_empty() {
            fmt_offset(self.dt.offset().local_minus_utc(), false, false, "")
        } else {
            self.zone.clone()
        }
    }

    fn in_zone(&self, zone: &str) -> Time {
        if zone == "UTC" || zone == "Local" || zone.is_empty() {
            return Time::utc(self.dt.with_timezone(&Utc));
        }
        match zone.parse::<chrono_tz::Tz>() {
            Ok(tz) => {
                use chrono_tz::OffsetName;
                let local = self.dt.with_timezone(&tz);
                let name = local.offset().abbreviation().unwrap_or("").to_string();
                Time {
                    dt: local.fixed_offset(),
                    zone: name,
                }
            }
            Err(_) => Time::utc(self.dt.with_timezone(&Utc)),
        }
    }

    /// Go's `Time.String()`.
    fn go_string(&self) -> String {
        let ns = self.dt.nanosecond();
        let frac = if ns == 0 {
            String::new()
        } else {
            format!(".{ns:09}").trim_end_matches('0').to_string()
        };
        format!(
            "{}{} {} {}",
            self.dt.format("%Y-%m-%d %H:%M:%S"),
            frac,
            fmt_offset(self.dt.offset().local_minus_utc(), false, false, ""),
            self.zone_name()
        )
    }

    fn from_value(v: &Value) -> Option<Time> {
        match v {
            Value::Object(o) if o.type_name() == "time.Time" => parse_go_string(&o.display()),
            _ => None,
        }
    }

    fn value(self) -> Value {
        Value::Object(Arc::new(self))
    }
}

fn parse_go_string(s: &str) -> Option<Time> {
    let mut it = s.splitn(4, ' ');
    let (d, t, off, zone) = (it.next()?, it.next()?, it.next()?, it.next().unwrap_or(""));
    let naive =
        chrono::NaiveDateTime::parse_from_str(&format!("{d} {t}"), "%Y-%m-%d %H:%M:%S%.f").ok()?;
    let sign = if off.starts_with('-') { -1 } else { 1 };
    let hh: i32 = off.get(1..3)?.parse().ok()?;
    let mm: i32 = off.get(3..5)?.parse().ok()?;
    let offset = FixedOffset::east_opt(sign * (hh * 3600 + mm * 60))?;
    let dt = offset.from_local_datetime(&naive).single()?;
    let zone = if zone == off {
        String::new()
    } else {
        zone.to_string()
    };
    Some(Time { dt, zone })
}

impl Object for Time {
    fn type_name(&self) -> &str {
        "time.Time"
    }
    fn field(&self, name: &str) -> Option<Value> {
        let d = &self.dt;
        Some(match name {
            "Year" => Value::Int(i64::from(d.year()), None),
            "Month" => Value::Int(i64::from(d.month()), None),
            "Day" => Value::Int(i64::from(d.day()), None),
            "Hour" => Value::Int(i64::from(d.hour()), None),
            "Minute" => Value::Int(i64::from(d.minute()), None),
            "Second" => Value::Int(i64::from(d.second()), None),
            "Nanosecond" => Value::Int(i64::from(d.nanosecond()), None),
            "YearDay" => Value::Int(i64::from(d.ordinal()), None),
            "Unix" => Value::Int64(d.timestamp(), None),
            "UnixMilli" => Value::Int64(d.timestamp_millis(), None),
            "UnixNano" => Value::Int64(d.timestamp_nanos_opt().unwrap_or(0), None),
            "UTC" => Time::utc(d.with_timezone(&Utc)).value(),
            "Local" => Time::utc(d.with_timezone(&Utc)).value(),
            "String" => Value::str(self.go_string()),
            "IsZero" => Value::Bool(
                d.timestamp() == -62_135_596_800 && d.nanosecond() == 0,
                None,
            ),
            _ => return None,
        })
    }
    fn call(&self, method: &str, args: &[Value]) -> Option<Result<Value, String>> {
        if args.is_empty() {
            return self.field(method).map(Ok);
        }
        match method {
            "Format" => Some(arg_str(args, 0).map(|l| Value::str(format(self, &l.text)))),
            "In" => None,
            _ => None,
        }
    }
    fn display(&self) -> String {
        self.go_string()
    }
}

const LONG_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const LONG_DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Lit(String),
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    Tz,
    /// Offset: (iso "Z" form, colon, seconds, hours only)
    Offset(bool, bool, bool, bool),
    /// Fractional seconds: (digits, trim nines, separator)
    Frac(usize, bool, char),
}

fn tokenize(layout: &str) -> Vec<Tok> {
    let b = layout.as_bytes();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let starts = |i: usize, s: &str| layout[i..].starts_with(s);
    while i < b.len() {
        let (tok, len): (Option<Tok>, usize) = match b[i] {
            b'J' if starts(i, "January") => (Some(Tok::LongMonth), 7),
            b'J' if starts(i, "Jan") => (Some(Tok::Month), 3),
            b'M' if starts(i, "Monday") => (Some(Tok::LongWeekDay), 6),
            b'M' if starts(i, "Mon") => (Some(Tok::WeekDay), 3),
            b'M' if starts(i, "MST") => (Some(Tok::Tz), 3),
            b'0' if starts(i, "002") => (Some(Tok::ZeroYearDay), 3),
            b'0' if i + 1 < b.len() && (b'1'..=b'6').contains(&b[i + 1]) => (
                Some(match b[i + 1] {
                    b'1' => Tok::ZeroMonth,
                    b'2' => Tok::ZeroDay,
                    b'3' => Tok::ZeroHour12,
                    b'4' => Tok::ZeroMinute,
                    b'5' => Tok::ZeroSecond,
                    _ => Tok::Year,
                }),
                2,
            ),
            b'1' if starts(i, "15") => (Some(Tok::Hour), 2),
            b'1' => (Some(Tok::NumMonth), 1),
            b'2' if starts(i, "2006") => (Some(Tok::LongYear), 4),
            b'2' => (Some(Tok::Day), 1),
            b'_' if starts(i, "_2006") => {
                lit.push('_');
                i += 1;
                continue;
            }
            b'_' if starts(i, "__2") => (Some(Tok::UnderYearDay), 3),
            b'_' if starts(i, "_2") => (Some(Tok::UnderDay), 2),
            b'3' => (Some(Tok::Hour12), 1),
            b'4' => (Some(Tok::Minute), 1),
            b'5' => (Some(Tok::Second), 1),
            b'P' if starts(i, "PM") => (Some(Tok::PM), 2),
            b'p' if starts(i, "pm") => (Some(Tok::Pm), 2),
            b'-' | b'Z' => {
                let z = b[i] == b'Z';
                let rest = &layout[i + 1..];
                if rest.starts_with("07:00:00") {
                    (Some(Tok::Offset(z, true, true, false)), 9)
                } else if rest.starts_with("070000") {
                    (Some(Tok::Offset(z, false, true, false)), 7)
                } else if rest.starts_with("07:00") {
                    (Some(Tok::Offset(z, true, false, false)), 6)
                } else if rest.starts_with("0700") {
                    (Some(Tok::Offset(z, false, false, false)), 5)
                } else if rest.starts_with("07") {
                    (Some(Tok::Offset(z, false, false, true)), 3)
                } else {
                    (None, 1)
                }
            }
            c @ (b'.' | b',') if i + 1 < b.len() && (b[i + 1] == b'0' || b[i + 1] == b'9') => {
                let d = b[i + 1];
                let mut j = i + 1;
                while j < b.len() && b[j] == d {
                    j += 1;
                }
                if j < b.len() && b[j].is_ascii_digit() {
                    (None, 1)
                } else {
                    (Some(Tok::Frac(j - i - 1, d == b'9', c as char)), j - i)
                }
            }
            _ => (None, 1),
        };
        match tok {
            Some(t) => {
                if !lit.is_empty() {
                    out.push(Tok::Lit(std::mem::take(&mut lit)));
                }
                out.push(t);
                i += len;
            }
            None => {
                let ch = layout[i..].chars().next().unwrap_or(' ');
                lit.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    if !lit.is_empty() {
        out.push(Tok::Lit(lit));
    }
    out
}

fn fmt_offset(secs: i32, colon: bool, with_secs: bool, _: &str) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    let (h, m, s) = (a / 3600, (a / 60) % 60, a % 60);
    let mut out = format!("{sign}{h:02}");
    if colon {
        out.push(':');
    }
    out.push_str(&format!("{m:02}"));
    if with_secs {
        if colon {
            out.push(':');
        }
        out.push_str(&format!("{s:02}"));
    }
    out
}

/// Formats `t` with a Go layout.
pub fn format(t: &Time, layout: &str) -> String {
    let d = &t.dt;
    let mut out = String::new();
    for tok in tokenize(layout) {
        match tok {
            Tok::Lit(s) => out.push_str(&s),
            Tok::LongMonth => out.push_str(LONG_MONTHS[d.month0() as usize]),
            Tok::Month => out.push_str(&LONG_MONTHS[d.month0() as usize][..3]),
            Tok::NumMonth => out.push_str(&d.month().to_string()),
            Tok::ZeroMonth => out.push_str(&format!("{:02}", d.month())),
            Tok::LongWeekDay => {
                out.push_str(LONG_DAYS[d.weekday().num_days_from_sunday() as usize])
            }
            Tok::WeekDay => {
                out.push_str(&LONG_DAYS[d.weekday().num_days_from_sunday() as usize][..3])
            }
            Tok::Day => out.push_str(&d.day().to_string()),
            Tok::UnderDay => out.push_str(&format!("{:>2}", d.day())),
            Tok::ZeroDay => out.push_str(&format!("{:02}", d.day())),
            Tok::UnderYearDay => out.push_str(&format!("{:>3}", d.ordinal())),
            Tok::ZeroYearDay => out.push_str(&format!("{:03}", d.ordinal())),
            Tok::Hour => out.push_str(&format!("{:02}", d.hour())),
            Tok::Hour12 => out.push_str(
                &(if d.hour() % 12 == 0 {
                    12
                } else {
                    d.hour() % 12
                })
                .to_string(),
            ),
            Tok::ZeroHour12 => out.push_str(&format!(
                "{:02}",
                if d.hour() % 12 == 0 {
                    12
                } else {
                    d.hour() % 12
                }
            )),
            Tok::Minute => out.push_str(&d.minute().to_string()),
            Tok::ZeroMinute => out.push_str(&format!("{:02}", d.minute())),
            Tok::Second => out.push_str(&d.second().to_string()),
            Tok::ZeroSecond => out.push_str(&format!("{:02}", d.second())),
            Tok::LongYear => out.push_str(&format!("{:04}", d.year())),
            Tok::Year => out.push_str(&format!("{:02}", d.year().rem_euclid(100))),
            Tok::PM => out.push_str(if d.hour() >= 12 { "PM" } else { "AM" }),
            Tok::Pm => out.push_str(if d.hour() >= 12 { "pm" } else { "am" }),
            Tok::Tz => out.push_str(&t.zone_name()),
            Tok::Offset(z, colon, secs, hours_only) => {
                let off = d.offset().local_minus_utc();
                if z && off == 0 {
                    out.push('Z');
                } else if hours_only {
                    let full = fmt_offset(off, false, false, "");
                    out.push_str(&full[..3]);
                } else {
                    out.push_str(&fmt_offset(off, colon, secs, ""));
                }
            }
            Tok::Frac(n, trim, sep) => {
                let digits = format!("{:09}", d.nanosecond());
                let mut f = digits[..n.min(9)].to_string();
                if trim {
                    f = f.trim_end_matches('0').to_string();
                    if !f.is_empty() {
                        out.push(sep);
                        out.push_str(&f);
                    }
                } else {
                    out.push(sep);
                    out.push_str(&f);
                }
            }
        }
    }
    out
}

/// Parses `value` with a Go layout (`time.ParseInLocation(layout, value, UTC)`).
pub fn parse(layout: &str, value: &str) -> Result<Time, String> {
    let err = || {
        format!(
            "parsing time {:?} as {:?}: cannot parse {:?} as {:?}",
            value, layout, value, layout
        )
    };
    let (mut year, mut month, mut day, mut hour, mut min, mut sec, mut nsec) =
        (1i32, 1u32, 1u32, 0u32, 0u32, 0u32, 0u32);
    let mut pm: Option<bool> = None;
    let mut offset: Option<i32> = None;
    let mut zone = String::new();
    let mut v = value;
    fn num(v: &mut &str, min: usize, max: usize) -> Option<u32> {
        let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
        if n < min {
            return None;
        }
        let x = v[..n].parse().ok()?;
        *v = &v[n..];
        Some(x)
    }
    fn name(v: &mut &str, names: &[&str], short: bool) -> Option<u32> {
        for (i, n) in names.iter().enumerate() {
            let n = if short { &n[..3] } else { n };
            if v.len() >= n.len() && v[..n.len()].eq_ignore_ascii_case(n) {
                *v = &v[n.len()..];
                return Some(i as u32);
            }
        }
        None
    }
    for tok in tokenize(layout) {
        let ok = match tok {
            Tok::Lit(s) => {
                if let Some(r) = v.strip_prefix(s.as_str()) {
                    v = r;
                    Some(())
                } else {
                    None
                }
            }
            Tok::LongMonth => name(&mut v, &LONG_MONTHS, false).map(|m| month = m + 1),
            Tok::Month => name(&mut v, &LONG_MONTHS, true).map(|m| month = m + 1),
            Tok::NumMonth => num(&mut v, 1, 2).map(|m| month = m),
            Tok::ZeroMonth => num(&mut v, 2, 2).map(|m| month = m),
            Tok::LongWeekDay => name(&mut v, &LONG_DAYS, false).map(|_| ()),
            Tok::WeekDay => name(&mut v, &LONG_DAYS, true).map(|_| ()),
            Tok::Day | Tok::UnderDay => {
                v = v.trim_start_matches(' ');
                num(&mut v, 1, 2).map(|x| day = x)
            }
            Tok::ZeroDay => num(&mut v, 2, 2).map(|x| day = x),
            Tok::UnderYearDay | Tok::ZeroYearDay => num(&mut v, 1, 3).map(|_| ()),
            Tok::Hour => num(&mut v, 1, 2).map(|x| hour = x),
            Tok::Hour12 => num(&mut v, 1, 2).map(|x| hour = x),
            Tok::ZeroHour12 => num(&mut v, 2, 2).map(|x| hour = x),
            Tok::Minute => num(&mut v, 1, 2).map(|x| min = x),
            Tok::ZeroMinute => num(&mut v, 2, 2).map(|x| min = x),
            Tok::Second | Tok::ZeroSecond => {
                let r = num(&mut v, 1, 2).map(|x| sec = x);
                // Go accepts a fractional second after the seconds field.
                if r.is_some()
                    && v.starts_with('.')
                    && v[1..].starts_with(|c: char| c.is_ascii_digit())
                {
                    let mut w = &v[1..];
                    let n = w.bytes().take_while(u8::is_ascii_digit).count();
                    let digits = &w[..n];
                    let padded = format!("{:0<9}", &digits[..n.min(9)]);
                    nsec = padded.parse().unwrap_or(0);
                    w = &w[n..];
                    v = w;
                }
                r
            }
            Tok::LongYear => num(&mut v, 4, 4).map(|x| year = x as i32),
            Tok::Year => {
                num(&mut v, 2, 2).map(|x| year = if x >= 69 { 1900 } else { 2000 } + x as i32)
            }
            Tok::PM | Tok::Pm => {
                let s = v.get(..2).unwrap_or("").to_ascii_uppercase();
                v = v.get(2..).unwrap_or("");
                match s.as_str() {
                    "PM" => {
                        pm = Some(true);
                        Some(())
                    }
                    "AM" => {
                        pm = Some(false);
                        Some(())
                    }
                    _ => None,
                }
            }
            Tok::Tz => {
                let n = v.bytes().take_while(|b| b.is_ascii_uppercase()).count();
                if n >= 3 {
                    zone = v[..n].to_string();
                    v = &v[n..];
                    if zone == "UTC" || zone == "GMT" {
                        offset = Some(0);
                    }
                    Some(())
                } else {
                    None
                }
            }
            Tok::Offset(z, colon, secs, hours_only) => {
                if z && v.starts_with('Z') {
                    v = &v[1..];
                    offset = Some(0);
                    zone = "UTC".into();
                    Some(())
                } else {
                    let sign = match v.as_bytes().first() {
                        Some(b'+') => 1,
                        Some(b'-') => -1,
                        _ => 0,
                    };
                    if sign == 0 {
                        None
                    } else {
                        v = &v[1..];
                        let h = num(&mut v, 2, 2);
                        let m = if hours_only {
                            Some(0)
                        } else {
                            if colon {
                                v = v.strip_prefix(':').unwrap_or("\u{0}");
                            }
                            num(&mut v, 2, 2)
                        };
                        let s = if secs {
                            if colon {
                                v = v.strip_prefix(':').unwrap_or("\u{0}");
                            }
                            num(&mut v, 2, 2)
                        } else {
                            Some(0)
                        };
                        match (h, m, s) {
                            (Some(h), Some(m), Some(s)) => {
                                offset = Some(sign * (h * 3600 + m * 60 + s) as i32);
                                Some(())
                            }
                            _ => None,
                        }
                    }
                }
            }
            Tok::Frac(n, _, sep) => {
                if let Some(r) = v.strip_prefix(sep) {
                    let k = r.bytes().take_while(u8::is_ascii_digit).count();
                    if k == 0 || (k != n && !matches!(tok, Tok::Frac(_, true, _))) {
                        None
                    } else {
                        let padded = format!("{:0<9}", &r[..k.min(9)]);
                        nsec = padded.parse().unwrap_or(0);
                        v = &r[k..];
                        Some(())
                    }
                } else {
                    Some(())
                }
            }
        };
        if ok.is_none() {
            return Err(err());
        }
    }
    if !v.is_empty() {
        return Err(format!("parsing time {value:?}: extra text: {v:?}"));
    }
    if let Some(p) = pm {
        if hour > 12 {
            return Err(format!("parsing time {value:?}: hour out of range"));
        }
        if p && hour < 12 {
            hour += 12;
        } else if !p && hour == 12 {
            hour = 0;
        }
    }
    let date = chrono::NaiveDate::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("parsing time {value:?}: day out of range"))?;
    let time = chrono::NaiveTime::from_hms_nano_opt(hour, min, sec, nsec)
        .ok_or_else(|| format!("parsing time {value:?}: hour out of range"))?;
    let naive = date.and_time(time);
    let off = offset.unwrap_or(0);
    let fo = FixedOffset::east_opt(off).ok_or_else(err)?;
    let dt = fo.from_local_datetime(&naive).single().ok_or_else(err)?;
    let zone = if off == 0 && (offset.is_none() || zone.is_empty() || zone == "UTC") {
        "UTC".to_string()
    } else {
        zone
    };
    Ok(Time { dt, zone })
}

// durations -----------------------------------------------------------------------------------

/// Go's `time.Duration.String()`.
pub fn duration_string(d: i64) -> String {
    if d == 0 {
        return "0s".into();
    }
    let neg = d < 0;
    let u = d.unsigned_abs();
    let mut out = String::new();
    if u < 1_000_000_000 {
        let (unit, div) = if u < 1_000 {
            ("ns", 1)
        } else if u < 1_000_000 {
            ("µs", 1_000)
        } else {
            ("ms", 1_000_000)
        };
        out.push_str(&frac_str(u, div));
        out.push_str(unit);
    } else {
        let secs = u / 1_000_000_000;
        let h = secs / 3600;
        let m = (secs / 60) % 60;
        let s_ns = u % 60_000_000_000;
        if h > 0 {
            out.push_str(&format!("{h}h"));
        }
        if h > 0 || m > 0 {
            out.push_str(&format!("{m}m"));
        }
        out.push_str(&frac_str(s_ns, 1_000_000_000));
        out.push('s');
    }
    if neg {
        format!("-{out}")
    } else {
        out
    }
}

fn frac_str(v: u64, div: u64) -> String {
    let int = v / div;
    let frac = v % div;
    if frac == 0 {
        return int.to_string();
    }
    let width = div.to_string().len() - 1;
    let f = format!("{frac:0width$}");
    format!("{int}.{}", f.trim_end_matches('0'))
}

/// Go's `time.ParseDuration`, in nanoseconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let err = || format!("time: invalid duration {s:?}");
    let (neg, mut rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(err());
    }
    let mut total: f64 = 0.0;
    while !rest.is_empty() {
        let n = rest
            .bytes()
            .take_while(|b| b.is_ascii_digit() || *b == b'.')
            .count();
        if n == 0 {
            return Err(err());
        }
        let x: f64 = rest[..n].parse().map_err(|_| err())?;
        rest = &rest[n..];
        let u = rest
            .bytes()
            .take_while(|b| !b.is_ascii_digit() && *b != b'.')
            .count();
        let unit = &rest[..u];
        rest = &rest[u..];
        let mul = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err(format!("time: missing unit in duration {s:?}")),
            _ => return Err(format!("time: unknown unit {unit:?} in duration {s:?}")),
        };
        total += x * mul;
    }
    if total > i64::MAX as f64 {
        return Err(err());
    }
    let t = total.round() as i64;
    Ok(if neg { -t } else { t })
}

// functions -----------------------------------------------------------------------------------

fn time_arg(v: &Value) -> Time {
    match v {
        Value::Int(i, _) | Value::Int64(i, _) => Time::unix(*i),
        other => Time::from_value(other).unwrap_or_else(Time::now),
    }
}

/// `now` (fixed: see the module docs).
pub fn now(_: &mut FuncState, a: &[Value]) -> R {
    arity("now", a, 0)?;
    Ok(Time::now().value())
}

/// `date LAYOUT TIME`.
pub fn date(_: &mut FuncState, a: &[Value]) -> R {
    arity("date", a, 2)?;
    let l = arg_str(a, 0)?;
    Ok(Value::str(format(
        &time_arg(&a[1]).in_zone("Local"),
        &l.text,
    )))
}

/// `dateInZone LAYOUT TIME ZONE`.
pub fn date_in_zone(_: &mut FuncState, a: &[Value]) -> R {
    arity("dateInZone", a, 3)?;
    let l = arg_str(a, 0)?;
    let z = arg_str(a, 2)?;
    Ok(Value::str(format(
        &time_arg(&a[1]).in_zone(&z.text),
        &l.text,
    )))
}

/// `htmlDate TIME`.
pub fn html_date(_: &mut FuncState, a: &[Value]) -> R {
    arity("htmlDate", a, 1)?;
    Ok(Value::str(format(
        &time_arg(&a[0]).in_zone("Local"),
        "2006-01-02",
    )))
}

/// `htmlDateInZone TIME ZONE`.
pub fn html_date_in_zone(_: &mut FuncState, a: &[Value]) -> R {
    arity("htmlDateInZone", a, 2)?;
    let z = arg_str(a, 1)?;
    Ok(Value::str(format(
        &time_arg(&a[0]).in_zone(&z.text),
        "2006-01-02",
    )))
}

/// `toDate LAYOUT S` (the zero time on error).
pub fn to_date(_: &mut FuncState, a: &[Value]) -> R {
    arity("toDate", a, 2)?;
    let l = arg_str(a, 0)?;
    let s = arg_str(a, 1)?;
    Ok(parse(&l.text, &s.text)
        .unwrap_or_else(|_| {
            Time::utc(DateTime::from_timestamp(-62_135_596_800, 0).unwrap_or_default())
        })
        .value())
}

/// `mustToDate LAYOUT S`.
pub fn must_to_date(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustToDate", a, 2)?;
    Ok(parse(&arg_str(a, 0)?.text, &arg_str(a, 1)?.text)?.value())
}

fn time_param(a: &[Value], i: usize) -> Result<Time, String> {
    match a.get(i) {
        Some(v) => Time::from_value(v).ok_or_else(|| {
            format!(
                "wrong type for value; expected time.Time; got {}",
                v.type_name()
            )
        }),
        None => Err("invalid value; expected time.Time".into()),
    }
}

fn add(t: &Time, ns: i64) -> Time {
    Time {
        dt: t.dt + chrono::Duration::nanoseconds(ns),
        zone: t.zone.clone(),
    }
}

/// `dateModify DURATION TIME` (unchanged on a bad duration).
pub fn date_modify(_: &mut FuncState, a: &[Value]) -> R {
    arity("dateModify", a, 2)?;
    let d = arg_str(a, 0)?;
    let t = time_param(a, 1)?;
    Ok(match parse_duration(&d.text) {
        Ok(ns) => add(&t, ns).value(),
        Err(_) => t.value(),
    })
}

/// `mustDateModify DURATION TIME`.
pub fn must_date_modify(_: &mut FuncState, a: &[Value]) -> R {
    arity("mustDateModify", a, 2)?;
    let d = arg_str(a, 0)?;
    let t = time_param(a, 1)?;
    Ok(add(&t, parse_duration(&d.text)?).value())
}

/// `ago TIME`: the time since TIME (relative to the fixed now), rounded to seconds.
pub fn ago(_: &mut FuncState, a: &[Value]) -> R {
    arity("ago", a, 1)?;
    let t = time_arg(&a[0]);
    let secs = FIXED_NOW - t.dt.timestamp();
    Ok(Value::str(duration_string(
        secs.saturating_mul(1_000_000_000),
    )))
}

/// `unixEpoch TIME`.
pub fn unix_epoch(_: &mut FuncState, a: &[Value]) -> R {
    arity("unixEpoch", a, 1)?;
    Ok(Value::str(time_param(a, 0)?.dt.timestamp().to_string()))
}

/// `duration SECONDS`: only `int64` and numeric strings count (sprig; other types are 0).
pub fn duration(_: &mut FuncState, a: &[Value]) -> R {
    arity("duration", a, 1)?;
    let n = match &a[0] {
        Value::Str(s) => s.text.parse::<i64>().unwrap_or(0),
        Value::Int64(i, _) => *i,
        _ => 0,
    };
    Ok(Value::str(duration_string(n.wrapping_mul(1_000_000_000))))
}

/// `durationRound D`: a rough duration (`2h`, `3d`, `1y`).
pub fn duration_round(_: &mut FuncState, a: &[Value]) -> R {
    arity("durationRound", a, 1)?;
    let d: i64 = match &a[0] {
        Value::Str(s) => parse_duration(&s.text).unwrap_or(0),
        Value::Int64(i, _) => *i,
        other => match Time::from_value(other) {
            Some(t) => (FIXED_NOW - t.dt.timestamp()).saturating_mul(1_000_000_000),
            None => 0,
        },
    };
    let u = d.unsigned_abs();
    let hour = 3_600_000_000_000u64;
    let (year, month, day, minute, second) = (
        hour * 24 * 365,
        hour * 24 * 30,
        hour * 24,
        60_000_000_000u64,
        1_000_000_000u64,
    );
    let s = if u > year {
        format!("{}y", u / year)
    } else if u > month {
        format!("{}mo", u / month)
    } else if u > day {
        format!("{}d", u / day)
    } else if u > hour {
        format!("{}h", u / hour)
    } else if u > minute {
        format!("{}m", u / minute)
    } else if u > second {
        format!("{}s", u / second)
    } else {
        "0s".into()
    };
    Ok(Value::str(s))
}

#[allow(dead_code)]
fn _offset_is_used(o: FixedOffset) -> i32 {
    o.fix().local_minus_utc()
}
