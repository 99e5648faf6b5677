// Screenshots of the social pages (feed, search, artist, playlists, charts) at 1280 and 360 px, with the API answered
// by fixtures in the browser (page.route), so they can be taken without a fleet: against `npx vite preview`.
//   APP_URL (default http://127.0.0.1:4173), CHROMIUM (default /usr/bin/chromium), OUT (default web/scripts/shots),
//   FULL_PAGE=0 for the window only.
// Run from web/: `npm run build && npx vite preview --port 4173 & node scripts/screenshots-social.mjs`.

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const APP = (process.env.APP_URL ?? 'http://127.0.0.1:4173').replace(/\/$/, '');
const OUT = process.env.OUT ?? path.join(here, 'shots');
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = `${b64({ alg: 'RS256' })}.${b64({ sub: 'me', email_verified: true })}.sig`;
const ago = (min) => new Date(Date.now() - min * 60_000).toISOString();

const mina = { id: 'u-mina', handle: 'mina', displayName: '민아 Mina', avatarUrl: null };
const jun = { id: 'u-jun', handle: 'jun', displayName: 'Jun Park', avatarUrl: null };
const titles = ['봄날의 기억 (Spring Memory)', 'Neon 서울', '새벽 세 시', 'Lighthouse', '파도 소리 Waves', 'Paper Planes', '달빛 Moonlight', 'Lo-fi 비 오는 날'];
const track = (i, owner = mina) => ({ id: `t-${i}`, ownerId: owner.id, title: titles[i % titles.length], genre: ['k-pop', 'lofi', 'indie'][i % 3], tags: [], visibility: 'PUBLIC', status: 'READY', playCount: 1200 - i * 97, likeCount: 40 - i, createdAt: ago(i * 90), durationMs: 150000 + i * 7000 });
const feed = {
  items: [
    { id: 'a1', kind: 'TRACK_PUBLISHED', actor: mina, occurredAt: ago(3), subject: { type: 'TRACK', id: 't-0', title: titles[0], durationMs: 201000, user: mina } },
    { id: 'a2', kind: 'USER_FOLLOWED', actor: jun, occurredAt: ago(25), subject: { type: 'USER', id: 'u-kim', title: 'Kim Seo', user: { id: 'u-kim', handle: 'kimseo', displayName: 'Kim Seo' } } },
    { id: 'a3', kind: 'TRACK_LIKED', actor: jun, occurredAt: ago(70), subject: { type: 'TRACK', id: 't-1', title: titles[1], durationMs: 187000, user: mina } },
    { id: 'a4', kind: 'PLAYLIST_PUBLISHED', actor: mina, occurredAt: ago(200), subject: { type: 'PLAYLIST', id: 'p-1', title: 'Night drive 밤 드라이브', trackCount: 12, user: mina } },
    { id: 'a5', kind: 'TRACK_PUBLISHED', actor: jun, occurredAt: ago(1500), subject: { type: 'TRACK', id: 't-3', title: titles[3], durationMs: 222000, user: jun } },
  ],
  nextCursor: null,
};
const suggestions = { items: [
  { user: { id: 'u-kim', handle: 'kimseo', displayName: 'Kim Seo' }, mutualCount: 3, mutualNames: ['민아 Mina', 'Jun Park'], followers: 88, reason: 'FOLLOWED_BY_PEOPLE_YOU_FOLLOW' },
  { user: { id: 'u-lee', handle: 'leehana', displayName: 'Lee Hana' }, mutualCount: 1, mutualNames: ['Jun Park'], followers: 14, reason: 'FOLLOWED_BY_PEOPLE_YOU_FOLLOW' },
  { user: { id: 'u-star', handle: 'starlight', displayName: 'Starlight Band' }, mutualCount: 0, mutualNames: [], followers: 12400, reason: 'POPULAR_ARTIST' },
] };
const item = (i, available = true) => ({ itemId: `i-${i}`, position: i, trackId: `t-${i}`, available, title: available ? titles[i] : null, artistId: available ? mina.id : null, artistName: available ? mina.displayName : null, artistHandle: available ? 'mina' : null, durationMs: available ? 180000 + i * 5000 : null, addedAt: ago(i * 10) });
const playlist = { id: 'p-1', ownerId: 'me', ownerName: 'Me Listener', ownerHandle: 'me', name: 'Night drive 밤 드라이브', description: 'Songs for the empty roads after midnight.', visibility: 'PUBLIC', collaborative: true, trackCount: 5, likeCount: 3, role: 'OWNER', liked: false, collaborators: ['u-jun'], version: 3, createdAt: ago(5000), updatedAt: ago(10), items: [item(0), item(1), item(2, false), item(3), item(4)] };
const users = { 'u-mina': { ...mina, role: 'ARTIST', bio: '서울에서 노래를 만들어요. Songs from Seoul.', createdAt: ago(90000) }, 'u-jun': { ...jun, role: 'LISTENER', createdAt: ago(9000) }, me: { id: 'me', handle: 'me', displayName: 'Me Listener', role: 'LISTENER', email: 'me@example.com', emailVerified: true, createdAt: ago(9000) } };

