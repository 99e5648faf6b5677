// The services' JSON, written once. Field names follow the services' records (track-service TrackView, Chart,
// user-service profiles, auth-service TokenResponse, service-defaults Problem and CursorPage).

export interface FieldError {
  field: string;
  message: string;
}

/** RFC 9457 problem details as every service answers errors. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
}

export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken?: string | null;
  tokenType: string;
  expiresIn: number;
}

export interface SignUpResponse {
  userId: string;
  handle: string;
}

export type Visibility = 'PUBLIC' | 'UNLISTED' | 'PRIVATE';
export type ProcessingStatus = 'PROCESSING' | 'READY' | 'FAILED';
export type ProcessingStage = 'RECEIVED' | 'VALIDATING' | 'SEGMENTING' | 'ANALYZING' | 'PUBLISHING' | 'DONE';

export interface Track {
  id: string;
  ownerId: string;
  title: string;
  genre: string;
  tags: string[];
  description?: string | null;
  visibility: Visibility;
  status: ProcessingStatus;
  processing?: { stage: ProcessingStage; percent: number; failureReason?: string | null } | null;
  durationMs?: number | null;
  segmentCount?: number | null;
  sampleRate?: number | null;
  gainDb?: number | null;
  playCount: number;
  likeCount: number;
  createdAt: string;
  publishedAt?: string | null;
  coverUrl?: string | null;
  waveform?: number[] | null;
}

export interface UploadAccepted {
  id: string;
  status: ProcessingStatus;
}

export interface Progress {
  trackId: string;
  status: ProcessingStatus;
  stage: ProcessingStage;
  percent: number;
  failureReason?: string | null;
}

export interface Genre {
  id: string;
  name: string;
}

export type ChartWindow = '24h' | '7d' | 'all';

export interface ChartEntry {
  rank: number;
  plays: number;
  trackId: string;
  ownerId: string;
  title: string;
  genre: string;
  durationMs?: number | null;
  publishedAt?: string | null;
}

export interface Chart {
  window: ChartWindow;
  genre?: string | null;
  items: ChartEntry[];
}

export interface LikeState {
  trackId: string;
  liked: boolean;
  likeCount: number;
}

export type Role = 'LISTENER' | 'ARTIST';

export interface Profile {
  id: string;
  handle: string;
  displayName: string;
  bio?: string | null;
  role: Role;
  avatarUrl?: string | null;
  createdAt: string;
}

export interface OwnProfile extends Profile {
  email: string;
  emailVerified: boolean;
  updatedAt?: string;
}
