// English texts of the statistics screen (a coordinator's locality, a manager's venue), loaded with
// it. The Finnish and Swedish catalogues must have every key (checked by the compiler).

export const statsEn = {
  'stats.heading': 'Statistics',
  'stats.scope.locality': 'Locality: {id}',
  'stats.scope.venue': 'Venue: {name}',
  'stats.period': 'Period',
  'stats.period.thisYear': 'This year so far',
  'stats.period.lastYear': 'Last year',
  'stats.period.month': 'One month',
  'stats.period.custom': 'From – to',
  'stats.month': 'Month',
  'stats.from': 'From',
  'stats.to': 'To',
  'stats.showing': '{from} – {to}',
  'stats.loading': 'Fetching the figures…',
  'stats.problem.bad-date': 'Choose a start date and an end date.',
  'stats.problem.reversed': 'The start date must be on or before the end date.',
  'stats.problem.too-long': 'A period may be at most {days} days: choose a shorter one.',
  'stats.error.offline': 'No connection to the server. The statistics come from the server: try again when the network is back.',
  'stats.error.unauthorized': 'The server no longer accepts this device. Enrol it again with a new code.',
  'stats.error.forbidden': 'This device may not read the statistics.',
  'stats.error.failed': 'The figures could not be fetched ({error}).',
  'stats.retry': 'Try again',
  'stats.reenrol': 'Enrol again',
  'stats.empty': 'No uses and no declines in this period.',
  'stats.totals': 'Totals',
  'stats.byVenue': 'Uses by venue',
  'stats.byMonth': 'Uses by month',
  'stats.venue': 'Venue',
  'stats.cards': 'Distinct cards',
  'stats.rows': 'Figures by venue, month and category',
  'stats.rowsNote': 'Distinct cards are counted for each venue, month, category and type: a card used in two months counts once in each, so they are not added up.',
  'stats.noRows': 'No uses in this period.',
  'stats.csv': 'Download CSV for the support service',
  'stats.print': 'Print',
  'stats.close': 'Back to the desk',
  'stats.summary.byVenue': '{uses} {uses|use|uses} at {venues} {venues|venue|venues}. Most at {top}: {n}.',
  'stats.summary.byMonth': '{uses} {uses|use|uses} in {months} {months|month|months}. Most in {top}: {n}.',
} as const;

export type StatsKey = keyof typeof statsEn;
export type StatsMessages = Record<StatsKey, string>;
