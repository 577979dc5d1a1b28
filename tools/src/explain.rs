//! `wren-client --explain NUMBER`: the name and description of an error number
//! (`wren_tls::Error::number`), as a firmware prints it (`ERROR 0x076d during ...`).

use wren_tls::{Error, ErrorKind};

/// One line about error `number` (`0x076d`, `076d` after `0x`, or decimal `1901`): its number,
/// name, description, kind and alert.
///
/// # Errors
/// A number that does not parse, or that no error has.
pub fn explain(number: &str) -> Result<String, String> {
    let n = match number
        .strip_prefix("0x")
        .or_else(|| number.strip_prefix("0X"))
    {
        Some(hex) => u16::from_str_radix(hex, 16),
        None => number.parse::<u16>(),
    }
    .map_err(|e| format!("--explain {number:?}: not a number from 0 to 0xffff ({e})"))?;
    let e = Error::from_number(n)
        .ok_or_else(|| format!("--explain {number}: no error has number {n:#06x}"))?;
    let kind = match e.kind() {
        ErrorKind::Blocked(_) => "blocked",
        ErrorKind::Closed => "closed",
        ErrorKind::Io => "io",
        ErrorKind::Protocol => "protocol",
        ErrorKind::Alert => "alert",
        ErrorKind::Usage => "usage",
        ErrorKind::Internal => "internal",
    };
    let mut line = format!("{n:#06x} {}: {} (kind {kind}", e.name(), e.description());
    if let Some(a) = e.alert() {
        let sent = if e.kind() == ErrorKind::Alert {
            "received"
        } else {
            "sent"
        };
        line.push_str(&format!(", alert {sent} {a:?} ({})", a.0));
    }
    line.push(')');
    Ok(line)
}

#[cfg(test)]
mod tests {
    use super::explain;

    #[test]
    fn names_a_firmware_number() {
        assert_eq!(
            explain("0x076d").as_deref(),
            Ok(
                "0x076d WREN_ERR_PEER_ALERT_MISSING_EXTENSION: missing extension (kind alert, \
                alert received MISSING_EXTENSION (109))"
            )
        );
        assert_eq!(explain("0x076d"), explain("1901"));
        assert!(explain("0x0406").is_ok_and(|l| l.contains("CERT_UNKNOWN_ISSUER")));
        assert!(explain("0x0000").is_err());
        assert!(explain("0x10000").is_err());
        assert!(explain("seven").is_err());
    }
}
