//! RSA signature verification without a heap (RFC 8017): RSASSA-PKCS1-v1_5 and RSASSA-PSS.
//!
//! The public key is the DER `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent
//! INTEGER }` (RFC 8017 §A.1.1), i.e. the contents of the `subjectPublicKey` BIT STRING of an
//! X.509 `rsaEncryption` key. Moduli of 2048 to 4096 bits and odd public exponents from 3 to
//! 2^32 - 1 are accepted; everything else is [`Error::BadKey`].
//!
//! # Arithmetic and memory
//! Integers are fixed arrays of [`MAX_LIMBS`] 32-bit limbs (little-endian), of which only the
//! `L = ceil(bits / 32)` the modulus needs take part in the arithmetic, so an RSA-2048
//! verification costs what a 2048-bit one should, whatever the largest size supported.
//! `s^e mod n` is computed with Montgomery multiplication (CIOS) and left-to-right
//! square-and-multiply: the exponent is public, so no window table is needed. `R^2 mod n` is
//! derived from `R mod n` by Montgomery products too, not by long division.
//!
//! The working set is five integers (n, s then m, R^2 then the accumulator, the base, a
//! temporary) plus a Montgomery accumulator of `L + 2` limbs: 3,080 bytes for every modulus
//! size; measured on thumbv7em (release), a whole verification peaks at about 4.5 KiB of
//! stack. The encoded message is never
//! materialised as bytes: the padding checks read it straight out of the result's limbs, and
//! PSS's MGF1 mask is generated one hash block at a time.
//!
//! (crypto-bigint's `DynResidue` was measured first: its residues each carry a copy of the
//! Montgomery parameters, and an RSA-2048 verification took about 9 KiB of stack on
//! thumbv7em, 20 KiB for RSA-4096.)
//!
//! # Panics
//! Never: every slice access is checked, and the limb loops are bounded by the slices.

use crate::{CryptoProvider, Error, Hash, HashAlgorithm, Result, RustCrypto, MAX_HASH_LEN};

/// The smallest modulus accepted, in bits.
pub const MIN_MODULUS_BITS: usize = 2048;
/// The largest modulus accepted, in bits.
pub const MAX_MODULUS_BITS: usize = 4096;
/// Limbs of the largest modulus: 4096 / 32.
const MAX_LIMBS: usize = MAX_MODULUS_BITS / LIMB_BITS;
/// Bits per limb.
const LIMB_BITS: usize = 32;
/// Bytes per limb.
const LIMB_BYTES: usize = 4;

/// One big integer: little-endian 32-bit limbs.
type Limbs = [u32; MAX_LIMBS];

/// The signature padding scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Padding {
    /// EMSA-PKCS1-v1_5 (RFC 8017 §9.2).
    Pkcs1,
    /// EMSA-PSS with MGF1 over the same hash and a salt as long as the hash (RFC 8017 §9.1;
    /// RFC 8446 §4.2.3 fixes the salt length for `rsa_pss_rsae_*`).
    Pss,
}

/// `DigestInfo` prefixes of EMSA-PKCS1-v1_5 (RFC 8017 §9.2, note 1).
const DIGEST_INFO_SHA256: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];
const DIGEST_INFO_SHA384: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];

/// Minimum count of 0xFF padding bytes in EMSA-PKCS1-v1_5 (RFC 8017 §9.2 step 3).
const PKCS1_MIN_PS_LEN: usize = 8;
/// The PSS trailer field (RFC 8017 §9.1.1 step 12).
const PSS_TRAILER: u8 = 0xbc;
/// Bytes of zeros before `mHash` in PSS's `M'` (RFC 8017 §9.1.1 step 5).
const PSS_PREFIX_ZEROS: [u8; 8] = [0; 8];

