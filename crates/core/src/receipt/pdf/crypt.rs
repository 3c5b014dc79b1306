//! The PDF standard security handler, for files encrypted with an EMPTY
//! user password (banks and shops often "protect" e-receipts and statements
//! this way: anyone can open them, copying may be restricted). The key is
//! derived as ISO 32000 says (algorithm 2 for R2–R4, 2.A/2.B for R5/R6) and
//! checked against `/U`; a file that needs a real password is refused with
//! a clear message instead of producing garbage.
//!
//! Supported: RC4 40–128 bit (V1/V2, R2/R3), crypt filters V4 (RC4 or
//! AES-128, R4), AES-256 (V5, R5 and R6). The RustCrypto code this pulls in
//! (MD5, SHA-2, AES, CBC) measured 41 KB of wasm, 15 KB gzipped, in a
//! stand-alone `opt-level = "s"` LTO build; RC4 is the few lines below.

use crate::diag::{lit, Reason};
use aes::{Aes128, Aes256};
use cbc::cipher::{BlockDecryptMut, BlockEncryptMut, KeyIvInit};
use md5::{Digest, Md5};
use sha2::{Sha256, Sha384, Sha512};

/// What the encryption dictionary and the trailer say.
#[derive(Debug, Default, Clone)]
pub(super) struct Params {
    /// `/Filter`: only `Standard` is a password handler we know.
    pub filter: String,
    pub v: i64,
    pub r: i64,
    /// Key length in bits (`/Length`, 40 when absent).
    pub length_bits: i64,
    pub o: Vec<u8>,
    pub u: Vec<u8>,
    pub ue: Vec<u8>,
    pub p: i64,
    /// First element of the trailer's `/ID`.
    pub id0: Vec<u8>,
    pub encrypt_metadata: bool,
    /// The crypt filter method for streams (`/CF /StdCF /CFM`) under V4/V5:
    /// `V2` (RC4), `AESV2`, `AESV3`, `None`; `Identity` when `/StmF` is.
    pub stream_method: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Method {
    Rc4,
    Aes128,
    Aes256,
    Identity,
}

/// A file key and how streams are encrypted with it.
#[derive(Debug, Clone)]
pub(super) struct Decryptor {
    key: Vec<u8>,
    method: Method,
}

/// Why an encrypted PDF cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    /// A user password is needed.
    Password,
    /// Another handler (certificates, a DRM plug-in) or an unknown revision.
    /// (The reason is a code of data/diagnostics.tsv, shown in the user's language.)
    Unsupported(Reason),
}

const PAD: [u8; 32] = [
    0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08, 0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68,
    0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
];

impl Decryptor {
    /// The decryptor for the empty user password, or why there is none.
    pub fn new(p: &Params) -> Result<Decryptor, Refusal> {
        if p.filter != "Standard" {
            return Err(Refusal::Unsupported(if p.filter.is_empty() {
                Reason::new("t.pdf.handler_unnamed", vec![])
            } else {
                Reason::new("t.pdf.handler", vec![("handler", lit(&p.filter))])
            }));
        }
        match p.r {
            2..=4 => Self::legacy(p),
            5 | 6 => Self::aes256(p),
            r => Err(Refusal::Unsupported(Reason::new("t.pdf.revision", vec![("revision", lit(r))]))),
        }
    }

