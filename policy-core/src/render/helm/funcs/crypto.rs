//! sprig's crypto functions: `bcrypt`, `htpasswd`, `derivePassword`, `encryptAES`,
//! `decryptAES`, `genPrivateKey`, `buildCustomCert` and the `genCA`/`genSelfSignedCert`/
//! `genSignedCert` families (and their `…WithKey` forms).
//!
//! They follow sprig v3.3's `crypto.go` and Go's `crypto/x509` as Helm v4 runs them: the same
//! PEM block types, key sizes, certificate fields and extensions (in Go's order and encoding).
//!
//! **Deterministic, hence not secret.** Every random byte (bcrypt salts, AES IVs, key
//! generation, certificate serial numbers) comes from the render's seeded generator
//! ([`FuncState::next_u64`] seeding a ChaCha20 stream per call), and certificates are valid from
//! the fixed `now` ([`FIXED_NOW`], 2025-01-01T00:00:00Z). The keys and certificates are real and
//! valid, but anyone can derive them from the chart: fine for checking manifests, never for
//! deploying.
//!
//! Differences from sprig:
//! - Output is reproducible: the same chart gives the same keys, hashes and ciphertexts on
//!   every run (sprig's differ per run). ECDSA signatures are deterministic (RFC 6979).
//! - `genPrivateKey "dsa"` fails ("dsa keys are not supported"); the `…WithKey` functions take
//!   RSA, ECDSA P-256 and Ed25519 keys (Go also takes DSA and the P-224/384/521 curves).
//! - Negative `days` fail (Go builds a certificate that expired before it started), and so do
//!   validity ends past the year 9999 (Go's duration arithmetic overflows first).
//! - `decryptAES` fails on malformed input (Go panics, which Helm reports as an error too) and
//!   replaces bytes that are not UTF-8 in the plaintext.
//! - The subject key identifier of a CA is the truncated SHA-256 of its public key (Go 1.25's
//!   default; older Go used SHA-1).

use std::net::IpAddr;
use std::sync::Arc;

use aes::cipher::{Block, BlockCipherDecrypt, BlockCipherEncrypt, KeyInit};
use aes::Aes256;
use chrono::{DateTime, Datelike};
use data_encoding::BASE64;
use hmac::{Hmac, Mac};
use p256::elliptic_curve::Generate;
use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::pkcs8::{DecodePrivateKey, EncodePublicKey};
use rsa::sha2::{Digest, Sha256};
use rsa::signature::{SignatureEncoding, Signer};
use rsa::PrivateKey as RsaPrivateKey;
use x509_cert::der::asn1::OctetString;
use x509_cert::der::{Decode, Encode};

use super::super::value::{Object, Value};
use super::conv::*;
use super::date::FIXED_NOW;
use super::FuncState;

type R = Result<Value, String>;

/// RSA key size of `genPrivateKey` (sprig's).
const RSA_PRIVATE_KEY_BITS: usize = 4096;
/// RSA key size of the keys `genCA`, `genSelfSignedCert` and `genSignedCert` generate (sprig's).
const RSA_CERT_KEY_BITS: usize = 2048;
/// golang.org/x/crypto/bcrypt's `DefaultCost`.
const BCRYPT_COST: u32 = 10;

/// A fresh ChaCha20 stream seeded from the render's generator: every random byte of one call.
fn rng(st: &mut FuncState) -> ChaCha20Rng {
    let mut seed = [0u8; 32];
    for c in seed.chunks_exact_mut(8) {
        c.copy_from_slice(&st.next_u64().to_le_bytes());
    }
    ChaCha20Rng::from_seed(seed)
}

// bcrypt --------------------------------------------------------------------------------------

/// sprig's `bcrypt`: the `$2a$10$…` hash, or sprig's message when hashing fails.
fn bcrypt_hash(st: &mut FuncState, pass: &[u8]) -> String {
    if pass.len() > 72 {
        // golang.org/x/crypto/bcrypt's ErrPasswordTooLong, printed as sprig prints errors.
        return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes"
            .into();
    }
    let mut salt = [0u8; 16];
    rng(st).fill_bytes(&mut salt);
    match bcrypt::hash_with_salt(pass, BCRYPT_COST, salt) {
        Ok(h) => h.format_for_version(bcrypt::Version::TwoA),
        Err(e) => format!("failed to encrypt string with bcrypt: {e}"),
    }
}

/// `bcrypt PASS`.
pub fn bcrypt(st: &mut FuncState, a: &[Value]) -> R {
    arity("bcrypt", a, 1)?;
    let p = arg_str(a, 0)?;
    Ok(Value::str(bcrypt_hash(st, p.text.as_bytes())))
}

/// `htpasswd USER PASS`: `USER:` and the bcrypt hash (sprig v3.3 has no hash-algorithm
/// argument).
pub fn htpasswd(st: &mut FuncState, a: &[Value]) -> R {
    arity("htpasswd", a, 2)?;
    let user = arg_str(a, 0)?;
    let pass = arg_str(a, 1)?;
    if user.text.contains(':') {
        return Ok(Value::str(format!("invalid username: {}", user.text)));
    }
    let h = bcrypt_hash(st, pass.text.as_bytes());
    Ok(Value::str(format!("{}:{h}", user.text)))
}

// derivePassword ------------------------------------------------------------------------------

const MASTER_PASSWORD_SEED: &[u8] = b"com.lyndir.masterpassword";

fn password_templates(ty: &str) -> Option<&'static [&'static str]> {
    Some(match ty {
        "maximum" => &["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
        "long" => &[
            "CvcvnoCvcvCvcv",
            "CvcvCvcvnoCvcv",
            "CvcvCvcvCvcvno",
            "CvccnoCvcvCvcv",
            "CvccCvcvnoCvcv",
            "CvccCvcvCvcvno",
            "CvcvnoCvccCvcv",
            "CvcvCvccnoCvcv",
            "CvcvCvccCvcvno",
            "CvcvnoCvcvCvcc",
            "CvcvCvcvnoCvcc",
            "CvcvCvcvCvccno",
            "CvccnoCvccCvcv",
            "CvccCvccnoCvcv",
            "CvccCvccCvcvno",
            "CvcvnoCvccCvcc",
            "CvcvCvccnoCvcc",
            "CvcvCvccCvccno",
            "CvccnoCvcvCvcc",
            "CvccCvcvnoCvcc",
            "CvccCvcvCvccno",
        ],
        "medium" => &["CvcnoCvc", "CvcCvcno"],
        "short" => &["Cvcn"],
        "basic" => &["aaanaaan", "aannaaan", "aaannaaa"],
        "pin" => &["nnnn"],
        _ => return None,
    })
}

fn template_chars(c: u8) -> &'static [u8] {
    match c {
        b'V' => b"AEIOU",
        b'C' => b"BCDFGHJKLMNPQRSTVWXYZ",
        b'v' => b"aeiou",
        b'c' => b"bcdfghjklmnpqrstvwxyz",
        b'A' => b"AEIOUBCDFGHJKLMNPQRSTVWXYZ",
        b'a' => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
        b'n' => b"0123456789",
        b'o' => b"@&%?,=[]_:-+*$#!'^~;()/.",
        _ => b"AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
    }
}

