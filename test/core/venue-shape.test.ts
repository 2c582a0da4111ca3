import { describe, expect, it } from 'vitest';
import { CATEGORIES, EVENT_TYPES, WINDOWS, type VenueSettings } from '../../src/core/venue.ts';
import { venueProblem } from '../../src/core/venue-shape.ts';
import { aVenue, anEvent } from '../support/venues.ts';

// The example of venue-limits.md.
const venue: VenueSettings = {
  venueId: 'espoo-theatre',
  name: 'Espoon teatteri',
  defaultCategory: 'culture',
  allowOverride: true,
  fastMode: false,
  perCard: { max: 1, window: 'event' },
  dayQuota: 40,
  events: [{ id: 'hamlet-2026-11-22', title: 'Hamlet', day: 20779, start: '19:00', category: 'culture', type: 'ticket', quota: 10, excluded: false }],
};
const event = venue.events[0]!;

describe('venueProblem', () => {
  it('accepts the example, and the nulls the settings allow', () => {
    expect(venueProblem(venue)).toBeNull();
    expect(venueProblem({ ...venue, perCard: null, dayQuota: null, events: [{ ...event, quota: null }] })).toBeNull();
    expect(venueProblem({ ...venue, events: [] })).toBeNull();
  });

  it.each([
    [[], 'must be a JSON object'],
    [{ ...venue, extra: 1 }, '"extra" is not a field'],
    [{ ...venue, venueId: 'a b' }, '"venueId"'],
    [{ ...venue, name: ' ' }, '"name"'],
    [{ ...venue, defaultCategory: 'music' }, '"defaultCategory"'],
    [{ ...venue, allowOverride: 'yes' }, '"allowOverride"'],
    [{ ...venue, fastMode: 1 }, '"fastMode"'],
    [{ ...venue, perCard: { max: 0, window: 'day' } }, '"perCard.max"'],
    [{ ...venue, perCard: { max: 1, window: 'year' } }, '"perCard.window"'],
    [{ ...venue, perCard: { max: 1 } }, '"perCard"'],
    [{ ...venue, dayQuota: -1 }, '"dayQuota"'],
    [{ ...venue, events: {} }, '"events"'],
    [{ ...venue, events: [{ ...event, start: '7pm' }] }, 'event 1: "start"'],
    [{ ...venue, events: [{ ...event, day: 1.5 }] }, 'event 1: "day"'],
    [{ ...venue, events: [{ ...event, type: 'concert' }] }, 'event 1: "type"'],
    [{ ...venue, events: [{ ...event, excluded: 'no' }] }, 'event 1: "excluded"'],
    [{ ...venue, events: [event, { ...event, title: 'Again' }] }, 'listed twice'],
    [{ ...venue, events: [{ ...event, id: 'admission-2026-11-22' }] }, 'admission-'],
  ])('refuses %j naming the field', (value, message) => {
    expect(venueProblem(value)).toContain(message);
  });

  it('names a missing field', () => {
    const { dayQuota: _, ...rest } = venue;
    expect(venueProblem(rest)).toBe('"dayQuota" is missing');
  });
});

// What a manager can get wrong in the settings, and the exact refusal the settings page and the
// server show for it: every refusal names the field (and for an event, which event).
const CATEGORY_LIST = 'culture, education, science, sports';
const VENUE_ID_RULE = '"venueId" must be 1-64 characters of letters, digits, ".", "_" and "-"';
const NAME_RULE = '"name" must be text of 1-200 characters';
const PER_CARD_SHAPE = '"perCard" must be null or {"max", "window"}';
const PER_CARD_MAX = '"perCard.max" must be a whole number of 1-1000';
const DAY_QUOTA_RULE = '"dayQuota" must be null or a whole number of 0-100000';
const ID_RULE = 'event 1: "id" must be text of 1-128 characters';
const TITLE_RULE = 'event 1: "title" must be text of 1-200 characters';
const DAY_RULE = 'event 1: "day" must be a day number';
const START_RULE = 'event 1: "start" must be a time like 19:00';
const QUOTA_RULE = 'event 1: "quota" must be null or a whole number of 0-100000';

/** The example venue with one setting changed to anything, even what the types forbid. */
const venueWith = (change: Record<string, unknown>): unknown => ({ ...aVenue(), ...change });
/** The example venue listing these events. */
const venueListing = (...events: unknown[]): unknown => ({ ...aVenue(), events });
/** The example event with one field changed to anything. */
const eventWith = (change: Record<string, unknown>): unknown => ({ ...anEvent(), ...change });
/** An object without one of its fields. */
const without = (o: object, field: string): unknown => Object.fromEntries(Object.entries(o).filter(([k]) => k !== field));
/** n valid events with different ids. */
const manyEvents = (n: number) => Array.from({ length: n }, (_, i) => anEvent({ id: `show-${i}` }));

