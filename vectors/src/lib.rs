//! Test data for Wren's conformance tests (std, dev-only).
//!
//! `rfc8448-vectors.tsv` holds every hex value of RFC 8448 §2–§7, extracted mechanically from
//! the RFC text (`rfc8448.txt`, kept beside it). Rows are `section, step, field, octets, hex`;
//! a step that occurs more than once in a section (e.g. "{server} send handshake record") keeps
//! its order, so [`nth`] picks the n-th occurrence.
//!
//! These helpers panic on a missing row: they are for tests, where a panic is the verdict.

/// The TSV, embedded so tests need no file paths.
pub const RFC8448_TSV: &str = include_str!("../rfc8448-vectors.tsv");

/// One extracted value.
#[derive(Clone, Debug)]
pub struct Row {
    /// RFC 8448 section number (2–7).
    pub section: u8,
    /// The step as the RFC names it, e.g. `{server} derive secret "tls13 c hs traffic"`.
    pub step: &'static str,
    /// The field, e.g. `expanded`, `complete record`, `ClientHello`.
    pub field: &'static str,
    /// The value.
    pub bytes: Vec<u8>,
}

/// Every row, in RFC order.
pub fn rows() -> Vec<Row> {
    RFC8448_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| {
            let cols: Vec<&'static str> = l.split('\t').collect();
            assert_eq!(cols.len(), 5, "malformed row: {l}");
            let section = cols[0]
                .split('.')
                .next()
                .and_then(|s| s.trim().parse().ok())
                .unwrap_or_else(|| panic!("bad section in {l}"));
            let bytes = hex::decode(cols[4]).unwrap_or_else(|e| panic!("bad hex in {l}: {e}"));
            assert_eq!(bytes.len().to_string(), cols[3], "octet count of {l}");
            Row {
                section,
                step: cols[1],
                field: cols[2],
                bytes,
            }
        })
        .collect()
}

/// Every value of `field` in `step` of `section`, in order.
pub fn all(section: u8, step: &str, field: &str) -> Vec<Vec<u8>> {
    rows()
        .into_iter()
        .filter(|r| r.section == section && r.step == step && r.field == field)
        .map(|r| r.bytes)
        .collect()
}

/// The `n`-th (from 0) value of `field` in `step` of `section`; panics if there is none.
pub fn nth(section: u8, step: &str, field: &str, n: usize) -> Vec<u8> {
    all(section, step, field)
        .into_iter()
        .nth(n)
        .unwrap_or_else(|| panic!("RFC 8448 §{section}: no value #{n} for {step:?} / {field:?}"))
}

/// The first value of `field` in `step` of `section`; panics if there is none.
pub fn get(section: u8, step: &str, field: &str) -> Vec<u8> {
    nth(section, step, field, 0)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_row_parses_and_sections_are_present() {
        let rows = super::rows();
        assert!(rows.len() > 500);
        for s in 2..=7 {
            assert!(rows.iter().any(|r| r.section == s), "section {s} missing");
        }
        let ch = super::get(
            3,
            "{client} construct a ClientHello handshake message",
            "ClientHello",
        );
        assert_eq!(ch.len(), 196);
    }
}
