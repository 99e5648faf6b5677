// Listening rooms under load, through the gateway: many authenticated chat sockets (token as a subprotocol, as a
// browser sends it) in rooms of a given size, spread by the gateway over the chat-service instances. Per room size:
// join success, fan-out latency from send to the last receiver (p50/p99), reactions per second, and CPU/memory of
// every gateway and chat-service process. See bench/README.md ("Rooms").
//
//   node rooms-bench.mjs            (bench/rooms/run.sh starts the fleet and calls this)
// Knobs (environment): BENCH_URL (http://127.0.0.1:8080), BENCH_SOCKETS (1000), BENCH_ROOM_SIZES (10,100,5000),
// BENCH_SOCKETS_PER_USER (50), BENCH_MESSAGES (40 chat lines per room size), BENCH_REACT_SECONDS (10),
// BENCH_REACT_EVERY_MS (2000: each socket claps every 2 s), BENCH_CONNECT_CONCURRENCY (100), BENCH_OUT (results JSON).
import WebSocket from 'ws';
import { readFileSync, writeFileSync } from 'node:fs';
import { execSync } from 'node:child_process';

const env = (k, d) => process.env[k] ?? d;
const BASE = env('BENCH_URL', 'http://127.0.0.1:8080');
const WS = BASE.replace(/^http/, 'ws') + '/api/chat/ws';
const SOCKETS = Number(env('BENCH_SOCKETS', 1000));
const SIZES = env('BENCH_ROOM_SIZES', '10,100,5000').split(',').map(Number);
const PER_USER = Number(env('BENCH_SOCKETS_PER_USER', 50));
const MESSAGES = Number(env('BENCH_MESSAGES', 40));
const REACT_SECONDS = Number(env('BENCH_REACT_SECONDS', 10));
const REACT_EVERY_MS = Number(env('BENCH_REACT_EVERY_MS', 2000));
const CONCURRENCY = Number(env('BENCH_CONNECT_CONCURRENCY', 100));
const OUT = env('BENCH_OUT', 'target/results.json');
const MAIL = env('BENCH_MAIL_URL', 'http://127.0.0.1:18025');
const HOSTS = Number(env('BENCH_HOSTS', 4));
const PASSWORD = 'rooms bench passphrase 7';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (values, p) => {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

async function http(method, path, body, token) {
  const res = await fetch(BASE + path, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: 'Bearer ' + token } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

async function pool(items, concurrency, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

/** The email-verification token auth-service mailed to this address (the local SMTP server's HTTP API). */
async function verificationToken(email) {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(`${MAIL}/messages?to=${encodeURIComponent(email)}`);
    const m = (await res.text()).match(/verify-email\?token=([A-Za-z0-9_-]+)/);
    if (m) return m[1];
    await sleep(500);
  }
  throw new Error('no verification mail for ' + email);
}

async function users(n, verified) {
  const run = Date.now().toString(36);
  return pool(Array.from({ length: n }, (_, i) => i), 8, async (i) => {
    const email = `rooms-${run}-${verified ? 'h' : 'u'}${i}@bench.lalala.dev`;
    const up = await http('POST', '/api/auth/signup', { email, password: PASSWORD, displayName: `Bench ${i}` });
    if (up.status !== 201) throw new Error(`signup ${up.status} ${JSON.stringify(up.body)}`);
    if (verified) {
      const ok = await http('POST', '/api/auth/email/verify', { token: await verificationToken(email) });
      if (ok.status !== 204) throw new Error(`verify ${ok.status} ${JSON.stringify(ok.body)}`);
    }
    const login = await http('POST', '/api/auth/login', { email, password: PASSWORD });
    if (login.status !== 200) throw new Error(`login ${login.status} ${JSON.stringify(login.body)}`);
    return { id: up.body.userId, token: login.body.accessToken };
  });
}

/** CPU seconds and RSS of each gateway and chat-service process (found by their -Dlalala.fleet.service=...). */
function processes() {
  const out = execSync('ps -eo pid=,args=').toString().split('\n');
  const found = [];
  for (const line of out) {
    const m = line.match(/^\s*(\d+)\s+.*-Dlalala\.fleet\.service=(gateway(?:-\d+)?|chat-service(?:-\d+)?)\b/);
    if (m) found.push({ pid: Number(m[1]), name: m[2] });
  }
  return found;
}
function sample(procs) {
  const tick = 100; // USER_HZ
  return procs.map(({ pid, name }) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      const cpu = (Number(stat[11]) + Number(stat[12])) / tick;
      const rss = Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
      return { name, cpu, rss };
    } catch {
      return { name, cpu: 0, rss: 0 };
    }
  });
}
function monitor() {
  const procs = processes();
  const first = sample(procs);
  const t0 = Date.now();
  const peak = Object.fromEntries(procs.map((p) => [p.name, 0]));
  const timer = setInterval(() => sample(procs).forEach((s) => { peak[s.name] = Math.max(peak[s.name], s.rss); }), 1000);
  return () => {
    clearInterval(timer);
    const last = sample(procs);
    const seconds = (Date.now() - t0) / 1000;
    return Object.fromEntries(last.map((s, i) => [s.name, {
      cpuPercent: Math.round((100 * (s.cpu - first[i].cpu)) / seconds),
      rssMb: Math.round(s.rss),
      peakRssMb: Math.round(Math.max(peak[s.name], s.rss)),
    }]));
  };
}

