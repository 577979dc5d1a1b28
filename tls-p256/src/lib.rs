//! ECDSA P-256 with SHA-256, verification only (FIPS 186-5 §6.4.2, SEC 1 v2 §4.1.4).
//!
//! Wren's provider (`tls-crypto`, feature `p256-verify`) verifies ECDSA P-256 signatures with
//! this crate. It is its own crate so that the workspace can build just this hot arithmetic
//! for speed (`[profile.release.package.tls-p256]`) while the firmware stays optimised for size.
//!
//! ```
//! // A malformed key is refused before any arithmetic.
//! assert_eq!(tls_p256::verify(&[0], b"msg", &[]), Err(tls_p256::Error::BadKey));
//! ```
//!
//! Small, fast and light on the stack, for microcontrollers: 8 x 32-bit limbs with 64-bit
//! products (one `UMULL`/`UMAAL` on a Cortex-M4, `mul`/`mulhu` on RV32, four 16-bit `MULS`
//! on a Cortex-M0), field elements in Montgomery form with a multiplication-free reduction
//! (p = -1 mod 2^32 makes every multiple of p a sum of shifted words), Jacobian
//! coordinates with the a = -3 doubling, mixed Jacobian + affine additions, and
//! `u1·G + u2·Q` by one interleaved (Shamir) pass over two width-w NAFs: a constant table of
//! odd multiples of G and a table of odd multiples of Q built per call (made affine with one
//! inversion). The binary extended Euclidean algorithm gives 2^256/s mod n, two Montgomery
//! products u1 = e/s and u2 = r/s, and the final test x(R) mod n = r needs no inversion
//! (r·Z^2 = X, or (r + n)·Z^2 = X).
//!
//! Measured on a Cortex-M4 (QEMU `-icount`, `opt-level = 2`): about 1.75 M instructions per
//! verification, 85 % of them in field products (~480) and squares (~440), and ~2.7 KB of
//! stack with the benchmark around it; the `p256` crate took ~18 M. Radix 2^29 (nine limbs,
//! carry-free `SMLAL` columns) was tried and is slower on every core in compiled Rust: the
//! product of 81 word products spills its operands (~580 instructions on a Cortex-M4).
//!
//! # Variable time, on purpose
//!
//! Every value this code handles is public: the public key, the message and the signature.
//! No secret passes through it, so it branches and indexes on its data and takes variable
//! time. **Never reuse it for signing or key agreement**; those stay in the `p256` crate
//! (feature `p256`), which is constant-time.
//!
//! Wrong answers are not acceptable where slow ones would be: additions handle the doubling
//! and infinity cases, every field element is kept fully reduced, and the public key and the
//! DER signature are checked strictly (point on the curve, coordinates below p, `1 <= r, s < n`,
//! minimal DER only).

#![no_std]
#![forbid(unsafe_code)]

/// Why a verification failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// The public key is malformed, not on the curve, or the identity.
    BadKey,
    /// The signature is malformed (not strict DER, r or s out of range) or does not verify.
    BadSignature,
}

/// Shorthand for results of this crate.
pub type Result<T> = core::result::Result<T, Error>;

/// Limbs of an integer below 2^256, least significant first.
type Limbs = [u32; 8];

/// The field prime p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
const P: Limbs = [
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0,
    0,
    0,
    1,
    0xFFFF_FFFF,
];

/// The group order n.
const N: Limbs = [
    0xFC63_2551,
    0xF3B9_CAC2,
    0xA717_9E84,
    0xBCE6_FAAD,
    0xFFFF_FFFF,
    0xFFFF_FFFF,
    0,
    0xFFFF_FFFF,
];

/// -n^-1 mod 2^32, for Montgomery reduction modulo n.
const N0_INV: u32 = 0xEE00_BC4F;

/// 2^256 mod n = 2^256 - n: 1 in Montgomery form modulo n.
const R_MOD_N: Limbs = [
    0x039C_DAAF,
    0x0C46_353D,
    0x58E8_617B,
    0x4319_0552,
    0,
    0,
    0xFFFF_FFFF,
    0,
];

/// p - n: a signature's r may stand for x(R) = r + n when r < p - n (SEC 1 §4.1.4 step 7).
const P_MINUS_N: Limbs = [
    0x039C_DAAE,
    0x0C46_353D,
    0x58E8_617B,
    0x4319_0553,
    0,
    0,
    0,
    0,
];

/// The curve coefficient b (a = -3), in Montgomery form (b·2^256 mod p).
const B: Fe = Fe([
    0x29C4_BDDF,
    0xD89C_DF62,
    0x7884_3090,
    0xACF0_05CD,
    0xF721_2ED6,
    0xE5A2_20AB,
    0x0487_4834,
    0xDC30_061D,
]);

/// R^2 mod p = 2^512 mod p: a Montgomery product by it converts into Montgomery form, and
/// R^2 / (x·R) = x^-1·R is the Montgomery form of an inverse.
const R2: Limbs = [
    0x0000_0003,
    0x0000_0000,
    0xFFFF_FFFF,
    0xFFFF_FFFB,
    0xFFFF_FFFE,
    0xFFFF_FFFF,
    0xFFFF_FFFD,
    0x0000_0004,
];

