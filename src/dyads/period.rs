//! Dates to periods: day, ISO week, month, year.

/// How statements are grouped in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Period {
    /// One calendar day: `2015-11-24`.
    Day,
    /// ISO 8601 week, Monday to Sunday: `2015-W48`; the days around New Year
    /// belong to the week's year (2021-01-03 is `2020-W53`).
    Week,
    /// One calendar month: `2015-11`.
    Month,
    /// One calendar year: `2015` (the default).
    #[default]
    Year,
}

/// The period label used for statements without a date.
pub const UNDATED: &str = "undated";

impl Period {
    /// Parses `day`, `week`, `month` or `year`.
    pub fn parse(s: &str) -> Option<Period> {
        Some(match s {
            "day" => Period::Day,
            "week" => Period::Week,
            "month" => Period::Month,
            "year" => Period::Year,
            _ => return None,
        })
    }

    /// The period of a `YYYY-MM-DD` date (anything after the tenth
    /// character, such as a time, is ignored): `2015-11-24`, `2015-W48`,
    /// `2015-11`, `2015`.
    ///
    /// # Errors
    /// The date is not `YYYY-MM-DD` or no such day; the message says what is wrong.
    pub fn of(self, date: &str) -> Result<String, String> {
        let (y, m, d) = parse_date(date)?;
        Ok(match self {
            Period::Day => format!("{y:04}-{m:02}-{d:02}"),
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Year => format!("{y:04}"),
            Period::Week => {
                let (wy, w) = iso_week(y, m, d);
                format!("{wy:04}-W{w:02}")
            }
        })
    }
}

fn parse_date(date: &str) -> Result<(i64, u32, u32), String> {
    let bad = || format!("{date:?} is not a date: write YYYY-MM-DD (e.g. 2015-11-24)");
    let head = date.get(..10).ok_or_else(bad)?;
    if date.len() > 10 && !date[10..].starts_with(['T', ' ']) {
        return Err(bad());
    }
    let b = head.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return Err(bad());
    }
    let y: i64 = head[..4].parse().map_err(|_| bad())?;
    let m: u32 = head[5..7].parse().map_err(|_| bad())?;
    let d: u32 = head[8..10].parse().map_err(|_| bad())?;
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        return Err(format!(
            "{date:?} is not a day of the calendar: check the month and day"
        ));
    }
    Ok((y, m, d))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (Howard Hinnant's `days_from_civil`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// ISO weekday, Monday = 1 .. Sunday = 7.
fn weekday(days: i64) -> i64 {
    (days + 3).rem_euclid(7) + 1
}

/// (ISO week-year, week number) of a date.
fn iso_week(y: i64, m: u32, d: u32) -> (i64, u32) {
    let days = days_from_civil(y, m, d);
    // The Thursday of this week decides the year.
    let thursday = days - weekday(days) + 4;
    let year = civil_year(thursday);
    let jan1 = days_from_civil(year, 1, 1);
    (year, ((thursday - jan1) / 7 + 1) as u32)
}

fn civil_year(days: i64) -> i64 {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(m <= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_edges_follow_iso_8601() {
        assert_eq!(Period::Week.of("2021-01-03").unwrap(), "2020-W53"); // Sunday
        assert_eq!(Period::Week.of("2021-01-04").unwrap(), "2021-W01"); // Monday
        assert_eq!(Period::Week.of("2019-12-30").unwrap(), "2020-W01"); // Monday in 2019
        assert_eq!(Period::Week.of("2015-11-22").unwrap(), "2015-W47"); // Sunday
        assert_eq!(Period::Week.of("2015-11-23").unwrap(), "2015-W48"); // Monday
        assert_eq!(Period::Week.of("2016-02-29").unwrap(), "2016-W09");
    }

    #[test]
    fn month_and_year_edges() {
        assert_eq!(Period::Month.of("2015-11-30").unwrap(), "2015-11");
        assert_eq!(Period::Month.of("2015-12-01").unwrap(), "2015-12");
        assert_eq!(Period::Year.of("2015-12-31T23:59:00").unwrap(), "2015");
        assert_eq!(Period::Day.of("2016-02-29").unwrap(), "2016-02-29");
    }

    #[test]
    fn bad_dates_say_what_to_write() {
        assert!(
            Period::Month
                .of("2015-02-29")
                .unwrap_err()
                .contains("calendar")
        );
        assert!(
            Period::Month
                .of("24.11.2015")
                .unwrap_err()
                .contains("YYYY-MM-DD")
        );
        assert!(Period::Month.of("2015-11").is_err());
        assert!(Period::Month.of("2015-11-24x").is_err());
    }
}
