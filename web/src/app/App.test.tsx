import { render, screen } from '@testing-library/react';
import { App } from './App';

test('renders the shell with the player region', async () => {
  render(<App />);
  expect(await screen.findByRole('region', { name: 'Player' })).toBeInTheDocument();
});