/// (p + 1) / 4: a square root of a square a is a^((p+1)/4), since p = 3 mod 4.
const SQRT_EXP: Limbs = [
    0,
    0,
    0x4000_0000,
    0,
    0,
    0x4000_0000,
    0xC000_0000,
    0x3FFF_FFFF,
];

/// Width of the NAF of u1 (the G part): `G_TABLE` holds 2^(w-2) points.
const G_WINDOW: u32 = 5;
/// Width of the NAF of u2 (the Q part): the per-call table holds 2^(w-2) points.
const Q_WINDOW: u32 = 4;
/// Number of points in the per-call table of Q: Q, 3Q, 5Q, 7Q.
const Q_TABLE_LEN: usize = 4;
/// Digits of a NAF of a scalar below 2^256: one more than its bits.
const NAF_LEN: usize = 257;

/// An element of the field in Montgomery form (x·2^256 mod p), fully reduced (below p) at
/// every step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Fe(Limbs);

/// A point in affine coordinates (never the identity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Affine {
    x: Fe,
    y: Fe,
}

/// A point in Jacobian coordinates (X/Z^2, Y/Z^3); Z = 0 is the identity.
#[derive(Clone, Copy, Debug)]
struct Jacobian {
    x: Fe,
    y: Fe,
    z: Fe,
}

mod g_table;
use g_table::G_TABLE;

/// a·b + c + d as (low, high) words; cannot overflow: (2^32-1)^2 + 2(2^32-1) = 2^64 - 1.
#[inline(always)]
fn mac(a: u32, b: u32, c: u32, d: u32) -> (u32, u32) {
    let t = wide_mul(a, b)
        .wrapping_add(u64::from(c))
        .wrapping_add(u64::from(d));
    (t as u32, (t >> 32) as u32)
}

/// The 64-bit product a·b: one `UMULL` (or `UMAAL`/`UMLAL` with the additions around it) on
/// cores with long multiplies, `mul`/`mulhu` on RV32, [`wide_mul_halves`] on ARMv6-M.
#[inline(always)]
fn wide_mul(a: u32, b: u32) -> u64 {
    if cfg!(all(target_arch = "arm", not(target_has_atomic = "32"))) {
        wide_mul_halves(a, b)
    } else {
        u64::from(a).wrapping_mul(u64::from(b))
    }
}

/// The 64-bit product a·b from four 16 x 16-bit products, inlined, for ARMv6-M
/// (Cortex-M0/M0+), which has no long multiply: there a `u64` product is a call to
/// `__aeabi_lmul`, a general 64 x 64-bit routine of ~40 instructions with the call, and a
/// field product makes 64 of them (this takes a verification from 10.6 M to 7.5 M
/// instructions). ARMv6-M is recognised as the Arm profile without compare-and-swap atomics
/// (ARMv7-M and ARMv8-M have both `LDREX`/`STREX` and `UMULL`).
#[inline(always)]
fn wide_mul_halves(a: u32, b: u32) -> u64 {
    let (al, ah) = (a & 0xFFFF, a >> 16);
    let (bl, bh) = (b & 0xFFFF, b >> 16);
    // Each partial product of two 16-bit halves is below 2^32; the two middle ones are added
    // separately, shifted by 16, to the (high, low) pair of the outer ones (no 33-bit sum).
    let outer = (u64::from(ah.wrapping_mul(bh)) << 32) | u64::from(al.wrapping_mul(bl));
    outer
        .wrapping_add(u64::from(al.wrapping_mul(bh)) << 16)
        .wrapping_add(u64::from(ah.wrapping_mul(bl)) << 16)
}

/// a + b + carry as (sum, carry out), carry in {0, 1}: LLVM turns chains of these into
/// `adds`/`adcs`. On ARMv6-M the carry is computed with 32-bit comparisons instead: there
/// LLVM cannot keep the flags across a chain of the 64-bit form and recomputes every carry
/// from the start of the chain (quadratic code: a field addition took ~220 instructions).
#[inline(always)]
fn adc(a: u32, b: u32, carry: u32) -> (u32, u32) {
    if cfg!(all(target_arch = "arm", not(target_has_atomic = "32"))) {
        let (s, c1) = a.overflowing_add(b);
        let (s, c2) = s.overflowing_add(carry);
        (s, u32::from(c1 | c2))
    } else {
        let t = u64::from(a)
            .wrapping_add(u64::from(b))
            .wrapping_add(u64::from(carry));
        (t as u32, (t >> 32) as u32)
    }
}

/// a += b, returning the carry out.
fn add_assign(a: &mut Limbs, b: &Limbs) -> u32 {
    let mut carry = 0;
    for (x, &y) in a.iter_mut().zip(b) {
        (*x, carry) = adc(*x, y, carry);
    }
    carry
}

/// a -= b, returning the borrow out. As a + !b + 1, so that the chain is `adcs` too
/// (a chain of u64 subtractions compiles to four instructions per word on Arm).
fn sub_assign(a: &mut Limbs, b: &Limbs) -> u32 {
    let mut carry = 1;
    for (x, &y) in a.iter_mut().zip(b) {
        (*x, carry) = adc(*x, !y, carry);
    }
    carry ^ 1
}

/// a >= b.
fn geq(a: &Limbs, b: &Limbs) -> bool {
    for (x, y) in a.iter().zip(b).rev() {
        if x != y {
            return x > y;
        }
    }
    true
}

