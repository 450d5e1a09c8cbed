import type { JobRecord, JobStatus } from '@nuvatra/core';
import { useEffect, useRef, useState } from 'react';
import { useDiscardJob, useJobs, useRetryJob, useTenants } from '../../hooks/admin.js';
import { SelectField } from '../../ui/field.js';
import { Panel, QueryState } from '../../ui/states.js';
import { LoadMore } from '../calls/load-more.js';
import { JobRow } from './job-row.js';

export interface AdminJobsProps {
  /** The list shown first; `dead` (the default) is the dead-letter list: jobs that used up their attempts. */
  status?: JobStatus;
  /** Jobs fetched per page (1–200). */
  pageSize?: number;
}

const statuses: { value: JobStatus; label: string; empty: string }[] = [
  { value: 'dead', label: 'Failed', empty: 'No failed jobs: nothing has used up its attempts.' },
  { value: 'pending', label: 'Pending', empty: 'No pending jobs.' },
  { value: 'running', label: 'Running', empty: 'No jobs running.' },
  { value: 'completed', label: 'Completed', empty: 'No completed jobs.' },
];

/**
 * For global admins: the background jobs, failed ones (the dead-letter list) first, with retrying and discarding.
 * A server without a job queue answers 404, and that message is shown.
 */
export function AdminJobs({ status: initialStatus = 'dead', pageSize = 25 }: AdminJobsProps) {
  const [status, setStatus] = useState<JobStatus>(initialStatus);
  const jobs = useJobs({ status, limit: pageSize });
  // The first page of tenants names most jobs' tenants; the rest show their id. Shared with AdminTenants' cache.
  const tenants = useTenants();
  const retry = useRetryJob();
  const discard = useDiscardJob();
  const [announcement, setAnnouncement] = useState('');
  const list = useRef<HTMLElement>(null);
  const refocus = useRef(false);

  const tenantNames = new Map(tenants.data?.pages.flatMap((page) => page.items.map((t) => [t.id, t.name])) ?? []);
  const tenantOf = (job: JobRecord) =>
    job.tenantId === null ? 'Global (no tenant)' : (tenantNames.get(job.tenantId) ?? job.tenantId);
  const current = statuses.find((option) => option.value === status) ?? statuses[0];

  // A retried or discarded job leaves the list with the focus in its row: keep keyboard users in the list.
  useEffect(() => {
    if (!refocus.current || jobs.data === undefined) return;
    refocus.current = false;
    if (!document.activeElement || document.activeElement === document.body) list.current?.focus();
  }, [jobs.data]);

  const done = (message: string) => () => {
    setAnnouncement(message);
    refocus.current = true;
  };

  return (
    <Panel title="Background jobs" className="nv-admin-jobs">
      <div className="nv-admin-jobs__filters">
        <SelectField
          label="Status"
          value={status}
          options={statuses}
          onChange={(next) => {
            setStatus(next);
            setAnnouncement('');
          }}
        />
      </div>
      <p className="nv-success" role="status">
        {announcement}
      </p>
      <section
        ref={list}
        className="nv-admin-jobs__list"
        aria-label={`${current?.label ?? ''} jobs`}
        aria-busy={jobs.isPlaceholderData}
        tabIndex={-1}
      >
        {/* A signed-in user who is not a global admin gets the API's 403 message here; a server with no queue, 404. */}
        <QueryState
          query={jobs}
          loading="Loading jobs…"
          isEmpty={(data) => data.pages.every((page) => page.items.length === 0)}
          empty={current?.empty}
        >
          {(data) => (
            <table className="nv-table nv-admin-jobs__table">
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Status</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Last error</th>
                  <th scope="col">When</th>
                  <th scope="col">
                    <span className="nv-visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.pages.flatMap((page) =>
                  page.items.map((job) => (
                    <JobRow
                      key={job.id}
                      job={job}
                      tenant={tenantOf(job)}
                      busy={retry.isPending || discard.isPending}
                      retryError={retry.variables === job.id ? retry.error : null}
                      discardError={discard.variables === job.id ? discard.error : null}
                      onRetry={() =>
                        retry.mutate(job.id, {
                          onSuccess: done(`Retried ${job.name} (${tenantOf(job)}): it is pending again.`),
                        })
                      }
                      onDiscard={() =>
                        discard.mutate(job.id, { onSuccess: done(`Discarded ${job.name} (${tenantOf(job)}).`) })
                      }
                    />
                  )),
                )}
              </tbody>
            </table>
          )}
        </QueryState>
        <LoadMore query={jobs} label="Load more jobs" />
      </section>
    </Panel>
  );
}
