//! The JS binding: a thin layer that maps JS values to the core's inputs,
//! results to plain JS objects, and errors to real `Error`s carrying `code`,
//! `path` and `message`. No arithmetic or validation lives here.

mod js_input;

use wasm_bindgen::prelude::*;

use crate::error::{Error, ErrorCode};
use crate::json::Value;
use crate::loose::{self, Args, Operation};
use js_input::JsInputError;

/// The TypeScript declarations of `Program` and of every input and output,
/// written by hand (so that optional arguments are optional and every type is
/// precise) and spliced into the `.d.ts` that wasm-bindgen writes;
/// `tests/typescript_types.rs` keeps them in step with the Rust types.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("types.d.ts");

/// Turns a core error into a JS `Error` with `code` and `path` (lightningcss style).
fn js_error(e: Error) -> JsValue {
    let err = js_sys::Error::new(&e.message);
    err.set_name("LoyaltyError");
    let obj: &JsValue = err.as_ref();
    // Setting own properties on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(obj, &"code".into(), &e.code.as_str().into());
    let _ = js_sys::Reflect::set(obj, &"path".into(), &e.path.into());
    err.into()
}

/// One JS argument and its [`stringified`] text, which the `Value` read
/// from it borrows (keys and strings without escapes are not copied again).
struct Arg {
    js: JsValue,
    text: Option<String>,
}

impl Arg {
    fn new(js: JsValue) -> Arg {
        let text = stringified(&js);
        Arg { js, text }
    }

    /// An argument given as JSON text (a JS string): the text itself,
    /// copied into Rust once.
    fn json_text(js: JsValue) -> Arg {
        let text = utf8(js.unchecked_ref());
        Arg { js, text }
    }

    /// An argument JS callers may leave out.
    fn optional(js: Option<JsValue>) -> Arg {
        Arg::new(js.unwrap_or(JsValue::UNDEFINED))
    }

    /// The argument as a `Value` (`None` when absent or `null`), borrowing
    /// from its text; `name` is its path root (`cart`, `member`…).
    fn read(&self, name: &str, code: ErrorCode) -> Result<Option<Value<'_>>, JsValue> {
        let v = &self.js;
        if v.is_undefined() || v.is_null() {
            return Ok(None);
        }
        match js_input::read(v, self.text.as_deref()) {
            Ok(value) => Ok(Some(value)),
            Err(JsInputError::TooDeep) => Err(too_deep(name, v)),
            Err(JsInputError::NotJson(why)) => Err(js_error(Error::new(code, name, why))),
        }
    }
}

/// Fast path: one `JSON.stringify` in JS, parsed in Rust. `None` where it
/// throws (cycles, BigInts): those take the exact walk. (Its `null`s may
/// stand for NaN, ±Infinity or an invalid Date: `js_input::read` checks them.)
fn stringified(v: &JsValue) -> Option<String> {
    if !v.is_object() {
        return None;
    }
    utf8(&js_sys::JSON::stringify(v).ok()?)
}

#[wasm_bindgen]
extern "C" {
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, s: &js_sys::JsString, into: &mut [u8]) -> EncodeIntoResult;
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// Strings from this length on are copied into Rust by `TextEncoder`.
/// A cart's JSON text (4.8 KB in W1) already is: 256 against 4,096 before
/// gave W4 0.96–0.99× and W1 0.97–1.00× the time (`bench/ab.mjs`, a noisy
/// hour; no byte more). An encoder is made per string: the crate keeps no
/// state (`tests/personal_data.rs`).
const ENCODE_FROM_LENGTH: usize = 256;

/// A JS string in Rust. Any but a short one is encoded by
/// `TextEncoder.encodeInto` straight into Rust's memory: the glue behind
/// `as_string` copies ASCII character by character in JS.
pub(super) fn utf8(s: &js_sys::JsString) -> Option<String> {
    let length = s.length() as usize;
    if length < ENCODE_FROM_LENGTH {
        return JsValue::from(s).as_string();
    }
    // One byte per UTF-16 unit (ASCII, as JSON.stringify writes mostly),
    // else room for 3 bytes per unit and once again. (`with_capacity` and
    // `resize`: the bytes are zeroed once, by the allocator, not twice.)
    reserve(length.saturating_mul(RESERVE_PER_INPUT_BYTE));
    let encoder = TextEncoder::new();
    for room in [length, length.saturating_mul(3)] {
        // Fallible: a string too large for the wasm memory is an input that
        // cannot be read (`None`), not an aborted instance.
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(room).ok()?;
        bytes.resize(room, 0);
        let done = encoder.encode_into(s, &mut bytes);
        if done.read() as usize == length {
            bytes.truncate(done.written() as usize);
            return String::from_utf8(bytes).ok();
        }
    }
    None
}