fn is_zero(a: &Limbs) -> bool {
    a.iter().all(|&w| w == 0)
}

/// a >>= 1, shifting `top` in as the new most significant bit.
fn shr1(a: &mut Limbs, top: u32) {
    let mut carry = top;
    for w in a.iter_mut().rev() {
        let out = *w & 1;
        *w = (*w >> 1) | (carry << 31);
        carry = out;
    }
}

/// One row of a schoolbook product: t[i..=i+8] += a_i·b (t[i+8] is still zero), unrolled
/// with constant indices so that it compiles to straight-line `UMAAL`s even at `opt-level
/// = "z"` (a loop costs several times more there).
macro_rules! product_row {
    ($t:ident, $ai:expr, $b:ident, $i:literal) => {{
        let ai = $ai;
        let c = 0;
        let c = mac_into(&mut $t[$i], ai, $b[0], c);
        let c = mac_into(&mut $t[$i + 1], ai, $b[1], c);
        let c = mac_into(&mut $t[$i + 2], ai, $b[2], c);
        let c = mac_into(&mut $t[$i + 3], ai, $b[3], c);
        let c = mac_into(&mut $t[$i + 4], ai, $b[4], c);
        let c = mac_into(&mut $t[$i + 5], ai, $b[5], c);
        let c = mac_into(&mut $t[$i + 6], ai, $b[6], c);
        let c = mac_into(&mut $t[$i + 7], ai, $b[7], c);
        $t[$i + 8] = c;
    }};
}

/// *t = low word of a·b + *t + c; returns the high word.
#[inline(always)]
fn mac_into(t: &mut u32, a: u32, b: u32, c: u32) -> u32 {
    let (lo, hi) = mac(a, b, *t, c);
    *t = lo;
    hi
}

/// The 512-bit product a·b (schoolbook, operand scanning, unrolled). Inlined into
/// [`Fe::mul`], its only caller: returning the 16 words through memory costs ~15 % more.
#[inline(always)]
fn mul_wide(a: &Limbs, b: &Limbs) -> [u32; 16] {
    let mut t = [0u32; 16];
    product_row!(t, a[0], b, 0);
    product_row!(t, a[1], b, 1);
    product_row!(t, a[2], b, 2);
    product_row!(t, a[3], b, 3);
    product_row!(t, a[4], b, 4);
    product_row!(t, a[5], b, 5);
    product_row!(t, a[6], b, 6);
    product_row!(t, a[7], b, 7);
    t
}

/// The 512-bit square of a: each cross product a_i·a_j (i < j) once, doubled, plus the
/// squares a_i^2 (36 word products instead of 64).
#[inline(always)]
fn sqr_wide(a: &Limbs) -> [u32; 16] {
    let mut t = [0u32; 16];
    // Cross products, row i from word 2i + 1.
    let mut c;
    c = mac_into(&mut t[1], a[0], a[1], 0);
    c = mac_into(&mut t[2], a[0], a[2], c);
    c = mac_into(&mut t[3], a[0], a[3], c);
    c = mac_into(&mut t[4], a[0], a[4], c);
    c = mac_into(&mut t[5], a[0], a[5], c);
    c = mac_into(&mut t[6], a[0], a[6], c);
    c = mac_into(&mut t[7], a[0], a[7], c);
    t[8] = c;
    c = mac_into(&mut t[3], a[1], a[2], 0);
    c = mac_into(&mut t[4], a[1], a[3], c);
    c = mac_into(&mut t[5], a[1], a[4], c);
    c = mac_into(&mut t[6], a[1], a[5], c);
    c = mac_into(&mut t[7], a[1], a[6], c);
    c = mac_into(&mut t[8], a[1], a[7], c);
    t[9] = c;
    c = mac_into(&mut t[5], a[2], a[3], 0);
    c = mac_into(&mut t[6], a[2], a[4], c);
    c = mac_into(&mut t[7], a[2], a[5], c);
    c = mac_into(&mut t[8], a[2], a[6], c);
    c = mac_into(&mut t[9], a[2], a[7], c);
    t[10] = c;
    c = mac_into(&mut t[7], a[3], a[4], 0);
    c = mac_into(&mut t[8], a[3], a[5], c);
    c = mac_into(&mut t[9], a[3], a[6], c);
    c = mac_into(&mut t[10], a[3], a[7], c);
    t[11] = c;
    c = mac_into(&mut t[9], a[4], a[5], 0);
    c = mac_into(&mut t[10], a[4], a[6], c);
    c = mac_into(&mut t[11], a[4], a[7], c);
    t[12] = c;
    c = mac_into(&mut t[11], a[5], a[6], 0);
    c = mac_into(&mut t[12], a[5], a[7], c);
    t[13] = c;
    c = mac_into(&mut t[13], a[6], a[7], 0);
    t[14] = c;
    // Double them (t[15] is still zero), then add the squares a_i^2 at word 2i.
    t[15] = t[14] >> 31;
    t[14] = (t[14] << 1) | (t[13] >> 31);
    t[13] = (t[13] << 1) | (t[12] >> 31);
    t[12] = (t[12] << 1) | (t[11] >> 31);
    t[11] = (t[11] << 1) | (t[10] >> 31);
    t[10] = (t[10] << 1) | (t[9] >> 31);
    t[9] = (t[9] << 1) | (t[8] >> 31);
    t[8] = (t[8] << 1) | (t[7] >> 31);
    t[7] = (t[7] << 1) | (t[6] >> 31);
    t[6] = (t[6] << 1) | (t[5] >> 31);
    t[5] = (t[5] << 1) | (t[4] >> 31);
    t[4] = (t[4] << 1) | (t[3] >> 31);
    t[3] = (t[3] << 1) | (t[2] >> 31);
    t[2] = (t[2] << 1) | (t[1] >> 31);
    t[1] <<= 1;
    let mut carry = 0;
    let mut sq = |lo_i: &mut u32, hi_i: &mut u32, x: u32| {
        let (lo, hi) = mac(x, x, 0, 0);
        (*lo_i, carry) = adc(*lo_i, lo, carry);
        (*hi_i, carry) = adc(*hi_i, hi, carry);
    };
    let [t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10, t11, t12, t13, t14, t15] = &mut t;
    sq(t0, t1, a[0]);
    sq(t2, t3, a[1]);
    sq(t4, t5, a[2]);
    sq(t6, t7, a[3]);
    sq(t8, t9, a[4]);
    sq(t10, t11, a[5]);
    sq(t12, t13, a[6]);
    sq(t14, t15, a[7]);
    t
}