function answer(url, method) {
  const u = new URL(url);
  const p = u.pathname;
  const q = u.searchParams;
  if (p === '/api/auth/refresh') return { accessToken: jwt, tokenType: 'Bearer', expiresIn: 900 };
  if (p === '/api/feed') return feed;
  if (p === '/api/follows/suggestions') return suggestions;
  if (p === '/api/tracks/genres') return { items: [{ id: 'k-pop', name: 'K-pop' }, { id: 'lofi', name: 'Lo-fi' }, { id: 'indie', name: 'Indie' }] };
  if (p === '/api/tracks/latest') return { items: [0, 1, 2, 3, 4, 5].map((i) => track(i)) };
  if (p === '/api/tracks' && q.get('artist')) return { items: [0, 1, 2, 4, 6].map((i) => track(i)) };
  if (p.startsWith('/api/charts/')) return { window: p.split('/').pop(), items: [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ rank: i + 1, plays: 5000 - i * 420, trackId: `t-${i}`, ownerId: i % 2 ? jun.id : mina.id, title: titles[i], genre: 'k-pop', durationMs: 190000 })) };
  if (p === '/api/search/suggest') {
    const text = q.get('q');
    return { query: text, items: [
      { type: 'track', id: 't-0', text: titles[0], subtitle: mina.displayName },
      { type: 'track', id: 't-6', text: titles[6], subtitle: mina.displayName },
      { type: 'artist', id: 'u-mina', text: mina.displayName, subtitle: '@mina' },
      { type: 'playlist', id: 'p-1', text: 'Night drive 밤 드라이브', subtitle: 'Me Listener' },
    ] };
  }
  if (p === '/api/search') {
    const type = q.get('type');
    if (type === 'all') return { query: q.get('q'), type, items: [], facets: { type: { track: 24, artist: 3, playlist: 5 } } };
    return { query: q.get('q'), type, items: [0, 2, 6, 7].map((i) => ({ type: 'track', id: `t-${i}`, title: titles[i], subtitle: mina.displayName, highlight: titles[i].replace(/(봄|새벽|달빛|비)/, '<em>$1</em>'), genre: 'k-pop', plays: 900 - i * 50, durationMs: 190000 })), facets: { genre: { 'k-pop': 14, lofi: 7, indie: 3 } } };
  }
  if (p === '/api/users/by-handle/mina') return users['u-mina'];
  if (p === '/api/users/me') return users.me;
  if (p.startsWith('/api/users/') && p.endsWith('/playlists')) return { items: [{ ...playlist, id: 'p-1' }, { ...playlist, id: 'p-2', name: '비 오는 날 Rainy', trackCount: 8 }] };
  if (p.startsWith('/api/users/')) return users[p.split('/')[3]] ?? users['u-jun'];
  if (p.endsWith('/counts')) return { userId: 'u-mina', followers: 1284, following: 37 };
  if (p === '/api/follows/me/following') return { items: [] };
  if (p.endsWith('/followers') || p.endsWith('/following')) return { items: [jun, { id: 'u-kim', handle: 'kimseo', displayName: 'Kim Seo' }].map((x, i) => ({ userId: x.id, handle: x.handle, displayName: x.displayName, since: ago(i * 60), followedByYou: i === 0 })) };
  if (p === '/api/playlists/p-1') return playlist;
  if (p === '/api/me/playlists') return { items: [playlist, { ...playlist, id: 'p-2', name: '비 오는 날 Rainy', visibility: 'PRIVATE', trackCount: 8, role: 'OWNER' }, { ...playlist, id: 'p-3', name: 'Gym mix', visibility: 'UNLISTED', trackCount: 21, role: 'COLLABORATOR' }] };
  if (p === '/api/tracks/t-0') return { ...track(0), waveform: Array.from({ length: 200 }, (_, i) => Math.abs(Math.sin(i / 7)) * 0.8 + 0.1) };
  if (p.endsWith('/like')) return { trackId: 't-0', liked: false, likeCount: 40 };
  return null;
}

