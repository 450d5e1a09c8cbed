import { type DayCount, formatDay } from './daily-series.js';

const barWidth = 10;
const chartHeight = 100;

function describe(days: readonly DayCount[]): string {
  const first = days[0];
  const last = days.at(-1);
  if (!first || !last) return 'Calls per day: no days in this period.';
  const total = days.reduce((sum, entry) => sum + entry.calls, 0);
  const busiest = days.reduce((best, entry) => (entry.calls > best.calls ? entry : best), first);
  const range =
    first.date === last.date ? formatDay(first.date) : `${formatDay(first.date)} to ${formatDay(last.date)}`;
  const calls = (count: number) => `${count} ${count === 1 ? 'call' : 'calls'}`;
  return `Calls per day, ${range}: ${calls(total)} over ${days.length} ${days.length === 1 ? 'day' : 'days'}, busiest ${formatDay(busiest.date)} with ${calls(busiest.calls)}.`;
}

/**
 * Plain SVG bars. Screen readers get a one-sentence summary from the image and every day from a visually hidden
 * table, so nobody has to read bar heights.
 */
export function CallsPerDayChart({ days }: { days: readonly DayCount[] }) {
  const peak = Math.max(1, ...days.map((entry) => entry.calls));
  const first = days[0];
  const last = days.at(-1);
  return (
    <div className="nv-chart">
      <svg
        className="nv-chart__plot"
        role="img"
        aria-label={describe(days)}
        viewBox={`0 0 ${Math.max(1, days.length) * barWidth} ${chartHeight}`}
        preserveAspectRatio="none"
      >
        {days.map((entry, index) => {
          const height = (entry.calls / peak) * (chartHeight - 4);
          return (
            <rect
              key={entry.date}
              className="nv-chart__bar"
              x={index * barWidth + 1}
              y={chartHeight - height}
              width={barWidth - 2}
              height={height}
            >
              <title>{`${formatDay(entry.date)}: ${entry.calls}`}</title>
            </rect>
          );
        })}
        <line className="nv-chart__baseline" x1={0} x2={days.length * barWidth} y1={chartHeight} y2={chartHeight} />
      </svg>
      {first && last ? (
        <div className="nv-chart__range" aria-hidden="true">
          <span>{formatDay(first.date)}</span>
          <span>{formatDay(last.date)}</span>
        </div>
      ) : null}
      <table className="nv-visually-hidden">
        <caption>Calls per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Calls</th>
          </tr>
        </thead>
        <tbody>
          {days.map((entry) => (
            <tr key={entry.date}>
              <th scope="row">{formatDay(entry.date)}</th>
              <td>{entry.calls}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