impl Fe {
    const ZERO: Self = Self([0; 8]);
    /// 1 in Montgomery form: 2^256 mod p = 2^224 - 2^192 - 2^96 + 1.
    const ONE: Self = Self([
        1,
        0,
        0,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFF,
        0xFFFF_FFFE,
        0,
    ]);

    /// From 32 big-endian bytes; `None` unless the value is below p.
    fn from_be_bytes(bytes: &[u8; 32]) -> Option<Self> {
        let limbs = limbs_from_be(bytes);
        (!geq(&limbs, &P)).then(|| Self::from_limbs(&limbs))
    }

    /// The element of an integer below p (the caller checks the bound): x·R^2/R = x·R,
    /// through [`Fe::mul`] (an inlined product here would cost ~1.4 KB of flash).
    fn from_limbs(x: &Limbs) -> Self {
        Self(*x).mul(&Self(R2))
    }

    /// The integer (below p) this element stands for: x·R·1/R.
    fn to_limbs(self) -> Limbs {
        self.mul(&Self([1, 0, 0, 0, 0, 0, 0, 0])).0
    }

    fn is_zero(&self) -> bool {
        is_zero(&self.0)
    }

    fn add(&self, b: &Self) -> Self {
        let mut r = self.0;
        let carry = add_assign(&mut r, &b.0);
        if carry != 0 || geq(&r, &P) {
            sub_assign(&mut r, &P);
        }
        Self(r)
    }

    fn sub(&self, b: &Self) -> Self {
        let mut r = self.0;
        if sub_assign(&mut r, &b.0) != 0 {
            add_assign(&mut r, &P);
        }
        Self(r)
    }

    fn double(&self) -> Self {
        self.add(self)
    }

    fn neg(&self) -> Self {
        Self::ZERO.sub(self)
    }

    fn mul(&self, b: &Self) -> Self {
        Self(mont_reduce(&mul_wide(&self.0, &b.0)))
    }

    fn square(&self) -> Self {
        Self(mont_reduce(&sqr_wide(&self.0)))
    }

    /// k·self for a small k (at most 8): one row of word products and one fold, instead of
    /// up to three additions.
    fn mul_small(&self, k: u32) -> Self {
        let mut r = [0u32; 8];
        let mut carry = 0;
        for (o, &x) in r.iter_mut().zip(&self.0) {
            (*o, carry) = mac(x, k, carry, 0);
        }
        // self < 2^256 and k <= 8: the top word is at most 7.
        Self(fold_top(r, i64::from(carry)))
    }

    /// self^e (square and multiply, most significant bit first).
    fn pow(&self, e: &Limbs) -> Self {
        let mut r = Self::ONE;
        for &w in e.iter().rev() {
            for bit in (0..32).rev() {
                r = r.square();
                if (w >> bit) & 1 == 1 {
                    r = r.mul(self);
                }
            }
        }
        r
    }

    /// self^-1; `None` for zero. With v = x·R the stored value, R^2 / v = x^-1·R is the
    /// Montgomery form of x^-1: one binary division, no conversion.
    fn invert(&self) -> Option<Self> {
        div_mod(&R2, &self.0, &P).map(Self)
    }

    /// x^3 - 3x + b.
    fn curve_rhs(&self) -> Self {
        let x3 = self.square().mul(self);
        let three_x = self.double().add(self);
        x3.sub(&three_x).add(&B)
    }
}

/// The integer of 32 big-endian bytes.
fn limbs_from_be(bytes: &[u8; 32]) -> Limbs {
    let mut limbs = [0u32; 8];
    for (l, chunk) in limbs.iter_mut().zip(bytes.rchunks_exact(4)) {
        let mut w = [0u8; 4];
        w.copy_from_slice(chunk);
        *l = u32::from_be_bytes(w);
    }
    limbs
}

