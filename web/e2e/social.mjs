// The social journey in Chromium against a running fleet: A uploads two songs (made through the API); B, in the
// browser, types a Korean word into the header search with real IME compositions (Chrome DevTools Input.ime*),
// picks A's song from the suggestions, follows A from the artist page, sees the songs in the feed, puts them in a new
// playlist from the songs' menus and reorders it (buttons, Alt+arrows, drag and drop), each order checked after a
// reload. axe-core on every new page, at 1280 and 360 px; screenshots of each.
//   GATEWAY_URL, MAIL_URL, CHROMIUM, E2E_ARTIFACTS (default e2e/artifacts), APP_URL as for run.mjs.
// Run: `npm run e2e:social` (fleet-tests' WebSocialE2EIT runs it against the fleet the fleet suite starts).

import { mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { makeWav } from './wav.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const GATEWAY = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const APP = (process.env.APP_URL ?? GATEWAY).replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:13080').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
const PASSWORD = 'web social passphrase 7';

let passed = 0;
let failed = 0;
const problems = [];
const t0 = Date.now();
const log = (...a) => console.log(`[social ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

async function step(name, fn) {
  const s = Date.now();
  try {
    const v = await fn();
    passed++;
    log(`ok   ${name} (${Date.now() - s} ms)`);
    return v;
  } catch (e) {
    failed++;
    log(`FAIL ${name}: ${e?.stack ?? e}`);
    throw e;
  }
}

function check(c, m) {
  if (!c) throw new Error(m);
}

async function waitFor(what, fn, timeoutMs = 15_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn().catch((e) => e);
    if (last && !(last instanceof Error)) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

async function api(method, p, { token, json, form } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  let body;
  if (json) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) body = form;
  // A fleet that has just come up on a busy machine answers 503 for a while (a service's first token check, a
  // dependency still warming): retried, as the app's own queries retry.
  let res;
  for (let attempt = 0; ; attempt++) {
    res = await fetch(`${GATEWAY}${p}`, { method, headers, body });
    if (![502, 503, 504].includes(res.status) || attempt >= 15) break;
    await res.text();
    await new Promise((r) => setTimeout(r, 2000));
  }
  const text = await res.text();
  let parsed = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  return { status: res.status, body: parsed };
}

async function user(name) {
  const email = `social.${name.toLowerCase().replace(/\W/g, '')}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
  const signup = await api('POST', '/api/auth/signup', { json: { email, password: PASSWORD, displayName: name } });
  check(signup.status === 201, `signup: ${JSON.stringify(signup)}`);
  const token = await waitFor('the verification mail', async () => {
    const res = await fetch(`${MAIL}/messages?to=${encodeURIComponent(email)}`);
    const m = (await res.json()).messages?.map((x) => x.text).join('\n').match(/[?&]token=([A-Za-z0-9_-]+)/);
    return m?.[1];
  }, 30_000, 300);
  check((await api('POST', '/api/auth/email/verify', { json: { token } })).status === 204, 'verify');
  const login = await api('POST', '/api/auth/login', { json: { email, password: PASSWORD } });
  check(login.status === 200, `login: ${JSON.stringify(login)}`);
  return { email, name, access: login.body.accessToken, id: signup.body.userId, handle: signup.body.handle };
}

async function upload(owner, title, seconds) {
  const form = new FormData();
  form.append('file', new Blob([makeWav({ seconds })], { type: 'audio/wav' }), 'social.wav');
  form.append('title', title);
  form.append('genre', 'electronic');
  const up = await api('POST', '/api/tracks', { token: owner.access, form });
  check(up.status === 202, `upload: ${JSON.stringify(up)}`);
  return up.body.id;
}

async function ready(owner, id) {
  return waitFor(`song ${id} READY`, async () => {
    const t = await api('GET', `/api/tracks/${id}`, { token: owner.access });
    if (t.body?.status === 'FAILED') throw new Error(`processing failed: ${JSON.stringify(t.body)}`);
    return t.body?.status === 'READY' ? t.body : null;
  }, 150_000, 500);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `social-${name}.png`), fullPage: true });
}

async function axe(page, name) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of bad) {
    problems.push(`${name}: [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target?.join(' ')})`);
  }
  log(`axe ${name}: ${result.violations.length} violations, ${bad.length} serious or critical`);
}

async function visit(page, name) {
  await page.waitForLoadState('domcontentloaded');
  await page.waitForTimeout(400);
  await shot(page, name);
  await axe(page, name);
  const width = page.viewportSize().width;
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
  check(overflow <= width + 1, `${name} is ${overflow}px wide in a ${width}px window`);
}