/// Verifies an RSA signature (RSASSA-PKCS1-v1_5 or RSASSA-PSS, RFC 8017 §8).
pub(crate) fn verify(
    padding: Padding,
    hash: HashAlgorithm,
    public_key: &[u8],
    message: &[u8],
    signature: &[u8],
) -> Result<()> {
    let key = RsaPublicKey::parse(public_key)?;
    let mut h = RustCrypto.hash(hash)?;
    h.update(message);
    let m_hash = h.finish();

    // RFC 8017 §8.1.2 step 1 / §8.2.2 step 1: the signature is exactly k bytes.
    let k = key.modulus.len();
    if signature.len() != k {
        return Err(Error::BadSignature);
    }
    let mut m: Limbs = [0; MAX_LIMBS];
    rsavp1(&key, signature, &mut m)?;
    let em = EncodedMessage { limbs: &m, k };
    match padding {
        Padding::Pkcs1 => check_pkcs1(&em, hash, m_hash.as_bytes()),
        Padding::Pss => check_pss(&em, key.modulus_bits(), hash, m_hash.as_bytes()),
    }
}

/// RSAVP1 (RFC 8017 §5.2.2): `m = s^e mod n`. `io` first holds `s` (loaded from
/// `signature`), then receives `m`.
fn rsavp1(key: &RsaPublicKey<'_>, signature: &[u8], io: &mut Limbs) -> Result<()> {
    let len = key.modulus.len().div_ceil(LIMB_BYTES);
    let mut n: Limbs = [0; MAX_LIMBS];
    let n = load_be(key.modulus, &mut n, len).ok_or(Error::BadKey)?;
    let s = load_be(signature, io, len).ok_or(Error::BadSignature)?;
    // Step 1: the representative must be below the modulus.
    if !less_than(s, n) {
        return Err(Error::BadSignature);
    }
    let mont = Montgomery::new(n)?;

    let mut base: Limbs = [0; MAX_LIMBS];
    let mut acc: Limbs = [0; MAX_LIMBS];
    let mut tmp: Limbs = [0; MAX_LIMBS];
    let mut t = [0u32; MAX_LIMBS + 2];
    let base = base.get_mut(..len).ok_or(Error::BadKey)?;
    let acc = acc.get_mut(..len).ok_or(Error::BadKey)?;
    let tmp = tmp.get_mut(..len).ok_or(Error::BadKey)?;
    let t = t
        .get_mut(..len.checked_add(2).ok_or(Error::BadKey)?)
        .ok_or(Error::BadKey)?;

    // R^2 mod n into `acc`, then base = s * R mod n.
    mont.r_squared(acc, base, tmp, t)?;
    mont.mul(base, s, acc, t);

    // Left-to-right binary exponentiation; the top bit of e is consumed by acc = base.
    copy(acc, base);
    let e = key.exponent;
    let top = u32::BITS
        .checked_sub(e.leading_zeros())
        .and_then(|b| b.checked_sub(1))
        .ok_or(Error::BadKey)?;
    for bit in (0..top).rev() {
        mont.mul(tmp, acc, acc, t);
        if e.checked_shr(bit).unwrap_or(0) & 1 == 1 {
            mont.mul(acc, tmp, base, t);
        } else {
            copy(acc, tmp);
        }
    }
    // Out of Montgomery form: multiply by 1.
    tmp.fill(0);
    if let Some(one) = tmp.first_mut() {
        *one = 1;
    }
    let out = io.get_mut(..len).ok_or(Error::BadKey)?;
    mont.mul(out, acc, tmp, t);
    Ok(())
}

/// Loads a big-endian byte string into the first `len` little-endian limbs of `buf`; `None`
/// if it does not fit.
fn load_be<'b>(bytes: &[u8], buf: &'b mut Limbs, len: usize) -> Option<&'b [u32]> {
    let limbs = buf.get_mut(..len)?;
    for (pos, &b) in bytes.iter().rev().enumerate() {
        let shift = u32::try_from((pos % LIMB_BYTES).checked_mul(8)?).ok()?;
        match limbs.get_mut(pos / LIMB_BYTES) {
            Some(limb) => *limb |= u32::from(b).checked_shl(shift)?,
            None if b == 0 => {}
            None => return None,
        }
    }
    Some(limbs)
}

/// `dst = src` limb by limb (equal lengths by construction; never panics).
fn copy(dst: &mut [u32], src: &[u32]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = s;
    }
}

