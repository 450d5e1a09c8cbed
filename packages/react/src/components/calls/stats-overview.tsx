import type { CallStats } from '@nuvatra/core';
import { useStats } from '../../hooks/dashboard.js';
import { formatDateTime, formatDuration } from '../../ui/format.js';
import { Panel, QueryState } from '../../ui/states.js';
import { CallsPerDayChart } from './calls-per-day-chart.js';
import { toDailySeries } from './daily-series.js';

export interface StatsOverviewProps {
  /** ISO timestamps of the window (`to` exclusive); the API's default is the last 30 days. */
  from?: string;
  to?: string;
}

/** Call totals, calls per day, outcomes and top intents for a window of time. */
export function StatsOverview({ from, to }: StatsOverviewProps) {
  const stats = useStats({ ...(from ? { from } : {}), ...(to ? { to } : {}) });
  return (
    <Panel title="Call statistics" className="nv-stats">
      <QueryState
        query={stats}
        loading="Loading statistics…"
        isEmpty={(data) => data.totalCalls === 0}
        empty="No calls in this period."
      >
        {(data) => <StatsFigures stats={data} />}
      </QueryState>
    </Panel>
  );
}

const countCalls = (count: number) => `${count} ${count === 1 ? 'call' : 'calls'}`;

function StatsFigures({ stats }: { stats: CallStats }) {
  const outcomes = Object.entries(stats.outcomes).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return (
    <>
      <p className="nv-stats__window">
        {formatDateTime(stats.from, stats.timezone)} to {formatDateTime(stats.to, stats.timezone)} ({stats.timezone})
      </p>
      <dl className="nv-stats__totals">
        <div className="nv-stats__total">
          <dt>Calls</dt>
          <dd>{stats.totalCalls}</dd>
        </div>
        <div className="nv-stats__total">
          <dt>Total talk time</dt>
          <dd>{formatDuration(stats.totalDurationSeconds)}</dd>
        </div>
        <div className="nv-stats__total">
          <dt>Average duration</dt>
          <dd>{formatDuration(stats.averageDurationSeconds)}</dd>
        </div>
      </dl>
      <h3 className="nv-stats__heading">Calls per day</h3>
      <CallsPerDayChart days={toDailySeries(stats)} />
      <div className="nv-stats__lists">
        <section>
          <h3 className="nv-stats__heading">Outcomes</h3>
          <ul className="nv-stats__list" aria-label="Outcomes">
            {outcomes.map(([outcome, calls]) => (
              <li key={outcome}>
                <span className="nv-badge nv-badge--outcome">{outcome}</span> <span>{countCalls(calls)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section>
          <h3 className="nv-stats__heading">Top intents</h3>
          {stats.topIntents.length > 0 ? (
            <ol className="nv-stats__list" aria-label="Top intents">
              {stats.topIntents.map((entry) => (
                <li key={entry.intent}>
                  <span>{entry.intent}</span> <span>{countCalls(entry.calls)}</span>
                </li>
              ))}
            </ol>
          ) : (
            <p className="nv-empty">No intents recognised yet.</p>
          )}
        </section>
      </div>
    </>
  );
}
