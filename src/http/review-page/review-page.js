// newsmon's review page: a plain ES module, no build step, no framework.
//
// Everything shown comes from articles newsmon fetched, so all of it is untrusted: the DOM is
// built with createElement and text nodes only (never innerHTML), and a link is made only from
// an http(s) URL. The page's Content-Security-Policy (script from 'self', Trusted Types) backs
// this up.
//
// Auth: the API token arrives once in the URL fragment (#token=…, which browsers never send to
// a server), is kept in sessionStorage, removed from the address bar, and sent as a bearer header
// on every request. Without one, the page asks for it.

const TOKEN_KEY = 'newsmon.token';
const PAGE_SIZE = 200;
const STATUSES = ['pending', 'confirmed-new', 'already-known', 'not-a-claim', 'wrong-speaker'];
/** The decisions with their keys: j/k move, so none of these is j or k. */
const DECISIONS = [
  { status: 'confirmed-new', key: 'c', label: 'Confirmed new' },
  { status: 'already-known', key: 'a', label: 'Already known' },
  { status: 'not-a-claim', key: 'n', label: 'Not a claim' },
  { status: 'wrong-speaker', key: 'w', label: 'Wrong speaker' },
];
const SHORTCUTS = [
  ['j / ↓', 'next item'],
  ['k / ↑', 'previous item'],
  ...DECISIONS.map((d) => [d.key, d.label.toLowerCase()]),
  ['e', 'write a note'],
  ['Esc', 'leave the note'],
  ['o', 'open the article'],
  ['q', 'back to the queue'],
  ['r', 'reload'],
];

const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const toolbar = /** @type {HTMLElement} */ (document.getElementById('toolbar'));
const statusLine = /** @type {HTMLElement} */ (document.getElementById('status'));

const state = {
  /** @type {any[]} the loaded page of the current status */
  items: [],
  total: 0,
  /** @type {Record<string, number>} */
  counts: {},
  selected: 0,
  /** @type {Map<string, {card: HTMLElement, timeline: HTMLElement, note: HTMLTextAreaElement}>} */
  cards: new Map(),
  /** @type {Map<string, Promise<any>>} GET /api/claims/:id, once per item */
  details: new Map(),
  busy: false,
};

// ---------------------------------------------------------------------------------------------
// DOM helpers: data only ever becomes text nodes.

/**
 * @param {string} tag
 * @param {Record<string, any> | null} [props] set as properties; on* must be functions
 * @param {...any} children strings (text nodes), nodes, arrays, or null
 * @returns {HTMLElement}
 */
function h(tag, props, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) {
      if (typeof value === 'function') el.addEventListener(key.slice(2), value);
    } else if (key === 'class') el.className = String(value);
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for')
      el.setAttribute(key, String(value));
    else if (key === 'href') throw new Error('use link() for href');
    else /** @type {any} */ (el)[key] = value;
  }
  append(el, children);
  return el;
}

