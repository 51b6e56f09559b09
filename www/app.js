// Kettle & Crumb: the demo storefront of loyalty-engine.
// Every Star, tier, expiry and reward shown here comes from the wasm package
// (pkg/web), called with the sample JSON of www/sample/. The page only builds
// the engine's inputs and formats its decimal strings: the order summary is
// `checkout`, a return is `previewReturn`, and the page adds up nothing.
import init, { Program } from "/pkg/web/loyalty_engine.js";
import * as fmt from "./lib/format.js";
import { art, LOGO, STAR } from "./lib/art.js";
import {
  NOW_DEFAULT, PAYMENT_METHODS, buildCart, badgeProducts, shippingFor, isLedger, isEngineError, reasonText,
  isZero, withPaidTier, orderEvents,
} from "./lib/shop.js";

const $ = (id) => document.getElementById(id);
const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ESC[c]);
const MAX_QTY = 99;

// ------------------------------------------------------------------ data
let program; // compiled Program
let P; // program JSON
let products; // [{sku, name, detail, art, color, categories, tags, price}]
let memberDefs; // {default, paidTier: {tier, tierUntil}, members: [{key, label, description, member}]}
let cartDefaults; // {currency, channel, paymentMethod, shippingFlat, items}
let NOW = NOW_DEFAULT;
let STARS = "Points";
let CUR = "USD";
const ruleById = new Map();
const rewardById = new Map();

const state = {
  memberKey: "",
  items: [], // [{sku, quantity: integer}]
  paymentMethod: "card",
  selections: [], // [{reward, points?}] in the order applied
  booked: {}, // memberKey -> extra ledger events recorded in this demo
  club: {}, // memberKey -> true while the paid tier is switched on (member.tier + member.tierUntil)
  returnDraft: null, // {key, orderId, amount} while a return is being previewed
  orders: 0,
  notices: [],
};

const money = (d) => fmt.money(d, CUR);
const pts = (d) => fmt.pointsText(d, STARS);
const productBySku = (sku) => products.find((p) => p.sku === sku);
const memberDef = () => memberDefs.members.find((m) => m.key === state.memberKey);
const levelOf = (id) => (P.tiers?.levels || []).find((l) => l.id === id);
const tierName = (id) => levelOf(id)?.name || id;
const paidLevel = () => levelOf(memberDefs.paidTier?.tier);

function currentMember() {
  const def = memberDef();
  if (!def || def.member == null) return null;
  let m = structuredClone(def.member);
  if (isLedger(m)) m.events.push(...(state.booked[def.key] || []));
  if (state.club[def.key]) m = withPaidTier(m, memberDefs.paidTier);
  return m;
}

async function loadJson(path) {
  const res = await fetch(path, { cache: "no-store" });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.json();
}

// ------------------------------------------------------------------ errors and notices
function showError(e, context) {
  const box = $("error");
  if (isEngineError(e)) {
    box.innerHTML = `<strong>The loyalty engine could not ${esc(context || "work this out")}.</strong>
      <span>${esc(e.message)}</span> <code>${esc(e.code)}${e.path ? ` at ${esc(e.path)}` : ""}</code>`;
  } else {
    console.error(e); // a real bug: the page or the package misbehaved
    box.innerHTML = `<strong>Something went wrong in the demo page.</strong> <span>${esc(e && e.message)}</span>`;
  }
  box.hidden = false;
}

function clearError() {
  $("error").hidden = true;
  $("error").textContent = "";
}

function notify(text) {
  state.notices.push(text);
}

// ------------------------------------------------------------------ the engine calls
/** The order summary (`checkout`) with state.selections, dropping (with a polite notice) any the engine refuses. */
function applySelections(member, cart, options) {
  const optById = new Map(options.options.map((o) => [o.id, o]));
  // Rewards that stopped being possible since they were chosen (cart changed).
  state.selections = state.selections.filter((s) => {
    const o = optById.get(s.reward);
    if (o && o.eligible) return true;
    const reward = rewardById.get(s.reward);
    notify(`“${reward?.name || s.reward}” was taken off: ${o ? reasonText(o, reasonCtx(reward)).toLowerCase() : "unknown reward"}.`);
    return false;
  });
  for (let guard = 0; guard <= state.selections.length + 1; guard++) {
    try {
      return program.checkout(member, cart, state.selections, { now: NOW });
    } catch (e) {
      if (!isEngineError(e)) throw e;
      const m = /^selections\[(\d+)\](\.points)?/.exec(e.path);
      if (!m) throw e;
      const i = Number(m[1]);
      const sel = state.selections[i];
      const name = rewardById.get(sel?.reward)?.name || sel?.reward;
      if (m[2] && sel) {
        delete sel.points; // an amount that no longer fits: back to the usable maximum
        notify(`The Stars used for “${name}” were reset to what this cart allows.`);
      } else {
        state.selections.splice(i, 1);
        notify(
          e.code === "insufficient_points"
            ? `Not enough Stars left for “${name}” on top of the rewards already applied.`
            : `“${name}” cannot be combined with the rewards already applied here.`,
        );
      }
    }
  }
  return program.checkout(member, cart, [], { now: NOW });
}

function compute() {
  const member = currentMember();
  const now = { now: NOW };
  const shipping = shippingFor(state.items, cartDefaults.shippingFlat);
  const cart = buildCart(products, state.items, {
    currency: CUR, channel: cartDefaults.channel, paymentMethod: state.paymentMethod, shipping,
  });
  const badges = program.productBadges(badgeProducts(products), member, now).badges;
  const earn = program.previewEarn(cart, member, now); // before rewards (after tier perks)
  const options = program.redemptionOptions(member, cart, now);
  const result = applySelections(member, cart, options); // checkout: the order summary
  const tier = P.tiers ? program.tierProgress(member, { now: NOW, cart }) : null;
  const tierAfter = tier && state.items.length ? tierAfterOrder(member, result, tier) : null;
  const statement = isLedger(member) ? program.statement(member, { now: NOW, days: 30 }) : null;
  const actions = actionRules().map((r) => ({ rule: r, preview: program.previewAction(member, r.action, now) }));
  const returns = isLedger(member) ? returnPreviews(member) : null;
  return { member, cart, shipping, badges, earn, options, result, tier, tierAfter, statement, actions, returns };
}

/**
 * Where this order leaves the tier: checkout's `tier` (after, upgrades) and the qualifying value after it.
 * For a ledger, the engine's tierProgress of the ledger with this very order booked (what the page shows once
 * it is placed); otherwise tierProgress's withCart, which equals it while no reward is applied (with rewards,
 * only checkout knows the earn, and it gives no qualifying value: the number is then left out).
 */
function tierAfterOrder(member, summary, tier) {
  const after = summary.tier;
  if (isLedger(member)) {
    const booked = structuredClone(member);
    booked.events.push(...orderEvents(summary, { at: NOW, orderId: "preview" }));
    const t = program.tierProgress(booked, { now: NOW });
    return { ...after, qualifyingValue: t.qualifyingValue };
  }
  if (summary.applied.length === 0 && tier.withCart) return { ...after, qualifyingValue: tier.withCart.qualifyingValue };
  return { ...after, qualifyingValue: null };
}

