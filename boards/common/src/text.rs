//! A fixed-size line of text built without `core::fmt`.

/// Up to `N` bytes of text; what does not fit is dropped (and marked with `~` at the end).
#[derive(Clone, Debug)]
pub struct Line<const N: usize = 160> {
    buf: [u8; N],
    len: usize,
    truncated: bool,
}

impl<const N: usize> Default for Line<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Line<N> {
    /// An empty line.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            buf: [0; N],
            len: 0,
            truncated: false,
        }
    }

    /// Appends raw bytes.
    pub fn bytes(&mut self, b: &[u8]) -> &mut Self {
        for &c in b {
            match self.buf.get_mut(self.len) {
                Some(slot) => {
                    *slot = c;
                    self.len += 1;
                }
                None => {
                    self.truncated = true;
                    break;
                }
            }
        }
        self
    }

    /// Appends `s`.
    pub fn str(&mut self, s: &str) -> &mut Self {
        self.bytes(s.as_bytes())
    }

    /// Appends `v` in decimal.
    pub fn u64(&mut self, mut v: u64) -> &mut Self {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        loop {
            i -= 1;
            if let Some(d) = digits.get_mut(i) {
                *d = b'0' + (v % 10) as u8;
            }
            v /= 10;
            if v == 0 || i == 0 {
                break;
            }
        }
        self.bytes(digits.get(i..).unwrap_or(&[]))
    }

    /// Appends `v` in decimal.
    pub fn usize(&mut self, v: usize) -> &mut Self {
        self.u64(v as u64)
    }

    /// Appends `v` as `0x` and eight hex digits.
    pub fn hex32(&mut self, v: u32) -> &mut Self {
        self.hex(v, 8)
    }

    /// Appends `v` as `0x` and four hex digits.
    pub fn hex16(&mut self, v: u16) -> &mut Self {
        self.hex(u32::from(v), 4)
    }

    /// Appends the low `digits` hex digits of `v` after `0x`.
    fn hex(&mut self, v: u32, digits: u32) -> &mut Self {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        self.str("0x");
        for shift in (0..digits).rev() {
            let nibble = ((v >> (shift * 4)) & 0xf) as usize;
            self.bytes(HEX.get(nibble..=nibble).unwrap_or(b"?"));
        }
        self
    }

    /// The text so far (with a trailing `~` if something was dropped).
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.get(..self.len).unwrap_or(&[])
    }

    /// Whether something did not fit.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }
}

#[cfg(test)]
mod tests {
    use super::Line;

    #[test]
    fn numbers() {
        let mut l = Line::<64>::new();
        l.u64(0)
            .str(" ")
            .u64(18_446_744_073_709_551_615)
            .str(" ")
            .hex32(0xdead_beef)
            .str(" ")
            .hex16(0x076d);
        assert_eq!(l.as_bytes(), b"0 18446744073709551615 0xdeadbeef 0x076d");
    }
}
