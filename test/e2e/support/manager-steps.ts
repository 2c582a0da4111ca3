// Steps of the manager's settings screen shared by the manager-* browser tests.

import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';
import { NOW } from '../../support/desk-fixture.ts';
import { managerCode } from './reference-server.ts';

/** Enrols a manager device, sets its PIN and opens the editor. */
export async function openEditor(page: Page, venueId: string, pin = '2468'): Promise<void> {
  await page.clock.setFixedTime(NOW);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill(managerCode(venueId));
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await page.getByTestId('manager').click();
  await page.getByTestId('pin-new').fill(pin);
  await page.getByTestId('pin-again').fill(pin);
  await page.getByTestId('pin-set').click();
  await expect(page.getByTestId('editor')).toBeVisible();
}

export async function addEvent(page: Page, e: { title: string; date: string; start: string; quota?: string }): Promise<void> {
  await page.getByTestId('event-new').click();
  await page.getByTestId('event-title').fill(e.title);
  await page.getByTestId('event-date').fill(e.date);
  await page.getByTestId('event-start').fill(e.start);
  if (e.quota !== undefined) await page.getByTestId('event-quota').fill(e.quota);
  await page.getByTestId('event-done').click();
}

export async function save(page: Page): Promise<void> {
  await page.getByTestId('venue-save').click();
}
