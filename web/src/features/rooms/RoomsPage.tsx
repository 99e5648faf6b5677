import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { Alert, ErrorAlert, Spinner } from '@/components/Alert';
import { SelectField, TextField } from '@/components/Field';
import { useDocumentTitle } from '@/components/useDocumentTitle';
import { messageOf } from '@/lib/api/problem';
import { useSession } from '@/lib/auth/useSession';
import { pathOfRoomLink, roomsApi, type Room, type RoomVisibility } from './api';
import './rooms.css';

/** Live public rooms, opening one, and joining one by its link. */
export function RoomsPage() {
  useDocumentTitle('Listening rooms');
  const session = useSession();
  const signedIn = session.status === 'signed-in';
  const rooms = useQuery({ queryKey: ['rooms'], queryFn: () => roomsApi.list(), refetchInterval: 15_000 });

  return (
    <div className="page rooms">
      <div className="section__head">
        <h1>Listening rooms</h1>
      </div>
      <p className="muted rooms__intro">Listen together: the host plays, everyone hears the same second, and you can chat and clap along.</p>
      <section className="section rooms__live" aria-labelledby="live-rooms">
        <h2 id="live-rooms">Live now</h2>
        {rooms.isPending ? <Spinner label="Loading the rooms" /> : rooms.error ? <ErrorAlert error={rooms.error} /> : (
          rooms.data.items.length === 0 ? <p className="empty">No public room is open. Open one and invite people with its link.</p> : (
            <ul className="room-list" data-testid="room-list">
              {rooms.data.items.map((r) => <RoomRow key={r.id} room={r} />)}
            </ul>
          )
        )}
      </section>
      <div className="rooms__tools section">
        {signedIn ? <CreateRoom /> : (
          <div className="panel">
            <h2>Open a room</h2>
            <p className="muted"><Link to="/login?next=%2Frooms">Log in</Link> to open or join a room.</p>
          </div>
        )}
        <JoinByLink />
      </div>
    </div>
  );
}

function RoomRow({ room }: { room: Room }) {
  const playing = room.playback?.trackId && !room.playback.paused;
  return (
    <li className="room-row">
      <div className="room-row__main">
        <Link to={`/rooms/${room.id}`} className="room-row__name">{room.name}</Link>
        <span className="muted room-row__meta">
          {room.listeners} {room.listeners === 1 ? 'listener' : 'listeners'} · {playing ? 'playing' : room.playback?.trackId ? 'paused' : 'quiet'}
        </span>
      </div>
      <Link to={`/rooms/${room.id}`} className="button" aria-label={`Join ${room.name}`}>Join</Link>
    </li>
  );
}

function CreateRoom() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [visibility, setVisibility] = useState<RoomVisibility>('PUBLIC');
  const create = useMutation({
    mutationFn: () => roomsApi.create({ name: name.trim(), visibility }),
    onSuccess: (room) => {
      queryClient.invalidateQueries({ queryKey: ['rooms'] });
      navigate(`/rooms/${room.id}`);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) create.mutate();
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="open-room">
      <h2 id="open-room">Open a room</h2>
      {create.error ? <Alert>{messageOf(create.error)}</Alert> : null}
      <TextField label="Name" value={name} onChange={(e) => setName(e.target.value)} maxLength={100} required autoComplete="off" />
      <SelectField label="Who can find it" value={visibility} onChange={(e) => setVisibility(e.target.value as RoomVisibility)}>
        <option value="PUBLIC">Public: listed here</option>
        <option value="UNLISTED">Unlisted: anyone with the link</option>
        <option value="PRIVATE">Private: only with the invite link</option>
      </SelectField>
      <button type="submit" className="button button--primary" disabled={create.isPending || !name.trim()}>
        {create.isPending ? 'Opening…' : 'Open the room'}
      </button>
    </form>
  );
}

function JoinByLink() {
  const navigate = useNavigate();
  const [link, setLink] = useState('');
  const [error, setError] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const path = pathOfRoomLink(link);
    if (!path) {
      setError('Paste a room link (…/rooms/<id>) or a room id.');
      return;
    }
    navigate(path);
  };
  return (
    <form className="panel" onSubmit={submit} aria-labelledby="join-room">
      <h2 id="join-room">Join by link</h2>
      <TextField label="Room link" value={link} onChange={(e) => { setLink(e.target.value); setError(undefined); }} error={error}
        placeholder="https://…/rooms/…" autoComplete="off" inputMode="url" />
      <button type="submit" className="button">Join</button>
    </form>
  );
}
