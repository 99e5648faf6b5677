import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { FleetStatus } from '@/components/FleetStatus';
import { useDismiss } from '@/components/useDismiss';
import { PlayerBar } from '@/features/player';
import { SearchBox } from '@/features/search/SearchBox';
import { auth } from '@/lib/api/endpoints';
import { setSessionExpiredHandler } from '@/lib/api/client';
import { clearSession } from '@/lib/auth/session';
import { useSession } from '@/lib/auth/useSession';

function Nav() {
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signedIn = session.status === 'signed-in';
  async function logOut() {
    await auth.logout().catch(() => undefined);
    clearSession();
    queryClient.clear();
    navigate('/');
  }
  return (
    <ul className="nav__list">
      <li><NavLink to="/" end>Home</NavLink></li>
      <li><NavLink to="/charts">Charts</NavLink></li>
      <li><NavLink to="/rooms">Rooms</NavLink></li>
      {signedIn && (
        <>
          <li><NavLink to="/upload">Upload</NavLink></li>
          <li><NavLink to="/my-songs">My songs</NavLink></li>
          <li><NavLink to="/liked">Liked</NavLink></li>
          <li><NavLink to="/playlists">Playlists</NavLink></li>
          <li><AccountMenu onLogOut={logOut} /></li>
        </>
      )}
      {session.status === 'signed-out' && (
        <>
          <li><NavLink to="/login">Log in</NavLink></li>
          <li><NavLink to="/signup" className="nav__cta">Sign up</NavLink></li>
        </>
      )}
    </ul>
  );
}

/**
 * Profile, settings and logging out behind one "Account" button (a disclosure), so the signed-in nav fits on one line
 * at 1280 px beside the search box. Escape, a click outside and a navigation close it.
 */
function AccountMenu({ onLogOut }: { onLogOut: () => void }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const toggle = useRef<HTMLButtonElement>(null);
  const location = useLocation();
  useEffect(() => setOpen(false), [location.pathname]);
  const closeMenu = useCallback(() => setOpen(false), []);
  useDismiss(open, closeMenu, box, toggle);
  const onAccountPage = location.pathname.startsWith('/profile') || location.pathname.startsWith('/settings');
  return (
    <div className="account-menu" ref={box}>
      <button type="button" ref={toggle} className={`nav__button${onAccountPage ? ' active' : ''}`} aria-expanded={open}
        aria-controls="account-menu" onClick={() => setOpen((o) => !o)}>
        Account <span aria-hidden="true" className="account-menu__caret">▾</span>
      </button>
      <ul id="account-menu" className="account-menu__list" hidden={!open}>
        <li><NavLink to="/profile">Profile</NavLink></li>
        <li><NavLink to="/settings">Settings</NavLink></li>
        <li><button type="button" className="nav__button" onClick={onLogOut}>Log out</button></li>
      </ul>
    </div>
  );
}

// The player bar sits outside the routes' outlet so it keeps playing across navigation.
export function Layout() {
  const [open, setOpen] = useState(false);
  const location = useLocation();
  const navigate = useNavigate();

  const here = useRef(location);
  here.current = location;

  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(location.pathname);
  useEffect(() => {
    setOpen(false);
    // After an in-app navigation, keyboard and screen-reader users start at the new page, not on the old link.
    if (location.pathname !== firstPath.current) {
      firstPath.current = '';
      mainRef.current?.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  }, [location.pathname]);
  useEffect(() => {
    // A request that needed a session found it expired: log in, then come back here.
    setSessionExpiredHandler(() => {
      const { pathname, search } = here.current;
      if (!pathname.startsWith('/login')) {
        navigate(`/login?expired=1&next=${encodeURIComponent(pathname + search)}`, { replace: true });
      }
    });
  }, [navigate]);

  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="topbar">
        <Link to="/" className="brand" aria-label="LALALA home">
          <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true"><path d="M9 22V10l14-3v12" stroke="currentColor" strokeWidth="3" fill="none" strokeLinecap="round" /><circle cx="9" cy="22" r="3" fill="currentColor" /><circle cx="23" cy="19" r="3" fill="currentColor" /></svg>
          <span>LALALA</span>
        </Link>
        <SearchBox />
        <nav className={`nav${open ? ' nav--open' : ''}`} aria-label="Main">
          <button type="button" className="nav__toggle" aria-expanded={open} aria-controls="main-nav"
            onClick={() => setOpen((o) => !o)}>
            <span aria-hidden="true">☰</span><span className="visually-hidden">Menu</span>
          </button>
          <div id="main-nav" className="nav__panel">
            <Nav />
          </div>
        </nav>
      </header>
      <FleetStatus />
      <main id="main" className="app-main" tabIndex={-1} ref={mainRef}>
        <Outlet />
      </main>
      <PlayerBar />
    </div>
  );
}