/// `derivePassword COUNTER TYPE PASSWORD USER SITE`: the Master Password algorithm (scrypt of
/// the password salted with the user, HMAC-SHA256 of the site and counter, a template of the
/// type filled from the HMAC). Deterministic by design.
pub fn derive_password(_: &mut FuncState, a: &[Value]) -> R {
    arity("derivePassword", a, 5)?;
    let counter = arg_int(a, 0)?;
    let counter = u32::try_from(counter)
        .map_err(|_| format!("derivePassword: counter {counter} overflows uint32"))?;
    let ty = arg_str(a, 1)?;
    let password = arg_str(a, 2)?;
    let user = arg_str(a, 3)?;
    let site = arg_str(a, 4)?;
    let Some(templates) = password_templates(&ty.text) else {
        return Ok(Value::str(format!(
            "cannot find password template {}",
            ty.text
        )));
    };
    let len32 = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX).to_be_bytes();

    let mut salt = MASTER_PASSWORD_SEED.to_vec();
    salt.extend_from_slice(&len32(&user.text));
    salt.extend_from_slice(user.text.as_bytes());
    let params =
        scrypt::Params::new(15, 8, 2).map_err(|e| format!("failed to derive password: {e}"))?;
    let mut key = [0u8; 64];
    scrypt::scrypt(password.text.as_bytes(), &salt, &params, &mut key)
        .map_err(|e| format!("failed to derive password: {e}"))?;

    let mut msg = MASTER_PASSWORD_SEED.to_vec();
    msg.extend_from_slice(&len32(&site.text));
    msg.extend_from_slice(site.text.as_bytes());
    msg.extend_from_slice(&counter.to_be_bytes());
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&key)
        .map_err(|e| format!("failed to derive password: {e}"))?;
    mac.update(&msg);
    let seed = mac.finalize().into_bytes();

    let temp = templates[usize::from(seed[0]) % templates.len()];
    let out: String = temp
        .bytes()
        .enumerate()
        .map(|(i, c)| {
            let chars = template_chars(c);
            char::from(chars[usize::from(seed[i + 1]) % chars.len()])
        })
        .collect();
    Ok(Value::str(out))
}

// AES -----------------------------------------------------------------------------------------

/// sprig's AES-256 key: the password's first 32 bytes, zero-padded.
fn aes_cipher(password: &str) -> Result<Aes256, String> {
    let mut key = [0u8; 32];
    let n = password.len().min(32);
    key[..n].copy_from_slice(&password.as_bytes()[..n]);
    Aes256::new_from_slice(&key).map_err(|e| e.to_string())
}

/// `encryptAES PASSWORD TEXT`: AES-256-CBC with PKCS#7 padding, a random IV before the
/// ciphertext, base64. "" for "".
pub fn encrypt_aes(st: &mut FuncState, a: &[Value]) -> R {
    arity("encryptAES", a, 2)?;
    let password = arg_str(a, 0)?;
    let text = arg_str(a, 1)?;
    if text.text.is_empty() {
        return Ok(Value::str(""));
    }
    let cipher = aes_cipher(&password.text)?;
    let mut data = text.text.as_bytes().to_vec();
    let pad = 16 - data.len() % 16;
    data.resize(data.len() + pad, pad as u8);
    let mut iv = [0u8; 16];
    rng(st).fill_bytes(&mut iv);
    let mut out = Vec::with_capacity(16 + data.len());
    out.extend_from_slice(&iv);
    let mut prev = iv;
    for chunk in data.chunks_exact(16) {
        let mut b = [0u8; 16];
        for (j, x) in b.iter_mut().enumerate() {
            *x = chunk[j] ^ prev[j];
        }
        let mut blk = Block::<Aes256>::from(b);
        cipher.encrypt_block(&mut blk);
        prev.copy_from_slice(&blk);
        out.extend_from_slice(&blk);
    }
    Ok(Value::str(BASE64.encode(&out)))
}

/// `decryptAES PASSWORD B64`: the inverse of `encryptAES` ("" for ""). The padding is stripped
/// as sprig does, by the count in the last byte, without checking it.
pub fn decrypt_aes(_: &mut FuncState, a: &[Value]) -> R {
    arity("decryptAES", a, 2)?;
    let password = arg_str(a, 0)?;
    let b64 = arg_str(a, 1)?;
    if b64.text.is_empty() {
        return Ok(Value::str(""));
    }
    let crypt = go_b64_decode(&b64.text)?;
    if crypt.len() < 16 {
        return Err("decryptAES: ciphertext too short: no IV".into());
    }
    let (iv, body) = crypt.split_at(16);
    if body.is_empty() || body.len() % 16 != 0 {
        return Err("decryptAES: crypto/cipher: input not full blocks".into());
    }
    let cipher = aes_cipher(&password.text)?;
    let mut out = Vec::with_capacity(body.len());
    let mut prev: &[u8] = iv;
    for chunk in body.chunks_exact(16) {
        let mut blk = Block::<Aes256>::try_from(chunk).map_err(|_| "decryptAES: bad block")?;
        cipher.decrypt_block(&mut blk);
        out.extend(blk.iter().zip(prev).map(|(x, p)| x ^ p));
        prev = chunk;
    }
    let pad = usize::from(out[out.len() - 1]);
    if pad > out.len() {
        return Err(format!(
            "decryptAES: bad padding: {pad} bytes of {} (wrong key?)",
            out.len()
        ));
    }
    out.truncate(out.len() - pad);
    Ok(Value::str(String::from_utf8_lossy(&out).into_owned()))
}

/// Go's `base64.StdEncoding.DecodeString` (which skips line breaks).
fn go_b64_decode(s: &str) -> Result<Vec<u8>, String> {
    let clean: Vec<u8> = s.bytes().filter(|b| *b != b'\r' && *b != b'\n').collect();
    BASE64
        .decode(&clean)
        .map_err(|e| format!("illegal base64 data at input byte {}", e.position))
}

// keys ----------------------------------------------------------------------------------------

/// A private key of a type these functions can use.
enum Key {
    Rsa(Box<RsaPrivateKey>),
    Ec(Box<p256::SecretKey>),
    Ed(Box<ed25519_dalek::SigningKey>),
}

/// DER prefix of Go's PKCS#8 encoding of an Ed25519 key (version 0, no public key), followed
/// by the 32-byte seed.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

impl Key {
    fn rsa(rng: &mut ChaCha20Rng, bits: usize) -> Result<Key, String> {
        RsaPrivateKey::new(rng, bits)
            .map(|k| Key::Rsa(Box::new(k)))
            .map_err(|e| format!("error generating rsa key: {e}"))
    }

    /// The PEM block sprig writes (`pemBlockForKey`): PKCS#1, SEC 1 or PKCS#8.
    fn to_pem(&self) -> Result<String, String> {
        let err = |e: &dyn std::fmt::Display| format!("error pem-encoding key: {e}");
        Ok(match self {
            Key::Rsa(k) => pem(
                "RSA PRIVATE KEY",
                k.to_pkcs1_der().map_err(|e| err(&e))?.as_bytes(),
            ),
            Key::Ec(k) => pem("EC PRIVATE KEY", &k.to_sec1_der().map_err(|e| err(&e))?),
            Key::Ed(k) => {
                let mut der = ED25519_PKCS8_PREFIX.to_vec();
                der.extend_from_slice(&k.to_bytes());
                pem("PRIVATE KEY", &der)
            }
        })
    }

    /// The DER `SubjectPublicKeyInfo` of the public half.
    fn spki(&self) -> Result<Vec<u8>, String> {
        let doc = match self {
            Key::Rsa(k) => k.to_public_key().to_public_key_der(),
            Key::Ec(k) => k.public_key().to_public_key_der(),
            Key::Ed(k) => k.verifying_key().to_public_key_der(),
        };
        doc.map(|d| d.as_bytes().to_vec())
            .map_err(|e| format!("error retrieving public key from signee key: {e}"))
    }

