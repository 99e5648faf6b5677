// Plays a song over the gateway's WebSocket and reports how the socket ended: one JSON line on stdout,
// {"segments":n,"code":c,"reason":"...","afterKillMs":...}. Used by run.sh's streaming drill (node --experimental-websocket).
//   node --experimental-websocket stream-listener.mjs WS_URL ACCESS_TOKEN TRACK_ID MARK_FILE
// Grants one credit per received segment, slowly (a listener at 1x would take 5 s per segment; here 1 s), so the
// song is still playing when the drill kills streaming-service. MARK_FILE gets a line once the first segment came.
import { writeFileSync } from "node:fs";

const [url, token, trackId, mark] = process.argv.slice(2);
const ws = new WebSocket(url, ["lalala.stream.v1", "bearer." + token]);
ws.binaryType = "arraybuffer";
let segments = 0;
const started = Date.now();
ws.onopen = () => ws.send(JSON.stringify({ type: "play", trackId, fromSegment: 0 }));
ws.onmessage = (event) => {
  if (typeof event.data === "string") {
    const msg = JSON.parse(event.data);
    if (msg.type === "track") ws.send(JSON.stringify({ type: "credit", n: 1 }));
    return;
  }
  segments++;
  if (segments === 1) writeFileSync(mark, "playing\n");
  setTimeout(() => { try { ws.send(JSON.stringify({ type: "credit", n: 1 })); } catch {} }, 1000);
};
ws.onclose = (event) => {
  console.log(JSON.stringify({ segments, code: event.code, reason: event.reason, ms: Date.now() - started }));
  process.exit(0);
};
ws.onerror = () => {};
setTimeout(() => { console.log(JSON.stringify({ segments, code: null, reason: "still open after 120 s" })); process.exit(0); }, 120000);
