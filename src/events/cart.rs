//! Cart abandonment counted from an event log: the units (actors or
//! sessions) with a cart (or checkout) event, and those of them with an
//! order event after it within the window, by the rules of
//! [`funnel`](super::funnel) (an ordered funnel of two steps). With
//! counts, it is [`cart_abandonment`](crate::rates::cart_abandonment).

use super::{funnel_with, CountBy, EventMatch, FunnelOptions, Plan, Step, Window};
use crate::error::Result;
use crate::kpi::{InvalidEntry, InvalidPolicy};
use crate::rates::{cart_abandonment, Basis, CartAbandonment, CartCounts, CartOptions, IntervalMethod};
use serde::{Deserialize, Serialize};

/// Options of `cartAbandonment` in the table module.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CartEventOptions {
    /// Confidence level (0.95).
    pub confidence: f64,
    /// Interval method (Wilson).
    pub method: IntervalMethod,
    /// `"cart"` (default) or `"checkout"`.
    pub basis: Basis,
    /// Events: the cart event (`"add_to_cart"`, GA4's recommended name).
    pub cart: String,
    /// The checkout event (`"begin_checkout"`).
    pub checkout: String,
    /// The order event (`"purchase"`).
    pub order: String,
    /// Events: how long after the cart an order counts (14 days).
    pub window: Option<Window>,
    /// Events: `"actor"` (default) or `"session"`.
    pub count_by: CountBy,
    /// Events: what to do with an invalid event.
    pub invalid: InvalidPolicy,
}

impl Default for CartEventOptions {
    fn default() -> Self {
        CartEventOptions {
            confidence: 0.95,
            method: IntervalMethod::Wilson,
            basis: Basis::Cart,
            cart: "add_to_cart".into(),
            checkout: "begin_checkout".into(),
            order: "purchase".into(),
            window: None,
            count_by: CountBy::Actor,
            invalid: InvalidPolicy::Error,
        }
    }
}

/// Counts, or an event log.
pub enum CartInput<'a> {
    /// `{ cartsCreated?, checkoutsStarted?, ordersCompleted }`.
    Counts(CartCounts),
    /// Events.
    Events(crate::wire::args::OpenTable<'a>),
}

impl<'a> crate::wire::args::Arg<'a> for CartInput<'a> {
    const ANY_FIELDS: bool = true;
    fn read(v: crate::wire::Value<'a>, name: &'static str) -> Result<Self> {
        use crate::wire::V;
        if let V::Object(o) = v.get() {
            if o.get("ordersCompleted").is_some_and(|x| !matches!(x.get(), V::Array(_) | V::Column(_))) {
                return CartCounts::read(v, name).map(CartInput::Counts);
            }
        }
        Ok(CartInput::Events(crate::wire::args::OpenTable(v)))
    }
}

/// The result of `cartAbandonment` in the table module: that of the
/// counts, with what was read from events.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CartResult {
    /// The rate, its counts and interval.
    #[serde(flatten)]
    pub abandonment: CartAbandonment,
    /// Valid events read (0 for counts).
    pub events: u64,
    /// Invalid events left out.
    pub skipped: u64,
    /// The first 100 of them.
    pub invalid: Vec<InvalidEntry>,
}

/// `cartAbandonment(countsOrEvents, options)`.
///
/// # Errors
/// As [`cart_abandonment`] for counts; as [`funnel`] for events.
pub fn cart_abandonment_of(input: CartInput<'_>, o: &CartEventOptions) -> Result<CartResult> {
    let counts = CartOptions { confidence: o.confidence, method: o.method, basis: o.basis };
    match input {
        CartInput::Counts(c) => Ok(CartResult { abandonment: cart_abandonment(&c, &counts)?, events: 0, skipped: 0, invalid: Vec::new() }),
        CartInput::Events(data) => {
            let first = match o.basis {
                Basis::Cart => &o.cart,
                Basis::Checkout => &o.checkout,
            };
            let step = |e: &str| Step(EventMatch { event: e.to_string(), ..EventMatch::default() });
            let f = FunnelOptions {
                steps: vec![step(first), step(&o.order)],
                window: o.window,
                count_by: o.count_by,
                confidence: o.confidence,
                invalid: o.invalid,
                ..FunnelOptions::default()
            };
            // The steps' errors name the options they were made from.
            let from = [if o.basis == Basis::Cart { "cart" } else { "checkout" }, "order"];
            let plan = Plan::new(&f).map_err(|e| match e {
                crate::error::Error::InvalidOption { option, rule } if option == "steps[0]" || option == "steps[1]" => {
                    crate::error::Error::option(from[usize::from(option == "steps[1]")], rule)
                }
                e => e,
            })?;
            let fields = plan.fields(&f);
            let schema = super::schema(&fields);
            let table = crate::wire::table::read_table(data.0, &schema)?;
            let r = funnel_with(&table, &f, &plan)?;
            let (total, orders) = (r.steps[0].count, r.steps[1].count);
            let c = CartCounts {
                carts_created: (o.basis == Basis::Cart).then_some(total as f64),
                checkouts_started: (o.basis == Basis::Checkout).then_some(total as f64),
                orders_completed: orders as f64,
            };
            Ok(CartResult { abandonment: cart_abandonment(&c, &counts)?, events: r.events, skipped: r.skipped, invalid: r.invalid })
        }
    }
}
