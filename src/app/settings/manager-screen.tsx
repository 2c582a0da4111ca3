// The venue's settings as this desk knows them, its offline data and its enrolment. A desk device
// sees them read-only; changing them belongs to a manager device behind its PIN.

import { useMemo, useState } from 'preact/hooks';
import type { TrustBundle } from '../../core/bundle.ts';
import { helsinkiDay } from '../../core/calendar.ts';
import type { VenueSettings } from '../../core/venue.ts';
import type { VenueDeviceState } from '../../storage/desk-store.ts';
import { reportRecords } from '../records/record-tools.ts';
import type { DeskSession } from '../desk/desk-session.ts';
import type { SessionDeps } from '../desk/session-deps.ts';
import { ManagerGate } from '../manager/manager-gate.tsx';
import { SharesPanel, loadShares } from '../manager/shares-panel.tsx';
import { VenueEditor } from '../manager/venue-editor.tsx';
import { RecordsPanel } from '../records/records-panel.tsx';
import { ReportPanel } from '../report/report-panel.tsx';
import { JsonFilePicker } from '../shared/json-file-picker.tsx';
import { useI18n } from '../shared/i18n-context.ts';

// How long a verdict stays on the desk: a preference of this device, not a venue limit.
const CLEAR_CHOICES = [5, 10, 15, 30, 60, 0] as const;

function ClearAfterSelect({ session }: { session: DeskSession }) {
  const tr = useI18n();
  const { t } = tr;
  const [value, setValue] = useState(session.snapshot.clearAfterS);
  return (
    <label class="field">
      <span>{t('clear.label')}</span>
      <select
        data-testid="clear-after"
        value={String(value)}
        onChange={(e) => {
          const n = Number((e.currentTarget as HTMLSelectElement).value);
          setValue(n);
          void session.setClearAfter(n);
        }}
      >
        {CLEAR_CHOICES.map((n) => (
          <option key={n} value={String(n)}>
            {n === 0 ? t('clear.never') : t('clear.seconds', { n })}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What the settings screen's parts work with, handed in by src/app/main.tsx (never reached through the session). */
export type SettingsDeps = Pick<SessionDeps, 'store' | 'fetch' | 'now' | 'random'>;

interface Props {
  venue: VenueSettings | null;
  bundle: TrustBundle | null;
  device: VenueDeviceState | null;
  session: DeskSession;
  deps: SettingsDeps;
  attentionCount: number;
  onBundleFile(text: string): void;
  onClose(): void;
  /** The venue's statistics (GET /v1/stats), behind the PIN on a manager device. */
  onStats(): void;
  /** A forgotten PIN: enrol the device again (every record is kept). */
  onReenrol(): void;
}

export function ManagerScreen(props: Props) {
  const { device, session, deps } = props;
  const { t } = useI18n();
  // A manager device: the editor behind the PIN, locked again when the screen is left (unmounted).
  if (device?.role !== 'manager') return <SettingsScreen {...props} />;
  return (
    <main class="manager">
      <h1>{t('manager.heading')}</h1>
      <ManagerGate deps={deps} deviceId={device.deviceId} onReenrol={props.onReenrol}>
        <VenueEditor session={session} deps={deps} venue={props.venue} today={session.clock.today()} />
        <SharesPanel device={device} deps={deps} venue={props.venue} today={session.clock.today()} />
        <SettingsScreen {...props} editing />
      </ManagerGate>
      {/* The gate hides the rest until the PIN is given; the way back is always there. */}
      <button type="button" class="secondary" data-testid="manager-close-locked" onClick={props.onClose}>
        {t('manager.close')}
      </button>
    </main>
  );
}

function SettingsScreen({ venue, bundle, device, session, deps, attentionCount, onBundleFile, onClose, onStats, editing = false }: Props & { editing?: boolean }) {
  const tr = useI18n();
  // One reader for as long as the screen is open: the report loads again only when its period or the venue changes.
  const loadRecords = useMemo(() => (fromDay: number, toDay: number) => reportRecords(session, deps, fromDay, toDay), [session, deps]);
  // The desks' shares come from the server: the report shows them when it can be reached.
  const loadShareFigures = useMemo(
    () => async (fromDay: number) => {
      const got = device ? await loadShares(device, deps.fetch, fromDay) : null;
      return got?.state === 'ready' ? got.pools : null;
    },
    [device, deps],
  );
  const { t } = tr;
  const yes = (b: boolean) => t(b ? 'manager.yes' : 'manager.no');
  const Root = editing ? 'div' : 'main';
  return (
    <Root class="manager">
      {!editing && <h1>{t('manager.heading')}</h1>}
      {!editing && <p>{t('manager.readOnly')}</p>}
      {venue && !editing && (
        <dl>
          <dt>{t('manager.venue')}</dt>
          <dd>{venue.name}</dd>
          <dt>{t('manager.dayQuota')}</dt>
          <dd>{venue.dayQuota ?? t('manager.unlimited')}</dd>
          <dt>{t('manager.perCard')}</dt>
          <dd>{venue.perCard ? `${venue.perCard.max} ${t(`window.${venue.perCard.window}`)}` : t('manager.unlimited')}</dd>
          <dt>{t('manager.allowOverride')}</dt>
          <dd>{yes(venue.allowOverride)}</dd>
          <dt>{t('manager.fastMode')}</dt>
          <dd>{yes(venue.fastMode)}</dd>
        </dl>
      )}
      <h2>{t('manager.offlineData')}</h2>
      <p>
        {bundle
          ? t('manager.bundleInfo', { serial: bundle.serial, date: tr.day(helsinkiDay(bundle.issuedAtMs)), keys: bundle.keys.size, cards: tr.number(bundle.register.count) })
          : t('bundle.noneYet')}
      </p>
      <JsonFilePicker label={t('bundle.load')} testId="bundle-file" onText={onBundleFile} />
      {/* A desk device keeps what protects the records (needs attention, the JSON hand-over); the
          venue's figures and the register-form CSV are the manager's, behind the PIN (docs/desk.md). */}
      <RecordsPanel session={session} deps={deps} attentionCount={attentionCount} withCsv={editing} />
      {editing && <ReportPanel venue={venue} loadRecords={loadRecords} loadShares={loadShareFigures} />}
      {editing && (
        <section aria-labelledby="stats-link-heading">
          <h2 id="stats-link-heading">{t('manager.stats')}</h2>
          <p>{t('manager.statsIntro')}</p>
          <button type="button" class="secondary" data-testid="open-stats" onClick={onStats}>
            {t('manager.openStats')}
          </button>
        </section>
      )}
      {device && (
        <>
          <h2>{t('manager.device')}</h2>
          <p>{t('manager.deviceInfo', { name: device.deviceName, role: device.role, venue: device.venueId })}</p>
        </>
      )}
      <ClearAfterSelect session={session} />
      {!editing && (
        <button type="button" class="primary" onClick={onClose}>
          {t('manager.close')}
        </button>
      )}
    </Root>
  );
}