    /// R2–R4: RC4 or AES-128 with an MD5-derived key.
    fn legacy(p: &Params) -> Result<Decryptor, Refusal> {
        let n = if p.r == 2 { 5 } else { (p.length_bits / 8).clamp(5, 16) as usize };
        let o = p.o.get(..32).ok_or_else(|| Refusal::Unsupported(Reason::new("t.pdf.short_entry", vec![("entry", lit("/O")), ("bytes", lit(32))])))?;
        let mut h = Md5::new();
        h.update(PAD);
        h.update(o);
        h.update((p.p as u32).to_le_bytes());
        h.update(&p.id0);
        if p.r >= 4 && !p.encrypt_metadata {
            h.update([0xFF; 4]);
        }
        let mut key = h.finalize().to_vec();
        if p.r >= 3 {
            for _ in 0..50 {
                key = Md5::digest(&key[..n]).to_vec();
            }
        }
        key.truncate(n);
        // Algorithm 4/5: does the empty password reproduce /U?
        let ok = if p.r == 2 {
            let mut x = PAD.to_vec();
            rc4(&key, &mut x);
            p.u.get(..32) == Some(&x[..])
        } else {
            let mut h = Md5::new();
            h.update(PAD);
            h.update(&p.id0);
            let mut x = h.finalize().to_vec();
            for i in 0..20u8 {
                let k: Vec<u8> = key.iter().map(|b| b ^ i).collect();
                rc4(&k, &mut x);
            }
            p.u.get(..16) == Some(&x[..])
        };
        if !ok {
            return Err(Refusal::Password);
        }
        let method = if p.v >= 4 {
            match p.stream_method.as_deref() {
                Some("AESV2") => Method::Aes128,
                Some("V2") => Method::Rc4,
                Some("Identity") | Some("None") => Method::Identity,
                // V4 without a named method: the crypt filter default is RC4.
                None => Method::Rc4,
                Some(other) => return Err(Refusal::Unsupported(Reason::new("t.pdf.crypt_method", vec![("method", lit(other))]))),
            }
        } else {
            Method::Rc4
        };
        Ok(Decryptor { key, method })
    }

    /// R5/R6: AES-256; the file key is `/UE` decrypted with a key hashed
    /// from the (empty) password and the key salt in `/U`.
    fn aes256(p: &Params) -> Result<Decryptor, Refusal> {
        let u = p.u.get(..48).ok_or_else(|| Refusal::Unsupported(Reason::new("t.pdf.short_entry", vec![("entry", lit("/U")), ("bytes", lit(48))])))?;
        let ue = p.ue.get(..32).ok_or_else(|| Refusal::Unsupported(Reason::new("t.pdf.short_entry", vec![("entry", lit("/UE")), ("bytes", lit(32))])))?;
        let hash = |salt: &[u8]| if p.r == 5 { Sha256::digest([salt].concat()).to_vec() } else { hash_2b(b"", salt, b"") };
        if hash(&u[32..40])[..] != u[..32] {
            return Err(Refusal::Password);
        }
        let k = hash(&u[40..48]);
        let mut file_key = ue.to_vec();
        let Ok(mut dec) = cbc::Decryptor::<Aes256>::new_from_slices(&k, &[0u8; 16]) else {
            return Err(Refusal::Unsupported(Reason::new("t.pdf.aes_key_size", vec![])));
        };
        for block in file_key.chunks_exact_mut(16) {
            dec.decrypt_block_mut(block.into());
        }
        let method = match p.stream_method.as_deref() {
            Some("Identity") | Some("None") => Method::Identity,
            _ => Method::Aes256,
        };
        Ok(Decryptor { key: file_key, method })
    }

    /// Decrypts the data of stream object `num gen`.
    pub fn stream(&self, num: u32, gen: u16, data: &[u8]) -> Vec<u8> {
        match self.method {
            Method::Identity => data.to_vec(),
            Method::Aes256 => aes_cbc::<Aes256>(&self.key, data),
            Method::Rc4 | Method::Aes128 => {
                // Algorithm 1: the object's own key.
                let mut h = Md5::new();
                h.update(&self.key);
                h.update(&num.to_le_bytes()[..3]);
                h.update(gen.to_le_bytes());
                if self.method == Method::Aes128 {
                    h.update(b"sAlT");
                }
                let k = h.finalize();
                let k = &k[..(self.key.len() + 5).min(16)];
                if self.method == Method::Aes128 {
                    aes_cbc::<Aes128>(k, data)
                } else {
                    let mut out = data.to_vec();
                    rc4(k, &mut out);
                    out
                }
            }
        }
    }
}

/// AES-CBC with the IV in the first 16 bytes and PKCS#7 padding; a
/// malformed tail (a truncated stream) keeps what decrypted.
fn aes_cbc<C>(key: &[u8], data: &[u8]) -> Vec<u8>
where
    cbc::Decryptor<C>: KeyIvInit + BlockDecryptMut,
    C: cbc::cipher::BlockCipher + cbc::cipher::BlockDecryptMut,
{
    if data.len() < 32 {
        return Vec::new();
    }
    let (iv, body) = data.split_at(16);
    let Ok(mut dec) = cbc::Decryptor::<C>::new_from_slices(key, iv) else { return Vec::new() };
    let mut out = body[..body.len() / 16 * 16].to_vec();
    for block in out.chunks_exact_mut(16) {
        dec.decrypt_block_mut(block.into());
    }
    if let Some(&pad) = out.last() {
        let pad = pad as usize;
        if (1..=16).contains(&pad) && out.len() >= pad && out[out.len() - pad..].iter().all(|&b| b as usize == pad) {
            out.truncate(out.len() - pad);
        }
    }
    out
}

