// End-to-end journey of the web app against a running fleet, in Debian's Chromium driven by playwright-core.
//   GATEWAY_URL (default http://127.0.0.1:8080), MAIL_URL (the SMTP server's read API, default http://127.0.0.1:13080),
//   CHROMIUM (default /usr/bin/chromium), E2E_ARTIFACTS (screenshots and figures; default web/e2e/artifacts).
// Run: `npm run e2e` (fleet-tests' WebAppE2EIT runs it against the fleet the fleet suite starts).

import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { makeWav } from './wav.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
// APP_URL: where the pages are when not at the gateway (a `vite preview` proxying /api to it).
const GATEWAY = (process.env.APP_URL ?? process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
const MAIL = (process.env.MAIL_URL ?? 'http://127.0.0.1:13080').replace(/\/$/, '');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = process.env.E2E_ARTIFACTS ?? path.join(here, 'artifacts');
const PLAYS = Number(process.env.E2E_TTFS_PLAYS ?? 10);
const PASSWORD = 'web journey passphrase 7';

const results = [];
const problems = []; // accessibility findings, failing the run at the end
const started = Date.now();

function log(...args) {
  console.log(`[e2e ${((Date.now() - started) / 1000).toFixed(1)}s]`, ...args);
}

async function step(name, fn) {
  const t0 = Date.now();
  try {
    const value = await fn();
    results.push({ name, ok: true, ms: Date.now() - t0 });
    log(`ok   ${name} (${Date.now() - t0} ms)`);
    return value;
  } catch (error) {
    results.push({ name, ok: false, ms: Date.now() - t0, error });
    log(`FAIL ${name}: ${error?.stack ?? error}`);
    throw error;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function waitFor(what, fn, timeoutMs = 15_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${last})`);
}

// ---- mail ----

async function mailLink(email, pathPart) {
  const text = await waitFor(`a mail to ${email} with ${pathPart}`, async () => {
    const res = await fetch(`${MAIL}/messages?to=${encodeURIComponent(email)}`);
    if (!res.ok) return null;
    const body = await res.json();
    const found = (body.messages ?? []).reverse().find((m) => m.text?.includes(pathPart));
    return found?.text ?? null;
  }, 30_000, 300);
  const m = text.match(/https?:\/\/\S+/g)?.find((u) => u.includes(pathPart));
  check(m, `no link with ${pathPart} in: ${text}`);
  // The link names the app's public address; the fleet under test may listen elsewhere.
  const url = new URL(m);
  return `${GATEWAY}${url.pathname}${url.search}`;
}

// ---- page helpers ----

async function shot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: false });
}

/** axe-core on the page as it is: serious and critical violations are problems. */
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
  await page.waitForTimeout(300);
  await shot(page, name);
  await axe(page, name);
}

const hook = {
  level: (page) => page.evaluate(() => window.__lalalaPlayer?.level() ?? -1),
  clock: (page) => page.evaluate(() => window.__lalalaPlayer?.clock() ?? -1),
  status: (page) => page.evaluate(() => window.__lalalaPlayer?.status() ?? 'none'),
  position: (page) => page.evaluate(() => window.__lalalaPlayer?.positionMs() ?? -1),
  firstSound: (page) => page.evaluate(() => window.__lalalaPlayer?.lastFirstSound() ?? null),
};

/** Audio is really produced: the analyser sees signal and the AudioContext clock runs. */
async function assertSounding(page, where) {
  await waitFor(`sound ${where}`, async () => (await hook.level(page)) > 0.001, 15_000, 50);
  const c1 = await hook.clock(page);
  const p1 = await hook.position(page);
  await page.waitForTimeout(600);
  const c2 = await hook.clock(page);
  const p2 = await hook.position(page);
  const level = await hook.level(page);
  check(c2 - c1 > 0.3, `the audio clock did not advance ${where}: ${c1} -> ${c2}`);
  check(p2 > p1, `the song position did not advance ${where}: ${p1} -> ${p2}`);
  check(level > 0.001, `silence ${where} (level ${level})`);
  check((await hook.status(page)) === 'playing', `player status ${where}: ${await hook.status(page)}`);
}

/** Clicks an in-app link (the page is not reloaded: the player keeps playing). */
async function navigate(page, name) {
  let link = page.getByRole('link', { name }).first();
  if (!(await link.isVisible().catch(() => false))) {
    const menu = page.getByRole('button', { name: /menu/i }).first();
    if (await menu.isVisible().catch(() => false)) await menu.click();
    link = page.getByRole('link', { name }).first();
  }
  if (!(await link.isVisible().catch(() => false))) {
    // Profile and Settings sit behind the nav's Account button.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /account/i }).click();
    link = page.getByRole('link', { name }).first();
  }
  await link.click();
  await page.waitForLoadState('domcontentloaded');
}

async function fill(page, label, value) {
  await page.getByLabel(label).first().fill(value);
}

async function newContext(browser, viewport, mobile) {
  const context = await browser.newContext({
    viewport,
    isMobile: mobile,
    hasTouch: mobile,
    deviceScaleFactor: 1,
  });
  // The player's test hook (features/player/testHook.ts) only exists when this is set before the app loads.
  await context.addInitScript(() => window.localStorage.setItem('lalala.e2e', '1'));
  return context;
}

async function logIn(page, email) {
  await page.goto(`${GATEWAY}/login`);
  await fill(page, /email/i, email);
  await fill(page, /^password/i, PASSWORD);
  await page.getByRole('main').getByRole('button', { name: 'Log in' }).click();
  await waitFor('logged in', async () => !new URL(page.url()).pathname.startsWith('/login'), 15_000);
}

// ---- the journeys ----

async function desktopJourney(browser) {
  const context = await newContext(browser, { width: 1280, height: 800 }, false);
  const page = await context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));
  const email = `web.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 8)}@example.com`;
  const title = `E2E Song ${Date.now().toString(36)}`;

  await step('home page answers with the app', async () => {
    await page.goto(`${GATEWAY}/`);
    await page.getByRole('main').waitFor();
    await visit(page, 'desktop-home');
  });

  await step('sign up', async () => {
    await page.goto(`${GATEWAY}/signup`);
    await visit(page, 'desktop-signup');
    await fill(page, /display name/i, 'Web Journey');
    await fill(page, /email/i, email);
    await fill(page, /^password/i, PASSWORD);
    await page.getByRole('main').getByRole('button', { name: 'Sign up' }).click();
    await page.getByRole('heading', { name: /check your mail/i }).waitFor();
  });

  await step('verify the email through the mail link', async () => {
    const link = await mailLink(email, '/verify-email');
    await page.goto(link);
    await page.getByText(/verified|confirmed/i).first().waitFor({ timeout: 15_000 });
    await visit(page, 'desktop-verify-email');
  });

  await step('log in', async () => {
    await page.goto(`${GATEWAY}/login`);
    await visit(page, 'desktop-login');
    await logIn(page, email);
  });

  const trackUrl = await step('upload a song and watch it become ready', async () => {
    await navigate(page, /upload/i);
    await visit(page, 'desktop-upload');
    await page.locator('input[type=file]').first().setInputFiles({ name: 'e2e-song.wav', mimeType: 'audio/wav', buffer: makeWav({ seconds: 120 }) });
    await fill(page, /title/i, title);
    const genre = page.getByLabel(/genre/i).first();
    if ((await genre.evaluate((e) => e.tagName)) === 'SELECT') {
      await genre.selectOption({ index: 1 });
    } else {
      await genre.fill('electronic');
    }
    await page.getByRole('main').getByRole('button', { name: /^upload$/i }).click();
    await page.getByRole('progressbar').first().waitFor({ timeout: 10_000 });
    // Once processed, the page says so and links to the song.
    const songLink = page.getByRole('main').getByRole('link', { name: title });
    await songLink.waitFor({ timeout: 90_000 });
    await page.getByText(/ready/i).first().waitFor();
    await shot(page, 'desktop-upload-ready');
    await songLink.click();
    await page.getByRole('heading', { name: title }).waitFor();
    return page.url();
  });

  await step('play it: the analyser hears it and the audio clock runs', async () => {
    await visit(page, 'desktop-song');
    await page.getByRole('button', { name: `Play ${title}` }).click();
    await assertSounding(page, 'on the song page');
    // The lock screen and headset keys know what plays.
    const session = await page.evaluate(() => ({
      title: navigator.mediaSession?.metadata?.title,
      artist: navigator.mediaSession?.metadata?.artist,
      state: navigator.mediaSession?.playbackState,
    }));
    check(session.title === title && session.artist === 'Web Journey' && session.state === 'playing',
      `media session: ${JSON.stringify(session)}`);
  });

  for (const [name, shotName] of [
    [/^home$/i, 'desktop-home-playing'],
    [/^my songs$/i, 'desktop-my-songs'],
    [/^profile$/i, 'desktop-profile'],
    [/^settings$/i, 'desktop-settings'],
  ]) {
    await step(`keeps playing on ${shotName}`, async () => {
      await navigate(page, name);
      await assertSounding(page, `after moving to ${shotName}`);
      await visit(page, shotName);
    });
  }

  await step('seek through the waveform', async () => {
    const slider = page.getByRole('region', { name: 'Player' }).getByRole('slider').first();
    const box = await slider.boundingBox();
    check(box, 'the player waveform has no box');
    await page.mouse.click(box.x + box.width * 0.5, box.y + box.height / 2);
    await waitFor('the position near the middle (60 s of 120 s)', async () => {
      const p = await hook.position(page);
      return p > 57_000 && p < 64_000;
    }, 10_000, 50);
    await assertSounding(page, 'after seeking');
  });

  await step('the space bar pauses and resumes (outside fields)', async () => {
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Space');
    await waitFor('paused', async () => (await hook.status(page)) === 'paused', 3_000, 50);
    const clock = await hook.clock(page);
    await page.waitForTimeout(300);
    check((await hook.clock(page)) === clock, 'the audio clock ran on while paused');
    await page.keyboard.press('Space');
    await assertSounding(page, 'after resuming with the space bar');
  });

  await step('like it, and find it in liked songs', async () => {
    // Back to the song through the player bar's queue? No: through My songs, still without reloading.
    await navigate(page, /^my songs$/i);
    await page.getByRole('main').getByRole('link', { name: title }).first().click();
    await page.getByRole('button', { name: 'Like', exact: true }).click();
    await page.getByRole('button', { name: 'Unlike', exact: true }).waitFor({ timeout: 10_000 });
    await navigate(page, /^liked$/i);
    await page.getByText(title).first().waitFor({ timeout: 15_000 });
    await visit(page, 'desktop-liked');
  });

  await step('still playing after all that, without a reload', async () => {
    await assertSounding(page, 'at the end of the journey');
  });

  // Each play on a freshly loaded song page, as a listener arriving from a link: the AudioContext, the socket and the
  // first segment all start from nothing (the server's segment cache is warm).
  const ttfs = await step(`time to first sound, ${PLAYS} plays`, async () => {
    const figures = [];
    for (let i = 0; i < PLAYS; i++) {
      await page.goto(trackUrl);
      await page.getByRole('heading', { name: title }).waitFor();
      // A listener looks at the page for a moment before pressing play (the player opens its socket meanwhile).
      await page.waitForTimeout(1000);
      await page.getByRole('button', { name: `Play ${title}` }).click();
      const record = await waitFor('first sound', async () => {
        const r = await hook.firstSound(page);
        return r && r.heardAt !== null ? r : null;
      }, 10_000, 20);
      const since = (t) => (t === null ? null : Math.round(t - record.requestedAt));
      figures.push({
        startedMs: record.startedAt - record.requestedAt,
        scheduledMs: record.scheduledAt - record.requestedAt,
        socketOpenMs: since(record.socketOpenAt),
        headerMs: since(record.headerAt),
        segmentMs: since(record.segmentAt),
      });
      await page.getByRole('region', { name: 'Player' }).getByRole('button', { name: 'Pause' }).click();
    }
    return figures;
  });

  await step('log out', async () => {
    const nav = page.getByRole('navigation', { name: 'Main' });
    const account = nav.getByRole('button', { name: /Account/ });
    if (!(await account.isVisible())) await page.getByRole('button', { name: /menu/i }).click();
    await account.click();
    await nav.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('link', { name: 'Log in' }).first().waitFor({ timeout: 10_000 });
    // The listening ends with the session, and the queue is forgotten.
    await waitFor('the player to stop', async () => (await hook.status(page)) === 'idle', 5_000);
    check((await page.evaluate(() => window.localStorage.getItem('lalala.player.queue.v1') ?? '')).indexOf(title) < 0,
      'the queue with the song is still saved after logging out');
    await page.goto(`${GATEWAY}/liked`);
    await waitFor('the login page for a guarded page', async () => new URL(page.url()).pathname === '/login', 10_000);
    await visit(page, 'desktop-logged-out');
  });

  await context.close();
  return { email, title, trackUrl, ttfs };
}

async function phoneJourney(browser, { email, title, trackUrl }) {
  const context = await newContext(browser, { width: 360, height: 740 }, true);
  const page = await context.newPage();
  await step('phone: log in at 360x740', async () => {
    await page.goto(`${GATEWAY}/login`);
    await visit(page, 'phone-login');
    await logIn(page, email);
    await visit(page, 'phone-home');
  });
  await step('phone: play the song and keep playing across pages', async () => {
    await page.goto(trackUrl);
    await page.getByRole('heading', { name: title }).waitFor();
    await visit(page, 'phone-song');
    await page.getByRole('button', { name: `Play ${title}` }).tap();
    await assertSounding(page, 'on the phone');
    await navigate(page, /^liked$/i);
    await assertSounding(page, 'on the phone after navigating');
    await visit(page, 'phone-liked');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `the page is ${overflow}px wider than the 360px screen`);
  });
  await context.close();
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  check(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
    // Playwright gives every launch a fresh profile of its own (it refuses --user-data-dir here).
  });
  let failed = false;
  try {
    const journey = await desktopJourney(browser);
    await phoneJourney(browser, journey);
    const heard = journey.ttfs.map((f) => f.startedMs);
    const scheduled = journey.ttfs.map((f) => f.scheduledMs);
    const figures = {
      plays: heard.length,
      firstSoundMs: { p50: Math.round(percentile(heard, 50)), worst: Math.round(Math.max(...heard)), all: heard.map(Math.round) },
      scheduledMs: { p50: Math.round(percentile(scheduled, 50)), worst: Math.round(Math.max(...scheduled)) },
      breakdown: journey.ttfs,
    };
    writeFileSync(path.join(ARTIFACTS, 'time-to-first-sound.json'), JSON.stringify(figures, null, 2));
    log(`time to first sound (click to the audio clock passing the first buffer's start, then signal in the analyser), ${heard.length} plays: p50 ${figures.firstSoundMs.p50} ms, worst ${figures.firstSoundMs.worst} ms (${figures.firstSoundMs.all.join(', ')}); decoded and scheduled: p50 ${figures.scheduledMs.p50} ms`);
    log(`  per play (ms after the click: socket open / header / first segment / scheduled / clock passed): ${journey.ttfs.map((f) => `${f.socketOpenMs}/${f.headerMs}/${f.segmentMs}/${Math.round(f.scheduledMs)}/${Math.round(f.startedMs)}`).join('  ')}`);
  } catch {
    failed = true;
  } finally {
    await browser.close();
  }
  await step('no serious or critical accessibility violations', async () => {
    check(problems.length === 0, `axe found:\n  ${problems.join('\n  ')}`);
  }).catch(() => (failed = true));
  const passed = results.filter((r) => r.ok).length;
  const failedCount = results.length - passed;
  log(`screenshots in ${ARTIFACTS}`);
  console.log(`${passed} passed, ${failedCount} failed`);
  process.exit(failed || failedCount > 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log(`${results.filter((r) => r.ok).length} passed, ${results.filter((r) => !r.ok).length + 1} failed`);
  process.exit(1);
});
