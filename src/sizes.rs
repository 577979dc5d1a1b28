//! Buffer sizes, as named constants with their arithmetic (RFC 8446 §5.1, §5.2; RFC 6066 §4;
//! RFC 8449 §4).
//!
//! # Layout of the receive buffer `rx`
//! ```text
//! rx: | retained           | ciphertext not yet opened | free (rx_space)      |
//!     0        retained_end  rx_start          rx_end                rx.len()
//! ```
//! Records are framed and opened in place at `rx_start`. The *retained* region at the front is
//! either the handshake bytes being reassembled (a message may span records; the content of each
//! handshake record is moved down to the end of the region) or the decrypted application data
//! of the last record, which `recv` copies out and `peek` counts. The ciphertext is moved down
//! behind the retained region when more room is needed.
//!
//! So `rx` is two areas: **one record** of the largest size the peer may send, and the
//! **handshake reassembly area** in front of it, which holds the part of a handshake message
//! (a certificate chain) received so far while its next record arrives:
//!
//! ```text
//! rx.len() = record (limit + 5 header + 16 tag) + reassembly area
//! ```
//!
//! The peer is told the record part: the record_size_limit Wren advertises is
//! [`advertised_limit`] = min(2^14 + 1, [`crate::config::RecordSize`] + 1, rx.len() - 21),
//! so with a [`crate::config::RecordSize`] below what `rx` could hold, the rest of `rx` is the
//! reassembly area: a handshake message of up to `rx.len() - (limit + 21)` bytes arrives in
//! records of any size up to the limit. A message that cannot fit fails as soon as its header
//! is read, with `WREN_ERR_HANDSHAKE_MESSAGE_TOO_LARGE` naming the message's length and the
//! `rx` size that holds it (message + one record). A record that does not fit fails with
//! `WREN_ERR_RX_TOO_SMALL` naming the size that would have.
//!
//! # Layout of the transmit buffer `tx`
//! ```text
//! tx: | already written | pending records (tx_pending) | free              | alert reserve |
//!     0          tx_start                        tx_end            tx.len()-24    tx.len()
//! ```
//! Records are built and sealed in place at `tx_end` (content first at `tx_end + 5`, then header
//! and tag around it); handshake messages longer than a record are split into several records
//! in place. The last [`ALERT_RECORD_LEN`] bytes are kept free so a fatal alert can always be
//! queued behind whatever is pending. A whole handshake flight is sealed at once, so `tx` holds
//! it: a server's ServerHello .. Finished with its certificate chain ([`HANDSHAKE_FLIGHT`]).
//!
//! # Presets
//! [`PRESET_16K_HALF`] .. [`PRESET_512_FULL`]: `rx`, `tx` and the [`crate::config::RecordSize`]
//! to configure, for full, 4 KiB, 1 KiB and 512-byte records, half- or full-duplex:
//!
//! ```
//! use wren_tls::sizes::PRESET_512_FULL as P;
//! # use tls_crypto::{RustCrypto, TestRng};
//! # use wren_tls::{Config, Connection, RefCellRng};
//! # let rng = RefCellRng::new(TestRng::new([1; 32]));
//! let config = Config::new(&RustCrypto, &rng, &[]).with_record_size(P.record);
//! let conn = Connection::<'_, RustCrypto, { P.rx }, { P.tx }>::new_client(&config, Some("a.example"))?;
//! assert_eq!((P.rx, P.tx), (4630, 4302));
//! # Ok::<(), wren_tls::Error>(())
//! ```

use tls_codec::record::{HEADER_LEN, MAX_CIPHERTEXT_LEN, MAX_PLAINTEXT_LEN};
use tls_crypto::TAG_LEN;

use crate::config::RecordSize;
use tls_record::CHANGE_CIPHER_SPEC_RECORD;

/// The longest record RFC 8446 lets a peer send: header (5) + 2^14 + 256 = 16 645 bytes
/// (§5.2's bound on `TLSCiphertext.length`). Wren's AEADs add exactly a 16-byte tag, so the
/// longest protected record Wren accepts is [`MAX_RECORD_LEN`]; this is the conservative size
/// for buffers shared with other stacks.
pub const FULL_RECORD_LEN: usize = HEADER_LEN + MAX_CIPHERTEXT_LEN;

/// The longest record a TLS 1.3 peer can send with Wren's suites under the default limit:
/// header (5) + 2^14 content + content type (1) + tag (16) = 16 406 bytes. Longer records are
/// refused with `record_overflow` from their header.
pub const MAX_RECORD_LEN: usize = tls_record::MAX_PROTECTED_RECORD_LEN;

/// A protected alert record: header (5) + level and description (2) + content type (1) + tag
/// (16) = 24 bytes. Always kept free at the end of `tx`.
pub const ALERT_RECORD_LEN: usize = HEADER_LEN + 2 + 1 + TAG_LEN;