    /// The DER `AlgorithmIdentifier` Go signs certificates with for this key.
    fn signature_algorithm(&self) -> &'static [u8] {
        match self {
            // sha256WithRSAEncryption, NULL parameters
            Key::Rsa(_) => &[
                0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b, 0x05,
                0x00,
            ],
            // ecdsa-with-SHA256
            Key::Ec(_) => &[
                0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02,
            ],
            // Ed25519
            Key::Ed(_) => &[0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70],
        }
    }

    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, String> {
        let err = |e: &dyn std::fmt::Display| format!("error creating certificate: {e}");
        Ok(match self {
            Key::Rsa(k) => rsa::pkcs1v15::SigningKey::<Sha256>::new((**k).clone())
                .try_sign(msg)
                .map_err(|e| err(&e))?
                .to_vec(),
            Key::Ec(k) => {
                let sig: p256::ecdsa::Signature = p256::ecdsa::SigningKey::from(&**k)
                    .try_sign(msg)
                    .map_err(|e| err(&e))?;
                sig.to_der().as_bytes().to_vec()
            }
            Key::Ed(k) => k.try_sign(msg).map_err(|e| err(&e))?.to_bytes().to_vec(),
        })
    }
}

/// sprig's `parsePrivateKeyPEM`.
fn parse_private_key(text: &str) -> Result<Key, String> {
    let (ty, der) = pem_decode(text).ok_or("no PEM data in input")?;
    if ty == "PRIVATE KEY" {
        return parse_pkcs8(&der).map_err(|e| format!("decoding PEM as PKCS#8: {e}"));
    }
    let Some(kind) = ty.strip_suffix(" PRIVATE KEY") else {
        return Err(format!("no private key data in PEM block of type {ty}"));
    };
    match kind {
        "RSA" => RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| Key::Rsa(Box::new(k)))
            .map_err(|e| format!("parsing RSA private key from PEM: {e}")),
        "EC" => p256::SecretKey::from_sec1_der(&der)
            .map(|k| Key::Ec(Box::new(k)))
            .map_err(|e| {
                format!("parsing EC private key from PEM: {e} (only P-256 keys are supported)")
            }),
        "DSA" => Err("dsa keys are not supported".into()),
        _ => Err(format!("invalid private key type {ty}")),
    }
}

fn parse_pkcs8(der: &[u8]) -> Result<Key, String> {
    if let Ok(k) = RsaPrivateKey::from_pkcs8_der(der) {
        return Ok(Key::Rsa(Box::new(k)));
    }
    if let Ok(k) = p256::SecretKey::from_pkcs8_der(der) {
        return Ok(Key::Ec(Box::new(k)));
    }
    match ed25519_dalek::SigningKey::from_pkcs8_der(der) {
        Ok(k) => Ok(Key::Ed(Box::new(k))),
        Err(_) => {
            Err("not an RSA, ECDSA P-256 or Ed25519 key (the only kinds supported here)".into())
        }
    }
}

/// `genPrivateKey TYPE`: a PEM private key ("rsa" or "": RSA 4096 PKCS#1; "ecdsa": P-256 SEC 1;
/// "ed25519": PKCS#8).
pub fn gen_private_key(st: &mut FuncState, a: &[Value]) -> R {
    arity("genPrivateKey", a, 1)?;
    let ty = arg_str(a, 0)?;
    let key = match &*ty.text {
        "" | "rsa" => Key::rsa(&mut rng(st), RSA_PRIVATE_KEY_BITS)
            .map_err(|e| e.replace("error generating rsa key", "failed to generate private key"))?,
        "ecdsa" => Key::Ec(Box::new(p256::SecretKey::generate_from_rng(&mut rng(st)))),
        "ed25519" => {
            let mut seed = [0u8; 32];
            rng(st).fill_bytes(&mut seed);
            Key::Ed(Box::new(ed25519_dalek::SigningKey::from_bytes(&seed)))
        }
        "dsa" => return Err("dsa keys are not supported".into()),
        other => return Ok(Value::str(format!("Unknown type {other}"))),
    };
    Ok(Value::str(key.to_pem()?))
}

// PEM and DER ---------------------------------------------------------------------------------

/// Go's `pem.EncodeToMemory` of a block without headers.
fn pem(label: &str, der: &[u8]) -> String {
    let b64 = BASE64.encode(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for line in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(line).unwrap_or_default());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

/// The first PEM block of `s` (Go's `pem.Decode`): its type and bytes.
fn pem_decode(s: &str) -> Option<(String, Vec<u8>)> {
    let mut rest = s;
    loop {
        let i = rest.find("-----BEGIN ")?;
        let at_line_start = i == 0 || rest[..i].ends_with('\n');
        let after = &rest[i + 11..];
        rest = after;
        if !at_line_start {
            continue;
        }
        let eol = after.find('\n').unwrap_or(after.len());
        let Some(ty) = after[..eol]
            .trim_end_matches([' ', '\t', '\r'])
            .strip_suffix("-----")
        else {
            continue;
        };
        let body = after.get(eol + 1..).unwrap_or("");
        let Some(j) = body.find(&format!("-----END {ty}-----")) else {
            continue;
        };
        let b64: Vec<u8> = body[..j]
            .lines()
            .filter(|l| !l.contains(':'))
            .flat_map(|l| l.bytes())
            .filter(|b| !b.is_ascii_whitespace())
            .collect();
        if let Ok(der) = BASE64.decode(&b64) {
            return Some((ty.to_string(), der));
        }
    }
}

/// A DER element.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(content.len() + 6);
    v.push(tag);
    let n = content.len();
    if n < 0x80 {
        v.push(n as u8);
    } else {
        let b = n.to_be_bytes();
        let skip = b.iter().take_while(|x| **x == 0).count();
        v.push(0x80 | (b.len() - skip) as u8);
        v.extend_from_slice(&b[skip..]);
    }
    v.extend_from_slice(content);
    v
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

/// A DER INTEGER of the unsigned big-endian number `be`.
fn uint_der(be: &[u8]) -> Vec<u8> {
    let first = be
        .iter()
        .position(|b| *b != 0)
        .unwrap_or(be.len().saturating_sub(1));
    let b = &be[first.min(be.len())..];
    let mut c = Vec::with_capacity(b.len() + 1);
    if b.first().is_none_or(|x| x & 0x80 != 0) {
        c.push(0);
    }
    c.extend_from_slice(b);
    tlv(0x02, &c)
}

/// Go's `encoding/asn1` printable set for strings without an explicit type (`*` and `&`
/// excluded): such strings are PrintableString, others UTF8String.
fn go_printable(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&b)
}

/// The DER `Name` of a `pkix.Name` holding only a common name (empty when `cn` is).
fn name_der(cn: &str) -> Vec<u8> {
    if cn.is_empty() {
        return seq(&[]);
    }
    let tag = if cn.bytes().all(go_printable) {
        0x13
    } else {
        0x0c
    };
    let atv = seq(&[&[0x06, 0x03, 0x55, 0x04, 0x03], &tlv(tag, cn.as_bytes())]);
    seq(&[&tlv(0x31, &atv)])
}

