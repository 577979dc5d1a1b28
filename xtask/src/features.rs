//! What each optional wren-tls feature costs in flash, measured on application 1's Cortex-M4F
//! image (`cm4-client`): the image is rebuilt with one more feature of `wren-tls` at a time
//! (`cargo build -p wren-board-cm4 -p wren-tls --no-default-features --features
//! wren-board-cm4/certificates,wren-tls/<feature>`: cargo unifies
//! the feature into the wren-tls the firmware links) and its flash compared with the image as
//! shipped. The builds use their own target directory, so the images the rest of the report
//! reads are not replaced.
//!
//! Only what a feature makes reachable is counted: a feature whose code the application never
//! calls (the server role in a client, say) costs nothing after LTO, so it is not listed.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// The features measured, with what they add.
const FEATURES: &[(&str, &str)] = &[
    (
        "aes-gcm",
        "TLS_AES_128_GCM_SHA256 and TLS_AES_256_GCM_SHA384 (software AES and GHASH; brings \
         `sha384`)",
    ),
    (
        "p256",
        "the `p256` crate: secp256r1 key exchange offered next to x25519 (and P-256 signing)",
    ),
    (
        "ed25519",
        "Ed25519 certificate and CertificateVerify signatures",
    ),
    (
        "rsa",
        "RSA PKCS#1 v1.5 and PSS signatures, 2048-4096 bits (brings `sha384`)",
    ),
    (
        "p384",
        "ECDSA P-384 signatures (the `p384` crate; brings `sha384`)",
    ),
];

const TARGET: &str = "thumbv7em-none-eabihf";
const PACKAGE: &str = "wren-board-cm4";
const BIN: &str = "cm4-client";

/// The report's section: a table of flash per added feature.
pub(crate) fn section(root: &Path, target_dir: &Path) -> Result<String, String> {
    let dir = target_dir.join("feature-costs");
    let base = build(root, &dir, None)?;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "## What the optional features cost (flash, application 1 on cm4)\n\n\
         Application 1's image (`{BIN}`: client role, ChaCha20-Poly1305, x25519, Wren's own \
         ECDSA P-256 verification, SHA-256 with sha2's compact backend, X.509) rebuilt with one \
         more `wren-tls` feature: `cargo build --release -p {PACKAGE} -p wren-tls --no-default-features \
         --features {PACKAGE}/certificates,wren-tls/FEATURE --target {TARGET} --bin {BIN}`. Flash as above. The image as shipped: \
         **{}** B.\n\n\
         | feature | adds | flash | difference |\n|---|---|---|---|",
        crate::firmware::group(base)
    );
    for (feature, what) in FEATURES {
        let flash = build(root, &dir, Some(feature))?;
        let diff = i128::from(flash) - i128::from(base);
        let _ = writeln!(
            s,
            "| `{feature}` | {what} | {} | {}{} |",
            crate::firmware::group(flash),
            if diff >= 0 { "+" } else { "-" },
            crate::firmware::group(diff.unsigned_abs() as u64)
        );
    }
    Ok(s)
}

/// Builds the image with `feature` added and returns its flash.
fn build(root: &Path, dir: &Path, feature: Option<&str>) -> Result<u64, String> {
    let mut args = vec![
        "build".to_string(),
        "--quiet".into(),
        "--release".into(),
        "-p".into(),
        PACKAGE.into(),
        "--target".into(),
        TARGET.into(),
        "--bin".into(),
        BIN.into(),
    ];
    if let Some(f) = feature {
        // Selecting wren-tls would turn on its default features: off for both packages, then
        // the board's own default back on.
        args.extend([
            "-p".into(),
            "wren-tls".into(),
            "--no-default-features".into(),
        ]);
        args.extend([
            "--features".into(),
            format!("{PACKAGE}/certificates,wren-tls/{f}"),
        ]);
    }
    eprintln!(
        "==> cargo {} (CARGO_TARGET_DIR={})",
        args.join(" "),
        dir.display()
    );
    let status = Command::new("cargo")
        .args(&args)
        .current_dir(root)
        .env("CARGO_TARGET_DIR", dir)
        .status()
        .map_err(|e| format!("cargo: {e}"))?;
    if !status.success() {
        return Err(format!("feature cost build failed: {feature:?}"));
    }
    crate::firmware::flash_of(&dir.join(TARGET).join("release").join(BIN))
}
