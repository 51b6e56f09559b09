//! The loose API: the operations of §6 on JSON values, as the JS binding and
//! the conformance runner receive them. This is the one place that decides
//! the order in which inputs are validated, so every runtime reports the
//! same error for the same input: the program was validated when it was
//! compiled; then the cart (priced), then the member, then the operation's
//! other arguments in the order of its JS signature; then it runs.
//!
//! Absent and `null` arguments are the same (§8); a missing member is a
//! guest, except for `statement`.

use serde::Serialize;

use crate::actions::ActionPreview;
use crate::api::{First, PricedCart};
use crate::badges::{read_products, Badges};
use crate::cart::Cart;
use crate::checkout::Checkout;
use crate::earn::EarnPreview;
use crate::error::{Error, ErrorCode, Result};
use crate::input::{json_error, Fields, Path, Reader};
use crate::json::{self, Value};
use crate::member::Member;
use crate::program::Program;
use crate::redeem::{Application, RedemptionOptions, Selection};
use crate::returns::{Refund, RefundAmount, ReturnPreview};
use crate::statement::Statement;
use crate::tiers::TierProgress;
use crate::time::Timestamp;

/// An operation of §6, by its JS name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    /// `previewEarn(cart, member?, { now })`
    PreviewEarn,
    /// `tierProgress(member?, { now, cart? })`
    TierProgress,
    /// `statement(member, { now, days? })`
    Statement,
    /// `redemptionOptions(member, cart, { now })`
    RedemptionOptions,
    /// `applyRedemptions(member, cart, selections, { now })`
    ApplyRedemptions,
    /// `previewAction(member, action, { now })`
    PreviewAction,
    /// `productBadges(products, member?, { now })`
    ProductBadges,
    /// `checkout(member, cart, selections?, { now })` (§9.5)
    Checkout,
    /// `previewReturn(member, refund, { now })` (§9.6)
    PreviewReturn,
}

impl Operation {
    /// Every operation, in the order of §6.
    pub const ALL: [Operation; 9] = [
        Operation::PreviewEarn,
        Operation::TierProgress,
        Operation::RedemptionOptions,
        Operation::ApplyRedemptions,
        Operation::Statement,
        Operation::PreviewAction,
        Operation::ProductBadges,
        Operation::Checkout,
        Operation::PreviewReturn,
    ];

    /// The operation's JS name (`"previewEarn"`…).
    pub fn name(self) -> &'static str {
        match self {
            Operation::PreviewEarn => "previewEarn",
            Operation::TierProgress => "tierProgress",
            Operation::Statement => "statement",
            Operation::RedemptionOptions => "redemptionOptions",
            Operation::ApplyRedemptions => "applyRedemptions",
            Operation::PreviewAction => "previewAction",
            Operation::ProductBadges => "productBadges",
            Operation::Checkout => "checkout",
            Operation::PreviewReturn => "previewReturn",
        }
    }

    /// The operation named `name` (its JS name), if any.
    pub fn from_name(name: &str) -> Option<Operation> {
        Operation::ALL.into_iter().find(|op| op.name() == name)
    }

    /// Where a computed value beyond the engine's limits is reported (§1).
    fn first(self) -> First {
        match self {
            Operation::PreviewEarn => First::Cart,
            Operation::ProductBadges => First::Products,
            _ => First::Member,
        }
    }
}

/// The answer of an operation: the typed result of the operation called.
/// Serializes as that result (the JSON of the spec).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Response {
    /// `previewEarn`
    Earn(EarnPreview),
    /// `tierProgress`
    TierProgress(TierProgress),
    /// `statement`
    Statement(Statement),
    /// `redemptionOptions`
    RedemptionOptions(RedemptionOptions),
    /// `applyRedemptions`
    Application(Application),
    /// `previewAction`
    Action(ActionPreview),
    /// `productBadges`
    Badges(Badges),
    /// `checkout`
    Checkout(Checkout),
    /// `previewReturn`
    Return(ReturnPreview),
}

impl Response {
    /// The result as compact JSON text, exactly as the npm package returns
    /// it (one writer for every runtime; decimals as text, absent values as
    /// `null`). Hand it to a storefront as it is.
    pub fn to_json(&self) -> Result<String> {
        crate::json_text::to_string(self).map_err(|e| Error::new(ErrorCode::InvalidArgument, "", e.to_string()))
    }
}

/// The arguments of one call, each `None` when absent.
#[derive(Clone, Copy, Default)]
pub(crate) struct Args<'v> {
    pub cart: Option<&'v Value<'v>>,
    pub member: Option<&'v Value<'v>>,
    pub now: Option<&'v Value<'v>>,
    pub days: Option<&'v Value<'v>>,
    pub action: Option<&'v Value<'v>>,
    pub selections: Option<&'v Value<'v>>,
    pub products: Option<&'v Value<'v>>,
    pub refund: Option<&'v Value<'v>>,
    /// `true`: unknown fields of the cart, member, products, selections and
    /// refund are errors (an opt-in for development; default `false`).
    pub strict: Option<&'v Value<'v>>,
}

