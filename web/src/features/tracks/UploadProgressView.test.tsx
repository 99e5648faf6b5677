import { render, screen } from '@testing-library/react';
import { expect, test } from 'vitest';
import { UploadProgressView } from './UploadProgressView';

test('the byte progress bar follows the bytes sent', () => {
  const { rerender } = render(<UploadProgressView fileName="song.wav" phase={{ kind: 'uploading', loaded: 0, total: 4 * 1024 * 1024 }} />);
  const bar = screen.getByRole('progressbar', { name: 'Uploading' });
  expect(bar).toHaveAttribute('value', '0');
  rerender(<UploadProgressView fileName="song.wav" phase={{ kind: 'uploading', loaded: 3 * 1024 * 1024, total: 4 * 1024 * 1024 }} />);
  expect(bar).toHaveAttribute('value', '75');
  expect(screen.getByText('75% · 3.0 MB of 4.0 MB')).toBeInTheDocument();
  expect(screen.queryByRole('list', { name: 'Processing' })).not.toBeInTheDocument();
});

test('then the processing stages, with the current one marked', () => {
  render(<UploadProgressView fileName="song.wav" phase={{ kind: 'processing', trackId: 't', stage: 'SEGMENTING', percent: 40 }} />);
  expect(screen.getByRole('progressbar', { name: 'Uploading' })).toHaveAttribute('value', '100');
  const current = screen.getByText(/Cutting into segments/).closest('li')!;
  expect(current).toHaveAttribute('aria-current', 'step');
  expect(current).toHaveTextContent('40%');
  expect(screen.getByText('Checking the audio').closest('li')).toHaveClass('stages__item--done');
  expect(screen.getByText('Publishing').closest('li')).toHaveClass('stages__item--todo');
});

test("a failure shows the server's reason", () => {
  render(<UploadProgressView fileName="clip.mp4" phase={{ kind: 'failed', trackId: 't', reason: 'The file has a video stream; upload the audio.' }} />);
  expect(screen.getByRole('alert')).toHaveTextContent('Processing failed: The file has a video stream; upload the audio.');
});

test('ready says so', () => {
  render(<UploadProgressView fileName="song.wav" phase={{ kind: 'ready', trackId: 't', title: 'Song' }} />);
  expect(screen.getByRole('status')).toHaveTextContent(/ready/);
});
