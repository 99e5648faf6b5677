// The player alone in Chromium against a running fleet, without the app's pages: a user and a song are made through
// the API, the page's player (driven through its test hook) streams it over the socket; checks that audio is produced,
// that it seeks, survives a dropped socket, and measures time to first sound.
//   GATEWAY_URL, MAIL_URL, CHROMIUM, E2E_ARTIFACTS as for run.mjs; APP_URL: where the app is (default GATEWAY_URL).
// Run: `npm run e2e:player`.

import { mkdirSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeWav } from './wav.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const GATEWAY = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const APP = (process.env.APP_URL ?? GATEWAY).replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:13080').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
const PLAYS = Number(process.env.E2E_TTFS_PLAYS ?? 10);
const PASSWORD = 'web journey passphrase 7';

let passed = 0;
let failed = 0;
const t0 = Date.now();
const log = (...a) => console.log(`[player ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

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

async function waitFor(what, fn, timeoutMs = 15_000, everyMs = 100) {
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
  const res = await fetch(`${GATEWAY}${p}`, { method, headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function userWithSong() {
  const email = `player.${Date.now().toString(36)}@example.com`;
  const signup = await api('POST', '/api/auth/signup', { json: { email, password: PASSWORD, displayName: 'Player Smoke' } });
  check(signup.status === 201, `signup: ${JSON.stringify(signup)}`);
  const token = await waitFor('the verification mail', async () => {
    const res = await fetch(`${MAIL}/messages?to=${encodeURIComponent(email)}`);
    const m = (await res.json()).messages?.map((x) => x.text).join('\n').match(/[?&]token=([A-Za-z0-9_-]+)/);
    return m?.[1];
  }, 30_000, 300);
  check((await api('POST', '/api/auth/email/verify', { json: { token } })).status === 204, 'verify');
  const login = await api('POST', '/api/auth/login', { json: { email, password: PASSWORD } });
  check(login.status === 200, `login: ${JSON.stringify(login)}`);
  const access = login.body.accessToken;
  const form = new FormData();
  form.append('file', new Blob([makeWav({ seconds: 60 })], { type: 'audio/wav' }), 'smoke.wav');
  form.append('title', 'Player Smoke Song');
  form.append('genre', 'electronic');
  const up = await api('POST', '/api/tracks', { token: access, form });
  check(up.status === 202, `upload: ${JSON.stringify(up)}`);
  const id = up.body.id;
  const track = await waitFor('the song READY', async () => {
    const t = await api('GET', `/api/tracks/${id}`, { token: access });
    if (t.body?.status === 'FAILED') throw new Error(`processing failed: ${JSON.stringify(t.body)}`);
    return t.body?.status === 'READY' ? t.body : null;
  }, 120_000, 500);
  return { access, track };
}

const hook = (page, expr) => page.evaluate(expr);

async function assertSounding(page, where) {
  await waitFor(`sound ${where}`, () => hook(page, () => window.__lalalaPlayer.level() > 0.001), 15_000, 20);
  const c1 = await hook(page, () => window.__lalalaPlayer.clock());
  const p1 = await hook(page, () => window.__lalalaPlayer.positionMs());
  await page.waitForTimeout(500);
  const c2 = await hook(page, () => window.__lalalaPlayer.clock());
  const p2 = await hook(page, () => window.__lalalaPlayer.positionMs());
  check(c2 - c1 > 0.3, `the audio clock stood still ${where}: ${c1} -> ${c2}`);
  check(p2 - p1 > 300, `the position stood still ${where}: ${p1} -> ${p2}`);
  check((await hook(page, () => window.__lalalaPlayer.level())) > 0.001, `silence ${where}`);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  check(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}`);
  const { access, track } = await step('a user and a READY song through the API', userWithSong);
  const ref = { id: track.id, title: track.title, durationMs: track.durationMs };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    await context.addInitScript(() => window.localStorage.setItem('lalala.e2e', '1'));
    const page = await context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    await page.goto(APP);
    await page.waitForFunction(() => !!window.__lalalaPlayer);
    await page.evaluate((t) => window.__lalalaPlayer.useAccessToken(t), access);

    await step('plays: the analyser hears it, the clock runs', async () => {
      await page.evaluate((r) => window.__lalalaPlayer.playTrack(r), ref);
      await assertSounding(page, 'after play');
      await page.screenshot({ path: path.join(ARTIFACTS, 'player-smoke-playing.png') });
    });

    await step('seeks to 45 s', async () => {
      await page.evaluate(() => window.__lalalaPlayer.seek(45_000));
      await waitFor('position near 45 s', () => hook(page, () => { const p = window.__lalalaPlayer.positionMs(); return p >= 45_000 && p < 48_000; }), 5_000, 20);
      await assertSounding(page, 'after the seek');
    });

    await step('keeps playing through a dropped socket, and resumes streaming on a new one', async () => {
      await page.evaluate(() => window.__lalalaPlayer.seek(10_000));
      await assertSounding(page, 'before the drop');
      const before = await hook(page, () => window.__lalalaPlayer.socketsOpened());
      await context.setOffline(true);
      await page.waitForTimeout(1_500);
      await context.setOffline(false);
      if ((await hook(page, () => window.__lalalaPlayer.socketsOpened())) === before) {
        // Chromium's offline emulation leaves open sockets alone: cut it as a lost network would.
        await page.evaluate(() => window.__lalalaPlayer.dropConnection());
      }
      await waitFor('a new socket', () => page.evaluate((b) => window.__lalalaPlayer.socketsOpened() > b, before), 10_000, 50);
      // The buffered segments carried it; the new socket streams the rest (60-s song: past 4 segments of buffer).
      await waitFor('position past 35 s', () => hook(page, () => window.__lalalaPlayer.positionMs() > 35_000), 40_000, 200);
      await assertSounding(page, 'after the reconnect');
      check((await hook(page, () => window.__lalalaPlayer.status())) === 'playing', 'not playing after the reconnect');
    });

    const figures = await step(`time to first sound, ${PLAYS} plays`, async () => {
      const out = [];
      for (let i = 0; i < PLAYS; i++) {
        await page.evaluate((r) => window.__lalalaPlayer.playTrack(r), ref);
        const rec = await waitFor('first sound', () => hook(page, () => { const r = window.__lalalaPlayer.lastFirstSound(); return r && r.heardAt !== null ? r : null; }), 10_000, 10);
        out.push({ startedMs: rec.startedAt - rec.requestedAt, scheduledMs: rec.scheduledAt - rec.requestedAt, heardMs: rec.heardAt - rec.requestedAt });
        await page.waitForTimeout(400);
      }
      return out;
    });
    const started = figures.map((f) => f.startedMs);
    const scheduled = figures.map((f) => f.scheduledMs);
    const result = {
      plays: started.length,
      firstSoundMs: { p50: Math.round(percentile(started, 50)), worst: Math.round(Math.max(...started)), all: started.map(Math.round) },
      scheduledMs: { p50: Math.round(percentile(scheduled, 50)), worst: Math.round(Math.max(...scheduled)) },
    };
    writeFileSync(path.join(ARTIFACTS, 'player-time-to-first-sound.json'), JSON.stringify(result, null, 2));
    log(`time to first sound (play request to the audio clock passing the first buffer's start), ${started.length} plays: p50 ${result.firstSoundMs.p50} ms, worst ${result.firstSoundMs.worst} ms (${result.firstSoundMs.all.join(', ')}); decoded and scheduled: p50 ${result.scheduledMs.p50} ms`);
  } finally {
    await browser.close();
  }
}

main()
  .catch((e) => {
    failed++;
    log(`FAIL ${e?.stack ?? e}`);
  })
  .finally(() => {
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed > 0 || passed === 0 ? 1 : 0);
  });