/// Names of the arguments, as `Program::call` reads them and as error paths name them.
pub(crate) const ARGUMENTS: [&str; 9] =
    ["cart", "member", "now", "days", "action", "selections", "products", "refund", "strict"];

/// `strict` (absent: `false`); read before every other argument, since it
/// changes how they are read.
pub(crate) fn read_strict(v: Option<&Value>) -> Result<bool> {
    present(v).map_or(Ok(false), |v| Reader::ARGUMENT.boolean(v, &Path::Root("strict")))
}

/// A present, non-null value.
fn present<'v>(v: Option<&'v Value<'v>>) -> Option<&'v Value<'v>> {
    v.filter(|v| !matches!(v, Value::Null))
}

fn required<'v>(v: Option<&'v Value<'v>>, name: &'static str, what: &str) -> Result<&'v Value<'v>> {
    present(v).ok_or_else(|| Error::new(ErrorCode::InvalidArgument, name, what))
}

/// Runs `op` on loose arguments, validating them in the order of the module doc.
pub(crate) fn run(program: &Program, op: Operation, args: &Args) -> Result<Response> {
    let first = op.first();
    let strict = read_strict(args.strict)?;
    let cart = present(args.cart).map(|c| Cart::read(program, c, strict)).transpose()?;
    let priced = cart.as_ref().map(|c| PricedCart::new(program, c, first)).transpose()?;
    let member = match present(args.member) {
        Some(v) => Member::read(program, v, strict)?,
        None => Member::guest(),
    };
    let needs_cart =
        || priced.as_ref().ok_or_else(|| Error::new(ErrorCode::InvalidArgument, "cart", "a cart is required"));
    Ok(match op {
        Operation::PreviewEarn => {
            let cart = needs_cart()?;
            let now = read_now(args.now)?;
            // A ledger is replayed (validated) even where only the tier is needed.
            crate::api::MemberAt::new(program, &member, now, first)?;
            Response::Earn(program.earn_on(cart, &member, now, first)?)
        }
        Operation::TierProgress => {
            let now = read_now(args.now)?;
            crate::api::MemberAt::new(program, &member, now, first)?;
            Response::TierProgress(program.progress_on(&member, priced.as_ref(), now)?)
        }
        Operation::Statement => {
            required(args.member, "member", "statement needs a member")?;
            let now = read_now(args.now)?;
            let days = match present(args.days) {
                Some(v) => Reader::ARGUMENT.integer(v, &Path::Root("days"), 0, 36_500)?,
                None => 30,
            };
            Response::Statement(program.statement(&member, now, u32::try_from(days).unwrap_or(30))?)
        }
        Operation::RedemptionOptions => {
            let cart = needs_cart()?;
            let now = read_now(args.now)?;
            Response::RedemptionOptions(program.options_on(&member, cart, now)?)
        }
        Operation::ApplyRedemptions => {
            let cart = needs_cart()?;
            let now = read_now(args.now)?;
            let (selections, unreadable) = read_selections(program, args.selections, strict)?;
            Response::Application(program.apply_on(&member, cart, &selections, &unreadable, now)?)
        }
        Operation::PreviewAction => {
            let now = read_now(args.now)?;
            let action = required(args.action, "action", "an action name is required")?;
            let action = Reader::ARGUMENT.string(action, &Path::Root("action"))?;
            Response::Action(program.preview_action(Some(&member), action, now)?)
        }
        Operation::ProductBadges => {
            let products = read_products(required(args.products, "products", "products are required")?, strict)?;
            let now = read_now(args.now)?;
            Response::Badges(program.product_badges(&products, Some(&member), now)?)
        }
        Operation::Checkout => {
            let cart = needs_cart()?;
            let now = read_now(args.now)?;
            // Selections are optional here (default: none).
            let (selections, unreadable) = match present(args.selections) {
                Some(v) => read_selections(program, Some(v), strict)?,
                None => (Vec::new(), Vec::new()),
            };
            Response::Checkout(program.checkout_on(&member, cart, &selections, &unreadable, now)?)
        }
        Operation::PreviewReturn => {
            let now = read_now(args.now)?;
            if !member.is_ledger() {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    "member",
                    "previewReturn needs a ledger member (events)",
                ));
            }
            let refund = read_refund(program, args.refund, strict)?;
            Response::Return(program.preview_return(&member, &refund, now)?)
        }
    })
}