/// Go's encoding of a certificate time: UTCTime for 1950–2049, GeneralizedTime otherwise.
fn time_der(secs: i64) -> Result<Vec<u8>, String> {
    let dt = DateTime::from_timestamp(secs, 0)
        .filter(|d| (0..=9999).contains(&d.year()))
        .ok_or("error creating certificate: validity period out of range")?;
    Ok(if (1950..2050).contains(&dt.year()) {
        tlv(0x17, dt.format("%y%m%d%H%M%SZ").to_string().as_bytes())
    } else {
        tlv(0x18, dt.format("%Y%m%d%H%M%SZ").to_string().as_bytes())
    })
}

/// A DER `Extension`.
fn extension(oid: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let id = tlv(0x06, oid);
    let v = tlv(0x04, value);
    if critical {
        seq(&[&id, &[0x01, 0x01, 0xff], &v])
    } else {
        seq(&[&id, &v])
    }
}

// certificates --------------------------------------------------------------------------------

/// sprig's `certificate`: PEM strings in `.Cert` and `.Key`.
pub struct Certificate {
    cert: String,
    key: String,
}

impl Object for Certificate {
    fn type_name(&self) -> &str {
        "sprig.certificate"
    }
    fn field(&self, name: &str) -> Option<Value> {
        match name {
            "Cert" => Some(Value::str(self.cert.as_str())),
            "Key" => Some(Value::str(self.key.as_str())),
            _ => None,
        }
    }
    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
    fn display(&self) -> String {
        format!("{{{} {}}}", self.cert, self.key)
    }
}

fn cert_value(cert: String, key: String) -> Value {
    Value::Object(Arc::new(Certificate { cert, key }))
}

/// What `getBaseCertTemplate` fills in, less the serial number (drawn with the key).
struct Template {
    cn: String,
    ips: Vec<Vec<u8>>,
    dns: Vec<String>,
    days: i64,
    is_ca: bool,
}

/// The signing certificate's fields a signed certificate uses.
struct Parent {
    subject: Vec<u8>,
    spki: Vec<u8>,
    subject_key_id: Option<Vec<u8>>,
}

/// The `ips` argument (`[]interface{}` of IP strings; nil is none).
fn arg_ips(a: &[Value], i: usize) -> Result<Vec<Vec<u8>>, String> {
    arg_iface_list(a, i)?
        .iter()
        .map(|v| {
            let Value::Str(s) = v else {
                return Err(format!("error parsing ip: {} is not a string", sprint(v)));
            };
            match s.text.parse::<IpAddr>() {
                Ok(IpAddr::V4(ip)) => Ok(ip.octets().to_vec()),
                Ok(IpAddr::V6(ip)) => Ok(match ip.to_ipv4_mapped() {
                    Some(v4) => v4.octets().to_vec(),
                    None => ip.octets().to_vec(),
                }),
                Err(_) => Err(format!("error parsing ip: {}", s.text)),
            }
        })
        .collect()
}

/// The `alternateDNS` argument (`[]interface{}` of strings; nil is none).
fn arg_dns(a: &[Value], i: usize) -> Result<Vec<String>, String> {
    arg_iface_list(a, i)?
        .iter()
        .map(|v| match v {
            Value::Str(s) if s.text.is_ascii() => Ok(s.text.to_string()),
            Value::Str(s) => Err(format!(
                "error creating certificate: x509: \"{}\" cannot be encoded as an IA5String",
                s.text
            )),
            _ => Err(format!(
                "error processing alternate dns name: {} is not a string",
                sprint(v)
            )),
        })
        .collect()
}

fn arg_iface_list(a: &[Value], i: usize) -> Result<&[Value], String> {
    match a.get(i) {
        Some(Value::List(l, _)) => Ok(l),
        Some(Value::Nil) | None => Ok(&[]),
        Some(v) => Err(format!(
            "wrong type for value; expected []interface {{}}; got {}",
            v.type_name()
        )),
    }
}

/// The `daysValid` argument: an int, not negative.
fn arg_days(a: &[Value], i: usize) -> Result<i64, String> {
    let d = arg_int(a, i)?;
    if d < 0 {
        return Err(format!("days must not be negative, got {d}"));
    }
    Ok(d)
}

/// The `ca` argument: a value from `genCA` (or `buildCustomCert`), as its PEM strings.
fn arg_ca(a: &[Value], i: usize) -> Result<(String, String), String> {
    match a.get(i) {
        Some(Value::Object(o)) if o.type_name() == "sprig.certificate" => {
            let get = |f: &str| match o.field(f) {
                Some(Value::Str(s)) => s.text.to_string(),
                _ => String::new(),
            };
            Ok((get("Cert"), get("Key")))
        }
        Some(Value::Nil) | None => Err("invalid value; expected sprig.certificate".into()),
        Some(v) => Err(format!(
            "wrong type for value; expected sprig.certificate; got {}",
            v.type_name()
        )),
    }
}

/// The signer's certificate and key (sprig's checks and messages).
fn parse_ca(cert: &str, key: &str) -> Result<(Parent, Key), String> {
    let (_, der) = pem_decode(cert).ok_or("unable to decode certificate")?;
    let c = x509_cert::Certificate::from_der(&der)
        .map_err(|e| format!("error parsing certificate: decodedSignerCert.Bytes: {e}"))?;
    let signer = parse_private_key(key).map_err(|e| format!("error parsing private key: {e}"))?;
    let tbs = c.tbs_certificate();
    let enc = |r: Result<Vec<u8>, x509_cert::der::Error>| {
        r.map_err(|e| format!("error parsing certificate: {e}"))
    };
    let subject_key_id = tbs.extensions().and_then(|exts| {
        exts.iter()
            .find(|e| e.extn_id.as_bytes() == [0x55, 0x1d, 0x0e])
            .and_then(|e| OctetString::from_der(e.extn_value.as_bytes()).ok())
            .map(|o| o.as_bytes().to_vec())
            .filter(|k| !k.is_empty())
    });
    let parent = Parent {
        subject: enc(tbs.subject().to_der())?,
        spki: enc(tbs.subject_public_key_info().to_der())?,
        subject_key_id,
    };
    Ok((parent, signer))
}