/// Heap bytes set aside per byte of a long input text, before it is read:
/// about what reading it takes at its peak (a 29 MB ledger: 106 MB).
const RESERVE_PER_INPUT_BYTE: usize = 4;

/// Grows the wasm memory at once to about `bytes` (an allocation of what
/// is missing, given back at once: the allocator keeps the room), instead
/// of 64 KB at a time while a large input is read: V8 may collect the whole
/// JS heap on a memory grow, and a 30 MB cart paid ~1.3 s of them on its
/// first call (0.4 s on the next ones). A memory already that large is left
/// as it is.
fn reserve(bytes: usize) {
    const PAGE: usize = 65_536;
    let missing = bytes.saturating_sub(core::arch::wasm32::memory_size(0).saturating_mul(PAGE));
    if missing > 0 {
        // Fallible: memory the runtime refuses leaves the growth to the
        // allocator, step by step, instead of aborting the instance.
        let mut room: Vec<u8> = Vec::new();
        if room.try_reserve_exact(missing).is_ok() {
            std::hint::black_box(&room);
        }
    }
}

/// `limit_exceeded` at argument `name` (`v`): the native message, or, for an
/// object that contains itself (no JSON text can), one that says so.
fn too_deep(name: &str, v: &JsValue) -> JsValue {
    if js_input::is_cyclic(v) {
        return js_error(Error::new(ErrorCode::LimitExceeded, name, "contains itself (a cycle): not JSON data"));
    }
    js_error(crate::input::json_error(crate::json::ParseError::TooDeep, name))
}

/// The options object (`{ now, days, cart, strict }`); `now` defaults to
/// the JS clock.
///
/// Each option is read on its own, so that its depth counts from its own
/// root (a cart in `options.cart` may nest 32 deep like any cart) and its
/// errors name it (`now`, `days`, `cart`, `strict`). With `strict: true`,
/// an option the operation does not take (`{ Now }`) is an error at its name.
struct Options {
    now: Option<Value<'static>>,
    days: Option<Value<'static>>,
    cart: Option<Value<'static>>,
    strict: Option<Value<'static>>,
    /// `strict` is `true` (checked once, by [`Options::read`]).
    is_strict: bool,
}

impl Options {
    /// `known`: the options the operation takes besides `now` and `strict`.
    fn read(v: &Option<JsValue>, known: &[&'static str]) -> Result<Options, JsValue> {
        let mut options = Options { now: None, days: None, cart: None, strict: None, is_strict: false };
        let Some(v) = v.as_ref().filter(|v| !v.is_undefined() && !v.is_null()) else { return Ok(options) };
        if !v.is_object() {
            return Err(js_error(Error::new(ErrorCode::InvalidArgument, "options", "options must be an object")));
        }
        // Owned: options are small (`now`, `days`, `strict`), but for
        // `tierProgress`'s `cart`, which is read once.
        let field = |key: &str, code| -> Result<Option<Value<'static>>, JsValue> {
            let value = js_sys::Reflect::get(v, &JsValue::from_str(key))
                .map_err(|_| js_error(Error::new(ErrorCode::InvalidArgument, key, "could not be read")))?;
            Ok(Arg::new(value).read(key, code)?.map(Value::into_owned))
        };
        options.strict = field("strict", ErrorCode::InvalidArgument)?;
        options.is_strict = loose::read_strict(options.strict.as_ref()).map_err(js_error)?;
        if options.is_strict {
            let mut names = vec!["now", "strict"];
            names.extend_from_slice(known);
            for key in js_sys::Object::keys(v.unchecked_ref::<js_sys::Object>()).iter().filter_map(|k| k.as_string()) {
                if !names.contains(&key.as_str()) {
                    let error = crate::input::unknown_field(crate::input::Reader::ARGUMENT, key.clone(), &key, &names);
                    return Err(js_error(error));
                }
            }
        }
        options.now = field("now", ErrorCode::InvalidArgument)?;
        options.days = field("days", ErrorCode::InvalidArgument)?;
        options.cart = field("cart", ErrorCode::InvalidCart)?;
        Ok(options)
    }

