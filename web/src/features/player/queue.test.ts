import * as Q from './queue';

const a = { id: 'a', title: 'A' };
const b = { id: 'b', title: 'B', artistName: 'Ada' };
const c = { id: 'c', title: 'C' };

describe('queue', () => {
  it('plays a whole list from a given song', () => {
    const q = Q.playList([a, b, c], 1);
    expect(Q.current(q)).toBe(b);
    expect(Q.hasNext(q)).toBe(true);
    expect(Q.current(Q.next(q))).toBe(c);
    expect(Q.current(Q.previous(q))).toBe(a);
  });

  it('puts "play next" right after the current song and "add to queue" at the end', () => {
    let q = Q.playList([a, b], 0);
    q = Q.enqueue(q, c);
    q = Q.playNext(q, { id: 'n', title: 'N' });
    expect(q.items.map((t) => t.id)).toEqual(['a', 'n', 'b', 'c']);
    expect(q.index).toBe(0);
  });

  it('makes a song added to an empty queue the current one', () => {
    expect(Q.current(Q.enqueue(Q.EMPTY_QUEUE, a))).toBe(a);
    expect(Q.current(Q.playNext(Q.EMPTY_QUEUE, a))).toBe(a);
  });

  it('plays a song now after the current one, keeping the rest', () => {
    const q = Q.playNow(Q.playList([a, b], 0), c);
    expect(q.items.map((t) => t.id)).toEqual(['a', 'c', 'b']);
    expect(Q.current(q)).toBe(c);
  });

  it('plays the current song again from the start without queueing it twice', () => {
    const q = Q.playNow(Q.withPosition(Q.playList([a, b], 0), 9000), a);
    expect(q.items).toEqual([a, b]);
    expect(q.positionMs).toBe(0);
  });

  it('removes songs around the current one', () => {
    const q = Q.playList([a, b, c], 1);
    expect(Q.current(Q.removeAt(q, 0))).toBe(b);
    expect(Q.current(Q.removeAt(q, 1))).toBe(c);
    expect(Q.current(Q.removeAt(Q.playList([a], 0), 0))).toBeNull();
  });

  it('survives a reload with the position', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    Q.saveQueue(storage, Q.withPosition(Q.playList([a, b, c], 2), 61_234.4));
    const back = Q.loadQueue(storage);
    expect(back.items).toEqual([a, b, c]);
    expect(back.index).toBe(2);
    expect(back.positionMs).toBe(61_234);
  });

  it('reads anything malformed as an empty queue', () => {
    expect(Q.deserialize('{')).toEqual(Q.EMPTY_QUEUE);
    expect(Q.deserialize('{"v":2,"items":[]}')).toEqual(Q.EMPTY_QUEUE);
    const odd = Q.deserialize('{"v":1,"items":[{"id":"a","title":"A","extra":1},{"id":3}],"index":9,"positionMs":-5}');
    expect(odd.items).toEqual([a]);
    expect(odd.index).toBe(0);
    expect(odd.positionMs).toBe(0);
  });

  it('never lets storage errors break the player', () => {
    const broken = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('quota'); } };
    expect(Q.loadQueue(broken)).toEqual(Q.EMPTY_QUEUE);
    expect(() => Q.saveQueue(broken, Q.playList([a]))).not.toThrow();
  });

  it('caps its length', () => {
    const many = Array.from({ length: Q.MAX_QUEUE + 10 }, (_, i) => ({ id: String(i), title: String(i) }));
    const q = Q.playList(many);
    expect(q.items.length).toBe(Q.MAX_QUEUE);
    expect(Q.enqueue(q, a)).toBe(q);
  });
});
