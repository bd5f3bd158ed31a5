// The extract's pages (service.ts keysetPages): every episode once, in id order, each page read while the one
// before it is sent, and a download stopped part way never leaves a failure behind.
import { expect, it } from 'vitest';
import { keysetPages, PAGE_SIZE } from './service.ts';

const ids = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ episodeId: String(from + i).padStart(8, '0') }));

it('reads after the last id of each full page, stops after a short one, and reads one page ahead', async () => {
  const pagesOf = [ids(0, PAGE_SIZE), ids(PAGE_SIZE, PAGE_SIZE), ids(2 * PAGE_SIZE, 3)];
  const asked: (string | null)[] = [];
  const read = (after: string | null) => {
    asked.push(after);
    return Promise.resolve(pagesOf[asked.length - 1] ?? []);
  };
  const seen: number[] = [];
  for await (const page of keysetPages(read)) {
    seen.push(page.length);
    // The next page is already asked for while this one is handled.
    if (seen.length < 3) expect(asked).toHaveLength(seen.length + 1);
  }
  expect(seen).toEqual([PAGE_SIZE, PAGE_SIZE, 3]);
  expect(asked).toEqual([null, ids(PAGE_SIZE - 1, 1)[0]?.episodeId, ids(2 * PAGE_SIZE - 1, 1)[0]?.episodeId]);
});

it('a full last page ends with an empty read, and an empty range yields nothing', async () => {
  const asked: (string | null)[] = [];
  const full = (after: string | null) => {
    asked.push(after);
    return Promise.resolve(after === null ? ids(0, PAGE_SIZE) : []);
  };
  const seen = [];
  for await (const page of keysetPages(full)) seen.push(page.length);
  expect(seen).toEqual([PAGE_SIZE]);
  expect(asked).toHaveLength(2);
  const none = [];
  for await (const page of keysetPages(() => Promise.resolve([]))) none.push(page);
  expect(none).toEqual([]);
});

it('leaves no unhandled failure when a download stops before the page read ahead fails', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const read = (after: string | null) =>
    after === null ? Promise.resolve(ids(0, PAGE_SIZE)) : Promise.reject(new Error('connection lost'));
  for await (const page of keysetPages(read)) {
    expect(page).toHaveLength(PAGE_SIZE);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
  process.off('unhandledRejection', onUnhandled);
  expect(unhandled).toEqual([]);
});