async function main() {
  mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
  const pages = [
    ['feed', '/'],
    ['search', '/search?q=%EB%B4%84'],
    ['artist', '/u/mina'],
    ['playlist', '/playlists/p-1'],
    ['playlists', '/playlists'],
    ['charts', '/charts'],
  ];
  for (const [width, height, tag] of [[1280, 800, 'desktop'], [360, 740, 'phone']]) {
    const context = await browser.newContext({ viewport: { width, height }, isMobile: tag === 'phone', hasTouch: tag === 'phone' });
    await context.addInitScript(() => window.localStorage.setItem('lalala.session', '1'));
    await context.route('**/api/**', (route) => {
      if (route.request().url().includes('/api/stream')) return route.abort();
      const body = answer(route.request().url(), route.request().method());
      return body === null ? route.fulfill({ status: 404, contentType: 'application/problem+json', body: JSON.stringify({ status: 404, title: 'Not Found' }) })
        : route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(body) });
    });
    await context.route('**/actuator/**', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"status":"UP"}' }));
    const page = await context.newPage();
    page.on('pageerror', (e) => console.log('page error', e.message));
    for (const [name, url] of pages) {
      await page.goto(APP + url);
      await page.waitForTimeout(700);
      await page.screenshot({ path: path.join(OUT, `social-${tag}-${name}.png`), fullPage: process.env.FULL_PAGE !== '0' });
      // Against the width asked for: a phone's layout viewport grows with content that is too wide.
      const wide = await page.evaluate((w) => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > w + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > w + 1))
        .slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`), width);
      console.log(`${tag} ${name}: ${wide.length ? `TOO WIDE: ${wide.join(', ')}` : 'fits'}`);
    }
    // The suggestions open under the header's box as you type.
    await page.goto(APP + '/');
    await page.getByRole('combobox', { name: /search songs/i }).fill('봄');
    await page.getByRole('option').first().waitFor();
    await page.keyboard.press('ArrowDown');
    await page.screenshot({ path: path.join(OUT, `social-${tag}-suggest.png`) });
    // A song's menu with "add to playlist".
    await page.goto(APP + '/charts');
    await page.getByRole('button', { name: /^More for/ }).first().click();
    await page.getByRole('button', { name: /Add to Night drive/ }).waitFor();
    await page.screenshot({ path: path.join(OUT, `social-${tag}-song-menu.png`) });
    await context.close();
  }
  await browser.close();
}

main().catch((e) => { console.error(e); process.exit(1); });