async function logIn(page, who) {
  await page.goto(`${APP}/login`);
  await page.getByLabel(/email/i).first().fill(who.email);
  await page.getByLabel(/^password/i).first().fill(PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
  await waitFor('logged in', async () => !new URL(page.url()).pathname.startsWith('/login'), 15_000);
}

/**
 * Types Hangul as a Korean IME does: each syllable is composed from its jamo (compositionstart/update, the text in
 * the box changing with each), then committed (compositionend).
 */
async function typeKorean(page, cdp, steps) {
  for (const syllable of steps) {
    for (const partial of syllable.slice(0, -1)) {
      await cdp.send('Input.imeSetComposition', { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
      await page.waitForTimeout(250); // longer than the debounce: a request for the half-built text would go out now
    }
    await cdp.send('Input.insertText', { text: syllable.at(-1) });
    await page.waitForTimeout(60);
  }
}

const rowTitles = (page) => page.getByRole('list', { name: /^Songs in / }).locator('.playlist-row__title').allTextContents();

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  check(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const sfx = Date.now().toString(36).slice(-5);
  const first = `봄바람 Breeze ${sfx}`;
  const second = `Second Light ${sfx}`;

  const a = await step('A signs up and uploads two songs', async () => {
    const who = await user(`Social A ${sfx}`);
    const ids = [await upload(who, first, 40), await upload(who, second, 40)];
    who.songs = [await ready(who, ids[0]), await ready(who, ids[1])];
    return who;
  });
  const b = await step('B signs up', () => user(`Social B ${sfx}`));
  await step('search knows A\'s song by its Korean word (indexed from the events)', () => waitFor('the song in suggestions',
    async () => (await api('GET', `/api/search/suggest?q=${encodeURIComponent('봄바람')}&limit=50`, { token: b.access })).body?.items?.some((i) => i.id === a.songs[0].id), 30_000, 500));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'],
  });
  let playlistUrl;
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(() => window.localStorage.setItem('lalala.e2e', '1'));
    const page = await context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    const suggestRequests = [];
    page.on('request', (r) => { if (r.url().includes('/api/search/suggest')) suggestRequests.push(r.url()); });

    await step('B logs in; the home page is the feed, empty, with people to follow', async () => {
      await logIn(page, b);
      await page.getByRole('heading', { name: 'Your feed' }).waitFor();
      await page.getByText(/Your feed is empty/).waitFor();
      await visit(page, 'desktop-home-empty');
    });

    await step('B types 봄바람 with IME compositions: no request while composing, then A\'s song is suggested', async () => {
      const box = page.getByRole('combobox', { name: 'Search songs, artists and playlists' });
      await box.click();
      const cdp = await context.newCDPSession(page);
      suggestRequests.length = 0;
      await typeKorean(page, cdp, [['ㅂ', '보', '봄'], ['ㅂ', '바'], ['ㄹ', '라', '람']]);
      check(await box.inputValue() === '봄바람', `the box holds ${await box.inputValue()}`);
      const option = page.getByRole('option', { name: new RegExp(first) });
      await option.waitFor({ timeout: 10_000 });
      // Only committed text was ever asked for: never a lone jamo or a half-built syllable (보, 봄ㅂ, 봄바ㄹ, 봄바라).
      const asked = suggestRequests.map((u) => new URL(u).searchParams.get('q'));
      check(asked.length > 0 && asked.every((q) => ['봄', '봄바', '봄바람'].includes(q)) && asked.at(-1) === '봄바람',
        `suggest was asked for: ${asked.join(', ')}`);
      await shot(page, 'desktop-suggestions');
      // Keyboard: down to A's song, Enter opens it.
      const options = await page.getByRole('option').allTextContents();
      const index = options.findIndex((t) => t.includes(first));
      for (let i = 0; i <= index; i++) await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: first }).waitFor();
    });

    await step('the search results page: tabs and the song', async () => {
      const box = page.getByRole('combobox', { name: 'Search songs, artists and playlists' });
      await box.fill('Breeze');
      await box.press('Enter');
      await page.getByRole('heading', { name: 'Results for “Breeze”' }).waitFor();
      await page.getByRole('link', { name: first }).waitFor({ timeout: 10_000 });
      await visit(page, 'desktop-search');
      await page.goBack();
      await page.getByRole('heading', { name: first }).waitFor();
    });

    await step('B follows A from the artist page; A\'s follower count goes to 1', async () => {
      await page.getByRole('main').getByRole('link', { name: a.name }).click();
      await page.getByRole('heading', { name: a.name }).waitFor();
      await page.getByRole('button', { name: '0 followers' }).waitFor();
      await page.getByRole('button', { name: `Follow ${a.name}` }).click();
      await page.getByRole('button', { name: `Following ${a.name}` }).waitFor();
      await page.getByRole('button', { name: '1 follower' }).waitFor();
      await visit(page, 'desktop-artist');
      const counts = await api('GET', `/api/follows/${a.id}/counts`);
      check(counts.body.followers === 1, `A's counts: ${JSON.stringify(counts.body)}`);
    });

    await step('the feed shows A\'s songs', async () => {
      await page.getByRole('link', { name: 'Home', exact: true }).click();
      const feed = page.getByRole('list', { name: 'Your feed' });
      await waitFor('A\'s songs in the feed', async () => {
        await page.reload();
        await feed.waitFor({ timeout: 5_000 });
        return (await feed.getByRole('link', { name: first }).count()) > 0 && (await feed.getByRole('link', { name: second }).count()) > 0;
      }, 30_000, 1000);
      await visit(page, 'desktop-home-feed');
    });

    await step('B makes a new playlist from a song\'s menu and adds the other song to it', async () => {
      const feed = page.getByRole('list', { name: 'Your feed' });
      const listName = `Drive ${sfx}`;
      await feed.getByRole('button', { name: `More for ${first}` }).first().click();
      await page.getByLabel('New playlist name').fill(listName);
      await page.getByRole('button', { name: 'Create', exact: true }).click();
      await page.getByText(`Added to ${listName}`).waitFor();
      await page.keyboard.press('Escape');
      await feed.getByRole('button', { name: `More for ${second}` }).first().click();
      await page.getByRole('button', { name: `Add to ${listName}` }).click();
      await page.getByText(`Added to ${listName}`).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('link', { name: 'Playlists', exact: true }).click();
      await page.getByRole('link', { name: listName }).waitFor();
      await visit(page, 'desktop-playlists');
      await page.getByRole('link', { name: listName }).click();
      await page.getByRole('heading', { name: listName }).waitFor();
      playlistUrl = page.url();
      check(JSON.stringify(await rowTitles(page)) === JSON.stringify([first, second]), `order: ${await rowTitles(page)}`);
    });

    await step('B reorders it with a button, with Alt+arrow and by drag and drop; each order survives a reload', async () => {
      const expectOrder = async (order, how) => {
        await waitFor(`the order after ${how} on screen`, async () => JSON.stringify(await rowTitles(page)) === JSON.stringify(order), 5_000);
        await page.waitForTimeout(500); // the write goes out
        await page.reload();
        await waitFor(`the order after ${how} from the server`, async () => JSON.stringify(await rowTitles(page)) === JSON.stringify(order), 10_000);
      };
      await page.getByRole('button', { name: `Move ${second} up` }).click();
      await expectOrder([second, first], 'the up button');
      await page.getByRole('button', { name: new RegExp(`^Reorder ${second}`) }).focus();
      await page.keyboard.press('Alt+ArrowDown');
      await expectOrder([first, second], 'Alt+ArrowDown');
      const rows = page.getByRole('list', { name: /^Songs in / }).getByRole('listitem');
      await rows.nth(1).dragTo(rows.nth(0));
      await expectOrder([second, first], 'drag and drop');
      await visit(page, 'desktop-playlist');
    });

    await step('the charts page', async () => {
      await page.getByRole('link', { name: 'Charts', exact: true }).first().click();
      await page.getByRole('heading', { level: 1, name: /^Charts/ }).waitFor();
      await page.getByRole('tab', { name: '7 days' }).click();
      await visit(page, 'desktop-charts');
    });
    await context.close();

    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    await step('phone 360x740: the new pages fit, pass axe, and the search box suggests', async () => {
      await logIn(p, b);
      await p.getByRole('heading', { name: 'Your feed' }).waitFor();
      await p.getByRole('list', { name: 'Your feed' }).waitFor();
      await visit(p, 'phone-home-feed');
      await p.getByRole('combobox', { name: 'Search songs, artists and playlists' }).fill('Breeze');
      await p.getByRole('option', { name: new RegExp(first) }).waitFor({ timeout: 10_000 });
      await shot(p, 'phone-suggestions');
      await p.goto(`${APP}/search?q=Breeze`);
      await p.getByRole('link', { name: first }).waitFor();
      await visit(p, 'phone-search');
      await p.goto(`${APP}/u/${a.handle}`);
      await p.getByRole('button', { name: `Following ${a.name}` }).waitFor();
      await visit(p, 'phone-artist');
      await p.goto(playlistUrl);
      await p.getByRole('list', { name: /^Songs in / }).waitFor();
      await visit(p, 'phone-playlist');
      await p.goto(`${APP}/playlists`);
      await p.getByRole('heading', { name: 'Playlists' }).waitFor();
      await visit(p, 'phone-playlists');
      await p.goto(`${APP}/charts`);
      await p.getByRole('heading', { level: 1, name: /^Charts/ }).waitFor();
      await visit(p, 'phone-charts');
    });
    await phone.close();
  } catch {
    // counted by step()
  } finally {
    await browser.close();
  }
  await step('no serious or critical accessibility violations on the social pages', async () => {
    check(problems.length === 0, `axe found:\n  ${problems.join('\n  ')}`);
  }).catch(() => undefined);
  log(`screenshots in ${ARTIFACTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exit(1);
});