/** previewReturn of every order in the ledger that has something left to return (full), and of the draft. */
function returnPreviews(member) {
  const full = new Map();
  for (const e of member.events) {
    if (e.type !== "purchase" || !e.orderId || full.has(e.orderId)) continue;
    try {
      full.set(e.orderId, program.previewReturn(member, { orderId: e.orderId, full: true }, { now: NOW }));
    } catch (err) {
      if (!isEngineError(err)) throw err;
      full.set(e.orderId, null); // nothing left to return, or not yet placed at this clock
    }
  }
  const d = state.returnDraft;
  let draft = null;
  if (d && d.key === state.memberKey && full.has(d.orderId)) {
    try {
      draft = { orderId: d.orderId, amount: d.amount, preview: program.previewReturn(member, refundOf(d), { now: NOW }) };
    } catch (err) {
      if (!isEngineError(err)) throw err;
      draft = { orderId: d.orderId, amount: d.amount, error: err };
    }
  }
  return { full, draft };
}

function refundOf(draft) {
  const amount = String(draft.amount ?? "").trim();
  return amount === "" ? { orderId: draft.orderId, full: true } : { orderId: draft.orderId, amount };
}

function actionRules() {
  const seen = new Set();
  return (P.earning || []).filter((r) => r.type === "action" && !seen.has(r.action) && seen.add(r.action));
}

// ------------------------------------------------------------------ rendering helpers
const ICONS = {
  amount_off: `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 12V4h8l10 10-8 8z" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><circle cx="7.5" cy="8.5" r="1.6" fill="currentColor"/></svg>`,
  percent_off: `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M5 19L19 5" stroke="currentColor" stroke-width="2" stroke-linecap="round"/><circle cx="7" cy="7" r="2.5" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="17" cy="17" r="2.5" fill="none" stroke="currentColor" stroke-width="2"/></svg>`,
  free_shipping: `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M2 6h11v10H2zM13 10h4l3 3v3h-7" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/><circle cx="6" cy="17.5" r="2" fill="currentColor"/><circle cx="17" cy="17.5" r="2" fill="currentColor"/></svg>`,
  free_product: `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M3 9h18v4H3zM5 13h14v8H5zM12 9v12M12 9c-2-4-7-4-6-1s6 1 6 1c2-4 7-4 6-1s-6 1-6 1" fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"/></svg>`,
  pay_with_points: STAR,
};

function reasonCtx(reward) {
  return { reward: reward || {}, program: P, products, fmtMoney: money, fmtPoints: pts };
}

function ruleName(id) {
  return ruleById.get(id)?.name || id;
}

function initials(label) {
  return label.split(/\s+/).map((w) => w[0]).join("").slice(0, 2).toUpperCase();
}

function cashbackRuleFor(method) {
  return (P.earning || []).find((r) => r.type === "cashback" && (r.when?.paymentMethods || []).includes(method));
}

// ------------------------------------------------------------------ sections
function renderPromo() {
  const offers = (P.earning || []).filter((r) => ["multiplier", "bonus", "cashback"].includes(r.type) && r.name).map((r) => r.name);
  const perks = (P.tiers?.levels || []).filter((l) => l.perks && l.benefits?.label).map((l) => `${l.name || l.id}: ${l.benefits.label}`);
  $("promo").innerHTML = `<div class="wrap promo-inner">${[...offers, ...perks]
    .map((t) => `<span class="promo-item">${STAR}${esc(t)}</span>`)
    .join("")}</div>`;
}

function renderHow() {
  const earning = (P.earning || []).filter((r) => r.type !== "action" && r.name);
  const actions = actionRules();
  const ex = P.expiry || { type: "never" };
  const expiry = {
    never: `${STARS} never expire.`,
    rolling: `${STARS} expire ${ex.months} months after you earn them.`,
    inactivity: `${STARS} expire after ${ex.months} months without activity.`,
    end_of_year: `${STARS} expire at the end of the year after you earn them.`,
  }[ex.type];
  const t = P.tiers;
  const metric = t ? { points: `${STARS} earned on purchases`, spend: "spend", orders: "orders" }[t.metric] : "";
  const windowText = t ? { calendar_year: "each calendar year", rolling_months: `over the last ${t.window.months} months`, lifetime: "ever" }[t.window.type] : "";
  const keepText = t?.retention === "next_window" ? " A tier you reach is yours through the following year too." : "";
  const rewards = (P.rewards || []).map((r) => `<li>${esc(r.name || r.id)} <span class="muted">${
    r.type === "pay_with_points" ? `${esc(money(r.pointValue))} per ${esc(fmt.pointsLabel("1", STARS))}` : esc(pts(r.cost))}</span></li>`).join("");
  $("how").innerHTML = `
    <h2>How ${esc(P.name)} work</h2>
    <div class="how-grid">
      <div class="how-col">
        <p class="eyebrow">Earn</p>
        <ul class="ticks">${earning.map((r) => `<li>${esc(r.name)}</li>`).join("")}
          ${actions.map((r) => `<li>${esc(r.name || r.action)}: +${esc(fmt.points(r.points))} ${esc(STARS)}</li>`).join("")}</ul>
      </div>
      <div class="how-col">
        <p class="eyebrow">Climb &amp; keep</p>
        <p>Your tier counts ${esc(metric)} ${esc(windowText)}.${esc(keepText)}</p>
        <p>${esc(expiry)} Gift cards earn no ${esc(STARS)}.</p>
        ${P.maxPointsPerOrder ? `<p class="muted small">Up to ${esc(pts(P.maxPointsPerOrder))} per order.</p>` : ""}
      </div>
      <div class="how-col">
        <p class="eyebrow">Redeem</p>
        <ul class="ticks">${rewards}</ul>
      </div>
    </div>`;
}

function renderMembers() {
  $("member-options").innerHTML = memberDefs.members
    .map((m) => `
      <label class="seg ${m.key === state.memberKey ? "on" : ""}" data-testid="member-${esc(m.key)}">
        <input type="radio" name="member" value="${esc(m.key)}" ${m.key === state.memberKey ? "checked" : ""} data-action="member">
        <span class="seg-title">${esc(m.label)}</span>
        <span class="seg-sub">${esc(m.description)}</span>
      </label>`)
    .join("");
}

