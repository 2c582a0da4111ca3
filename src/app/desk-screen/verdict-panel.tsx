// The verdict, big: colour, icon and words together (never colour alone), the reason in plain
// language, and what staff do next (confirm with counts, pick a suggestion, override).

import { useEffect, useState } from 'preact/hooks';
import { refusalKind, type Reason } from '../../core/reasons.ts';
import { isAdmission, type VenueSettings } from '../../core/venue.ts';
import type { EventStanding } from '../desk/desk-state.ts';
import type { VerdictView } from '../desk/desk-view.ts';
import { CountInput } from './count-input.tsx';
import { useI18n } from '../shared/i18n-context.ts';
import { reasonText } from './reason-text.ts';

interface Props {
  view: VerdictView;
  checkNo: number;
  busy: boolean;
  venue: VenueSettings | null;
  /** The chosen event's tickets left and today's card tickets, for the idle screen; null with no event. */
  standing: EventStanding | null;
  onConfirm(children: number, assistants: number): void;
  onOverride(children: number): void;
  onSuggestion(cardId: string): void;
}

// Shape and word as well as colour: a red ✕ in a circle refuses the person, an amber ! in a
// triangle says the desk or the venue has to act (choose an event, lower a count, override).
const ICON = { accepted: '✓', person: '✕', desk: '!', redeemed: '✓', idle: '' } as const;

// A code whose signature did not hold is never called "verified": say what was found.
const CODE_PROBLEM: Partial<Record<Reason, 'source.codeForged' | 'source.codeUnknownKey' | 'source.codeKeyNotValid'>> = {
  'bad-signature': 'source.codeForged',
  'unknown-key': 'source.codeUnknownKey',
  'key-not-valid': 'source.codeKeyNotValid',
};

