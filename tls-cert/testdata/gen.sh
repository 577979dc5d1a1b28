#!/bin/sh
# Generates the test PKI of tls-cert with OpenSSL 3 (3.0 or later). TEST KEYS ONLY.
#
# The output is committed so tests need no OpenSSL at run time. Keys and ECDSA signatures are
# random, so a re-run produces different bytes (and the expected values in tests that pin them
# must follow); names, serial numbers, extensions and validity periods are fixed here.
#
#   ./gen.sh            # from anywhere; writes into this script's directory
#
# Validity: 2024-01-01 to 2124-01-01 so the committed files do not expire; the `expired` leaf
# is dated 2000-2001. Tests pass a fixed `now`.
set -eu
cd "$(dirname "$0")"
OUT=$PWD
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

START=20240101000000Z
END=21240101000000Z

cat > "$WORK/ca.cnf" <<CNF
[ ca ]
default_ca = test_ca
[ test_ca ]
database = $WORK/index.txt
new_certs_dir = $WORK
serial = $WORK/serial
policy = policy_any
unique_subject = no
default_md = sha256
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
CNF

cat > "$WORK/ext.cnf" <<CNF
[ root ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_pathlen0 ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
[ not_ca ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyCertSign, digitalSignature
[ ca_no_certsign ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, cRLSign
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth
subjectAltName = DNS:server.wren.test, DNS:*.wild.wren.test, IP:127.0.0.1, IP:::1
authorityKeyIdentifier = keyid
[ server_rsa ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:server.wren.test, DNS:*.wild.wren.test, IP:127.0.0.1, IP:::1
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectAltName = DNS:client.wren.test
[ critical_unknown ]
basicConstraints = critical, CA:FALSE
subjectAltName = DNS:server.wren.test
1.3.6.1.4.1.55555.1 = critical, ASN1:UTF8String:must be understood
CNF

: > "$WORK/index.txt"
echo 1000 > "$WORK/serial"

# key NAME TYPE: a private key in NAME.key.pem (PKCS#8).
key() {
    case $2 in
        p256) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key.pem" ;;
        p384) openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1.key.pem" ;;
        ed25519) openssl genpkey -algorithm ED25519 -out "$1.key.pem" ;;
        rsa2048) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1.key.pem" 2>/dev/null ;;
        rsa3072) openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 -out "$1.key.pem" 2>/dev/null ;;
    esac
}