/** @param {HTMLElement} el @param {any[]} children */
function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Only http(s) URLs become links; anything else (javascript:, data:, …) stays text. */
function safeUrl(/** @type {unknown} */ url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An external link, or plain text when the URL is not http(s). */
function externalLink(/** @type {unknown} */ url, /** @type {any} */ text) {
  const href = safeUrl(url);
  if (!href) return h('span', { class: 'unsafe-url', title: 'not an http(s) link' }, text);
  const a = h('a', { target: '_blank', rel: 'noopener noreferrer' }, text);
  /** @type {HTMLAnchorElement} */ (a).href = href;
  return a;
}

/** A link inside the page (#/…): the path is built from an id, encoded. */
function pageLink(/** @type {string} */ hash, /** @type {any} */ text, props = {}) {
  const a = h('a', props, text);
  /** @type {HTMLAnchorElement} */ (a).href = hash;
  return a;
}

function articleHash(/** @type {string} */ id) {
  return `#/articles/${encodeURIComponent(id)}`;
}

function fmtTime(/** @type {unknown} */ iso) {
  if (typeof iso !== 'string' || !iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function pct(/** @type {unknown} */ n) {
  return typeof n === 'number' ? `${Math.round(n * 100)} %` : '—';
}

/** The server names the outlet (the page's site name, else its feed's); the host is a last resort. */
function outletOf(/** @type {any} */ article) {
  if (article?.outlet) return String(article.outlet);
  if (article?.siteName) return String(article.siteName);
  try {
    return new URL(article?.url).hostname;
  } catch {
    return '(unknown outlet)';
  }
}

function speakerOf(/** @type {any} */ claim) {
  return claim?.speaker ? String(claim.speaker) : '(no speaker)';
}

function say(/** @type {string} */ text, kind = 'info') {
  statusLine.textContent = text;
  statusLine.className = kind;
}

// ---------------------------------------------------------------------------------------------
// Token and API.

/**
 * The queue dashboard (/admin/queues) is a page of its own, which cannot send the bearer
 * header: trade the token for the session cookie (HttpOnly, SameSite=Strict), then go there.
 * The only request that lets a cookie in: every API call omits credentials.
 */
async function openDashboard() {
  const current = token();
  if (!current) return showTokenPrompt('Paste a token first.');
  const res = await fetch('/api/session', {
    method: 'POST',
    headers: { authorization: `Bearer ${current}`, accept: 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
  });
  // Read to the end first: leaving the page would abort the response mid-body.
  const body = await res.json().catch(() => null);
  if (!res.ok)
    return say(`Could not open the queue dashboard (${body?.code ?? res.status}).`, 'error');
  location.assign('/admin/queues');
}

function takeTokenFromFragment() {
  if (!location.hash.startsWith('#token=')) return;
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (token) sessionStorage.setItem(TOKEN_KEY, token.trim());
  // Out of the address bar, the history and any bookmark at once.
  history.replaceState(null, '', `${location.pathname}${location.search}#/`);
}

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * @param {string} path
 * @param {{method?: string, body?: unknown}} [options]
 */
async function api(path, options = {}) {
  const current = token();
  if (!current) throw new ApiError(401, 'AUTH_MISSING', 'no token');
  /** @type {Record<string, string>} */
  const headers = { authorization: `Bearer ${current}`, accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    cache: 'no-store',
    credentials: 'omit',
  });
  const body = await res.json().catch(() => null);
  if (!res.ok) {
    const code = typeof body?.code === 'string' ? body.code : `HTTP_${res.status}`;
    const message = typeof body?.message === 'string' ? body.message : res.statusText;
    if (res.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      showTokenPrompt(`The token was refused (${code}). Paste a valid one.`);
    }
    throw new ApiError(res.status, code, message);
  }
  return body;
}

function showTokenPrompt(/** @type {string} */ why = '') {
  toolbar.replaceChildren();
  state.cards.clear();
  const input = /** @type {HTMLInputElement} */ (
    h('input', {
      type: 'password',
      id: 'token-input',
      autocomplete: 'off',
      spellcheck: false,
      required: true,
    })
  );
  const form = h(
    'form',
    {
      class: 'token-form',
      onsubmit: (/** @type {Event} */ e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        sessionStorage.setItem(TOKEN_KEY, value);
        say('');
        void route();
      },
    },
    h('label', { for: 'token-input' }, 'API token'),
    input,
    h('button', { type: 'submit' }, 'Use token'),
  );
  app.replaceChildren(
    h(
      'section',
      { class: 'token-prompt' },
      h('h2', null, 'Paste your API token'),
      why ? h('p', { class: 'error' }, why) : null,
      h(
        'p',
        null,
        'newsmon prints this page’s address with the token (',
        h('code', null, 'http://host:port/#token=…'),
        ') on its first start; the token is also in ',
        h('code', null, '<dataDir>/api-token'),
        ' or your configured ',
        h('code', null, 'auth.tokens'),
        '. It is kept in this tab only (sessionStorage).',
      ),
      form,
    ),
  );
  input.focus();
}

// ---------------------------------------------------------------------------------------------
// Routing: #/ (the queue, ?status=&speaker=&outlet=) and #/articles/:id.

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = raw.split('?');
  return { path, params: new URLSearchParams(query) };
}

function queueParams() {
  const { params } = parseHash();
  const status = params.get('status') ?? 'pending';
  return {
    status: STATUSES.includes(status) ? status : 'pending',
    speaker: params.get('speaker') ?? '',
    outlet: params.get('outlet') ?? '',
  };
}

/** @param {{status: string, speaker: string, outlet: string}} p */
function setQueueParams(p) {
  const params = new URLSearchParams();
  if (p.status !== 'pending') params.set('status', p.status);
  if (p.speaker) params.set('speaker', p.speaker);
  if (p.outlet) params.set('outlet', p.outlet);
  const query = params.toString();
  location.hash = `#/${query ? `?${query}` : ''}`;
}

async function route() {
  if (!token()) return showTokenPrompt();
  const { path } = parseHash();
  const article = /^\/articles\/([^/]+)$/.exec(path);
  try {
    if (article) await showArticle(decodeURIComponent(article[1] ?? ''));
    else await showQueue();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return;
    const text = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    say(`Could not load: ${text}`, 'error');
  }
}

// ---------------------------------------------------------------------------------------------
// The queue.

let loadedStatus = '';

async function showQueue() {
  const p = queueParams();
  if (p.status !== loadedStatus || state.items.length === 0) {
    app.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
    const page = await api(`/api/claims?status=${encodeURIComponent(p.status)}&limit=${PAGE_SIZE}`);
    state.items = Array.isArray(page?.items) ? page.items : [];
    state.total = typeof page?.total === 'number' ? page.total : state.items.length;
    state.counts = page?.counts ?? {};
    state.details.clear();
    state.selected = 0;
    loadedStatus = p.status;
  }
  renderToolbar(p);
  renderQueue(p);
}

/** @param {{status: string, speaker: string, outlet: string}} p */
function visibleItems(p) {
  return state.items.filter(
    (i) =>
      (!p.speaker || speakerOf(i.claim) === p.speaker) &&
      (!p.outlet || outletOf(i.article) === p.outlet),
  );
}

/** @param {string} id @param {string} label @param {string[][]} options value,text @param {string} value @param {(v: string) => void} onchange */
function select(id, label, options, value, onchange) {
  const el = /** @type {HTMLSelectElement} */ (
    h(
      'select',
      { id, onchange: () => onchange(el.value) },
      options.map(([v = '', text = '']) => h('option', { value: v, selected: v === value }, text)),
    )
  );
  return h('span', { class: 'filter' }, h('label', { for: id }, label), el);
}

/** @param {{status: string, speaker: string, outlet: string}} p */
function renderToolbar(p) {
  const distinct = (/** @type {(i: any) => string} */ f) =>
    [...new Set(state.items.map(f))].sort((a, b) => a.localeCompare(b));
  const speakers = distinct((i) => speakerOf(i.claim));
  const outlets = distinct((i) => outletOf(i.article));
  toolbar.replaceChildren(
    select(
      'filter-status',
      'Status',
      STATUSES.map((s) => [s, `${s} (${state.counts[s] ?? 0})`]),
      p.status,
      (status) => setQueueParams({ status, speaker: '', outlet: '' }),
    ),
    select(
      'filter-speaker',
      'Speaker',
      [['', 'all speakers'], ...speakers.map((s) => [s, s])],
      p.speaker,
      (speaker) => setQueueParams({ ...p, speaker }),
    ),
    select(
      'filter-outlet',
      'Outlet',
      [['', 'all outlets'], ...outlets.map((s) => [s, s])],
      p.outlet,
      (outlet) => setQueueParams({ ...p, outlet }),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        onclick: () => {
          sessionStorage.removeItem(TOKEN_KEY);
          showTokenPrompt('Token forgotten.');
        },
      },
      'Forget token',
    ),
    pageLink('/admin/queues', 'Queue dashboard', {
      class: 'dashboard-link',
      title: 'The BullMQ queues (opens with a browser session made from your token)',
      onclick: (/** @type {Event} */ e) => {
        e.preventDefault();
        void openDashboard();
      },
    }),
  );
}

/** @param {{status: string, speaker: string, outlet: string}} p */
function renderQueue(p) {
  state.cards.clear();
  const items = visibleItems(p);
  if (state.selected >= items.length) state.selected = Math.max(0, items.length - 1);
  const filtered = p.speaker || p.outlet;
  const summary = h(
    'p',
    { class: 'summary' },
    `${items.length} shown of ${state.items.length} loaded (${state.total} ${p.status}). `,
    filtered ? 'Speaker and outlet filters apply to the loaded items only. ' : '',
    state.total > state.items.length ? `Only the first ${PAGE_SIZE} are loaded. ` : '',
    p.status === 'pending' ? 'Newest and most check-worthy first.' : '',
  );
  const list = h(
    'ol',
    { class: 'items', 'aria-label': `${p.status} items` },
    items.map((item, index) => h('li', null, renderItem(item, index))),
  );
  app.replaceChildren(
    h(
      'div',
      { class: 'layout' },
      h(
        'section',
        { class: 'queue' },
        summary,
        items.length ? list : h('p', { class: 'empty' }, `Nothing ${p.status} here.`),
      ),
      renderShortcuts(),
    ),
  );
  if (items.length) selectIndex(state.selected, false);
}

function renderShortcuts() {
  return h(
    'aside',
    { class: 'shortcuts', 'aria-label': 'Keyboard shortcuts' },
    h('h2', null, 'Shortcuts'),
    h(
      'dl',
      null,
      SHORTCUTS.map(([keys = '', what = '']) => [
        h('dt', null, h('kbd', null, keys)),
        h('dd', null, what),
      ]),
    ),
  );
}

/** @param {any} item @param {number} index */
function renderItem(item, index) {
  const claim = item.claim ?? {};
  const note = /** @type {HTMLTextAreaElement} */ (
    h('textarea', {
      class: 'note',
      rows: 2,
      maxLength: 2000,
      placeholder: 'Note (optional) — e to write, Esc to leave',
      'aria-label': 'Note',
    })
  );
  const timeline = h(
    'div',
    { class: 'timeline' },
    h('p', { class: 'muted' }, 'Timeline loads when selected.'),
  );
  const card = h(
    'article',
    {
      class: `item novelty-${String(claim.novelty ?? 'unknown').replace(/[^a-z-]/g, '')}`,
      'data-id': item.id,
      tabIndex: -1,
      onclick: () => selectIndex(index, false),
    },
    h(
      'header',
      { class: 'badges' },
      h('span', { class: 'badge kind' }, claim.kind ?? 'statement'),
      h(
        'span',
        { class: 'badge novelty' },
        claim.novelty === 'revised' ? 'changed in revision' : (claim.novelty ?? '?'),
      ),
      h(
        'span',
        { class: 'badge worth', title: 'check-worthiness' },
        `worth ${pct(claim.worthiness)}`,
      ),
      item.status !== 'pending' ? h('span', { class: 'badge decided' }, item.status) : null,
      Array.isArray(claim.reasons) && claim.reasons.length
        ? h('span', { class: 'reasons' }, claim.reasons.join(' · '))
        : null,
    ),
    ...renderStatement(claim),
    renderContext(item.context),
    renderSource(item),
    // A revision's item shows its own earlier wording below, not a known statement.
    item.revision ? renderRevision(item.revision) : renderNearest(claim),
    renderDiff(claim.diff),
    renderConflict(claim.conflict),
    timeline,
    renderDecisions(item.decisions),
    h(
      'div',
      { class: 'actions' },
      note,
      h(
        'div',
        { class: 'buttons' },
        DECISIONS.map((d) =>
          h(
            'button',
            {
              type: 'button',
              class: `decide decide-${d.status}`,
              'data-decision': d.status,
              'aria-keyshortcuts': d.key,
              onclick: (/** @type {Event} */ e) => {
                e.stopPropagation();
                void decide(item, d.status);
              },
            },
            d.label,
            ' ',
            h('kbd', null, d.key),
          ),
        ),
      ),
    ),
  );
  state.cards.set(item.id, { card, timeline, note });
  return card;
}

/**
 * A quote is someone's words: in quotation marks, with its speaker (or "speaker unknown"). A
 * claim is a sentence of the article: no marks, and a speaker line only when one is named.
 * @param {any} claim
 */
function renderStatement(claim) {
  const quote = claim.kind === 'quote';
  const speaker = (/** @type {string} */ name) => [
    h('strong', { class: 'speaker-name' }, name),
    claim.speakerRole ? h('span', { class: 'role' }, `, ${claim.speakerRole}`) : null,
  ];
  if (quote) {
    return [
      h('blockquote', { class: 'statement quote' }, claim.text ?? ''),
      h('p', { class: 'speaker' }, '— ', speaker(claim.speaker ?? 'speaker unknown')),
    ];
  }
  return [
    h('p', { class: 'statement claim' }, claim.text ?? ''),
    claim.speaker ? h('p', { class: 'speaker' }, 'attributed to ', speaker(claim.speaker)) : null,
  ];
}

/** The paragraph, with the statement marked. @param {any} context */
function renderContext(context) {
  if (!context || typeof context.text !== 'string') return null;
  const text = context.text;
  const start = Math.max(0, Math.min(text.length, Number(context.start) || 0));
  const end = Math.max(start, Math.min(text.length, Number(context.end) || 0));
  return h(
    'section',
    { class: 'context' },
    h('h3', null, 'In its paragraph'),
    h('p', null, text.slice(0, start), h('mark', null, text.slice(start, end)), text.slice(end)),
  );
}

/** @param {any} item */
function renderSource(item) {
  const a = item.article ?? {};
  return h(
    'section',
    { class: 'source' },
    h('h3', null, 'Source'),
    h(
      'p',
      null,
      h('span', { class: 'outlet' }, outletOf(a)),
      ' · ',
      externalLink(a.url, a.title || a.url || '(untitled)'),
      ' · ',
      h('time', null, fmtTime(a.publishedAt)),
      ' · ',
      pageLink(articleHash(String(item.articleId ?? a.id ?? '')), 'article view', {
        class: 'article-view-link',
      }),
    ),
    a.flags && (a.flags.paywalled || a.flags.partial || a.flags.truncated)
      ? h('p', { class: 'text-flags' }, `Incomplete text: ${(a.flags.reasons ?? []).join('; ')}`)
      : null,
  );
}

/** @param {any} claim */
function renderNearest(claim) {
  const n = claim.nearest;
  if (!n)
    return h(
      'section',
      { class: 'nearest' },
      h('h3', null, 'Nearest known statement'),
      h('p', { class: 'muted' }, 'nothing similar known'),
    );
  return h(
    'section',
    { class: 'nearest' },
    h(
      'h3',
      null,
      'Nearest known statement ',
      h('span', { class: 'score' }, `similarity ${pct(n.score)}`),
    ),
    h('blockquote', null, n.text ?? ''),
    claim.misattribution
      ? h(
          'p',
          { class: 'misattribution' },
          `The same words, credited here to ${claim.misattribution.speaker}, were earlier credited to ${claim.misattribution.earlier}.`,
        )
      : '',
    h('p', { class: 'muted' }, n.speaker ? `${n.speaker} · ` : '', ...nearestSource(n)),
  );
}

/**
 * Where a known statement came from: the article (outlet, title, article view) when it was
 * ingested, else the corpus document's name.
 * @param {any} n
 */
function nearestSource(n) {
  const a = n.article;
  if (a && typeof a === 'object') {
    return [
      'from ',
      h('span', { class: 'outlet' }, outletOf(a)),
      ' · ',
      externalLink(a.url, a.title || a.url || '(untitled)'),
      ' · ',
      pageLink(articleHash(String(a.id ?? '')), 'article view'),
    ];
  }
  if (n.source === 'ingested') return ['from an article no longer stored'];
  return [`from ${n.doc ?? '?'}`, n.source ? ` (${n.source})` : ''];
}

/** @param {any} diff */
function renderDiff(diff) {
  if (!diff) return null;
  const words = (/** @type {unknown} */ list, /** @type {string} */ tag) =>
    Array.isArray(list) && list.length
      ? list.map((w) => [h(tag, null, String(w)), ' '])
      : h('span', { class: 'muted' }, 'none');
  return h(
    'section',
    { class: 'diff' },
    h('h3', null, 'Variant: words that differ'),
    h('p', null, 'Only in the known statement: ', words(diff.removed, 'del')),
    h('p', null, 'Only in this one: ', words(diff.added, 'ins')),
  );
}

/** @param {any} conflict */
function renderConflict(conflict) {
  if (!conflict) return null;
  const measure = [conflict.kind, conflict.unit].filter(Boolean).join(', ');
  return h(
    'section',
    { class: 'conflict' },
    h('h3', null, `Conflict${measure ? ` (${measure})` : ''}`),
    h(
      'p',
      null,
      'This statement: ',
      h('strong', { class: 'ours' }, conflict.ours ?? '?'),
      ' — the known one: ',
      h('strong', { class: 'theirs' }, conflict.theirs ?? '?'),
    ),
  );
}

/**
 * A statement a later version of its article changed or withdrew: before and after.
 * @param {any} revision
 */
function renderRevision(revision) {
  const what = Array.isArray(revision.what) ? revision.what.join(', ') : '';
  return h(
    'section',
    { class: 'revision' },
    h(
      'h3',
      null,
      revision.change === 'removed'
        ? 'Withdrawn in a revision'
        : `Changed in revision${what ? ` (${what})` : ''}`,
      h('span', { class: 'muted' }, ` · ${fmtTime(revision.at)}`),
    ),
    h('p', null, 'Before: ', h('del', null, String(revision.before ?? ''))),
    h(
      'p',
      null,
      'After: ',
      revision.after === null || revision.after === undefined
        ? h('span', { class: 'muted' }, 'no longer in the article')
        : h('ins', null, String(revision.after)),
    ),
  );
}

/** @param {unknown} decisions */
function renderDecisions(decisions) {
  if (!Array.isArray(decisions) || decisions.length === 0) return null;
  return h(
    'section',
    { class: 'decisions' },
    h('h3', null, 'Decisions'),
    h(
      'ul',
      null,
      decisions.map((d) =>
        h(
          'li',
          null,
          h('strong', null, d.decision ?? '?'),
          ` by ${d.reviewer ?? '?'} · ${fmtTime(d.at)}`,
          d.note ? h('span', { class: 'decision-note' }, ` — ${d.note}`) : null,
        ),
      ),
    ),
  );
}

/** @param {any} timeline */
function renderTimeline(timeline) {
  const sightings = Array.isArray(timeline?.sightings) ? timeline.sightings : [];
  return [
    h('h3', null, 'Provenance'),
    timeline?.knownFrom
      ? h(
          'p',
          { class: 'known-from' },
          `Known before any article from ${timeline.knownFrom.doc} (${timeline.knownFrom.source}): `,
          h('q', null, timeline.knownFrom.text ?? ''),
        )
      : null,
    sightings.length
      ? h(
          'ol',
          { class: 'sightings' },
          sightings.map((/** @type {any} */ s) =>
            h(
              'li',
              null,
              h('time', null, fmtTime(s.seenAt)),
              ' ',
              h('span', { class: `badge novelty` }, s.novelty ?? '?'),
              ' ',
              h('span', { class: 'outlet' }, outletOf(s.article)),
              ' · ',
              externalLink(s.article?.url, s.article?.title || s.article?.url || '(untitled)'),
              ' · ',
              pageLink(articleHash(String(s.article?.id ?? '')), 'article view'),
              s.speaker ? h('span', { class: 'muted' }, ` · ${s.speaker}`) : null,
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No sightings recorded.'),
  ];
}

function selectedItem() {
  return visibleItems(queueParams())[state.selected] ?? null;
}

/** @param {number} index @param {boolean} scroll */
function selectIndex(index, scroll = true) {
  const items = visibleItems(queueParams());
  if (items.length === 0) return;
  state.selected = Math.max(0, Math.min(items.length - 1, index));
  const item = items[state.selected];
  for (const [id, { card }] of state.cards) {
    card.classList.toggle('selected', id === item.id);
    card.setAttribute('aria-current', String(id === item.id));
  }
  const entry = state.cards.get(item.id);
  if (!entry) return;
  if (scroll) entry.card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  void loadTimeline(item.id, entry.timeline);
}

/** @param {string} id @param {HTMLElement} slot */
async function loadTimeline(id, slot) {
  if (slot.dataset.loaded) return;
  slot.dataset.loaded = 'loading';
  let details = state.details.get(id);
  if (!details) {
    details = api(`/api/claims/${encodeURIComponent(id)}`);
    state.details.set(id, details);
  }
  try {
    const body = await details;
    slot.replaceChildren();
    append(slot, renderTimeline(body?.timeline));
    slot.dataset.loaded = 'yes';
  } catch (err) {
    state.details.delete(id);
    delete slot.dataset.loaded;
    slot.replaceChildren(h('p', { class: 'error' }, `Timeline: ${String(err)}`));
  }
}

/** @param {any} item @param {string} decision */
async function decide(item, decision) {
  if (state.busy) return;
  const entry = state.cards.get(item.id);
  const note = entry?.note.value.trim() ?? '';
  state.busy = true;
  entry?.card.classList.add('busy');
  try {
    const body = await api(`/api/claims/${encodeURIComponent(item.id)}/review`, {
      method: 'POST',
      body: note ? { decision, note } : { decision },
    });
    const updated = body?.item ?? { ...item, status: decision };
    const p = queueParams();
    state.counts[item.status] = Math.max(0, (state.counts[item.status] ?? 1) - 1);
    state.counts[updated.status] = (state.counts[updated.status] ?? 0) + 1;
    if (updated.status === p.status) {
      state.items = state.items.map((i) => (i.id === item.id ? updated : i));
    } else {
      state.items = state.items.filter((i) => i.id !== item.id);
      state.total = Math.max(0, state.total - 1);
    }
    say(`“${truncate(item.claim?.text ?? '', 60)}” → ${updated.status}`, 'ok');
    renderToolbar(p);
    renderQueue(p);
  } catch (err) {
    entry?.card.classList.remove('busy');
    if (!(err instanceof ApiError && err.status === 401))
      say(`Decision not saved: ${String(err)}`, 'error');
  } finally {
    state.busy = false;
  }
}

function truncate(/** @type {string} */ text, /** @type {number} */ n) {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

// ---------------------------------------------------------------------------------------------
// The article view: text, dedup family, matches, revisions, statements.

/** @param {string} id */
async function showArticle(id) {
  toolbar.replaceChildren(pageLink('#/', '← back to the queue', { class: 'back' }));
  app.replaceChildren(h('p', { class: 'loading' }, 'Loading…'));
  const r = await api(`/api/articles/${encodeURIComponent(id)}`);
  const art = r?.article ?? {};
  const analysis = r?.analysis ?? null;
  const family = analysis?.family ?? null;
  const matches = Array.isArray(analysis?.dedup?.matches) ? analysis.dedup.matches : [];
  const revisions = Array.isArray(r?.revisions) ? r.revisions : [];
  const claims = Array.isArray(analysis?.claims) ? analysis.claims : [];
  const paragraphs = typeof art.text === 'string' ? art.text.split(/\n\s*\n/) : [];
  app.replaceChildren(
    h(
      'article',
      { class: 'article-view' },
      h('h2', null, art.title ?? r?.hints?.title ?? '(untitled)'),
      h(
        'p',
        { class: 'meta' },
        h('span', { class: 'outlet' }, r?.outlet ?? art.siteName ?? outletOf(r)),
        ' · ',
        h('time', null, fmtTime(art.publishedAt)),
        art.byline ? ` · ${art.byline}` : '',
        ' · ',
        externalLink(r?.url, r?.url ?? ''),
      ),
      h(
        'dl',
        { class: 'facts' },
        fact('status', r?.status ?? '?'),
        fact(
          'relevance',
          analysis
            ? `${analysis.relevance?.relevant ? 'relevant' : 'not relevant'}, score ${analysis.relevance?.score ?? '?'}`
            : '—',
        ),
        fact('dedup verdict', analysis?.dedup?.verdict ?? '—'),
        fact('extraction', art.method ? `${art.method}, ${art.wordCount ?? '?'} words` : '—'),
        fact(
          'text flags',
          art.flags && (art.flags.paywalled || art.flags.partial || art.flags.truncated)
            ? (art.flags.reasons ?? []).join('; ') || 'incomplete'
            : 'none',
        ),
        r?.error ? fact('error', `${r.error.code}: ${r.error.message}`) : null,
      ),
      h(
        'section',
        { class: 'family' },
        h('h3', null, 'Dedup family'),
        family
          ? h(
              'p',
              null,
              `Family ${family.id} of ${family.size} document${family.size === 1 ? '' : 's'}; first: `,
              h('strong', null, String(family.first)),
              family.firstPublishedAt ? ` (${fmtTime(family.firstPublishedAt)})` : '',
            )
          : h('p', { class: 'muted' }, 'Not a copy: no family.'),
        matches.length
          ? h(
              'table',
              { class: 'matches' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  h('th', null, 'match'),
                  h('th', null, 'source'),
                  h('th', null, 'Jaccard'),
                  h('th', null, 'containment'),
                ),
              ),
              h(
                'tbody',
                null,
                matches.map((/** @type {any} */ m) =>
                  h(
                    'tr',
                    null,
                    h('td', null, String(m.doc)),
                    h('td', null, String(m.source ?? '')),
                    h('td', null, pct(m.jaccard)),
                    h('td', null, pct(m.containment)),
                  ),
                ),
              ),
            )
          : null,
      ),
      h(
        'section',
        { class: 'revisions' },
        h('h3', null, `Revisions (${revisions.length})`),
        revisions.length
          ? h(
              'ol',
              null,
              revisions.map((/** @type {any} */ rev) =>
                h(
                  'li',
                  null,
                  h('time', null, fmtTime(rev.at)),
                  h(
                    'ul',
                    null,
                    (rev.added ?? []).map((/** @type {any} */ a) =>
                      h('li', null, h('ins', null, a.text ?? '')),
                    ),
                    (rev.removed ?? []).map((/** @type {any} */ t) =>
                      h('li', null, h('del', null, String(t))),
                    ),
                  ),
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'No later versions.'),
      ),
      h(
        'section',
        { class: 'statements' },
        h('h3', null, `Statements (${claims.length})`),
        claims.length
          ? h(
              'ul',
              null,
              claims.map((/** @type {any} */ c) =>
                h(
                  'li',
                  null,
                  h('span', { class: 'badge novelty' }, c.novelty ?? '?'),
                  ' ',
                  h('q', null, c.text ?? ''),
                  c.speaker ? ` — ${c.speaker}` : '',
                ),
              ),
            )
          : h('p', { class: 'muted' }, 'none'),
      ),
      h(
        'section',
        { class: 'text' },
        h('h3', null, 'Text'),
        paragraphs.map((t) => h('p', null, t)),
      ),
    ),
  );
}

/** @param {string} term @param {any} value */
function fact(term, value) {
  return [h('dt', null, term), h('dd', null, value)];
}

// ---------------------------------------------------------------------------------------------
// Keyboard.

/** @param {KeyboardEvent} e */
function onKey(e) {
  if (e.ctrlKey || e.metaKey || e.altKey) return;
  const target = /** @type {HTMLElement} */ (e.target);
  const typing =
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement;
  if (typing) {
    if (e.key === 'Escape') target.blur();
    return;
  }
  if (!token()) return;
  const inArticle = parseHash().path.startsWith('/articles/');
  if (e.key === 'r') return void reload();
  if (inArticle) {
    if (e.key === 'q') location.hash = '#/';
    return;
  }
  const item = selectedItem();
  const decision = DECISIONS.find((d) => d.key === e.key);
  if (e.key === 'j' || e.key === 'ArrowDown') selectIndex(state.selected + 1);
  else if (e.key === 'k' || e.key === 'ArrowUp') selectIndex(state.selected - 1);
  else if (decision && item) void decide(item, decision.status);
  else if (e.key === 'e' && item) state.cards.get(item.id)?.note.focus();
  else if (e.key === 'o' && item) location.hash = articleHash(String(item.articleId));
  else return;
  e.preventDefault();
}

function reload() {
  loadedStatus = '';
  state.items = [];
  void route();
}

takeTokenFromFragment();
document.addEventListener('keydown', onKey);
window.addEventListener('hashchange', () => void route());
void route();