describe('venue settings a manager saves', () => {
  it.each([
    ['nothing (null)', null],
    ['a text', 'espoo-theatre'],
    ['a number', 42],
    ['a list', [aVenue()]],
    ['true', true],
  ])('refuses %s instead of settings', (_, value) => {
    expect(venueProblem(value)).toBe('the settings must be a JSON object');
  });

  it.each([
    ['a venue id that is a number', venueWith({ venueId: 42 }), VENUE_ID_RULE],
    ['a venue id given as a list', venueWith({ venueId: ['espoo-theatre'] }), VENUE_ID_RULE],
    ['an empty venue id', venueWith({ venueId: '' }), VENUE_ID_RULE],
    ['a venue id starting with "-"', venueWith({ venueId: '-espoo' }), VENUE_ID_RULE],
    ['a venue id with a space in front', venueWith({ venueId: ' espoo' }), VENUE_ID_RULE],
    ['a venue id ending in "!"', venueWith({ venueId: 'espoo-theatre!' }), VENUE_ID_RULE],
    ['a venue id of 65 characters', venueWith({ venueId: 'a'.repeat(65) }), VENUE_ID_RULE],
    ['a name that is a number', venueWith({ name: 5 }), NAME_RULE],
    ['an empty name', venueWith({ name: '' }), NAME_RULE],
    ['a name of spaces', venueWith({ name: '   ' }), NAME_RULE],
    ['a name of 201 characters', venueWith({ name: 'x'.repeat(201) }), NAME_RULE],
    ['an unknown default category', venueWith({ defaultCategory: 'music' }), `"defaultCategory" must be one of ${CATEGORY_LIST}`],
    ['allowOverride as text', venueWith({ allowOverride: 'yes' }), '"allowOverride" must be true or false'],
    ['fastMode as a number', venueWith({ fastMode: 1 }), '"fastMode" must be true or false'],
    ['a per-card limit given as text', venueWith({ perCard: 'event' }), PER_CARD_SHAPE],
    ['a per-card limit given as a list', venueWith({ perCard: [1, 'event'] }), PER_CARD_SHAPE],
    ['a per-card limit without its window', venueWith({ perCard: { max: 1 } }), PER_CARD_SHAPE],
    ['a per-card limit with a field too many', venueWith({ perCard: { max: 1, window: 'day', per: 'card' } }), PER_CARD_SHAPE],
    ['a per-card max as text', venueWith({ perCard: { max: '5', window: 'day' } }), PER_CARD_MAX],
    ['a per-card max of 1.5', venueWith({ perCard: { max: 1.5, window: 'day' } }), PER_CARD_MAX],
    ['a per-card max of 0', venueWith({ perCard: { max: 0, window: 'day' } }), PER_CARD_MAX],
    ['a per-card max of 1001', venueWith({ perCard: { max: 1001, window: 'day' } }), PER_CARD_MAX],
    ['a per-card window of a year', venueWith({ perCard: { max: 1, window: 'year' } }), '"perCard.window" must be one of event, day, week, month'],
    ['a day quota below 0', venueWith({ dayQuota: -1 }), DAY_QUOTA_RULE],
    ['a day quota of 1.5', venueWith({ dayQuota: 1.5 }), DAY_QUOTA_RULE],
    ['a day quota over 100000', venueWith({ dayQuota: 100_001 }), DAY_QUOTA_RULE],
    ['a day quota as text', venueWith({ dayQuota: '40' }), DAY_QUOTA_RULE],
    ['events that are not a list', venueWith({ events: {} }), '"events" must be a list'],
  ])('refuses %s, naming the field', (_, value, message) => {
    expect(venueProblem(value)).toBe(message);
  });

  it.each([
    ['the shortest venue id (one letter)', venueWith({ venueId: 'a' })],
    ['a venue id of 64 characters', venueWith({ venueId: 'a'.repeat(64) })],
    ['a venue id of every allowed kind of character', venueWith({ venueId: 'Espoo9.main_hall-2' })],
    ['a name of 200 characters', venueWith({ name: 'x'.repeat(200) })],
    ['a per-card max of 1000', venueWith({ perCard: { max: 1000, window: 'month' } })],
    ['a day quota of 0 (no card tickets that day)', venueWith({ dayQuota: 0 })],
    ['a day quota of 100000', venueWith({ dayQuota: 100_000 })],
  ])('accepts %s', (_, value) => {
    expect(venueProblem(value)).toBeNull();
  });

  it('accepts every category, per-card window and event type', () => {
    for (const category of CATEGORIES) expect(venueProblem(venueWith({ defaultCategory: category }))).toBeNull();
    for (const window of WINDOWS) expect(venueProblem(venueWith({ perCard: { max: 2, window } }))).toBeNull();
    for (const category of CATEGORIES) expect(venueProblem(venueListing(anEvent({ category })))).toBeNull();
    for (const type of EVENT_TYPES) expect(venueProblem(venueListing(anEvent({ type })))).toBeNull();
  });

  it('accepts 5000 events and refuses 5001, naming the limit', () => {
    expect(venueProblem(venueListing(...manyEvents(5000)))).toBeNull();
    expect(venueProblem(venueListing(...manyEvents(5001)))).toBe('"events" may hold at most 5000 events');
  });
});

