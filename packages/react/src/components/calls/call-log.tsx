import { useRef, useState } from 'react';
import { useCalls } from '../../hooks/dashboard.js';
import { Panel, QueryState } from '../../ui/states.js';
import { CallDetail } from './call-detail.js';
import { CallFilters } from './call-filters.js';
import { CallTable } from './call-table.js';
import { type CallFilterValues, hasCallFilters, noCallFilters, toCallFilter } from './day-window.js';
import { LoadMore } from './load-more.js';

export interface CallLogProps {
  /** Calls fetched per page (1–200). */
  pageSize?: number;
  /** The tenant's IANA time zone: times are shown and date filters read in it (the browser's otherwise). */
  timeZone?: string;
  /** The open call; pass it with `onSelectCall` to control it (in the URL, say). */
  selectedCallId?: string | null;
  /** Told when a call is opened, or closed (`null`). */
  onSelectCall?: (callId: string | null) => void;
}

/** The tenant's calls, newest first, with filters, paging and the opened call's details. */
export function CallLog({ pageSize = 25, timeZone, selectedCallId, onSelectCall }: CallLogProps) {
  const [filters, setFilters] = useState<CallFilterValues>(noCallFilters);
  const [ownSelection, setOwnSelection] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const selected = selectedCallId !== undefined ? selectedCallId : ownSelection;
  const calls = useCalls(toCallFilter(filters, { limit: pageSize, timeZone }));

  const select = (callId: string | null) => {
    setOwnSelection(callId);
    onSelectCall?.(callId);
  };
  const close = () => {
    select(null);
    // The details disappear with the focus in them: hand it back to the row that opened them.
    opener.current?.focus();
  };

  return (
    <Panel title="Calls" className="nv-call-log">
      <CallFilters onApply={setFilters} />
      <div className={selected ? 'nv-call-log__body nv-call-log__body--open' : 'nv-call-log__body'}>
        <div className="nv-call-log__list">
          <QueryState
            query={calls}
            loading="Loading calls…"
            isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
            empty={hasCallFilters(filters) ? 'No calls match these filters.' : 'No calls yet.'}
          >
            {(data) => (
              <CallTable
                calls={data.pages.flatMap((page) => page.items)}
                selectedCallId={selected}
                onOpen={(callId, button) => {
                  opener.current = button;
                  select(callId);
                }}
                timeZone={timeZone}
              />
            )}
          </QueryState>
          <LoadMore query={calls} label="Load more calls" />
        </div>
        {selected ? <CallDetail callId={selected} timeZone={timeZone} onClose={close} /> : null}
      </div>
    </Panel>
  );
}