/// Montgomery reduction modulo p: c·2^-256 mod p, fully reduced, for c < p·2^256 (any
/// product of two elements below p).
///
/// p = -1 mod 2^32, so -p^-1 = 1 mod 2^32: the multiple of p that clears word k is m_k =
/// word k itself, and m·p = m·2^256 - m·2^224 + m·2^192 + m·2^96 - m needs no product:
/// -m clears word k, and m goes into words k + 3, k + 6, k + 8, out of word k + 7. Column by
/// column in a signed 64-bit accumulator, that is 16 words and 32 m terms in all (the NIST
/// reduction adds about 60 terms and still has to fold a top word back). The result,
/// (c + m·p) / 2^256 < (p·2^256 + 2^256·p) / 2^256 = 2p, takes at most one subtraction.
#[inline(always)]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "i64 sums of at most six terms below 2^32 and a carry below 2^3: no overflow"
)]
fn mont_reduce(c: &[u32; 16]) -> Limbs {
    let [c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15] = c.map(i64::from);
    let mut acc: i64;
    acc = c0;
    let m0 = i64::from(acc as u32);
    acc = (acc >> 32) + c1;
    let m1 = i64::from(acc as u32);
    acc = (acc >> 32) + c2;
    let m2 = i64::from(acc as u32);
    acc = (acc >> 32) + c3 + m0;
    let m3 = i64::from(acc as u32);
    acc = (acc >> 32) + c4 + m1;
    let m4 = i64::from(acc as u32);
    acc = (acc >> 32) + c5 + m2;
    let m5 = i64::from(acc as u32);
    acc = (acc >> 32) + c6 + m3 + m0;
    let m6 = i64::from(acc as u32);
    acc = (acc >> 32) + c7 + m4 + m1 - m0;
    let m7 = i64::from(acc as u32);
    acc = (acc >> 32) + c8 + m5 + m2 - m1 + m0;
    let r0 = acc as u32;
    acc = (acc >> 32) + c9 + m6 + m3 - m2 + m1;
    let r1 = acc as u32;
    acc = (acc >> 32) + c10 + m7 + m4 - m3 + m2;
    let r2 = acc as u32;
    acc = (acc >> 32) + c11 + m5 - m4 + m3;
    let r3 = acc as u32;
    acc = (acc >> 32) + c12 + m6 - m5 + m4;
    let r4 = acc as u32;
    acc = (acc >> 32) + c13 + m7 - m6 + m5;
    let r5 = acc as u32;
    acc = (acc >> 32) + c14 - m7 + m6;
    let r6 = acc as u32;
    acc = (acc >> 32) + c15 + m7;
    let r7 = acc as u32;
    // The value is r + top·2^256 below 2p: top is 0 or 1.
    let mut r = [r0, r1, r2, r3, r4, r5, r6, r7];
    if acc >> 32 != 0 || geq(&r, &P) {
        sub_assign(&mut r, &P);
    }
    r
}

/// r + top·2^256 modulo p, fully reduced, for -4 <= top <= 7. Folds top back in with
/// 2^256 = 2^224 - 2^192 - 2^96 + 1 (mod p), then adds or subtracts p.
#[inline(always)]
#[allow(
    clippy::arithmetic_side_effects,
    reason = "i64 sums of three terms below 2^32 and a carry: no overflow"
)]
fn fold_top(mut r: Limbs, top: i64) -> Limbs {
    // acc >> 32 is the top left after the fold (top itself when there is nothing to fold).
    let mut acc = top << 32;
    if top != 0 {
        let [r0, r1, r2, r3, r4, r5, r6, r7] = r.map(i64::from);
        acc = r0 + top;
        r[0] = acc as u32;
        acc = (acc >> 32) + r1;
        r[1] = acc as u32;
        acc = (acc >> 32) + r2;
        r[2] = acc as u32;
        acc = (acc >> 32) + r3 - top;
        r[3] = acc as u32;
        acc = (acc >> 32) + r4;
        r[4] = acc as u32;
        acc = (acc >> 32) + r5;
        r[5] = acc as u32;
        acc = (acc >> 32) + r6 - top;
        r[6] = acc as u32;
        acc = (acc >> 32) + r7 + top;
        r[7] = acc as u32;
    }
    // Now -1 <= top <= 1: one addition or subtraction of p lands in [0, 2^256) (the value is
    // above -p, and below 2^256 + 7·2^224 < 2^256 + p), then at most one more p comes off.
    let top = acc >> 32;
    if top < 0 {
        add_assign(&mut r, &P);
    } else if top > 0 {
        sub_assign(&mut r, &P);
    }
    if geq(&r, &P) {
        sub_assign(&mut r, &P);
    }
    r
}

/// b/a mod m for an odd modulus m, 0 < a < m and b < m, by the binary extended Euclidean
/// algorithm (variable time); `None` if a is zero or shares a factor with m. With b = 1 this
/// is the inverse; ECDSA's u1 = e/s and u2 = r/s come out directly, with no multiplication
/// modulo n at all.
fn div_mod(b: &Limbs, a: &Limbs, m: &Limbs) -> Option<Limbs> {
    if is_zero(a) {
        return None;
    }
    // Invariants: x1·a = b·u, x2·a = b·v (mod m).
    let (mut u, mut v) = (*a, *m);
    let (mut x1, mut x2) = (*b, [0u32; 8]);
    // Each round removes at least one bit from u or v: 2·256 rounds is a hard bound.
    for _ in 0..520 {
        if is_one(&u) {
            return Some(x1);
        }
        if is_one(&v) {
            return Some(x2);
        }
        if is_zero(&u) || is_zero(&v) {
            return None;
        }
        while u[0] & 1 == 0 {
            shr1(&mut u, 0);
            halve_mod(&mut x1, m);
        }
        while v[0] & 1 == 0 {
            shr1(&mut v, 0);
            halve_mod(&mut x2, m);
        }
        if geq(&u, &v) {
            sub_assign(&mut u, &v);
            sub_mod(&mut x1, &x2, m);
        } else {
            sub_assign(&mut v, &u);
            sub_mod(&mut x2, &x1, m);
        }
    }
    None
}

