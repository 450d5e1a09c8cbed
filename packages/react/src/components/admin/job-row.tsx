import type { JobRecord, JobStatus } from '@nuvatra/core';
import type { NuvatraApiError } from '../../client/errors.js';
import { ConfirmAction } from '../../ui/confirm-action.js';
import { formatDateTime } from '../../ui/format.js';
import { ErrorMessage } from '../../ui/states.js';

const statusLabels: Record<JobStatus, string> = {
  dead: 'Failed',
  pending: 'Pending',
  running: 'Running',
  completed: 'Completed',
};

/** What the time column means for each status: a pending job's is when it is due, the others' when it last changed. */
function whenOf(job: JobRecord): { label: string; at: string } {
  switch (job.status) {
    case 'pending':
      return { label: 'Due', at: job.runAt };
    case 'running':
      return { label: 'Started', at: job.updatedAt };
    case 'completed':
      return { label: 'Finished', at: job.updatedAt };
    case 'dead':
      return { label: 'Failed', at: job.updatedAt };
  }
}

export function JobRow({
  job,
  tenant,
  busy,
  retryError,
  discardError,
  onRetry,
  onDiscard,
}: {
  job: JobRecord;
  /** The tenant's name, or its id when the name is not known. */
  tenant: string;
  busy: boolean;
  retryError: NuvatraApiError | null;
  discardError: NuvatraApiError | null;
  onRetry: () => void;
  onDiscard: () => void;
}) {
  const when = whenOf(job);
  // Several dead jobs can share a name and a tenant; the id tells their buttons apart.
  const which = (
    <>
      {' '}
      <span className="nv-visually-hidden">
        {job.name} ({job.id})
      </span>
    </>
  );
  return (
    <tr>
      <th scope="row">
        <span className="nv-admin-jobs__name">{job.name}</span> <code className="nv-admin-jobs__id">{job.id}</code>
      </th>
      <td>{tenant}</td>
      <td>
        <span className={`nv-badge nv-badge--job-${job.status}`}>{statusLabels[job.status]}</span>
      </td>
      <td>
        {job.attempts} of {job.maxAttempts}
      </td>
      <td>{job.lastError ? <p className="nv-admin-jobs__error">{job.lastError}</p> : '—'}</td>
      <td>
        {when.label}{' '}
        <time className="nv-admin-jobs__when" dateTime={when.at}>
          {formatDateTime(when.at)}
        </time>
      </td>
      <td>
        {job.status === 'dead' ? (
          <div className="nv-admin-jobs__actions">
            <ConfirmAction
              label={<>Retry{which}</>}
              question={`Run ${job.name} for ${tenant} again now, with its attempts reset?`}
              confirmLabel="Yes, retry"
              tone="neutral"
              disabled={busy}
              onConfirm={onRetry}
            />
            <ConfirmAction
              label={<>Discard{which}</>}
              question={`Discard ${job.name} for ${tenant}? It will not run again.`}
              confirmLabel="Yes, discard"
              disabled={busy}
              onConfirm={onDiscard}
            />
          </div>
        ) : null}
        {retryError ? <ErrorMessage error={retryError} title={`Could not retry ${job.name}.`} /> : null}
        {discardError ? <ErrorMessage error={discardError} title={`Could not discard ${job.name}.`} /> : null}
      </td>
    </tr>
  );
}