function renderTier(v) {
  const def = memberDef();
  const t = v.tier;
  const card = $("tier-card");
  if (!t) {
    card.innerHTML = `<p class="muted">This program has no tiers.</p>`;
    return;
  }
  const guest = v.member == null;
  const level = t.current.id;
  const highlights = (b) => (b?.highlights || []).map((p) => `<li>${esc(p)}</li>`).join("");
  const perks = highlights(t.current.benefits);
  const nextPerks = highlights(t.next?.benefits);
  const pct = Math.min(100, Number(t.progress) * 100); // presentation only (a CSS width)
  const a = v.tierAfter;
  let ghost = pct;
  if (t.next && a?.qualifyingValue != null) ghost = Math.min(100, (Number(a.qualifyingValue) / Number(t.next.threshold)) * 100);
  let withCart = "";
  if (a) {
    const qv = a.qualifyingValue == null ? "" : `<strong data-value="${esc(a.qualifyingValue)}">${esc(fmt.points(a.qualifyingValue))}</strong>`;
    withCart = a.upgrades
      ? `<p class="with-cart up" data-testid="tier-with-cart" data-value="${esc(a.after)}">${STAR} This order takes you to <strong>${esc(tierName(a.after))}</strong>!</p>`
      : !qv
        ? `<p class="with-cart" data-testid="tier-with-cart" data-value="${esc(a.after)}">After this order you are still <strong>${esc(tierName(a.after))}</strong></p>`
        : t.next
          ? `<p class="with-cart" data-testid="tier-with-cart" data-value="${esc(a.after)}">This order takes you to ${qv} of ${esc(fmt.points(t.next.threshold))} ${esc(STARS)}</p>`
          : `<p class="with-cart" data-testid="tier-with-cart" data-value="${esc(a.after)}">After this order: ${qv} ${esc(STARS)} this year</p>`;
  }
  const keep = t.keep.validUntil
    ? `${esc(tierName(t.keep.id))} is yours until ${esc(fmt.date(t.keep.validUntil))}`
    : `${esc(tierName(t.keep.id))} tier`;
  const paid = paidLevel();
  const clubOn = !!state.club[state.memberKey];
  const club = paid && !guest ? `
    <label class="club-toggle ${clubOn ? "on" : ""}" data-testid="club">
      <input type="checkbox" data-action="club" data-testid="club-toggle" ${clubOn ? "checked" : ""}>
      <span><strong>${esc(paid.name || paid.id)}</strong> <span class="muted small">paid membership${paid.benefits?.price ? `, ${esc(money(paid.benefits.price))} a year` : ""}${
        paid.benefits?.label ? `: ${esc(paid.benefits.label)}` : ""}</span>${
        clubOn ? `<span class="muted small" data-testid="club-until"> · ${level === paid.id ? "active" : `${esc(t.current.name)} ranks higher`} until ${esc(fmt.date(memberDefs.paidTier.tierUntil))}</span>` : ""}</span>
    </label>` : "";
  card.innerHTML = `
    <div class="tier-top">
      <span class="avatar tier-${esc(level)}" aria-hidden="true">${esc(guest ? "?" : initials(def.label))}</span>
      <div>
        <h3 data-testid="member-name">${esc(guest ? "Guest" : def.label)}</h3>
        <p class="tier-line">
          <span class="tier-badge tier-${esc(level)}" data-testid="tier-name">${esc(t.current.name)}</span>
          <span class="muted" data-testid="tier-multiplier">${esc(fmt.times(t.current.earnMultiplier))} ${esc(STARS)}</span>
        </p>
      </div>
    </div>
    <div class="progress-label">
      <span><strong data-testid="tier-qualifying" data-value="${esc(t.qualifyingValue)}">${esc(fmt.points(t.qualifyingValue))}</strong>${t.next ? ` / ${esc(fmt.points(t.next.threshold))}` : ""} ${esc(STARS)} this year</span>
      <span class="muted">${t.next ? esc(t.next.name) : "Top tier"}</span>
    </div>
    <div class="progress" role="progressbar" aria-label="${esc(t.next ? `Progress to ${t.next.name}` : "Top tier reached")}"
         aria-valuemin="0" aria-valuemax="100" aria-valuenow="${Math.floor(pct)}" data-testid="tier-progress" data-value="${esc(t.progress)}">
      <div class="ghost" style="width:${ghost.toFixed(2)}%"></div>
      <div class="fill tier-${esc(level)}" style="width:${pct.toFixed(2)}%"></div>
    </div>
    ${t.next
      ? `<p class="tier-remaining"><strong data-testid="tier-remaining" data-value="${esc(t.remaining)}">${esc(pts(t.remaining))} to ${esc(t.next.name)}</strong>${
          t.spendToNext ? ` <span class="muted">· about <span data-testid="tier-spend-to-next" data-value="${esc(t.spendToNext)}">${esc(money(t.spendToNext))}</span> of shopping</span>` : ""}</p>`
      : `<p class="tier-remaining"><strong data-testid="tier-remaining">Top tier: the best perks are yours</strong></p>`}
    ${withCart}
    <p class="muted small" data-testid="tier-keep">${guest ? `Join free: you start at ${esc(t.current.name)}` : keep}${t.windowEnds ? ` · the year resets ${esc(fmt.date(t.windowEnds))}` : ""}</p>
    <div class="perks">
      <div><p class="eyebrow">${esc(t.current.name)} perks</p><ul data-testid="tier-perks">${perks || "<li>—</li>"}</ul></div>
      ${t.next ? `<div class="next-perks"><p class="eyebrow">Unlock at ${esc(t.next.name)}</p><ul>${nextPerks || "<li>—</li>"}</ul></div>` : ""}
    </div>
    ${club}`;
}

function renderBalance(v) {
  const card = $("balance-card");
  const s = v.statement;
  const def = memberDef();
  if (v.member == null) {
    card.innerHTML = `
      <p class="eyebrow">Not signed in</p>
      <p class="balance-big">0 <span>${esc(STARS)}</span></p>
      <p>Join ${esc(P.name)} for free and this order would earn
        <strong data-testid="guest-earn">${esc(pts(v.result.earn.points))}</strong>${
          !isZero(v.result.earn.bonusPoints) ? `, bonuses included` : ""}.</p>
      <p class="muted small">${esc(String((P.rewards || []).length))} rewards to spend them on, from free shipping to money off.</p>`;
    return;
  }
  const balance = s ? s.balance : v.options.balance;
  let body = "";
  if (s) {
    const soon = s.expiringSoon
      .map((x) => `<li data-testid="expiring" data-value="${esc(x.points)}"><strong>${esc(pts(x.points))}</strong> expire on ${esc(fmt.date(x.expiresAt))}</li>`)
      .join("");
    const events = [...v.member.events].slice(-8).reverse().map((e) => eventRow(e, v.returns)).join("");
    body = `
      ${soon
        ? `<div class="expiring-box"><p class="eyebrow">Use them or lose them</p><ul>${soon}</ul></div>`
        : `<p class="muted small" data-testid="expiring-none">Nothing expires in the next 30 days.</p>`}
      <dl class="stats">
        <div><dt>Earned</dt><dd data-testid="lifetime-earned" data-value="${esc(s.lifetimeEarned)}">${esc(fmt.points(s.lifetimeEarned))}</dd></div>
        <div><dt>Redeemed</dt><dd data-testid="lifetime-redeemed" data-value="${esc(s.lifetimeRedeemed)}">${esc(fmt.points(s.lifetimeRedeemed))}</dd></div>
        <div><dt>Expired</dt><dd data-testid="expired" data-value="${esc(s.expired)}">${esc(fmt.points(s.expired))}</dd></div>
      </dl>
      ${isZero(s.owed) ? "" : `<p class="owed small" data-testid="owed" data-value="${esc(s.owed)}">${esc(pts(s.owed))} owed after a return: your next ${esc(STARS)} pay it back first.</p>`}
      <p class="eyebrow">Recent activity</p>
      <ul class="activity" data-testid="activity">${events}</ul>
      ${returnBox(v.returns)}`;
  } else {
    body = `<p class="muted small" data-testid="snapshot-note">${esc(def.label)}'s account is a snapshot of figures (no event history), so there is no expiry statement to show.</p>`;
  }
  card.innerHTML = `
    <p class="eyebrow">${s && !isZero(s.owed) ? "Balance" : "Available to spend"}</p>
    <p class="balance-big"><span data-testid="balance" data-value="${esc(balance)}">${esc(fmt.points(balance))}</span> <span>${esc(fmt.pointsLabel(balance, STARS))}</span></p>
    ${body}`;
}