/// a·b·2^-256 mod n (Montgomery multiplication; a, b below n). Row by row through one
/// small non-inlined helper: it runs twice per verification, so it is kept small rather
/// than fast (a second unrolled product would be ~1.4 KB).
fn mont_mul_n(a: &Limbs, b: &Limbs) -> Limbs {
    let mut t = [0u32; 17];
    for (i, &ai) in a.iter().enumerate() {
        if let Some(win) = t.get_mut(i..) {
            mul_add_row(win, b, ai);
        }
    }
    for i in 0..8 {
        if let Some(win) = t.get_mut(i..) {
            let m = win.first().copied().unwrap_or(0).wrapping_mul(N0_INV);
            mul_add_row(win, &N, m);
        }
    }
    let mut r = [0u32; 8];
    if let Some(hi) = t.get(8..16) {
        r.copy_from_slice(hi);
    }
    if t[16] != 0 || geq(&r, &N) {
        sub_assign(&mut r, &N);
    }
    r
}

/// win += m·src (src at the bottom of win), the carry rippling up to the top of win, which
/// must not overflow (the callers' 17-word buffer leaves room).
#[inline(never)]
fn mul_add_row(win: &mut [u32], src: &Limbs, m: u32) {
    let (low, high) = win.split_at_mut(8.min(win.len()));
    let mut carry = 0;
    for (o, &x) in low.iter_mut().zip(src) {
        (*o, carry) = mac(m, x, *o, carry);
    }
    for o in high.iter_mut() {
        if carry == 0 {
            break;
        }
        (*o, carry) = adc(*o, carry, 0);
    }
}

/// a == 1, testing the low word first (an array comparison is a `memcmp` call).
fn is_one(a: &Limbs) -> bool {
    a[0] == 1 && a.iter().skip(1).all(|&w| w == 0)
}

/// x = x / 2 mod m (m odd, x < m).
fn halve_mod(x: &mut Limbs, m: &Limbs) {
    let carry = if x[0] & 1 == 1 { add_assign(x, m) } else { 0 };
    shr1(x, carry);
}

/// x = x - y mod m (x, y < m).
fn sub_mod(x: &mut Limbs, y: &Limbs, m: &Limbs) {
    if sub_assign(x, y) != 0 {
        add_assign(x, m);
    }
}

impl Jacobian {
    const IDENTITY: Self = Self {
        x: Fe::ONE,
        y: Fe::ONE,
        z: Fe::ZERO,
    };

    fn from_affine(p: &Affine) -> Self {
        Self {
            x: p.x,
            y: p.y,
            z: Fe::ONE,
        }
    }

    fn is_identity(&self) -> bool {
        self.z.is_zero()
    }

    /// self = 2·self, with a = -3 ("dbl-2001-b", Bernstein-Lange EFD, with Z3 = 2·Y·Z, a
    /// product and a doubling instead of a square and three additions): 4M + 4S. In place:
    /// returning a 96-byte point costs a `memcpy` call per step of the main loop.
    fn double_assign(&mut self) {
        if self.is_identity() {
            return;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let t = self.x.sub(&delta).mul(&self.x.add(&delta));
        let alpha = t.mul_small(3);
        let beta4 = beta.mul_small(4);
        let x3 = alpha.square().sub(&beta.mul_small(8));
        let z3 = self.y.mul(&self.z).double();
        let gamma2_8 = gamma.square().mul_small(8);
        self.y = alpha.mul(&beta4.sub(&x3)).sub(&gamma2_8);
        self.x = x3;
        self.z = z3;
    }

    /// 2·self.
    fn double(&self) -> Self {
        let mut d = *self;
        d.double_assign();
        d
    }

    /// self = self + q for an affine q ("madd" with the doubling and identity cases):
    /// 8M + 3S, in place.
    fn add_affine_assign(&mut self, q: &Affine) {
        if self.is_identity() {
            *self = Self::from_affine(q);
            return;
        }
        let z1z1 = self.z.square();
        let u2 = q.x.mul(&z1z1);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&self.x);
        let r = s2.sub(&self.y);
        if h.is_zero() {
            // Same x: q = self (double) or q = -self (identity).
            if r.is_zero() {
                self.double_assign();
            } else {
                *self = Self::IDENTITY;
            }
            return;
        }
        let hh = h.square();
        let hhh = h.mul(&hh);
        let v = self.x.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        self.y = r.mul(&v.sub(&x3)).sub(&self.y.mul(&hhh));
        self.x = x3;
        self.z = self.z.mul(&h);
    }

    /// self + q for an affine q.
    fn add_affine(&self, q: &Affine) -> Self {
        let mut s = *self;
        s.add_affine_assign(q);
        s
    }

