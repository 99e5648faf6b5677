import type { ProcessingStage } from '@/lib/api/types';
import { formatBytes } from '@/lib/format';
import { Alert } from '@/components/Alert';

export type UploadPhase =
  | { kind: 'idle' }
  | { kind: 'uploading'; loaded: number; total: number }
  | { kind: 'processing'; trackId: string; stage: ProcessingStage; percent: number }
  | { kind: 'ready'; trackId: string; title: string }
  | { kind: 'failed'; trackId: string; reason: string };

export const STAGES: { id: ProcessingStage; label: string }[] = [
  { id: 'RECEIVED', label: 'Received' },
  { id: 'VALIDATING', label: 'Checking the audio' },
  { id: 'SEGMENTING', label: 'Cutting into segments' },
  { id: 'ANALYZING', label: 'Measuring loudness and waveform' },
  { id: 'PUBLISHING', label: 'Publishing' },
];

/** The bytes going up (a real progress bar), then the server's processing stages, then ready or the reason it failed. */
export function UploadProgressView({ phase, fileName }: { phase: UploadPhase; fileName: string }) {
  if (phase.kind === 'idle') return null;
  const uploadPercent = phase.kind === 'uploading' ? (phase.total ? Math.floor((phase.loaded / phase.total) * 100) : 0) : 100;
  const stageIndex = phase.kind === 'processing' ? STAGES.findIndex((s) => s.id === phase.stage) : phase.kind === 'uploading' ? -1 : STAGES.length;
  return (
    <section className="upload-progress" aria-label="Upload progress">
      <p className="upload-progress__file">{fileName}</p>
      <div className="progress-row">
        <span id="bytes-label">Uploading</span>
        <progress aria-labelledby="bytes-label" max={100} value={uploadPercent} />
        <span className="progress-row__value" aria-live="polite">
          {phase.kind === 'uploading' ? `${uploadPercent}% · ${formatBytes(phase.loaded)} of ${formatBytes(phase.total)}` : 'Done'}
        </span>
      </div>
      {phase.kind !== 'uploading' && (
        <ol className="stages" aria-label="Processing">
          {STAGES.map((s, i) => {
            const state = phase.kind === 'failed' ? 'todo'
              : i < stageIndex ? 'done' : i === stageIndex ? 'active' : 'todo';
            return (
              <li key={s.id} className={`stages__item stages__item--${state}`} aria-current={state === 'active' ? 'step' : undefined}>
                {s.label}
                {state === 'active' && phase.kind === 'processing' && <span className="stages__percent"> {phase.percent}%</span>}
              </li>
            );
          })}
        </ol>
      )}
      {phase.kind === 'ready' && <Alert kind="success">Your song is ready. It can be played now.</Alert>}
      {phase.kind === 'failed' && <Alert>Processing failed: {phase.reason}</Alert>}
    </section>
  );
}