export function VerdictPanel({ view, checkNo, busy, venue, standing, onConfirm, onOverride, onSuggestion }: Props) {
  const tr = useI18n();
  const { t } = tr;
  const [children, setChildren] = useState(0);
  const [assistants, setAssistants] = useState(0);
  const [printedChildren, setPrintedChildren] = useState(0);
  const cardKey = view.kind === 'idle' ? '' : `${view.check?.cardId}/${view.check?.source}`;
  // Counts start at 0 for every new card, and stay while the same card is corrected and confirmed.
  useEffect(() => {
    setChildren(0);
    setAssistants(0);
    setPrintedChildren(0);
  }, [cardKey, view.kind === 'redeemed']);

  const check = view.kind === 'idle' ? null : view.check;
  const confirmReason = view.kind === 'accepted' ? view.confirmReason : null;
  const shown = view.kind === 'accepted' && confirmReason ? 'rejected' : view.kind;
  const reason = view.kind === 'rejected' ? view.reason : confirmReason;
  const stale = check?.stale === true;
  const refusal = shown === 'rejected' && reason ? refusalKind(reason, view.kind === 'rejected' && view.overridable) : null;
  const look = shown === 'rejected' ? (refusal ?? 'person') : shown;
  const sourceKey = check?.source === 'code' && reason && CODE_PROBLEM[reason] ? CODE_PROBLEM[reason] : check?.source ? (`source.${check.source}` as const) : null;

  return (
    <section
      class={`verdict verdict-${shown}${refusal ? ` refusal-${refusal}` : ''}`}
      data-testid="verdict"
      data-verdict={view.kind === 'idle' ? '' : shown}
      data-reason={reason ?? ''}
      data-source={check?.source ?? ''}
      data-card-id={check?.cardId ?? ''}
      data-refusal={refusal ?? ''}
      data-stale={String(stale)}
      data-check={String(checkNo)}
      aria-live="assertive"
      aria-busy={busy}
    >
      <div class="verdict-head">
        {shown !== 'idle' && (
          <span class="verdict-icon" aria-hidden="true">
            {ICON[look]}
          </span>
        )}
        <h2 class="verdict-word">{shown === 'idle' ? t(busy ? 'verdict.checking' : 'verdict.idle') : t(refusal === 'desk' ? 'verdict.needs' : `verdict.${shown}`)}</h2>
      </div>
      {view.kind === 'idle' && !busy && <IdleFacts standing={standing} />}
      {check?.cardId && (
        <p class="verdict-card">
          <span class="card-id">{check.cardId}</span>
          {sourceKey && <span> · {t(sourceKey)}</span>}
          {stale && <span class="stale-note"> · {t('stale.short')}</span>}
        </p>
      )}
      {reason && (
        <p class="verdict-reason" data-share={view.kind === 'rejected' || view.kind === 'accepted' ? (view.share ? (view.share.heard ? 'spent' : 'none') : '') : ''}>
          {reasonText(tr, reason, check, venue, view.kind === 'rejected' || view.kind === 'accepted' ? view.ticketsLeft : null, view.kind === 'rejected' || view.kind === 'accepted' ? (view.share ?? null) : null)}
        </p>
      )}

      {view.kind === 'accepted' && (
        <form
          class="admit"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm(children, assistants);
          }}
        >
          <p class="card-facts">
            {t(view.check.kind === 1 ? 'kind.community' : 'kind.personal')} ·{' '}
            {view.check.kind === 1 ? t('children.community') : view.check.children ? t('children.admits', { n: view.check.children }) : t('children.none')}
          </p>
          <p class="tickets" data-testid="tickets-left" data-count={view.ticketsLeft === null ? '' : String(view.ticketsLeft)}>
            {view.ticketsLeft === null ? t('tickets.unlimited') : t('tickets.left', { n: tr.number(view.ticketsLeft) })}
          </p>
          <div class="counts">
            <CountInput id="children" testId="children" label={t('children.label')} value={children} max={view.check.kind === 1 ? 99 : 20} onChange={setChildren} />
            <CountInput id="assistants" testId="assistants" label={t('assistants.label')} value={assistants} max={9} onChange={setAssistants} />
          </div>
          <button type="submit" class="primary confirm" data-testid="confirm" disabled={busy}>
            {t('confirm')}
          </button>
        </form>
      )}

      {view.kind === 'rejected' && view.suggestions.length > 0 && (
        <div class="suggestions">
          {view.suggestions.map((id) => (
            <button type="button" key={id} data-testid="suggestion" data-card-id={id} onClick={() => onSuggestion(id)}>
              {t('suggestion', { id })}
            </button>
          ))}
        </div>
      )}

      {view.kind === 'rejected' && view.overridable && (
        <form
          class="override"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onOverride(printedChildren);
          }}
        >
          <CountInput id="printed-children" testId="override-children" label={t('override.children')} value={printedChildren} max={20} onChange={setPrintedChildren} />
          <button type="submit" class="secondary" data-testid="override" disabled={busy}>
            {t('override')}
          </button>
        </form>
      )}

      {view.kind === 'redeemed' && (
        <p class="card-facts">{t('redeemed.summary', { adults: view.record.adults, children: view.record.children, assistants: view.record.assistants })}</p>
      )}
    </section>
  );
}

// Before the first scan (and between cards): what the next card will be checked against.
function IdleFacts({ standing }: { standing: EventStanding | null }) {
  const tr = useI18n();
  const { t } = tr;
  if (!standing) {
    return (
      <p class="idle-prompt" data-testid="idle-choose-event">
        {t('idle.chooseEvent')}
      </p>
    );
  }
  const { event } = standing;
  const n = (left: number | null) => (left === null ? t('idle.noLimit') : tr.number(left));
  const admission = isAdmission(event.id);
  return (
    <div class="idle-facts" data-testid="idle-facts">
      <p class="idle-event">
        <strong>{admission ? t('event.admission') : event.title}</strong>
        {' · '}
        {tr.day(event.day)}
        {admission ? '' : ` · ${t('idle.startsAt', { start: event.start })}`}
      </p>
      <ul>
        <li data-testid="idle-event-left">{t('idle.eventLeft', { n: n(standing.eventLeft) })}</li>
        {standing.held !== null && (
          <li data-testid="idle-share" data-held={String(standing.held)} data-heard={String(standing.heldHeard)}>
            {t('shares.held', { n: tr.number(standing.held) })}
          </li>
        )}
        <li data-testid="idle-day-left">{t('idle.dayLeft', { n: n(standing.dayLeft) })}</li>
        <li data-testid="idle-today">{t('idle.today', { n: tr.number(standing.dayTickets) })}</li>
      </ul>
    </div>
  );
}
