// Queries only, through the gateway, from a client much cheaper than SearchBench's JVM (Node's http with keep-alive):
// on two shared cores the client's own CPU is part of what the figures measure.
//   node bench/search/query-load.mjs [gateway] [search|suggest] [concurrency] [seconds]
// The query mix has the shape of GeneratedTitles.queryMix (search: one or two words, Korean with particles, mixed, one
// in five with two letters swapped; suggest: prefixes of 1-6 letters or 1-2 syllables), from its own seeded generator,
// so not the same 500 strings. Run it on the catalogue bench/search/run.sh indexed.
import http from 'node:http';

const [base = 'http://127.0.0.1:8080', kind = 'suggest', concurrency = '4', seconds = '30'] = process.argv.slice(2);
const EN = ('midnight city rain dance summer river light shadow dream fire ocean road heart star moon sun winter golden '
  + 'silver electric velvet neon lonely broken wild sweet blue red green echo thunder whisper paper glass crystal garden '
  + 'ghost angel machine sugar cane lullaby highway desert mountain morning evening forever tonight yesterday tomorrow '
  + 'memory story letter window mirror').split(' ');
const KO = ('서울 밤 사랑 바다 하늘 별 달 꿈 비 눈물 노래 여름 겨울 봄 가을 바람 기억 추억 하루 마음 시간 도시 거리 불빛 새벽 아침 '
  + '저녁 편지 그대 우리 너 나 빛 길 꽃 나무 강 산 섬 파도').split(' ');
const PARTICLES = ['', '의', '에', '을', '는', '와', '로'];
let seed = 7;
const rnd = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
const pick = (words) => words[rnd(words.length)];
const typo = (w) => { if (w.length < 5) return w; const i = 1 + rnd(w.length - 2); return w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2); };
const paths = [];
for (let i = 0; i < 500; i++) {
  if (kind === 'suggest') {
    const w = i % 2 === 0 ? pick(EN) : pick(KO);
    paths.push('/api/search/suggest?q=' + encodeURIComponent(w.slice(0, 1 + rnd(i % 2 === 0 ? 6 : 2))));
  } else {
    const q = [() => pick(EN), () => pick(EN) + ' ' + pick(EN), () => pick(KO) + pick(PARTICLES),
      () => pick(KO) + ' ' + pick(EN), () => typo(pick(EN))][i % 5]();
    paths.push('/api/search?q=' + encodeURIComponent(q));
  }
}
const agent = new http.Agent({ keepAlive: true, maxSockets: +concurrency });
const latencies = [];
let next = 0;
let errors = 0;
const end = Date.now() + +seconds * 1000;
const one = (path) => new Promise((done) => {
  const t0 = process.hrtime.bigint();
  http.get(base + path, { agent }, (res) => {
    res.resume();
    res.on('end', () => {
      if (res.statusCode !== 200) errors++;
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      done();
    });
  }).on('error', () => { errors++; done(); });
});
const worker = async () => { while (Date.now() < end) await one(paths[next++ % paths.length]); };
await Promise.all(Array.from({ length: +concurrency }, worker));
latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))].toFixed(1);
console.log(`${kind}, ${concurrency} concurrent, ${seconds} s: ${latencies.length} requests, `
  + `${(latencies.length / +seconds).toFixed(0)}/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, `
  + `max ${latencies.at(-1).toFixed(1)} ms, errors ${errors}`);