# cert NAME CN ISSUER EXT [START END [openssl ca options...]]: NAME.der and NAME.pem, issued
# by ISSUER (ISSUER.pem + ISSUER.key.pem), or self-signed when ISSUER is "self".
cert() {
    name=$1 cn=$2 issuer=$3 ext=$4
    s=${5:-$START} e=${6:-$END}
    shift 4; [ $# -ge 2 ] && shift 2
    openssl req -new -config "$WORK/ca.cnf" -key "$name.key.pem" -subj "/O=Wren test PKI/CN=$cn" \
        -out "$WORK/$name.csr"
    if [ "$issuer" = self ]; then
        set -- -selfsign -keyfile "$name.key.pem" "$@"
    else
        set -- -cert "$issuer.pem" -keyfile "$issuer.key.pem" "$@"
    fi
    openssl ca -batch -notext -config "$WORK/ca.cnf" -preserveDN -startdate "$s" -enddate "$e" \
        -extfile "$WORK/ext.cnf" -extensions "$ext" -in "$WORK/$name.csr" -out "$name.pem" "$@" \
        2> "$WORK/ca.log" || { cat "$WORK/ca.log"; exit 1; }
    openssl x509 -in "$name.pem" -outform DER -out "$name.der"
}

# Trust anchors and intermediates.
key root-ca p256;        cert root-ca "Wren Test Root CA" self root
key other-root-ca p256;  cert other-root-ca "Wren Other Root CA" self root
key int-ca p256;         cert int-ca "Wren Test Intermediate CA" root-ca ca
key int2-ca p256;        cert int2-ca "Wren Test Second Intermediate CA" int-ca ca
key int-ed25519-ca ed25519; cert int-ed25519-ca "Wren Test Ed25519 CA" root-ca ca
key int-rsa-ca rsa3072;  cert int-rsa-ca "Wren Test RSA CA" root-ca ca
key int-p384-ca p384;    cert int-p384-ca "Wren Test P-384 CA" root-ca ca "" "" -md sha256
key int-pathlen0-ca p256; cert int-pathlen0-ca "Wren Test pathlen 0 CA" root-ca ca_pathlen0
key int-under-pathlen0-ca p256
cert int-under-pathlen0-ca "Wren Test CA under pathlen 0" int-pathlen0-ca ca
key int-not-ca p256;     cert int-not-ca "Wren Test Not A CA" root-ca not_ca
key int-no-certsign-ca p256; cert int-no-certsign-ca "Wren Test CA without keyCertSign" root-ca ca_no_certsign

# Positive leaves.
key leaf-direct p256;    cert leaf-direct server.wren.test root-ca server
key leaf-p256 p256;      cert leaf-p256 server.wren.test int-ca server
key leaf-two-int p256;   cert leaf-two-int server.wren.test int2-ca server
key leaf-ed25519 ed25519; cert leaf-ed25519 server.wren.test int-ed25519-ca server
key leaf-rsa2048 rsa2048; cert leaf-rsa2048 server.wren.test int-ca server_rsa
key leaf-rsa-pss rsa2048
cert leaf-rsa-pss server.wren.test int-rsa-ca server_rsa "" "" -md sha256 \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha256
key leaf-rsa-pss384 rsa2048
cert leaf-rsa-pss384 server.wren.test int-rsa-ca server_rsa "" "" -md sha384 \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest -sigopt rsa_mgf1_md:sha384
key leaf-rsa-pkcs1-384 rsa2048
cert leaf-rsa-pkcs1-384 server.wren.test int-rsa-ca server_rsa "" "" -md sha384
key leaf-p384 p384;      cert leaf-p384 server.wren.test int-p384-ca server "" "" -md sha384
key client-p256 p256;    cert client-p256 client.wren.test int-ca client

# Negative cases.
key leaf-unknown-issuer p256; cert leaf-unknown-issuer server.wren.test other-root-ca server
key leaf-under-not-ca p256;   cert leaf-under-not-ca server.wren.test int-not-ca server
key leaf-pathlen p256;        cert leaf-pathlen server.wren.test int-under-pathlen0-ca server
key leaf-under-no-certsign p256; cert leaf-under-no-certsign server.wren.test int-no-certsign-ca server
key leaf-expired p256
cert leaf-expired server.wren.test int-ca server 20000101000000Z 20010101000000Z
key leaf-critical-unknown p256; cert leaf-critical-unknown server.wren.test int-ca critical_unknown

# Bad signature: leaf-p256 with the last byte of its signature flipped (still valid DER).
len=$(wc -c < leaf-p256.der)
last=$(tail -c 1 leaf-p256.der | od -An -tu1 | tr -d ' ')
head -c $((len - 1)) leaf-p256.der > leaf-bad-signature.der
printf "$(printf '\\%03o' $((last ^ 1)))" >> leaf-bad-signature.der

# Raw private keys for the handshake tests: P-256 scalars and Ed25519 seeds (32 bytes).
for k in leaf-p256 leaf-direct leaf-two-int client-p256; do
    openssl ec -in "$k.key.pem" -outform DER 2>/dev/null | dd bs=1 skip=7 count=32 status=none > "$k.key.raw"
done
openssl pkey -in leaf-ed25519.key.pem -outform DER | tail -c 32 > leaf-ed25519.key.raw

# A signature over a fixed message by the RSA leaf keys, for tls-crypto's RSA tests.
printf 'Wren RSA test message\n' > rsa-message.txt
for k in leaf-rsa2048; do
    openssl pkey -in "$k.key.pem" -pubout -outform DER | openssl rsa -pubin -inform DER -RSAPublicKey_out -outform DER -out "$k.rsapub.der" 2>/dev/null
    openssl dgst -sha256 -sign "$k.key.pem" -out "$k.pkcs1-sha256.sig" rsa-message.txt
    openssl dgst -sha384 -sign "$k.key.pem" -out "$k.pkcs1-sha384.sig" rsa-message.txt
    openssl dgst -sha256 -sign "$k.key.pem" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
        -out "$k.pss-sha256.sig" rsa-message.txt
    openssl dgst -sha384 -sign "$k.key.pem" -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest \
        -out "$k.pss-sha384.sig" rsa-message.txt
done
echo "test PKI written to $OUT"
