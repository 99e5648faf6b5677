import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { tracks } from '@/lib/api/endpoints';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { ChartSection } from './ChartSection';

/** /charts?genre=: the most played songs of the last 24 hours, 7 days and all time. */
export function ChartsPage() {
  useDocumentTitle('Charts');
  const [params, setParams] = useSearchParams();
  const genre = params.get('genre') ?? '';
  const genres = useQuery({ queryKey: ['genres'], queryFn: tracks.genres, staleTime: Infinity });
  const name = genres.data?.items.find((g) => g.id === genre)?.name;
  return (
    <div className="page">
      <ChartSection headingLevel={1} title={name ? `Charts: ${name}` : 'Charts'} genre={genre}
        onGenre={(g) => setParams(g ? { genre: g } : {}, { replace: true })} />
      <p className="muted">Counted from verified plays: a play counts after 30 seconds of listening.</p>
    </div>
  );
}
