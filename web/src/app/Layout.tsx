import { Outlet } from 'react-router';
import { PlayerBar } from '@/features/player';

// The player bar sits outside the routes' outlet so it keeps playing across navigation.
export function Layout() {
  return (
    <div className="app-shell">
      <main id="main" className="app-main">
        <Outlet />
      </main>
      <PlayerBar />
    </div>
  );
}