/// RC4, in place.
fn rc4(key: &[u8], data: &mut [u8]) {
    if key.is_empty() {
        return;
    }
    let mut s: [u8; 256] = std::array::from_fn(|i| i as u8);
    let mut j: u8 = 0;
    for i in 0..256 {
        j = j.wrapping_add(s[i]).wrapping_add(key[i % key.len()]);
        s.swap(i, j as usize);
    }
    let (mut i, mut j) = (0u8, 0u8);
    for b in data.iter_mut() {
        i = i.wrapping_add(1);
        j = j.wrapping_add(s[i as usize]);
        s.swap(i as usize, j as usize);
        *b ^= s[(s[i as usize].wrapping_add(s[j as usize])) as usize];
    }
}

/// ISO 32000-2 algorithm 2.B (R6): SHA-256 of password + salt + udata, then
/// at least 64 rounds of AES-128-CBC over 64 repetitions, each round
/// hashing with SHA-256/384/512 as the ciphertext chooses.
fn hash_2b(password: &[u8], salt: &[u8], udata: &[u8]) -> Vec<u8> {
    let mut k: Vec<u8> = Sha256::digest([password, salt, udata].concat()).to_vec();
    let mut round = 0u32;
    loop {
        let one: Vec<u8> = [password, &k, udata].concat();
        let mut e = one.repeat(64);
        let Ok(mut enc) = cbc::Encryptor::<Aes128>::new_from_slices(&k[..16], &k[16..32]) else { return k };
        for block in e.chunks_exact_mut(16) {
            enc.encrypt_block_mut(block.into());
        }
        // The first 16 bytes as a big-endian number, mod 3 (256 ≡ 1 mod 3).
        let m = e[..16].iter().map(|&b| b as u32).sum::<u32>() % 3;
        k = match m {
            0 => Sha256::digest(&e).to_vec(),
            1 => Sha384::digest(&e).to_vec(),
            _ => Sha512::digest(&e).to_vec(),
        };
        round += 1;
        if round >= 64 && u32::from(*e.last().unwrap_or(&0)) <= round - 32 {
            break;
        }
        if round > 10_000 {
            break;
        }
    }
    k.truncate(32);
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rc4_known_answer() {
        // RFC 6229-style classic vector: key "Key", plaintext "Plaintext".
        let mut d = b"Plaintext".to_vec();
        rc4(b"Key", &mut d);
        assert_eq!(d, [0xBB, 0xF3, 0x16, 0xE8, 0xD9, 0x40, 0xAF, 0x0A, 0xD3]);
    }

    #[test]
    fn unknown_handlers_are_refused() {
        let p = Params { filter: "Adobe.PubSec".into(), ..Default::default() };
        assert!(matches!(Decryptor::new(&p), Err(Refusal::Unsupported(_))));
        let p = Params { filter: "Standard".into(), r: 9, ..Default::default() };
        assert!(matches!(Decryptor::new(&p), Err(Refusal::Unsupported(_))));
        // Short /O, /U: refused, no panic.
        let p = Params { filter: "Standard".into(), r: 3, v: 2, length_bits: 128, ..Default::default() };
        assert!(Decryptor::new(&p).is_err());
        let p = Params { filter: "Standard".into(), r: 6, v: 5, ..Default::default() };
        assert!(Decryptor::new(&p).is_err());
    }

    #[test]
    fn short_aes_data_is_empty_not_a_panic() {
        let d = Decryptor { key: vec![0; 16], method: Method::Aes128 };
        assert!(d.stream(1, 0, b"short").is_empty());
        let d = Decryptor { key: vec![0; 32], method: Method::Aes256 };
        assert!(d.stream(1, 0, &[0u8; 40]).len() <= 16);
    }
}
