import type { Call } from '@nuvatra/core';
import { useCall } from '../../hooks/dashboard.js';
import { formatDateTime, formatDuration, formatPhoneNumber } from '../../ui/format.js';
import { Panel, QueryState } from '../../ui/states.js';
import { Transcript } from './transcript.js';

export interface CallDetailProps {
  callId: string;
  /** The tenant's IANA time zone (the browser's otherwise). */
  timeZone?: string;
  /** Shows a close button that calls it. */
  onClose?: () => void;
}

/** One call: who and when, outcome, summary, the recording and the transcript. */
export function CallDetail({ callId, timeZone, onClose }: CallDetailProps) {
  const call = useCall(callId);
  const closeButton = onClose ? (
    <button type="button" className="nv-button" onClick={onClose}>
      Close <span className="nv-visually-hidden">call details</span>
    </button>
  ) : undefined;
  return (
    <Panel title="Call details" className="nv-call-detail" actions={closeButton}>
      <QueryState query={call} loading="Loading the call…">
        {(data) => <CallRecord call={data} timeZone={timeZone} />}
      </QueryState>
    </Panel>
  );
}

function CallRecord({ call, timeZone }: { call: Call; timeZone: string | undefined }) {
  const caller = formatPhoneNumber(call.from);
  const when = call.startedAt ?? call.createdAt;
  return (
    <div className="nv-call-detail__body">
      <h3 className="nv-call-detail__heading">
        {caller}, <time dateTime={when}>{formatDateTime(when, timeZone)}</time>
      </h3>
      <dl className="nv-call-detail__facts">
        <div>
          <dt>Outcome</dt>
          <dd>
            <span className="nv-badge nv-badge--outcome">{call.outcome ?? call.status}</span>
          </dd>
        </div>
        <div>
          <dt>Duration</dt>
          <dd>{formatDuration(call.durationSeconds)}</dd>
        </div>
        <div>
          <dt>Number called</dt>
          <dd>{formatPhoneNumber(call.to)}</dd>
        </div>
      </dl>
      <section className="nv-call-detail__section">
        <h3>Summary</h3>
        <p className="nv-call-detail__summary">{call.summary ?? 'No summary'}</p>
      </section>
      {call.recordingUrl ? (
        <section className="nv-call-detail__section">
          <h3>Recording</h3>
          {/* biome-ignore lint/a11y/useMediaCaption: the transcript below is the recording's text alternative. */}
          <audio
            className="nv-call-detail__audio"
            controls
            preload="none"
            src={call.recordingUrl}
            aria-label={`Recording of the call from ${caller}`}
          >
            This browser cannot play the recording; download it below.
          </audio>
          <a className="nv-call-detail__download" href={call.recordingUrl} download>
            Download recording
          </a>
        </section>
      ) : null}
      <section className="nv-call-detail__section">
        <h3>Transcript</h3>
        <Transcript messages={call.messages} text={call.transcript} />
      </section>
    </div>
  );
}
