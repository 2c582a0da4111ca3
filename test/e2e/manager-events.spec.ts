// A manager edits the events against the reference server; a desk of the venue sees them.

import { expect, test } from '@playwright/test';
import { NOW } from '../support/desk-fixture.ts';
import { addEvent, openEditor, save } from './support/manager-steps.ts';
import { serverSettings, serverVenue } from './support/reference-server.ts';

test('a manager creates, edits, copies and deletes events; a desk sees them after its refresh', async ({ browser }) => {
  const v = await serverVenue();
  const managerContext = await browser.newContext();
  const manager = await managerContext.newPage();
  await openEditor(manager, v.venueId);

  // The week of 2026-11-22 (Mon 16 – Sun 22 Nov) shows today's events.
  await expect(manager.getByTestId('week-label')).toContainText('16 Nov 2026');
  await expect(manager.locator('[data-event-id="hamlet"]')).toBeVisible();

  await addEvent(manager, { title: 'Kevätkonsertti', date: '2026-11-22', start: '18:00', quota: '20' });
  await expect(manager.locator('[data-event-id="kevatkonsertti-2026-11-22"]')).toContainText('18:00 Kevätkonsertti');
  // Edit: quota 25, excluded off; delete the premiere; copy the concert to the next week.
  await manager.locator('[data-event-id="kevatkonsertti-2026-11-22"]').getByTestId('event-edit').click();
  await manager.getByTestId('event-quota').fill('25');
  await manager.getByTestId('event-done').click();
  await manager.locator('[data-event-id="premiere"]').getByTestId('event-delete').click();
  await manager.locator('[data-event-id="kevatkonsertti-2026-11-22"]').getByTestId('event-copy').click();
  await manager.getByTestId('copy-date').fill('2026-11-29');
  await manager.getByTestId('copy-add').click();
  await manager.getByTestId('copy-do').click();
  await manager.getByTestId('week-next').click();
  await expect(manager.locator('[data-event-id="kevatkonsertti-2026-11-29"]')).toBeVisible();

  await save(manager);
  await expect(manager.getByTestId('save-status')).toHaveAttribute('data-status', 'saved');
  const held = await serverSettings(v.venueId);
  expect(held.events.find((e) => e.id === 'kevatkonsertti-2026-11-22')).toMatchObject({ title: 'Kevätkonsertti', start: '18:00', quota: 25, day: 20779 });
  expect(held.events.find((e) => e.id === 'kevatkonsertti-2026-11-29')).toMatchObject({ day: 20786 });
  expect(held.events.some((e) => e.id === 'premiere')).toBe(false);

  // A desk of the venue: after a reload (its refresh), the new event is in its event list.
  const deskContext = await browser.newContext();
  const desk = await deskContext.newPage();
  await desk.clock.setFixedTime(NOW);
  await desk.goto('/');
  await desk.getByTestId('enrol-code').fill(v.deskCode());
  await desk.getByTestId('enrol-submit').click();
  await expect(desk.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  await desk.reload();
  await expect(desk.getByTestId('event').locator('option[value="kevatkonsertti-2026-11-22"]')).toHaveCount(1);
  await expect(desk.getByTestId('event').locator('option[value="premiere"]')).toHaveCount(0);
  await managerContext.close();
  await deskContext.close();
});
