// The statistics screen's texts, loaded with it and kept out of the first screen's JavaScript. The
// screen shows the report's words too (categories, reasons, columns), so the settings texts come along.

import type { StatsMessages } from './stats-en.ts';
import type { Language, Translator } from './translate.ts';
import { translator, withSettingsTexts } from './translate.ts';

const STATS: Record<Language, () => Promise<StatsMessages>> = {
  fi: () => import('./stats-fi.ts').then((m) => m.statsFi),
  sv: () => import('./stats-sv.ts').then((m) => m.statsSv),
  en: () => import('./stats-en.ts').then((m) => m.statsEn),
};

/** The same language with the statistics screen's texts and the settings screen's it shares. */
export async function withStatsTexts(tr: Translator): Promise<Translator> {
  const [withSettings, stats] = await Promise.all([withSettingsTexts(tr), STATS[tr.language]()]);
  return translator(tr.language, { ...withSettings.messages, ...stats });
}
