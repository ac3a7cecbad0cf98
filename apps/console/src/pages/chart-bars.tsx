import { formatNumber } from '../i18n';

/** One bar: `tone` is a stylesheet class (severity-high …) whose colour the bar takes. */
export type Bar = Readonly<{ key: string; label: string; value: number; shown?: string; tone?: string }>;

const WIDTH = 360;
const ROW = 28;
const LABEL = 110;
const INK = '#1d2733';

const shownOf = (bar: Bar): string => bar.shown ?? formatNumber(bar.value);

/** What a screen reader hears for a chart: its title, then each bar's label and figure. */
export const chartLabel = (title: string, parts: readonly string[]): string => `${title}: ${parts.join(', ')}`;

/**
 * Horizontal bars as inline SVG, drawn to scale of the largest value. The picture is for the eye;
 * the same figures are in the table under it, which is what screen readers and tests read.
 */
export const BarChart = ({
  title,
  bars,
  testId,
  head,
}: {
  title: string;
  bars: readonly Bar[];
  testId: string;
  /** The table's column headings: what the bars are, and what their figure counts. */
  head: readonly [string, string];
}) => {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * ROW + 8;
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-label={chartLabel(
          title,
          bars.map((bar) => `${bar.label} ${shownOf(bar)}`),
        )}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const length = ((WIDTH - LABEL - 60) * bar.value) / largest;
          return (
            <g key={bar.key} class={bar.tone} fill={bar.tone === undefined ? '#0b4f8a' : 'currentColor'}>
              <text x={0} y={y + 17} font-size="13" fill={INK}>
                {bar.label}
              </text>
              <rect x={LABEL} y={y + 4} width={Math.max(length, 1)} height={ROW - 10} rx={2} />
              <text x={LABEL + length + 6} y={y + 17} font-size="13" fill={INK}>
                {shownOf(bar)}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="chart-figures" data-testid={testId}>
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col" class="number">
              {head[1]}
            </th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key} data-key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td class="number">{shownOf(bar)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
};