function eventRow(e, returns) {
  const label = {
    purchase: `Order ${e.orderId || ""}`,
    action: ruleName(actionRules().find((r) => r.action === e.action)?.id) || e.action,
    redeem: `Reward: ${rewardById.get(e.rewardId)?.name || "redeemed"}`,
    return: `Return ${e.orderId || ""}${e.fullReturn === false ? " (part)" : ""}`,
    adjust: "Bonus Stars",
  }[e.type];
  const sign = e.type === "redeem" || e.type === "return" ? "−" : String(e.points).startsWith("-") ? "" : "+";
  let action = "";
  if (e.type === "purchase" && e.orderId && returns?.full.has(e.orderId)) {
    const open = returns.draft?.orderId === e.orderId;
    action = returns.full.get(e.orderId)
      ? `<button type="button" class="linklike small" data-action="return-open" data-order="${esc(e.orderId)}" data-testid="return-${esc(e.orderId)}" aria-expanded="${open}">${open ? "Returning…" : "Return"}</button>`
      : `<span class="muted small" data-testid="returned-${esc(e.orderId)}">returned</span>`;
  }
  return `<li><span>${esc(label)} ${action}</span><span class="muted">${esc(fmt.date(e.at))}</span><span class="pts ${sign === "−" ? "neg" : ""}">${sign}${esc(fmt.points(e.points))}</span></li>`;
}

/** The return being previewed: previewReturn's points taken back, balance and tier after, and the button that books its event. */
function returnBox(returns) {
  const d = returns?.draft;
  if (!d) return "";
  const all = returns.full.get(d.orderId);
  const r = d.preview;
  const tierLine = r?.tier
    ? r.tier.downgrades
      ? `<strong>${esc(tierName(r.tier.after))}</strong> <span class="muted">(down from ${esc(tierName(r.tier.current))})</span>`
      : `<strong>${esc(tierName(r.tier.after))}</strong> <span class="muted">(unchanged)</span>`
    : "";
  const body = r
    ? `<dl class="kv small">
        <div><dt>Refund</dt><dd data-testid="return-spend" data-value="${esc(r.spend)}">${esc(money(r.spend))}${r.fullReturn ? " (all of it)" : ""}</dd></div>
        <div><dt>${esc(STARS)} taken back</dt><dd data-testid="return-points" data-value="${esc(r.points)}">−${esc(fmt.points(r.points))}</dd></div>
        <div><dt>Balance after</dt><dd data-testid="return-balance-after" data-value="${esc(r.balanceAfter)}">${esc(pts(r.balanceAfter))}</dd></div>
        ${isZero(r.owedAfter) ? "" : `<div><dt>Owed after</dt><dd data-testid="return-owed-after" data-value="${esc(r.owedAfter)}">${esc(pts(r.owedAfter))}</dd></div>`}
        ${isZero(r.forgiven) ? "" : `<div><dt>Forgiven</dt><dd data-testid="return-forgiven" data-value="${esc(r.forgiven)}">${esc(pts(r.forgiven))}</dd></div>`}
        ${tierLine ? `<div><dt>Tier after</dt><dd data-testid="return-tier" data-value="${esc(r.tier.after)}">${tierLine}</dd></div>` : ""}
      </dl>`
    : `<p class="why small" data-testid="return-error">${esc(d.error?.message || "This refund cannot be previewed.")}</p>`;
  return `
    <div class="return-box" data-testid="return-preview" data-order="${esc(d.orderId)}">
      <p class="eyebrow">Return order ${esc(d.orderId)}</p>
      <label class="small return-amount">Refund
        <input type="text" inputmode="decimal" data-action="return-amount" data-testid="return-amount" value="${esc(d.amount || "")}"
          placeholder="all ${all ? esc(money(all.spend)) : ""}" aria-label="Refund amount (empty: all that is left)">
      </label>
      ${body}
      <div class="return-actions">
        <button type="button" class="btn small" data-action="return-book" data-testid="return-book" ${r ? "" : "disabled"}>Book the return</button>
        <button type="button" class="linklike small" data-action="return-cancel" data-testid="return-cancel">Cancel</button>
      </div>
    </div>`;
}

function renderActions(v) {
  const ledger = isLedger(v.member);
  const rows = v.actions.map(({ rule, preview }) => {
    const id = rule.action;
    let status;
    if (preview.eligible) {
      status = `<button type="button" class="btn small" data-action="record-action" data-name="${esc(id)}" data-testid="action-${esc(id)}-button" ${ledger ? "" : "disabled"}>${esc(actionVerb(id))}</button>`;
    } else if (preview.reason === "limit_reached") {
      status = `<span class="done" data-testid="action-${esc(id)}-status">${esc(limitText(preview.rule))}</span>`;
    } else {
      status = `<span class="muted small" data-testid="action-${esc(id)}-status">Not available</span>`;
    }
    const label = preview.eligible ? `+${fmt.points(preview.points)}` : `+${fmt.points(rule.points)}`;
    return `
      <li class="action-row ${preview.eligible ? "" : "is-done"}" data-testid="action-${esc(id)}">
        <span class="action-pts" data-testid="action-${esc(id)}-points" data-value="${esc(preview.points)}">${STAR}${esc(label)}</span>
        <span class="action-text"><strong>${esc(rule.name || id)}: ${esc(label)} ${esc(STARS)}</strong>
          <span class="muted small">${esc(limitPhrase(rule))}</span></span>
        ${status}
      </li>`;
  });
  const hint = v.member == null
    ? `<p class="muted small">Sign in to collect these.</p>`
    : ledger ? "" : `<p class="muted small">Sample snapshot member: actions are not recorded (try Maya).</p>`;
  const current = v.tier?.current.id;
  const ladder = (P.tiers?.levels || []).map((l) => `
      <li class="${l.id === current ? "here" : ""}">
        <span class="dot tier-${esc(l.id)}" aria-hidden="true"></span>
        <span><strong>${esc(l.name || l.id)}</strong><span class="muted">${l.assignedOnly ? "paid membership" : `${esc(fmt.points(l.threshold))}+`} · ${esc(fmt.times(l.earnMultiplier ?? "1"))}${l.benefits?.label ? ` · ${esc(l.benefits.label)}` : ""}</span></span>
      </li>`).join("");
  $("actions-card").innerHTML = `
    <p class="eyebrow">Ways to earn more</p>
    <ul class="actions">${rows.join("")}</ul>
    ${hint}
    ${ladder ? `<p class="eyebrow ladder-title">Tier ladder</p><ol class="ladder" data-testid="tier-ladder">${ladder}</ol>` : ""}`;
}

