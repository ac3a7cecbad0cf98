import { formatPercent, messages } from '../i18n';

const t = messages(
  {
    across: 'Clients, ranked by contribution',
    up: 'Cumulative share of contribution',
    mark: '80 % mark',
    equal: 'Equal contribution',
    described:
      '{title}: the top 20 % of clients bring {share} of the contribution; the 80 % mark and equal contribution for comparison.',
  },
  {
    across: '客户（按贡献排序）',
    up: '累计贡献占比',
    mark: '80% 基准线',
    equal: '平均贡献',
    described: '{title}：前 20% 的客户贡献了 {share}；80% 基准线和平均贡献线供对照。',
  },
);

const [W, H, LEFT, BOTTOM, TOP, RIGHT] = [380, 240, 58, 40, 12, 16];
const TICKS = [0, 0.2, 0.4, 0.6, 0.8, 1];
const x = (share: number): number => LEFT + share * (W - LEFT - RIGHT);
const y = (share: number): number => H - BOTTOM - share * (H - BOTTOM - TOP);

const Axes = () => (
  <g font-size="11" fill="#4d5b6a">
    <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(0)} stroke="#4d5b6a" />
    <line x1={x(0)} y1={y(0)} x2={x(0)} y2={y(1)} stroke="#4d5b6a" />
    {TICKS.map((tick) => (
      <g key={tick}>
        <text x={x(tick)} y={y(0) + 14} text-anchor="middle">
          {formatPercent(tick)}
        </text>
        <text x={x(0) - 4} y={y(tick) + 4} text-anchor="end">
          {formatPercent(tick)}
        </text>
      </g>
    ))}
    <text x={x(0.5)} y={H - 6} text-anchor="middle">
      {t('across')}
    </text>
    <text transform={`translate(12 ${y(0.5)}) rotate(-90)`} text-anchor="middle">
      {t('up')}
    </text>
  </g>
);

/**
 * The 80/20 picture. The API gives one point of the cumulative curve over clients ranked by
 * contribution, the share of the top fifth; the curve runs from nothing to everything through
 * it, straight between the points known. The 80 % mark and the line of equal contribution are the
 * yardsticks the branch head reads it against.
 */
export const ParetoChart = ({ title, share }: { title: string; share: number }) => (
  <figure class="chart">
    <svg
      role="img"
      aria-label={t('described', { title, share: formatPercent(share) })}
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <Axes />
      <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#8795a4" stroke-dasharray="2 4" />
      <text x={x(0.62)} y={y(0.5)} font-size="11" fill="#4d5b6a">
        {t('equal')}
      </text>
      <line x1={x(0)} y1={y(0.8)} x2={x(1)} y2={y(0.8)} stroke="#8a5a00" stroke-dasharray="6 4" />
      <text x={x(1)} y={y(0.8) + 14} font-size="11" fill="#8a5a00" text-anchor="end">
        {t('mark')}
      </text>
      <line x1={x(0.2)} y1={y(0)} x2={x(0.2)} y2={y(share)} stroke="#8795a4" stroke-dasharray="2 3" />
      <polyline
        points={`${x(0)},${y(0)} ${x(0.2)},${y(share)} ${x(1)},${y(1)}`}
        fill="none"
        stroke="#0b4f8a"
        stroke-width="3"
      />
      <circle cx={x(0.2)} cy={y(share)} r={5} fill="#0b4f8a" />
      <text x={x(0.2) + 8} y={y(share) + (share > 0.85 ? 16 : -6)} font-size="13" font-weight="700" fill="#1d2733">
        {formatPercent(share)}
      </text>
    </svg>
  </figure>
);