/// Go's `x509.CreateCertificate` for sprig's template, as PEM: signed by `signer`, issued by
/// `parent` (self-signed when `None`).
fn create_certificate(
    t: &Template,
    serial: &[u8; 16],
    signee: &Key,
    parent: Option<&Parent>,
    signer: &Key,
) -> Result<String, String> {
    let spki = signee.spki()?;
    let subject = name_der(&t.cn);
    if let Some(p) = parent {
        if signer.spki()? != p.spki {
            return Err(
                "error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey"
                    .into(),
            );
        }
    }
    let issuer = parent.map_or_else(|| subject.clone(), |p| p.subject.clone());
    let not_after = t
        .days
        .checked_mul(86_400)
        .and_then(|s| s.checked_add(FIXED_NOW))
        .ok_or("error creating certificate: validity period out of range")?;
    let validity = seq(&[&time_der(FIXED_NOW)?, &time_der(not_after)?]);

    let mut exts: Vec<Vec<u8>> = Vec::new();
    // KeyUsage, critical: digitalSignature | keyEncipherment (| keyCertSign for a CA), as a
    // BIT STRING without trailing zero bits.
    let ku: &[u8] = if t.is_ca {
        &[0x03, 0x02, 0x02, 0xa4]
    } else {
        &[0x03, 0x02, 0x05, 0xa0]
    };
    exts.push(extension(&[0x55, 0x1d, 0x0f], true, ku));
    // ExtKeyUsage: serverAuth, clientAuth.
    exts.push(extension(
        &[0x55, 0x1d, 0x25],
        false,
        &[
            0x30, 0x14, 0x06, 0x08, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01, 0x06, 0x08,
            0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02,
        ],
    ));
    // BasicConstraints, critical.
    let bc: &[u8] = if t.is_ca {
        &[0x30, 0x03, 0x01, 0x01, 0xff]
    } else {
        &[0x30, 0x00]
    };
    exts.push(extension(&[0x55, 0x1d, 0x13], true, bc));
    // SubjectKeyIdentifier, generated for CAs: truncated SHA-256 of the public key bits.
    if t.is_ca {
        let info = x509_cert::spki::SubjectPublicKeyInfoRef::from_der(&spki)
            .map_err(|e| format!("error creating certificate: {e}"))?;
        let h = Sha256::digest(info.subject_public_key.raw_bytes());
        exts.push(extension(&[0x55, 0x1d, 0x0e], false, &tlv(0x04, &h[..20])));
    }
    // AuthorityKeyIdentifier: the parent's key id when the issuer is not the subject.
    if let Some(id) = parent
        .filter(|p| p.subject != subject)
        .and_then(|p| p.subject_key_id.as_ref())
    {
        exts.push(extension(
            &[0x55, 0x1d, 0x23],
            false,
            &seq(&[&tlv(0x80, id)]),
        ));
    }
    // SubjectAltName: DNS names, then IP addresses; critical when the subject is empty.
    if !t.dns.is_empty() || !t.ips.is_empty() {
        let names: Vec<Vec<u8>> = t
            .dns
            .iter()
            .map(|d| tlv(0x82, d.as_bytes()))
            .chain(t.ips.iter().map(|ip| tlv(0x87, ip)))
            .collect();
        exts.push(extension(
            &[0x55, 0x1d, 0x11],
            t.cn.is_empty(),
            &tlv(0x30, &names.concat()),
        ));
    }

    let alg = signer.signature_algorithm();
    let tbs = seq(&[
        &[0xa0, 0x03, 0x02, 0x01, 0x02],
        &uint_der(serial),
        alg,
        &issuer,
        &validity,
        &subject,
        &spki,
        &tlv(0xa3, &tlv(0x30, &exts.concat())),
    ]);
    let mut sig = vec![0u8];
    sig.extend_from_slice(&signer.sign(&tbs)?);
    let cert = seq(&[&tbs, alg, &tlv(0x03, &sig)]);
    Ok(pem("CERTIFICATE", &cert))
}

/// Draws the serial number, signs, and returns the certificate object; `signee` is generated
/// (RSA 2048, as sprig) when `None`.
fn issue(st: &mut FuncState, t: &Template, signee: Option<Key>, ca: Option<(Parent, Key)>) -> R {
    let mut r = rng(st);
    let signee = match signee {
        Some(k) => k,
        None => Key::rsa(&mut r, RSA_CERT_KEY_BITS)?,
    };
    // rand.Int(rand.Reader, 2^128): 16 uniform bytes.
    let mut serial = [0u8; 16];
    r.fill_bytes(&mut serial);
    let cert = match &ca {
        Some((parent, signer)) => create_certificate(t, &serial, &signee, Some(parent), signer)?,
        None => create_certificate(t, &serial, &signee, None, &signee)?,
    };
    Ok(cert_value(cert, signee.to_pem()?))
}

fn key_arg(a: &[Value], i: usize) -> Result<Key, String> {
    parse_private_key(&arg_str(a, i)?.text).map_err(|e| format!("parsing private key: {e}"))
}

fn ca_template(a: &[Value]) -> Result<Template, String> {
    Ok(Template {
        cn: arg_str(a, 0)?.text.to_string(),
        ips: Vec::new(),
        dns: Vec::new(),
        days: arg_days(a, 1)?,
        is_ca: true,
    })
}

fn leaf_template(a: &[Value]) -> Result<Template, String> {
    let cn = arg_str(a, 0)?.text.to_string();
    let ips = arg_ips(a, 1)?;
    let dns = arg_dns(a, 2)?;
    Ok(Template {
        cn,
        ips,
        dns,
        days: arg_days(a, 3)?,
        is_ca: false,
    })
}

/// `genCA CN DAYS`.
pub fn gen_ca(st: &mut FuncState, a: &[Value]) -> R {
    arity("genCA", a, 2)?;
    let t = ca_template(a)?;
    issue(st, &t, None, None)
}

/// `genCAWithKey CN DAYS KEY`.
pub fn gen_ca_with_key(st: &mut FuncState, a: &[Value]) -> R {
    arity("genCAWithKey", a, 3)?;
    let t = ca_template(a)?;
    let key = key_arg(a, 2)?;
    issue(st, &t, Some(key), None)
}

/// `genSelfSignedCert CN IPS DNS DAYS`.
pub fn gen_self_signed_cert(st: &mut FuncState, a: &[Value]) -> R {
    arity("genSelfSignedCert", a, 4)?;
    let t = leaf_template(a)?;
    issue(st, &t, None, None)
}

/// `genSelfSignedCertWithKey CN IPS DNS DAYS KEY`.
pub fn gen_self_signed_cert_with_key(st: &mut FuncState, a: &[Value]) -> R {
    arity("genSelfSignedCertWithKey", a, 5)?;
    let key = key_arg(a, 4)?;
    let t = leaf_template(a)?;
    issue(st, &t, Some(key), None)
}

/// `genSignedCert CN IPS DNS DAYS CA`.
pub fn gen_signed_cert(st: &mut FuncState, a: &[Value]) -> R {
    arity("genSignedCert", a, 5)?;
    let (cert, key) = arg_ca(a, 4)?;
    let t = leaf_template(a)?;
    let ca = parse_ca(&cert, &key)?;
    issue(st, &t, None, Some(ca))
}

/// `genSignedCertWithKey CN IPS DNS DAYS CA KEY`.
pub fn gen_signed_cert_with_key(st: &mut FuncState, a: &[Value]) -> R {
    arity("genSignedCertWithKey", a, 6)?;
    let (cert, key) = arg_ca(a, 4)?;
    let signee = key_arg(a, 5)?;
    let ca = parse_ca(&cert, &key)?;
    let t = leaf_template(a)?;
    issue(st, &t, Some(signee), Some(ca))
}