function actionVerb(action) {
  return { review: "Write a review", referral: "Invite a friend", birthday: "Add birthday", signup: "Sign up" }[action] || "Do it";
}

function limitPhrase(rule) {
  const l = rule.limit;
  if (!l) return "No limit";
  const per = { day: "a day", month: "a month", year: "a year", lifetime: "ever" }[l.period];
  return l.count === 1 ? `Once ${per === "ever" ? "only" : per}` : `Up to ${l.count} times ${per}`;
}

function limitText(ruleId) {
  const period = ruleById.get(ruleId)?.limit?.period;
  return { day: "Done today ✓ come back tomorrow", month: "Done for this month ✓", year: "Done for this year ✓", lifetime: "Already earned ✓" }[period] || "Limit reached";
}

function renderProducts(v) {
  const badge = new Map(v.badges.map((b) => [b.sku, b.points]));
  const inCart = new Map(state.items.map((i) => [i.sku, i.quantity]));
  $("catalog-sub").textContent = `${products.length} products · badges show the ${STARS} one item earns${v.member ? ` as ${memberDef().label}` : ""}`;
  $("products").innerHTML = products.map((p) => {
    const b = badge.get(p.sku) ?? "0";
    const q = inCart.get(p.sku);
    const earns = b !== "0" && !/^0\.0*$/.test(b);
    const control = q
      ? `<div class="stepper" role="group" aria-label="Quantity of ${esc(p.name)}">
          <button type="button" data-action="dec" data-sku="${esc(p.sku)}" aria-label="One less ${esc(p.name)}">−</button>
          <output aria-live="polite">${q} in cart</output>
          <button type="button" data-action="inc" data-sku="${esc(p.sku)}" aria-label="One more ${esc(p.name)}" ${q >= MAX_QTY ? "disabled" : ""}>+</button>
        </div>`
      : `<button type="button" class="btn add" data-action="add" data-sku="${esc(p.sku)}" data-testid="add-${esc(p.sku)}" aria-label="Add ${esc(p.name)} to cart">Add to cart</button>`;
    return `
      <li class="product" data-testid="product-${esc(p.sku)}">
        <div class="product-art" style="--tint:${esc(p.color)}">
          ${art(p.art, p.color)}
          ${p.tags.includes("new") ? `<span class="tag-new">New</span>` : ""}
        </div>
        <div class="product-body">
          <h3>${esc(p.name)}</h3>
          <p class="muted small">${esc(p.detail)}</p>
          <div class="product-foot">
            <span class="price" data-testid="price-${esc(p.sku)}">${esc(money(p.price))}</span>
            <span class="badge ${earns ? "" : "none"}" data-testid="badge-${esc(p.sku)}" data-value="${esc(b)}">${earns
              ? `${STAR}Earn ${esc(pts(b))}`
              : `No ${esc(STARS)}`}</span>
          </div>
          ${control}
        </div>
      </li>`;
  }).join("");
}

function lineExplain(line, t) {
  const id = esc(line.id);
  if (!line.eligible) {
    return `<p class="explain-note muted small" data-testid="line-explain-${id}">Gift cards and other excluded items earn no ${esc(STARS)}.
      <span class="visually-hidden" data-testid="line-points-${id}" data-value="${esc(line.points)}">${esc(line.points)}</span></p>`;
  }
  const rules = line.rules.map((r) => ruleById.get(r)).filter(Boolean);
  const chips = rules.map((r) => `<li class="chip chip-${esc(r.type)}">${esc(r.name || r.id)}</li>`).join("");
  return `
    <dl class="explain" data-testid="line-explain-${id}" aria-label="How this line earns ${esc(STARS)}">
      <div><dt>Net</dt><dd data-testid="line-net-${id}" data-value="${esc(line.net)}">${esc(money(line.net))}</dd></div>
      <div><dt>Base</dt><dd data-testid="line-base-${id}" data-value="${esc(line.basePoints)}">${esc(fmt.groupDigits(line.basePoints))}</dd></div>
      <div><dt>Offer</dt><dd data-testid="line-mult-${id}" data-value="${esc(line.multiplier)}">${esc(fmt.times(line.multiplier))}</dd></div>
      <div><dt>${esc(currentTierName || "Tier")}</dt><dd data-testid="line-tier-${id}" data-value="${esc(t)}">${esc(fmt.times(t))}</dd></div>
      <div class="res"><dt>${esc(STARS)}</dt><dd data-testid="line-points-${id}" data-value="${esc(line.points)}">${esc(fmt.groupDigits(line.points))}</dd></div>
    </dl>
    <ul class="chips" data-testid="line-rules-${id}" aria-label="Rules applied">${chips}</ul>`;
}

let currentTierName = "";
function tierLabel() {
  return currentTierName ? `${currentTierName} tier` : "tier";
}

/** The tier perk's percent discount on this order, as checkout reports it (null when none was taken off). */
function perkDiscount(summary) {
  const p = summary.perks;
  if (!p || isZero(p.discount)) return null;
  const level = levelOf(p.tier);
  return { name: level?.name || p.tier, percent: level?.perks?.percentOff ?? "", amount: p.discount };
}

function renderCart(v) {
  const count = state.items.reduce((n, i) => n + i.quantity, 0);
  $("cart-count").textContent = String(count);
  $("cart-count-label").textContent = count === 1 ? "item" : "items";
  $("cart-empty").hidden = state.items.length > 0;
  const finalEarn = v.result.earn;
  const baseLines = new Map(v.earn.lines.map((l) => [l.id, l]));
  const discounted = v.result.applied.length > 0;
  $("cart-lines").innerHTML = state.items.map((it) => {
    const p = productBySku(it.sku);
    const base = baseLines.get(p.sku);
    const line = finalEarn.lines.find((l) => l.id === p.sku) || base;
    return `
      <li class="cart-line" data-testid="cart-line-${esc(p.sku)}">
        <div class="thumb" style="--tint:${esc(p.color)}">${art(p.art, p.color)}</div>
        <div class="cl-main">
          <div class="cl-top">
            <strong>${esc(p.name)}</strong>
            <span class="cl-amount" data-testid="line-amount-${esc(p.sku)}" data-value="${esc(base.net)}">${esc(money(base.net))}</span>
          </div>
          <div class="cl-controls">
            <div class="stepper small" role="group" aria-label="Quantity of ${esc(p.name)}">
              <button type="button" data-action="dec" data-sku="${esc(p.sku)}" data-testid="dec-${esc(p.sku)}" aria-label="One less ${esc(p.name)}">−</button>
              <output data-testid="qty-${esc(p.sku)}" aria-live="polite">${it.quantity}</output>
              <button type="button" data-action="inc" data-sku="${esc(p.sku)}" data-testid="inc-${esc(p.sku)}" aria-label="One more ${esc(p.name)}" ${it.quantity >= MAX_QTY ? "disabled" : ""}>+</button>
            </div>
            <span class="muted small">× ${esc(money(p.price))}</span>
            <button type="button" class="remove" data-action="remove" data-sku="${esc(p.sku)}" data-testid="remove-${esc(p.sku)}" aria-label="Remove ${esc(p.name)} from cart">Remove</button>
          </div>
          ${lineExplain(line, finalEarn.tierMultiplier)}
        </div>
      </li>`;
  }).join("");

  const perk = perkDiscount(v.result);
  const notes = [];
  if (perk) notes.push(`Line amounts are after your ${perk.name} perk (${perk.percent}% off).`);
  if (discounted) notes.push(`The Net in each breakdown is after rewards too: the discount is shared over the lines, and ${STARS} are earned on what you pay.`);
  $("cart-note").textContent = notes.join(" ");
  $("cart-note").hidden = notes.length === 0;
  const cashRule = (P.earning || []).find((r) => r.type === "cashback");
  $("pay-options").innerHTML = PAYMENT_METHODS.map((m) => {
    const cb = cashbackRuleFor(m.id);
    return `
      <label class="seg ${m.id === state.paymentMethod ? "on" : ""}" data-testid="pay-${esc(m.id)}">
        <input type="radio" name="pay" value="${esc(m.id)}" ${m.id === state.paymentMethod ? "checked" : ""} data-action="pay">
        <span class="seg-title">${esc(m.label)}</span>
        <span class="seg-sub">${esc(cb ? cb.name || "cashback" : m.hint || "")}</span>
      </label>`;
  }).join("");
  $("pay-method").hidden = state.items.length === 0 || !cashRule;
}

