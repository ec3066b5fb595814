import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

/** What the room's data needs to tell the message list about scrolling. */
export interface ChatViewport {
  /** The reader is at the bottom: new messages scroll into view. */
  following(): boolean;
  /** Follow the bottom again (we are sending). */
  follow(): void;
  /** Remember what the reader sees, just before older messages are put above it. */
  keepPlace(): void;
  /** Offer a jump down to a message that arrived out of view. */
  showNewBelow(): void;
}

/** The message list's scroll state: following the newest while the reader is at the bottom. */
export function useChatScroll() {
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const [newBelow, setNewBelow] = useState(false);

  const viewport = useMemo<ChatViewport>(
    () => ({
      following: () => stick.current,
      follow: () => {
        stick.current = true;
      },
      keepPlace: () => {
        const el = scroller.current;
        if (el) anchor.current = { height: el.scrollHeight, top: el.scrollTop };
      },
      showNewBelow: () => setNewBelow(true),
    }),
    [],
  );

  const jumpToNewest = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    stick.current = true;
    setNewBelow(false);
  };

  return { scroller, stick, anchor, newBelow, setNewBelow, viewport, jumpToNewest };
}

export type ChatScroll = ReturnType<typeof useChatScroll>;

interface ListState {
  entries: readonly unknown[];
  typingCount: number;
  loaded: boolean;
  hasMore: boolean;
  loadingOlder: boolean;
  loadOlder(): Promise<void>;
}

/**
 * Keeps the list where the reader wants it after every change (their place when history was put above,
 * else the bottom if they were there) and loads older messages near the top. Returns the list's onScroll.
 */
export function useScrollKeeping({ scroller, stick, anchor, setNewBelow }: ChatScroll, { entries, typingCount, loaded, hasMore, loadingOlder, loadOlder }: ListState) {
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    if (anchor.current) {
      // History was put above: keep what the user was looking at exactly where it was.
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      anchor.current = null;
    } else if (stick.current) {
      el.scrollTop = el.scrollHeight;
    }
  }, [entries, typingCount]); // eslint-disable-line react-hooks/exhaustive-deps

  // A first page shorter than the view cannot be scrolled up: load more until it can.
  useEffect(() => {
    const el = scroller.current;
    if (loaded && el && hasMore && !loadingOlder && el.scrollHeight <= el.clientHeight + 20) void loadOlder();
  }, [loaded, hasMore, loadingOlder, entries.length, loadOlder]); // eslint-disable-line react-hooks/exhaustive-deps

  return () => {
    const el = scroller.current;
    if (!el) return;
    stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
    if (stick.current) setNewBelow(false);
    if (el.scrollTop < 120 && hasMore && !loadingOlder) void loadOlder();
  };
}