/// Smallest receive buffer: one record of the smallest size Wren negotiates, 512 bytes of
/// content: 5 (header) + 512 + 1 (content type) + 16 (tag) = 534. Checked at compile time for
/// [`crate::Connection`] and at run time for slices. It holds no reassembly area: handshake
/// messages larger than a record need more ([`rx_len`], the presets), and a peer that does not
/// honour small records needs [`MAX_RECORD_LEN`]; both fail with an error that names the size.
pub const MIN_RX: usize = RecordSize::B512.record_len();

/// Smallest transmit buffer: a ClientHello of up to 512 bytes in one record, plus the alert
/// reserve: 512 + 5 (header) + 1 + 16 (tag) + [`ALERT_RECORD_LEN`] = 558. A client with
/// 512-byte records needs no more (its other flight, Finished, is 64 bytes; application data
/// goes out a record at a time); a larger `tx` (1024 and up) lets small application writes
/// queue without a flush per record. A server's flight (its
/// certificate chain, CertificateVerify and Finished, sealed) must fit in `tx`; the
/// `WREN_ERR_TX_TOO_SMALL` error names the size needed. A client resuming a session sends its
/// ticket (up to [`tls_psk::MAX_TICKET_LEN`] = 1024 bytes) in the ClientHello: give it at
/// least 2048 bytes of `tx`, plus the 0-RTT data it wants to queue behind the ClientHello.
pub const MIN_TX: usize = ALERT_RECORD_LEN + 512 + HEADER_LEN + 1 + TAG_LEN;

/// Recommended receive and transmit sizes for full 2^14-byte records: one maximal record plus
/// room for the part of a handshake message that spills over a record boundary or a small
/// certificate chain: 16 645 + 64 = 16 709 bytes.
pub const FULL_RECORD_BUFFER: usize = FULL_RECORD_LEN + 64;

/// The most application data one record carries under the default limit: 2^14 bytes.
pub const MAX_FRAGMENT_LEN: usize = MAX_PLAINTEXT_LEN;

const _: () = assert!(MIN_TX == 558);
const _: () = assert!(MIN_RX == 534);

/// Bytes of application data per record when sending small records (low latency, dynamic
/// record sizing): one record fits one 1500-byte Ethernet frame with room for the worst
/// common headers:
///
/// ```text
/// 1500 (Ethernet MTU) - 40 (IPv6 header; IPv4's 20 leaves margin) - 20 (TCP header)
///      - 20 (TCP options: timestamps 10 + padding, SACK room) - 22 (TLS: header 5,
///        content type 1, tag 16) = 1398
/// ```
pub const SMALL_RECORD_CONTENT: usize = ETHERNET_MTU - 40 - 20 - 20 - tls_record::SEAL_OVERHEAD;

/// The standard Ethernet payload size.
pub const ETHERNET_MTU: usize = 1500;
const _: () = assert!(SMALL_RECORD_CONTENT == 1398);

/// The handshake reassembly area of the presets: 4 KiB, enough for a certificate chain of
/// up to about 4 KiB (a P-256 leaf and intermediate are about 1.2 KiB; two RSA-2048
/// certificates about 2.5 KiB) arriving in records of any size.
pub const HANDSHAKE_REASSEMBLY: usize = 4096;

/// The handshake flight the presets' `tx` holds: 4 KiB of handshake messages (a server's
/// ServerHello, EncryptedExtensions, a 2-4 KiB chain, CertificateVerify and Finished; a
/// client's ClientHello with a 1 KiB ticket is smaller).
pub const HANDSHAKE_FLIGHT: usize = 4096;

/// The record_size_limit (TLSInnerPlaintext bytes: content + content type) Wren advertises for
/// a receive buffer of `rx_len` bytes, a wanted [`RecordSize`] and an optional cap:
///
/// ```text
/// min(2^14 + 1,                     RFC 8446 §5.4 / RFC 8449 §4 maximum
///     size + 1,                     the record size asked for, plus its content type
///     rx_len - 5 - 16,              the largest record rx holds: header and tag around it
///     cap)                          Config::with_record_size_limit
/// ```
/// The rest of `rx`, `rx_len - (limit + 21)`, is the handshake reassembly area. Never below
/// 64 (RFC 8449 §4).
#[must_use]
pub const fn advertised_limit(rx_len: usize, size: RecordSize, cap: Option<u16>) -> usize {
    let mut l = MAX_PLAINTEXT_LEN + 1;
    let s = size.content_len().saturating_add(1);
    if s < l {
        l = s;
    }
    let r = rx_len.saturating_sub(HEADER_LEN + TAG_LEN);
    if r < l {
        l = r;
    }
    if let Some(c) = cap {
        if (c as usize) < l {
            l = c as usize;
        }
    }
    if l < 64 {
        64
    } else {
        l
    }
}