    /// self + q, both Jacobian (with the doubling and identity cases): 12M + 4S.
    fn add(&self, q: &Self) -> Self {
        if self.is_identity() {
            return *q;
        }
        if q.is_identity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = q.x.mul(&z1z1);
        let s1 = self.y.mul(&q.z).mul(&z2z2);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = s2.sub(&s1);
        if h.is_zero() {
            return if r.is_zero() {
                self.double()
            } else {
                Self::IDENTITY
            };
        }
        let hh = h.square();
        let hhh = h.mul(&hh);
        let v = u1.mul(&hh);
        let x3 = r.square().sub(&hhh).sub(&v.double());
        let y3 = r.mul(&v.sub(&x3)).sub(&s1.mul(&hhh));
        let z3 = self.z.mul(&q.z).mul(&h);
        Self {
            x: x3,
            y: y3,
            z: z3,
        }
    }
}

impl Affine {
    fn neg(&self) -> Self {
        Self {
            x: self.x,
            y: self.y.neg(),
        }
    }

    /// A SEC1 public key (SEC 1 v2 §2.3.4): uncompressed `04 || X || Y` or compressed
    /// `02/03 || X`, on the curve, coordinates below p. The identity (`00`) is refused.
    fn from_sec1(bytes: &[u8]) -> Option<Self> {
        let (&tag, rest) = bytes.split_first()?;
        match (tag, rest.len()) {
            (0x04, 64) => {
                let (xb, yb) = rest.split_at(32);
                let x = Fe::from_be_bytes(xb.try_into().ok()?)?;
                let y = Fe::from_be_bytes(yb.try_into().ok()?)?;
                (y.square() == x.curve_rhs()).then_some(Self { x, y })
            }
            (0x02 | 0x03, 32) => {
                let x = Fe::from_be_bytes(rest.try_into().ok()?)?;
                let rhs = x.curve_rhs();
                let y = rhs.pow(&SQRT_EXP);
                if y.square() != rhs {
                    return None;
                }
                let y = if (y.to_limbs()[0] & 1) == u32::from(tag & 1) {
                    y
                } else {
                    y.neg()
                };
                Some(Self { x, y })
            }
            _ => None,
        }
    }
}

/// The width-w NAF of k < 2^256: digits least significant first, each zero or odd with
/// |digit| < 2^(w-1), and of any w consecutive digits at most one is non-zero.
fn naf(k: &Limbs, w: u32) -> [i8; NAF_LEN] {
    let mut out = [0i8; NAF_LEN];
    let mut k = *k;
    let window = 1u32 << w;
    let mask = window.wrapping_sub(1);
    for digit in out.iter_mut() {
        if is_zero(&k) {
            break;
        }
        if k[0] & 1 == 1 {
            let low = k[0] & mask;
            if low >= window >> 1 {
                // Negative digit low - 2^w: k += 2^w - low clears the low w bits. k < n leaves
                // room below 2^256 for the carry.
                let d = window.wrapping_sub(low);
                add_assign(&mut k, &[d, 0, 0, 0, 0, 0, 0, 0]);
                *digit = (low as i32).wrapping_sub(window as i32) as i8;
            } else {
                k[0] &= !mask;
                *digit = low as i8;
            }
        }
        shr1(&mut k, 0);
    }
    out
}

/// The table entry for an odd NAF digit d: ±|d|·P from the table of P, 3P, 5P, ...
fn lookup(table: &[Affine], d: i8) -> Option<Affine> {
    let entry = table.get(usize::from(d.unsigned_abs() >> 1))?;
    Some(if d < 0 { entry.neg() } else { *entry })
}

/// Q, 3Q, 5Q, 7Q in affine coordinates, with one inversion (Montgomery's trick).
fn q_table(q: &Affine) -> Option<[Affine; Q_TABLE_LEN]> {
    let q1 = Jacobian::from_affine(q);
    let d = q1.double();
    let q3 = d.add_affine(q);
    let q5 = q3.add(&d);
    let q7 = q5.add(&d);
    // Prime order n > 7: none of these is the identity, so no Z is zero.
    let z35 = q3.z.mul(&q5.z);
    let inv = z35.mul(&q7.z).invert()?;
    let z7_inv = inv.mul(&z35);
    let inv35 = inv.mul(&q7.z);
    let z5_inv = inv35.mul(&q3.z);
    let z3_inv = inv35.mul(&q5.z);
    let to_affine = |p: &Jacobian, z_inv: &Fe| {
        let zz = z_inv.square();
        Affine {
            x: p.x.mul(&zz),
            y: p.y.mul(&zz.mul(z_inv)),
        }
    };
    Some([
        *q,
        to_affine(&q3, &z3_inv),
        to_affine(&q5, &z5_inv),
        to_affine(&q7, &z7_inv),
    ])
}

/// u1·G + u2·Q by one interleaved pass over both NAFs.
fn double_scalar_mul(u1: &Limbs, u2: &Limbs, q: &Affine) -> Option<Jacobian> {
    let qt = q_table(q)?;
    let n1 = naf(u1, G_WINDOW);
    let n2 = naf(u2, Q_WINDOW);
    let mut acc = Jacobian::IDENTITY;
    for (&d1, &d2) in n1.iter().zip(&n2).rev() {
        acc.double_assign();
        if d1 != 0 {
            acc.add_affine_assign(&lookup(&G_TABLE, d1)?);
        }
        if d2 != 0 {
            acc.add_affine_assign(&lookup(&qt, d2)?);
        }
    }
    Some(acc)
}

