//! Certificate validity times (RFC 5280 §4.1.2.5) as Unix seconds, without a date library.

use crate::reader::{tag, Tlv};
use crate::{Error, Result};

/// Days before the first of each month in a common year.
const DAYS_BEFORE_MONTH: [u16; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Seconds in a day.
const DAY: u64 = 86_400;

/// `Time ::= CHOICE { utcTime UTCTime, generalTime GeneralizedTime }` as Unix seconds, in
/// RFC 5280's DER profile: `YYMMDDHHMMSSZ` (§4.1.2.5.1: `YY` of 50 or more is 19YY, else 20YY)
/// or `YYYYMMDDHHMMSSZ` (§4.1.2.5.2), seconds present, no fractions, `Z` only. Like the `der`
/// crate this replaced, times before 1970 are rejected.
///
/// # Errors
/// [`Error::BadDer`] for another tag, another length, a non-digit, or a date or time of day that
/// does not exist (month 13, February 29 of a common year, hour 24, second 60, ...).
pub(crate) fn parse_time(t: &Tlv<'_>) -> Result<u64> {
    let (&zone, digits) = t.value.split_last().ok_or(Error::BadDer)?;
    let utc = match (t.tag, digits.len()) {
        (tag::UTC_TIME, 12) => true,
        (tag::GENERALIZED_TIME, 14) => false,
        _ => return Err(Error::BadDer),
    };
    if zone != b'Z' {
        return Err(Error::BadDer);
    }
    // The digits in pairs: [YY] YY MM DD HH MM SS.
    let mut pairs = [0u32; 7];
    for (slot, pair) in pairs.iter_mut().zip(digits.chunks_exact(2)) {
        let &[hi, lo] = pair else {
            return Err(Error::BadDer);
        };
        *slot = two_digits(hi, lo)?;
    }
    let [a, b, c, d, e, f, g] = pairs;
    let (year, [month, day, hour, minute, second]) = if utc {
        (
            a.wrapping_add(if a >= 50 { 1900 } else { 2000 }),
            [b, c, d, e, f],
        )
    } else {
        (a.wrapping_mul(100).wrapping_add(b), [c, d, e, f, g])
    };
    unix_time(year, month, day, hour, minute, second).ok_or(Error::BadDer)
}

/// Two ASCII digits as a number.
fn two_digits(hi: u8, lo: u8) -> Result<u32> {
    if hi.is_ascii_digit() && lo.is_ascii_digit() {
        Ok(u32::from(hi.wrapping_sub(b'0'))
            .wrapping_mul(10)
            .wrapping_add(u32::from(lo.wrapping_sub(b'0'))))
    } else {
        Err(Error::BadDer)
    }
}

/// Seconds since 1970-01-01T00:00:00Z of a proleptic Gregorian date and time, if it exists and
/// is not before 1970. `year` is at most 9999 (four digits), so the day count fits in `u32`
/// (32-bit arithmetic keeps the code small on 32-bit cores).
fn unix_time(year: u32, month: u32, day: u32, hour: u32, minute: u32, second: u32) -> Option<u64> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let month_days = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    let before = *DAYS_BEFORE_MONTH.get(usize::try_from(month.wrapping_sub(1)).ok()?)?;
    if year < 1970 || day == 0 || day > month_days || hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    // Leap days in the whole years 1970..year: every 4th year from 1972, less the centuries
    // that are not multiples of 400.
    let y = year.wrapping_sub(1);
    let leap_days = (y.wrapping_sub(1968) / 4)
        .wrapping_sub(y.wrapping_sub(1900) / 100)
        .wrapping_add(y.wrapping_sub(1600) / 400);
    let mut days = year
        .wrapping_sub(1970)
        .wrapping_mul(365)
        .wrapping_add(leap_days)
        .wrapping_add(u32::from(before))
        .wrapping_add(day.wrapping_sub(1));
    if leap && month > 2 {
        days = days.wrapping_add(1);
    }
    let seconds_of_day = hour
        .wrapping_mul(3600)
        .wrapping_add(minute.wrapping_mul(60))
        .wrapping_add(second);
    Some(
        u64::from(days)
            .wrapping_mul(DAY)
            .wrapping_add(u64::from(seconds_of_day)),
    )
}

#[cfg(test)]
mod tests;
