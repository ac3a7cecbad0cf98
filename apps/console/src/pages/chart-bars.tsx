import { formatNumber } from '../i18n';

export type Bar = Readonly<{ key: string; label: string; value: number; shown?: string }>;

const WIDTH = 360;
const ROW = 28;
const LABEL = 110;

/**
 * Horizontal bars as inline SVG, drawn to scale of the largest value. The picture is for the eye;
 * the same figures are in the table beside it, which is what screen readers and tests read.
 */
export const BarChart = ({ title, bars, testId }: { title: string; bars: readonly Bar[]; testId: string }) => {
  const largest = Math.max(1, ...bars.map((bar) => bar.value));
  const height = bars.length * ROW + 8;
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-label={`${title}: ${bars.map((bar) => `${bar.label} ${bar.shown ?? formatNumber(bar.value)}`).join(', ')}`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => {
          const y = index * ROW + 4;
          const length = ((WIDTH - LABEL - 60) * bar.value) / largest;
          return (
            <g key={bar.key}>
              <text x={0} y={y + 17} font-size="13" fill="#1d2733">
                {bar.label}
              </text>
              <rect x={LABEL} y={y + 4} width={Math.max(length, 1)} height={ROW - 10} fill="#0b4f8a" rx={2} />
              <text x={LABEL + length + 6} y={y + 17} font-size="13" fill="#1d2733">
                {bar.shown ?? formatNumber(bar.value)}
              </text>
            </g>
          );
        })}
      </svg>
      <table class="chart-figures" data-testid={testId}>
        <caption class="visually-hidden">{title}</caption>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.key} data-key={bar.key}>
              <th scope="row">{bar.label}</th>
              <td class="number">{bar.shown ?? formatNumber(bar.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
};

/**
 * The 80/20 picture from the one figure the API gives, the share of contribution of the top fifth
 * of clients: cumulative share of contribution (up) over the share of clients ranked by
 * contribution (across), through that point, with the 80 % mark for comparison.
 */
export const ParetoChart = ({ title, top20Share, shown }: { title: string; top20Share: number; shown: string }) => {
  const [w, h, pad] = [360, 200, 28];
  const x = (share: number): number => pad + share * (w - 2 * pad);
  const y = (share: number): number => h - pad - share * (h - 2 * pad);
  return (
    <figure class="chart">
      <svg
        role="img"
        aria-label={`${title}: ${shown}`}
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(0)} stroke="#4d5b6a" />
        <line x1={x(0)} y1={y(0)} x2={x(0)} y2={y(1)} stroke="#4d5b6a" />
        <line x1={x(0)} y1={y(0.8)} x2={x(1)} y2={y(0.8)} stroke="#8a5a00" stroke-dasharray="4 4" />
        <text x={x(1) - 30} y={y(0.8) - 4} font-size="12" fill="#8a5a00">
          80 %
        </text>
        <polyline
          points={`${x(0)},${y(0)} ${x(0.2)},${y(top20Share)} ${x(1)},${y(1)}`}
          fill="none"
          stroke="#0b4f8a"
          stroke-width="3"
        />
        <circle cx={x(0.2)} cy={y(top20Share)} r={5} fill="#0b4f8a" />
        <text x={x(0.2) + 8} y={y(top20Share) + 16} font-size="13" fill="#1d2733">
          20 % → {shown}
        </text>
      </svg>
    </figure>
  );
};
