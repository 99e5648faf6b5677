// Local look at the rooms pages with a mocked API and socket (not a test; screenshots to look at).
import { chromium } from 'playwright-core';
const APP = 'http://127.0.0.1:4917';
const ROOM = '11111111-1111-4111-8111-111111111111';
const SONG = '22222222-2222-4222-8222-222222222222';
const NEXT = '33333333-3333-4333-8333-333333333333';
const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = `${b64({ alg: 'RS256' })}.${b64({ sub: process.env.ME ?? 'u-host', email_verified: true })}.sig`;
const track = (id, title) => ({ id, ownerId: 'u-host', title, genre: 'pop', tags: [], visibility: 'PUBLIC', status: 'READY', playCount: 3, likeCount: 1, createdAt: '2026-01-01T00:00:00Z', durationMs: 120000, waveform: Array.from({ length: 200 }, (_, i) => 0.3 + 0.6 * Math.abs(Math.sin(i / 9))) });
const routes = {
  '/api/auth/refresh': { accessToken: jwt, tokenType: 'Bearer', expiresIn: 900 },
  [`/api/rooms/${ROOM}/messages`]: { items: [{ id: 'm1', roomId: ROOM, from: 'u-guest', text: 'this drop is unreal, turn it up everyone', trackId: SONG, positionMs: 31000, sentAt: '2026-01-01T00:00:01Z' }, { id: 'm0', roomId: ROOM, from: 'u-host', text: 'welcome in!', trackId: SONG, positionMs: 3000, sentAt: '2026-01-01T00:00:00Z' }] },
  [`/api/rooms/${ROOM}`]: { id: ROOM, hostId: 'u-host', name: 'Friday night listening', visibility: 'PRIVATE', inviteKey: '44444444-4444-4444-8444-444444444444', createdAt: '2026-01-01T00:00:00Z', listeners: 3 },
  '/api/rooms': { items: [{ id: ROOM, hostId: 'u-host', name: 'Friday night listening', visibility: 'PUBLIC', createdAt: '2026-01-01T00:00:00Z', listeners: 3, playback: { trackId: SONG, positionMs: 1000, startedAt: 1, paused: false, queue: [] } }, { id: NEXT, hostId: 'u-2', name: 'Lo-fi study hall with a really long name that wraps', visibility: 'PUBLIC', createdAt: '2026-01-01T00:00:00Z', listeners: 1 }] },
  [`/api/tracks/${SONG}`]: track(SONG, 'Neon Harbour'),
  [`/api/tracks/${NEXT}`]: track(NEXT, 'Second Wind'),
  '/api/tracks/latest': { items: [track(SONG, 'Neon Harbour'), track(NEXT, 'Second Wind')] },
  '/api/tracks/mine': { items: [] },
  '/api/users/u-host': { id: 'u-host', handle: 'hana', displayName: 'Hana' },
  '/api/users/u-guest': { id: 'u-guest', handle: 'gil', displayName: 'Gil' },
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (const [w, h, mobile] of [[1280, 900, false], [360, 740, true]]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, isMobile: mobile, hasTouch: mobile });
  await ctx.addInitScript(({ ROOM, SONG, NEXT }) => {
    localStorage.setItem('lalala.session', '1');
    class FakeWS {
      constructor() { this.readyState = 0; setTimeout(() => { this.readyState = 1; this.onopen?.(); }, 50); }
      send(t) {
        const f = JSON.parse(t);
        const say = (o) => setTimeout(() => this.onmessage?.({ data: JSON.stringify(o) }), 10);
        if (f.type === 'time') say({ type: 'time', clientSentAt: f.clientSentAt, serverTime: Date.now() });
        if (f.type === 'join') {
          say({ type: 'state', roomId: ROOM, hostId: 'u-host', trackId: SONG, positionMs: 40000, startedAt: Date.now() - 40000, paused: false, queue: [NEXT], listeners: 3 });
          say({ type: 'presence', roomId: ROOM, joined: 'u-guest', user: 'u-guest', listeners: 3 });
          for (const [i, k] of ['clap', 'mirrorball', 'heart', 'fire', 'clap'].entries()) say({ type: 'reaction', roomId: ROOM, kind: k, from: 'u-guest', trackId: SONG, positionMs: 20000 + i * 15000 });
        }
      }
      close() {}
    }
    window.WebSocket = FakeWS;
  }, { ROOM, SONG, NEXT });
  const page = await ctx.newPage();
  await page.route('**/api/**', (route) => {
    const u = new URL(route.request().url());
    const key = Object.keys(routes).sort((a, b) => b.length - a.length).find((k) => u.pathname.startsWith(k));
    route.fulfill({ status: key ? 200 : 404, contentType: 'application/json', body: JSON.stringify(key ? routes[key] : { status: 404 }) });
  });
  page.on('pageerror', (e) => console.log('page error', e.message));
  await page.goto(`${APP}/rooms`);
  await page.waitForTimeout(1200);
  await page.screenshot({ path: `/tmp/webrooms-shots/list-${w}.png`, fullPage: true });
  await page.goto(`${APP}/rooms/${ROOM}`);
  await page.waitForTimeout(2000);
  await page.screenshot({ path: `/tmp/webrooms-shots/room-${w}.png`, fullPage: true });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  console.log(w, 'overflow', wide);
  await ctx.close();
}
await browser.close();
