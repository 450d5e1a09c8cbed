interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

/** The "next page" button of every list; it stays focusable while loading so keyboard users keep their place. */
export function LoadMore({ query, label }: { query: PagedQuery; label: string }) {
  if (!query.hasNextPage) return null;
  const busy = query.isFetchingNextPage;
  return (
    <div className="nv-load-more">
      <button
        type="button"
        className="nv-button"
        aria-disabled={busy}
        onClick={() => {
          if (!busy) void query.fetchNextPage();
        }}
      >
        {busy ? 'Loading…' : label}
      </button>
    </div>
  );
}
