import { describe, expect, it } from 'vitest';
import { en } from '../../src/app/i18n/en.ts';
import { fi } from '../../src/app/i18n/fi.ts';
import { sv } from '../../src/app/i18n/sv.ts';
import { settingsEn } from '../../src/app/i18n/settings-en.ts';
import { settingsFi } from '../../src/app/i18n/settings-fi.ts';
import { settingsSv } from '../../src/app/i18n/settings-sv.ts';
import { translator } from '../../src/app/i18n/translate.ts';

const EN = translator('en', { ...en, ...settingsEn });
const FI = translator('fi', { ...fi, ...settingsFi });
const SV = translator('sv', { ...sv, ...settingsSv });

describe('plural words follow the language, not "1 times"', () => {
  it('English', () => {
    expect(EN.t('tickets.left', { n: 1 })).toBe('1 card ticket left');
    expect(EN.t('tickets.left', { n: 3 })).toBe('3 card tickets left');
    expect(EN.t('reason.card-limit', { max: 1, window: 'this week' })).toBe('This card has already been used 1 time this week.');
    expect(EN.t('children.admits', { n: 1 })).toBe('Admits up to 1 child');
  });

  it('Finnish', () => {
    expect(FI.t('tickets.left', { n: 1 })).toBe('1 korttilippu jäljellä');
    expect(FI.t('tickets.left', { n: 2 })).toBe('2 korttilippua jäljellä');
    expect(FI.t('manager.bundleInfo', { serial: 42, date: '1.12.2026', keys: 1, cards: 2 })).toContain('1 myöntäjäavain, 2 korttia');
    expect(FI.t('redeemed.summary', { adults: 1, children: 1, assistants: 0 })).toBe('1 aikuinen, 1 lapsi, 0 avustajaa');
  });

  it('Swedish', () => {
    expect(SV.t('manager.bundleInfo', { serial: 42, date: '1.12.2026', keys: 1, cards: 5 })).toContain('1 utfärdarnyckel, 5 kort');
    expect(SV.t('tickets.left', { n: 1 })).toBe('1 kortbiljett kvar');
  });

  it('counts a number given already formatted, with a thin space between thousands', () => {
    expect(FI.t('tickets.left', { n: FI.number(1234) })).toBe(`${FI.number(1234)} korttilippua jäljellä`);
  });

  it('leaves a parameter it was not given as it is', () => {
    expect(EN.t('tickets.left', {})).toBe('{n} card {n|ticket|tickets} left');
  });
});
