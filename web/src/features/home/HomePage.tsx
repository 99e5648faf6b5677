import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { tracks } from '@/lib/api/endpoints';
import { useSession } from '@/lib/auth/useSession';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { ChartSection, NewSongs } from './ChartSection';
import { Feed } from './Feed';
import { FollowSuggestions } from './FollowSuggestions';

/** Signed in: your feed with whom to follow. Signed out: what LALALA is, the charts and the newest songs. */
export function HomePage() {
  useDocumentTitle('');
  const session = useSession();
  const [genre, setGenre] = useState('');
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const genreName = genres.data?.items.find((g) => g.id === genre)?.name;

  if (session.status === 'signed-in') {
    return (
      <div className="page">
        <div className="home-grid">
          <section aria-labelledby="feed-heading" className="home-grid__feed">
            <div className="section__head">
              <h1 id="feed-heading" className="feed-title">Your feed</h1>
              <Link to="/charts">Charts</Link>
            </div>
            <Feed />
          </section>
          <aside className="home-grid__aside" aria-label="Suggestions">
            <FollowSuggestions />
          </aside>
        </div>
        <NewSongs genre="" />
      </div>
    );
  }
  return (
    <div className="page">
      <section className="hero">
        <h1>Music made by the people who play it.</h1>
        <p>Independent artists, lossless streams, charts counted from real listens.</p>
        {session.status === 'signed-out' && (
          <p className="hero__actions">
            <Link className="button button--primary" to="/signup">Create an account</Link>
            <Link className="button" to="/login">Log in</Link>
          </p>
        )}
      </section>
      <ChartSection genre={genre} onGenre={setGenre} />
      <NewSongs genre={genre} genreName={genreName} />
    </div>
  );
}
