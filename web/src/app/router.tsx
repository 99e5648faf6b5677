import type { ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Layout } from './Layout';
import { RequireAuth } from './RequireAuth';
import { NotFound, RouteError } from './RouteError';
import { HomePage } from '@/features/home/HomePage';
import { SignUpPage } from '@/features/auth/SignUpPage';
import { LoginPage } from '@/features/auth/LoginPage';
import { VerifyEmailPage } from '@/features/auth/VerifyEmailPage';
import { ForgotPasswordPage } from '@/features/auth/ForgotPasswordPage';
import { ResetPasswordPage } from '@/features/auth/ResetPasswordPage';
import { UploadPage } from '@/features/tracks/UploadPage';
import { SongPage } from '@/features/tracks/SongPage';
import { ChartsPage } from '@/features/home/ChartsPage';
import { SearchPage } from '@/features/search/SearchPage';
import { PlaylistsPage } from '@/features/playlists/PlaylistsPage';
import { PlaylistPage } from '@/features/playlists/PlaylistPage';
import { MySongsPage } from '@/features/library/MySongsPage';
import { LikedPage } from '@/features/library/LikedPage';
import { ProfilePage } from '@/features/profile/ProfilePage';
import { SettingsPage } from '@/features/settings/SettingsPage';
import { RoomsPage } from '@/features/rooms/RoomsPage';
import { RoomPage } from '@/features/rooms/RoomPage';

const guarded = (element: ReactNode) => <RequireAuth>{element}</RequireAuth>;

// The paths the mails link to (/verify-email, /reset-password) are auth-service's lalala.web.base-url + these.
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'signup', element: <SignUpPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      { path: 'songs/:id', element: <SongPage /> },
      { path: 'u/:handle', element: <ProfilePage /> },
      { path: 'users/:id', element: <ProfilePage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'charts', element: <ChartsPage /> },
      { path: 'playlists', element: guarded(<PlaylistsPage />) },
      { path: 'playlists/:id', element: <PlaylistPage /> },
      { path: 'upload', element: guarded(<UploadPage />) },
      { path: 'my-songs', element: guarded(<MySongsPage />) },
      { path: 'liked', element: guarded(<LikedPage />) },
      { path: 'profile', element: guarded(<ProfilePage />) },
      { path: 'settings', element: guarded(<SettingsPage />) },
      { path: 'rooms', element: <RoomsPage /> },
      { path: 'rooms/:id', element: guarded(<RoomPage />) },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export const createRouter = () => createBrowserRouter(routes);