function renderEarn(v) {
  const card = $("earn-card");
  if (state.items.length === 0) {
    card.innerHTML = `<p class="eyebrow">${esc(STARS)} preview</p><p class="muted">Add products to see what this order earns.</p>`;
    return;
  }
  const e = v.result.earn;
  const before = v.earn;
  const discounted = v.result.applied.length > 0;
  const bonusRules = e.rules.filter((r) => ruleById.get(r.id)?.type === "bonus");
  const bonusChips = bonusRules.map((r) => `<li class="chip chip-bonus">${esc(ruleName(r.id))} <b>+${esc(fmt.points(r.points))}</b></li>`).join("");
  const rounding = P.points?.rounding || "floor";
  const other = PAYMENT_METHODS.find((m) => m.id !== state.paymentMethod && cashbackRuleFor(m.id));
  const cb = other && !cashbackRuleFor(state.paymentMethod) ? cashbackRuleFor(other.id) : null;
  card.innerHTML = `
    <div class="earn-hero">
      <span class="earn-star">${STAR}</span>
      <div>
        <p class="earn-big"><span data-testid="earn-points" data-value="${esc(e.points)}">+${esc(fmt.points(e.points))}</span> ${esc(fmt.pointsLabel(e.points, STARS))}</p>
        <p class="muted small">${v.member ? "with this order" : "with this order, if you join"}${
          discounted ? ` · <span data-testid="earn-before-rewards" data-value="${esc(before.points)}">${esc(fmt.points(before.points))} before rewards</span>` : ""}</p>
      </div>
    </div>
    <dl class="earn-breakdown">
      <div><dt>Purchase ${esc(STARS)}</dt><dd data-testid="earn-purchase" data-value="${esc(e.purchasePoints)}">${esc(fmt.points(e.purchasePoints))}</dd></div>
      <div class="sub"><dt>Tier multiplier${currentTierName ? ` (${esc(currentTierName)})` : ""}</dt><dd data-testid="earn-tier-mult" data-value="${esc(e.tierMultiplier)}">${esc(fmt.times(e.tierMultiplier))}</dd></div>
      <div><dt>Bonus ${esc(STARS)}</dt><dd data-testid="earn-bonus" data-value="${esc(e.bonusPoints)}">${esc(fmt.points(e.bonusPoints))}</dd></div>
      ${bonusChips ? `<div class="sub chips-row"><ul class="chips" data-testid="earn-bonus-rules">${bonusChips}</ul></div>` : ""}
      <div><dt>Cashback <span class="muted small">(store credit)</span></dt><dd data-testid="earn-cashback" data-value="${esc(e.cashback)}">${esc(money(e.cashback))}</dd></div>
    </dl>
    ${cb ? `<p class="hint small" data-testid="cashback-tip">Tip: pay with the ${esc(other.label)} for ${esc((cb.name || "cashback").replace(/ with the .*$/i, ""))}.</p>` : ""}
    ${e.capped ? `<p class="hint small" data-testid="earn-capped">Capped at ${esc(pts(P.maxPointsPerOrder))} per order.</p>` : ""}
    ${discounted ? `<p class="muted small">${esc(STARS)} are not earned on what rewards paid for.</p>` : ""}
    ${perkDiscount(v.result) ? `<p class="muted small" data-testid="earn-perk-note">${esc(STARS)} are earned on prices after your ${esc(perkDiscount(v.result).name)} perk.</p>` : ""}
    <p class="muted small">Line ${esc(STARS)} are exact; the order total is rounded ${rounding === "floor" || rounding === "down" ? "down" : rounding === "ceil" ? "up" : "to the nearest"} once.</p>
    ${e.accounting ? `
    <details class="merchant">
      <summary>Merchant view</summary>
      <dl class="kv">
        <div><dt>Eligible subtotal</dt><dd data-testid="eligible-subtotal">${esc(money(e.eligibleSubtotal))}</dd></div>
        <div><dt>Value of the ${esc(STARS)} issued</dt><dd data-testid="points-value">${esc(money(e.accounting.pointsValue))}</dd></div>
        <div><dt>Deferred revenue (IFRS 15)</dt><dd data-testid="deferred-revenue">${esc(money(e.accounting.deferredRevenue))}</dd></div>
        ${v.statement && v.statement.liability != null ? `<div><dt>Liability of the balance</dt><dd data-testid="liability">${esc(money(v.statement.liability))}</dd></div>` : ""}
      </dl>
    </details>` : ""}`;
}

function money0() {
  return `0.${"0".repeat(P.currencyDecimals ?? 2)}`;
}

