import { SERVICE_MEASURES } from '@crm/read-models';
import { arrayOf, integer, nullable, number, object, oneOf, text, type Schema } from './schema-kit';

/** `GET /v1/internal-service-levels`. */
export const INTERNAL_SERVICE_LEVELS_SCHEMA: Schema = object({
  from: text('First day of the window (YYYY-MM-DD on the bank’s calendar), included', { format: 'date' }),
  to: text('Last day of the window, included', { format: 'date' }),
  timeZone: text('BANK_TIME_ZONE, which the days are read in'),
  items: arrayOf(
    object({
      departmentId: text(),
      name: text(),
      kind: nullable(
        text('The directory’s kind; null for a department the log names but the directory no longer holds'),
      ),
      measures: arrayOf(
        object({
          measure: oneOf(SERVICE_MEASURES),
          completed: integer('Work of this kind finished in the window, whenever it started'),
          p50Hours: nullable(number('Hours from start to finish, 50th percentile (nearest rank), two decimals')),
          p90Hours: nullable(number('Hours from start to finish, 90th percentile (nearest rank), two decimals')),
          targetHours: nullable(
            integer('The configured target for work without a deadline of its own; null where none is configured'),
          ),
          withTarget: integer('Finished work with a deadline: its own (complaints, risk cases) or start + targetHours'),
          withinTarget: integer('Of those, the ones finished at or before it'),
          withinTargetShare: nullable(number('withinTarget / withTarget; null when withTarget is 0')),
        }),
        'Measures with work finished in the window, in a fixed order',
      ),
      satisfaction: object(
        {
          ratings: integer('Ratings given in the window'),
          averageScore: nullable(number('Mean score 1–5, two decimals; null without ratings')),
          satisfiedShare: nullable(number('Share of ratings of 4 or 5; null without ratings')),
        },
        'Managers’ ratings of the department’s service',
      ),
    }),
    'Every configured department in the directory’s order, then any other the work names',
  ),
});
