// The last few checks at this desk, newest first: what just happened, for the person who asks
// "did my card go through?" after the screen has moved on.

import type { RecentCheck } from '../desk/recent-list.ts';
import { useI18n } from '../shared/i18n-context.ts';

export function RecentChecks({ recent }: { recent: RecentCheck[] }) {
  const tr = useI18n();
  const { t } = tr;
  if (recent.length === 0) return null;
  return (
    <section class="recent" aria-label={t('recent.heading')}>
      <h2>{t('recent.heading')}</h2>
      <ol data-testid="recent-checks">
        {recent.map((r) => (
          <li key={r.checkNo} class={`recent-${r.kind}`} data-kind={r.kind} data-reason={r.reason ?? ''}>
            <span class="recent-time">{tr.time(r.atMs)}</span> <span class="card-id">{r.cardId ?? '—'}</span>{' '}
            <span>{t(`recent.${r.kind}`)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