function renderRewards(v) {
  const o = v.options;
  $("rewards-balance").innerHTML = v.member
    ? `You have <strong data-testid="rewards-balance-value" data-value="${esc(o.balance)}">${esc(pts(o.balance))}</strong>`
    : `Sign in to redeem`;
  const selected = new Map(state.selections.map((s, i) => [s.reward, i]));
  $("rewards").innerHTML = o.options.map((opt) => {
    const r = rewardById.get(opt.id) || { name: opt.id, type: "amount_off" };
    const isBest = o.best === opt.id;
    const on = selected.has(opt.id);
    const cost = r.type === "pay_with_points"
      ? `${esc(money(r.pointValue))} per ${esc(fmt.pointsLabel("1", STARS))}${r.maxPercentOfSubtotal ? ` · up to ${esc(r.maxPercentOfSubtotal)}% of the order` : ""}`
      : esc(pts(r.cost));
    let status;
    let action = "";
    if (opt.eligible) {
      const spend = opt.cost ?? opt.points;
      status = `<span class="ok">Save <b data-testid="reward-value-${esc(opt.id)}" data-value="${esc(opt.value)}">${esc(money(opt.value))}</b>${
        r.type === "pay_with_points" ? ` with ${esc(pts(spend))}` : ""} · pay ${esc(money(opt.totalAfter))}</span>`;
      action = `<button type="button" class="btn small ${on ? "applied" : "ghost"}" data-action="toggle-reward" data-reward="${esc(opt.id)}" aria-pressed="${on}" data-testid="reward-apply-${esc(opt.id)}">${on ? "Applied ✓" : "Apply"}</button>`;
    } else {
      status = `<span class="why">${esc(reasonText(opt, reasonCtx(r)))}</span>`;
      if (opt.reason === "product_not_in_cart" && r.skus?.length) {
        action = `<button type="button" class="btn small ghost" data-action="add" data-sku="${esc(r.skus[0])}" data-testid="reward-add-${esc(opt.id)}">Add ${esc(productBySku(r.skus[0])?.short || "it")}</button>`;
      }
    }
    let payPicker = "";
    if (on && r.type === "pay_with_points" && opt.eligible) {
      // The browser's number field steps by the reward's `step`; the engine checks the amount (spec §8) and the
      // page falls back to the usable maximum when it refuses it. No points arithmetic here.
      const sel = state.selections[selected.get(opt.id)];
      const cur = sel.points ?? "";
      payPicker = `
        <label class="pay-picker small">Use
          <input type="number" inputmode="numeric" data-action="pay-points" data-reward="${esc(opt.id)}" data-testid="reward-points-${esc(opt.id)}"
            min="${esc(r.minPoints ?? r.step ?? "1")}" step="${esc(r.step ?? "1")}" max="${esc(opt.points)}" value="${esc(cur)}"
            placeholder="${esc(opt.points)}" aria-label="${esc(STARS)} to use (empty: as many as possible)"> ${esc(STARS)}
          <span class="muted">(empty: as many as possible)</span>
        </label>`;
    }
    return `
      <li class="reward ${opt.eligible ? "eligible" : "locked"} ${isBest ? "best" : ""} ${on ? "on" : ""}" data-testid="reward-${esc(opt.id)}" ${isBest ? 'data-best="true"' : ""}>
        <span class="reward-icon type-${esc(r.type)}" aria-hidden="true">${ICONS[r.type] || ""}</span>
        <div class="reward-main">
          <p class="reward-title"><strong>${esc(r.name || opt.id)}</strong>${isBest ? ` <span class="best-tag" data-testid="best-reward">Best value</span>` : ""}</p>
          <p class="reward-cost muted small">${cost}</p>
          <p class="reward-status small" data-testid="reward-status-${esc(opt.id)}">${status}</p>
          ${payPicker}
        </div>
        ${action}
      </li>`;
  }).join("");
}

/** The order summary: every figure is checkout's (spec §9.5), printed as the engine wrote it. */
function renderSummary(v) {
  const c = v.result;
  const empty = state.items.length === 0;
  const ledger = isLedger(v.member);
  const perkName = c.perks ? tierName(c.perks.tier) : "";
  const perk = perkDiscount(c);
  const rows = [];
  if (perk) {
    rows.push(`<div class="perk"><dt>${esc(perkName)} perk: ${esc(perk.percent)}% off</dt><dd data-testid="perk-discount" data-value="${esc(c.perks.discount)}">−${esc(money(c.perks.discount))}</dd></div>`);
  }
  if (c.perks && !isZero(c.perks.shippingWaived)) {
    rows.push(`<div class="perk"><dt>${esc(perkName)} perk: free shipping</dt><dd data-testid="perk-shipping" data-value="${esc(c.perks.shippingWaived)}">−${esc(money(c.perks.shippingWaived))}</dd></div>`);
  }
  for (const a of c.applied) {
    rows.push(`<div class="reward-row"><dt>${esc(rewardById.get(a.reward)?.name || a.reward)} <span class="muted">(${esc(pts(a.points))})</span></dt><dd data-testid="applied-${esc(a.reward)}" data-value="${esc(a.value)}">−${esc(money(a.value))}</dd></div>`);
  }
  const t = c.tier;
  const tierLine = t && !empty
    ? `<p class="stars-line small" data-testid="summary-tier" data-value="${esc(t.after)}">${t.upgrades
        ? `${STAR} Tier after this order: <strong>${esc(tierName(t.after))}</strong> (up from ${esc(tierName(t.current))})`
        : `Tier after this order: <strong>${esc(tierName(t.after))}</strong>`}</p>`
    : "";
  $("summary").innerHTML = `
    <h2>Order summary</h2>
    <dl class="kv totals">
      <div><dt>Items</dt><dd data-testid="items-total" data-value="${esc(c.itemsTotal)}">${esc(money(c.itemsTotal))}</dd></div>
      <div><dt>Shipping</dt><dd data-testid="shipping" data-value="${esc(c.shipping)}">${esc(money(c.shipping))}</dd></div>
      ${rows.join("")}
      ${isZero(c.discount) ? "" : `<div class="saving"><dt>You save</dt><dd class="discount" data-testid="discount" data-value="${esc(c.discount)}">−${esc(money(c.discount))}</dd></div>`}
      <div class="grand"><dt>Total</dt><dd data-testid="total" data-value="${esc(c.total)}">${esc(money(c.total))}</dd></div>
    </dl>
    ${v.member && c.applied.length ? `
    <p class="stars-line small">Spending <strong data-testid="points-spent" data-value="${esc(c.pointsSpent)}">${esc(pts(c.pointsSpent))}</strong>
      · balance after: <strong data-testid="balance-after" data-value="${esc(c.balanceAfter)}">${esc(pts(c.balanceAfter))}</strong></p>` : ""}
    ${empty ? "" : `<p class="stars-line small">${STAR} This order earns <strong data-testid="summary-earn" data-value="${esc(c.earn.points)}">${esc(pts(c.earn.points))}</strong>${
      isZero(c.earn.cashback) ? "" : ` and <strong>${esc(money(c.earn.cashback))}</strong> store credit`}</p>`}
    ${tierLine}
    <button type="button" class="btn primary block" data-action="place-order" data-testid="place-order" ${empty || !ledger ? "disabled" : ""}>Place demo order</button>
    <p class="muted small center">${empty ? "" : ledger ? "Books the order into the sample ledger (in this page only)." : "Demo orders are booked for the ledger member (Maya)."}</p>`;
}

function renderNotices() {
  const box = $("notice");
  if (state.notices.length === 0) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.innerHTML = `<div class="notice-text">${state.notices.map((n) => `<p>${esc(n)}</p>`).join("")}</div>` +
    `<button type="button" class="linklike" data-action="dismiss" aria-label="Dismiss">Dismiss</button>`;
  box.hidden = false;
  state.notices = [];
}

// ------------------------------------------------------------------ render loop
let renders = 0;
function render() {
  const focused = document.activeElement?.dataset?.testid || document.activeElement?.getAttribute?.("aria-label");
  let v;
  try {
    v = compute();
  } catch (e) {
    showError(e, "price this cart");
    renderNotices();
    return;
  }
  clearError();
  currentTierName = v.tier ? v.tier.current.name : "";
  renderMembers();
  renderTier(v);
  renderBalance(v);
  renderActions(v);
  renderProducts(v);
  renderCart(v);
  renderEarn(v);
  renderRewards(v);
  renderSummary(v);
  renderNotices();
  if (focused) {
    const el = document.querySelector(`[data-testid="${CSS.escape(focused)}"]`) ||
      document.querySelector(`[aria-label="${CSS.escape(focused)}"]`);
    el?.focus?.({ preventScroll: true });
  }
  document.body.dataset.render = String(++renders);
}