/// `buildCustomCert B64CERT B64KEY`: a certificate object from base64 PEM, both checked.
pub fn build_custom_cert(_: &mut FuncState, a: &[Value]) -> R {
    arity("buildCustomCert", a, 2)?;
    let cert =
        go_b64_decode(&arg_str(a, 0)?.text).map_err(|_| "unable to decode base64 certificate")?;
    let key =
        go_b64_decode(&arg_str(a, 1)?.text).map_err(|_| "unable to decode base64 private key")?;
    let cert = String::from_utf8_lossy(&cert).into_owned();
    let key = String::from_utf8_lossy(&key).into_owned();
    let (_, der) = pem_decode(&cert).ok_or("unable to decode certificate")?;
    x509_cert::Certificate::from_der(&der)
        .map_err(|e| format!("error parsing certificate: decodedCert.Bytes: {e}"))?;
    parse_private_key(&key).map_err(|e| format!("error parsing private key: {e}"))?;
    Ok(cert_value(cert, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::pkcs8::{DecodePublicKey, EncodePrivateKey};
    use rsa::signature::Verifier;
    use x509_cert::ext::pkix::name::GeneralName;
    use x509_cert::ext::pkix::{
        AuthorityKeyIdentifier, BasicConstraints, KeyUsage, KeyUsages, SubjectAltName,
        SubjectKeyIdentifier,
    };

    fn s(x: &str) -> Value {
        Value::str(x)
    }
    fn i(x: i64) -> Value {
        Value::Int(x, None)
    }
    fn l(v: Vec<Value>) -> Value {
        Value::List(Arc::new(v), None)
    }
    fn text(v: &Value) -> String {
        match v {
            Value::Str(s) => s.text.to_string(),
            other => panic!("not a string: {}", sprint(other)),
        }
    }
    fn run(f: super::super::Func, a: &[Value]) -> Value {
        f(&mut FuncState::default(), a).unwrap_or_else(|e| panic!("{e}"))
    }
    fn field(v: &Value, name: &str) -> String {
        let Value::Object(o) = v else {
            panic!("not an object")
        };
        assert_eq!(o.type_name(), "sprig.certificate");
        text(&o.field(name).unwrap())
    }
    fn parse(v: &Value) -> (x509_cert::Certificate, Vec<u8>) {
        let (ty, der) = pem_decode(&field(v, "Cert")).unwrap();
        assert_eq!(ty, "CERTIFICATE");
        let c = x509_cert::Certificate::from_der(&der).unwrap();
        // Our DER is canonical: decoding and encoding again gives the same bytes.
        assert_eq!(c.to_der().unwrap(), der);
        (c, der)
    }
    fn ext<T: for<'a> Decode<'a>>(c: &x509_cert::Certificate, oid: &[u8]) -> Option<(bool, T)> {
        let e = c
            .tbs_certificate()
            .extensions()?
            .iter()
            .find(|e| e.extn_id.as_bytes() == oid)?;
        Some((e.critical, T::from_der(e.extn_value.as_bytes()).unwrap()))
    }
    fn cn(c: &x509_cert::Certificate) -> String {
        c.tbs_certificate()
            .subject()
            .common_name()
            .unwrap()
            .unwrap()
            .value()
            .into_owned()
    }
    fn times(c: &x509_cert::Certificate) -> (u64, u64) {
        let v = c.tbs_certificate().validity();
        (
            v.not_before.to_unix_duration().as_secs(),
            v.not_after.to_unix_duration().as_secs(),
        )
    }
    /// Verifies `c`'s signature with the RSA public key `spki` (DER).
    fn verify_rsa(c: &x509_cert::Certificate, spki: &[u8]) {
        let key = rsa::PublicKey::from_public_key_der(spki).unwrap();
        let vk = rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key);
        let sig = rsa::pkcs1v15::Signature::try_from(c.signature().raw_bytes()).unwrap();
        vk.verify(&c.tbs_certificate().to_der().unwrap(), &sig)
            .unwrap();
    }
    fn spki_of(c: &x509_cert::Certificate) -> Vec<u8> {
        c.tbs_certificate()
            .subject_public_key_info()
            .to_der()
            .unwrap()
    }

    #[test]
    fn derive_password_matches_sprig() {
        // sprig's crypto_test.go.
        let all: &[(i64, &str, &str)] = &[
            (1, "long", "ZedaFaxcZaso9*"),
            (2, "long", "Fovi2@JifpTupx"),
            (1, "maximum", "pf4zS1LjCg&LjhsZ7T2~"),
            (1, "medium", "ZedJuz8$"),
            (1, "basic", "pIS54PLs"),
            (1, "short", "Zed5"),
            (1, "pin", "6685"),
        ];
        // scrypt (32 MiB) is slow unoptimised: one vector in debug builds, all in release.
        let n = if cfg!(debug_assertions) { 1 } else { all.len() };
        for (counter, ty, want) in &all[..n] {
            let a = [
                i(*counter),
                s(ty),
                s("password"),
                s("user"),
                s("example.com"),
            ];
            assert_eq!(text(&run(derive_password, &a)), *want, "{ty} {counter}");
        }
        let a = [i(1), s("nope"), s("p"), s("u"), s("s")];
        assert_eq!(
            text(&run(derive_password, &a)),
            "cannot find password template nope"
        );
        let st = &mut FuncState::default();
        assert!(derive_password(st, &[i(-1), s("pin"), s("p"), s("u"), s("s")]).is_err());
        assert!(derive_password(st, &[s("1"), s("pin"), s("p"), s("u"), s("s")]).is_err());
        assert!(derive_password(st, &[i(1), s("pin"), s("p"), s("u")]).is_err());
    }

    #[test]
    fn bcrypt_and_htpasswd() {
        let h = text(&run(bcrypt, &[s("secret")]));
        assert!(h.starts_with("$2a$10$") && h.len() == 60, "{h}");
        assert!(::bcrypt::verify("secret", &h).unwrap());
        assert!(!::bcrypt::verify("other", &h).unwrap());
        // Deterministic: a fresh render state gives the same salt.
        assert_eq!(text(&run(bcrypt, &[s("secret")])), h);
        // Successive calls draw different salts.
        let st = &mut FuncState::default();
        let a = text(&bcrypt(st, &[s("secret")]).unwrap());
        let b = text(&bcrypt(st, &[s("secret")]).unwrap());
        assert_ne!(a, b);

        let ht = text(&run(htpasswd, &[s("myUser"), s("myPassword")]));
        let (user, hash) = ht.split_once(':').unwrap();
        assert_eq!(user, "myUser");
        assert!(::bcrypt::verify("myPassword", hash).unwrap());
        assert_eq!(
            text(&run(htpasswd, &[s("wrongus:er"), s("x")])),
            "invalid username: wrongus:er"
        );
        assert!(text(&run(bcrypt, &[s(&"x".repeat(73))])).contains("exceeds 72 bytes"));
        assert!(bcrypt(st, &[i(1)]).is_err());
        assert!(htpasswd(st, &[s("u")]).is_err());
        assert!(htpasswd(st, &[s("u"), s("p"), s("sha")]).is_err());
    }

    #[test]
    fn aes_round_trip_and_vector() {
        let st = &mut FuncState::default();
        let c = text(&encrypt_aes(st, &[s("secretkey"), s("plaintext")]).unwrap());
        assert_eq!(
            text(&decrypt_aes(st, &[s("secretkey"), s(&c)]).unwrap()),
            "plaintext"
        );
        assert_eq!(
            text(&run(encrypt_aes, &[s("secretkey"), s("plaintext")])),
            c,
            "deterministic"
        );
        for t in [
            "",
            "a",
            "0123456789abcdef",
            "héllo wörld, a longer text of several blocks",
        ] {
            let k = "a key longer than thirty-two bytes, truncated";
            let c = text(&encrypt_aes(st, &[s(k), s(t)]).unwrap());
            assert_eq!(text(&decrypt_aes(st, &[s(k), s(&c)]).unwrap()), t);
        }
        // openssl enc -aes-256-cbc -K 6b6579000…0 -iv 000102…0f, IV prepended, base64.
        let known = "AAECAwQFBgcICQoLDA0OD8HZuCv0HKWlVSbEaIaNgP4=";
        assert_eq!(
            text(&decrypt_aes(st, &[s("key"), s(known)]).unwrap()),
            "hello"
        );
        assert_eq!(text(&decrypt_aes(st, &[s("k"), s("")]).unwrap()), "");
        assert!(decrypt_aes(st, &[s("k"), s("not base64!")]).is_err());
        assert!(decrypt_aes(st, &[s("k"), s("AAAA")]).is_err());
        assert!(decrypt_aes(st, &[s("k"), s(&BASE64.encode(&[0u8; 20]))]).is_err());
        assert!(decrypt_aes(st, &[s("k"), s(&BASE64.encode(&[0u8; 16]))]).is_err());
        assert!(encrypt_aes(st, &[s("k"), i(1)]).is_err());
    }

    #[test]
    fn private_keys() {
        for (ty, label) in [("ecdsa", "EC PRIVATE KEY"), ("ed25519", "PRIVATE KEY")] {
            let k = text(&run(gen_private_key, &[s(ty)]));
            assert_eq!(text(&run(gen_private_key, &[s(ty)])), k, "deterministic");
            assert_eq!(pem_decode(&k).unwrap().0, label);
            let parsed = parse_private_key(&k).unwrap();
            assert_eq!(parsed.to_pem().unwrap(), k, "{ty} re-encodes the same");
        }
        let st = &mut FuncState::default();
        assert_eq!(
            gen_private_key(st, &[s("dsa")]).unwrap_err(),
            "dsa keys are not supported"
        );
        assert_eq!(
            text(&gen_private_key(st, &[s("x")]).unwrap()),
            "Unknown type x"
        );
        assert!(gen_private_key(st, &[i(1)]).is_err());
        assert!(parse_private_key("junk").is_err());
    }

    /// RSA 4096 takes seconds unoptimised: release builds only.
    #[test]
    #[cfg_attr(debug_assertions, ignore)]
    fn rsa_private_key() {
        let t = std::time::Instant::now();
        let k = text(&run(gen_private_key, &[s("rsa")]));
        eprintln!("genPrivateKey rsa: {:?}", t.elapsed());
        assert!(k.starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
        let Key::Rsa(parsed) = parse_private_key(&k).unwrap() else {
            panic!("not rsa")
        };
        use rsa::traits::PublicKeyParts;
        assert_eq!(parsed.n().bit_width(), 4096);
        assert_eq!(text(&run(gen_private_key, &[s("")])), k);
    }

    #[test]
    fn gen_ca_is_a_valid_ca() {
        let t = std::time::Instant::now();
        let ca = run(gen_ca, &[s("my-ca"), i(365)]);
        eprintln!("genCA: {:?}", t.elapsed());
        assert_eq!(
            field(&run(gen_ca, &[s("my-ca"), i(365)]), "Cert"),
            field(&ca, "Cert")
        );
        let (c, _) = parse(&ca);
        assert_eq!(cn(&c), "my-ca");
        assert_eq!(c.tbs_certificate().issuer(), c.tbs_certificate().subject());
        assert_eq!(
            times(&c),
            (FIXED_NOW as u64, FIXED_NOW as u64 + 365 * 86_400)
        );
        let (crit, bc) = ext::<BasicConstraints>(&c, &[0x55, 0x1d, 0x13]).unwrap();
        assert!(crit && bc.ca);
        let (crit, ku) = ext::<KeyUsage>(&c, &[0x55, 0x1d, 0x0f]).unwrap();
        assert!(crit && ku.0.contains(KeyUsages::KeyCertSign));
        assert!(ku
            .0
            .contains(KeyUsages::DigitalSignature | KeyUsages::KeyEncipherment));
        assert!(ext::<SubjectKeyIdentifier>(&c, &[0x55, 0x1d, 0x0e]).is_some());
        assert!(ext::<SubjectAltName>(&c, &[0x55, 0x1d, 0x11]).is_none());
        // Self-signed with the returned key.
        verify_rsa(&c, &spki_of(&c));
        let key = parse_private_key(&field(&ca, "Key")).unwrap();
        assert_eq!(key.spki().unwrap(), spki_of(&c));
        assert!(field(&ca, "Key").starts_with("-----BEGIN RSA PRIVATE KEY-----\n"));
    }

    #[test]
    fn self_signed_and_signed_certs() {
        let st = &mut FuncState::default();
        let ips = l(vec![s("10.0.0.1"), s("::1"), s("::ffff:1.2.3.4")]);
        let dns = l(vec![s("a.example.com"), s("*.example.com")]);
        let ss = gen_self_signed_cert(st, &[s("leaf"), ips.clone(), dns.clone(), i(30)]).unwrap();
        let (c, _) = parse(&ss);
        assert_eq!(cn(&c), "leaf");
        assert_eq!(times(&c).1, FIXED_NOW as u64 + 30 * 86_400);
        let (crit, bc) = ext::<BasicConstraints>(&c, &[0x55, 0x1d, 0x13]).unwrap();
        assert!(crit && !bc.ca);
        let (crit, san) = ext::<SubjectAltName>(&c, &[0x55, 0x1d, 0x11]).unwrap();
        assert!(!crit);
        let names: Vec<String> = san
            .0
            .iter()
            .map(|g| match g {
                GeneralName::DnsName(d) => d.to_string(),
                GeneralName::IpAddress(o) => format!("{:?}", o.as_bytes()),
                _ => panic!("unexpected name"),
            })
            .collect();
        assert_eq!(
            names,
            [
                "a.example.com",
                "*.example.com",
                "[10, 0, 0, 1]",
                "[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]",
                "[1, 2, 3, 4]"
            ]
        );
        verify_rsa(&c, &spki_of(&c));

        let ca = gen_ca(st, &[s("ca"), i(3650)]).unwrap();
        let (cac, _) = parse(&ca);
        let signed =
            gen_signed_cert(st, &[s("svc"), Value::Nil, dns.clone(), i(10), ca.clone()]).unwrap();
        let (c, _) = parse(&signed);
        assert_eq!(cn(&c), "svc");
        assert_eq!(
            c.tbs_certificate().issuer(),
            cac.tbs_certificate().subject()
        );
        verify_rsa(&c, &spki_of(&cac));
        assert_ne!(spki_of(&c), spki_of(&cac));
        let (_, ski) = ext::<SubjectKeyIdentifier>(&cac, &[0x55, 0x1d, 0x0e]).unwrap();
        let (_, aki) = ext::<AuthorityKeyIdentifier>(&c, &[0x55, 0x1d, 0x23]).unwrap();
        assert_eq!(aki.key_identifier.unwrap(), ski.0);
        let key = parse_private_key(&field(&signed, "Key")).unwrap();
        assert_eq!(key.spki().unwrap(), spki_of(&c));

        // Determinism of the whole sequence.
        let st2 = &mut FuncState::default();
        let ss2 = gen_self_signed_cert(st2, &[s("leaf"), ips, dns.clone(), i(30)]).unwrap();
        let ca2 = gen_ca(st2, &[s("ca"), i(3650)]).unwrap();
        let signed2 = gen_signed_cert(st2, &[s("svc"), Value::Nil, dns, i(10), ca2]).unwrap();
        assert_eq!(field(&ss2, "Cert"), field(&ss, "Cert"));
        assert_eq!(field(&signed2, "Cert"), field(&signed, "Cert"));
        assert_eq!(field(&signed2, "Key"), field(&signed, "Key"));

        // buildCustomCert gives back the same strings.
        let b = build_custom_cert(
            st,
            &[
                s(&BASE64.encode(field(&ca, "Cert").as_bytes())),
                s(&BASE64.encode(field(&ca, "Key").as_bytes())),
            ],
        )
        .unwrap();
        assert_eq!(field(&b, "Cert"), field(&ca, "Cert"));
        assert_eq!(field(&b, "Key"), field(&ca, "Key"));
        let signed3 = gen_signed_cert(st, &[s("x"), Value::Nil, Value::Nil, i(1), b]).unwrap();
        verify_rsa(&parse(&signed3).0, &spki_of(&cac));
    }

    #[test]
    fn with_key_variants() {
        let st = &mut FuncState::default();
        let ec = text(&gen_private_key(st, &[s("ecdsa")]).unwrap());
        let ed = text(&gen_private_key(st, &[s("ed25519")]).unwrap());

        // An Ed25519 CA signing an ECDSA leaf.
        let ca = gen_ca_with_key(st, &[s("ed-ca"), i(1), s(&ed)]).unwrap();
        assert_eq!(field(&ca, "Key"), ed);
        let (cac, _) = parse(&ca);
        let vk = ed25519_dalek::VerifyingKey::from_public_key_der(&spki_of(&cac)).unwrap();
        let sig = ed25519_dalek::Signature::from_slice(cac.signature().raw_bytes()).unwrap();
        vk.verify(&cac.tbs_certificate().to_der().unwrap(), &sig)
            .unwrap();

        let leaf = gen_signed_cert_with_key(
            st,
            &[
                s("leaf"),
                l(vec![s("127.0.0.1")]),
                Value::Nil,
                i(1),
                ca.clone(),
                s(&ec),
            ],
        )
        .unwrap();
        assert_eq!(field(&leaf, "Key"), ec);
        let (c, _) = parse(&leaf);
        let sig = ed25519_dalek::Signature::from_slice(c.signature().raw_bytes()).unwrap();
        vk.verify(&c.tbs_certificate().to_der().unwrap(), &sig)
            .unwrap();
        let ec_key = parse_private_key(&ec).unwrap();
        assert_eq!(ec_key.spki().unwrap(), spki_of(&c));

        // A self-signed ECDSA certificate.
        let ss = gen_self_signed_cert_with_key(
            st,
            &[s("ec"), Value::Nil, l(vec![s("x")]), i(1), s(&ec)],
        )
        .unwrap();
        let (c, _) = parse(&ss);
        let vk = p256::ecdsa::VerifyingKey::from_public_key_der(&spki_of(&c)).unwrap();
        let sig = p256::ecdsa::Signature::from_der(c.signature().raw_bytes()).unwrap();
        vk.verify(&c.tbs_certificate().to_der().unwrap(), &sig)
            .unwrap();

        // A PKCS#8 RSA key comes back as PKCS#1, as Go's pemBlockForKey writes it.
        let rsa_ca = gen_ca(st, &[s("r"), i(1)]).unwrap();
        let Key::Rsa(k) = parse_private_key(&field(&rsa_ca, "Key")).unwrap() else {
            panic!()
        };
        let p8 = pem("PRIVATE KEY", k.to_pkcs8_der().unwrap().as_bytes());
        let c2 = gen_ca_with_key(st, &[s("r2"), i(1), s(&p8)]).unwrap();
        assert_eq!(field(&c2, "Key"), field(&rsa_ca, "Key"));
    }

    #[test]
    fn argument_errors() {
        let st = &mut FuncState::default();
        let ca = gen_ca(st, &[s("ca"), i(1)]).unwrap();
        let bad: &[(super::super::Func, Vec<Value>)] = &[
            (gen_ca, vec![s("x"), i(-1)]),
            (gen_ca, vec![s("x"), s("1")]),
            (gen_ca, vec![s("x"), Value::Float(1.0, None)]),
            (gen_ca, vec![i(1), i(1)]),
            (gen_ca, vec![s("x")]),
            (gen_ca, vec![s("x"), i(i64::MAX)]),
            (gen_ca, vec![s("x"), i(10_000_000)]),
            (gen_ca_with_key, vec![s("x"), i(1), s("not a key")]),
            (
                gen_ca_with_key,
                vec![
                    s("x"),
                    i(1),
                    s("-----BEGIN DSA PRIVATE KEY-----\nAAAA\n-----END DSA PRIVATE KEY-----\n"),
                ],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), s("1.2.3.4"), Value::Nil, i(1)],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), l(vec![s("1.2.3")]), Value::Nil, i(1)],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), l(vec![i(1)]), Value::Nil, i(1)],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), Value::Nil, l(vec![i(1)]), i(1)],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), Value::Nil, l(vec![s("é.com")]), i(1)],
            ),
            (
                gen_self_signed_cert,
                vec![s("x"), Value::Nil, Value::Nil, i(-5)],
            ),
            (
                gen_signed_cert,
                vec![s("x"), Value::Nil, Value::Nil, i(1), s("ca")],
            ),
            (
                gen_signed_cert,
                vec![s("x"), Value::Nil, Value::Nil, i(1), Value::Nil],
            ),
            (
                gen_signed_cert,
                vec![s("x"), Value::Nil, Value::Nil, i(-1), ca.clone()],
            ),
            (
                gen_signed_cert_with_key,
                vec![s("x"), Value::Nil, Value::Nil, i(1), ca.clone(), s("")],
            ),
            (build_custom_cert, vec![s("!!"), s("")]),
            (build_custom_cert, vec![s(&BASE64.encode(b"no pem")), s("")]),
            (
                build_custom_cert,
                vec![
                    s(&BASE64.encode(field(&ca, "Cert").as_bytes())),
                    s(&BASE64.encode(b"x")),
                ],
            ),
        ];
        for (n, (f, a)) in bad.iter().enumerate() {
            assert!(f(st, a).is_err(), "case {n} should fail");
        }
        // A key that is not the CA's: Go's "doesn't match parent's PublicKey".
        let other = gen_ca(st, &[s("other"), i(1)]).unwrap();
        let mixed = cert_value(field(&ca, "Cert"), field(&other, "Key"));
        let e = gen_signed_cert(st, &[s("x"), Value::Nil, Value::Nil, i(1), mixed]).unwrap_err();
        assert!(e.contains("doesn't match"), "{e}");
    }

    #[test]
    fn der_details_match_go() {
        let hex = |b: Vec<u8>| data_encoding::HEXLOWER.encode(&b);
        // CN=a b as Go writes it: a PrintableString.
        assert_eq!(hex(name_der("a b")), "300e310c300a06035504031303612062");
        assert_eq!(name_der("*.x")[11], 0x0c, "'*' makes a UTF8String");
        assert_eq!(name_der(""), [0x30, 0x00]);
        assert_eq!(uint_der(&[0, 0, 0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint_der(&[0, 0]), [0x02, 0x01, 0x00]);
        assert_eq!(time_der(FIXED_NOW).unwrap(), tlv(0x17, b"250101000000Z"));
        assert_eq!(
            time_der(FIXED_NOW + 36_500 * 86_400).unwrap(),
            tlv(0x18, b"21241208000000Z")
        );
        assert_eq!(tlv(0x04, &[0; 200])[..3], [0x04, 0x81, 200]);
        let ca = run(gen_ca, &[s(""), i(1)]);
        let (c, _) = parse(&ca);
        assert!(c.tbs_certificate().subject().is_empty());
        let leaf = run(
            gen_self_signed_cert,
            &[s(""), Value::Nil, l(vec![s("a")]), i(0)],
        );
        let (c, _) = parse(&leaf);
        assert!(
            ext::<SubjectAltName>(&c, &[0x55, 0x1d, 0x11]).unwrap().0,
            "critical SAN"
        );
    }

    #[test]
    fn object_fields() {
        let v = cert_value("C".into(), "K".into());
        let Value::Object(o) = &v else { panic!() };
        assert_eq!(o.type_name(), "sprig.certificate");
        assert_eq!(text(&o.field("Cert").unwrap()), "C");
        assert_eq!(text(&o.field("Key").unwrap()), "K");
        assert!(o.field("Other").is_none());
        assert_eq!(o.display(), "{C K}");
    }
}