function connect(user, roomId, counters) {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket = new WebSocket(WS, ['lalala.chat.v1', 'bearer.' + user.token]);
    const s = { socket, user, roomId, instance: null, joined: false, onChat: null, reactions: 0, errors: [] };
    const fail = (why) => { counters.failed++; counters.why[why] = (counters.why[why] ?? 0) + 1; resolve(s); };
    const timer = setTimeout(() => fail('timeout'), 30_000);
    socket.on('unexpected-response', (req, res) => { clearTimeout(timer); fail('http ' + res.statusCode); });
    socket.on('error', (e) => { if (!s.joined) { clearTimeout(timer); fail(e.code ?? 'error'); } });
    socket.on('close', (code) => { if (s.joined) { counters.closed[code] = (counters.closed[code] ?? 0) + 1; } });
    socket.on('message', (data) => {
      const f = JSON.parse(data);
      if (f.type === 'hello') {
        s.instance = f.instance;
        socket.send(JSON.stringify({ type: 'join', roomId }));
      } else if (f.type === 'state' && !s.joined) {
        s.joined = true;
        clearTimeout(timer);
        counters.joinMs.push(Date.now() - started);
        resolve(s);
      } else if (f.type === 'chat' && s.onChat) {
        s.onChat(f, Date.now());
      } else if (f.type === 'reaction') {
        s.reactions++;
      } else if (f.type === 'error') {
        if (!s.joined) { clearTimeout(timer); fail('error ' + f.code); } else { s.errors.push(f.code); }
      }
    });
  });
}