// ------------------------------------------------------------------ interactions
function setQty(sku, q) {
  const i = state.items.findIndex((x) => x.sku === sku);
  if (q <= 0) {
    if (i >= 0) state.items.splice(i, 1);
  } else if (i >= 0) {
    state.items[i].quantity = Math.min(q, MAX_QTY);
  } else {
    state.items.push({ sku, quantity: Math.min(q, MAX_QTY) });
  }
}

function qtyOf(sku) {
  return state.items.find((x) => x.sku === sku)?.quantity || 0;
}

function toggleReward(id) {
  const i = state.selections.findIndex((s) => s.reward === id);
  if (i >= 0) state.selections.splice(i, 1);
  else state.selections.push({ reward: id });
}

function recordAction(action) {
  const member = currentMember();
  if (!isLedger(member)) return;
  const preview = program.previewAction(member, action, { now: NOW });
  if (!preview.eligible) return;
  const key = state.memberKey;
  (state.booked[key] ||= []).push({ type: "action", action, at: NOW, points: preview.points });
  notify(`Thanks! ${fmt.pointsText(preview.points, STARS)} added to ${memberDef().label}'s balance.`);
}

function placeOrder() {
  const member = currentMember();
  if (!isLedger(member) || state.items.length === 0) return;
  const summary = compute().result;
  const key = state.memberKey;
  const orderId = `demo-${++state.orders}`;
  (state.booked[key] ||= []).push(...orderEvents(summary, { at: NOW, orderId }));
  state.items = [];
  state.selections = [];
  notify(`Order ${orderId} placed: ${fmt.pointsText(summary.earn.points, STARS)} booked to ${memberDef().label}` +
    (isZero(summary.pointsSpent) ? "." : `, ${fmt.pointsText(summary.pointsSpent, STARS)} redeemed.`));
}

/** Books previewReturn's `event` (spec §9.6) as it is: the page computes nothing of its own. */
function bookReturn() {
  const member = currentMember();
  const d = state.returnDraft;
  if (!isLedger(member) || !d) return;
  let preview;
  try {
    preview = program.previewReturn(member, refundOf(d), { now: NOW });
  } catch (e) {
    if (!isEngineError(e)) throw e;
    notify(`This return cannot be booked: ${e.message}`);
    return;
  }
  (state.booked[state.memberKey] ||= []).push(preview.event);
  state.returnDraft = null;
  notify(`Return of ${money(preview.spend)} on order ${d.orderId} booked: ${fmt.pointsText(preview.points, STARS)} taken back.`);
}

function resetDemo() {
  state.items = cartDefaults.items.map((i) => ({ sku: i.sku, quantity: Number(i.quantity) }));
  state.paymentMethod = cartDefaults.paymentMethod;
  state.selections = [];
  state.booked = {};
  state.club = {};
  state.returnDraft = null;
  state.orders = 0;
}

function onClick(ev) {
  const el = ev.target.closest("[data-action]");
  if (!el || el.tagName === "INPUT" || el.tagName === "SELECT") return;
  const { action, sku } = el.dataset;
  switch (action) {
    case "add": setQty(sku, qtyOf(sku) + 1); break;
    case "inc": setQty(sku, qtyOf(sku) + 1); break;
    case "dec": setQty(sku, qtyOf(sku) - 1); break;
    case "remove": setQty(sku, 0); break;
    case "toggle-reward": toggleReward(el.dataset.reward); break;
    case "record-action": recordAction(el.dataset.name); break;
    case "place-order": placeOrder(); break;
    case "return-open": state.returnDraft = { key: state.memberKey, orderId: el.dataset.order, amount: "" }; break;
    case "return-cancel": state.returnDraft = null; break;
    case "return-book": bookReturn(); break;
    case "reset": resetDemo(); break;
    case "dismiss": break;
    default: return;
  }
  render();
}

function onChange(ev) {
  const el = ev.target;
  const action = el.dataset?.action;
  if (action === "member") {
    state.memberKey = el.value;
    state.selections = [];
    state.returnDraft = null;
    const url = new URL(location.href);
    url.searchParams.set("member", el.value);
    history.replaceState(null, "", url);
  } else if (action === "pay") {
    state.paymentMethod = el.value;
  } else if (action === "club") {
    state.club[state.memberKey] = el.checked;
  } else if (action === "return-amount") {
    if (state.returnDraft) state.returnDraft.amount = el.value;
  } else if (action === "pay-points") {
    const sel = state.selections.find((s) => s.reward === el.dataset.reward);
    if (sel) {
      if (el.value) sel.points = el.value;
      else delete sel.points;
    }
  } else {
    return;
  }
  render();
}

// ------------------------------------------------------------------ start
async function main() {
  $("logo").innerHTML = LOGO;
  try {
    await init();
    [P, products, memberDefs, cartDefaults] = await Promise.all([
      loadJson("./sample/program.json"),
      loadJson("./sample/products.json").then((x) => x.products),
      loadJson("./sample/members.json"),
      loadJson("./sample/cart.json"),
    ]);
  } catch (e) {
    showError(e, "start");
    document.body.dataset.ready = "error";
    return;
  }
  try {
    program = Program.fromJSON(P);
  } catch (e) {
    showError(e, "read the sample program");
    document.body.dataset.ready = "error";
    return;
  }
  STARS = P.points?.name || "Points";
  CUR = P.currency;
  for (const r of P.earning || []) ruleById.set(r.id, r);
  for (const r of P.rewards || []) rewardById.set(r.id, r);
  document.querySelectorAll("[data-program-name]").forEach((n) => (n.textContent = P.name || "rewards"));

  const params = new URLSearchParams(location.search);
  const wanted = params.get("now");
  if (wanted) {
    try {
      program.previewAction(null, "review", { now: wanted }); // validates the timestamp
      NOW = wanted;
    } catch (e) {
      if (!isEngineError(e)) throw e;
      notify(`The date in ?now= (“${wanted}”) is not a valid timestamp (${e.message}); showing ${fmt.dateTime(NOW_DEFAULT)} instead.`);
    }
  }
  $("now").textContent = fmt.dateTime(NOW);
  $("now").setAttribute("datetime", NOW);
  $("now").dataset.value = NOW;
  $("now-footer").textContent = NOW;
  $("engine-note").textContent = `${STARS.toLowerCase()} program “${P.name}”, ${P.currency}`;

  const m = params.get("member");
  state.memberKey = memberDefs.members.some((d) => d.key === m) ? m : memberDefs.default;
  resetDemo();
  renderPromo();
  renderHow();

  document.addEventListener("click", onClick);
  document.addEventListener("change", onChange);
  render();
  document.body.dataset.ready = "true";
}

main().catch((e) => {
  showError(e);
  document.body.dataset.ready = "error";
});