/// A receive buffer for records of `size` with a handshake reassembly area of `reassembly`
/// bytes: `size + 22 + reassembly`.
#[must_use]
pub const fn rx_len(size: RecordSize, reassembly: usize) -> usize {
    size.record_len().saturating_add(reassembly)
}

/// Whether a connection sends one record at a time or keeps one draining while it seals the
/// next.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplex {
    /// One record in `tx` at a time (request / response protocols).
    Half,
    /// Two records: one being written to the transport while the next is sealed.
    Full,
}

/// A transmit buffer for records of `size`: the larger of [`HANDSHAKE_FLIGHT`] sealed in such
/// records (4096 + 22 per record + 6 for change_cipher_spec) and one (half-duplex) or two
/// (full-duplex) records of `size`, plus the [`ALERT_RECORD_LEN`] reserve.
#[must_use]
pub const fn tx_len(size: RecordSize, duplex: Duplex) -> usize {
    let c = size.content_len();
    let flight = HANDSHAKE_FLIGHT
        .saturating_add(
            HANDSHAKE_FLIGHT
                .div_ceil(c)
                .saturating_mul(tls_record::SEAL_OVERHEAD),
        )
        .saturating_add(CHANGE_CIPHER_SPEC_RECORD.len());
    let records = match duplex {
        Duplex::Half => size.record_len(),
        Duplex::Full => size.record_len().saturating_mul(2),
    };
    let body = if flight > records { flight } else { records };
    body.saturating_add(ALERT_RECORD_LEN)
}

/// Buffer sizes and the [`RecordSize`] to configure with them
/// ([`crate::Config::with_record_size`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// The record size to configure.
    pub record: RecordSize,
    /// The receive buffer: [`rx_len`]`(record, HANDSHAKE_REASSEMBLY)`.
    pub rx: usize,
    /// The transmit buffer: [`tx_len`]`(record, duplex)`.
    pub tx: usize,
}

/// Builds a preset.
#[must_use]
pub const fn preset(record: RecordSize, duplex: Duplex) -> Preset {
    Preset {
        record,
        rx: rx_len(record, HANDSHAKE_REASSEMBLY),
        tx: tx_len(record, duplex),
    }
}

/// Full records, half-duplex: rx 16 406 + 4096 = 20 502; tx 16 406 + 24 = 16 430.
pub const PRESET_16K_HALF: Preset = preset(RecordSize::FULL, Duplex::Half);
/// Full records, full-duplex: rx 20 502; tx 2 x 16 406 + 24 = 32 836.
pub const PRESET_16K_FULL: Preset = preset(RecordSize::FULL, Duplex::Full);
/// 4 KiB records, half-duplex: rx 4118 + 4096 = 8214; tx max(4096 + 22 + 6, 4118) + 24 =
/// 4148.
pub const PRESET_4K_HALF: Preset = preset(RecordSize::K4, Duplex::Half);
/// 4 KiB records, full-duplex: rx 8214; tx 2 x 4118 + 24 = 8260.
pub const PRESET_4K_FULL: Preset = preset(RecordSize::K4, Duplex::Full);
/// 1 KiB records, half-duplex: rx 1046 + 4096 = 5142; tx 4096 + 4 x 22 + 6 + 24 = 4214.
pub const PRESET_1K_HALF: Preset = preset(RecordSize::K1, Duplex::Half);
/// 1 KiB records, full-duplex: the same (the flight is larger than two records): rx 5142,
/// tx 4214.
pub const PRESET_1K_FULL: Preset = preset(RecordSize::K1, Duplex::Full);
/// 512-byte records, half-duplex: rx 534 + 4096 = 4630; tx 4096 + 8 x 22 + 6 + 24 = 4302.
pub const PRESET_512_HALF: Preset = preset(RecordSize::B512, Duplex::Half);
/// 512-byte records, full-duplex: the same as half-duplex (rx 4630, tx 4302).
pub const PRESET_512_FULL: Preset = preset(RecordSize::B512, Duplex::Full);

const _: () = {
    assert!(PRESET_16K_HALF.rx == 20_502 && PRESET_16K_HALF.tx == 16_430);
    assert!(PRESET_16K_FULL.tx == 32_836);
    assert!(PRESET_4K_HALF.rx == 8214 && PRESET_4K_HALF.tx == 4148);
    assert!(PRESET_4K_FULL.tx == 8260);
    assert!(PRESET_1K_HALF.rx == 5142 && PRESET_1K_HALF.tx == 4214);
    assert!(PRESET_512_HALF.rx == 4630 && PRESET_512_HALF.tx == 4302);
    assert!(PRESET_512_FULL.tx == 4302);
};
