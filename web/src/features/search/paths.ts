import { userPath, type SearchSuggestion } from '@/lib/api/social';

/** Where a search hit or suggestion leads: a song's page, an artist's page (by handle), a playlist's page. */
export function pathOf(hit: Pick<SearchSuggestion, 'type' | 'id' | 'subtitle'>): string {
  if (hit.type === 'track') return `/songs/${encodeURIComponent(hit.id)}`;
  if (hit.type === 'playlist') return `/playlists/${encodeURIComponent(hit.id)}`;
  const handle = hit.subtitle?.startsWith('@') ? hit.subtitle.slice(1) : null;
  return userPath({ id: hit.id, handle });
}

export const TYPE_LABEL = { track: 'Song', artist: 'Artist', playlist: 'Playlist' } as const;