    /// The arguments every operation takes from its options: `now` (this
    /// call's, from [`Options::now`]) and `strict`.
    fn args<'a>(&'a self, now: &'a Value<'a>) -> Args<'a> {
        Args { now: Some(now), strict: self.get("strict"), ..Args::default() }
    }

    fn get(&self, key: &str) -> Option<&Value<'static>> {
        match key {
            "now" => self.now.as_ref(),
            "days" => self.days.as_ref(),
            "cart" => self.cart.as_ref(),
            "strict" => self.strict.as_ref(),
            _ => None,
        }
        .filter(|v| !matches!(v, Value::Null))
    }
    fn now(&self) -> Value<'static> {
        match self.get("now") {
            Some(v) => v.clone(),
            None => Value::String(String::from(js_sys::Date::new_0().to_iso_string()).into()),
        }
    }
}

/// One writer for every output (`Response::to_json`, as natively), then one
/// `JSON.parse`: building the object from wasm, property by property, cost a
/// third of a call (issue 10's note).
fn output(result: crate::Result<loose::Response>) -> Result<JsValue, JsValue> {
    let text = result.and_then(|value| value.to_json()).map_err(js_error)?;
    js_sys::JSON::parse(&text)
}

/// A compiled loyalty program. Compile once with `Program.fromJSON`, then
/// call its operations as often as needed: evaluation does no parsing.
#[wasm_bindgen(js_name = Program, skip_typescript)]
pub struct JsProgram {
    inner: crate::Program,
}

#[wasm_bindgen(js_class = Program)]
impl JsProgram {
    /// Parses and validates a program given as JSON text or as a plain object.
    /// Throws an `Error` with `code` (`invalid_json`, `invalid_program`,
    /// `unsupported_version`, `limit_exceeded`), `path` and `message`.
    #[wasm_bindgen(js_name = fromJSON, skip_typescript)]
    pub fn from_json(input_value: JsValue) -> Result<JsProgram, JsValue> {
        let program;
        let value = if input_value.is_string() {
            program = Arg::json_text(input_value);
            js_input::parse_json_text(&program.js, program.text.as_deref())
                .map_err(|e| js_error(crate::input::json_error(e, "")))?
        } else {
            program = Arg::new(input_value);
            program.read("", ErrorCode::InvalidProgram)?.unwrap_or(Value::Null)
        };
        let inner = crate::Program::from_value(&value).map_err(js_error)?;
        Ok(JsProgram { inner })
    }

    /// Points, cashback and the per-line explanation of a cart (§3).
    #[wasm_bindgen(js_name = previewEarn, skip_typescript)]
    pub fn preview_earn(
        &self,
        cart: JsValue,
        member: Option<JsValue>,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let cart = Arg::new(cart);
        let cart = cart.read("cart", ErrorCode::InvalidCart)?;
        let member = Arg::optional(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args { cart: cart.as_ref(), member: member.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::PreviewEarn, &args))
    }

    /// Tier, qualifying value and what is left to the next tier (§4.1);
    /// `options.cart` adds `withCart`.
    #[wasm_bindgen(js_name = tierProgress, skip_typescript)]
    pub fn tier_progress(&self, member: Option<JsValue>, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let member = Arg::optional(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let options = Options::read(&options, &["cart"])?;
        let now = options.now();
        let args = Args { cart: options.get("cart"), member: member.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::TierProgress, &args))
    }