/// Reads `refund` (§9.6, §9.7): `{orderId, amount}` or `{orderId, full: true}`.
fn read_refund(program: &Program, v: Option<&Value>, strict: bool) -> Result<Refund> {
    let r = Reader::ARGUMENT;
    let root = Path::Root("refund");
    let v = required(v, "refund", "a refund ({ orderId, amount } or { orderId, full: true }) is required")?;
    if !matches!(v, Value::Object(_)) {
        return Err(r.error(&root, "a refund is an object: { orderId, amount } or { orderId, full: true }"));
    }
    let f = Fields::of(r, v, &root)?;
    f.known(&["orderId", "amount", "full"], strict)?;
    let order_id = f.required_string("orderId")?.to_owned();
    let amount = match (f.get("amount"), f.get("full")) {
        (Some(_), Some(_)) | (None, None) => {
            return Err(r.error(&root, "give either amount or full: true, not both or neither"));
        }
        (None, Some(Value::Bool(true))) => RefundAmount::Full,
        (None, Some(_)) => return Err(r.error(&root.key("full"), "full must be the boolean true")),
        (Some(a), None) => {
            RefundAmount::Amount(r.amount(a, &root.key("amount"), true, Some(program.currency_decimals))?)
        }
    };
    Ok(Refund { order_id, amount })
}

pub(crate) fn read_now(now: Option<&Value>) -> Result<Timestamp> {
    Reader::ARGUMENT.timestamp(required(now, "now", "now is required")?, &Path::Root("now"))
}

/// Reads the selections. A bad `points` is not reported here: it matters only
/// for pay_with_points, and only after the selection's eligibility (§8), so
/// its error is handed to the application, which raises it at that moment.
fn read_selections(program: &Program, v: Option<&Value>, strict: bool) -> Result<(Vec<Selection>, Vec<Option<Error>>)> {
    let r = Reader::ARGUMENT;
    let root = Path::Root("selections");
    let items = r.array(required(v, "selections", "selections are required")?, &root)?;
    let mut selections = Vec::with_capacity(items.len());
    let mut unreadable = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let p = root.index(i);
        let f = Fields::of(r, item, &p)?;
        f.known(&["reward", "points"], strict)?;
        let reward = r.string(f.required("reward")?, &p.key("reward"))?.to_owned();
        let (points, error) = match f.get("points") {
            None => (None, None),
            Some(v) => match r.amount(v, &p.key("points"), false, Some(program.points.decimals)) {
                Ok(x) => (Some(x), None),
                Err(e) => (None, Some(e)),
            },
        };
        selections.push(Selection { reward, points });
        unreadable.push(error);
    }
    Ok((selections, unreadable))
}

impl Program {
    /// Runs the operation `op` on its arguments given as one JSON object text
    /// (`{"cart": …, "member": …, "now": "2026-11-24T10:00:00Z"}`; the keys
    /// are the argument names of §6: `cart`, `member`, `now`, `days`,
    /// `action`, `selections`, `products`, `refund`, and `strict`), exactly as the JS binding would:
    /// a missing member is a guest, unknown keys are ignored (errors with
    /// `"strict": true`, like unknown fields of the inputs), inputs are
    /// validated in one fixed order and every error carries its path. For a
    /// server that receives the storefront's JSON and wants the answer the
    /// browser showed. Each argument may nest 32 deep from its own root.
    ///
    /// ```
    /// use loyalty_engine::{Operation, Program};
    /// let program = Program::from_json(r#"{"version":1,"currency":"USD",
    ///     "earning":[{"id":"base","type":"spend","points":"1"}]}"#)?;
    /// let answer = program.call(Operation::PreviewEarn, r#"{"now":"2026-11-24T10:00:00Z",
    ///     "cart":{"currency":"USD","lines":[{"sku":"A","unitPrice":"12.50","quantity":2}]}}"#)?;
    /// match answer {
    ///     loyalty_engine::Response::Earn(earn) => assert_eq!(earn.points.to_string(), "25"),
    ///     _ => unreachable!(),
    /// }
    /// # Ok::<(), loyalty_engine::Error>(())
    /// ```
    pub fn call(&self, op: Operation, args: &str) -> Result<Response> {
        // Each argument may nest 32 deep from its own root: one too deep is
        // reported at its name, as the JS binding reads each on its own.
        let value = json::parse_document(args, json::MAX_DEPTH + 1).map_err(|e| {
            let at = match e {
                json::ParseError::TooDeep => json::too_deep_member(args, json::MAX_DEPTH + 1),
                json::ParseError::Syntax(_) => None,
            };
            json_error(e, at.as_deref().unwrap_or(""))
        })?;
        let Value::Object(entries) = &value else {
            return Err(Error::new(ErrorCode::InvalidArgument, "", "the arguments must be a JSON object"));
        };
        let get = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        for key in ARGUMENTS {
            if get(key).is_some_and(|v| v.depth() > json::MAX_DEPTH) {
                return Err(json_error(json::ParseError::TooDeep, key));
            }
        }
        let strict = read_strict(get("strict"))?;
        Fields::of(Reader::ARGUMENT, &value, &Path::Root(""))?.known(&ARGUMENTS, strict)?;
        let args = Args {
            cart: get("cart"),
            member: get("member"),
            now: get("now"),
            days: get("days"),
            action: get("action"),
            selections: get("selections"),
            products: get("products"),
            refund: get("refund"),
            strict: get("strict"),
        };
        run(self, op, &args)
    }
}
