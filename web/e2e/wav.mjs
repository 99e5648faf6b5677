// A song made here, so the tests need no audio file: a WAV (16-bit PCM) of a slowly changing chord, loud enough for
// the analyser and with a shape the waveform shows.

export function makeWav({ seconds = 60, sampleRate = 22050, channels = 1 } = {}) {
  const frames = Math.round(seconds * sampleRate);
  const dataBytes = frames * channels * 2;
  const buffer = Buffer.alloc(44 + dataBytes);
  buffer.write('RIFF', 0, 'ascii');
  buffer.writeUInt32LE(36 + dataBytes, 4);
  buffer.write('WAVE', 8, 'ascii');
  buffer.write('fmt ', 12, 'ascii');
  buffer.writeUInt32LE(16, 16);
  buffer.writeUInt16LE(1, 20); // PCM
  buffer.writeUInt16LE(channels, 22);
  buffer.writeUInt32LE(sampleRate, 24);
  buffer.writeUInt32LE(sampleRate * channels * 2, 28);
  buffer.writeUInt16LE(channels * 2, 32);
  buffer.writeUInt16LE(16, 34);
  buffer.write('data', 36, 'ascii');
  buffer.writeUInt32LE(dataBytes, 40);
  const notes = [220, 277.18, 329.63, 440];
  let offset = 44;
  for (let i = 0; i < frames; i++) {
    const t = i / sampleRate;
    // Loudness swells every 4 s, never to silence.
    const envelope = 0.35 + 0.25 * Math.sin((2 * Math.PI * t) / 4);
    let v = 0;
    for (const f of notes) v += Math.sin(2 * Math.PI * f * t);
    const sample = Math.round((v / notes.length) * envelope * 32767);
    for (let c = 0; c < channels; c++) {
      buffer.writeInt16LE(sample, offset);
      offset += 2;
    }
  }
  return buffer;
}
