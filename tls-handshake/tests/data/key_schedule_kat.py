#!/usr/bin/env python3
"""Independent known answers for tests/known_answers.rs (Python 3 stdlib only: hmac, hashlib).

Run `python3 key_schedule_kat.py` and paste its output into known_answers.rs. The inputs from
RFC 8448 §3 are copied from the RFC text; everything else is defined here.
"""
import hashlib
import hmac

def hkdf_extract(h, salt, ikm):
    return hmac.new(salt, ikm, h).digest()

def hkdf_expand(h, prk, info, n):
    out, t, i = b"", b"", 1
    while len(out) < n:
        t = hmac.new(prk, t + info + bytes([i]), h).digest()
        out += t
        i += 1
    return out[:n]

def expand_label(h, secret, label, context, n):
    full = b"tls13 " + label
    info = n.to_bytes(2, "big") + bytes([len(full)]) + full + bytes([len(context)]) + context
    return hkdf_expand(h, secret, info, n)

def derive_secret(h, secret, label, transcript_hash):
    return expand_label(h, secret, label, transcript_hash, h().digest_size)

def exporter(h, secret, label, context, n):
    s = derive_secret(h, secret, label, h(b"").digest())
    return expand_label(h, s, b"exporter", h(context).digest(), n)

def show(name, b):
    print(f"{name} = {b.hex()}")

# KeyUpdate (RFC 8446 §7.2) from RFC 8448 §3's server_application_traffic_secret_0.
s_ap0 = bytes.fromhex("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643")
s_ap1 = expand_label(hashlib.sha256, s_ap0, b"traffic upd", b"", 32)
s_ap2 = expand_label(hashlib.sha256, s_ap1, b"traffic upd", b"", 32)
show("S_AP_1", s_ap1)
show("S_AP_2", s_ap2)
show("S_AP_1_KEY_AES128", expand_label(hashlib.sha256, s_ap1, b"key", b"", 16))
show("S_AP_1_IV", expand_label(hashlib.sha256, s_ap1, b"iv", b"", 12))

# Exporter (RFC 8446 §7.5) from RFC 8448 §3's exporter_master_secret.
exp = bytes.fromhex("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50")
show("EXPORT_EMPTY_CONTEXT_32", exporter(hashlib.sha256, exp, b"EXPERIMENTAL wren", b"", 32))
show("EXPORT_CONTEXT_64", exporter(hashlib.sha256, exp, b"EXPERIMENTAL wren", b"context", 64))

# A whole SHA-384 schedule (TLS_AES_256_GCM_SHA384), no PSK, with made-up inputs.
h = hashlib.sha384
zeros = bytes(48)
ecdhe = bytes(range(1, 33))
th_sh = h(b"ClientHello..ServerHello").digest()
th_sf = h(b"ClientHello..server Finished").digest()
th_cf = h(b"ClientHello..client Finished").digest()
early = hkdf_extract(h, zeros, zeros)
hs = hkdf_extract(h, derive_secret(h, early, b"derived", h(b"").digest()), ecdhe)
master = hkdf_extract(h, derive_secret(h, hs, b"derived", h(b"").digest()), zeros)
c_hs = derive_secret(h, hs, b"c hs traffic", th_sh)
s_ap = derive_secret(h, master, b"s ap traffic", th_sf)
rms = derive_secret(h, master, b"res master", th_cf)
show("SHA384_EARLY", early)
show("SHA384_HANDSHAKE", hs)
show("SHA384_MASTER", master)
show("SHA384_C_HS", c_hs)
show("SHA384_C_HS_KEY", expand_label(h, c_hs, b"key", b"", 32))
show("SHA384_C_HS_IV", expand_label(h, c_hs, b"iv", b"", 12))
fk = expand_label(h, c_hs, b"finished", b"", 48)
show("SHA384_C_FINISHED", hmac.new(fk, th_sf, h).digest())
show("SHA384_S_AP", s_ap)
show("SHA384_S_AP_NEXT", expand_label(h, s_ap, b"traffic upd", b"", 48))
show("SHA384_RES_MASTER", rms)
show("SHA384_PSK_NONCE_0001", expand_label(h, rms, b"resumption", b"\x00\x01", 48))
show("SHA384_EXPORT", exporter(h, derive_secret(h, master, b"exp master", th_sf), b"EXPERIMENTAL wren", b"", 48))