describe('events in the venue settings', () => {
  it.each([
    ['nothing (null)', null],
    ['a text', 'hamlet-2026-11-22'],
    ['a list', [anEvent()]],
  ])('refuses an event that is %s, naming the event', (_, event) => {
    expect(venueProblem(venueListing(event))).toBe('event 1: must be an object');
  });

  it('counts events from 1 when naming the broken one', () => {
    expect(venueProblem(venueListing(anEvent(), null))).toBe('event 2: must be an object');
    expect(venueProblem(venueListing(anEvent(), eventWith({ id: 'macbeth', title: '' })))).toBe('event 2: "title" must be text of 1-200 characters');
  });

  it('refuses an event with a field too many or one missing, naming the field', () => {
    expect(venueProblem(venueListing(eventWith({ price: 5 })))).toBe('event 1: "price" is not a field of the settings');
    expect(venueProblem(venueListing(without(anEvent(), 'excluded')))).toBe('event 1: "excluded" is missing');
  });

  it.each([
    ['an id that is a number', { id: 5 }, ID_RULE],
    ['an empty id', { id: '' }, ID_RULE],
    ['an id of 129 characters', { id: 'x'.repeat(129) }, ID_RULE],
    ['an id of a daily admission', { id: 'admission-2026-11-22' }, 'event 1: "id" must not start with "admission-" (daily admissions exist without settings)'],
    ['a title that is a number', { title: 5 }, TITLE_RULE],
    ['an empty title', { title: '' }, TITLE_RULE],
    ['a title of spaces', { title: '   ' }, TITLE_RULE],
    ['a title of 201 characters', { title: 'x'.repeat(201) }, TITLE_RULE],
    ['a day as text', { day: '20779' }, DAY_RULE],
    ['a day of 1.5', { day: 1.5 }, DAY_RULE],
    ['a day before day 0', { day: -1 }, DAY_RULE],
    ['a day past 65535', { day: 0x10000 }, DAY_RULE],
    ['a start as a number', { start: 1900 }, START_RULE],
    ['a start given as a list', { start: ['19:00'] }, START_RULE],
    ['a start of "7pm"', { start: '7pm' }, START_RULE],
    ['a start of "24:00"', { start: '24:00' }, START_RULE],
    ['a start of "19:60"', { start: '19:60' }, START_RULE],
    ['a start without its leading zero', { start: '9:00' }, START_RULE],
    ['a start with text in front', { start: 'at 19:00' }, START_RULE],
    ['a start with text after', { start: '19:00 sharp' }, START_RULE],
    ['an unknown category', { category: 'music' }, `event 1: "category" must be one of ${CATEGORY_LIST}`],
    ['an unknown type', { type: 'concert' }, 'event 1: "type" must be one of ticket, course, season'],
    ['a quota below 0', { quota: -1 }, QUOTA_RULE],
    ['a quota of 1.5', { quota: 1.5 }, QUOTA_RULE],
    ['a quota over 100000', { quota: 100_001 }, QUOTA_RULE],
    ['a quota as text', { quota: '10' }, QUOTA_RULE],
    ['excluded as text', { excluded: 'no' }, 'event 1: "excluded" must be true or false'],
  ])('refuses an event with %s, naming the event and the field', (_, change, message) => {
    expect(venueProblem(venueListing(eventWith(change)))).toBe(message);
  });

  it.each([
    ['a one-character id', { id: 'x' }],
    ['an id of 128 characters', { id: 'x'.repeat(128) }],
    ['a title of 200 characters', { title: 'x'.repeat(200) }],
    ['day 0', { day: 0 }],
    ['day 65535', { day: 0xffff }],
    ['a start at midnight', { start: '00:00' }],
    ['a start in the morning', { start: '09:05' }],
    ['a start at 20:00', { start: '20:00' }],
    ['a start at 23:59', { start: '23:59' }],
    ['a quota of 0 (no card tickets)', { quota: 0 }],
    ['a quota of 100000', { quota: 100_000 }],
    ['no quota of its own', { quota: null }],
    ['excluded', { excluded: true }],
  ])('accepts an event with %s', (_, change) => {
    expect(venueProblem(venueListing(eventWith(change)))).toBeNull();
  });

  it('refuses an event listed twice, naming it', () => {
    expect(venueProblem(venueListing(anEvent(), anEvent({ title: 'Hamlet again' })))).toBe('event "hamlet-2026-11-22" is listed twice');
  });
});