async function scenario(size, people, hosts) {
  const rooms = Math.max(1, Math.floor(SOCKETS / size));
  const roomSize = Math.min(size, SOCKETS);
  console.log(`-- rooms of ${roomSize}: ${rooms} rooms, ${rooms * roomSize} sockets`);
  const roomIds = await pool(Array.from({ length: rooms }, (_, r) => r), 16, async (r) => {
    const host = hosts[r % hosts.length];
    const res = await http('POST', '/api/rooms', { name: `Bench ${roomSize} #${r}`, visibility: 'UNLISTED' }, host.token);
    if (res.status !== 201) throw new Error(`room ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.id;
  });
  const stop = monitor();
  const counters = { failed: 0, why: {}, closed: {}, joinMs: [] };
  const t0 = Date.now();
  const plan = Array.from({ length: rooms * roomSize }, (_, k) => ({ user: people[Math.floor(k / PER_USER) % people.length], room: roomIds[Math.floor(k / roomSize)] }));
  const sockets = await pool(plan, CONCURRENCY, (p) => connect(p.user, p.room, counters));
  const joinSeconds = (Date.now() - t0) / 1000;
  const joined = sockets.filter((s) => s.joined);
  const instances = {};
  joined.forEach((s) => { instances[s.instance] = (instances[s.instance] ?? 0) + 1; });
  console.log(`   joined ${joined.length}/${plan.length} in ${joinSeconds.toFixed(1)} s over ${JSON.stringify(instances)}; failures ${JSON.stringify(counters.why)}`);
  await sleep(2000);

  // Fan-out: one line at a time from a random member of a random room; latency to each receiver and to the last.
  const byRoom = new Map();
  joined.forEach((s) => { if (!byRoom.has(s.roomId)) byRoom.set(s.roomId, []); byRoom.get(s.roomId).push(s); });
  const lastMs = []; const allMs = []; let incomplete = 0;
  const roomList = [...byRoom.keys()];
  for (let m = 0; m < MESSAGES; m++) {
    const members = byRoom.get(roomList[m % roomList.length]);
    const sender = members[Math.floor(Math.random() * members.length)];
    const tag = `b${m}-${Date.now()}`;
    let got = 0; let last = 0;
    const done = new Promise((resolve) => {
      const timer = setTimeout(() => { incomplete++; resolve(); }, 10_000);
      members.forEach((s) => {
        s.onChat = (f, at) => {
          if (f.text !== tag) return;
          const ms = at - sent; allMs.push(ms); last = Math.max(last, ms);
          if (++got === members.length) { clearTimeout(timer); resolve(); }
        };
      });
    });
    const sent = Date.now();
    sender.socket.send(JSON.stringify({ type: 'chat', roomId: sender.roomId, text: tag }));
    await done;
    if (got === members.length) lastMs.push(last);
    members.forEach((s) => { s.onChat = null; });
    await sleep(100);
  }
  console.log(`   fan-out to the last receiver: p50 ${pct(lastMs, 50)} ms, p99 ${pct(lastMs, 99)} ms (${lastMs.length}/${MESSAGES} complete); per delivery p50 ${pct(allMs, 50)} p99 ${pct(allMs, 99)}`);

  // Reactions: every socket claps every REACT_EVERY_MS (staggered) for REACT_SECONDS.
  joined.forEach((s) => { s.reactions = 0; s.errors = []; });
  const kinds = ['clap', 'mirrorball', 'heart', 'fire'];
  let sent = 0;
  const timers = joined.map((s, i) => setTimeout(() => {
    const send = () => { if (s.socket.readyState === WebSocket.OPEN) { s.socket.send(JSON.stringify({ type: 'react', roomId: s.roomId, kind: kinds[i % 4] })); sent++; } };
    send();
    s.timer = setInterval(send, REACT_EVERY_MS);
  }, Math.floor(Math.random() * REACT_EVERY_MS)));
  const r0 = Date.now();
  await sleep(REACT_SECONDS * 1000);
  timers.forEach(clearTimeout); joined.forEach((s) => clearInterval(s.timer));
  const reactSeconds = (Date.now() - r0) / 1000;
  await sleep(1500);
  const received = joined.reduce((n, s) => n + s.reactions, 0);
  const reactionErrors = joined.reduce((n, s) => n + s.errors.length, 0);
  const resources = stop();
  console.log(`   reactions: sent ${Math.round(sent / reactSeconds)}/s, delivered ${Math.round(received / reactSeconds)}/s (fan-out), errors ${reactionErrors}`);
  console.log(`   resources: ${JSON.stringify(resources)}`);

  joined.forEach((s) => s.socket.close(1000));
  sockets.filter((s) => !s.joined).forEach((s) => s.socket.terminate());
  await sleep(3000);
  return {
    roomSize, rooms, sockets: plan.length, joined: joined.length, joinFailures: counters.why,
    joinSuccessPercent: +(100 * joined.length / plan.length).toFixed(2), joinSeconds,
    joinP50: pct(counters.joinMs, 50), joinP99: pct(counters.joinMs, 99), instances,
    fanOutLastP50: pct(lastMs, 50), fanOutLastP99: pct(lastMs, 99), fanOutDeliveryP50: pct(allMs, 50),
    fanOutDeliveryP99: pct(allMs, 99), messages: MESSAGES, messagesComplete: lastMs.length, incomplete,
    reactionsSentPerSecond: Math.round(sent / reactSeconds), reactionsDeliveredPerSecond: Math.round(received / reactSeconds),
    reactionErrors, closedWhileJoined: counters.closed, resources,
  };
}

const needed = Math.ceil(SOCKETS / PER_USER);
console.log(`rooms bench: ${SOCKETS} sockets, ${PER_USER} per user (${needed} users), rooms of ${SIZES.join(', ')}, via ${WS}`);
const t0 = Date.now();
const hosts = await users(HOSTS, true);
const people = await users(needed, false);
console.log(`signed up and logged in ${people.length} listeners and ${hosts.length} verified hosts in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
const results = [];
for (const size of SIZES) results.push(await scenario(size, people, hosts));
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), sockets: SOCKETS, perUser: PER_USER, results }, null, 2));
console.log(`results in ${OUT}`);
process.exit(0);
