//! The RNG seam.
//!
//! Wren takes its randomness from the config's [`wren_tls::ConfigRng`]. A real board implements
//! that trait over its true RNG peripheral (an nRF52840's `RNG`, an STM32's `RNG`, an ESP32-C6's
//! RNG), reseeding a DRBG if it is slow. The emulated boards have none, so this firmware uses
//! [`measurement_rng`]: a fixed-seed [`TestRng`], which makes the same key shares and randoms
//! on every run so instruction counts repeat.
//!
//! **NOT FOR PRODUCTION.** A fixed seed means every handshake's ephemeral key is known to
//! anyone who reads this file.

use tls_crypto::TestRng;
use wren_tls::RefCellRng;

/// The RNG type of this (measurement) build.
pub type MeasurementRng = RefCellRng<TestRng>;

/// The fixed seed of the measurement build. Public on purpose: NOT a secret, NOT for production.
pub const MEASUREMENT_SEED: [u8; 32] = *b"wren-fw-measurement-NOT-secret!!";

/// A deterministic generator for measurement runs. **NOT FOR PRODUCTION.**
#[must_use]
pub const fn measurement_rng() -> MeasurementRng {
    RefCellRng::new(TestRng::new(MEASUREMENT_SEED))
}
