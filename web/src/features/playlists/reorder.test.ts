import { expect, test } from 'vitest';
import { moved, serial } from './reorder';

test('moved puts the element at the index it has after the move, clamped to the list', () => {
  expect(moved(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
  expect(moved(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
  expect(moved(['a', 'b', 'c'], 1, 99)).toEqual(['a', 'c', 'b']);
  expect(moved(['a', 'b'], 5, 0)).toEqual(['a', 'b']);
});

test('serial runs writes one after another, in order, even when one fails', async () => {
  const q = serial();
  const order: string[] = [];
  const later = (name: string, ms: number, fail = false) => () => new Promise<void>((res, rej) => setTimeout(() => {
    order.push(name);
    if (fail) rej(new Error(name));
    else res();
  }, ms));
  const a = q.run(later('a', 30));
  const b = q.run(later('b', 1, true));
  const c = q.run(later('c', 1));
  expect(q.pending).toBe(3);
  await a;
  await expect(b).rejects.toThrow('b');
  await c;
  expect(order).toEqual(['a', 'b', 'c']);
  await new Promise((r) => setTimeout(r, 0));
  expect(q.pending).toBe(0);
});
