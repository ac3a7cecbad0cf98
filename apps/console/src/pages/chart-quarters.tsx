import { formatNumber } from '../i18n';
import { chartLabel } from './chart-bars';

/** One quarter's score: `value` null when there is no figure (no answers yet), `shown` as the table shows it. */
export type QuarterScore = Readonly<{
  key: string;
  quarter: string;
  year: string;
  value: number | null;
  shown: string;
}>;

const [W, H, LEFT, RIGHT, TOP, BOTTOM] = [380, 230, 40, 12, 12, 40];
const TICKS = [-100, -50, 0, 50, 100];
const y = (score: number): number => TOP + ((100 - score) / 200) * (H - TOP - BOTTOM);

/**
 * Scores from −100 to 100 by quarter as columns from the zero line (an NPS can be negative), with
 * the target as a dashed line. A quarter without a figure has no column, only its "—".
 */
export const QuarterChart = ({
  title,
  scores,
  target,
  targetLabel,
}: {
  title: string;
  scores: readonly QuarterScore[];
  target: number | null;
  targetLabel: string;
}) => {
  const step = (W - LEFT - RIGHT) / Math.max(1, scores.length);
  const width = Math.min(36, step * 0.6);
  return (
    <svg
      role="img"
      aria-label={chartLabel(
        title,
        scores.map((score) => `${score.year} ${score.quarter} ${score.shown}`),
      )}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <g font-size="11" fill="#4d5b6a">
        {TICKS.map((tick) => (
          <g key={tick}>
            <line x1={LEFT} y1={y(tick)} x2={W - RIGHT} y2={y(tick)} stroke={tick === 0 ? '#4d5b6a' : '#e3e8ee'} />
            <text x={LEFT - 4} y={y(tick) + 4} text-anchor="end">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
      </g>
      {target !== null && (
        <g fill="#8a5a00">
          <line x1={LEFT} y1={y(target)} x2={W - RIGHT} y2={y(target)} stroke="#8a5a00" stroke-dasharray="6 4" />
          <text x={W - RIGHT} y={y(target) - 4} font-size="11" text-anchor="end">
            {targetLabel}
          </text>
        </g>
      )}
      {scores.map((score, index) => {
        const middle = LEFT + step * index + step / 2;
        const value = score.value;
        const top = value === null ? y(0) : Math.min(y(value), y(0));
        return (
          <g key={score.key} font-size="11" fill="#1d2733" text-anchor="middle">
            {value !== null && (
              <rect
                x={middle - width / 2}
                y={top}
                width={width}
                height={Math.max(1, Math.abs(y(value) - y(0)))}
                fill="#0b4f8a"
              />
            )}
            <text x={middle} y={value !== null && value < 0 ? y(value) + 13 : top - 4} font-weight="700">
              {score.shown}
            </text>
            <text x={middle} y={H - BOTTOM + 16}>
              {score.quarter}
            </text>
            <text x={middle} y={H - BOTTOM + 30} fill="#4d5b6a">
              {score.year}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