/// `a < b` for equal-length integers (variable time: the inputs are public).
fn less_than(a: &[u32], b: &[u32]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` for equal-length integers, dropping the final borrow.
fn sub_in_place(a: &mut [u32], b: &[u32]) {
    let mut borrow = false;
    for (x, &y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(y);
        let (d2, b2) = d1.overflowing_sub(u32::from(borrow));
        *x = d2;
        borrow = b1 | b2;
    }
}

/// `t[..x.len()] += x * y`, returning the carry out of the last limb (< 2^32).
fn mul_add(t: &mut [u32], x: &[u32], y: u32) -> u64 {
    let mut carry = 0u64;
    for (tj, &xj) in t.iter_mut().zip(x) {
        // (2^32 - 1)^2 + 2 (2^32 - 1) = 2^64 - 1: no wrap can happen.
        let v = u64::from(xj)
            .wrapping_mul(u64::from(y))
            .wrapping_add(u64::from(*tj))
            .wrapping_add(carry);
        *tj = v as u32;
        carry = v.wrapping_shr(32);
    }
    carry
}

/// Adds `c` into the limbs of `t` from the start, propagating the carry.
fn add_carry(t: &mut [u32], mut c: u64) {
    for tj in t.iter_mut() {
        if c == 0 {
            break;
        }
        let v = u64::from(*tj).wrapping_add(c);
        *tj = v as u32;
        c = v.wrapping_shr(32);
    }
}

/// Montgomery arithmetic modulo an odd `n` of `L` limbs, with `R = 2^(32 L)`.
struct Montgomery<'n> {
    n: &'n [u32],
    /// `-n^-1 mod 2^32`.
    n0: u32,
}

impl<'n> Montgomery<'n> {
    fn new(n: &'n [u32]) -> Result<Self> {
        let low = n.first().copied().ok_or(Error::BadKey)?;
        if low & 1 == 0 {
            return Err(Error::BadKey);
        }
        // Newton's iteration for the inverse modulo 2^32: correct to 3 bits at the start
        // (n * n = 1 mod 8 for odd n), doubling each round.
        let mut inv = low;
        for _ in 0..4 {
            inv = inv.wrapping_mul(2u32.wrapping_sub(low.wrapping_mul(inv)));
        }
        Ok(Self {
            n,
            n0: inv.wrapping_neg(),
        })
    }

    /// `out = a * b / R mod n` (CIOS, RFC-independent textbook form); `a`, `b` < n; `t` is
    /// scratch of `L + 2` limbs.
    fn mul(&self, out: &mut [u32], a: &[u32], b: &[u32], t: &mut [u32]) {
        let len = self.n.len();
        t.fill(0);
        for &bi in b {
            let Some((low, high)) = t.split_at_mut_checked(len) else {
                return;
            };
            let c = mul_add(low, a, bi);
            add_carry(high, c);
            let m = low.first().copied().unwrap_or(0).wrapping_mul(self.n0);
            let c = mul_add(low, self.n, m);
            add_carry(high, c);
            // t[0] is now zero: divide by 2^32 by rotating it to the top.
            if !t.is_empty() {
                t.rotate_left(1);
            }
        }
        // t < 2n: subtract n once if needed.
        let Some((low, high)) = t.split_at_checked(len) else {
            return;
        };
        copy(out, low);
        if high.iter().any(|&h| h != 0) || !less_than(out, self.n) {
            sub_in_place(out, self.n);
        }
    }

    /// `x = 2 x mod n`, for `x < n`.
    fn double(&self, x: &mut [u32]) {
        let mut carry = 0u32;
        for limb in x.iter_mut() {
            let next = limb.wrapping_shr(31);
            *limb = limb.wrapping_shl(1) | carry;
            carry = next;
        }
        if carry != 0 || !less_than(x, self.n) {
            sub_in_place(x, self.n);
        }
    }

    /// `out = R^2 mod n`, using `y` and `tmp` as scratch.
    fn r_squared(
        &self,
        out: &mut [u32],
        y: &mut [u32],
        tmp: &mut [u32],
        t: &mut [u32],
    ) -> Result<()> {
        let len = self.n.len();
        let n_bits = bit_len(self.n);
        let r_bits = len.checked_mul(LIMB_BITS).ok_or(Error::BadKey)?;
        // y = 2^(n_bits - 1) < n, doubled up to R mod n, then once more: y = 2 R mod n.
        y.fill(0);
        let top = n_bits.checked_sub(1).ok_or(Error::BadKey)?;
        let limb = y.get_mut(top / LIMB_BITS).ok_or(Error::BadKey)?;
        *limb = 1u32
            .checked_shl(u32::try_from(top % LIMB_BITS).map_err(|_| Error::BadKey)?)
            .ok_or(Error::BadKey)?;
        let doublings = r_bits.checked_sub(top).ok_or(Error::BadKey)?;
        for _ in 0..doublings.checked_add(1).ok_or(Error::BadKey)? {
            self.double(y);
        }
        // In Montgomery form y = R * 2^1, and mont(R 2^a, R 2^b) = R 2^(a+b): raise to the
        // exponent r_bits by square-and-multiply to get R * 2^r_bits = R^2.
        copy(out, y);
        let e = u32::try_from(r_bits).map_err(|_| Error::BadKey)?;
        let top = u32::BITS
            .checked_sub(e.leading_zeros())
            .and_then(|b| b.checked_sub(1))
            .ok_or(Error::BadKey)?;
        for bit in (0..top).rev() {
            self.mul(tmp, out, out, t);
            if e.checked_shr(bit).unwrap_or(0) & 1 == 1 {
                self.mul(out, tmp, y, t);
            } else {
                copy(out, tmp);
            }
        }
        Ok(())
    }
}

/// The bit length of an integer.
fn bit_len(x: &[u32]) -> usize {
    for (i, &limb) in x.iter().enumerate().rev() {
        if limb != 0 {
            let in_limb = u32::BITS.saturating_sub(limb.leading_zeros());
            return i.saturating_mul(LIMB_BITS).saturating_add(in_limb as usize);
        }
    }
    0
}

/// The integer `s^e mod n` seen as its `k`-byte big-endian encoding (I2OSP, RFC 8017 §4.1),
/// read byte by byte from the limbs without being copied out.
struct EncodedMessage<'a> {
    limbs: &'a [u32],
    k: usize,
}

impl EncodedMessage<'_> {
    /// Byte `j` (0 is the most significant) of the `k`-byte encoding; 0 out of range.
    fn byte(&self, j: usize) -> u8 {
        let Some(pos) = self.k.checked_sub(1).and_then(|last| last.checked_sub(j)) else {
            return 0;
        };
        let shift = u32::try_from((pos % LIMB_BYTES).saturating_mul(8)).unwrap_or(0);
        self.limbs
            .get(pos / LIMB_BYTES)
            .map_or(0, |l| l.checked_shr(shift).unwrap_or(0) as u8)
    }
}

/// EMSA-PKCS1-v1_5 check (RFC 8017 §8.2.2 steps 3-4): rebuilds the expected encoding byte by
/// byte and compares it with the recovered one, accumulating differences (constant time in the
/// recovered value).
fn check_pkcs1(em: &EncodedMessage<'_>, hash: HashAlgorithm, m_hash: &[u8]) -> Result<()> {
    let prefix: &[u8] = match hash {
        HashAlgorithm::Sha256 => &DIGEST_INFO_SHA256,
        HashAlgorithm::Sha384 => &DIGEST_INFO_SHA384,
    };
    let t_len = prefix
        .len()
        .checked_add(m_hash.len())
        .ok_or(Error::BadKey)?;
    // k >= tLen + 11 (RFC 8017 §9.2 step 3); always true for k >= 256.
    let ps_len =
        em.k.checked_sub(t_len)
            .and_then(|r| r.checked_sub(3))
            .filter(|&l| l >= PKCS1_MIN_PS_LEN)
            .ok_or(Error::BadKey)?;
    let expected = [0x00u8, 0x01]
        .iter()
        .copied()
        .chain(core::iter::repeat_n(0xff, ps_len))
        .chain(core::iter::once(0x00))
        .chain(prefix.iter().copied())
        .chain(m_hash.iter().copied());
    let mut diff = 0u8;
    let mut count = 0usize;
    for (j, want) in expected.enumerate() {
        diff |= em.byte(j) ^ want;
        count = j;
    }
    if count.checked_add(1) != Some(em.k) {
        return Err(Error::BadSignature);
    }
    if diff == 0 {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

/// EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with MGF1 over `hash` and `sLen = hLen`.
fn check_pss(
    em_k: &EncodedMessage<'_>,
    mod_bits: usize,
    hash: HashAlgorithm,
    m_hash: &[u8],
) -> Result<()> {
    let h_len = hash.output_len();
    let s_len = h_len;
    // emBits = modBits - 1; emLen = ceil(emBits / 8) (RFC 8017 §8.1.2 step 2c).
    let em_bits = mod_bits.checked_sub(1).ok_or(Error::BadKey)?;
    let em_len = em_bits.div_ceil(8);
    // The k-byte encoding has (k - emLen) extra leading bytes (0 or 1); they must be zero
    // (I2OSP(m, emLen) fails otherwise).
    let skip = em_k.k.checked_sub(em_len).ok_or(Error::BadKey)?;
    let mut bad = 0u8;
    for j in 0..skip {
        bad |= em_k.byte(j);
    }
    let em = |i: usize| em_k.byte(i.saturating_add(skip));

    // Step 3.
    let db_len = em_len
        .checked_sub(h_len)
        .and_then(|l| l.checked_sub(1))
        .ok_or(Error::BadKey)?;
    let ps_len = db_len
        .checked_sub(s_len)
        .and_then(|l| l.checked_sub(1))
        .ok_or(Error::BadKey)?;
    // Step 4.
    bad |= em(em_len.checked_sub(1).ok_or(Error::BadKey)?) ^ PSS_TRAILER;
    // Step 5: H.
    let mut h = [0u8; MAX_HASH_LEN];
    let h = h.get_mut(..h_len).ok_or(Error::BadKey)?;
    for (i, b) in h.iter_mut().enumerate() {
        *b = em(db_len.checked_add(i).ok_or(Error::BadKey)?);
    }
    // Step 6: the top (8 emLen - emBits) bits of EM are zero.
    let top_bits = em_len
        .checked_mul(8)
        .and_then(|b| b.checked_sub(em_bits))
        .ok_or(Error::BadKey)?;
    let top_bits = u32::try_from(top_bits).map_err(|_| Error::BadKey)?;
    let top_mask: u8 = !0xffu8.checked_shr(top_bits).unwrap_or(0);
    bad |= em(0) & top_mask;

    // Steps 7-11: DB = maskedDB xor MGF1(H), streamed one hash block at a time.
    let mut salt = [0u8; MAX_HASH_LEN];
    let mut block = crate::Digest::from_slice(&[])?;
    let mut counter: u32 = 0;
    let salt_start = ps_len.checked_add(1).ok_or(Error::BadKey)?;
    for i in 0..db_len {
        let off = i.checked_rem(h_len).ok_or(Error::BadKey)?;
        if off == 0 {
            let mut mgf = RustCrypto.hash(hash)?;
            mgf.update(h);
            mgf.update(&counter.to_be_bytes());
            block = mgf.finish();
            counter = counter.checked_add(1).ok_or(Error::BadKey)?;
        }
        let mut db = em(i) ^ block.as_bytes().get(off).copied().unwrap_or(0);
        if i == 0 {
            db &= !top_mask; // Step 9.
        }
        if i < ps_len {
            bad |= db; // Step 10: zero padding...
        } else if i == ps_len {
            bad |= db ^ 0x01; // ...then the 0x01 separator.
        } else if let Some(s) = salt.get_mut(i.checked_sub(salt_start).unwrap_or(usize::MAX)) {
            *s = db; // Step 11.
        }
    }

    // Steps 12-14: H' = Hash(0^8 || mHash || salt) must equal H.
    let mut hp = RustCrypto.hash(hash)?;
    hp.update(&PSS_PREFIX_ZEROS);
    hp.update(m_hash);
    hp.update(salt.get(..s_len).ok_or(Error::BadKey)?);
    let h_prime = hp.finish();
    let same = crate::ct_eq(h_prime.as_bytes(), h);
    if bad == 0 && same {
        Ok(())
    } else {
        Err(Error::BadSignature)
    }
}

/// A parsed `RSAPublicKey`, borrowing its modulus (leading zeros stripped).
struct RsaPublicKey<'a> {
    modulus: &'a [u8],
    exponent: u32,
}

impl<'a> RsaPublicKey<'a> {
    /// Parses and bounds-checks a DER `RSAPublicKey`.
    fn parse(der: &'a [u8]) -> Result<Self> {
        let mut outer = DerReader(der);
        let mut seq = DerReader(outer.take(0x30)?);
        if !outer.0.is_empty() {
            return Err(Error::BadKey);
        }
        let modulus = positive_integer(seq.take(0x02)?)?;
        let exponent = positive_integer(seq.take(0x02)?)?;
        if !seq.0.is_empty() {
            return Err(Error::BadKey);
        }
        let mut e: u32 = 0;
        if exponent.len() > 4 {
            return Err(Error::BadKey);
        }
        for &b in exponent {
            e = e.checked_shl(8).ok_or(Error::BadKey)? | u32::from(b);
        }
        if e < 3 || e & 1 == 0 {
            return Err(Error::BadKey);
        }
        let key = Self {
            modulus,
            exponent: e,
        };
        let bits = key.modulus_bits();
        if !(MIN_MODULUS_BITS..=MAX_MODULUS_BITS).contains(&bits) {
            return Err(Error::BadKey);
        }
        Ok(key)
    }

    /// The modulus length in bits.
    fn modulus_bits(&self) -> usize {
        let lead = self.modulus.first().map_or(0, |b| b.leading_zeros());
        self.modulus
            .len()
            .checked_mul(8)
            .and_then(|b| b.checked_sub(usize::try_from(lead).unwrap_or(0)))
            .unwrap_or(0)
    }
}

/// The magnitude of a DER INTEGER that must be positive and minimally encoded.
fn positive_integer(v: &[u8]) -> Result<&[u8]> {
    match v {
        [] => Err(Error::BadKey),
        [b, ..] if b & 0x80 != 0 => Err(Error::BadKey),
        [0, rest @ ..] => match rest.first() {
            Some(b) if b & 0x80 != 0 => Ok(rest),
            _ => Err(Error::BadKey), // zero, or a non-minimal leading zero
        },
        _ => Ok(v),
    }
}

/// Just enough DER to read `RSAPublicKey`: definite, minimal lengths up to 2 length bytes.
struct DerReader<'a>(&'a [u8]);

impl<'a> DerReader<'a> {
    /// Reads one TLV with `tag` and returns its value.
    fn take(&mut self, tag: u8) -> Result<&'a [u8]> {
        let (&t, rest) = self.0.split_first().ok_or(Error::BadKey)?;
        let (&l0, mut rest) = rest.split_first().ok_or(Error::BadKey)?;
        if t != tag {
            return Err(Error::BadKey);
        }
        let len = match l0 {
            0..=0x7f => usize::from(l0),
            0x81 => {
                let (&l, r) = rest.split_first().ok_or(Error::BadKey)?;
                rest = r;
                if l < 0x80 {
                    return Err(Error::BadKey);
                }
                usize::from(l)
            }
            0x82 => {
                let (l, r) = rest.split_at_checked(2).ok_or(Error::BadKey)?;
                rest = r;
                let l = usize::from(u16::from_be_bytes([
                    l.first().copied().unwrap_or(0),
                    l.get(1).copied().unwrap_or(0),
                ]));
                if l < 0x100 {
                    return Err(Error::BadKey);
                }
                l
            }
            _ => return Err(Error::BadKey),
        };
        let (value, rest) = rest.split_at_checked(len).ok_or(Error::BadKey)?;
        self.0 = rest;
        Ok(value)
    }
}
