//! The one error type of the engine: a stable `code`, the JSON `path` of the
//! offending value and a human `message` (spec §1 "Errors").

use std::fmt;

/// Stable, machine-readable error kinds (spec §1). The snake_case text of each
/// is what JS callers see in `error.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Text that is not JSON (`fromJSON`, `Cart::from_json`, …).
    InvalidJson,
    /// The programme breaks §2 (unknown field, bad value, duplicate id…).
    InvalidProgram,
    /// The cart breaks §3.1 (currency, negative net, too many places…).
    InvalidCart,
    /// The member breaks §5 (snapshot and ledger at once, overdrawn redeem…).
    InvalidMember,
    /// Another argument is bad (`now`, `days`, a selection, a product…).
    InvalidArgument,
    /// A selection names no reward of the programme.
    UnknownReward,
    /// The balance left does not cover a selection.
    InsufficientPoints,
    /// A §1 limit: sizes, nesting, |x| ≤ 10^12 on input, 10^16 computed, year 9999.
    LimitExceeded,
    /// The programme's `version` is not 1.
    UnsupportedVersion,
}

impl ErrorCode {
    /// The code as JS callers see it in `error.code` (`"invalid_cart"`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidProgram => "invalid_program",
            ErrorCode::InvalidCart => "invalid_cart",
            ErrorCode::InvalidMember => "invalid_member",
            ErrorCode::InvalidArgument => "invalid_argument",
            ErrorCode::UnknownReward => "unknown_reward",
            ErrorCode::InsufficientPoints => "insufficient_points",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::UnsupportedVersion => "unsupported_version",
        }
    }
}

/// Why an input was refused: what went wrong, where, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// The stable, machine-readable kind.
    pub code: ErrorCode,
    /// JSON path: `earning[2].per`, `cart.lines[0].quantity`, `""` for the whole program.
    pub path: String,
    /// A human explanation (not stable: match on `code` and `path`).
    pub message: String,
}

impl Error {
    /// An error of `code` at `path`.
    pub fn new(code: ErrorCode, path: impl Into<String>, message: impl Into<String>) -> Self {
        Error { code, path: path.into(), message: message.into() }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.code.as_str(), self.message)
        } else {
            write!(f, "{} at {}: {}", self.code.as_str(), self.path, self.message)
        }
    }
}

impl std::error::Error for Error {}

/// The engine's `Result`: its error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
