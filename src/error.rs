//! The one error type of the engine: a stable `code`, the JSON `path` of the
//! offending value and a human `message` (spec §1 "Errors").

use std::fmt;

/// Stable, machine-readable error kinds (spec §1). The snake_case text of each
/// is what JS callers see in `error.code`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidJson,
    InvalidProgram,
    InvalidCart,
    InvalidMember,
    InvalidArgument,
    UnknownReward,
    InsufficientPoints,
    LimitExceeded,
    UnsupportedVersion,
}

impl ErrorCode {
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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    /// JSON path: `earning[2].per`, `cart.lines[0].quantity`, `""` for the whole program.
    pub path: String,
    pub message: String,
}

impl Error {
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

pub type Result<T, E = Error> = std::result::Result<T, E>;
