//! # loyalty-engine
//!
//! The arithmetic of a customer-loyalty programme with exact decimals,
//! identical natively and in WebAssembly. The crate documentation is the
//! README (below), whose Rust snippet runs as a doc-test; module names follow
//! the sections of the spec `PROGRAM.md`.
#![doc = include_str!("../README.md")]

pub mod actions;
pub mod badges;
pub mod cart;
pub mod decimal;
pub mod earn;
pub mod error;
pub mod filter;
pub mod input;
pub mod json;
pub mod ledger;
pub mod member;
pub mod ops;
pub mod program;
pub mod redeem;
pub mod statement;
pub mod tiers;
pub mod time;

/// The JS binding (feature `js`): `Program` as a JS class. Public so that the
/// wasm-bindgen tests in `tests/wasm.rs` exercise exactly what JS calls.
#[cfg(feature = "js")]
pub mod binding;

pub use cart::Cart;
pub use earn::EarnPreview;
pub use error::{Error, ErrorCode, Result};
pub use member::Member;
pub use program::Program;
pub use time::Timestamp;

/// Maps a JSON text parse failure of the input at `path` to the spec's error.
pub(crate) fn json_error(e: json::ParseError, path: &str) -> Error {
    match e {
        json::ParseError::TooDeep => {
            Error::new(ErrorCode::LimitExceeded, path, format!("nested deeper than {} arrays/objects", json::MAX_DEPTH))
        }
        json::ParseError::Syntax(msg) => Error::new(ErrorCode::InvalidJson, path, msg),
    }
}

impl Cart {
    /// Parses and validates a cart given as JSON text.
    pub fn from_json(program: &Program, text: &str) -> Result<Cart> {
        let v = json::parse(text).map_err(|e| json_error(e, "cart"))?;
        Cart::from_value(program, &v)
    }
}

impl Member {
    /// Parses and validates a member given as JSON text.
    pub fn from_json(program: &Program, text: &str) -> Result<Member> {
        let v = json::parse(text).map_err(|e| json_error(e, "member"))?;
        Member::from_value(program, &v)
    }
}
