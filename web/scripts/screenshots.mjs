// Screenshots of the app's main pages against a running fleet (`./lalala up`), at desktop and phone width, for the
// README and for a reviewer's eye. Makes its own user and song through the API first.
//   GATEWAY_URL (default http://127.0.0.1:8080), APP_URL (where the pages are; default the gateway), MAIL_URL (default http://127.0.0.1:13080), CHROMIUM
//   (default /usr/bin/chromium), OUT (default web/scripts/shots).
// Run: `node scripts/screenshots.mjs` from web/.

import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { makeWav } from '../e2e/wav.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const GW = (process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const APP = (process.env.APP_URL ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:13080').replace(/\/$/, '');
const OUT = process.env.OUT ?? path.join(here, 'shots');
const PASSWORD = 'screenshot passphrase 7';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function call(method, url, body, token, extra = {}) {
  const headers = { ...extra };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body && !(body instanceof FormData)) headers['Content-Type'] = 'application/json';
  const res = await fetch(GW + url, { method, headers, body: body instanceof FormData ? body : body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function verifiedUser(name) {
  const email = `${name.toLowerCase().replace(/\W/g, '')}.${Date.now().toString(36)}@example.com`;
  await call('POST', '/api/auth/signup', { email, password: PASSWORD, displayName: name });
  let token;
  for (let i = 0; i < 60 && !token; i++) {
    await sleep(500);
    const m = await (await fetch(`${MAIL}/messages?to=${encodeURIComponent(email)}`)).json();
    token = m.messages?.map((x) => x.text?.match(/token=([A-Za-z0-9_-]+)/)?.[1]).find(Boolean);
  }
  await call('POST', '/api/auth/email/verify', { token });
  const { accessToken } = await call('POST', '/api/auth/login', { email, password: PASSWORD });
  return { email, accessToken };
}

async function upload(accessToken, title, genre, seconds) {
  const form = new FormData();
  form.append('file', new Blob([makeWav({ seconds })], { type: 'audio/wav' }), `${title}.wav`);
  form.append('title', title);
  form.append('genre', genre);
  form.append('tags', 'demo, lalala');
  form.append('description', 'Made by the screenshot script: a slowly changing chord.');
  const { id } = await call('POST', '/api/tracks', form, accessToken);
  for (let i = 0; i < 240; i++) {
    const t = await call('GET', `/api/tracks/${id}`, null, accessToken);
    if (t.status !== 'PROCESSING') return t;
    await sleep(500);
  }
  throw new Error('not ready');
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const user = await verifiedUser('Nova Lights');
  const genres = (await call('GET', '/api/tracks/genres')).items.map((g) => g.id);
  const songs = [];
  for (const [i, title] of ['Night Drive', 'Glass Garden', 'Paper Moons', 'Slow Tide'].entries()) {
    songs.push(await upload(user.accessToken, title, genres[i % genres.length], 35));
  }
  await call('PUT', `/api/tracks/${songs[0].id}/like`, null, user.accessToken);
  await call('PATCH', '/api/users/me', { bio: 'Synth pop from a small room. New songs every month.' }, user.accessToken);

  const dir = mkdtempSync(path.join(tmpdir(), 'lalala-shots-'));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  const cspErrors = [];
  try {
    for (const [label, viewport, mobile] of [['desktop', { width: 1280, height: 800 }, false], ['phone', { width: 360, height: 740 }, true]]) {
      const context = await browser.newContext({ viewport, isMobile: mobile, hasTouch: mobile });
      const page = await context.newPage();
      page.on('console', (m) => { if (/Content Security Policy|Refused/.test(m.text())) cspErrors.push(m.text()); });
      page.on('pageerror', (e) => cspErrors.push(`pageerror: ${e.message}`));
      const shot = async (name) => { await sleep(700); await page.screenshot({ path: path.join(OUT, `${label}-${name}.png`) }); };
      await page.goto(`${APP}/signup`); await shot('signup');
      await page.goto(`${APP}/login`);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(`${APP}/`);
      // The access token is in memory only: after a reload the HttpOnly cookie signs the user in again.
      await page.reload();
      await page.getByRole('button', { name: 'Log out', includeHidden: true }).first().waitFor({ state: 'attached', timeout: 10_000 });
      await shot('home');
      await page.goto(`${APP}/songs/${songs[0].id}`);
      await page.getByRole('heading', { name: 'Night Drive' }).waitFor();
      await page.getByRole('main').getByRole('button', { name: /^Play/ }).first().click();
      await sleep(2500);
      await shot('song');
      for (const p of ['upload', 'my-songs', 'liked', 'profile', 'settings']) {
        await page.evaluate((to) => { history.pushState(null, '', to); dispatchEvent(new PopStateEvent('popstate')); }, `/${p}`);
        await shot(p);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      console.log(`${label}: horizontal overflow ${overflow}px`);
      await context.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(cspErrors.length ? `CSP/page errors:\n${cspErrors.join('\n')}` : 'no CSP violations or page errors');
  console.log(`screenshots in ${OUT}`);
}

main().catch((e) => { console.error(e); process.exit(1); });
