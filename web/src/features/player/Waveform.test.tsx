import { fireEvent, render, screen } from '@testing-library/react';
import { barsOf, Waveform } from './Waveform';

describe('Waveform', () => {
  it('is a slider with the position as its value', () => {
    render(<Waveform peaks={[0.1, 0.9]} positionMs={65_000} durationMs={200_000} onSeek={() => {}} label="Seek in Song" />);
    const slider = screen.getByRole('slider', { name: 'Seek in Song' });
    expect(slider).toHaveAttribute('aria-valuenow', '65');
    expect(slider).toHaveAttribute('aria-valuetext', '1:05 of 3:20');
  });

  it('seeks with the arrow keys and Home', () => {
    const seeks: number[] = [];
    render(<Waveform peaks={[]} positionMs={50_000} durationMs={100_000} onSeek={(f) => seeks.push(f)} label="Seek" />);
    const slider = screen.getByRole('slider');
    fireEvent.keyDown(slider, { key: 'ArrowRight' });
    fireEvent.keyDown(slider, { key: 'Home' });
    expect(seeks).toEqual([0.55, 0]);
  });

  it('seeks to where it is clicked', () => {
    const seeks: number[] = [];
    render(<Waveform peaks={[]} positionMs={0} durationMs={100_000} onSeek={(f) => seeks.push(f)} label="Seek" />);
    const slider = screen.getByRole('slider');
    slider.getBoundingClientRect = () => ({ left: 100, width: 200, top: 0, height: 40, right: 300, bottom: 40, x: 100, y: 0, toJSON: () => ({}) });
    fireEvent.pointerDown(slider, { clientX: 250 });
    expect(seeks).toEqual([0.75]);
  });

  it('resamples peaks by the highest of each span', () => {
    expect(barsOf([0.1, 0.5, 0.2, 0.9], 2)).toEqual([0.5, 0.9]);
    expect(barsOf([], 3)).toEqual([0, 0, 0]);
  });
});