/// A scalar from its big-endian bytes (at most 32), if 1 <= value < n.
fn scalar_from_be(bytes: &[u8]) -> Option<Limbs> {
    let mut buf = [0u8; 32];
    let start = 32usize.checked_sub(bytes.len())?;
    buf.get_mut(start..)?.copy_from_slice(bytes);
    let v = limbs_from_be(&buf);
    (!is_zero(&v) && !geq(&v, &N)).then_some(v)
}

/// Strict DER `Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }` (RFC 5480 / X9.62,
/// X.690 §8.3, §10.1): definite short-form lengths (a P-256 signature is at most 72 bytes),
/// minimal positive integers, nothing trailing. Returns r and s if both are in [1, n).
fn parse_signature(der: &[u8]) -> Option<(Limbs, Limbs)> {
    let body = der_tlv(der, 0x30)?;
    let (r, rest) = der_integer(body)?;
    let (s, rest) = der_integer(rest)?;
    if !rest.is_empty() {
        return None;
    }
    Some((scalar_from_be(r)?, scalar_from_be(s)?))
}

/// The contents of one TLV with `tag` and a short-form length that spans all of `bytes`.
fn der_tlv(bytes: &[u8], tag: u8) -> Option<&[u8]> {
    let (contents, rest) = der_take(bytes, tag)?;
    rest.is_empty().then_some(contents)
}

/// One TLV with `tag` and a short-form length: its contents and what follows.
fn der_take(bytes: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let [t, len, rest @ ..] = bytes else {
        return None;
    };
    // Lengths >= 128 need the long form, which no P-256 signature field needs: refusing it
    // also refuses non-minimal long forms.
    if *t != tag || *len >= 0x80 {
        return None;
    }
    let len = usize::from(*len);
    (rest.len() >= len).then(|| rest.split_at(len))
}

/// A minimal, non-negative DER INTEGER: its magnitude without the sign byte, and the rest.
fn der_integer(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (contents, rest) = der_take(bytes, 0x02)?;
    let magnitude = match contents {
        [] => return None,
        [b, ..] if b & 0x80 != 0 => return None,
        [0, next, ..] if next & 0x80 == 0 => return None,
        [0, tail @ ..] => tail,
        all => all,
    };
    (magnitude.len() <= 32).then_some((magnitude, rest))
}

/// Verifies an ECDSA P-256 signature over the SHA-256 hash of `message`.
///
/// `public_key` is a SEC1 point (uncompressed or compressed), `signature` the DER
/// `Ecdsa-Sig-Value`.
///
/// # Errors
/// [`Error::BadKey`] if the key is malformed, not on the curve or the identity;
/// [`Error::BadSignature`] if the signature is malformed or does not verify.
pub fn verify(public_key: &[u8], message: &[u8], signature: &[u8]) -> Result<()> {
    use sha2::Digest as _;
    let q = Affine::from_sec1(public_key).ok_or(Error::BadKey)?;
    let (r, s) = parse_signature(signature).ok_or(Error::BadSignature)?;
    let digest: [u8; 32] = sha2::Sha256::digest(message).into();
    verify_digest(&q, &digest, &r, &s).ok_or(Error::BadSignature)
}

/// Verifies an ECDSA P-256 signature over a SHA-256 `digest` computed by the caller.
///
/// # Errors
/// As [`verify`].
pub fn verify_prehash(public_key: &[u8], digest: &[u8; 32], signature: &[u8]) -> Result<()> {
    let q = Affine::from_sec1(public_key).ok_or(Error::BadKey)?;
    let (r, s) = parse_signature(signature).ok_or(Error::BadSignature)?;
    verify_digest(&q, digest, &r, &s).ok_or(Error::BadSignature)
}

/// SEC 1 v2 §4.1.4 steps 4-8 for a parsed key and signature: `Some(())` if valid.
fn verify_digest(q: &Affine, digest: &[u8; 32], r: &Limbs, s: &Limbs) -> Option<()> {
    // e: the 256-bit hash as an integer (n has 256 bits: no truncation), below 2n.
    let mut e = limbs_from_be(digest);
    if geq(&e, &N) {
        sub_assign(&mut e, &N);
    }
    // w·2^256 = 2^256/s, then one Montgomery product each: u1 = e·w, u2 = r·w.
    let w_mont = div_mod(&R_MOD_N, s, &N)?;
    let u1 = mont_mul_n(&e, &w_mont);
    let u2 = mont_mul_n(r, &w_mont);
    let point = double_scalar_mul(&u1, &u2, q)?;
    x_matches(&point, r).then_some(())
}

/// x(point) mod n == r (SEC 1 §4.1.4 step 7) without an inversion: X == x·Z^2 for x = r, or
/// for x = r + n when r + n < p (x(point) is below p, so x mod n = r has those two solutions).
fn x_matches(point: &Jacobian, r: &Limbs) -> bool {
    if point.is_identity() {
        return false;
    }
    let zz = point.z.square();
    if Fe::from_limbs(r).mul(&zz) == point.x {
        return true;
    }
    if geq(r, &P_MINUS_N) {
        return false;
    }
    let mut rn = *r;
    add_assign(&mut rn, &N);
    Fe::from_limbs(&rn).mul(&zz) == point.x
}

#[cfg(test)]
mod tests;
