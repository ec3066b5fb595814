/** @jest-environment jsdom */
import { act, render, screen } from '@testing-library/react';
import type { ChatMessage } from '@cohort/shared';
import { setLanguage } from '../../client/src/i18n';
import { UnreadBadge } from '../../client/src/components/UnreadBadge';
import { addPending, firstUnreadId, mergeMessages } from '../../client/src/features/chat/messageList';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };
const msg = (id: string, at: number, over: Partial<ChatMessage> = {}): ChatMessage => ({
  id, roomId: 'r1', author: bob, body: `m${id}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
  clientId: `c${id}`, editedAt: null, deletedAt: null, mentions: [], reactions: {}, ...over,
});

beforeEach(async () => {
  await act(async () => setLanguage('en'));
});

describe('the "new messages" divider', () => {
  const list = mergeMessages([], [msg('a', 1), msg('b', 2), msg('c', 3, { author: alice }), msg('d', 4, { deletedAt: '2026-01-01T00:00:09.000Z' }), msg('e', 5)]);

  test('counts back over others\' undeleted messages, as the hub counts unread', () => {
    expect(firstUnreadId(list, 1, alice.id)).toBe('e');
    // my own message (c) and the deleted one (d) are not unread, so two unread reach back to b
    expect(firstUnreadId(list, 2, alice.id)).toBe('b');
  });

  test('none unread: no divider; more unread than loaded: the oldest loaded', () => {
    expect(firstUnreadId(list, 0, alice.id)).toBeNull();
    expect(firstUnreadId(list, 50, alice.id)).toBe('a');
    expect(firstUnreadId([], 3, alice.id)).toBeNull();
  });

  test('a message still being sent is never the divider', () => {
    const withPending = addPending(list, { roomId: 'r1', clientId: 'p1', body: 'hi', author: bob });
    expect(firstUnreadId(withPending, 1, alice.id)).toBe('e');
  });
});

describe('unread badge', () => {
  test('shows the count and the mentions beside it, not instead of it', () => {
    render(<UnreadBadge unread={5} mentions={2} />);
    const badge = screen.getByTestId('unread-badge');
    expect([...badge.querySelectorAll('.badge')].map((b) => b.textContent)).toEqual(['5', '@2']);
    expect(badge.textContent).toContain('5 unread messages, 2 mention you');
  });

  test('no mentions: the count alone; nothing unread: nothing', () => {
    const { rerender } = render(<UnreadBadge unread={1} mentions={0} />);
    expect([...screen.getByTestId('unread-badge').querySelectorAll('.badge')].map((b) => b.textContent)).toEqual(['1']);
    rerender(<UnreadBadge unread={0} mentions={0} />);
    expect(screen.queryByTestId('unread-badge')).toBeNull();
  });
});
