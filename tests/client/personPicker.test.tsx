/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import type { PublicUser } from '@cohort/shared';
import { rememberPeople } from '../../client/src/api/people';
import { PersonPicker } from '../../client/src/components/PersonPicker';
import { setLanguage } from '../../client/src/i18n';

// The hub's answers are scripted here (its real behaviour is tested in tests/integration/userSearch.test.ts):
// every request waits until the test answers it, so the test decides the order in which answers arrive.
interface PendingRequest {
  url: URL;
  signal: AbortSignal | undefined;
  answer(body: unknown): Promise<void>;
}
let requests: PendingRequest[];

beforeEach(async () => {
  await act(async () => setLanguage('en'));
  requests = [];
  jest.useFakeTimers();
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      init?.signal?.addEventListener('abort', () => reject(new DOMException('The request was aborted', 'AbortError')));
      requests.push({
        url: new URL(String(input), 'http://hub.test'),
        signal: init?.signal ?? undefined,
        answer: (body) =>
          act(async () => {
            const text = JSON.stringify(body);
            resolve({ status: 200, ok: true, headers: new Headers({ 'content-type': 'application/json' }), text: async () => text } as Response);
          }),
      });
    })) as typeof fetch;
});

afterEach(() => {
  jest.useRealTimers();
  delete (globalThis as { fetch?: unknown }).fetch;
});

const person = (id: string, username: string, displayName: string): PublicUser => ({ id, username, displayName });
const type = (value: string) => fireEvent.change(screen.getByTestId('person-input'), { target: { value } });
const wait = (ms: number) => act(async () => void jest.advanceTimersByTime(ms));
const shown = () => screen.queryAllByTestId('person-suggestion').map((b) => b.textContent);

test('asks the hub once typing pauses, and offers its matches before people already seen, members left out', async () => {
  rememberPeople([person('k1', 'annie_seen', 'Annie Seen')]);
  const onPick = jest.fn();
  render(<PersonPicker onPick={onPick} exclude={['m1']} submitLabel="Invite" />);
  for (const value of ['@', '@A', '@An', '@Ann']) type(value);
  await wait(150);
  expect(requests).toHaveLength(0);
  await wait(50);
  expect(requests).toHaveLength(1);
  expect(requests[0]!.url.pathname).toBe('/api/users');
  expect(requests[0]!.url.searchParams.get('q')).toBe('ann');

  const annabel = person('u2', 'annabel', '安娜贝尔');
  await requests[0]!.answer({ users: [person('u1', 'ann', 'Ann'), person('m1', 'ann_member', 'Already In'), annabel] });
  expect(shown()).toEqual(['Ann @ann', '安娜贝尔 @annabel', 'Annie Seen @annie_seen']);
  fireEvent.click(screen.getByRole('button', { name: /@annabel/ }));
  expect(onPick).toHaveBeenCalledWith(annabel);
});

test('an answer to an earlier query never replaces a later one; the earlier request is cancelled', async () => {
  render(<PersonPicker onPick={jest.fn()} submitLabel="Invite" />);
  type('al');
  await wait(200);
  type('ali');
  expect(requests[0]!.signal?.aborted).toBe(true);
  await wait(200);
  expect(requests.map((r) => r.url.searchParams.get('q'))).toEqual(['al', 'ali']);
  await requests[1]!.answer({ users: [person('u3', 'alice', 'Alice'), person('u4', 'alina', 'Alina')] });
  await requests[0]!.answer({ users: [person('u5', 'alfred', 'Alfred')] });
  expect(shown()).toEqual(['Alice @alice', 'Alina @alina']);

  // While the hub is asked about 'alic', the answer for 'ali', narrowed down, stands in.
  type('alic');
  expect(shown()).toEqual(['Alice @alice']);
  await wait(200);
  await requests[2]!.answer({ users: [] });
  expect(shown()).toEqual([]);
  expect(screen.getByRole('status').textContent).toBe('Nobody found by that name.');
});

test('a typed @username nobody has seen is found on the hub when submitted', async () => {
  const onPick = jest.fn();
  render(<PersonPicker onPick={onPick} submitLabel="Invite" />);
  type('@Bob_New');
  await act(async () => void fireEvent.click(screen.getByRole('button', { name: 'Invite' })));
  const lookup = requests.find((r) => r.url.searchParams.get('limit') === '1');
  expect(lookup?.url.searchParams.get('q')).toBe('bob_new');
  const bob = person('u6', 'bob_new', 'Bob 王');
  await lookup!.answer({ users: [bob] });
  expect(onPick).toHaveBeenCalledWith(bob);
  expect((screen.getByTestId('person-input') as HTMLInputElement).value).toBe('');
});