    /// A ledger member's balance, lots, expiring points and liability (§5.2).
    #[wasm_bindgen(js_name = statement, skip_typescript)]
    pub fn statement(&self, member: JsValue, options: Option<JsValue>) -> Result<JsValue, JsValue> {
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let options = Options::read(&options, &["days"])?;
        let now = options.now();
        let args = Args { member: member.as_ref(), days: options.get("days"), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::Statement, &args))
    }

    /// Every reward on this cart: its value, or why it cannot be redeemed (§5.3).
    #[wasm_bindgen(js_name = redemptionOptions, skip_typescript)]
    pub fn redemption_options(
        &self,
        member: JsValue,
        cart: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let cart = Arg::new(cart);
        let cart = cart.read("cart", ErrorCode::InvalidCart)?;
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args { cart: cart.as_ref(), member: member.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::RedemptionOptions, &args))
    }

    /// Applies rewards in order and previews what the discounted order earns (§5.3).
    #[wasm_bindgen(js_name = applyRedemptions, skip_typescript)]
    pub fn apply_redemptions(
        &self,
        member: JsValue,
        cart: JsValue,
        selections: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let cart = Arg::new(cart);
        let cart = cart.read("cart", ErrorCode::InvalidCart)?;
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let selections = Arg::new(selections);
        let selections = selections.read("selections", ErrorCode::InvalidArgument)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args {
            cart: cart.as_ref(),
            member: member.as_ref(),
            selections: selections.as_ref(),
            ..options.args(&now)
        };
        output(loose::run(&self.inner, Operation::ApplyRedemptions, &args))
    }

    /// What doing `action` (e.g. "review") now would earn, or why not (§5.4).
    #[wasm_bindgen(js_name = previewAction, skip_typescript)]
    pub fn preview_action(
        &self,
        member: JsValue,
        action: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let action = Arg::new(action);
        let action = action.read("action", ErrorCode::InvalidArgument)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args { member: member.as_ref(), action: action.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::PreviewAction, &args))
    }

    /// The order summary: items, shipping, perks, rewards, the total, points
    /// spent and earned, the tier after this order (§9.5).
    #[wasm_bindgen(js_name = checkout, skip_typescript)]
    pub fn checkout(
        &self,
        member: JsValue,
        cart: JsValue,
        selections: Option<JsValue>,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let cart = Arg::new(cart);
        let cart = cart.read("cart", ErrorCode::InvalidCart)?;
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let selections = Arg::optional(selections);
        let selections = selections.read("selections", ErrorCode::InvalidArgument)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args {
            cart: cart.as_ref(),
            member: member.as_ref(),
            selections: selections.as_ref(),
            ..options.args(&now)
        };
        output(loose::run(&self.inner, Operation::Checkout, &args))
    }

    /// What a refund of (part of) an order takes back, and the `return`
    /// event to book (§9.6).
    #[wasm_bindgen(js_name = previewReturn, skip_typescript)]
    pub fn preview_return(
        &self,
        member: JsValue,
        refund: JsValue,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let member = Arg::new(member);
        let member = member.read("member", ErrorCode::InvalidMember)?;
        let refund = Arg::new(refund);
        let refund = refund.read("refund", ErrorCode::InvalidArgument)?;
        let options = Options::read(&options, &[])?;
        let now = options.now();
        let args = Args { member: member.as_ref(), refund: refund.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::PreviewReturn, &args))
    }

    /// "Earn N points" for up to 10,000 products in one call (§5.5).
    #[wasm_bindgen(js_name = productBadges, skip_typescript)]
    pub fn product_badges(
        &self,
        products: JsValue,
        member: Option<JsValue>,
        options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        // Valid products are read straight from their JSON text (no `Value`
        // tree) and the badges come back as JSON text for one `JSON.parse`;
        // anything else takes the general route, which reports the error.
        let products = Arg::new(products);
        let member = Arg::optional(member);
        let member = member.read("member", ErrorCode::InvalidMember);
        let options = Options::read(&options, &[]);
        let plain = products.text.as_deref().filter(|t| !crate::json_cursor::contains_null(t));
        // Strict mode reads every product field: the general route.
        let fast = options.as_ref().ok().filter(|o| !o.is_strict);
        if let (Some(text), Ok(m), Some(o)) = (plain, &member, fast) {
            if let Some(json) = self.badges_text(text, m.as_ref(), &o.now()) {
                return js_sys::JSON::parse(&json);
            }
        }
        // Conversion errors in the order of the arguments, then the loose API.
        let products = products.read("products", ErrorCode::InvalidArgument)?;
        let (member, options) = (member?, options?);
        let now = options.now();
        let args = Args { products: products.as_ref(), member: member.as_ref(), ..options.args(&now) };
        output(loose::run(&self.inner, Operation::ProductBadges, &args))
    }
}

impl JsProgram {
    /// The badges straight from the text `JSON.stringify(products)` wrote
    /// (`badges::BadgeEngine::badges_json_text`). `None` when any input is
    /// not valid or a value is out of range: the loose API then reports the
    /// error, in the order of §6.
    fn badges_text(&self, products: &str, member: Option<&Value>, now: &Value) -> Option<String> {
        let member = match member.filter(|m| !matches!(m, Value::Null)) {
            Some(v) => crate::member::Member::from_value(&self.inner, v).ok()?,
            None => crate::member::Member::guest(),
        };
        let now = loose::read_now(Some(now)).ok()?;
        self.inner.badge_engine(&member, now).ok()?.badges_json_text(products)
    }
}
